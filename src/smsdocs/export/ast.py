"""The exports' writer: the document model (:mod:`smsdocs.render.doc`) as pandoc's document tree.

The PDF and the DOCX are made by pandoc from its JSON AST: the generated pages and fragments
are written here straight into it, and the chapters in ``docs/`` are read into it by pandoc's
Markdown reader (:mod:`smsdocs.export.markdown`). Both then pass through the same treatment
of the page (:func:`page`) and of the format (:func:`finish`), written once here: links
between pages as the format addresses them, anchors, images, record tables, long columns of
links thinned in print. Nothing here reads Markdown that render wrote.

A node is pandoc's JSON: ``{"t": "Str", "c": "words"}``.
"""

from __future__ import annotations

import base64
import json
import posixpath
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, cast
from urllib.parse import unquote

from smsdocs import sanitise
from smsdocs.export.images import RASTER, Images
from smsdocs.render import doc
from smsdocs.render.text import shown

Node = dict[str, Any]
"""One node of pandoc's JSON AST (a block or an inline)."""

API_VERSION: Final = (1, 23, 1, 1)
"""The ``pandoc-api-version`` of the pandoc pypandoc-binary ships (``pandoc -t json``)."""

PAGE_ANCHOR: Final = "page-"
"""Anchor of a page of the navigation, before its name (see page_anchor)."""
NAV_ANCHOR: Final = "nav-"
"""Anchor of a section of the navigation that has no page (a category of the catalogue)."""
LINK_SCHEME: Final = "smsdocs:"
"""Address of a link between pages in the PDF's pieces, resolved when they are joined."""
REF_SCHEME: Final = "smsdocs-ref:"
"""Address of a cross-reference in running text of the PDF: a link that also prints the
section and page it leads to ("(3.2, p. 14)"), once the pieces' pages are known."""
ANCHOR_SCHEME: Final = "smsdocs-anchor:"
"""Address marking an anchor's place in the PDF's pieces, a named destination once joined."""
ANCHOR_CLASS: Final = "smsdocs-anchor"
"""Class of a span of Markdown that is an anchor of the manual (see ``Target.anchor``)."""
IMAGE_CLASS: Final = "smsdocs-image"
"""Class of every image smsdocs places (width 100%); any other image shows as its text."""
MAX_CELL_LINKS: Final = 3
"""Table cells listing more entries than this keep their text but not their links, in the PDF."""
NUMBERED_LEVELS: Final = 4
"""Heading levels that are numbered (1 to 1.2.3.4); deeper ones are headings without number."""

STICKY: Final = ("typst:sticky", "true")
"""The attribute of a block the PDF keeps on the page of the block after it (an admonition's
title, as Typst keeps a heading)."""

NO_ATTR: Final[list[Any]] = ["", [], []]
SPACE: Final[Node] = {"t": "Space"}


def page_anchor(src_uri: str) -> str:
    return PAGE_ANCHOR + re.sub(r"[^A-Za-z0-9]+", "-", src_uri.removesuffix(".md")).strip("-")


def attr(
    ident: str = "", classes: Sequence[str] = (), pairs: Sequence[tuple[str, str]] = ()
) -> list[Any]:
    return [ident, list(classes), [list(p) for p in pairs]]


def words(value: str) -> list[Node]:
    """Text as pandoc's reader makes it: a word per ``Str``, a ``Space`` between words."""
    out: list[Node] = []
    for number, word in enumerate(value.split(" ")):
        if number:
            out.append(SPACE)
        if word:
            out.append({"t": "Str", "c": word})
    return out


def normal(nodes: Iterable[Node], *, trim: bool = True) -> list[Node]:
    """Inlines as pandoc keeps them: neighbouring words one ``Str``, one ``Space`` between,
    none at the ends (``trim``)."""
    out: list[Node] = []
    for node in nodes:
        if node["t"] == "Space":
            if out and out[-1]["t"] == "Space":
                continue
        elif node["t"] == "Str" and out and out[-1]["t"] == "Str":
            out[-1] = {"t": "Str", "c": out[-1]["c"] + node["c"]}
            continue
        out.append(node)
    if trim:
        while out and out[0]["t"] == "Space":
            out.pop(0)
        while out and out[-1]["t"] == "Space":
            out.pop()
    return out


