"""Scope diffs as text (the terminal) and as Markdown (pull-request comments)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Final

from smsdocs.model import (
    Change,
)
from smsdocs.render.blocks import table
from smsdocs.render.text import code, one_line, text

_TITLES: Final = {
    "sms": "SMS",
    "document": "Document control",
    "implementation": "Implementation plan",
    "documents": "Documented information",
}


def section_title(section: str) -> str:
    """A section of the scope as a heading reads it: "Exclusions", "Document control"."""
    return _TITLES.get(section, section.replace("_", " ").capitalize())


def shown(value: object, names: Mapping[str, str] | None = None) -> str:
    """A diff value as plain text; ids found in ``names`` shown as the names."""
    if value is None or value in ("", []):
        return "—"
    if isinstance(value, list):
        return ", ".join(shown(v, names) for v in value)
    if isinstance(value, dict):
        return "; ".join(
            f"{k}: {shown(v, names)}" for k, v in value.items() if v not in (None, "", [])
        )
    if names and isinstance(value, str) and value in names:
        return one_line(names[value])
    return one_line(value)


def entry(change: Change) -> str:
    """The entry a change is about, as plain text: its name and id, or its id alone."""
    return f"{one_line(change.name)} [{change.id}]" if change.name else change.id


def entry_markdown(change: Change) -> str:
    """The entry a change is about, as Markdown: its name, and its id as code."""
    return f"{text(change.name)} ({code(change.id)})" if change.name else text(change.id)


def _details(change: Change) -> Iterator[tuple[str, str, str]]:
    """(field, old, new) as text for each field a reader should see: for an entry added or
    removed, every field but those that say what the entry already does (its id, its name)."""
    names = dict(change.names)
    for field, old, new in change.fields:
        if change.change != "changed" and (old if new is None else new) in (change.id, change.name):
            continue
        yield field, shown(old, names), shown(new, names)


def change_counts(changes: Sequence[Change]) -> str:
    counts = {
        kind: sum(1 for c in changes if c.change == kind)
        for kind in ("added", "removed", "changed")
    }
    total = len(changes)
    detail = ", ".join(f"{n} {kind}" for kind, n in counts.items() if n)
    return f"{total} change{'s' if total != 1 else ''}" + (f" ({detail})" if detail else "")


def diff_text(changes: Sequence[Change], old: str, new: str) -> str:
    """A scope diff for a terminal."""
    lines = [f"scope changes from {old} to {new}: {change_counts(changes)}"]
    section = None
    marks = {"added": "+", "removed": "-", "changed": "~"}
    for c in changes:
        if c.section != section:
            section = c.section
            lines.append(f"{section}:")
        lines.append(f"  {marks[c.change]} {entry(c)} ({c.change})")
        for name, was, now in _details(c):
            if c.change == "changed":
                lines.append(f"      {name}: {was} -> {now}")
            else:
                lines.append(f"      {name}: {now if c.change == 'added' else was}")
    return "\n".join(lines) + "\n"


def diff_markdown(changes: Sequence[Change], old: str, new: str, *, heading: str = "###") -> str:
    """A scope diff ready to paste into a pull request: a summary line, a table per section."""
    out = [f"**Scope changes from {code(old)} to {code(new)}:** {change_counts(changes)}.\n"]
    if not changes:
        return out[0]
    sections: dict[str, list[Change]] = {}
    for c in changes:
        sections.setdefault(c.section, []).append(c)
    for section, items in sections.items():
        out.append(f"{heading} {text(section_title(section))}\n")
        rows: list[tuple[str, ...]] = []
        for c in items:
            # The change and the entry head its first row; the rows below are its fields.
            for n, details in enumerate(list(_details(c)) or [("", "", "")]):
                first = (c.change, entry_markdown(c)) if n == 0 else ("", "")
                rows.append((*first, *map(text, details)))
        out.append(table(("Change", "Entry", "Field", "Old", "New"), rows, empty=""))
    return "\n".join(out)
