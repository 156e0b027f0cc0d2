"""Regenerate reference.docx, the Word styles of the DOCX export, from pandoc's defaults.

Run: .venv/bin/python overrides/export/make_reference_docx.py

The header and footer hold {placeholders} that every export fills in: {document_id},
{version}, {status} (Approved, or DRAFT), {classification} and {title}. An organisation may
instead edit reference.docx in Word (styles, logo, colours); keep each placeholder typed in
one go so Word stores it as a single piece of text.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import pypandoc  # type: ignore[import-untyped]
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

HERE = Path(__file__).resolve().parent
ACCENT = RGBColor(0x28, 0x35, 0x93)
MUTED = RGBColor(0x69, 0x69, 0x69)


def field(paragraph, instruction: str) -> None:  # type: ignore[no-untyped-def]
    """A Word field (such as PAGE) that Word computes when it shows the document."""
    run = paragraph.add_run()
    simple = OxmlElement("w:fldSimple")
    simple.set(qn("w:instr"), instruction)
    inner = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    inner.append(text)
    simple.append(inner)
    run._r.append(simple)


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
    for name, size in (("Heading 1", 18), ("Heading 2", 14), ("Heading 3", 12), ("Title", 26)):
        style = styles[name]
        style.font.color.rgb = ACCENT
        style.font.size = Pt(size)
        style.font.bold = True
    section = doc.sections[0]
    section.different_first_page_header_footer = False
    header = section.header.paragraphs[0]
    header.text = ""
    run = header.add_run("{document_id} · {version} · {status} · {classification}")
    run.font.size = Pt(8)
    run.font.color.rgb = MUTED
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer = section.footer.paragraphs[0]
    footer.text = ""
    lead = footer.add_run("{title} · page ")
    lead.font.size = Pt(8)
    lead.font.color.rgb = MUTED
    field(footer, "PAGE")
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.save(str(HERE / "reference.docx"))


if __name__ == "__main__":
    main()
