"""The manual's pages as the pandoc Markdown the PDF and the DOCX are made from."""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Iterator
from typing import Final
from urllib.parse import unquote

from smsdocs.export.images import Images
from smsdocs.export.manual import Manual, Part
from smsdocs.render.text import fenced, visible_controls

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
IMAGE_ATTRIBUTES: Final = "{width=100% .smsdocs-image}"
"""Attributes of every image smsdocs places; the links filter shows any other image as text."""
MAX_CELL_LINKS: Final = 3
"""Table cells listing more entries than this keep their text but not their links, in the PDF."""

_MD_HEADING: Final = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
"""A heading of pandoc Markdown, for counting; _HEADING keeps its attributes apart."""
_HEADING: Final = re.compile(r"^(#{1,6})(\s+.*?)(\s*\{[^}]*\})?\s*$")
_LINK: Final = re.compile(
    r"(!?)\[((?:[^\[\]]|\[[^\]]*\])*)\]\(\s*<?([^)\s>]+)>?(\s+\"[^\"]*\")?\s*\)"
)
_ADMONITION: Final = re.compile(r'^(\s*)(?:!!!|\?\?\?\+?)\s+([\w-]+)(?:\s+"(.*)")?\s*$')
# The anchors smsdocs writes (<span id="party-x">Name</span>) as CommonMark bracketed spans.
_ANCHOR: Final = re.compile(r'<span id="([A-Za-z0-9_.-]+)">(.*?)</span>')
# The ids a link may name: those anchors, and headings' explicit {#id}.
_ANCHOR_ID: Final = re.compile(r'<span id="([A-Za-z0-9_.-]+)">|\{#([A-Za-z0-9_.:-]+)[\s}]')
_INTERNAL_LINK: Final = re.compile(
    rf"\[((?:[^\[\]]|\[[^\]]*\])*)\]\((?:#|{re.escape(LINK_SCHEME)})[^)\s]+\)"
)


def page_anchor(src_uri: str) -> str:
    return PAGE_ANCHOR + re.sub(r"[^A-Za-z0-9]+", "-", src_uri.removesuffix(".md")).strip("-")


def chunks(manual: Manual, images: Images, *, word: bool) -> list[str]:
    """Each entry of the navigation as pandoc Markdown, its headings shifted to its depth.

    Links between pages point at the heading or anchor they name; one naming an anchor the
    manual does not have points at the page instead. For Word they are pandoc's internal
    links; for the PDF, which is typeset in pieces, they are ``smsdocs:`` addresses (and the
    anchors ``smsdocs-anchor:`` addresses) that the join turns into places in the document.
    """
    pages = {p.src_uri for p in manual.parts if p.src_uri}
    anchors = {page_anchor(page) for page in pages}
    for part in manual.parts:
        if part.markdown is not None:
            anchors.update(a or b for a, b in _ANCHOR_ID.findall(part.markdown))
    out: list[str] = []
    for number, part in enumerate(manual.parts):
        if part.src_uri is None or part.markdown is None:
            hashes = "#" * min(part.level, 6)
            title = html.escape(html.unescape(part.title), quote=False)
            out.append(f"{hashes} {plain_text(title)} {{#{NAV_ANCHOR}{number}}}\n")
            continue
        out.append(visible_controls(_page(part, pages, anchors, images, word=word)))
    return out


def plain_text(text: str) -> str:
    """Heading text from a nav title: Markdown punctuation neutralised with entities."""
    return re.sub(r"[\\`*_\[\]{}#|<>$@~^!]", lambda m: f"&#{ord(m.group())};", text)


def _page(part: Part, pages: set[str], anchors: set[str], images: Images, *, word: bool) -> str:
    assert part.src_uri is not None and part.markdown is not None
    shift = part.level - 1
    out: list[str] = []
    titled = False
    above = part.level - 1  # the level of the heading before, so none skips a level
    for line, state in fenced(_admonitions(part.markdown.split("\n"))):
        if state != "text":
            out.append(line)
            continue
        heading = _HEADING.match(line)
        if heading:
            depth = min(len(heading.group(1)) + shift, above + 1, 6)
            above = depth
            text = heading.group(2).strip()
            if not titled:
                titled = True
                text = _attributed(text, f"#{page_anchor(part.src_uri)}")
            if depth > NUMBERED_LEVELS:
                text = _attributed(text, ".unnumbered")
            out.append(f"{'#' * depth} {text}")
            continue
        linked = _links(
            line,
            part.src_uri,
            pages,
            anchors,
            images,
            word=word,
            prose=not line.lstrip().startswith("|"),
        )
        out.append(_ANCHOR.sub(r"[\2]{#\1}" if word else rf"[\2]({ANCHOR_SCHEME}\1)", linked))
    if not word:
        out = _thin_links(out)
    if not titled:
        depth = min(part.level, 6)
        title = plain_text(html.escape(html.unescape(part.title), quote=False))
        out.insert(0, f"{'#' * depth} {title} {{#{page_anchor(part.src_uri)}}}\n")
    return "\n".join(out)


