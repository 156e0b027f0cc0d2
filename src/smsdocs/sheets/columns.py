"""Which field of the contract each column of a sheet fills: by the column's header (the field's
name or its label, in any letter case, with spaces, '_' or '-'), or as a mapping file says."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from smsdocs import standards
from smsdocs.errors import Finding, InputError, Mark
from smsdocs.load import Map, Node, Scalar, Seq, compose
from smsdocs.model import SECTION_KINDS
from smsdocs.schema import FieldSpec, fields_of
from smsdocs.validate import suggest
from smsdocs.validate.shape import type_of

SECTIONS: Final = ("services", "parties", "units", "locations", "risks", "documents")
"""The sections a sheet can bring in: the lists an organisation keeps in spreadsheets."""

ALIASES: Final = {
    "services": ("catalogue", "catalog"),
    "parties": ("supplier", "customer"),
    "units": ("team", "organisationunit", "organizationunit"),
    "locations": ("site",),
    "risks": (),
    "documents": ("register", "documentedinformation"),
}
"""Other words a sheet's or file's name may start with for each section."""

REGISTER_HEADERS: Final = {
    "7.5.4 item": "item",
    "document": "title",
    "where": "link",
    "next review": "review",
}
"""The columns of the audit pack's register of documented information, by the field each fills."""

ITEM_TITLES: Final = {title.lower(): key for key, title in standards.DOCUMENTED_INFORMATION}
"""A 7.5.4 item by the title the register shows for it."""


def specs(section: str) -> dict[str, FieldSpec]:
    """The fields a sheet may fill for ``section``: every field that is not a nested object."""
    return {n: s for n, s in fields_of(type_of(section)).items() if s.shape != "object"}


def singular(section: str) -> str:
    return SECTION_KINDS[section]


def label(name: str) -> str:
    """A field's column header as the sheet command writes it: 'depends_on' -> 'Depends on'."""
    special = {"id": "Id", "sla": "SLA"}
    return special.get(name, name.replace("_", " ").capitalize())


def key(text: str) -> str:
    """A header as it is compared: letter case, spaces, '_' and '-' do not count."""
    return re.sub(r"[\s_\-]+", "", text).lower()


def default_columns(section: str) -> dict[str, str]:
    """Every header that names a field of ``section`` by default, compared with ``key``:
    the field's name, its label, the name after the entry's kind ('Service owner'), and for
    documents the audit pack's register columns."""
    found: dict[str, str] = {}
    kind = singular(section)
    for name in specs(section):
        for header in (name, label(name), f"{kind} {name}", f"{kind} {label(name)}"):
            found.setdefault(key(header), name)
    if section == "documents":
        for header, name in REGISTER_HEADERS.items():
            found.setdefault(key(header), name)
    return found


def section_of(names: list[str], headers: list[str]) -> str | None:
    """The section a sheet holds, told by a name (the sheet's, the file's), or by the
    register's columns; None when nothing tells."""
    for name in names:
        word = key(name)
        for section in SECTIONS:
            if any(word.startswith(k) for k in (section, singular(section), *ALIASES[section])):
                return section
    if {key(h) for h in REGISTER_HEADERS} <= {key(h) for h in headers}:
        return "documents"
    return None


@dataclass(slots=True)
class Mapping:
    """What a mapping file says: the section, the sheet, each column's field (None: ignored),
    value translations by field, the list separator and values for fields the sheet lacks."""

    section: str | None = None
    sheet: str | None = None
    columns: dict[str, str | None] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    separator: str | None = None
    defaults: dict[str, str] = field(default_factory=dict)
    marks: dict[str, Mark] = field(default_factory=dict)
    """Where each column's field is given, for findings about it."""


_KEYS: Final = ("section", "sheet", "columns", "ignore", "values", "separator", "defaults")


def read_mapping(path: Path, display: str) -> tuple[Mapping, list[Finding]]:
    """The mapping file at ``path``, and every problem in it as a finding at file:line:column."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{display}: cannot read the mapping file ({exc})") from None
    findings: list[Finding] = []
    root = compose(display, text, findings)
    mapping = Mapping()
    if root is None:
        if not findings:
            findings.append(
                _finding(Mark(display, 1, 1), "the mapping file is empty; give 'columns:'")
            )
        return mapping, findings
    if not isinstance(root, Map):
        return mapping, [
            *findings,
            _finding(
                root.mark, "a mapping file is a mapping of 'columns:', 'values:' and the like"
            ),
        ]
    for name, (k, value) in root.entries.items():
        if name not in _KEYS:
            findings.append(
                _finding(
                    k.mark,
                    f"unknown key '{name}'{suggest(name, _KEYS)}; the keys are {', '.join(_KEYS)}",
                )
            )
        elif name in ("section", "sheet", "separator"):
            text_value = _text(value, name, findings)
            if name == "section" and text_value is not None and text_value not in SECTIONS:
                findings.append(
                    _finding(
                        value.mark,
                        f"unknown section '{text_value}'{suggest(text_value, SECTIONS)}; import one of {', '.join(SECTIONS)}",
                    )
                )
            setattr(mapping, name, text_value)
        elif name == "ignore":
            for item in value.items if isinstance(value, Seq) else [value]:
                column = _text(item, "ignore", findings)
                if column is not None:
                    mapping.columns[column] = None
        else:
            _read_map(mapping, name, value, findings)
    return mapping, findings


def _read_map(mapping: Mapping, name: str, node: Node, findings: list[Finding]) -> None:
    if not isinstance(node, Map):
        findings.append(_finding(node.mark, f"'{name}' is a mapping, not a {node.kind}"))
        return
    for entry, (k, value) in node.entries.items():
        if name == "columns":
            target = (
                None
                if isinstance(value, Scalar) and value.is_null
                else _text(value, entry, findings)
            )
            mapping.columns[entry] = target
            mapping.marks[entry] = value.mark
        elif name == "defaults":
            given = _text(value, entry, findings)
            if given is not None:
                mapping.defaults[entry] = given
                mapping.marks.setdefault(entry, k.mark)
        elif not isinstance(value, Map):
            findings.append(
                _finding(
                    value.mark,
                    f"the values of '{entry}' are a mapping of what the sheet says to what to write, not a {value.kind}",
                )
            )
        else:
            mapping.marks.setdefault("values:" + entry, k.mark)
            mapping.values[entry] = {
                word: text
                for word, (_, v) in value.entries.items()
                if (text := _text(v, word, findings)) is not None
            }


def check_fields(mapping: Mapping, section: str, display: str) -> list[Finding]:
    """Findings for every field the mapping names that ``section`` does not have."""
    known = specs(section)
    findings = []
    named = [(c, f, mapping.marks.get(c)) for c, f in mapping.columns.items() if f is not None]
    named += [(f, f, mapping.marks.get(f)) for f in mapping.defaults]
    named += [(f, f, mapping.marks.get("values:" + f)) for f in mapping.values]
    for _, name, mark in named:
        if name not in known:
            findings.append(
                _finding(
                    mark or Mark(display),
                    f"{singular(section)} has no field '{name}'{suggest(name, known)}; its fields are {', '.join(known)}",
                )
            )
    return findings


def _text(node: Node, name: str, findings: list[Finding]) -> str | None:
    if isinstance(node, Scalar) and not node.is_null:
        return node.value
    findings.append(_finding(node.mark, f"'{name}' takes a text value, not a {node.kind}"))
    return None


def _finding(mark: Mark, message: str) -> Finding:
    return Finding(mark, "error", "import-mapping", message)
