"""Rows merged into the scope's YAML with ruamel.yaml's round trip: an entry the sheet holds is
updated in place (only the fields whose values differ), a new one appended to the file that
holds its section, and everything else (comments, order, quoting, flow or block lists) kept as
it was, byte for byte: where ruamel.yaml would lay out an untouched line differently, only the
changed lines are carried over into the file as it was."""

from __future__ import annotations

import copy
import datetime as dt
import io
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any, Final

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString, ScalarString
from ruamel.yaml.tokens import CommentToken

from smsdocs.schema import FieldSpec
from smsdocs.sheets.cells import Value

_EMPTY: Final = ("", (), "None")
"""A value that says nothing, as ``_text`` shows it: an empty cell leaves it as it is."""
_LAYOUTS: Final = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 2, 0), (4, 6, 4))
"""Indentations tried, most common first: (mapping, sequence, offset of the dash)."""


class Layout(Exception):
    """A file ruamel.yaml would not write back byte for byte; it is left alone."""


@dataclass(frozen=True, slots=True)
class Row:
    """One entry of the sheet: its id, and each field's value (None: the cell is empty)."""

    ident: str
    values: dict[str, Value | None]


@dataclass(frozen=True, slots=True)
class Change:
    ident: str
    field: str
    old: Any
    new: Any


@dataclass(slots=True)
class Merged:
    """What the rows change: the new text of each file, and what changed in which entry."""

    texts: dict[str, str] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    """Ids in the scope that the sheet does not hold: left as they are."""
    new: list[dict[str, Any]] = field(default_factory=list)
    """The new entries' values, in the contract's order, when the caller places them."""


@dataclass(slots=True)
class _File:
    path: str
    yaml: YAML
    data: CommentedMap
    text: str
    baseline: str
    changed: bool = False


def yaml_of(text: str) -> tuple[YAML, Any, str]:
    """The round-trip YAML settings that write ``text`` back as it is (or, when none does,
    the most common ones), its data, and the text they write back unchanged."""
    first: tuple[YAML, Any, str] | None = None
    for mapping, sequence, offset in _LAYOUTS:
        yaml = _yaml(mapping, sequence, offset)
        yaml.explicit_start = text.lstrip().startswith("---")
        try:
            data = yaml.load(text)
        except YAMLError as exc:
            raise Layout(f"cannot be read as YAML ({exc.__class__.__name__})") from None
        written = dump(yaml, data)
        if written == text:
            return yaml, data, written
        first = first or (yaml, data, written)
    assert first is not None
    return first


def splice(original: str, baseline: str, modified: str) -> str:
    """The changes from ``baseline`` (what the YAML writer makes of ``original`` unchanged) to
    ``modified``, made to ``original``: the lines the writer would lay out differently (a text
    over several lines without '>', say) stay as they are. Raises ``Layout`` when a change
    falls among them."""
    if baseline == original:
        return modified
    old, base, new = (t.splitlines(keepends=True) for t in (original, baseline, modified))
    to_old: dict[int, int] = {}
    for block in SequenceMatcher(None, base, old, autojunk=False).get_matching_blocks():
        to_old.update((block.a + k, block.b + k) for k in range(block.size))
    edits: list[tuple[int, int, list[str]]] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, base, new, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        if i1 == i2:
            at = to_old[i1 - 1] + 1 if i1 - 1 in to_old else to_old.get(i1, -1 if i1 else 0)
            span = (at, at)
        else:
            places = [to_old.get(i, -1) for i in range(i1, i2)]
            at = places[0]
            span = (
                (at, at + len(places)) if places == list(range(at, at + len(places))) else (-1, -1)
            )
        if span[0] < 0:
            raise Layout(
                f"line {i1 + 1} is laid out in a way the YAML writer cannot keep (a text over "
                "several lines without '>' or '|', say), and the import changes it"
            )
        edits.append((span[0], span[1], new[j1:j2]))
    for start, end, lines in reversed(edits):
        old[start:end] = lines
    return "".join(old)


