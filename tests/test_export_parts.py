"""Large manuals are typeset and converted in parts and joined: the joined PDF and DOCX must
read exactly as a document made in one piece (numbering, contents, links, bookmarks, images).

The example is exported twice: as it comes (one part), and with every page a part of its own,
which is how a catalogue of thousands of services goes through the exports."""

from __future__ import annotations

import re
import struct
import zipfile
from pathlib import Path

import pymupdf
import pytest
from docx import Document
from pypdf import PdfReader

from helpers.export import Exported, export_example
from helpers.pdftags import read as read_tags
from smsdocs.export import docx as docx_export
from smsdocs.export import pdf as pdf_export
from smsdocs.model import Scope
from smsdocs.site import nav

pytestmark = [pytest.mark.export]

# Both file the catalogue's services in groups of two, as a large catalogue files them in
# groups of 30: a level deeper than the numbered headings.


@pytest.fixture(scope="module")
def whole(tmp_path_factory: pytest.TempPathFactory) -> Exported:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(nav, "NAV_GROUP", 2)
        return export_example(tmp_path_factory.mktemp("whole"))


@pytest.fixture(scope="module")
def pieces(tmp_path_factory: pytest.TempPathFactory) -> Exported:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(nav, "NAV_GROUP", 2)
        patch.setattr(pdf_export, "PART_BYTES", 1)
        patch.setattr(docx_export, "DOCX_PART_BYTES", 1)
        return export_example(tmp_path_factory.mktemp("pieces"))


