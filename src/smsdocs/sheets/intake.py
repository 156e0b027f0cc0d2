"""An import, planned in memory: the sheet's columns matched to fields, every cell converted
and located, the rows merged into the YAML, and the result checked as ``smsdocs check`` checks
it. Nothing is written here: the caller writes ``Plan.texts`` when ``Plan.problems`` holds no
error."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from smsdocs.errors import Finding, Severity
from smsdocs.load import (
    DOCS_DIR,
    Map,
    Node,
    PageClauses,
    PathEntry,
    Scalar,
    Seq,
    Source,
    WorkingTree,
    chapter_texts,
    load_project,
    load_tree,
    page_clauses,
)
from smsdocs.model import SECTION_KINDS
from smsdocs.sheets import columns as cols
from smsdocs.sheets.append import append_after
from smsdocs.sheets.cells import Bad, Names, Value, convert, text_of
from smsdocs.sheets.merge import Layout, Merged, Row, differs, merge
from smsdocs.sheets.table import Cell, Table
from smsdocs.validate import suggest, validate

NO_DOCUMENT: Final = frozenset({"no document", "not needed"})
"""What the audit pack's register says in a row with no document: such rows are skipped."""


@dataclass(frozen=True, slots=True)
class Problem:
    """A finding of an import, at a cell of the sheet (or a file:line:column)."""

    where: str
    severity: Severity
    code: str
    message: str
    order: tuple[int, int] = (0, 0)

    def __str__(self) -> str:
        return f"{self.where}: {self.severity}[{self.code}]: {self.message}"


@dataclass(slots=True)
class Plan:
    """What an import would do: the new text of each file, the changes, and every problem."""

    section: str
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    merged: Merged = field(default_factory=Merged)

    @property
    def failed(self) -> bool:
        return any(p.severity == "error" for p in self.problems)

    @property
    def texts(self) -> dict[str, str]:
        return self.merged.texts


def plan(
    root: Path,
    table: Table,
    section: str,
    mapping: cols.Mapping | None = None,
    into: str | None = None,
    today: dt.date | None = None,
) -> Plan:
    """Plan importing ``table`` into ``section`` of the project at ``root``."""
    mapping = mapping or cols.Mapping()
    result = Plan(section)
    source = load_project(root)
    fields, _ = _columns(table, section, mapping, result.problems)
    rows, places = _rows(table, section, fields, mapping, _names(source), result.problems)
    result.rows = len(rows)
    if "id" not in fields.values():
        result.problems.append(
            _at(
                table.header[0] if table.header else None,
                table.display,
                "import-column",
                "no column gives the id of each entry; name one 'Id' (or map one to 'id' in a "
                "mapping file)",
            )
        )
    if result.failed:
        return _sorted(result)
    entries = _entries(source, section)
    target = into or (entries.last or f"scope/{section}.yaml")
    specs = cols.specs(section)
    paths = {
        entries.files[r.ident]
        for r in rows
        if r.ident in entries.files and differs(r, entries.raw[r.ident], specs)
    }
    new = any(r.ident not in entries.files for r in rows)
    items = _items(source, section, target) if new and target not in paths else None
    if new and items is None and (root / target).is_file():
        paths.add(target)
    texts = {p: (root / p).read_text(encoding="utf-8") for p in sorted(paths)}
    try:
        merged = merge(section, rows, texts, target, specs, entries.files, place_new=items is None)
        if items is not None and merged.new:
            text = append_after((root / target).read_text(encoding="utf-8"), items, merged.new)
            if text is None:
                texts[target] = (root / target).read_text(encoding="utf-8")
                merged = merge(section, rows, texts, target, specs, entries.files)
            else:
                merged.texts[target] = text
        result.merged = merged
    except Layout as exc:
        path, _, message = str(exc).partition(": ")
        result.problems.append(
            Problem(
                path,
                "error",
                "import-layout",
                f"{message}; add the entries to another file with --into, or write that "
                "value with '>-'",
            )
        )
        return result
    if result.texts:
        _check(root, source, result, places, today)
    return _sorted(result)


def _sorted(result: Plan) -> Plan:
    result.problems.sort(key=lambda p: (p.order, p.where))
    return result


def _at(
    cell: Cell | None, display: str, code: str, message: str, severity: Severity = "error"
) -> Problem:
    if cell is None:
        return Problem(display, severity, code, message)
    return Problem(cell.where, severity, code, message, (cell.row, cell.column))


