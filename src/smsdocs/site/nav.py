"""The navigation: service pages filed under the catalogue in groups, and the outline of
pages and sections the exports follow."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from smsdocs.render.text import html_text
from smsdocs.site.engine import Navigation, Page, Section


@dataclass(frozen=True, slots=True)
class CapturedPage:
    """One entry of the navigation: a page (with its source path) or a section heading."""

    title: str
    level: int
    src_uri: str | None = None


def outline(items: list[Any], level: int = 1) -> list[CapturedPage]:
    out: list[CapturedPage] = []
    for item in items:
        if isinstance(item, Page):
            out.append(CapturedPage(item.title or "", level, item.file.src_uri))
        elif isinstance(item, Section):
            children = item.children
            # A section whose first page is its index page is that page, not a heading of its own.
            first = children[0] if children else None
            if isinstance(first, Page) and first.file.name == "index":
                out.append(CapturedPage(item.title or "", level, first.file.src_uri))
                out.extend(outline(children[1:], level + 1))
            else:
                out.append(CapturedPage(item.title or "", level))
                out.extend(outline(children, level + 1))
    return out


NAV_GROUP: int = 30
"""Most service pages shown together in the sidebar; larger categories are split in groups."""


def grouped(category: str, pages: list[Any]) -> list[Any]:
    """A category's pages, in numbered groups of at most NAV_GROUP when there are more.

    Every service page's sidebar lists the pages beside it; with thousands of services in a
    few categories that list, and so every page, would grow with the catalogue. Groups keep
    each page's sidebar bounded, so the site grows in proportion to the catalogue.
    """
    if len(pages) <= NAV_GROUP:
        return pages
    groups = []
    for start in range(0, len(pages), NAV_GROUP):
        end = min(start + NAV_GROUP, len(pages))
        span = f"{start + 1}–{end}" if end > start + 1 else f"{end}"
        groups.append(Section(html_text(f"{category} {span}"), pages[start:end]))
    return groups


def relink(nav: Navigation) -> None:
    """Recompute parents, the flat page order and previous/next links after changing the nav."""
    pages: list[Page] = []

    def walk(items: list[Any], parent: Section | None) -> None:
        for item in items:
            item.parent = parent
            if isinstance(item, Page):
                pages.append(item)
            if isinstance(item, Section):
                walk(item.children, item)

    walk(nav.items, None)
    bookended: list[Page | None] = [None, *pages, None]
    for before, page, after in zip(bookended, pages, bookended[2:], strict=False):
        page.previous_page, page.next_page = before, after
    nav.pages = pages
