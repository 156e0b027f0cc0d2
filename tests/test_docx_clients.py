"""The Word file as its readers' software opens it: an OOXML validator, and LibreOffice, a
real Word-format client, whose PDF of it is read page by page."""

from __future__ import annotations

import datetime as dt
import html
import itertools
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pikepdf
import pymupdf
import pytest

from helpers.export import Exported, expected_chapters, export, exported_files, pdf_text
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
    """As the PDF's: the cover, page 1, carries no running header or footer; every other page
    says it is a draft and gives its number of all the pages, the cover counted."""
    total = len(printed)
    assert total > 10
    for number, page in enumerate(printed, 1):
        assert (round(page.rect.width, 1), round(page.rect.height, 1)) == A4
        text = page.get_text()
        if number == 1:
            assert "DRAFT: not an approved version" not in text and "Page 1 of" not in text
            assert "draft" in text.lower()  # the cover's own details say so
            continue
        # the example is a draft, and every page says so
        assert "DRAFT: not an approved version" in text, number
        footer = text.strip().splitlines()[-1]
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
    # A date's or a code's hyphens are Word's non-breaking ones, between its runs of text.
    xml = re.sub(r"</w:t><w:noBreakHyphen /><w:t[^>]*>", "-", xml)
    written = words(
        " ".join(html.unescape(t) for t in re.findall(r"<w:t(?: [^>]*)?>([^<]*)<", xml))
    )
    written |= words(" ".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)<", xml)))
    # The contents' entries end in dot leaders and a page number.
    shown = set().union(*(words(re.sub(r"\.{3,}\s*\d+", " ", page.get_text())) for page in printed))
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
    assert "Document control" in control and "Contents" not in control
    start = _contents_pages(printed)[0]
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
    labels = re.findall(r'<w:hyperlink w:anchor="_Toc\d+"[^>]*><w:r><w:t[^>]*>([^<]*)<', document)
    numbers = [label.split()[0] for label in labels if label[:1].isdigit()]
    assert len(numbers) > 50
    assert all(".0" not in n and n.count(".") < 3 for n in numbers)  # three levels at most


