"""What the rules of pass 3 read: the ``Facts`` (the sound entries of pass 1, by section, the
ids of pass 2, the date of the check, the pages' clauses and the release tags), and the shape
of a rule.

Imports ``errors``, ``load``, ``model`` and, in this folder, ``refs``, ``report``,
``shape`` and ``sound``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from smsdocs.errors import Mark
from smsdocs.load import Map, PageClauses, Seq
from smsdocs.model import Service, excluded_ids, services_in_scope
from smsdocs.validate.refs import Registry
from smsdocs.validate.report import Report
from smsdocs.validate.shape import SECTIONS, Sections
from smsdocs.validate.sound import Sound


@dataclass(frozen=True, slots=True)
class Releases:
    """What the project's git repository holds of its releases, for the rules on approvals."""

    pattern: str
    """The glob release tags match (``v*``)."""
    tags: frozenset[str]
    """The annotated tags that match it: the releases."""
    lightweight: frozenset[str] = frozenset()
    """Lightweight tags that match it: not releases, since they record no tagger or date."""
    shallow: bool = False
    """The clone is shallow, so tags may be missing from it."""
    current: str | None = None
    """The release the checked files are: the release tag of the commit checked out, with no
    change to its files; None anywhere else."""


@dataclass(frozen=True, slots=True)
class Facts(Sound):
    """What the rules read: the entries of pass 1, the ids of pass 2, today and the pages.

    ``valid(section)`` gives a section's sound entries typed by its name (``Sound``), so
    every rule is type-checked against the model."""

    sections: Sections
    registry: Registry
    today: dt.date
    pages: list[PageClauses] | None
    """The clauses the manual's chapters declare; None when the project has no docs/."""
    nodes: dict[int, Map]
    """The node of every sound entry, nested ones included, by the id of its model object."""
    in_scope: tuple[Service, ...]
    """The services no exclusion names (``model.services_in_scope``)."""
    releases: Releases | None = None
    """The repository's release tags; None where git cannot tell (no git, no repository)."""
    language: str = "en"
    """The manual's language, as mkdocs.yml names it (a BCP 47 tag: 'nl', 'de-CH'); the rules
    that read the organisation's own text know words of some languages only."""

    def sound(self, section: str) -> list[Any]:
        return self.sections.sound(section)

    def excluded(self, kind: str) -> frozenset[str]:
        return excluded_ids(self.valid("exclusions"), kind)

    def present(self) -> frozenset[str]:
        """The sections that hold at least one sound entry."""
        return frozenset(name for name in SECTIONS if self.valid(name))

    def node(self, obj: object) -> Map:
        return self.nodes[id(obj)]

    def field_mark(self, obj: object, name: str, index: int | None = None) -> Mark:
        """Where a field of an entry is written (item ``index`` of a list), else the entry."""
        node = self.nodes[id(obj)]
        if name not in node.entries:
            return node.mark
        value = node.entries[name][1]
        if index is not None and isinstance(value, Seq) and index < len(value.items):
            return value.items[index].mark
        return value.mark


def gather_facts(
    sections: Sections,
    registry: Registry,
    today: dt.date,
    pages: list[PageClauses] | None,
    releases: Releases | None = None,
    language: str = "en",
) -> Facts:
    """The facts of a check whose first two passes produced ``sections`` and ``registry``."""
    nodes = {id(e.obj): e.node for entries in sections.entries.values() for e in entries if e.obj}
    nodes.update((id(obj), node) for obj, node in sections.nested)
    in_scope = services_in_scope(sections.valid("services"), sections.valid("exclusions"))
    return Facts(sections, registry, today, pages, nodes, in_scope, releases, language)


Rule = Callable[[Facts, Report], None]
