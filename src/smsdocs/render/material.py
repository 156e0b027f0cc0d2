"""The site's writer: the document model as the Markdown Material for MkDocs reads.

Its output is read only by the site engine; the exports write the same blocks with their own
writer (:mod:`smsdocs.export.ast`) and never read this one's.
"""

from __future__ import annotations

from collections.abc import Iterable

from smsdocs.model import Scope
from smsdocs.render import doc
from smsdocs.render.blocks import listing, record, table
from smsdocs.render.links import Links, address, linked, linked_all
from smsdocs.render.text import code, markdown, text


def href(target: doc.Ref | doc.Url, page: str) -> str:
    """Where a link from ``page`` (relative to docs/) to ``target`` points: a relative path,
    percent-encoded (a chapter's file name may hold '#', '?', '%' or a space), and the anchor."""
    if isinstance(target, doc.Url):
        return target.href
    return address(target.page, target.fragment, page)


def inlines(content: Iterable[doc.Inline], page: str) -> str:
    """Inline content as Markdown, links relative to ``page``."""
    return "".join(_inline(item, page) for item in content)


def _inline(item: doc.Inline, page: str) -> str:
    if isinstance(item, doc.Text):
        return text(item.value)
    if isinstance(item, doc.Words):
        return item.value
    if isinstance(item, doc.Strong):
        return f"**{inlines(item.content, page)}**"
    if isinstance(item, doc.Emph):
        return f"*{inlines(item.content, page)}*"
    if isinstance(item, doc.Code):
        return code(item.value)
    if isinstance(item, doc.Link):
        return f"[{inlines(item.content, page)}]({href(item.target, page)})"
    if isinstance(item, doc.Anchor):
        return f'<span id="{item.id}">{inlines(item.content, page)}</span>'
    if isinstance(item, doc.Image):
        return f"![{inlines(item.alt, page)}]({href(item.target, page)})"
    return markdown(item.value)


def blocks(content: Iterable[doc.Block], page: str) -> str:
    """Blocks as Markdown, each ending in a line end, a blank line between them."""
    return "\n".join(block(item, page) for item in content)


def block(item: doc.Block, page: str) -> str:
    """One block as Markdown, ending in a line end."""
    if isinstance(item, doc.Heading):
        anchor = f" {{#{item.id}}}" if item.id else ""
        return f"{'#' * item.level} {inlines(item.content, page)}{anchor}\n"
    if isinstance(item, doc.Paragraph):
        return inlines(item.content, page) + "\n"
    if isinstance(item, doc.Table):
        return table(
            [inlines(h, page) for h in item.headers],
            ([inlines(c, page) for c in row] for row in item.rows),
            empty=item.empty,
        )
    if isinstance(item, doc.Record):
        return record((name, inlines(value, page) or item.empty) for name, value in item.rows)
    if isinstance(item, doc.Listing):
        return listing(inlines(entry, page) for entry in item.items)
    if isinstance(item, doc.Admonition):
        body = blocks(item.body, page)
        indented = "\n".join(f"    {line}" if line else "" for line in body.split("\n"))
        return f'!!! {item.kind} "{item.title}"\n{indented.rstrip()}\n'
    if isinstance(item, doc.Quote):
        body = blocks(item.body, page).rstrip("\n")
        return "\n".join(f"> {line}" if line else ">" for line in body.split("\n")) + "\n"
    if isinstance(item, doc.Figure):
        return f"![{inlines(item.alt, page)}]({href(item.target, page)})\n"
    if isinstance(item, doc.Drawing):
        from smsdocs.render.charts import inline_figure

        return inline_figure(item.svg, item.label)
    return markdown(item.value) + "\n"


def fragment(result: doc.Blocks | str, page: str) -> str:
    """What a fragment returned, as the site's Markdown: blocks written, Markdown as it is."""
    return result if isinstance(result, str) else blocks(result, page)


# The Markdown a project's own macros may build on (``smsdocs.render``'s surface): the
# document model's helpers, written for the page.


def link(scope: Scope, links: Links, ident: str | None, label: str | None = None) -> str:
    """A link to an entry by id, labelled with its name; plain text where it has no page."""
    return inlines(linked(scope, links, ident, label), links.page)


def links_to(scope: Scope, links: Links, idents: Iterable[str]) -> str:
    """Links to entries, separated by commas; a dash for none."""
    return inlines(linked_all(scope, links, idents), links.page)


def nothing(what: str) -> str:
    """The line that says the scope records none of something."""
    return block(doc.nothing(f"No {what} recorded in the scope data."), "")
