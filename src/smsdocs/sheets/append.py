"""New entries written as text after the last entry of a block list: the file's other bytes
are not touched, and a few thousand entries take a moment, where writing the whole file back
through the round-trip writer takes seconds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import yaml

from smsdocs.load import Map, Seq

_Base: Any = getattr(yaml, "CSafeDumper", None) or yaml.SafeDumper


class _Dumper(_Base):  # type: ignore[misc]
    """Entries as block mappings whose lists are in flow style, as the example writes them."""


_Dumper.add_representer(
    list, lambda dumper, value: dumper.represent_sequence("tag:yaml.org,2002:seq", value, True)
)
# Text over several lines (a description typed in a cell with line breaks) as a '|' block,
# which keeps its lines and paragraphs, as the README asks descriptions to be written.
_Dumper.add_representer(
    str,
    lambda dumper, value: dumper.represent_scalar(
        "tag:yaml.org,2002:str", value, "|" if "\n" in value else None
    ),
)


def entries_text(entries: Sequence[dict[str, Any]], column: int) -> str:
    """``entries`` as a block list whose dashes stand at ``column`` (0-based), lists in flow
    style (``[a, b]``) as the example writes them."""
    pad = " " * column
    blocks = []
    for entry in entries:
        text: str = yaml.dump(
            {k: _plain(v) for k, v in entry.items()},
            Dumper=_Dumper,
            default_flow_style=False,
            sort_keys=False,
            allow_unicode=True,
            width=4096,
        )
        lines = text.splitlines(keepends=True)
        blocks.append(
            "".join(
                (pad + ("- " if n == 0 else "  ") + line) if line.strip() else line
                for n, line in enumerate(lines)
            )
        )
    return "".join(blocks)


def _plain(value: Any) -> Any:
    if isinstance(value, list):
        return [str(v) for v in value]
    if isinstance(value, dt.date | int | str):
        return value
    return str(value)


def append_after(text: str, items: Seq, entries: Sequence[dict[str, Any]]) -> str | None:
    """``text`` with ``entries`` after the last of ``items`` (a block list of mappings in it),
    laid out as the entries before them are (a blank line between when they have one); None
    when the list is not written in a way this can follow (a flow list, say)."""
    lines = text.splitlines(keepends=True)
    last = items.items[-1] if items.items else None
    if not isinstance(last, Map):
        return None
    dash = last.column - 3
    line = lines[last.line - 1] if 0 < last.line <= len(lines) else ""
    if dash < 0 or line[dash : dash + 2] != "- " or line[:dash].strip():
        return None
    end = last.line  # the index after the last entry's last line of its own
    for index in range(last.line, len(lines)):
        content = lines[index].strip()
        if not content or content.startswith("#"):
            continue
        if len(lines[index]) - len(lines[index].lstrip(" ")) <= dash:
            break
        end = index + 1
    spaced = _spaced(items, lines)
    if end and not lines[end - 1].endswith("\n"):
        lines[end - 1] += "\n"
    block = entries_text(entries, dash)
    if spaced:
        block = "\n" + block.replace("\n" + " " * dash + "- ", "\n\n" + " " * dash + "- ")
    return "".join([*lines[:end], block, *lines[end:]])


def _spaced(items: Seq, lines: list[str]) -> bool:
    if len(items.items) < 2:
        return False
    line = items.items[1].line - 2
    while line >= 0 and lines[line].strip().startswith("#"):
        line -= 1
    return line >= 0 and not lines[line].strip()
