"""Read every YAML file under ``scope/`` into position-carrying nodes, grouped by section.

The modules, each importing only those above it in this list (and ``errors``):

* ``yaml``: the YAML composer, whose nodes keep their file, line and column;
* ``project``: which files are scope files, read from the working tree or a git ref through
  one reader, into the ``Source`` the validator takes;
* ``pages``: the clauses the chapters of the manual declare in their front matter.

Problems are returned as findings; the loader raises only ``InputError`` when the project
itself cannot be read (re-exported here with the loader's other public names). The modules
never import this one.
"""

from __future__ import annotations

from smsdocs.load.pages import DOCS_DIR, PageClauses, clause_numbers, page_clauses, shown
from smsdocs.load.project import (
    MAX_FILE_BYTES,
    SCOPE_DIR,
    Broken,
    Kind,
    Outside,
    PathEntry,
    Piece,
    ScopeFile,
    Source,
    Tree,
    WorkingTree,
    is_scope_name,
    load_bytes,
    load_project,
    load_tree,
    require_project,
    scope_files,
)
from smsdocs.load.yaml import (
    LIBYAML,
    MAX_ALIAS_CHARS,
    MAX_ALIAS_EXPANSION,
    MAX_DEPTH,
    NULLS,
    Map,
    Node,
    Scalar,
    Seq,
    compose,
    gc_paused,
)

__all__ = [
    "DOCS_DIR",
    "LIBYAML",
    "MAX_ALIAS_CHARS",
    "MAX_ALIAS_EXPANSION",
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "NULLS",
    "SCOPE_DIR",
    "Broken",
    "Kind",
    "Map",
    "Node",
    "Outside",
    "PageClauses",
    "PathEntry",
    "Piece",
    "Scalar",
    "ScopeFile",
    "Seq",
    "Source",
    "Tree",
    "WorkingTree",
    "clause_numbers",
    "compose",
    "gc_paused",
    "is_scope_name",
    "load_bytes",
    "load_project",
    "load_tree",
    "page_clauses",
    "require_project",
    "scope_files",
    "shown",
]