def test_one_option_sets_the_paper_of_both_documents(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    commit_all(project)
    code, output = export(project, "--paper", "letter")
    assert code == 0, output
    pdf, docx = exported_files(project)
    assert {(round(p.rect.width), round(p.rect.height)) for p in pymupdf.open(pdf)} == {(612, 792)}
    document = zipfile.ZipFile(docx).read("word/document.xml").decode("utf-8")
    assert '<w:pgSz w:w="12240" w:h="15840" />' in document


def _flat(text: str) -> str:
    return " ".join(text.split())


def _contents_pages(printed: pymupdf.Document) -> range:
    """The pages of the contents: from its heading to the last page of dot leaders."""
    pages = [page.get_text() for page in printed]
    # Its heading, a line of its own: 'Contents', as the PDF's.
    start = next(i for i, text in enumerate(pages) if "Contents" in text.splitlines())
    end = start
    while "....." in pages[end + 1]:
        end += 1
    return range(start, end + 1)


def test_the_contents_give_each_headings_page_as_laid_out(printed: pymupdf.Document) -> None:
    """LibreOffice opens the contents with page numbers (PAGEREF fields it works out), and
    each is the page its heading is printed on."""
    contents = _contents_pages(printed)
    entries = [
        (title, int(page))
        for number in contents
        for title, page in re.findall(r"^(.+?)\.{3,}\s*(\d+)$", printed[number].get_text(), re.M)
    ]
    assert len(entries) > 50
    after = contents[-1] + 1
    for title, page in entries:
        assert after < page <= len(printed), (title, page)
        # '3.2.1  Managed Application Support': the number, then the title, on that page
        assert _flat(title) in _flat(printed[page - 1].get_text()), (title, page)


def test_headings_are_numbered_by_word_as_the_pdf_numbers_them(
    exported: Exported, printed: pymupdf.Document
) -> None:
    document = zipfile.ZipFile(exported.docx).read("word/document.xml").decode("utf-8")
    styles = zipfile.ZipFile(exported.docx).read("word/styles.xml").decode("utf-8")
    # No number typed into a heading: Word numbers Heading 1 to 3 from their styles.
    assert 'w:val="SectionNumber"' not in document.split("</w:sdt>", 1)[1]
    for level in (1, 2, 3):
        style = re.search(rf'w:styleId="Heading{level}".*?</w:style>', styles, re.S)
        assert style and f'<w:ilvl w:val="{level - 1}" />' in style.group(), level
    pdf = pymupdf.open(exported.pdf)
    numbered = [t for _, t, _ in pdf.get_toc() if re.match(r"\d+(\.\d+)* ", t)]
    assert len(numbered) > 50
    body = _flat(" ".join(page.get_text() for page in printed[_contents_pages(printed)[-1] + 1 :]))
    for title in numbered:  # '2.3.1 Internal issues', as the PDF numbers it
        assert title in body, title
    # Headings below the third level have no number, in the PDF as in Word.
    deeper = set(re.findall(r"\b\d+\.\d+\.\d+\.\d+\b", body))
    assert deeper <= set(re.findall(r"\b\d+\.\d+\.\d+\.\d+\b", pdf_text(exported.pdf)))
    assert "Document control" in [t for _, t, _ in pdf.get_toc()]  # unnumbered in both
    assert re.search(r"\d Document control", _flat(printed[1].get_text())) is None


def test_the_documents_declare_the_projects_language(exported: Exported) -> None:
    """The example's mkdocs.yml gives the smsdocs plugin 'language: en-GB'."""
    styles = zipfile.ZipFile(exported.docx).read("word/styles.xml").decode("utf-8")
    defaults = re.search(r"<w:docDefaults>.*?</w:docDefaults>", styles, re.S)
    assert defaults and re.search(r'<w:lang [^>]*w:val="en-GB"', defaults.group())
    core = zipfile.ZipFile(exported.docx).read("docProps/core.xml").decode("utf-8")
    assert "<dc:language>en-GB</dc:language>" in core
    with pikepdf.open(exported.pdf) as pdf:
        assert str(pdf.Root.Lang) == "en-GB"


def test_fonts_every_client_has_and_no_date_split_across_lines(
    exported: Exported, printed: pymupdf.Document
) -> None:
    """Arial (Word's everywhere; LibreOffice sets it in Liberation Sans, as wide), and a
    date or a code is never broken at its hyphens ('2025-' / '06-01', 'ISO/IEC 20000-' / '1')."""
    with zipfile.ZipFile(exported.docx) as package:
        theme = package.read("word/theme/theme1.xml").decode("utf-8")
        styles = package.read("word/styles.xml").decode("utf-8")
    assert set(re.findall(r'<a:latin typeface="([^"]*)"', theme)) == {"Arial"}
    assert '<w:rFonts w:ascii="Arial"' in styles
    fonts = {font[3].partition("+")[2] for page in printed for font in page.get_fonts()}
    assert {"LiberationSans", "LiberationSans-Bold"} <= fonts, fonts
    split = [
        (number, line, after)
        for number, page in enumerate(printed, 1)
        for line, after in itertools.pairwise(page.get_text().splitlines())
        if re.search(r"\d-$", line.strip()) and after[:1].isdigit()
    ]
    assert split == []
    assert (
        "<w:noBreakHyphen />" in zipfile.ZipFile(exported.docx).read("word/document.xml").decode()
    )


def test_tables_have_rules_and_header_cells(exported: Exported, printed: pymupdf.Document) -> None:
    """Every table's header row repeats on each page; a record (a table of one entry's
    fields) has its field names as row headers, shaded; LibreOffice draws every cell's rules
    from the reference document's Table style."""
    document = zipfile.ZipFile(exported.docx).read("word/document.xml").decode("utf-8")
    tables = re.findall(r"<w:tbl>.*?</w:tbl>", document, re.S)
    records = 0
    for table in tables:
        first_row = table[: table.index("</w:tr>")]
        if "<w:tblHeader" in first_row:
            assert re.search(r"<w:t[ >]", first_row), first_row  # a header row says something
            continue
        records += 1
        assert table.count("<w:gridCol ") == 2 and 'w:firstColumn="1"' in table
        rows = re.findall(r"<w:tr>.*?</w:tr>", table, re.S)
        assert all(re.search(r"<w:tc><w:tcPr>[^/]*/>\s*<w:shd ", row) for row in rows)
        assert all("<w:b />" in row.split("</w:tc>")[0] for row in rows)
    assert records >= 20  # every service's facts, the document control, the releases, ...
    assert 'w:firstColumn="1"' in tables[0]  # the document control: no empty header row
    control = printed[1]  # document control: a record, then the approvals
    lines = [d["rect"] for d in control.get_drawings() for _ in d["items"]]
    upright = [r for r in lines if r.width < 1 and r.height > 5]
    across = [r for r in lines if r.height < 1 and r.width > 50]
    assert len(upright) >= 8 and len(across) >= 8, (len(upright), len(across))
    shaded = [
        d
        for d in control.get_drawings()
        if d.get("fill") and min(d["fill"]) > 0.85 and d["fill"] != (1, 1, 1)
    ]
    assert len(shaded) >= 8  # the record's eight field names, and the approvals' header


def test_every_picture_has_the_pdfs_alt_text(exported: Exported) -> None:
    document = zipfile.ZipFile(exported.docx).read("word/document.xml").decode("utf-8")
    pictures = re.findall(r"<wp:docPr\b[^>]*>", document)
    described = [re.search(r'\bdescr="([^"]*)"', p) for p in pictures]
    assert len(pictures) >= 18 and all(d and d.group(1).strip() for d in described)
    alts: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, pikepdf.Dictionary):
            if node.get("/S") == "/Figure":
                alts.append(str(node.get("/Alt")))
            if "/K" in node:
                walk(node.K)
        elif isinstance(node, pikepdf.Array):
            for item in node:
                walk(item)

    with pikepdf.open(exported.pdf) as pdf:
        walk(pdf.Root.StructTreeRoot)
    # A date's no-break spaces (which keep it on one line) read as spaces: Word's alt text
    # has plain ones.
    assert sorted(html.unescape(d.group(1)) for d in described if d) == sorted(
        alt.replace("\u00a0", " ") for alt in alts
    )
