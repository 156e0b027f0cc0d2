"""Scope diffs as text (the terminal) and as blocks of the document model, written as Markdown
for pull-request comments."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Final

from smsdocs.model import (
    Change,
)
from smsdocs.render import doc, material
from smsdocs.render.text import one_line

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


def entry_inlines(change: Change) -> doc.Inlines:
    """The entry a change is about, as inlines: its name, and its id as code."""
    if not change.name:
        return (doc.Text(change.id),)
    return (doc.Text(change.name), doc.Words(" ("), doc.Code(change.id), doc.Words(")"))


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


def diff_blocks(changes: Sequence[Change], old: str, new: str, *, level: int = 3) -> doc.Blocks:
    """A scope diff as blocks: a summary line, then a table per section, under a heading of
    ``level``."""
    summary = doc.Strong(
        doc.inlines("Scope changes from ", doc.Code(old), " to ", doc.Code(new), ":")
    )
    out: list[doc.Block] = [doc.para(summary, f" {change_counts(changes)}.")]
    sections: dict[str, list[Change]] = {}
    for c in changes:
        sections.setdefault(c.section, []).append(c)
    for section, items in sections.items():
        out.append(doc.Heading(level, (doc.Text(section_title(section)),)))
        rows: list[tuple[doc.Inlines, ...]] = []
        for c in items:
            # The change and the entry head its first row; the rows below are its fields.
            for n, details in enumerate(list(_details(c)) or [("", "", "")]):
                first = ((doc.Words(c.change),), entry_inlines(c)) if n == 0 else ((), ())
                rows.append((*first, *((doc.Text(d),) for d in details)))
        headers = ("Change", "Entry", "Field", "Old", "New")
        out.append(doc.Table(tuple(doc.inlines(h) for h in headers), tuple(rows), empty=""))
    return tuple(out)


def diff_markdown(changes: Sequence[Change], old: str, new: str, *, heading: str = "###") -> str:
    """A scope diff ready to paste into a pull request: a summary line, a table per section
    (``heading`` is the Markdown of its headings' level, "###" or "##")."""
    return material.blocks(diff_blocks(changes, old, new, level=len(heading)), "")
