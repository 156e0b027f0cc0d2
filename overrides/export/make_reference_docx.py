"""Regenerate reference.docx, the Word styles of the DOCX export, from pandoc's defaults.

Run: .venv/bin/python overrides/export/make_reference_docx.py

The header and footer hold {placeholders} that every export fills in: {document_id},
{version}, {status} (Approved, or DRAFT), {draft} (a warning on a draft, empty on an approved
version), {classification} and {title}. An organisation may
instead edit reference.docx in Word (styles, logo, colours); keep each placeholder typed in
one go so Word stores it as a single piece of text.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
import zipfile
from pathlib import Path

import pypandoc  # type: ignore[import-untyped]
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

HERE = Path(__file__).resolve().parent
ACCENT = RGBColor(0x28, 0x35, 0x93)
MUTED = RGBColor(0x69, 0x69, 0x69)


FONT = "Arial"
"""The font of every style: Word on Windows and macOS has it, and LibreOffice draws it with
Liberation Sans, whose letters are as wide (pandoc's default, Aptos, is in recent Word only:
elsewhere a narrower or wider stand-in breaks table cells' words and dates)."""
BORDER = '<w:{side} w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"/>'
"""Each table's rules: a thin grey line around and between its cells."""
HEADER_FILL = "E8EAF6"
"""The shading of a table's header cells (its header row; a record's first column)."""

PAGE_WIDTH_MM, PAGE_HEIGHT_MM, MARGIN_MM = 210, 297, 25
"""A4 with 25 mm margins: a text width of 160 mm (export.docx.TEXT_WIDTH)."""

# Word's own definitions of the styles its header, footer and tables refer to.
DEFINED_STYLES = (
    '<w:style {ns} w:type="table" w:default="1" w:styleId="TableNormal">'
    '<w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/>'
    '<w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>'
    '<w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
    '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar>'
    "</w:tblPr></w:style>",
    '<w:style {ns} w:type="paragraph" w:styleId="Header"><w:name w:val="header"/>'
    '<w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/><w:pPr>'
    '<w:tabs><w:tab w:val="center" w:pos="4513"/><w:tab w:val="right" w:pos="9026"/></w:tabs>'
    '<w:spacing w:before="0" w:after="0"/></w:pPr></w:style>',
    '<w:style {ns} w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/>'
    '<w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/><w:pPr>'
    '<w:tabs><w:tab w:val="center" w:pos="4513"/><w:tab w:val="right" w:pos="9026"/></w:tabs>'
    '<w:spacing w:before="0" w:after="0"/></w:pPr></w:style>',
)


def field(paragraph, instruction: str, size: Pt, colour: RGBColor) -> None:  # type: ignore[no-untyped-def]
    """A Word field (PAGE, NUMPAGES) as Word writes one: begin, instruction, separate, the
    value shown until it is computed, end; each part in a run of its own, as the schema asks."""

    def part(kind: str, text: str | None = None) -> None:
        run = paragraph.add_run()
        run.font.size = size
        run.font.color.rgb = colour
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {instruction} "
        elif kind == "text":
            element = OxmlElement("w:t")
            element.text = text
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._r.append(element)

    part("begin")
    part("instr")
    part("separate")
    part("text", "1")
    part("end")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        default = Path(tmp) / "default.docx"
        subprocess.run(
            [
                pypandoc.get_pandoc_path(),
                "-o",
                str(default),
                "--print-default-data-file",
                "reference.docx",
            ],
            check=True,
        )
        doc = Document(str(default))
    styles = doc.styles
    namespace = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    for xml in DEFINED_STYLES:
        style = parse_xml(xml.format(ns=namespace))
        if (
            styles.element.find(
                f'{{{style.nsmap["w"]}}}style[@{{{style.nsmap["w"]}}}styleId="{style.get(qn("w:styleId"))}"]'
            )
            is None
        ):
            styles.element.append(style)
    for name, size in (("Heading 1", 18), ("Heading 2", 14), ("Heading 3", 12), ("Title", 26)):
        style = styles[name]
        style.font.color.rgb = ACCENT
        style.font.size = Pt(size)
        style.font.bold = True
    # Tables in 9 pt (export/wordtables.py sizes their columns for it), the header row bold.
    table = styles["Table"]
    table.font.size = Pt(9)
    first_row = table.element.find(qn("w:tblStylePr"))
    if first_row is not None and first_row.find(qn("w:rPr")) is None:
        first_row.insert(0, parse_xml(f"<w:rPr {namespace}><w:b/><w:bCs/></w:rPr>"))
    if first_row is not None:
        cell = first_row.find(qn("w:tcPr"))
        if cell is not None and cell.find(qn("w:shd")) is None:
            shade = parse_xml(
                f'<w:shd {namespace} w:val="clear" w:color="auto" w:fill="{HEADER_FILL}"/>'
            )
            align = cell.find(qn("w:vAlign"))  # the shading goes before it, as the schema orders
            if align is not None:
                align.addprevious(shade)
            else:
                cell.append(shade)
    table_properties = table.element.find(qn("w:tblPr"))
    if table_properties is not None and table_properties.find(qn("w:tblBorders")) is None:
        sides = ("top", "left", "bottom", "right", "insideH", "insideV")
        borders = "".join(BORDER.format(side=side) for side in sides)
        # After the indent, before the cell margins, as the schema orders a table's properties.
        table_properties.find(qn("w:tblCellMar")).addprevious(
            parse_xml(f"<w:tblBorders {namespace}>{borders}</w:tblBorders>")
        )
    for side in ("left", "right"):
        margin = table.element.find(f"{qn('w:tblPr')}/{qn('w:tblCellMar')}/{qn('w:' + side)}")
        if margin is not None:
            margin.set(qn("w:w"), "57")
    small = styles.add_style("Table Small", WD_STYLE_TYPE.PARAGRAPH)
    small.base_style = styles["Compact"]
    small.font.size = Pt(8)
    for level in (1, 2, 3):  # the contents' entries, indented by level (export/wordtoc.py)
        entry = styles.add_style(f"toc {level}", WD_STYLE_TYPE.PARAGRAPH)
        entry.style_id = f"TOC{level}"
        entry.base_style = styles["Normal"]
        entry.paragraph_format.left_indent = Mm(5 * (level - 1))
        entry.paragraph_format.space_before = Pt(6 if level == 1 else 0)
        entry.paragraph_format.space_after = Pt(2)
        entry.font.size = Pt(11 if level == 1 else 10)
        entry.font.bold = level == 1
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(MARGIN_MM))
    section.header_distance = section.footer_distance = Mm(12)
    # The cover has no running header or footer (as the PDF's): the first page's are empty.
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    section.first_page_footer.is_linked_to_previous = False
    header = section.header.paragraphs[0]
    header.text = ""
    # {draft} is empty for an approved version: a draft says so on every page, in red.
    banner = header.add_run("{draft}")
    banner.font.size = Pt(9)
    banner.font.bold = True
    banner.font.color.rgb = RGBColor(0xB0, 0x00, 0x20)
    run = header.add_run("{document_id} · {version} · {status} · {classification}")
    run.font.size = Pt(8)
    run.font.color.rgb = MUTED
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer = section.footer.paragraphs[0]
    footer.text = ""
    for text, instruction in (("{title} · Page ", "PAGE"), (" of ", "NUMPAGES")):
        lead = footer.add_run(text)
        lead.font.size = Pt(8)
        lead.font.color.rgb = MUTED
        field(footer, instruction, Pt(8), MUTED)
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    target = HERE / "reference.docx"
    doc.save(str(target))
    _set_fonts(target)


def _set_fonts(path: Path) -> None:
    """Every style in FONT: the theme's fonts (which the styles name) and the document's
    default font, for a client that reads no theme."""
    fonts = f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}" w:eastAsiaTheme="minorEastAsia"/>'

    def changed(name: str, text: str) -> str:
        if name == "word/theme/theme1.xml":
            return re.sub(
                r'<a:latin typeface="[^"]*"( panose="[^"]*")?', f'<a:latin typeface="{FONT}"', text
            )
        if name == "word/styles.xml":
            return re.sub(
                r"(<w:rPrDefault><w:rPr>)<w:rFonts [^>]*/>",
                lambda m: m.group(1) + fonts,
                text,
                count=1,
            )
        return text

    with zipfile.ZipFile(path) as package:
        files = {info: package.read(info) for info in package.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for info, data in files.items():
            if info.filename.endswith(".xml"):
                package.writestr(info, changed(info.filename, data.decode("utf-8")).encode("utf-8"))
            else:
                package.writestr(info, data)


if __name__ == "__main__":
    main()
