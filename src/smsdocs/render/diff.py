"""Scope diffs as text (the terminal) and as Markdown (pull-request comments)."""

from __future__ import annotations

from collections.abc import Sequence

from smsdocs.model import (
    Change,
)
from smsdocs.render.blocks import table
from smsdocs.render.text import code, one_line, text


def shown(value: object) -> str:
    """A diff value as plain text."""
    if value is None or value in ("", []):
        return "—"
    if isinstance(value, list):
        return ", ".join(shown(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {shown(v)}" for k, v in value.items() if v not in (None, "", []))
    return one_line(value)


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
        lines.append(f"  {marks[c.change]} {c.id} ({c.change})")
        if c.change == "changed":
            lines.extend(f"      {name}: {shown(a)} -> {shown(b)}" for name, a, b in c.fields)
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
        out.append(f"{heading} {text(section)}\n")
        rows: list[tuple[str, ...]] = []
        for c in items:
            if c.change == "changed":
                rows.extend(
                    (c.change, text(c.id), text(name), text(shown(a)), text(shown(b)))
                    for name, a, b in c.fields
                )
            else:
                rows.append((c.change, text(c.id), "", "", ""))
        out.append(table(("Change", "Entry", "Field", "Old", "New"), rows))
    return "\n".join(out)