def _yaml(mapping: int, sequence: int, offset: int) -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


def dump(yaml: YAML, data: Any) -> str:
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    return buffer.getvalue()


def merge(
    section: str,
    rows: Sequence[Row],
    texts: dict[str, str],
    target: str,
    specs: dict[str, FieldSpec],
    existing: Mapping[str, str],
    *,
    place_new: bool = True,
) -> Merged:
    """Merge ``rows`` into the files ``texts`` (path -> text): the files of the entries that
    change, and the ``target`` new entries go to when it exists. ``existing`` is the file of
    every entry of ``section`` the scope has, by id. Without ``place_new`` the new entries are
    only listed in ``Merged.new``. Raises ``Layout`` (naming the file)."""
    files: list[_File] = []
    for path, text in texts.items():
        try:
            yaml, data, baseline = yaml_of(text)
        except Layout as exc:
            raise Layout(f"{path}: {exc}") from None
        files.append(_File(path, yaml, data, text, baseline))
    where: dict[str, tuple[_File, CommentedMap]] = {}
    for file in files:
        for entry in _entries(file.data, section):
            if "id" in entry:
                where.setdefault(str(entry["id"]), (file, entry))
    merged = Merged()
    sheet_ids = {row.ident for row in rows}
    merged.kept = [ident for ident in existing if ident not in sheet_ids]
    into: _File | None = None
    for row in rows:
        if row.ident in where:
            file, entry = where[row.ident]
            file.changed |= _update(entry, row, specs, merged)
        elif row.ident not in existing and not place_new:
            merged.new.append(new_values(row, specs))
            merged.added.append(row.ident)
        elif row.ident not in existing:
            into = into or _target(files, target)
            _append(_section(into.data, section), _new_entry(row, specs), into.text)
            into.changed = True
            merged.added.append(row.ident)
    for file in files:
        if file.changed:
            try:
                merged.texts[file.path] = splice(
                    file.text, file.baseline, dump(file.yaml, file.data)
                )
            except Layout as exc:
                raise Layout(f"{file.path}: {exc}") from None
    return merged


def differs(row: Row, raw: Mapping[str, Any], specs: dict[str, FieldSpec]) -> bool:
    """Whether ``row`` changes the entry whose values, as read from YAML, are ``raw``."""
    for name, value in row.values.items():
        if value is None:
            if _text(raw.get(name)) not in _EMPTY:
                return True
        elif name not in raw or not _same(raw[name], value, specs[name]):
            return True
    return False


def _entries(data: Any, section: str) -> Iterator[CommentedMap]:
    if isinstance(data, CommentedMap) and isinstance(data.get(section), CommentedSeq):
        yield from (e for e in data[section] if isinstance(e, CommentedMap))


def _section(data: CommentedMap, section: str) -> CommentedSeq:
    if not isinstance(data.get(section), CommentedSeq):
        data[section] = CommentedSeq()
    seq: CommentedSeq = data[section]
    return seq


def _target(files: list[_File], path: str) -> _File:
    for file in files:
        if file.path == path:
            return file
    yaml = _yaml(2, 4, 2)
    data = CommentedMap()
    schema = "../" * (path.count("/") - 1) + "scope.schema.json"
    data.yaml_set_start_comment(f"yaml-language-server: $schema={schema}")
    file = _File(path, yaml, data, "", "")
    files.append(file)
    return file


def _update(entry: CommentedMap, row: Row, specs: dict[str, FieldSpec], merged: Merged) -> bool:
    changed = False
    for name, value in row.values.items():
        old = entry.get(name)
        if value is None:
            if name in entry and name != "id" and _text(old) not in _EMPTY:
                del entry[name]
                merged.changes.append(Change(row.ident, name, _plain(old), None))
                changed = True
            continue
        if name in entry and _same(old, value, specs[name]):
            continue
        entry[name] = _styled(value, old)
        merged.changes.append(Change(row.ident, name, _plain(old), value))
        changed = True
    return changed


