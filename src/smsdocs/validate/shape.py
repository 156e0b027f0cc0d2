"""Pass 1 of the check: sections, fields and their types, against ``schema.fields_of``.

Turns the loader's nodes into model objects one entry at a time, checking known sections
and fields, types, required fields, enums, ranges, dates, id syntax and the links in
Markdown text, so the contract lives in ``model`` alone. What it finds goes to a ``Report``;
what it builds is a ``Sections``, which the reference pass and the rules read.

Imports ``errors``, ``load``, ``model``, ``sanitise``, ``schema`` and, in this folder,
``report``, ``sound`` and ``suggest``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Final

import yaml

from smsdocs.errors import Mark, Note, printable
from smsdocs.load import Map, Node, Piece, Scalar, Seq
from smsdocs.model import ID_PATTERN, MAX_ID_LENGTH, SECTION_KINDS, Exclusion, Scope
from smsdocs.sanitise import Refusals, schemes_in_words
from smsdocs.schema import FieldSpec, fields_of
from smsdocs.validate.report import Report, plural
from smsdocs.validate.sound import Sound
from smsdocs.validate.suggest import suggest
from smsdocs.validate.text import check_nesting

_ID_RE: Final = re.compile(ID_PATTERN)
_RESOLVER: Final = yaml.resolver.Resolver()
_INT_RE: Final = re.compile(r"^[-+]?[0-9]+$")
_DATE_RE: Final = re.compile(r"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})$")
_ISO_DATE_RE: Final = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
MAX_INT_DIGITS: Final = 18
"""Whole numbers with more digits are out of every range without being converted (Python
refuses to convert numbers of thousands of digits)."""

SECTIONS: Final = fields_of(Scope)
SINGLE_SECTIONS: Final = tuple(n for n, s in SECTIONS.items() if s.shape == "object")
REQUIRED_SECTIONS: Final = tuple(n for n, s in SECTIONS.items() if s.required)

# What users write when they try to exclude something that can never be excluded.
FORBIDDEN_KINDS: Final = {
    "process": "a clause 8 process can never be excluded: one operated by another party "
    "stays in scope and is controlled under 8.2.3, so set 'operated_by' on the process instead",
    "requirement": "no requirement of clauses 4 to 10 can be excluded; exclude services, "
    "components, locations, units or customers instead",
    "clause": "no requirement of clauses 4 to 10 can be excluded; exclude services, "
    "components, locations, units or customers instead",
}
FORBIDDEN_KINDS["processes"] = FORBIDDEN_KINDS["process"]
FORBIDDEN_KINDS["requirements"] = FORBIDDEN_KINDS["requirement"]

_INVALID: Final = object()
"""A value that was reported as wrong, as opposed to None for one that is absent."""


@dataclass(slots=True)
class Entry:
    """One converted entry: the model object (None when its shape is broken) and its node."""

    section: str
    node: Map
    obj: Any
    id: str | None
    refs: list[tuple[FieldSpec, Scalar, int]] = field(default_factory=list)
    """The references the entry makes, collected while its fields are converted, each with
    the id of the list node it sits in (0 for a single value), so repeats are found per list."""


@dataclass(slots=True)
class Sections(Sound):
    """What pass 1 read: every section's entries, and where each section is first named."""

    entries: dict[str, list[Entry]] = field(default_factory=lambda: {name: [] for name in SECTIONS})
    keys: dict[str, Scalar] = field(default_factory=dict)
    """The key that first names each section, for findings about a section as a whole."""
    nested: list[tuple[Any, Map]] = field(default_factory=list)
    """Nested entries (plan phases, milestones) and their nodes, for rule locations."""
    unknown: bool = False
    """Some file names a section that does not exist, so other files' ids may be hidden."""

    def sound(self, section: str) -> list[Any]:
        """The model objects of the entries of ``section`` whose shape is sound."""
        return [e.obj for e in self.entries[section] if e.obj is not None]


