"""A cell's value as the contract's field takes it: text, a whole number, a date, one of a set
of values, or a list of ids; an entry named by its name becomes its id. The text is data: it
is never evaluated, and the quote the audit pack puts before text a spreadsheet would take for
a formula is taken off again."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final

from smsdocs.model import SECTION_KINDS
from smsdocs.pack.workbooks import FORMULA_STARTS
from smsdocs.schema import FieldSpec
from smsdocs.sheets.columns import ITEM_TITLES
from smsdocs.sheets.table import Cell, Formula

Value = str | int | dt.date | list[str]
_INT: Final = re.compile(r"^[-+]?[0-9]{1,18}$")
_DATE: Final = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")
_ID_SEPARATORS: Final = re.compile(r"[;,\n]")
_TEXT_SEPARATORS: Final = re.compile(r"[;\n]")


class Bad(Exception):
    """A cell the field cannot take: what is wrong, and the fix."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(slots=True)
class Names:
    """The entries of the scope by kind: their ids, and the ids each name stands for."""

    ids: dict[str, set[str]] = field(default_factory=dict)
    names: dict[str, dict[str, list[str]]] = field(default_factory=dict)

    def add(self, kind: str, ident: str, name: str | None) -> None:
        self.ids.setdefault(kind, set()).add(ident)
        if name:
            self.names.setdefault(kind, {}).setdefault(name.strip().lower(), []).append(ident)

    def resolve(self, kinds: tuple[str, ...], word: str) -> str:
        """``word`` as an id of one of ``kinds``: itself when it is one, else the one entry
        whose name it is; unchanged when no entry has it as a name."""
        if any(word in self.ids.get(k, ()) for k in kinds):
            return word
        found = [i for k in kinds for i in self.names.get(k, {}).get(word.strip().lower(), [])]
        if len(set(found)) > 1:
            raise Bad(
                "import-name",
                f"'{word}' is the name of several entries ({', '.join(sorted(set(found)))}); "
                "write the id of the one meant",
            )
        return found[0] if found else word


KINDS_OF_SECTIONS: Final = {kind: section for section, kind in SECTION_KINDS.items()}


def text_of(cell: Cell) -> str | None:
    """The cell as text (None when empty); a whole number as written, a date as ISO 8601."""
    value = cell.value
    if value is None or isinstance(value, Formula):
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time() else value
    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    text = text.replace("\r\n", "\n").strip()
    if text.startswith("'") and text[1:2] and text[1] in FORMULA_STARTS:
        text = text[1:]
    return text or None


def convert(
    spec: FieldSpec,
    cell: Cell,
    names: Names,
    values: Mapping[str, str],
    separator: str | None,
) -> Value | None:
    """The value of ``cell`` for the field ``spec`` (None: the field is absent); raises
    ``Bad`` with what is wrong and the fix."""
    if isinstance(cell.value, Formula):
        raise Bad(
            "import-formula",
            f"the cell holds a formula ({cell.value.text[:60]}) whose value the workbook never "
            "saved; smsdocs reads values and never runs a formula: open the workbook in a "
            "spreadsheet and save it, or type the value",
        )
    if spec.shape == "date" and isinstance(cell.value, dt.datetime | dt.date):
        return _date_cell(cell.value)
    text = text_of(cell)
    if text is None:
        return None
    if spec.shape == "list":
        return _list(spec, text, names, values, separator)
    text = values.get(text, text)
    if spec.shape == "int":
        return _int(spec, text)
    if spec.shape == "date":
        return _date(text)
    if spec.shape == "enum":
        return _choice(spec, text)
    if spec.ref is not None:
        return names.resolve(spec.ref.kinds, text)
    return text


def _date_cell(value: dt.date) -> dt.date:
    if isinstance(value, dt.datetime):
        if value.time() != dt.time():
            raise Bad(
                "import-date",
                f"holds a time ({value.isoformat(sep=' ')}); the field takes a date: format "
                "the cell as a date without a time",
            )
        return value.date()
    return value


def _int(spec: FieldSpec, text: str) -> int:
    if not _INT.match(text):
        raise Bad(
            "import-number",
            f"'{text}' is not a whole number; write {_range(spec) or 'a whole number'}",
        )
    number = int(text)
    if spec.range and (
        number < spec.range.low or (spec.range.high is not None and number > spec.range.high)
    ):
        raise Bad("import-number", f"{number} is out of range; write {_range(spec)}")
    return number


def _range(spec: FieldSpec) -> str:
    if spec.range is None:
        return ""
    if spec.range.high is None:
        return f"a whole number of at least {spec.range.low}"
    return f"a whole number from {spec.range.low} to {spec.range.high}"


def _date(text: str) -> dt.date:
    match = _DATE.match(text)
    try:
        if match:
            return dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        pass
    raise Bad(
        "import-date",
        f"'{text}' is not a date; write it as YYYY-MM-DD (e.g. 2026-03-31) or format the "
        "cell as a date",
    )


def _choice(spec: FieldSpec, text: str) -> str:
    word = re.sub(r"[\s_]+", "-", text.strip().lower())
    for choice in spec.choices:
        if word == choice.lower():
            return choice
    if spec.name == "item" and text.strip().lower() in ITEM_TITLES:
        return ITEM_TITLES[text.strip().lower()]
    raise Bad(
        "import-choice",
        f"'{text}' is not one of {', '.join(spec.choices)}; write one of them, or translate "
        "the sheet's word under 'values:' in a mapping file",
    )


def _list(
    spec: FieldSpec, text: str, names: Names, values: Mapping[str, str], separator: str | None
) -> list[str]:
    if separator:
        parts = text.split(separator)
    else:
        parts = (_ID_SEPARATORS if spec.ref else _TEXT_SEPARATORS).split(text)
    items = [values.get(p.strip(), p.strip()) for p in parts if p.strip()]
    if spec.ref is not None:
        items = [names.resolve(spec.ref.kinds, item) for item in items]
    return items
