"""Exporting a project to PDF and DOCX with the real CLI and reading the files back."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner
from docx import Document
from pypdf import PdfReader

from helpers.projects import REPO, commit_all, make_project, release_all
from smsdocs.cli import cli
from smsdocs.model import Scope


@dataclass
class Exported:
    project: Path
    pdf: Path
    docx: Path
    output: str


def export(project: Path, *args: str) -> tuple[int, str]:
    cwd = Path.cwd()
    os.chdir(project)
    try:
        result = CliRunner().invoke(cli, ["export", *args], catch_exceptions=False)
    finally:
        os.chdir(cwd)
    return result.exit_code, result.stdout + result.stderr


def exported_files(project: Path) -> tuple[Path, Path]:
    (pdf,) = (project / "dist").glob("*.pdf")
    (docx,) = (project / "dist").glob("*.docx")
    return pdf, docx


def export_example(dest: Path, *, released: bool = False) -> Exported:
    """The example project, committed to git and exported to PDF and DOCX: a draft, or with
    its approved versions released (tagged) as ``smsdocs init --example`` leaves it."""
    project = make_project(dest)
    if released:
        release_all(project)
    else:
        commit_all(project)
    code, output = export(project)
    assert code == 0, output
    return Exported(project, *exported_files(project), output)


def pandoc_run(text: str, source: str, to: str) -> str:
    """pandoc's output for ``text`` (the pandoc smsdocs runs, without smsdocs's filters)."""
    import subprocess

    from smsdocs.export.pandoc import find_pandoc

    found = subprocess.run(
        [find_pandoc(), f"--from={source}", f"--to={to}", "--wrap=none"],
        input=text.encode(),
        capture_output=True,
        check=False,
    )
    assert found.returncode == 0, found.stderr
    return found.stdout.decode()


def pdf_text(path: Path) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(path).pages)


def docx_text(path: Path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return " ".join(" ".join(parts).split())


def chapter_titles() -> list[str]:
    """The H1 of each top-level page of the site's navigation, in nav order: a page's first,
    which is the print one where a page titles itself for print (docs/index.md)."""
    import yaml

    nav = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]
    titles = []
    for item in nav:
        (page,) = item.values()
        source = (REPO / "docs" / page).read_text(encoding="utf-8")
        heading = next(line for line in source.splitlines() if line.startswith("# "))
        titles.append(heading[2:].strip())
    return titles


def expected_chapters(scope: Scope) -> list[str]:
    return [t.replace("{{ sms_document.title }}", scope.document.title) for t in chapter_titles()]
