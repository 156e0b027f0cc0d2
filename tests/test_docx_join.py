"""The joining of pandoc's Word parts, on small pieces of Word's XML."""

from __future__ import annotations

from smsdocs.export.docx import PART_IDS, _moved
from smsdocs.export.wordtables import (
    EM_TWIPS,
    PADDING_TWIPS,
    UNICODE_HYPHENS,
    _grid,
    _longest,
    column_widths,
)


def test_moved_renumbers_every_id_of_a_later_part() -> None:
    xml = (
        '<w:hyperlink r:id="rId7"><a:blip r:embed="rId9" /><w:numId w:val="3" />'
        '<w:footnoteReference w:id="2" /><w:bookmarkStart w:id="5" w:name="x" />'
        '<w:bookmarkEnd w:id="5" /><wp:docPr name="a" id="4" /><w:nsid w:val="0000000A" />'
    )
    assert _moved(xml, 2) == (
        '<w:hyperlink r:id="p2rId7"><a:blip r:embed="p2rId9" />'
        f'<w:numId w:val="{3 + 2 * PART_IDS}" /><w:footnoteReference w:id="{2 + 2 * PART_IDS}" />'
        f'<w:bookmarkStart w:id="{5 + 2 * PART_IDS}" w:name="x" />'
        f'<w:bookmarkEnd w:id="{5 + 2 * PART_IDS}" /><wp:docPr name="a" id="{4 + 2 * PART_IDS}" />'
        f'<w:nsid w:val="{0xA + 2 * PART_IDS:08X}" />'
    )


def test_moved_leaves_longer_names_alone_and_moves_attribute_forms() -> None:
    xml = '<x xr:id="rId1" r:id="rId2" /><w:lvl w:numId="4" /><y ww:numId="4" />'
    assert _moved(xml, 1) == (
        f'<x xr:id="rId1" r:id="p1rId2" /><w:lvl w:numId="{4 + PART_IDS}" /><y ww:numId="4" />'
    )


def test_grid_reads_cells_paragraph_by_paragraph() -> None:
    def cell(*paragraphs: str) -> str:
        return (
            "<w:tc><w:tcPr />"
            + "".join(
                f'<w:p><w:r><w:t xml:space="preserve">{p}</w:t></w:r></w:p>' if p else "<w:p></w:p>"
                for p in paragraphs
            )
            + "</w:tc>"
        )

    table = (
        '<w:tbl><w:tblPr /><w:tr><w:trPr><w:tblHeader w:val="on" /></w:trPr>'
        + cell("A &amp; B")
        + cell("", "x", "")
        + "</w:tr><w:tr>"
        + cell("one", "two")
        + cell()
        + "</w:tr></w:tbl>"
    )
    assert _grid(table) == [["A & B", "x\n"], ["one\ntwo", ""]]


def test_longest_word_breaks_at_spaces_and_after_hyphens() -> None:
    assert _longest(["device-lifecycle  x"], words=True) == _longest(["lifecycle"], words=True)
    assert _longest(["", " "], words=True) == 1.0


def test_a_date_is_one_word_when_sizing_a_column_for_typst() -> None:
    """Typst breaks a line after the hyphen of 'device-lifecycle' but not inside '2025-06-03'
    (no break before a digit), so a PDF column of dates is as wide as a whole date: narrower,
    the dates of the implementation phases ran into the column beside them. Word and
    LibreOffice break after any hyphen ('SLA-CLOUD-' / '01'), so the DOCX keeps that rule."""
    typst = {"words": True, "hyphens": UNICODE_HYPHENS}
    assert _longest(["2025-06-03"], **typst) > _longest(["2025-"], **typst) * 1.8
    assert _longest(["device-lifecycle"], **typst) == _longest(["lifecycle"], **typst)
    assert _longest(["2025-06-03"], words=True) == _longest(["2025-"], words=True)
    cells = [["From", "2025-06-03"], ["Scope", "word " * 400]]
    widths = column_widths(cells, 9_500, 0.8, hyphens=UNICODE_HYPHENS)
    date = PADDING_TWIPS + EM_TWIPS * 0.8 * _longest(["2025-06-03"], **typst)
    assert widths[0] >= date - 1