def stringify(nodes: Iterable[Any]) -> str:
    """The words of inlines, without their markup."""
    out: list[str] = []
    for node in nodes:
        kind = node.get("t")
        if kind in ("Str", "Code"):
            out.append(node["c"] if kind == "Str" else node["c"][1])
        elif kind in ("Space", "SoftBreak", "LineBreak"):
            out.append(" ")
        elif kind in ("Emph", "Strong", "Strikeout", "Underline", "SmallCaps"):
            out.append(stringify(node["c"]))
        elif kind in ("Link", "Span", "Image") or kind == "Quoted":
            out.append(stringify(node["c"][1]))
    return "".join(out)


# The settings of one page's writing ---------------------------------------------------------


@dataclass
class Target:
    """What one format's links may lead to, and how it addresses them."""

    pages: frozenset[str]
    """Every page of the manual, by source path."""
    anchors: frozenset[str]
    """Every anchor of the manual (entries' anchors, headings' explicit ids, page anchors)."""
    images: Images
    word: bool
    """Word (``#id`` links, anchors as spans, pictures as PNG) rather than the PDF."""
    markup: Mapping[str, list[Node]] = field(default_factory=dict)
    """Authored Markdown from YAML, as pandoc read it (``markdown.read_markup``), by value."""

    def address(self, page: str, fragment: str, *, prose: bool) -> str | None:
        """A link's address to ``fragment`` on ``page``, or None where the manual has no such
        page; an anchor the manual does not have leads to the page."""
        if page not in self.pages:
            return None
        if fragment not in self.anchors:
            fragment = page_anchor(page)
        prefix = "#" if self.word else REF_SCHEME if prose else LINK_SCHEME
        return prefix + fragment

    def image(self, src: str, alt: list[Node]) -> list[Node]:
        """An image smsdocs places, by its path under docs/, or its description without one."""
        found = self.images.get(src, raster=self.word)
        if not found:
            return alt
        return [
            {"t": "Image", "c": [attr("", [IMAGE_CLASS], [("width", "100%")]), alt, [found, ""]]}
        ]

    def anchor(self, ident: str, content: list[Node]) -> Node:
        if self.word:
            return {"t": "Span", "c": [attr(ident), content]}
        return {"t": "Link", "c": [list(NO_ATTR), content, [ANCHOR_SCHEME + ident, ""]]}


# Writing the document model -----------------------------------------------------------------


