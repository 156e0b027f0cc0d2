"""The communication of the packed version, for the audit pack: who was told of it, when and
how, and who acknowledged it, with whether each acknowledged SHA-256 is that of the PDF in
the pack.

A record of version vX is made after vX was approved and tagged, so it lives in a later
commit: the pack reads the records from the scope of the repository's HEAD when the pack is
made (and names that commit and its date), adding any the release itself holds. So, unlike
the rest of the pack, this part depends on when the pack was made; the README says so."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from smsdocs import history
from smsdocs.model import Scope, VersionCommunication, name_of

MATCHES: Final = "matches the PDF in this pack"
DIFFERS: Final = "is not the hash of the PDF in this pack"


@dataclass(frozen=True, slots=True)
class Head:
    """The commit the records were read from, and what was read there."""

    commit: str
    """The full id of HEAD's commit; empty where the repository has none."""
    date: str
    """HEAD's commit date (ISO 8601, as git gives it); empty where unknown."""
    scope: Scope | None
    """The scope at HEAD; None where it does not pass the check."""
    problem: str = ""
    """Why the records could not be read at HEAD, where they could not."""


@dataclass(frozen=True, slots=True)
class Communicated:
    """The records of the packed version, where they were read from, and the PDF's hash."""

    head: Head
    records: tuple[tuple[VersionCommunication, Scope], ...]
    """Each record of the version, with the scope it was read from (for its names)."""
    pdf_sha256: str
    """The SHA-256 of the manual PDF in this pack."""


def read_head(root: Path) -> Head:
    """The scope at the repository's HEAD: its commit, the commit's date and the scope."""
    try:
        commit = history.commit_of(root, "HEAD")
    except history.GitError:
        return Head("", "", None, "the repository has no HEAD commit")
    date = history.commit_date(root, commit)
    checked = history.scope_at(root, commit)
    if checked.scope is None:
        return Head(
            commit,
            date,
            None,
            f"the scope at HEAD does not pass the check ({checked.errors} errors); run "
            "'smsdocs check' there",
        )
    return Head(commit, date, checked.scope)


def communicated(version: str, released: Scope, head: Head, pdf: Path) -> Communicated:
    """The records of ``version``: HEAD's, then any the release holds that HEAD does not (by
    id), oldest first."""
    found: dict[str, tuple[VersionCommunication, Scope]] = {}
    for scope in (head.scope, released):
        if scope is None:
            continue
        for c in scope.communications:
            if c.version == version:
                found.setdefault(c.id, (c, scope))
    records = tuple(sorted(found.values(), key=lambda r: (r[0].date, r[0].id)))
    return Communicated(head, records, hashlib.sha256(pdf.read_bytes()).hexdigest())


def verdict(recorded: str, pdf_sha256: str) -> str:
    """Whether a recorded SHA-256 is that of the PDF in the pack."""
    return MATCHES if recorded.lower() == pdf_sha256 else DIFFERS


def rows(found: Communicated) -> list[list[str]]:
    """The records as a table, a header first: one row per acknowledgement, or one for a
    communication without any."""
    out = [
        [
            "Communication",
            "Version",
            "Date",
            "To",
            "How",
            "By",
            "Record",
            "Acknowledged by",
            "Acknowledged on",
            "Acknowledgement record",
            "PDF SHA-256 recorded",
            "The PDF in this pack",
        ]
    ]
    for c, scope in found.records:
        told = [
            c.id,
            c.version,
            c.date.isoformat(),
            ", ".join(name_of(scope, t) for t in c.to),
            c.how,
            name_of(scope, c.by) if c.by else "",
            c.record or "",
        ]
        if not c.acknowledgements:
            out.append([*told, "", "", "", "", ""])
        for a in c.acknowledgements:
            sha = a.pdf_sha256 or ""
            out.append(
                [
                    *told,
                    name_of(scope, a.by),
                    a.date.isoformat(),
                    a.record or "",
                    sha.lower(),
                    verdict(sha, found.pdf_sha256) if sha else "",
                ]
            )
    return out


def manifest(found: Communicated) -> dict[str, Any]:
    """The records as the manifest gives them, with where they were read from."""
    return {
        "read_from": {
            "ref": "HEAD",
            "commit": found.head.commit,
            "date": found.head.date,
            "problem": found.head.problem or None,
        },
        "pdf_sha256": found.pdf_sha256,
        "records": [
            {
                "id": c.id,
                "version": c.version,
                "date": c.date.isoformat(),
                "to": list(c.to),
                "how": c.how,
                "by": c.by,
                "record": c.record,
                "acknowledgements": [
                    {
                        "by": a.by,
                        "date": a.date.isoformat(),
                        "record": a.record,
                        "pdf_sha256": a.pdf_sha256.lower() if a.pdf_sha256 else None,
                        "matches_pdf_in_pack": a.pdf_sha256.lower() == found.pdf_sha256
                        if a.pdf_sha256
                        else None,
                    }
                    for a in c.acknowledgements
                ],
            }
            for c, _ in found.records
        ],
    }


def readme_lines(
    version: str, found: Communicated, one_line: Callable[[str], str]
) -> Sequence[str]:
    """The README's part on the communication of the version; every name on a line that
    starts with the README's own words."""
    head = found.head
    where = (
        f"the repository's HEAD when the pack was made, commit {head.commit} of {head.date}"
        if head.commit
        else "the repository's HEAD when the pack was made"
    )
    lines = [
        "Communication of this version",
        "-----------------------------",
        "",
        f"Records of who was told of {one_line(version)} are made after its approval, so they",
        "are in later commits than the release. They are read from the scope at",
        f"{where},",
        "and from the release itself: a pack made later may list more. communications.csv",
        "and manifest.json list them too.",
        "",
    ]
    if head.problem:
        lines += [f"The records at HEAD could not be read: {one_line(head.problem)}.", ""]
    if not found.records:
        lines.append(f"No communication of {one_line(version)} is recorded there.")
        return lines
    lines.append(f"The SHA-256 of the manual PDF in this pack is {found.pdf_sha256}.")
    for c, scope in found.records:
        by = f", by {one_line(name_of(scope, c.by))}" if c.by else ""
        record = f" (record: {one_line(c.record)})" if c.record else ""
        lines += [
            "",
            f"- On {c.date.isoformat()}, to {one_line(_names(scope, c.to))}{by},",
            f"  how: {one_line(c.how)}{record}.",
        ]
        if not c.acknowledgements:
            lines.append("  No acknowledgement is recorded.")
        for a in c.acknowledgements:
            lines.append(
                f"  Acknowledged by {one_line(name_of(scope, a.by))} on {a.date.isoformat()}"
                + (f" (record: {one_line(a.record)})" if a.record else "")
                + ("," if a.pdf_sha256 else ".")
            )
            if a.pdf_sha256:
                lines.append(
                    f"  the PDF SHA-256 recorded, {a.pdf_sha256.lower()},"
                    f" {verdict(a.pdf_sha256, found.pdf_sha256)}."
                )
    return lines


def _names(scope: Scope, ids: Iterable[str]) -> str:
    return ", ".join(name_of(scope, i) for i in ids)
