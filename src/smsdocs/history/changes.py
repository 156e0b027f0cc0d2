"""The semantic diff of two versions of the scope: section by section, field by field."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any, Literal

from smsdocs.model import Change, Scope, name_of
from smsdocs.schema import fields_of
from smsdocs.validate import SECTIONS


def plain(value: Any) -> Any:
    """A JSON-ready copy of a model value."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [plain(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return value


def _empty(value: Any) -> bool:
    return value is None or value in ((), "")


def _entries(scope: Scope, section: str) -> dict[str, Any]:
    value = getattr(scope, section)
    if SECTIONS[section].shape == "object":
        # An optional section (the implementation plan) may be absent from either version.
        return {} if value is None else {section: value}
    key = "version" if section == "approvals" else "id"
    return {getattr(entry, key): entry for entry in value}


def diff(old: Scope, new: Scope, language: str | None = None) -> list[Change]:
    """What changed from ``old`` to ``new``, section by section, field by field; each change
    with the entry's name and the names of the entries its fields refer to (an entry that
    smsdocs names in its own words, such as an exclusion, named in ``language``; with none, in English with ISO 8601 dates)."""
    changes: list[Change] = []
    for section in SECTIONS:
        before, after = _entries(old, section), _entries(new, section)
        for ident in [*before, *(i for i in after if i not in before)]:
            a, b = before.get(ident), after.get(ident)
            present = a if a is not None else b
            assert present is not None  # the id came from one side or the other
            cls: type = type(present)
            specs = fields_of(cls)
            if a is None:
                kind: Literal["added", "removed", "changed"] = "added"
                fields = tuple(
                    (n, None, plain(getattr(b, n))) for n in specs if not _empty(getattr(b, n))
                )
            elif b is None:
                kind = "removed"
                fields = tuple(
                    (n, plain(getattr(a, n)), None) for n in specs if not _empty(getattr(a, n))
                )
            elif a != b:
                kind = "changed"
                fields = tuple(
                    (n, plain(getattr(a, n)), plain(getattr(b, n)))
                    for n in specs
                    if getattr(a, n) != getattr(b, n)
                )
            else:
                continue
            name = name_of(new if b is not None else old, ident, language)
            names: dict[str, str] = {}
            for field, was, now in fields:
                if specs[field].ref is None and not specs[field].target:
                    continue
                for scope, value in ((old, was), (new, now)):
                    for referred in value if isinstance(value, list) else [value]:
                        if isinstance(referred, str) and referred in scope.index:
                            names.setdefault(referred, name_of(scope, referred, language))
            changes.append(
                Change(
                    section,
                    ident,
                    kind,
                    fields,
                    "" if name == ident else name,
                    tuple((i, n) for i, n in names.items() if n != i),
                )
            )
    return changes