class Writer:
    """Blocks of the document model as pandoc nodes, for one page of one format."""

    def __init__(self, target: Target, page: str) -> None:
        self.target = target
        self.page = page

    def inlines(self, content: Iterable[doc.Inline], *, prose: bool = True) -> list[Node]:
        out: list[Node] = []
        for item in content:
            out.extend(self._inline(item, prose))
        return normal(out, trim=False)

    def _inline(self, item: doc.Inline, prose: bool) -> list[Node]:
        if isinstance(item, doc.Text):
            return words(shown(item.value))
        if isinstance(item, doc.Words):
            return words(item.value)
        if isinstance(item, doc.Strong | doc.Emph):
            kind = "Strong" if isinstance(item, doc.Strong) else "Emph"
            return [{"t": kind, "c": normal(self.inlines(item.content, prose=prose))}]
        if isinstance(item, doc.Code):
            return [{"t": "Code", "c": [list(NO_ATTR), shown(item.value)]}]
        if isinstance(item, doc.Link):
            content = self.inlines(item.content, prose=prose)
            href = self._href(item.target, prose or item.paged)
            return [{"t": "Link", "c": [list(NO_ATTR), content, [href, ""]]}] if href else content
        if isinstance(item, doc.Anchor):
            return [self.target.anchor(item.id, normal(self.inlines(item.content, prose=prose)))]
        if isinstance(item, doc.Image):
            return self.target.image(item.target.page, normal(self.inlines(item.alt)))
        return list(_plain(self._markup(item.value)))

    def _href(self, target: doc.Ref | doc.Url, prose: bool) -> str | None:
        if isinstance(target, doc.Url):
            return target.href if sanitise.link_allowed(target.href) else None
        if target.page == self.page and not target.fragment:
            return None  # the page the reader is on
        return self.target.address(target.page, target.fragment, prose=prose)

    def _markup(self, value: str) -> list[Node]:
        read = self.target.markup.get(value)
        if read is None:  # pragma: no cover - every value is read before the pages are written
            raise KeyError(f"authored Markdown not read: {value[:40]!r}")
        return resolve(read, self.page, self.target)

    def blocks(self, content: Iterable[doc.Block]) -> list[Node]:
        out: list[Node] = []
        for item in content:
            out.extend(self.block(item))
        return out

    def block(self, item: doc.Block) -> list[Node]:
        if isinstance(item, doc.Heading):
            # A link in a heading is its words: the heading is the place others lead to.
            content = normal(_unlinked(self.inlines(item.content)))
            return [{"t": "Header", "c": [item.level, attr(item.id), content]}]
        if isinstance(item, doc.Paragraph):
            content = normal(self.inlines(item.content))
            return [{"t": "Para", "c": content}] if content else []
        if isinstance(item, doc.Table):
            head = [self._cell(h, "") for h in item.headers]
            rows = [[self._cell(c, item.empty) for c in row] for row in item.rows]
            return [table(head, rows)]
        if isinstance(item, doc.Record):
            rows = [
                [
                    [_plain_block([{"t": "Strong", "c": words(name)}])],
                    self._cell(value, item.empty),
                ]
                for name, value in item.rows
            ]
            return [table(None, rows)]
        if isinstance(item, doc.Listing):
            items = [[_plain_block(normal(self.inlines(i)))] for i in item.items]
            return [{"t": "BulletList", "c": items}] if items else []
        if isinstance(item, doc.Admonition):
            # The title is kept with what follows, as a heading is (Word reads no typst: key).
            title = [{"t": "Div", "c": [attr("", (), [STICKY]), [_strong_para(item.title)]]}]
            body = (title if item.title else []) + self.blocks(item.body)
            return [{"t": "Div", "c": [attr("", ["admonition", item.kind]), body]}]
        if isinstance(item, doc.Quote):
            return [{"t": "BlockQuote", "c": self.blocks(item.body)}]
        if isinstance(item, doc.Figure):
            alt = normal(self.inlines(item.alt))
            image = self.target.image(item.target.page, alt)
            if image is alt:
                return [{"t": "Para", "c": alt}] if alt else []
            caption = [None, [_plain_block(alt)]] if alt else [None, []]
            return [{"t": "Figure", "c": [list(NO_ATTR), caption, [_plain_block(image)]]}]
        if isinstance(item, doc.Drawing):
            return self.blocks(item.fallback)
        return self._markup(item.value)

    def _cell(self, content: doc.Inlines, empty: str) -> list[Node]:
        written = normal(self.inlines(content, prose=False))
        if not written and empty:
            written = words(empty)
        return [_plain_block(written)] if written else []


def _strong_para(value: str) -> Node:
    return {"t": "Para", "c": [{"t": "Strong", "c": words(value)}]}


def _plain_block(content: list[Node]) -> Node:
    return {"t": "Plain", "c": content}


def _plain(blocks: list[Node]) -> Iterator[Node]:
    """Blocks as inlines, for a table cell: their words, a space between blocks."""
    for number, block in enumerate(blocks):
        if number:
            yield SPACE
        if block["t"] in ("Para", "Plain"):
            yield from block["c"]
        else:
            yield {"t": "Str", "c": stringify(_inlines_in(block))}


def _inlines_in(node: Any) -> Iterator[Node]:
    """Every top-most inline inside a block, in order."""
    if isinstance(node, list):
        for item in node:
            yield from _inlines_in(item)
    elif isinstance(node, dict):
        if node.get("t") in _INLINE_KINDS:
            yield node
        elif "c" in node:
            yield from _inlines_in(node["c"])