NUMBERED_LEVELS: Final = 4
"""Heading levels that are numbered (1 to 1.2.3.4); deeper ones are headings without number."""


def _attributed(heading: str, attribute: str) -> str:
    """A heading's text with one more pandoc attribute (``#id`` or ``.class``), added to the
    attributes it already has, since a second block of them would show as text."""
    found = re.search(r"\s*\{([^{}]*)\}$", heading)
    if found:
        return f"{heading[: found.start()]} {{{found.group(1).strip()} {attribute}}}"
    return f"{heading} {{{attribute}}}"


def _admonitions(lines: list[str]) -> list[str]:
    """Material admonitions (!!! note "Title") become pandoc fenced divs."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        match = _ADMONITION.match(lines[i])
        if not match:
            out.append(lines[i])
            i += 1
            continue
        indent, kind, title = match.group(1), match.group(2), match.group(3)
        body: list[str] = []
        i += 1
        inner = indent + "    "
        while i < len(lines) and (lines[i].startswith(inner) or not lines[i].strip()):
            body.append(lines[i][len(inner) :] if lines[i].startswith(inner) else "")
            i += 1
        while body and not body[-1].strip():
            body.pop()
        out.append(f"{indent}::: {{.admonition .{kind}}}")
        if title:
            out.append(f"{indent}**{title}**\n")
        out.extend(indent + line if line else "" for line in body)
        out.append(f"{indent}:::")
        out.append("")
    return out


def _thin_links(lines: list[str]) -> list[str]:
    """Drop the internal links of the table columns that hold long lists of them (PDF only).

    Typst's time and memory grow with every link: a 2,000-service manual has tens of
    thousands in 'used by' lists that no reader clicks in print. Running text, headings,
    catalogue rows and short lists keep theirs; a column loses its links in every row or in
    none, so no column is half links and half plain text.
    """
    out = list(lines)
    start = 0
    while start < len(out):
        if not out[start].startswith("|"):
            start += 1
            continue
        end = start
        while end < len(out) and out[end].startswith("|"):
            end += 1
        rows = [row.split(" | ") for row in out[start:end]]
        long = {
            index
            for cells in rows
            for index, cell in enumerate(cells)
            if len(_INTERNAL_LINK.findall(cell)) > MAX_CELL_LINKS
        }
        if long:
            for offset, cells in enumerate(rows):
                for index in long & set(range(len(cells))):
                    cells[index] = _INTERNAL_LINK.sub(r"\1", cells[index])
                out[start + offset] = " | ".join(cells)
        start = end
    return out


def _links(
    line: str,
    src_uri: str,
    pages: set[str],
    anchors: set[str],
    images: Images,
    *,
    word: bool,
    prose: bool = False,
) -> str:
    """The links of a line as the export's formats address them; in the PDF, one in running
    text (``prose``, not a table row) is a cross-reference that prints where it leads."""
    base = posixpath.dirname(src_uri)
    prefix = "#" if word else REF_SCHEME if prose else LINK_SCHEME

    def replace(m: re.Match[str]) -> str:
        bang, label, target = m.group(1), m.group(2), m.group(3)
        if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I):
            return m.group(0)  # a web or mail link stays as it is
        path, _, fragment = target.partition("#")
        path = unquote(path)  # as MkDocs reads it: a file name may hold '#', '%' or a space
        if bang:
            if not path:
                return label
            found = images.get(posixpath.normpath(posixpath.join(base, path)), raster=word)
            return f"![{label}]({found}){IMAGE_ATTRIBUTES}" if found else label
        resolved = posixpath.normpath(posixpath.join(base, path)) if path else src_uri
        if path and resolved.endswith("/"):
            resolved += "index.md"
        if resolved not in pages:
            return label  # a link to a file that is not part of the manual: keep the words
        if fragment not in anchors:
            fragment = page_anchor(resolved)
        return f"[{label}]({prefix}{fragment})"

    return _LINK.sub(replace, line)


def markdown_headings(text: str) -> Iterator[tuple[int, bool]]:
    """(level, numbered) of each heading of pandoc Markdown, in order."""
    for line in (line for line, state in fenced(text.split("\n")) if state == "text"):
        found = _MD_HEADING.match(line)
        if found:
            attributes = re.search(r"\{([^}]*)\}$", found.group(2))
            unnumbered = attributes and {".unnumbered", "-"} & set(attributes[1].split())
            yield len(found.group(1)), not unnumbered
