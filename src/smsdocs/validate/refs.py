"""Pass 2 of the check: ids and the references between entries.

Ids are unique across the whole scope (and in letter case, since they become file names);
every reference resolves to an entry of the right kind and party type, names no entry
twice in one list and not its own entry; an exclusion's target is something that can be
excluded. Reads the ``Sections`` of pass 1 and returns the ``Registry`` the rules look ids
up in.

Imports ``errors``, ``load``, ``model``, ``standards`` and, in this folder, ``report``,
``shape`` and ``suggest``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from smsdocs import standards
from smsdocs.errors import Mark, Note
from smsdocs.load import Scalar
from smsdocs.model import CUSTOMER_TYPES, SECTION_KINDS
from smsdocs.validate.report import Report
from smsdocs.validate.shape import FORBIDDEN_KINDS, Entry, Sections, valid_id
from smsdocs.validate.suggest import suggest

MAX_SUGGESTIONS: Final = 25
"""Distinct unknown ids to search for a 'did you mean'; beyond that only the error is given."""

# Exclusion kinds -> the kind of entry the target names (and the party types for customers).
_TARGET_KINDS: Final = {
    "service": ("service", ()),
    "component": ("component", ()),
    "location": ("location", ()),
    "unit": ("unit", ()),
    "customer": ("party", CUSTOMER_TYPES),
}


@dataclass(slots=True)
class Registered:
    """An entry with an id, its kind ('service', 'party', ...) and where the id is written."""

    kind: str
    entry: Entry
    mark: Mark


class Registry:
    """Every entry with an id, by id: the first to use each id, and any later ones."""

    __slots__ = ("_ids", "_suggestions", "also", "first")

    def __init__(self) -> None:
        self.first: dict[str, Registered] = {}
        self.also: dict[str, list[Registered]] = {}
        """Further entries that reuse an id (already reported), so references still resolve."""
        self._ids: dict[tuple[tuple[str, ...], tuple[str, ...]], list[str]] = {}
        self._suggestions: dict[tuple[str, tuple[str, ...], tuple[str, ...]], str] = {}

    def get(self, ident: str) -> Registered | None:
        """The first entry with id ``ident``."""
        return self.first.get(ident)

    def find(self, ident: str, kinds: tuple[str, ...]) -> Registered | None:
        """The entry ``ident`` names, preferring one of ``kinds`` when the id is reused."""
        reg = self.first.get(ident)
        if reg is not None and reg.kind not in kinds:
            reg = next((r for r in self.also.get(ident, ()) if r.kind in kinds), reg)
        return reg

    def suggest(self, ident: str, kinds: tuple[str, ...], types: tuple[str, ...]) -> str:
        """'did you mean' for an id; memoised and bounded, so thousands of bad references
        in a hostile file cost thousands of lookups, not millions of comparisons."""
        key = (ident, kinds, types)
        if key not in self._suggestions:
            if len(self._suggestions) >= MAX_SUGGESTIONS:
                return ""
            candidates = self._ids_of(kinds, types) or self._ids_of(kinds)
            self._suggestions[key] = suggest(ident, candidates)
        return self._suggestions[key]

    def _ids_of(self, kinds: tuple[str, ...], types: tuple[str, ...] = ()) -> list[str]:
        key = (kinds, types)
        if key not in self._ids:
            self._ids[key] = [
                ident
                for ident, reg in self.first.items()
                if reg.kind in kinds
                and (not types or (reg.entry.obj is not None and reg.entry.obj.type in types))
            ]
        return self._ids[key]


def register_ids(sections: Sections, report: Report) -> Registry:
    """Every entry with a valid id, reporting ids used twice or differing only in case."""
    registry = Registry()
    # Ids become file names, and Windows, macOS and zip readers ignore letter case.
    folded: dict[str, Registered] = {}
    for section, kind in SECTION_KINDS.items():
        for entry in sections.entries[section]:
            if entry.id is None or not valid_id(entry.id):
                continue
            id_node = entry.node.entries["id"][1]
            first = registry.first.get(entry.id)
            similar = folded.get(entry.id.lower())
            if first is None and similar is not None:
                other = similar.entry.id
                report.add(
                    id_node,
                    "id-duplicate",
                    f"id '{entry.id}' differs from {similar.kind} '{other}' only in letter "
                    "case; their pages would be one file on Windows and macOS and in a "
                    "zip, so rename one",
                    notes=(Note(similar.mark, f"{similar.kind} '{other}' is defined here"),),
                )
            if first is not None:
                report.add(
                    id_node,
                    "id-duplicate",
                    f"id '{entry.id}' is already used by {first.kind} '{entry.id}'; "
                    "ids must be unique across the whole scope, so rename one",
                    notes=(Note(first.mark, f"{first.kind} '{entry.id}' is defined here"),),
                )
                registry.also.setdefault(entry.id, []).append(Registered(kind, entry, id_node.mark))
                continue
            registry.first[entry.id] = Registered(kind, entry, id_node.mark)
            folded.setdefault(entry.id.lower(), registry.first[entry.id])
    return registry


def check_refs(sections: Sections, registry: Registry, report: Report) -> None:
    """Report every reference that is repeated in its list or does not resolve as it should."""
    for section, entries in sections.entries.items():
        kind = SECTION_KINDS.get(section, section.rstrip("s"))
        for entry in entries:
            if not entry.refs:
                continue
            owner = f"{kind} '{entry.id}'" if entry.id else f"the '{section}' section"
            if section == "approvals" and entry.obj is not None:
                owner = f"approval '{entry.obj.version}'"
            seen: set[tuple[int, str]] = set()
            for spec, item, container in entry.refs:
                if spec.target:
                    _check_target(registry, report, entry, owner, item)
                    continue
                assert spec.ref is not None
                if container and (container, item.value) in seen:
                    report.add(
                        item,
                        "ref-repeated",
                        f"{owner} lists '{item.value}' twice in '{spec.name}'; remove the repeat",
                        "warning",
                    )
                    continue
                seen.add((container, item.value))
                _check_ref(
                    registry, report, owner, entry, spec.name, item, spec.ref.kinds, spec.ref.types
                )


def _check_ref(
    registry: Registry,
    report: Report,
    owner: str,
    entry: Entry,
    field_name: str,
    node: Scalar,
    kinds: tuple[str, ...],
    types: tuple[str, ...],
) -> None:
    ident = node.value
    wanted = " or ".join(kinds)
    reg = registry.find(ident, kinds)
    if reg is None:
        hint = registry.suggest(ident, kinds, types)
        if not hint:
            section = next(s for s, k in SECTION_KINDS.items() if k == kinds[0])
            hint = f"; add it under '{section}:' or correct the id"
        report.add(
            node,
            "ref-unknown",
            f"{owner} names unknown {wanted} '{ident}' in '{field_name}'{hint}",
        )
        return
    if reg.kind not in kinds:
        report.add(
            node,
            "ref-kind",
            f"{owner} names '{ident}' in '{field_name}', but it is a {reg.kind}, "
            f"not a {wanted}{registry.suggest(ident, kinds, types)}",
        )
        return
    if entry.id is not None and ident == entry.id and reg.entry is entry:
        report.add(node, "ref-self", f"{owner} names itself in '{field_name}'; remove it")
        return
    obj = reg.entry.obj
    if types and obj is not None and obj.type not in types:
        report.add(
            node,
            "ref-kind",
            f"{owner} names party '{ident}' in '{field_name}', but it is of type "
            f"{obj.type}; '{field_name}' takes parties of type {' or '.join(types)}",
        )


def _check_target(
    registry: Registry, report: Report, entry: Entry, owner: str, node: Scalar
) -> None:
    obj = entry.obj
    if obj is None:
        return
    ident = node.value
    reg = registry.get(ident)
    if reg is not None and reg.kind == "process":
        report.add(node, "exclusion-forbidden", f"{owner}: {FORBIDDEN_KINDS['process']}")
        return
    if standards.is_clause(ident):
        report.add(node, "exclusion-forbidden", f"{owner}: {FORBIDDEN_KINDS['clause']}")
        return
    kind, types = _TARGET_KINDS[obj.kind]
    _check_ref(registry, report, owner, entry, "target", node, (kind,), types)
