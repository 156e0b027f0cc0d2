"""The Word file as its readers' software opens it: an OOXML validator, and LibreOffice, a
real Word-format client, whose PDF of it is read page by page."""

from __future__ import annotations

import datetime as dt
import html
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pymupdf
import pytest

from helpers.export import Exported, expected_chapters, export, exported_files
from helpers.projects import commit_all, make_project
from smsdocs.model import Scope

pytestmark = [pytest.mark.export, pytest.mark.client]

A4 = (595.3, 841.9)
"""A4 in PostScript points."""


@pytest.fixture(scope="module")
def exported(example_draft: Exported) -> Exported:
    return example_draft


@pytest.fixture(scope="module")
def printed(exported: Exported, tmp_path_factory: pytest.TempPathFactory) -> pymupdf.Document:
    """The DOCX as LibreOffice lays it out and prints it to PDF."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")
    out = tmp_path_factory.mktemp("printed")
    profile = out / "profile"  # a profile of its own: no first-run dialogs, no lock clashes
    subprocess.run(
        [
            office,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(exported.docx),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return pymupdf.open(out / exported.docx.with_suffix(".pdf").name)


def test_the_docx_is_valid_ooxml(exported: Exported) -> None:
    pytest.importorskip("openxml_audit", reason="openxml-audit is not installed")
    result = subprocess.run(
        [sys.executable, "-m", "openxml_audit", str(exported.docx), "--max-errors", "0"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert "Errors: 0" in result.stdout, result.stdout


def test_every_printed_page_is_a4_marked_draft_with_its_number(printed: pymupdf.Document) -> None:
    total = len(printed)
    assert total > 10
    for number, page in enumerate(printed, 1):
        assert (round(page.rect.width, 1), round(page.rect.height, 1)) == A4
        # the example is a draft, and every page says so
        assert "DRAFT: not an approved version" in page.get_text(), number
        footer = page.get_text().strip().splitlines()[-1]
        assert footer.endswith(f"Page {number} of {total}"), (number, footer)


def test_the_docx_says_what_it_is(exported: Exported) -> None:
    """Word's File > Info and file managers show the title, owner, status and the commit date."""
    core = zipfile.ZipFile(exported.docx).read("docProps/core.xml").decode("utf-8")
    fields = dict(re.findall(r"<(?:dc|cp|dcterms):(\w+)[^>]*>([^<]*)(?=<)", core))
    assert fields["title"] == "Service Management System Manual"
    assert fields["creator"] == "Priya Raman"
    assert fields["identifier"] == "NW-SMS-001"
    assert fields["contentStatus"] == "DRAFT"
    assert "Northwind IT Services" in fields["subject"]
    log = ["git", "-C", str(exported.project), "log", "-1", "--format=%ct"]
    committed = int(subprocess.run(log, capture_output=True, text=True, check=True).stdout)
    made = dt.datetime.fromtimestamp(committed, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert fields["created"] == fields["modified"] == made


def words(text: str) -> set[str]:
    """The words of a text, a line being free to break after a hyphen or a slash (in a web
    address), without punctuation."""
    # A heading's number runs into its title in the PDF's text ('10.1Document').
    found = (
        re.sub(r"^\d+(\.\d+)*(?=[A-Za-z])", "", w).strip(".,;:()[]'\"“”‘’*!?")
        for w in re.split(r"\s+|(?<=[-/])", text)
    )
    return {w for w in found if len(w) > 1 and any(c.isalpha() for c in w)}


def test_no_word_is_broken_across_lines(exported: Exported, printed: pymupdf.Document) -> None:
    """A table column narrower than a word breaks it mid-word ('Custo' / 'mers'): every word
    LibreOffice prints must be a word of the document."""
    with zipfile.ZipFile(exported.docx) as package:
        xml = " ".join(
            package.read(name).decode("utf-8")
            for name in package.namelist()
            if re.match(r"word/(document|header\d*|footer\d*)\.xml$", name)
        )
    written = words(
        " ".join(html.unescape(t) for t in re.findall(r"<w:t(?: [^>]*)?>([^<]*)<", xml))
    )
    written |= words(" ".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)<", xml)))
    shown = set().union(*(words(page.get_text()) for page in printed))
    broken = sorted(w for w in shown - written if not w.isdigit())
    assert broken == [], ", ".join(broken)


def test_columns_get_their_longest_word_and_share_the_rest() -> None:
    from smsdocs.export.wordtables import column_widths

    narrow, wide = ["Id", "app-support"], ["Customers", "Harbour Logistics Ltd, Meridian Retail"]
    widths = column_widths([narrow, wide], 9000, header=True)
    assert sum(widths) == 9000
    assert widths[1] > 2 * widths[0]  # the longer text takes more of the page
    many = [["Infrastructure"] for _ in range(12)]  # longer words than the page holds
    squeezed = column_widths(many, 9000)
    assert sum(squeezed) == 9000 and max(squeezed) - min(squeezed) <= 1


def test_cover_control_and_contents_come_first_each_on_its_own_pages(
    printed: pymupdf.Document, scope: Scope
) -> None:
    pages = [" ".join(page.get_text().split()) for page in printed]
    cover, control = pages[0], pages[1]
    assert scope.document.title in cover and scope.organization.name in cover
    assert "NW-SMS-001 · Version" in cover and "Classification: Internal" in cover
    assert "Document control" not in cover
    assert "Document control" in control and "Table of Contents" not in control
    start = next(i for i, p in enumerate(pages) if "Table of Contents" in p)
    listed = " ".join(pages[start : start + 3])
    for number, chapter in enumerate(expected_chapters(scope), 1):
        assert f"{number} {chapter}" in listed, chapter
    for service in scope.services:  # each service's page is in the contents
        assert service.name in listed, service.name


def test_contents_entries_link_to_their_headings(exported: Exported) -> None:
    document = zipfile.ZipFile(exported.docx).read("word/document.xml").decode("utf-8")
    anchors = re.findall(r'<w:hyperlink w:anchor="(_Toc\d+)"', document)
    marks = set(re.findall(r'<w:bookmarkStart w:id="\d+" w:name="(_Toc\d+)"', document))
    assert len(anchors) > 50 and set(anchors) == marks
    numbers = re.findall(r'w:val="SectionNumber" /></w:rPr><w:t[^>]*>([^<]*)<', document)
    assert all(".0" not in n and n.count(".") < 4 for n in numbers)  # four levels at most


def test_one_option_sets_the_paper_of_both_documents(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    commit_all(project)
    code, output = export(project, "--paper", "letter")
    assert code == 0, output
    pdf, docx = exported_files(project)
    assert {(round(p.rect.width), round(p.rect.height)) for p in pymupdf.open(pdf)} == {(612, 792)}
    document = zipfile.ZipFile(docx).read("word/document.xml").decode("utf-8")
    assert '<w:pgSz w:w="12240" w:h="15840" />' in document
