"""Links between the pages of the manual: where each kind of entry is listed, the paths of
the generated pages and figures, and links to entries labelled with their names."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final
from urllib.parse import quote

from smsdocs.model import (
    Scope,
    Service,
    name_of,
)
from smsdocs.output import short_name
from smsdocs.render import doc
from smsdocs.words import N_, english

KIND_PAGES: Final = {
    "unit": "context.md",
    "location": "context.md",
    "party": "dependencies.md",
    "interface": "dependencies.md",
    "component": "inclusions.md",
    "process": "inclusions.md",
    "exclusion": "inclusions.md",
    "objective": "alignment.md",
    "risk": "risks.md",
    "requirement": "risks.md",
    "stakeholder": "stakeholders.md",
    "document": "documents.md",
    "issue": "context.md",
}
"""Default page on which each kind of entry is listed, and so where links to it point."""


ASSETS: Final = "assets/smsdocs"
"""Where the generated figures and the manual's own assets live, relative to docs/."""


def figure_path(name: str) -> str:
    """Where a generated figure lives, relative to docs/."""
    return f"{ASSETS}/{name}"


def dependency_path(service: Service) -> str:
    """Where a service's dependency diagram lives, relative to docs/."""
    return figure_path(f"dependencies-{service.id}.svg")


SLUG_MAX: Final = 60
"""The longest name a category gets as a folder of the site, well inside every file system's
255-byte limit for one name."""


def slug(value: str) -> str:
    """A file or URL-safe name for a category: at most ``SLUG_MAX`` characters, a longer one
    cut short and told apart from others cut the same way by a digest of the whole name."""
    name = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-") or "other"
    return short_name(name, value, SLUG_MAX)


def anchor_id(kind: str, ident: str) -> str:
    """The HTML id of an entry's anchor: '.' would read as a class in attribute lists."""
    return f"{kind}-" + ident.replace("_", "__").replace(".", "_")


def service_path(service: Service) -> str:
    """Where a service's generated page lives, relative to docs/."""
    return f"catalogue/{slug(service.category)}/{service.id}.md"


@dataclass(frozen=True, slots=True)
class Links:
    """Relative links from one page of the manual to entries listed on other pages."""

    page: str
    """The current page, relative to docs/ (e.g. 'dependencies.md')."""
    pages: Mapping[str, str] = field(default_factory=lambda: KIND_PAGES)
    """Page listing each kind of entry; a kind whose page is missing is shown unlinked."""
    existing: frozenset[str] | None = None
    """Pages that exist in the site, or None to trust ``pages``."""
    language: str = "en"
    """The manual's language: entries smsdocs names itself (a process by its clause's
    title, an exclusion, a communication) are named in it."""

    def to(self, target: str, fragment: str = "") -> str:
        """The link to the page ``target`` (at ``fragment``) from this page."""
        return address(target, fragment, self.page)

    def ref(self, kind: str, ident: str, scope: Scope) -> doc.Ref | None:
        """Where an entry is listed, as a place in the manual; None where it has no page."""
        if kind == "service":
            service = scope.index.get(ident)
            if not isinstance(service, Service) or service_path(service) == self.page:
                return None  # no page, or the page the reader is on: nowhere to go
            return doc.Ref(service_path(service))
        page = self.pages.get(kind)
        if page is None or (self.existing is not None and page not in self.existing):
            return None
        return doc.Ref(page, anchor_id(kind, ident))


def address(target: str, fragment: str, page: str) -> str:
    """Where a link from ``page`` to the page ``target`` (at ``fragment``) points, both
    relative to docs/: a relative path, percent-encoded (a chapter's file name may hold '#',
    '?', '%' or a space, which a URL reads otherwise), and the anchor."""
    href = "" if target == page else quote(relative(target, posixpath.dirname(page)), safe="/")
    return f"{href}#{fragment}" if fragment else href


def relative(target: str, here: str) -> str:
    """``target`` as a link from the folder ``here``, both relative to docs/ and normalised
    (as page paths are): what ``posixpath.relpath`` gives, without its look at the working
    folder, which a large catalogue's tens of thousands of links would pay for each time."""
    to = target.split("/")
    start = here.split("/") if here else []
    common = 0
    for a, b in zip(to, start, strict=False):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(start) - common) + to[common:]) or "."


def kind_of(scope: Scope, ident: str) -> str | None:
    """The kind of the entry an id names ('service', 'party', ...), or None for no entry."""
    return scope.kinds.get(ident)


# Links to entries as document model inlines: what the pages are built from.

NONE: Final = doc.Words("—")
"""What an empty value shows."""


def linked(scope: Scope, links: Links, ident: str | None, label: str | None = None) -> doc.Inlines:
    """A link to an entry by id, labelled with its name; plain text where it has no page."""
    if not ident:
        return (NONE,)
    kind = kind_of(scope, ident)
    shown = doc.Text(label if label is not None else name_of(scope, ident, links.language))
    ref = links.ref(kind, ident, scope) if kind else None
    return (doc.Link((shown,), ref),) if ref else (shown,)


def linked_all(scope: Scope, links: Links, idents: Iterable[str]) -> doc.Inlines:
    """Links to entries, separated by commas; a dash for none."""
    return doc.joined(linked(scope, links, i) for i in idents) or (NONE,)


LEAD: Final = N_("{lead} (lead)")
"""The first party of several that share the work, marked as the lead."""


def led_by_all(
    scope: Scope,
    links: Links,
    idents: Sequence[str],
    none: doc.Inlines = (NONE,),
    say: Callable[[str], str] = english,
) -> doc.Inlines:
    """Links to the parties of an ``operated_by`` or ``provided_by``: the first is the lead
    (the contract says so), marked as such (``say``, in the manual's language) when others
    share the work; ``none`` if empty."""
    if len(idents) < 2:
        return linked_all(scope, links, idents) if idents else none
    rest = linked_all(scope, links, idents[1:])
    before, _, after = say(LEAD).partition("{lead}")
    return doc.inlines(before, linked(scope, links, idents[0]), after, ", ", rest)


def anchored(kind: str, ident: str, label: str) -> doc.Anchor:
    """An entry's name with the anchor other pages link to."""
    return doc.Anchor(anchor_id(kind, ident), (doc.Text(label),))