@dataclass(frozen=True, slots=True)
class _Fields:
    """Where converting one entry's fields reports, and what it collects on the way."""

    report: Report
    refusals: Refusals
    refs: list[tuple[FieldSpec, Scalar, int]]
    """The entry's references (``Entry.refs``)."""
    nested: list[tuple[Any, Map]]
    """``Sections.nested``."""


def read_sections(pieces: Iterable[Piece], report: Report) -> Sections:
    """Convert every section of every file, in file order, reporting what is wrong."""
    sections = Sections()
    refusals = Refusals()  # one Markdown parser for the whole check
    for piece in pieces:
        _section(sections, report, refusals, piece.name, piece.key, piece.value)
    return sections


def require_sections(sections: Sections, report: Report) -> None:
    """Report every required section that no file defines."""
    for name in REQUIRED_SECTIONS:
        if name not in sections.keys:
            report.add(
                Mark("scope/"),
                "section-missing",
                f"no '{name}' section in any file under scope/; add one: "
                + (type_of(name).__doc__ or name).strip().rstrip(".").lower(),
            )


def type_of(section: str) -> type:
    """The model class of one entry of ``section``."""
    item: type | None = SECTIONS[section].item
    assert item is not None
    return item


def valid_id(text: str) -> bool:
    """Whether ``text`` is an id the contract accepts."""
    return len(text) <= MAX_ID_LENGTH and _ID_RE.fullmatch(text) is not None


def _section(
    sections: Sections, report: Report, refusals: Refusals, name: str, key: Scalar, value: Node
) -> None:
    spec = SECTIONS.get(name)
    if spec is None:
        sections.unknown = True
        report.add(
            key,
            "key-unknown",
            f"unknown section '{name}'{suggest(name, SECTIONS)}; "
            f"sections are: {', '.join(SECTIONS)}",
        )
        return
    first = sections.keys.get(name)
    if spec.shape == "object":
        if first is not None:
            report.add(
                key,
                "section-duplicate",
                f"section '{name}' is defined twice; keep it in one file",
                notes=(Note(first.mark, f"'{name}' is first defined here"),),
            )
            return
        sections.keys[name] = key
        assert spec.item is not None
        if not isinstance(value, Map):
            _type_mismatch(report, value, f"section '{name}'", "a mapping of fields")
            return
        _read_entry(sections, report, refusals, name, value, None, f"the '{name}' section")
        return
    sections.keys.setdefault(name, key)
    if isinstance(value, Scalar) and value.is_null:
        return  # "services:" with nothing under it yet
    if not isinstance(value, Seq):
        _type_mismatch(
            report, value, f"section '{name}'", "a list of entries (lines starting with '- ')"
        )
        return
    assert spec.item is not None
    kind = SECTION_KINDS.get(name)
    for index, item in enumerate(value.items, 1):
        if not isinstance(item, Map):
            _type_mismatch(report, item, f"entry {index} of '{name}'", "a mapping of fields")
            continue
        ident = _entry_id(item)
        what = f"{kind} '{ident}'" if kind and ident else f"entry {index} of '{name}'"
        if name == "approvals":
            version = item.entries.get("version")
            if version and isinstance(version[1], Scalar) and not version[1].is_null:
                what = f"approval '{version[1].value}'"
        _read_entry(sections, report, refusals, name, item, ident, what)


def _read_entry(
    sections: Sections,
    report: Report,
    refusals: Refusals,
    name: str,
    node: Map,
    ident: str | None,
    what: str,
) -> None:
    entry = Entry(name, node, None, ident)
    fields = _Fields(report, refusals, entry.refs, sections.nested)
    entry.obj = _convert(fields, type_of(name), node, what)
    sections.entries[name].append(entry)


def _entry_id(node: Map) -> str | None:
    found = node.entries.get("id")
    if found and isinstance(found[1], Scalar) and not found[1].is_null:
        value: str = found[1].value
        return value
    return None


def _type_mismatch(report: Report, node: Node, what: str, expected: str) -> None:
    report.add(node, "type-mismatch", f"{what} should be {expected}, not {_describe(node)}")