def test_a_bold_word_is_measured_as_bold() -> None:
    """A dashboard's "**Overdue**" is wider than "Overdue": measured as regular text, its
    column was too narrow and LibreOffice broke it into 'Overdu' / 'e'."""
    table = (
        "<w:tbl><w:tblPr /><w:tr><w:tc><w:tcPr />"
        "<w:p><w:r><w:rPr><w:b /><w:bCs /></w:rPr><w:t>Overdue</w:t></w:r></w:p>"
        "</w:tc><w:tc><w:tcPr /><w:p><w:r><w:t>Overdue</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    )
    (bold, regular) = _grid(table)[0]
    assert _longest([bold], words=True) > _longest([regular], words=True) * 1.1
    assert bold.strip("\ue000") == regular


def test_a_column_of_ids_is_as_wide_as_its_longest_id() -> None:
    """An id is read and searched whole: in a register's "Id" column the PDF and the DOCX
    break no id at its hyphens ('field-' / 'engineering') where the page has room for it."""
    ids = ["Id", "field-engineering", "public-cloud-ops"]
    other = ["Customers", "Fenwick & Hale LLP, Harbour Logistics Ltd " * 3]
    for hyphens in (None, UNICODE_HYPHENS):
        widths = column_widths([ids, other], 9_500, 0.8, header=True, hyphens=hyphens)
        whole = PADDING_TWIPS + EM_TWIPS * 0.8 * _longest(["field-engineering"], words=False)
        assert widths[0] >= whole - 1
        # A column headed otherwise still breaks after its hyphens.
        named = column_widths([["Name", *ids[1:]], other], 9_500, 0.8, header=True)
        assert named[0] < whole


def test_a_column_of_ids_gives_way_before_any_other_word_breaks() -> None:
    """A catalogue of eight columns whose longest words fill the page: its ids break after
    their hyphens rather than 'Infrastructure' breaking in the middle of the word."""
    ids = ["Id", "field-engineering", "public-cloud-operations-centre"]
    crowded = [["Name", "Infrastructure", "Lifecycle"] for _ in range(5)]
    widths = column_widths([ids, *crowded], 9_000, header=True)
    word = PADDING_TWIPS + EM_TWIPS * _longest(["Infrastructure"], words=True)
    assert sum(widths) == 9_000
    assert min(widths[1:]) >= word - 1
    whole = PADDING_TWIPS + EM_TWIPS * _longest(["public-cloud-operations-centre"], words=False)
    assert widths[0] < whole  # the id breaks after a hyphen


def test_a_column_of_ids_gives_way_to_the_text_beside_it() -> None:
    """A risk register set in Word: kept whole, its ids would leave the treatment a word a
    line. Where the longest words leave less than a quarter of the page over, the ids break
    after their hyphens and the text columns get the width."""
    ids = ["Id", "risk-hypervisor-licensing", "risk-exchange-support"]
    risk = ["Risk", "Hypervisor licence costs rise sharply at renewal"]
    rating = ["Rating", "4 × 3 = 12"]
    treatment = [
        "Treatment",
        "Managed detection and response, phishing-resistant MFA for "
        "administrators, separate administrative accounts and immutable backups " * 2,
    ]
    owner = ["Owner", "Joanna Whitfield"]
    services = [
        "Services",
        "Managed Database Service, Managed Private Cloud Hosting, "
        "Vulnerability and Patch Management, Managed Detection and Response",
    ]
    columns = [ids, risk, rating, treatment, owner, services]
    widths = column_widths([c + [""] * (3 - len(c)) for c in columns], 9_070, header=True)
    whole = PADDING_TWIPS + EM_TWIPS * _longest(["risk-hypervisor-licensing"], words=False)
    assert widths[0] < whole  # 'risk-hypervisor-' / 'licensing'
    assert widths[3] >= 0.25 * 9_070  # the treatment reads as text, not a word a line
    assert widths[3] > widths[0]