_INLINE_KINDS: Final = frozenset(
    [
        "Str",
        "Emph",
        "Underline",
        "Strong",
        "Strikeout",
        "Superscript",
        "Subscript",
        "SmallCaps",
        "Quoted",
        "Cite",
        "Code",
        "Space",
        "SoftBreak",
        "LineBreak",
        "Math",
        "RawInline",
        "Link",
        "Image",
        "Note",
        "Span",
    ]
)


def _unlinked(nodes: list[Node]) -> list[Node]:
    """A heading's words without the links in them; an anchor (the PDF's anchors are links to
    themselves) stays, so the heading is still the place the entry's links lead to."""
    out: list[Node] = []
    for node in nodes:
        linked = node["t"] == "Link" and not node["c"][2][0].startswith(ANCHOR_SCHEME)
        out.extend(node["c"][1] if linked else [node])
    return out


def table(head: list[list[Node]] | None, rows: list[list[list[Node]]]) -> Node:
    """A table as pandoc's reader makes a pipe table: no caption, default widths; ``head``
    None for a record (no header row, as on the site)."""
    columns = len(head) if head is not None else max((len(r) for r in rows), default=0)

    def row(cells: list[list[Node]]) -> list[Any]:
        return [
            list(NO_ATTR),
            [[list(NO_ATTR), {"t": "AlignDefault"}, 1, 1, cell] for cell in cells],
        ]

    specs = [[{"t": "AlignDefault"}, {"t": "ColWidthDefault"}] for _ in range(columns)]
    return {
        "t": "Table",
        "c": [
            list(NO_ATTR),
            [None, []],
            specs,
            [list(NO_ATTR), [row(head)] if head is not None else []],
            [[list(NO_ATTR), 0, [], [row(r) for r in rows]]],
            [list(NO_ATTR), []],
        ],
    }


# Links and images of Markdown pandoc read -----------------------------------------------------


def resolve(nodes: list[Node], page: str, target: Target, *, prose: bool = True) -> list[Node]:
    """Markdown's links and images as the format addresses them, in place: a link within the
    manual to the place it names (its path relative to ``page``), a web or mail link as it is
    (:data:`smsdocs.sanitise.LINK_SCHEMES`), any other as its words; an image of the site's
    files as smsdocs places it, any other as its description."""
    return cast("list[Node]", _resolve(nodes, page, target, prose))


def _resolve(nodes: Any, page: str, target: Target, prose: bool) -> Any:
    if isinstance(nodes, list):
        out: list[Any] = []
        for node in nodes:
            out.extend(_resolved(node, page, target, prose))
        return out
    return nodes


def _resolved(node: Any, page: str, target: Target, prose: bool) -> list[Any]:
    if not isinstance(node, dict):
        return [_resolve(node, page, target, prose)]
    kind = node.get("t")
    if kind in LEAVES:
        return [node]
    if kind == "Link":
        ident, content, (href, title) = node["c"]
        content = _resolve(content, page, target, prose)
        found = _link(href, page, target, prose)
        if found is None:
            return cast("list[Any]", content)
        return [{"t": "Link", "c": [ident, content, [found, title]]}]
    if kind == "Image":
        alt = _resolve(node["c"][1], page, target, prose)
        path = _local(node["c"][2][0], page)
        return alt if path is None else target.image(path, alt)
    if kind == "Figure":
        figure = {"t": "Figure", "c": _resolve(node["c"], page, target, prose)}
        if any(i["t"] == "Image" for i in _inlines_in(figure["c"][2])):
            return [figure]
        # A figure whose image shows as its words keeps them once, not twice.
        caption = figure["c"][1][1]
        return [{"t": "Para", "c": list(_plain(caption or figure["c"][2]))}]
    if kind == "Table":
        return [{"t": "Table", "c": _resolve(_record(node["c"]), page, target, False)}]
    if kind == "Span" and ANCHOR_CLASS in node["c"][0][1]:
        return [target.anchor(node["c"][0][0], _resolve(node["c"][1], page, target, prose))]
    if "c" in node:
        return [{"t": kind, "c": _resolve(node["c"], page, target, prose)}]
    return [node]


LEAVES: Final = frozenset(
    {"Str", "Space", "SoftBreak", "LineBreak", "Code", "CodeBlock", "RawInline", "RawBlock", "Math"}
)
"""Nodes that hold no link, image or heading: no walk goes into them."""