def _convert(c: _Fields, cls: type, node: Map, what: str) -> Any:
    """Build a model object from a mapping, or return None after reporting why not."""
    specs = fields_of(cls)
    values: dict[str, Any] = {}
    ok = True
    for name, (key, value) in node.entries.items():
        spec = specs.get(name)
        if spec is None:
            c.report.add(
                key,
                "key-unknown",
                f"{what} has unknown field '{name}'{suggest(name, specs)}; "
                f"known fields: {', '.join(specs)}",
            )
            # The known fields are still checked: an unknown key hides nothing else.
            continue
        converted = _value(c, spec, value, what, cls)
        if converted is _INVALID:
            ok = False
        elif converted is not None:
            values[name] = converted
    for name, spec in specs.items():
        if spec.required and name not in values and not _reported_at(node, name):
            where: Node = node.entries[name][0] if name in node.entries else node
            c.report.add(
                where,
                "field-missing",
                f"{what} has no '{name}'"
                + (" (it is empty)" if name in node.entries else "")
                + f"; add '{name}:' with {_expects(spec)}",
            )
            ok = False
    if not ok:
        return None
    return cls(**values)


def _reported_at(node: Map, name: str) -> bool:
    # The required-field check must not repeat a type error already reported for it.
    if name not in node.entries:
        return False
    value = node.entries[name][1]
    return not (isinstance(value, Scalar) and (value.is_null or not value.value.strip()))


def _value(c: _Fields, spec: FieldSpec, node: Node, what: str, cls: type) -> Any:
    label = f"'{spec.name}' of {what}"
    if isinstance(node, Scalar) and (
        node.is_null or (node.value.strip() == "" and (spec.shape != "list" or spec.one_or_many))
    ):
        return None  # empty: treated as absent (required fields report it once)
    shape = spec.shape
    if shape == "list":
        return _list_value(c, spec, node, label)
    if shape == "object":
        if not isinstance(node, Map):
            _type_mismatch(c.report, node, label, "a mapping of fields")
            return _INVALID
        assert spec.item is not None
        obj = _convert(c, spec.item, node, label)
        return _INVALID if obj is None else obj
    if not isinstance(node, Scalar):
        _type_mismatch(c.report, node, label, _expects(spec))
        return _INVALID
    text = node.value
    if shape == "str":
        return _text_value(c, spec, node, label)
    if shape == "int":
        return _int_value(c.report, spec, node, label)
    if shape == "date":
        return _date_value(c.report, node, label)
    # enum
    if text in spec.choices:
        return text
    if cls is Exclusion and spec.name == "kind" and text.lower() in FORBIDDEN_KINDS:
        c.report.add(node, "exclusion-forbidden", f"{what}: {FORBIDDEN_KINDS[text.lower()]}")
        return _INVALID
    c.report.add(
        node,
        "value-invalid",
        f"{label} is '{text}'{suggest(text, spec.choices)}; use one of: {', '.join(spec.choices)}",
    )
    return _INVALID


def _yaml_type(node: Scalar) -> str:
    """What YAML reads a scalar as: 'str', 'int', 'float', 'bool', 'null' or 'timestamp'."""
    if not node.plain:
        return "str"
    tag: str = _RESOLVER.resolve(yaml.ScalarNode, node.value, (True, False))  # type: ignore[no-untyped-call]
    return tag.rsplit(":", 1)[-1]


def _text_value(c: _Fields, spec: FieldSpec, node: Scalar, label: str) -> Any:
    text = node.value
    if spec.is_id or spec.ref is not None or spec.target:
        as_id = _id_text(node)
        if as_id is None:
            # '1.5' and 'yes' name no entry the way YAML and JSON Schema read them (a
            # fraction, a yes/no value): an id is text, or a whole number at most.
            what = "an id" if spec.is_id else "a reference to an id"
            _type_mismatch(c.report, node, label, f"{what} written as text ('{text}', quoted)")
            return _INVALID
        # The reference checks read the node: it holds the id as written, '2' for 2.0.
        node.value = text = as_id
    if spec.is_id and not _ID_RE.fullmatch(text):
        c.report.add(
            node,
            "id-invalid",
            f"id '{text}' is not valid; ids start with a letter or digit and "
            f"use only letters, digits, '.', '_' and '-'{_id_suggestion(text)}",
        )
        return _INVALID
    if spec.is_id and len(text) > MAX_ID_LENGTH:
        c.report.add(
            node,
            "id-invalid",
            f"id '{text[:24]}...' is {len(text)} characters long; ids are at most "
            f"{MAX_ID_LENGTH} characters, because they become file names and links",
        )
        return _INVALID
    if spec.ref is not None or spec.target:
        c.refs.append((spec, node, 0))
    if spec.markdown:
        _links_in(c, node, label, text)
        check_nesting(c.report, node, label)
    return text


