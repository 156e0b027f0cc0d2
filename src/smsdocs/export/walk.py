"""Walks of the document model and of pandoc's tree: what the manual's pages hold (anchors,
authored Markdown, headings), for the writer and the parts."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from smsdocs.export.ast import ANCHOR_SCHEME, LEAVES, Node, stringify
from smsdocs.render import doc


def anchors(blocks: Iterable[doc.Block]) -> Iterator[str]:
    """The anchors blocks of the document model give a link to lead to."""
    for item in walk_model(blocks):
        if isinstance(item, doc.Anchor) or (isinstance(item, doc.Heading) and item.id):
            yield item.id


def markup(blocks: Iterable[doc.Block]) -> Iterator[str]:
    """The authored Markdown values blocks hold, for pandoc to read."""
    for item in walk_model(blocks):
        if isinstance(item, doc.Markup | doc.MarkupBlock):
            yield item.value


def walk_model(blocks: Iterable[doc.Block]) -> Iterator[doc.Block | doc.Inline]:
    """Every block and inline of the document model, in order."""
    for item in blocks:
        yield item
        yield from _walk_block(item)


def _walk_block(item: doc.Block) -> Iterator[doc.Block | doc.Inline]:
    inline_lists: list[doc.Inlines] = []
    if isinstance(item, doc.Heading | doc.Paragraph):
        inline_lists = [item.content]
    elif isinstance(item, doc.Table):
        inline_lists = [*item.headers, *(c for row in item.rows for c in row)]
    elif isinstance(item, doc.Record):
        inline_lists = [value for _, value in item.rows]
    elif isinstance(item, doc.Listing):
        inline_lists = list(item.items)
    elif isinstance(item, doc.Figure):
        inline_lists = [item.alt]
    elif isinstance(item, doc.Admonition | doc.Quote):
        yield from walk_model(item.body)
    elif isinstance(item, doc.Drawing):
        yield from walk_model(item.fallback)
    for content in inline_lists:
        yield from _walk_inlines(content)


def _walk_inlines(content: doc.Inlines) -> Iterator[doc.Inline]:
    for item in content:
        yield item
        if isinstance(item, doc.Strong | doc.Emph | doc.Link | doc.Anchor):
            yield from _walk_inlines(item.content)
        elif isinstance(item, doc.Image):
            yield from _walk_inlines(item.alt)


def ids(nodes: Any) -> Iterator[str]:
    """The ids pandoc nodes give a link to lead to: headings', spans' and divs' ids, and the
    anchors of the PDF (``smsdocs-anchor:`` links)."""
    if isinstance(nodes, list):
        for node in nodes:
            yield from ids(node)
    elif isinstance(nodes, dict) and "c" in nodes:
        kind, content = nodes["t"], nodes["c"]
        if kind == "Header" and content[1][0]:
            yield content[1][0]
        elif kind in ("Span", "Div") and content[0][0]:
            yield content[0][0]
        elif kind == "Link" and str(content[2][0]).startswith(ANCHOR_SCHEME):
            yield content[2][0].removeprefix(ANCHOR_SCHEME)
        if kind not in LEAVES:
            yield from ids(content)


def anchor_labels(nodes: Any, found: dict[str, str]) -> dict[str, str]:
    """What each anchor of the PDF marks (a party's name, a risk's title), by anchor, added
    to ``found``."""
    if isinstance(nodes, list):
        for node in nodes:
            anchor_labels(node, found)
    elif isinstance(nodes, dict) and "c" in nodes:
        kind, content = nodes["t"], nodes["c"]
        if kind == "Link" and str(content[2][0]).startswith(ANCHOR_SCHEME):
            found[content[2][0].removeprefix(ANCHOR_SCHEME)] = stringify(content[1])
        elif kind not in LEAVES:
            anchor_labels(content, found)
    return found


def headings(blocks: Iterable[Node]) -> Iterator[tuple[int, bool]]:
    """(level, numbered) of each heading of a page's blocks, in order."""
    for node in blocks:
        if node["t"] == "Header":
            classes = node["c"][1][1]
            yield node["c"][0], not ({"unnumbered", "-"} & set(classes))
        elif node["t"] == "Div":
            yield from headings(node["c"][1])
