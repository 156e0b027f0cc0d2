"""A bilingual statement (README "Languages"): a manual in one language whose scope statement
is written in two, as a certificate that states the scope in both shows it. The statement is
the organisation's own text, so smsdocs shows both paragraphs as written, in the site, the
PDF and the DOCX, and writes its own words in the manual's language."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest

from helpers.export import docx_text, export, exported_files, pdf_text
from helpers.projects import TODAY, commit_all, make_project, release_all
from helpers.site import mkdocs_build, read_page
from smsdocs.validate import check

GERMAN = (
    "Das SMS der Northwind IT Services Ltd umfasst die Planung, Gestaltung, Überführung, "
    "Erbringung und Verbesserung der im Servicekatalog als im Anwendungsbereich geführten "
    "verwalteten IT-Services für Geschäftskunden im Vereinigten Königreich."
)
ENGLISH = (
    "The SMS of Northwind IT Services Ltd covers the planning, design, transition, delivery "
    "and improvement of the managed IT services shown as in scope in the service catalogue, "
    "provided to business customers in the United Kingdom."
)


def bilingual(project: Path) -> None:
    """The example in German (the theme's language) with its statement in German and English:
    two paragraphs of one Markdown field, the German first."""
    config = project / "mkdocs.yml"
    text = re.sub(r"(?m)^      language: .*\n", "", config.read_text(encoding="utf-8"))
    text, count = re.subn(r"(?m)^(  language:) .*$", r"\1 de", text)
    assert count == 1
    config.write_text(text, encoding="utf-8")
    organisation = project / "scope" / "organization.yaml"
    text, count = re.subn(
        r"(?ms)^  statement: >-\n(?:    .*?\n)+?(?=  \w)",
        f"  statement: |-\n    {GERMAN}\n\n    {ENGLISH}\n",
        organisation.read_text(encoding="utf-8"),
    )
    assert count == 1
    organisation.write_text(text, encoding="utf-8")


def test_the_statement_in_two_languages_adds_no_finding(tmp_path: Path) -> None:
    plain = make_project(tmp_path / "plain")
    two = make_project(tmp_path / "two")
    bilingual(two)
    found = [str(f) for f in check(two, today=TODAY).findings]
    assert found == [str(f) for f in check(plain, today=TODAY).findings]
    assert not [f for f in found if "statement" in f or "language" in f]


@dataclass
class Bilingual:
    project: Path
    pdf: Path
    docx: Path


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Bilingual:
    project = make_project(tmp_path_factory.mktemp("bi") / "p")
    release_all(project)
    bilingual(project)
    commit_all(project, "the statement in German and English")
    code, output = export(project)
    assert code == 0, output
    return Bilingual(project, *exported_files(project))


@pytest.mark.export
def test_the_pdf_shows_both_languages_in_german_furniture(exported: Bilingual) -> None:
    text = pdf_text(exported.pdf)
    assert GERMAN in text and ENGLISH in text
    assert text.index(GERMAN) < text.index(ENGLISH)
    assert "Dokumentenlenkung" in text and "Seite 3 von" in text
    with pikepdf.open(exported.pdf) as pdf:
        assert str(pdf.Root.Lang) == "de"


@pytest.mark.export
def test_the_docx_shows_both_languages_and_declares_german(exported: Bilingual) -> None:
    text = docx_text(exported.docx)
    assert f"{GERMAN} {ENGLISH}" in text
    assert "Dokumentenlenkung" in text
    styles = zipfile.ZipFile(exported.docx).read("word/styles.xml").decode("utf-8")
    defaults = re.search(r"<w:docDefaults>.*?</w:docDefaults>", styles, re.S)
    assert defaults and re.search(r'<w:lang [^>]*w:val="de"', defaults.group())


@pytest.mark.slow
def test_the_site_shows_both_paragraphs(exported: Bilingual) -> None:
    build = mkdocs_build(exported.project)
    assert build.returncode == 0, build.output
    page = read_page(build.site, "context/")
    assert re.search(r'<html [^>]*lang="de"', page.html)
    assert re.search(rf"<p>{re.escape(GERMAN)}</p>\s*<p>{re.escape(ENGLISH)}</p>", page.html)