def _int_value(report: Report, spec: FieldSpec, node: Scalar, label: str) -> Any:
    text = node.value
    if node.plain and _yaml_type(node) == "float" and _integral(text):
        # 2.0 is the whole number 2, as JSON Schema counts it.
        text = str(int(float(text.replace("_", ""))))
    elif not (node.plain and _INT_RE.fullmatch(text)):
        _type_mismatch(report, node, label, "a whole number")
        return _INVALID
    rng = spec.range
    upper = "" if rng is None else f" to {rng.high}" if rng.high is not None else " or more"
    digits = len(text.lstrip("+-").lstrip("0"))
    if digits > MAX_INT_DIGITS:
        use = f"; use {rng.low}{upper}" if rng else ""
        report.add(node, "value-range", f"{label} is a {digits}-digit number{use}")
        return _INVALID
    number = int(text)
    if rng and (number < rng.low or (rng.high is not None and number > rng.high)):
        report.add(node, "value-range", f"{label} is {number}; use {rng.low}{upper}")
        return _INVALID
    return number


def _links_in(c: _Fields, node: Scalar, label: str, text: str) -> None:
    for kind, address in c.refusals(text):
        shown = _shown(address)
        if kind == "link":
            c.report.add(
                node,
                "link-unsafe",
                f"{label} links to '{shown}', which the manual shows as plain text; "
                f"links may go to {schemes_in_words()} addresses, or within the manual",
                "warning",
            )
        else:
            c.report.add(
                node,
                "image-unsafe",
                f"{label} shows the image '{shown}', which is not a file of the project, "
                "so the manual shows its description instead; put the image under docs/ "
                "and give its relative path",
                "warning",
            )


def _date_value(report: Report, node: Scalar, label: str) -> Any:
    text = node.value.strip()
    match = _DATE_RE.match(text)
    if not match:
        report.add(node, "date-invalid", f"{label} is '{text}', not a date; write it as YYYY-MM-DD")
        return _INVALID
    year, month, day = (int(g) for g in match.groups())
    if year < dt.MINYEAR:
        report.add(
            node,
            "date-invalid",
            f"{label} is {text}, which is not a real date; years run from 0001 to 9999",
        )
        return _INVALID
    if not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(year, month)[1]:
        report.add(
            node,
            "date-invalid",
            f"{label} is {text}, which is not a real date; check the month and day",
        )
        return _INVALID
    if not _ISO_DATE_RE.match(text):
        report.add(
            node,
            "date-invalid",
            f"{label} is '{text}'; write dates as YYYY-MM-DD ('{year:04d}-{month:02d}-{day:02d}')",
        )
        return _INVALID
    return dt.date(year, month, day)