def _columns(
    table: Table, section: str, mapping: cols.Mapping, problems: list[Problem]
) -> tuple[dict[int, str], dict[str, Cell]]:
    """Each column's field by its number, and each field's header cell."""
    known = cols.default_columns(section)
    given = {cols.key(c): f for c, f in mapping.columns.items()}
    fields: dict[int, str] = {}
    header: dict[str, Cell] = {}
    for cell in table.header:
        name = text_of(cell)
        if name is None:
            continue
        word = cols.key(name)
        if word in given:
            target = given[word]
            if target is None:
                continue
        elif word in known:
            target = known[word]
        else:
            problems.append(
                _at(
                    cell,
                    table.display,
                    "import-column",
                    f"unknown column '{name}'{suggest(name, list(cols.specs(section)))}; name it "
                    f"after a field of {cols.singular(section)} ({', '.join(cols.specs(section))}), "
                    "or map or ignore it in a mapping file",
                )
            )
            continue
        if target in header:
            problems.append(
                _at(
                    cell,
                    table.display,
                    "import-column",
                    f"column '{name}' gives '{target}' again (column {header[target].where} "
                    "gives it already); keep one of them",
                )
            )
            continue
        fields[cell.column] = target
        header[target] = cell
    return fields, header


def _names(source: Source) -> Names:
    names = Names()
    for piece in source.pieces:
        kind = SECTION_KINDS.get(piece.name)
        if kind is None or not isinstance(piece.value, Seq):
            continue
        for item in piece.value.items:
            if isinstance(item, Map) and "id" in item.entries:
                ident = item.entries["id"][1]
                name = item.entries.get("name", item.entries.get("title", (None, None)))[1]
                if isinstance(ident, Scalar):
                    names.add(kind, ident.value, name.value if isinstance(name, Scalar) else None)
    return names


def _rows(
    table: Table,
    section: str,
    fields: dict[int, str],
    mapping: cols.Mapping,
    names: Names,
    problems: list[Problem],
) -> tuple[list[Row], dict[str, dict[str, Cell]]]:
    specs = cols.specs(section)
    rows: list[Row] = []
    places: dict[str, dict[str, Cell]] = {}
    first: dict[str, Cell] = {}
    for cells in table.rows:
        values: dict[str, Value | None] = {}
        where: dict[str, Cell] = {}
        for cell in cells:
            name = fields.get(cell.column)
            if name is None:
                if cell.column > len(table.header) and text_of(cell) is not None:
                    problems.append(
                        _at(
                            cell,
                            table.display,
                            "import-column",
                            "this cell is in a column without a header; give the column a header "
                            "or empty the cell",
                        )
                    )
                continue
            where[name] = cell
            try:
                values[name] = convert(
                    specs[name], cell, names, mapping.values.get(name, {}), mapping.separator
                )
            except Bad as bad:
                problems.append(
                    _at(
                        cell,
                        table.display,
                        bad.code,
                        f"{cols.singular(section)} {name}: {bad.message}",
                    )
                )
        ident = values.get("id")
        id_cell = where.get("id", cells[0])
        if not isinstance(ident, str) or not ident:
            title = values.get("title")
            if section == "documents" and isinstance(title, str) and title.lower() in NO_DOCUMENT:
                continue
            if "id" in fields.values():
                problems.append(
                    _at(
                        id_cell,
                        table.display,
                        "import-id",
                        "the row has no id; give each entry a unique id (letters, digits, '.', '_', '-')",
                    )
                )
            continue
        if ident in first:
            for cell in (first[ident], id_cell):
                problems.append(
                    _at(
                        cell,
                        table.display,
                        "import-duplicate-id",
                        f"id '{ident}' is in rows {first[ident].row} and {id_cell.row}; give each "
                        "entry its own id, or merge the two rows",
                    )
                )
            continue
        first[ident] = id_cell
        for name, text in mapping.defaults.items():
            if values.get(name) is None and name in specs:
                spot = Cell(text, str(mapping.marks.get(name, "")), 0, 0)
                try:
                    values[name] = convert(
                        specs[name], spot, names, mapping.values.get(name, {}), mapping.separator
                    )
                except Bad as bad:
                    problems.append(
                        Problem(spot.where, "error", bad.code, f"default {name}: {bad.message}")
                    )
        rows.append(Row(ident, values))
        places[ident] = where
    return rows, places


@dataclass(slots=True)
class _Entries:
    """The scope's entries of one section: the file of each by id, its values as read from
    YAML, and the last file that holds the section."""

    files: dict[str, str] = field(default_factory=dict)
    raw: dict[str, dict[str, Any]] = field(default_factory=dict)
    last: str | None = None


