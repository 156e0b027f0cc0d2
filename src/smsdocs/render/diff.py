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
from smsdocs.words import N_, numeral, translator

_TITLES: Final = {
    "organization": N_("Organization"),
    "sms": N_("SMS"),
    "document": N_("Document control"),
    "services": N_("Services"),
    "approvals": N_("Approvals"),
    "units": N_("Units"),
    "locations": N_("Locations"),
    "parties": N_("Parties"),
    "components": N_("Components"),
    "processes": N_("Processes"),
    "interfaces": N_("Interfaces"),
    "exclusions": N_("Exclusions"),
    "objectives": N_("Objectives"),
    "risks": N_("Risks"),
    "requirements": N_("Requirements"),
    "stakeholders": N_("Stakeholders"),
    "implementation": N_("Implementation plan"),
    "documents": N_("Documented information"),
    "issues": N_("Issues"),
    "communications": N_("Communications"),
}
"""Each section of the scope as a heading names it, marked for translation."""

CHANGES: Final = {"added": N_("added"), "removed": N_("removed"), "changed": N_("changed")}
"""What happened to an entry, as a diff's table says it, marked for translation."""


def section_title(section: str, language: str = "en") -> str:
    """A section of the scope as a heading reads it, in ``language``: "Exclusions",
    "Document control"."""
    if section in _TITLES:
        return translator(language).gettext(_TITLES[section])
    return section.replace("_", " ").capitalize()


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


def change_counts(changes: Sequence[Change], language: str = "en") -> str:
    """How many changes, and how many of each kind, in ``language``: "3 changes (1 added,
    2 changed)"."""
    words = translator(language)
    counts = {kind: sum(1 for c in changes if c.change == kind) for kind in CHANGES}
    kinds = {
        "added": words.ngettext("{count} added", "{count} added", counts["added"]),
        "removed": words.ngettext("{count} removed", "{count} removed", counts["removed"]),
        "changed": words.ngettext("{count} changed", "{count} changed", counts["changed"]),
    }
    detail = ", ".join(
        kinds[kind].format(count=numeral(n, language)) for kind, n in counts.items() if n
    )
    total = len(changes)
    said = words.ngettext("{count} change", "{count} changes", total).format(
        count=numeral(total, language)
    )
    return (
        words.gettext("{changes} ({detail})").format(changes=said, detail=detail)
        if detail
        else said
    )


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


def diff_blocks(
    changes: Sequence[Change], old: str, new: str, *, level: int = 3, language: str = "en"
) -> doc.Blocks:
    """A scope diff as blocks, in ``language``: a summary line, then a table per section,
    under a heading of ``level``."""
    say = translator(language).gettext
    summary = doc.Strong(
        doc.sentence(
            say("Scope changes from {old} to {new}:"), old=doc.Code(old), new=doc.Code(new)
        )
    )
    out: list[doc.Block] = [doc.para(summary, " ", change_counts(changes, language), ".")]
    sections: dict[str, list[Change]] = {}
    for c in changes:
        sections.setdefault(c.section, []).append(c)
    for section, items in sections.items():
        out.append(doc.Heading(level, (doc.Text(section_title(section, language)),)))
        rows: list[tuple[doc.Inlines, ...]] = []
        for c in items:
            # The change and the entry head its first row; the rows below are its fields.
            for n, details in enumerate(list(_details(c)) or [("", "", "")]):
                first = (
                    ((doc.Words(say(CHANGES[c.change])),), entry_inlines(c)) if n == 0 else ((), ())
                )
                rows.append((*first, *((doc.Text(d),) for d in details)))
        headers = (say("Change"), say("Entry"), say("Field"), say("Old"), say("New"))
        out.append(doc.Table(tuple(doc.inlines(h) for h in headers), tuple(rows), empty=""))
    return tuple(out)


def diff_markdown(
    changes: Sequence[Change], old: str, new: str, *, heading: str = "###", language: str = "en"
) -> str:
    """A scope diff ready to paste into a pull request, in ``language``: a summary line, a
    table per section (``heading`` is the Markdown of its headings' level, "###" or "##")."""
    blocks = diff_blocks(changes, old, new, level=len(heading), language=language)
    return material.blocks(blocks, "")
