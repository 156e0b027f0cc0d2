"""Dates as the manual's language writes them, and the language the PDF, the DOCX and the
site declare: a German and a French project, as a reader and a reader's software see them."""

from __future__ import annotations

import datetime as dt
import itertools
import os
import re
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import pikepdf
import pytest
from docx import Document
from pypdf import PdfReader

from helpers.export import export, exported_files
from helpers.languages import draft_site, in_language
from helpers.projects import GIT_ENV, PROJECTS, REPO, TODAY, make_project
from smsdocs import render
from smsdocs.export.pdf import typst_language
from smsdocs.export.wordstyles import with_language
from smsdocs.export.wordtables import UNICODE_HYPHENS, column_widths
from smsdocs.model import Release
from smsdocs.render import doc
from smsdocs.validate import check
from smsdocs.words import calendar_day

# -- dates --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tag", "written"),
    [
        ("en-GB", "2 Mar 2026"),
        ("en", "Mar 2, 2026"),
        ("de", "02.03.2026"),
        ("de-CH", "02.03.2026"),
        ("fr", "2 mars 2026"),
        ("es", "2 mar 2026"),
        ("nl", "2 mrt 2026"),
        ("de-XX", "02.03.2026"),  # a region Babel does not know: the language's
    ],
)
def test_a_date_is_written_as_the_language_writes_it(tag: str, written: str) -> None:
    """With no-break spaces: no line breaks a date, as none breaks an ISO date."""
    assert calendar_day(dt.date(2026, 3, 2), tag) == written.replace(" ", "\u00a0")


def test_a_tables_date_column_is_as_wide_as_its_dates_whole() -> None:
    """The exports size a table's columns from their longest words: a date's no-break
    spaces make it one word, so its column holds it on one line ('24 Nov' / '2025' would
    otherwise share a line with nothing)."""

    def date_column(date: str) -> int:
        cells = [
            ["Version", "v1.1.0", "v1.0.0"],
            ["Date", date, date],
            ["To", "Meridian Retail Group IT service manager, Calder Water Services", "staff"],
            ["How", "email to each customer representative with the PDF attached", "news"],
            ["By", "Priya Raman", "Priya Raman"],
            ["Record", "MAIL-2025-1124", "BRIEF-2025-03"],
        ]
        return column_widths(cells, 9_500, 0.8, header=True, hyphens=UNICODE_HYPHENS)[1]

    written = calendar_day(dt.date(2025, 11, 24), "en-GB")
    assert date_column(written) >= date_column("24Nov2025")  # as wide as one word
    assert date_column("24 Nov 2025") < date_column("24Nov2025")  # what spaces would do


@pytest.mark.parametrize("tag", ["qaa", "zz-ZZ", ""])
def test_a_language_babel_does_not_know_writes_dates_as_iso_8601(tag: str) -> None:
    assert calendar_day(dt.date(2026, 3, 2), tag) == "2026-03-02"


@pytest.mark.parametrize(("tag", "written"), [("en-GB", "2 Mar 2026"), ("de", "02.03.2026")])
def test_the_chapters_write_a_date_in_the_manuals_language(
    tag: str, written: str, tmp_path: Path
) -> None:
    """``Context.day``, which every chapter's date goes through; no date is a dash."""
    scope = check(make_project(tmp_path / "p", PROJECTS / "minimal" / "scope"), today=TODAY).scope
    assert scope is not None
    ctx = render.Context(
        scope, render.Links(page="index.md"), TODAY, Release("v1.0.0", "Draft"), language=tag
    )
    assert ctx.day(dt.date(2026, 3, 2)) == (doc.Words(written.replace(" ", "\u00a0")),)
    assert ctx.day(None) == (doc.Words("—"),)


@pytest.mark.parametrize(
    ("tag", "typst"),
    [
        ("en", ("en", "")),
        ("en-GB", ("en", "GB")),
        ("de", ("de", "")),
        ("de-CH", ("de", "CH")),
        ("fr", ("fr", "")),
        ("es-419", ("es", "")),  # Latin America: no country, so no region
        ("nl-BE", ("nl", "BE")),
        ("sr-Latn-RS", ("sr", "RS")),
    ],
)
def test_the_pdf_template_is_handed_the_language_and_region_of_the_tag(
    tag: str, typst: tuple[str, str]
) -> None:
    assert typst_language(tag) == typst


# -- a German and a French project's documents ----------------------------------------------

DATED: Final = "2026-05-04T12:00:00Z"
"""When the projects below are committed: the date their documents' covers give."""


@dataclass(frozen=True)
class Exported:
    project: Path
    language: str
    pdf_front: str
    """The text of the PDF's cover and document control (its first two pages)."""
    pdf_lang: str
    pdf_xmp_language: set[str]
    """The languages its XMP metadata names (dc:language)."""
    docx_front: str
    """The text of the DOCX's cover and its document control's three tables."""
    docx_styles: str
    docx_core: str


