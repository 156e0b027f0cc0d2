"""Which releases are approved (a tag whose scope records management's approval of that very
version), whether git verifies a tag's signature, and the approval record the pack holds."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from smsdocs import history, signing
from smsdocs.errors import SmsdocsError
from smsdocs.model import Scope, name_of


class PackError(SmsdocsError):
    """The pack cannot be made: the ref is not an approved release, or git cannot read it."""


@dataclass(frozen=True, slots=True)
class Release:
    """An approved release: its tag, and the approval that records it."""

    tag: history.Tag
    by: str
    date: str
    record: str


def approved(root: Path, tag: history.Tag) -> Release | None:
    """The release ``tag`` is, if its scope records management's approval of that very
    version; None if not (or if the scope there does not pass the check)."""
    scope = history.scope_at(root, tag.name).scope
    if scope is None:
        return None
    approval = next((a for a in scope.approvals if a.version == tag.name), None)
    if approval is None:
        return None
    return Release(
        tag, name_of(scope, approval.by), approval.date.isoformat(), approval.record or ""
    )


def approved_releases(root: Path, tags: Iterable[history.Tag]) -> Iterator[Release]:
    """The approved releases among ``tags``, in their order, each read from git only when
    asked for: the scope at a tag is checked whole, so a pack reads as few as it needs."""
    for tag in tags:
        release = approved(root, tag)
        if release is not None:
            yield release


def signature(root: Path, tag: str) -> tuple[str, str]:
    """Whether the tag is signed and git verifies it with the keys it is configured with,
    and whose it is, as git says it: ("signed, verified", "<who>, <kind> key <fingerprint>"),
    ("signed, not verified: …", "") or ("unsigned", "")."""
    state, said = signing.tag_signature(root, tag)
    if state == "verified":
        return "signed, verified", said
    if state == "unsigned":
        return "unsigned", ""
    return f"signed, not verified: {said}", ""


def _approval(
    root: Path, ref: str, commit: str, scope: Scope, release: Release | None, draft: bool
) -> dict[str, Any]:
    approval = next((a for a in scope.approvals if a.version == ref), None)
    tag = release.tag if release is not None else None
    said = signature(root, ref) if tag is not None else ("", "")
    return {
        "draft": draft,
        "version": ref,
        "approval": None
        if approval is None
        else {
            "by": name_of(scope, approval.by),
            "by_id": approval.by,
            "date": approval.date.isoformat(),
            "record": approval.record,
        },
        "tag": None
        if tag is None
        else {
            "name": tag.name,
            "object": tag.object,
            "tagger": tag.tagger,
            "date": tag.date,
            "message": tag.message,
        },
        "commit": commit,
        "signature": said[0] if tag is not None else "not a tag",
        "signed_by": said[1],
    }