def _entries(source: Source, section: str) -> _Entries:
    found = _Entries()
    for piece in source.pieces:
        if piece.name != section:
            continue
        found.last = piece.key.file
        for item in piece.value.items if isinstance(piece.value, Seq) else ():
            ident = item.entries.get("id", (None, None))[1] if isinstance(item, Map) else None
            if (
                isinstance(item, Map)
                and isinstance(ident, Scalar)
                and ident.value not in found.files
            ):
                found.files[ident.value] = piece.key.file
                found.raw[ident.value] = {n: _plain(v) for n, (_, v) in item.entries.items()}
    return found


def _items(source: Source, section: str, path: str) -> Seq | None:
    """The last list of ``section`` in the file ``path``, when it has an entry to follow."""
    pieces = [p for p in source.pieces if p.name == section and p.key.file == path]
    value = pieces[-1].value if pieces else None
    return value if isinstance(value, Seq) and value.items else None


def _plain(node: Node) -> Any:
    if isinstance(node, Seq):
        return [_plain(item) for item in node.items]
    if isinstance(node, Scalar):
        return None if node.is_null else node.value
    return node


class _Overlay(WorkingTree):
    """The project's files with the import's new texts in place of (or beside) the old ones."""

    def __init__(self, root: Path, texts: dict[str, str]) -> None:
        super().__init__(root)
        self.texts = {path: text.encode() for path, text in texts.items()}

    def resolve(self, path: str) -> str:
        return path if path in self.texts else super().resolve(path)

    def entry(self, path: str) -> PathEntry:
        if path in self.texts:
            return PathEntry("file", len(self.texts[path]))
        return super().entry(path)

    def names(self, folder: str) -> list[str]:
        found = super().names(folder)
        extra = [p.rpartition("/")[2] for p in self.texts if p.rpartition("/")[0] == folder]
        return found + [n for n in extra if n not in found]

    def read(self, paths: list[str], limit: int) -> Iterator[bytes | str]:
        for path in paths:
            if path in self.texts:
                yield self.texts[path]
            else:
                yield from super().read([path], limit)


def _check(
    root: Path,
    source: Source,
    result: Plan,
    places: dict[str, dict[str, Cell]],
    today: dt.date | None,
) -> None:
    """Check the scope as the import leaves it, as ``smsdocs check`` would; report every
    finding the import brings (those the scope had before are not its doing)."""
    pages = _pages(root)
    before = validate(source, today=today, pages=pages)
    changed = load_tree(_Overlay(root, result.texts), root)
    lines = _lines(changed, result.section, result.texts)
    after = validate(changed, today=today, pages=pages)
    had = Counter((f.code, f.message) for f in before.findings)
    for finding in after.findings:
        if had[(finding.code, finding.message)] > 0:
            had[(finding.code, finding.message)] -= 1
            continue
        result.problems.append(_located(finding, lines, places))


def _pages(root: Path) -> list[PageClauses] | None:
    if not (root / DOCS_DIR).is_dir():
        return None
    scratch: list[Finding] = []
    return page_clauses(chapter_texts(root, scratch), scratch)


def _lines(
    source: Source, section: str, texts: dict[str, str]
) -> dict[tuple[str, int], tuple[str, str]]:
    """The entry and field each line of the changed files holds, by (file, line)."""
    found: dict[tuple[str, int], tuple[str, str]] = {}
    for piece in source.pieces:
        if piece.name != section or piece.key.file not in texts or not isinstance(piece.value, Seq):
            continue
        for item in piece.value.items:
            if not isinstance(item, Map) or "id" not in item.entries:
                continue
            ident = item.entries["id"][1]
            if not isinstance(ident, Scalar):
                continue
            found[(item.file, item.line)] = (ident.value, "id")
            for name, (key, value) in item.entries.items():
                found[(key.file, key.line)] = (ident.value, name)
                found[(value.file, value.line)] = (ident.value, name)
                for sub in value.items if isinstance(value, Seq) else ():
                    found[(sub.file, sub.line)] = (ident.value, name)
    return found


def _located(
    finding: Finding,
    lines: dict[tuple[str, int], tuple[str, str]],
    places: dict[str, dict[str, Cell]],
) -> Problem:
    """``finding`` at the cell whose value the line it names came from (the row's id cell
    when the sheet has no column for that field); at its file:line:column otherwise."""
    spot = lines.get((finding.mark.file, finding.mark.line))
    message = finding.message + "".join(f"; {n.mark}: {n.message}" for n in finding.notes)
    if spot is not None and spot[0] in places:
        cells = places[spot[0]]
        cell = cells.get(spot[1]) or cells.get("id")
        if cell is not None:
            return Problem(
                cell.where, finding.severity, finding.code, message, (cell.row, cell.column)
            )
    return Problem(str(finding.mark), finding.severity, finding.code, message, (1 << 30, 0))