@pytest.fixture(scope="module", params=["de", "fr"])
def exported(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Exported:
    """The example with ``theme.language`` set to the parameter (and no plugin
    ``language``), committed on DATED (a draft) and exported."""
    language = request.param
    project = make_project(tmp_path_factory.mktemp(language) / "p")
    in_language(project, language)
    env = {**os.environ, **GIT_ENV, "GIT_AUTHOR_DATE": DATED, "GIT_COMMITTER_DATE": DATED}
    for command in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "s"]):
        subprocess.run(["git", *command], cwd=project, check=True, env=env)
    code, output = export(project)
    assert code == 0, output
    pdf, docx = exported_files(project)
    front = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(pdf).pages[:2])
    with pikepdf.open(pdf) as opened:
        lang = str(opened.Root.Lang)
        xmp = set(opened.open_metadata().get("{http://purl.org/dc/elements/1.1/}language", ()))
    word = Document(str(docx))
    cover = [
        p.text for p in itertools.takewhile(lambda p: p.style.name != "Heading 1", word.paragraphs)
    ]
    tables = [cell.text for table in word.tables[:3] for row in table.rows for cell in row.cells]
    with zipfile.ZipFile(docx) as package:
        styles = package.read("word/styles.xml").decode("utf-8")
        core = package.read("docProps/core.xml").decode("utf-8")
    return Exported(
        project,
        language,
        front,
        lang,
        xmp,
        " ".join(" ".join(cover + tables).split()),
        styles,
        core,
    )


WRITTEN: Final = {
    # The cover's date (the commit's), the next review (a year after the last approval,
    # v1.2.0 on 2026-10-23), the approval of v1.0.0 (2025-03-14) and a communication of
    # v1.1.0 (2025-11-20).
    "de": ("04.05.2026", "23.10.2027", "14.03.2025", "20.11.2025"),
    "fr": ("4 mai 2026", "23 oct. 2027", "14 mars 2025", "20 nov. 2025"),
}


@pytest.mark.export
def test_the_pdfs_front_writes_dates_as_its_language_does(exported: Exported) -> None:
    cover, review, approved, told = WRITTEN[exported.language]
    front = exported.pdf_front
    assert cover in front and review in front
    assert re.search(rf"v1\.0\.0 Helen Marsh {re.escape(approved)} MR-2025-01", front), front
    assert f"v1.1.0 {told} " in front
    assert not re.search(r"\b20\d\d-\d\d-\d\d\b", front), front


@pytest.mark.export
def test_the_docxs_front_writes_dates_as_its_language_does(exported: Exported) -> None:
    cover, review, approved, told = WRITTEN[exported.language]
    text = exported.docx_front
    for written in (cover, review, approved, told):
        assert written in text
    for iso in ("2026-05-04", "2027-10-23", "2025-03-14"):
        assert iso not in text


@pytest.mark.export
def test_the_pdf_declares_its_language(exported: Exported) -> None:
    """The tagged PDF's catalogue /Lang, which screen readers and PDF/UA checkers read, and
    its XMP metadata's, from the template's ``set text(lang: ...)``."""
    assert exported.pdf_lang == exported.language
    assert exported.pdf_xmp_language == {exported.language}


@pytest.mark.export
def test_the_docx_declares_its_language(exported: Exported) -> None:
    """The styles' default language (Word's spelling and hyphenation) and the package's
    dc:language (file managers, search and accessibility checkers)."""
    defaults = re.search(r"<w:docDefaults>.*?</w:docDefaults>", exported.docx_styles, re.S)
    assert defaults and re.search(rf'<w:lang [^>]*w:val="{exported.language}"', defaults.group()), (
        defaults
    )
    assert f"<dc:language>{exported.language}</dc:language>" in exported.docx_core
    # Its dates of making stay ISO 8601, as the format requires.
    assert re.search(r"<dcterms:created [^>]*>2026-05-04T", exported.docx_core)


@pytest.mark.export
@pytest.mark.slow
def test_the_site_declares_its_language(exported: Exported) -> None:
    """Material's ``<html lang>`` from ``theme.language``, the language smsdocs reads too."""
    draft_site(exported.project)
    page = (exported.project / "site" / "index.html").read_text(encoding="utf-8")
    assert f'<html lang="{exported.language}"' in page


@pytest.mark.parametrize(
    ("tag", "east_asian", "complex_text"),
    [
        ("de", "zh-CN", "ar-SA"),  # Latin: the template's others stay
        ("fr", "zh-CN", "ar-SA"),
        ("sr-Latn-RS", "zh-CN", "ar-SA"),
        ("ru", "zh-CN", "ar-SA"),
        ("ja", "ja", "ar-SA"),
        ("zh-Hant-TW", "zh-Hant-TW", "ar-SA"),
        ("he-IL", "zh-CN", "he-IL"),
        ("hi", "zh-CN", "hi"),
    ],
)
def test_word_is_told_the_language_of_each_class_of_script(
    tag: str, east_asian: str, complex_text: str
) -> None:
    """Word keeps a language for Latin, East Asian and complex (right-to-left, Indic) text:
    the shipped reference document's styles and settings, given the project's tag, name it
    for the class its language is written in, so Word's proofing and fonts follow it."""
    with zipfile.ZipFile(REPO / "overrides" / "export" / "reference.docx") as package:
        styles = package.read("word/styles.xml").decode("utf-8")
        settings = package.read("word/settings.xml").decode("utf-8")
    styles, settings = with_language(styles, settings, tag)
    defaults = re.search(r"<w:rPrDefault>.*?</w:rPrDefault>", styles, re.S)
    assert defaults is not None
    (element,) = re.findall(r"<w:lang\b[^>]*/>", defaults.group())
    language = dict(re.findall(r'w:(\w+)="([^"]*)"', element))
    assert language == {"val": tag, "eastAsia": east_asian, "bidi": complex_text}
    (theme,) = re.findall(r"<w:themeFontLang\b[^>]*/>", settings)
    assert dict(re.findall(r'w:(\w+)="([^"]*)"', theme)) == {"val": tag} | {
        name: tag
        for name, value in (("eastAsia", east_asian), ("bidi", complex_text))
        if value == tag
    }
