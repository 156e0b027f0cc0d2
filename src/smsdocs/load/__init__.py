"""Read every YAML file under ``scope/`` into position-carrying nodes, grouped by section.

The modules, each importing only those above it in this list (and ``errors``):

* ``yaml``: the YAML composer, whose nodes keep their file, line and column;
* ``project``: which files are scope files, read from the working tree or a git ref through
  one reader, into the ``Source`` the validator takes;
* ``pages``: the clauses the chapters of the manual declare in their front matter;
* ``site``: the settings of mkdocs.yml that say which files a build reads and which pages
  the smsdocs plugin expects;
* ``reach``: what a build may read (files inside the project, reached without leaving it).

Problems are returned as findings; the loader raises only ``InputError`` when the project
itself cannot be read (re-exported here with the loader's other public names). The modules
never import this one.
"""

from __future__ import annotations

from pathlib import Path

from smsdocs.errors import Finding
from smsdocs.load.pages import (
    DOCS_DIR,
    PageClauses,
    chapter_texts,
    clause_numbers,
    page_clauses,
    shown,
)
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
from smsdocs.load.reach import media_findings, reach, reach_findings
from smsdocs.load.site import (
    SiteConfig,
    export_findings,
    language_findings,
    page_findings,
    read_site_config,
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
    "SiteConfig",
    "Source",
    "Tree",
    "WorkingTree",
    "chapter_texts",
    "clause_numbers",
    "compose",
    "gc_paused",
    "is_scope_name",
    "language_findings",
    "load_bytes",
    "load_project",
    "load_tree",
    "media_findings",
    "page_clauses",
    "page_findings",
    "reach",
    "reach_findings",
    "read_site_config",
    "require_project",
    "scope_files",
    "shown",
    "site_findings",
]


def site_findings(root: Path) -> list[Finding]:
    """What the check says about the files a build of the project reads (``load.reach``)
    and the pages and the export folder its mkdocs.yml expects (``load.site``)."""
    config = read_site_config(root)
    pages = (
        page_findings(root, config) + export_findings(root, config) + language_findings(config)
        if config is not None
        else []
    )
    reached = reach(root, config)
    return reached.findings + media_findings(root, reached.files) + pages