def _record(content: list[Any]) -> list[Any]:
    """A table's parts without its header row where that holds nothing: a record (one
    entry's fields, a name and a value a row) has none, as on the site, where each row is
    headed by its name; a pipe table of Markdown must have one."""
    head = content[3]
    rows = head[1]
    if len(rows) == 1 and all(not cell[4] for cell in rows[0][1]):
        return [*content[:3], [head[0], []], *content[4:]]
    return content


def _link(href: str, page: str, target: Target, prose: bool) -> str | None:
    if sanitise.scheme(href) is not None:
        return href if sanitise.link_allowed(href) else None
    path, _, fragment = href.partition("#")
    if not path:
        return target.address(page, fragment, prose=prose) if fragment else None
    resolved = _local(path, page)
    if resolved is None:
        return None
    if resolved.endswith("/") or path.endswith("/"):
        resolved = resolved.rstrip("/") + "/index.md"
    return target.address(resolved, fragment, prose=prose)


def _local(path: str, page: str) -> str | None:
    """A relative address as a path under docs/, as MkDocs reads it (percent-decoded), or
    None for an address with a scheme or outside the site."""
    if not path or sanitise.scheme(path) is not None or path.startswith("/"):
        return None
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(path)))
    return None if joined.startswith("..") else joined + ("/" if path.endswith("/") else "")


# The page and the format ------------------------------------------------------------------


def page(blocks: list[Node], src_uri: str, title: str, level: int) -> list[Node]:
    """A page's blocks with its headings shifted to its depth in the navigation (none
    skipping a level), the first carrying the page's anchor (the page's title heads it where
    it has none), and those deeper than NUMBERED_LEVELS unnumbered."""
    shift = level - 1
    state = {"above": level - 1, "titled": False}

    def heading(node: Node) -> Node:
        depth, (ident, classes, pairs), content = node["c"]
        depth = min(depth + shift, state["above"] + 1, 6)
        state["above"] = depth
        if not state["titled"]:
            state["titled"] = True
            ident = page_anchor(src_uri)
        if depth > NUMBERED_LEVELS and "unnumbered" not in classes:
            classes = [*classes, "unnumbered"]
        return {"t": "Header", "c": [depth, [ident, classes, pairs], content]}

    def walk(nodes: list[Node]) -> list[Node]:
        out = []
        for node in nodes:
            if node["t"] == "Header":
                out.append(heading(node))
            elif node["t"] == "Div":
                out.append({"t": "Div", "c": [node["c"][0], walk(node["c"][1])]})
            else:
                out.append(node)
        return out

    out = walk(blocks)
    if not state["titled"]:
        out.insert(0, section(title, min(level, 6), page_anchor(src_uri)))
    return out


def section(title: str, level: int, ident: str) -> Node:
    """The heading of a navigation entry, from its title (as the navigation gives it)."""
    return {"t": "Header", "c": [level, attr(ident), normal(words(title))]}


def finish(blocks: list[Node], *, word: bool) -> list[Node]:
    """A page's blocks for the format: for the PDF, long columns of links thinned and an
    image in running text drawn with its description; for Word, each diagram drawn as a
    picture put where its placeholder is (see ``docx``)."""
    return cast("list[Node]", _finished(blocks, word))


def _finished(nodes: Any, word: bool) -> Any:
    if not isinstance(nodes, list):
        return nodes
    out: list[Any] = []
    for node in nodes:
        if isinstance(node, list):
            out.append(_finished(node, word))
            continue
        if not isinstance(node, dict) or "c" not in node or node["t"] in LEAVES:
            out.append(node)
            continue
        kind = node["t"]
        if kind == "Figure":
            out.extend(_figure(node) if word else [node])
        elif kind == "Image":
            out.extend(_inline_image(node, word))
        elif kind == "Table":
            thinned = node if word else _thin(node)
            out.append({"t": "Table", "c": _finished(thinned["c"], word)})
        else:
            out.append({"t": kind, "c": _finished(node["c"], word)})
    return out


