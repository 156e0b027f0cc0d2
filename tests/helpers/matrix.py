"""The clause matrix and the register as a test reads them: rendered from a checked project."""

from __future__ import annotations

from helpers.fragments import on_page
from helpers.projects import TODAY, Project
from smsdocs import render
from smsdocs.model import Release
from smsdocs.render.chapters import traceability


def traceability_context(project: Project) -> render.Context:
    """The context the traceability chapter renders in, for ``project`` checked as of TODAY."""
    checked = project.check()
    assert checked.scope is not None
    return render.Context(
        checked.scope,
        render.Links(page="traceability.md"),
        TODAY,
        Release("v1", "Draft"),
        page_clauses=checked.page_clauses,
    )


def matrix_rows(ctx: render.Context) -> dict[str, str]:
    """The clause matrix's status by clause, and its first line under ``headline``."""
    matrix = on_page(traceability.clause_matrix, ctx).splitlines()
    return {
        line.split(" | ")[0].strip("| *"): line.split(" | ")[-1].rstrip(" |")
        for line in matrix
        if line.startswith("| ")
    } | {"headline": matrix[0]}
