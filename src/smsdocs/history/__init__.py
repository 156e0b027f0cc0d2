"""Versions of the scope from git: releases, the version a build shows, and scope diffs.

A release is an annotated git tag matching a pattern (``v*`` by default); lightweight tags are
not releases. A build made exactly at a release tag that has a matching entry in ``approvals``
is "Approved"; anything else is a "Draft", identified by ``git describe``. Old versions of the
scope are read from git objects, never by checking them out.

By concept: ``git`` (the thin git layer: every git command runs there, and the checkouts a
bundle or a pack builds from), ``releases`` (release tags, the version a build shows, the
release history) and its ``cache``, ``tree`` (the scope at a ref, from git objects), ``changes``
(the semantic diff of two scopes) and ``record`` (a new repository's releases, for ``smsdocs
init --example``). The public names are imported from here (``history.release_of``).
"""

from __future__ import annotations

from smsdocs.history.cache import (
    RELEASE_CACHE,
    cache_path,
)
from smsdocs.history.changes import (
    diff,
    plain,
)
from smsdocs.history.git import (
    GitError,
    add_worktree,
    commit_all,
    commit_date,
    commit_epoch,
    commit_of,
    git_available,
    in_repository,
    init_repository,
    is_ancestor,
    is_ignored,
    is_shallow,
    project_in_repository,
    refuse_option_ref,
    remove_worktree,
    tag_object,
    verify_tag,
)
from smsdocs.history.record import (
    ReleaseEdit,
    ReleaseEditError,
    record_releases,
    release_edits,
    undo_edits,
)
from smsdocs.history.releases import (
    UNVERSIONED,
    Tag,
    preceding,
    release_history,
    release_of,
    repository_releases,
    tags,
)
from smsdocs.history.tree import (
    GitTree,
    scope_at,
)

__all__ = [
    "RELEASE_CACHE",
    "UNVERSIONED",
    "GitError",
    "GitTree",
    "ReleaseEdit",
    "ReleaseEditError",
    "Tag",
    "add_worktree",
    "cache_path",
    "commit_all",
    "commit_date",
    "commit_epoch",
    "commit_of",
    "diff",
    "git_available",
    "in_repository",
    "init_repository",
    "is_ancestor",
    "is_ignored",
    "is_shallow",
    "plain",
    "preceding",
    "project_in_repository",
    "record_releases",
    "refuse_option_ref",
    "release_edits",
    "release_history",
    "release_of",
    "remove_worktree",
    "repository_releases",
    "scope_at",
    "tag_object",
    "tags",
    "undo_edits",
    "verify_tag",
]