def _figure(node: Node) -> list[Node]:
    """A figure for Word: a diagram drawn later stands as its placeholder word, in a figure's
    style, with its caption below (the join puts the picture in its place)."""
    images = [i for i in _inlines_in(node["c"][2]) if i["t"] == "Image"]
    src = images[0]["c"][2][0] if images else ""
    if not src.startswith(RASTER):
        return [node]
    caption = node["c"][1][1]
    # The PDF describes a figure's image by its caption: Word's picture gets the same words.
    alt = " ".join(stringify(list(_plain(caption))).split())
    out = [_styled("Captioned Figure", [{"t": "Para", "c": [_placeholder(src, alt)]}])]
    words_of = list(_plain(caption))
    if stringify(words_of).strip():
        out.append(_styled("Image Caption", [{"t": "Para", "c": words_of}]))
    return out


def _placeholder(src: str, alt: str) -> Node:
    """A diagram's placeholder word for Word, its description after it (base64, one word):
    the join reads it as the picture's alternative text."""
    described = base64.urlsafe_b64encode(alt.encode("utf-8")).decode("ascii").rstrip("=")
    return {"t": "Str", "c": f"{src}.{described}"}


def _styled(style: str, blocks: list[Node]) -> Node:
    return {"t": "Div", "c": [attr("", (), [("custom-style", style)]), blocks]}


def _inline_image(node: Node, word: bool) -> list[Node]:
    src = node["c"][2][0]
    # Typst writes no alt text for an image in running text, and a tagged PDF needs one.
    alt = stringify(node["c"][1]) or "Image"
    if word:
        return [SPACE, _placeholder(src, alt), SPACE] if src.startswith(RASTER) else [node]
    raw = f"#box(image({_typst_string(src)}, alt: {_typst_string(alt)}, width: 100%))"
    return [{"t": "RawInline", "c": ["typst", raw]}]


def _typst_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _thin(node: Node) -> Node:
    """A table without the internal links of the columns that hold long lists of them.

    Typst's time and memory grow with every link: a 2,000-service manual has tens of
    thousands in 'used by' lists that no reader clicks in print. Running text, headings,
    catalogue rows and short lists keep theirs; a column loses its links in every row or in
    none, so no column is half links and half plain text.
    """
    _, _, _, head, bodies, _ = node["c"]
    rows = [*head[1], *(r for body in bodies for r in (*body[2], *body[3]))]
    long = {
        index
        for row in rows
        for index, cell in enumerate(row[1])
        if _internal_links(cell[4]) > MAX_CELL_LINKS
    }
    if not long:
        return node
    for row in rows:
        for index, cell in enumerate(row[1]):
            if index in long:
                cell[4] = _without_links(cell[4])
    return node


def _internal_links(cell: list[Node]) -> int:
    """How many links within the manual a table cell holds (``smsdocs:`` addresses)."""
    return json.dumps(cell, ensure_ascii=False).count(f'["{LINK_SCHEME}')


def _internal(node: Any) -> bool:
    return (
        isinstance(node, dict)
        and node.get("t") == "Link"
        and str(node["c"][2][0]).startswith(LINK_SCHEME)
    )


def _without_links(nodes: Any) -> Any:
    if not isinstance(nodes, list):
        return nodes
    out: list[Any] = []
    for node in nodes:
        if _internal(node):
            out.extend(_without_links(node["c"][1]))
        elif isinstance(node, list):
            out.append(_without_links(node))
        elif isinstance(node, dict) and "c" in node:
            out.append({"t": node["t"], "c": _without_links(node["c"])})
        else:
            out.append(node)
    return out


Meta = Mapping[str, Any]
"""A document's metadata, as pandoc's JSON holds it."""


def text(node: Node) -> str:
    """A node as pandoc's JSON."""
    return json.dumps(node, ensure_ascii=False, separators=(",", ":"))


def document(blocks: Sequence[str], meta: Meta | None = None) -> str:
    """A document of pandoc's JSON AST, as ``pandoc -f json`` reads it, from its blocks'
    JSON (``text``)."""
    version = ",".join(map(str, API_VERSION))
    return (
        f'{{"pandoc-api-version":[{version}],"meta":{text(dict(meta or {}))},'
        f'"blocks":[{",".join(blocks)}]}}'
    )