def _list_value(c: _Fields, spec: FieldSpec, node: Node, label: str) -> Any:
    if isinstance(node, Scalar) and node.is_null:
        return ()
    if spec.item is not None:
        return _object_list(c, spec, node, label)
    if spec.one_or_many and isinstance(node, Scalar):
        # One id written on its own, as these fields took before they took lists.
        single = Seq(node.file, node.line, node.column)
        single.items.append(node)
        node = single
    if not isinstance(node, Seq):
        hint = f"; write it as [{node.value}]" if isinstance(node, Scalar) else ""
        c.report.add(
            node, "type-mismatch", f"{label} should be a list, not {_describe(node)}{hint}"
        )
        return _INVALID
    out: list[str] = []
    ok = True
    for item in node.items:
        if not isinstance(item, Scalar) or item.is_null or not item.value.strip():
            c.report.add(
                item,
                "type-mismatch",
                f"each item of {label} should be text, not {_describe(item)}",
            )
            ok = False
            continue
        if spec.ref is not None:
            as_id = _id_text(item)
            if as_id is None:
                _type_mismatch(
                    c.report,
                    item,
                    f"each item of {label}",
                    f"a reference to an id written as text ('{item.value}', quoted)",
                )
                ok = False
                continue
            item.value = as_id  # as above: the reference checks read the node
            c.refs.append((spec, item, id(node)))
        out.append(item.value)
    length = spec.length
    if (
        ok
        and length
        and (len(out) < length.low or (length.high is not None and len(out) > length.high))
    ):
        count = f"exactly {length.low}" if length.high == length.low else f"at least {length.low}"
        c.report.add(
            node,
            "value-range",
            f"{label} has {len(out)} {plural(len(out), 'item')}; it needs {count}",
        )
        return _INVALID
    return tuple(out) if ok else _INVALID


def _object_list(c: _Fields, spec: FieldSpec, node: Node, label: str) -> Any:
    """A list of nested entries, such as the phases of the implementation plan."""
    assert spec.item is not None
    if not isinstance(node, Seq):
        _type_mismatch(c.report, node, label, "a list of entries (lines starting with '- ')")
        return _INVALID
    out: list[Any] = []
    ok = True
    for index, item in enumerate(node.items, 1):
        ident = _entry_id(item) if isinstance(item, Map) else None
        where = f"{spec.name} '{ident}'" if ident else f"entry {index} of {label}"
        if not isinstance(item, Map):
            _type_mismatch(c.report, item, where, "a mapping of fields")
            ok = False
            continue
        obj = _convert(c, spec.item, item, where)
        if obj is None:
            ok = False
        else:
            out.append(obj)
            c.nested.append((obj, item))
    return tuple(out) if ok else _INVALID


def _shown(address: str, limit: int = 60) -> str:
    """An address quoted in a message: control characters escaped, long ones shortened."""
    escaped = printable(address)
    return escaped if len(escaped) <= limit else escaped[: limit - 1] + "…"


def _id_text(node: Scalar) -> str | None:
    """The id a scalar is, as YAML and JSON Schema read it: its text, or a whole number
    (one written 2.0 is the id '2', as JSON counts it); None for a fraction or a yes/no
    value, which are no id."""
    kind = _yaml_type(node)
    if kind == "bool" or (kind == "float" and not _integral(node.value)):
        return None
    if kind == "float":
        return str(int(float(node.value.replace("_", ""))))
    return node.value


def _integral(text: str) -> bool:
    """Whether a YAML float is a whole number small enough to be one (2.0, 1.0e+2)."""
    try:
        number = float(text.replace("_", ""))
    except ValueError:
        return False
    return math.isfinite(number) and number.is_integer() and abs(number) < 10**MAX_INT_DIGITS


def _describe(node: Node) -> str:
    if isinstance(node, Scalar):
        text = node.value if len(node.value) <= 40 else node.value[:37] + "..."
        if node.is_null:
            return "empty"
        kind = _yaml_type(node)
        if kind == "bool":
            return f"the yes/no value {text}"
        if kind in ("int", "float"):
            return f"the number {text}"
        return f"the text '{text}'"
    return f"a {node.kind}"


def _expects(spec: FieldSpec) -> str:
    if spec.shape == "enum":
        return "one of " + ", ".join(spec.choices)
    if spec.shape == "date":
        return "a date (YYYY-MM-DD)"
    if spec.shape == "int":
        return "a whole number"
    if spec.shape == "list":
        return "a list"
    if spec.shape == "object":
        return "a mapping of fields"
    if spec.ref is not None:
        return f"a {' or '.join(spec.ref.kinds)} id"
    if spec.is_id:
        return "an id such as 'managed-hosting'"
    return "text"


def _id_suggestion(text: str) -> str:
    fixed = re.sub(r"[^A-Za-z0-9._-]+", "-", text.strip()).strip("-._")
    return f" (try '{fixed}')" if fixed and valid_id(fixed) else ""
