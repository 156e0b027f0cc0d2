"""Versions of the scope as the manual shows them: the release a build is, a change between two
versions, and a release with what changed since the one before."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True, slots=True)
class Release:
    """The version of the scope a build shows, and whether management approved it."""

    version: str
    """A release tag such as v1.2.0, or a 'git describe' string for a draft."""
    status: str
    """'Approved' at an approved release tag, 'Draft' anywhere else."""
    detail: str = ""
    """Why a build is a draft, when that is not obvious."""


@dataclass(frozen=True, slots=True)
class Change:
    """One difference between two versions of the scope."""

    section: str
    """The section, e.g. 'services' or 'sms'."""
    id: str
    """The entry's id (an approval's version; a single section's own name)."""
    change: Literal["added", "removed", "changed"]
    fields: tuple[tuple[str, object, object], ...] = ()
    """(field, old value, new value) for every field that differs, as JSON-ready values; for
    an entry added or removed, every field it has."""
    name: str = ""
    """The entry's name or title as readers know it (the newer version's), where it has one."""
    names: tuple[tuple[str, str], ...] = ()
    """(id, name) of the entries the fields refer to, each named by the version that refers
    to it, so that a reader of the change sees names rather than ids."""


@dataclass(frozen=True, slots=True)
class ReleaseRecord:
    """A release of the scope: an annotated git tag, and what changed since the one before."""

    tag: str
    date: str
    tagger: str
    message: str
    changes: tuple[Change, ...] | None = None
    """None for the first release, or when the scope at either tag could not be read."""
    problem: str = ""
    """Why the changes could not be worked out, when they could not."""
    signature: str = ""
    """Whether the tag is signed, as git verifies it where the manual is built: "unsigned",
    "verified" with who signed and the key's fingerprint after a colon, "not verified", or
    empty where it was not asked."""
