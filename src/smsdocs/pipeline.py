"""The one way from a project to its exported manual, which ``smsdocs export`` and the audit
pack both take: the site's pages captured for print, the manual made from them, the PDF and
DOCX written with their SHA256SUMS. The command says what happened; the pack adds its files.

Imports ``export``, ``history``, ``output``, ``project`` and ``site``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from smsdocs import export as exporter
from smsdocs import history
from smsdocs.output import work_folder
from smsdocs.project import Project
from smsdocs.site import Captured, capture


@dataclass(frozen=True, slots=True)
class Exported:
    """What one export of a project made."""

    files: list[Path]
    """The documents written, in the order of their formats (SHA256SUMS beside them)."""
    captured: Captured
    """What the site build captured: the checked scope, the release, the outline of pages.
    (Its ``site_dir`` is gone: the build's folder is removed once the documents are made.)"""
    epoch: int | None
    """The date in the files (SOURCE_DATE_EPOCH, else the commit's); None outside git, where
    the files are dated 1970 and the cover today."""


def export_project(
    project: Project,
    target: Path,
    *,
    formats: Sequence[str] = exporter.FORMATS,
    paper: str = "a4",
    step: Callable[[str], None] = lambda _: None,
) -> Exported:
    """Export the manual of ``project`` as ``formats`` into the folder ``target``, with a
    SHA256SUMS manifest; ``step`` hears each long step as it starts. A failure raises
    ``SmsdocsError`` (a ``ScopeError`` for the scope, an ``ExportError`` for the documents)
    and leaves the files in ``target`` as they were."""
    with work_folder("site") as work:
        step("rendering the pages for print")
        captured = capture(project.root, work / "site")
        epoch = history.commit_epoch(project.root)
        written = exporter.export(
            exporter.manual_from(captured, project, epoch),
            target,
            exporter.Options(
                formats=list(formats),
                epoch=epoch or 0,
                paper=paper,
                font_paths=project.fonts,
            ),
            step,
        )
    return Exported(written, captured, epoch)