def _plain(value: Any) -> Any:
    """A value read from YAML, for the summary of what changed."""
    if isinstance(value, list):
        return [str(v) for v in value]
    if isinstance(value, dt.date | int) or value is None:
        return value
    return str(value).strip()


def _same(old: Any, new: Value, spec: FieldSpec) -> bool:
    """Whether the YAML's ``old`` already says ``new``: ``24`` is the text '24', a single id
    is a list of one where the field takes either."""
    if spec.shape == "list" and not isinstance(old, list):
        old = [old]
    return bool(_text(old) == _text(new))


def _text(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_text(v) for v in value)
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _styled(value: Value, old: Any) -> Any:
    """``value`` written in the style of the value it replaces: a quoted or folded text stays
    quoted or folded, a list keeps its flow or block style."""
    if isinstance(value, list):
        seq = CommentedSeq(value)
        if not isinstance(old, CommentedSeq) or old.fa.flow_style():
            seq.fa.set_flow_style()
        return seq
    if isinstance(value, str) and "\n" in value:
        return LiteralScalarString(value)  # its lines and paragraphs kept, as '|' keeps them
    if isinstance(value, str) and isinstance(old, ScalarString):
        return type(old)(value)
    return value


def new_values(row: Row, specs: dict[str, FieldSpec]) -> dict[str, Any]:
    """A new entry's values: its id first, then every value given, in the contract's order."""
    values: dict[str, Any] = {"id": row.ident}
    for name in specs:
        value = row.values.get(name)
        if name != "id" and value is not None:
            values[name] = value
    return values


def _new_entry(row: Row, specs: dict[str, FieldSpec]) -> CommentedMap:
    entry = CommentedMap()
    for name, value in new_values(row, specs).items():
        entry[name] = _styled(value, None)
    return entry


def _append(seq: CommentedSeq, entry: CommentedMap, text: str) -> None:
    """Append ``entry`` as the entries before it are laid out: after a blank line when they
    are set apart by one, and with the blank lines that followed the old last entry (before
    the next section, say) after it."""
    spaced = _spaced(seq, text.splitlines())
    if seq:
        last = seq[-1]
        after = _blank_after(last)
        if after is not None:
            _set_after(entry, after)
            if not spaced:
                del last.ca.items[list(last)[-1]]
            spaced = False
    seq.append(entry)
    if spaced:
        seq.yaml_set_comment_before_after_key(len(seq) - 1, before="\n")


def _spaced(seq: CommentedSeq, lines: list[str]) -> bool:
    """Whether a blank line (and any comments) stands between the first two entries."""
    if len(seq) < 2:
        return False
    line = seq.lc.item(1)[0] - 1
    while 0 <= line < len(lines) and lines[line].strip().startswith("#"):
        line -= 1
    return 0 <= line < len(lines) and not lines[line].strip()


def _blank_after(entry: Any) -> CommentToken | None:
    if not isinstance(entry, CommentedMap) or not entry:
        return None
    last_key = list(entry)[-1]
    value = entry[last_key]
    if isinstance(value, CommentedMap | CommentedSeq):
        return None
    tokens = entry.ca.items.get(last_key)
    token = tokens[2] if tokens and len(tokens) > 2 else None
    if isinstance(token, CommentToken) and token.value.startswith("\n"):
        return token
    return None


def _set_after(entry: CommentedMap, token: CommentToken) -> None:
    last_key = list(entry)[-1]
    moved = copy.copy(token)
    if not isinstance(entry[last_key], FoldedScalarString | LiteralScalarString):
        # After a plain value the first line break ends its own line; after '>-' text, the
        # writer has ended it already.
        moved.value = "\n" + token.value
    entry.ca.items[last_key] = [None, None, moved, None]