def outline(pdf: Path) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []

    def walk(items: list[object], depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                out.append((depth, item.title))  # type: ignore[attr-defined]

    walk(PdfReader(pdf).outline, 0)
    return out


def page_texts(pdf: Path) -> list[str]:
    return [" ".join(page.get_text().split()) for page in pymupdf.open(pdf)]


# -- PDF ----------------------------------------------------------------------------------------


def test_pdf_in_parts_has_the_numbering_and_bookmarks_of_one_piece(
    whole: Exported, pieces: Exported
) -> None:
    joined = outline(pieces.pdf)
    assert joined == outline(whole.pdf)
    assert (0, "Document control") in joined
    assert (1, "3.2 Applications") in joined  # a category, numbered on across parts
    assert len(joined) > 80


def test_pdf_bookmarks_every_service_filed_below_the_numbered_levels(
    pieces: Exported, scope: Scope
) -> None:
    marks = outline(pieces.pdf)
    titles = [title for _, title in marks]
    for service in scope.services:
        assert any(re.fullmatch(rf"(\d+\.\d+\.\d+ )?{re.escape(service.name)}", t) for t in titles)
    assert (3, "Backup and Recovery") in marks  # unnumbered, in the first group of two
    assert (2, "3.3.3 Infrastructure 5") in marks  # a group of one is named by its number
    assert "Dependencies" not in titles  # a heading within a service page


def test_pdf_in_parts_numbers_every_page_of_the_whole(pieces: Exported) -> None:
    texts = page_texts(pieces.pdf)
    assert "Page" not in texts[0]  # the cover
    for number, text in enumerate(texts[1:], 2):
        assert f"Page {number} of {len(texts)}" in text


class Words:
    """The text of a PDF's pages by area, without the DRAFT watermark laid under them."""

    def __init__(self, doc: pymupdf.Document) -> None:
        self.doc = doc
        self.pages: dict[int, list[tuple[pymupdf.Rect, str]]] = {}

    def within(self, number: int, area: pymupdf.Rect) -> str:
        if number not in self.pages:
            spans = [
                (pymupdf.Rect(span["bbox"]), span["text"])
                for block in self.doc[number].get_text("dict")["blocks"]
                for line in block.get("lines", [])
                for span in line["spans"]
                if span["size"] < 40  # the watermark is set at 120 pt
            ]
            self.pages[number] = spans
        picked = [
            text
            for rect, text in self.pages[number]
            if area.contains(pymupdf.Point((rect.x0 + rect.x1) / 2, (rect.y0 + rect.y1) / 2))
        ]
        return " ".join(" ".join(picked).split())


def contents(pdf: Path) -> list[tuple[str, str, int, int]]:
    """(number, title, page shown, page linked) of each entry of the table of contents."""
    doc = pymupdf.open(pdf)
    words = Words(doc)
    entries = []
    for page in doc:
        if not entries and "Contents" not in words.within(page.number, page.rect):
            continue
        # Typst writes an entry's link in pieces (title, leader dots, page number): a line's
        # pieces end at the same height.
        rows: dict[int, list[dict[str, object]]] = {}
        for link in page.get_links():
            if link["kind"] == pymupdf.LINK_GOTO:
                rows.setdefault(round(link["from"].y1), []).append(link)
        found = False
        for row in rows.values():
            row.sort(key=lambda link: link["from"].x0)  # type: ignore[attr-defined]
            line = " ".join(words.within(page.number, link["from"]) for link in row)
            match = re.fullmatch(r"(\d+(?:\.\d+)?) (.+?)[ .]*? (\d+)", line)
            if match:
                link = row[0]
                found = True
                number, title, shown = match.groups()
                entries.append((number, title.rstrip(" ."), int(shown), link["page"] + 1))
        if entries and not found:
            break
    return entries


def test_pdf_contents_give_the_page_each_chapter_starts_on(pieces: Exported) -> None:
    texts = page_texts(pieces.pdf)
    entries = contents(pieces.pdf)
    assert len(entries) > 30
    assert entries[0][:2] == ("1", "About this manual")
    for number, title, shown, linked in entries:
        assert shown == linked, (number, title)
        assert f"{number} {title}" in texts[shown - 1], (number, title, shown)


def landings(pdf: Path) -> list[tuple[str, str]]:
    """(words of the link, the line it lands on) of every link after the contents."""
    doc = pymupdf.open(pdf)
    words = Words(doc)
    first_chapter = contents(pdf)[0][2] - 1
    out = []
    for page in doc:
        for link in page.get_links():
            assert not str(link.get("uri", "")).startswith("smsdocs"), link
            if link["kind"] != pymupdf.LINK_GOTO or page.number < first_chapter:
                continue
            width = doc[link["page"]].rect.width
            # two lines: an entry's name may wrap in its table column
            line = pymupdf.Rect(0, link["to"].y - 1, width, link["to"].y + 28)
            out.append((words.within(page.number, link["from"]), words.within(link["page"], line)))
    return out


def test_pdf_links_across_parts_land_where_they_do_in_one_piece(
    whole: Exported, pieces: Exported
) -> None:
    joined = landings(pieces.pdf)
    assert joined == landings(whole.pdf)
    assert len(joined) > 500
    # and where they land reads as what they name: a heading or an entry's name. A link
    # that wraps in a table cell is one link per line, the first named by a fragment
    # ('bo-' of 'bo-retention'), so not every one can be matched by its words.
    named = sum(1 for words, line in joined if words.split()[-1].rstrip(".,") in line)
    assert named > 0.85 * len(joined)


def test_pdf_named_destinations_for_anchors(pieces: Exported, scope: Scope) -> None:
    names = PdfReader(pieces.pdf).named_destinations
    assert "page-catalogue-index" in names
    assert all(f"party-{party.id}" in names for party in scope.parties)


# -- DOCX ---------------------------------------------------------------------------------------


def headings(docx: Path) -> list[str]:
    doc = Document(str(docx))
    return [p.text for p in doc.paragraphs if p.style is not None and "Heading" in p.style.name]


def test_docx_in_parts_has_the_headings_of_one_piece(whole: Exported, pieces: Exported) -> None:
    joined = headings(pieces.docx)
    assert joined == headings(whole.docx)
    # Word numbers the headings of every part in one list: the contents read the same.
    assert word_contents(pieces.docx) == word_contents(whole.docx)
    assert "3.2  Applications" in word_contents(pieces.docx)


def word_contents(docx: Path) -> list[str]:
    """The entries of a DOCX's contents: each heading's number and title."""
    document = zipfile.ZipFile(docx).read("word/document.xml").decode("utf-8")
    return re.findall(r'<w:hyperlink w:anchor="_Toc\d+"[^>]*><w:r><w:t[^>]*>([^<]*)<', document)


def test_docx_in_parts_is_one_consistent_package(whole: Exported, pieces: Exported) -> None:
    archive = zipfile.ZipFile(pieces.docx)
    document = archive.read("word/document.xml").decode("utf-8")
    relations = archive.read("word/_rels/document.xml.rels").decode("utf-8")
    known = set(re.findall(r'Id="([^"]+)"', relations))
    assert set(re.findall(r'r:(?:id|embed)="([^"]+)"', document)) <= known
    bookmarks = re.findall(r'w:bookmarkStart w:id="(\d+)" w:name="([^"]+)"', document)
    assert len({ident for ident, _ in bookmarks}) == len(bookmarks)
    names = {name for _, name in bookmarks}
    assert set(re.findall(r'w:anchor="([^"]+)"', document)) <= names
    numbering = archive.read("word/numbering.xml").decode("utf-8")
    lists = set(re.findall(r'<w:num w:numId="(\d+)"', numbering))
    assert set(re.findall(r'<w:numId w:val="(\d+)"', document)) <= lists
    assert document.count("<w:sectPr") == 1
    assert len(re.findall(r"PAGEREF _Toc\d+ \\h", document)) > 50
    # every diagram in its place, as wide as the text and in its own proportions
    assert "smsdocs-raster-" not in document
    media = {n.removeprefix("word/"): archive.read(n) for n in archive.namelist() if "media/" in n}
    assert len(media) == len([n for n in zipfile.ZipFile(whole.docx).namelist() if "media/" in n])
    targets = dict(re.findall(r'Id="([^"]+)" Target="(media/[^"]+)"', relations))
    drawings = re.findall(
        r'<wp:extent cx="(\d+)" cy="(\d+)" />.*?<wp:docPr id="(\d+)".*?r:embed="([^"]+)"', document
    )
    assert len(drawings) == len(media)
    assert len({ident for _, _, ident, _ in drawings}) == len(drawings)
    for cx, cy, _, embed in drawings:
        width, height = struct.unpack(">II", media[targets[embed]][16:24])
        assert abs(int(cy) / int(cx) - height / width) < 0.01
        assert int(cx) == (11_906 - 2 * 1_417) * 635  # A4 less 25 mm margins, in EMU
    shapes = Document(str(pieces.docx)).inline_shapes
    assert len(shapes) == len(media)


def test_pdf_in_parts_has_the_structure_of_one_piece(whole: Exported, pieces: Exported) -> None:
    """Every page's content stays tied to the one structure tree, table header ids stay
    unique, and the tree reads in the same order as a document typeset in one piece."""
    joined, single = read_tags(pieces.pdf), read_tags(whole.pdf)
    assert not joined.problems
    assert joined.marked_pages == joined.metadata["page_count"]
    assert joined.headings == single.headings
    assert joined.alts == single.alts
    assert joined.kinds["/TH"] == single.kinds["/TH"] > 100
    assert joined.metadata["pdfuaid:part"] == "1"
