"""A manual in a script beyond Latin: the Hindi test project (Devanagari, ``theme.language:
hi``) checks, builds and exports with its text visible, set in the font smsdocs ships for it.

A project's own font in ``fonts/`` of its export folder is tested in ``test_text.py``
(``full_project``: a font of its own for CJK, embedded in the PDF and counted by the check)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pymupdf
import pytest

from helpers.export import docx_text, export, exported_files
from helpers.projects import PROJECTS, TODAY, commit_all, make_project, release_all
from helpers.site import Build, read_page
from smsdocs import fonts
from smsdocs.validate import check

NAME = "उदाहरण सेवाएँ प्राइवेट लिमिटेड"
STATEMENT = (
    "एसएमएस में सेवा सूची की सभी सेवाएँ, प्रबंधित होस्टिंग और बैकअप, शामिल हैं, जिन्हें लीड्स "
    "कार्यालय से संचालन इकाई प्रदान करती है।"
)
DEVANAGARI = re.compile("[\u0900-\u097f]")
SHOWN = (
    NAME,
    "सेवा प्रबंधन प्रणाली नियमावली",
    "एसएमएस उदाहरण को अपने ग्राहकों के लिए सहमत स्तरों पर होस्टिंग सेवा चलाने में सक्षम बनाता है।",
    "प्रबंधित होस्टिंग",
    "ग्राहकों के लिए चलाए जाने वाले वर्चुअल सर्वर।",
    "ग्राहक सर्वरों का रात्रिकालीन बैकअप।",
    "मुद्रण सेवा इस वर्ष बंद की जा रही है और इसका केवल एक ग्राहक शेष है।",
    "एकमात्र डेटा केंद्र एक ही कोलोकेशन आपूर्तिकर्ता के पास है",
    "अलेक्स बॉस",
)
"""Texts of the project the PDF shows, with conjuncts (प्र, स्ट, द्र, र्य), vowel signs before
their consonant (ि) and nasal signs (ँ, ं)."""


def hindi_project(dest: Path) -> Path:
    """The example manual with the Hindi test project's scope, naming ``hi`` as the theme's
    language, as a user would, and no language of the smsdocs plugin."""
    project = make_project(dest, scope=PROJECTS / "hindi" / "scope")
    config = project / "mkdocs.yml"
    text = re.sub(r"(?m)^      language: .*\n", "", config.read_text(encoding="utf-8"))
    text, count = re.subn(r"(?m)^(  language:) .*$", r"\1 hi", text)
    assert count == 1
    config.write_text(text, encoding="utf-8")
    return project


def test_the_only_finding_is_that_smsdocs_has_no_hindi_words(tmp_path: Path) -> None:
    project = hindi_project(tmp_path / "p")
    lines = (project / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    at = lines.index("  language: hi") + 1
    assert [str(f) for f in check(project, today=TODAY).findings] == [
        f"mkdocs.yml:{at}:13: warning[language-unsupported]: smsdocs has no text in the "
        "language of 'hi', so the words it writes itself (headers, labels, tables' headings) "
        "stay in English while the documents declare your language; choose one of "
        + ", ".join(f"'{language}'" for language in _shipped())
        + ", or add a catalogue for yours (README 'Languages')"
    ]


def _shipped() -> list[str]:
    from smsdocs.words import LANGUAGES

    return list(LANGUAGES)


def test_every_character_has_a_shipped_font() -> None:
    """What the check's font coverage reads: no character of the project lacks a font."""
    covered = fonts.coverage(fonts.shipped_dirs())
    texts = [p.read_text(encoding="utf-8") for p in (PROJECTS / "hindi" / "scope").glob("*")]
    assert DEVANAGARI.search("".join(texts))
    for text in texts:
        assert not fonts.missing(text, covered)


@pytest.mark.slow
def test_the_site_shows_the_text_and_declares_the_language(tmp_path: Path) -> None:
    project = hindi_project(tmp_path / "p")
    release_all(project)
    site = tmp_path / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-d", str(site)],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    # Not --strict: its one warning, that smsdocs has no Hindi words, would fail it.
    warnings = [line for line in proc.stderr.splitlines() if line.startswith("WARNING")]
    assert len(warnings) == 1 and "warning[language-unsupported]" in warnings[0], warnings
    build = Build(proc.returncode, proc.stderr, site)
    home = read_page(build.site, "")
    assert re.search(r'<html [^>]*lang="hi"', home.html)
    assert NAME in home.text or NAME in home.html
    found = [
        read_page(build.site, str(page.parent.relative_to(build.site))).text
        for page in build.site.rglob("index.html")
    ]
    assert any(STATEMENT in text for text in found)
    assert any("प्रबंधित होस्टिंग" in text and "ग्राहकों के लिए चलाए जाने वाले" in text for text in found)


@dataclass
class Printed:
    project: Path
    pdf: Path
    docx: Path
    output: str


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> Printed:
    project = hindi_project(tmp_path_factory.mktemp("hi") / "p")
    commit_all(project)
    code, output = export(project)
    assert code == 0, output
    return Printed(project, *exported_files(project), output)


def _to_unicode(font: pikepdf.Object) -> dict[bytes, str]:
    """A font's /ToUnicode map: each glyph code's text ('bfchar' and 'bfrange' entries)."""
    found: dict[bytes, str] = {}
    cmap = font.get("/ToUnicode")
    if cmap is None:
        return found
    text = cmap.read_bytes().decode("latin-1")
    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for code, value in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            found[bytes.fromhex(code)] = bytes.fromhex(value).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        for low, high, value in re.findall(
            r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block
        ):
            first, width = int(value, 16), len(low) // 2
            for i, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                found[code.to_bytes(width, "big")] = chr(first + i)
    return found


def spoken_text(path: Path) -> str:
    """The PDF's text as a reader that follows the PDF's own word for it takes it: the
    /ActualText of a marked span where it gives one (what Typst writes for a cluster of
    glyphs, such as a Devanagari syllable, which no glyph's /ToUnicode can say alone), each
    other glyph's /ToUnicode text. (PyMuPDF repeats a vowel sign in some such spans.)"""
    parts: list[str] = []
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            fonts = {str(n): _to_unicode(f) for n, f in page.Resources.get("/Font", {}).items()}
            font: dict[bytes, str] = {}
            spans: list[bool] = []
            for operands, op in pikepdf.parse_content_stream(page):
                name = str(op)
                if name in ("BDC", "BMC"):
                    props = operands[1] if name == "BDC" else None
                    said = (
                        props.get("/ActualText") if isinstance(props, pikepdf.Dictionary) else None
                    )
                    if said is not None and not any(spans):
                        parts.append(str(said))
                    spans.append(said is not None)
                elif name == "EMC" and spans:
                    spans.pop()
                elif name == "Tf":
                    font = fonts.get(str(operands[0]), {})
                elif name == "ET":
                    parts.append(" ")
                elif name in ("Tj", "TJ", "'", '"') and not any(spans):
                    strings = operands[0] if name == "TJ" else [operands[-1]]
                    for item in strings:
                        if isinstance(item, pikepdf.String):
                            raw = bytes(item)
                            width = 2 if font and len(next(iter(font))) == 2 else 1
                            for i in range(0, len(raw), width):
                                parts.append(font.get(raw[i : i + width], ""))
    return " ".join("".join(parts).split())


def _compact(text: str) -> str:
    """``text`` without its white space: the PDF's words are set in runs of one font each,
    so a comma set in another font than the word before it is a run of its own."""
    return "".join(unicodedata.normalize("NFC", text).split())


@pytest.mark.export
def test_the_pdf_holds_the_text_in_the_shipped_devanagari_font(printed: Printed) -> None:
    with pymupdf.open(printed.pdf) as pdf:
        used = {font[3] for page in pdf for font in page.get_fonts()}
        # Every Devanagari letter is drawn in Noto Sans Devanagari, none in a font that has
        # no glyph for it (which would draw .notdef, a box).
        drawn = set()
        for page in pdf:
            for block in page.get_text("rawdict")["blocks"]:
                for line in block.get("lines", []):
                    for span in line["spans"]:
                        chars = "".join(c["c"] for c in span["chars"])
                        if DEVANAGARI.search(chars):
                            drawn.add(span["font"])
    text = _compact(spoken_text(printed.pdf))
    for shown in SHOWN:
        assert _compact(shown) in text, shown
    assert any("NotoSansDevanagari" in name for name in used), used
    assert drawn and all("NotoSansDevanagari" in name for name in drawn), drawn
    assert "glyph" not in printed.output.lower(), printed.output
    with pikepdf.open(printed.pdf) as pdf:
        assert str(pdf.Root.Lang) == "hi"


@pytest.mark.export
def test_the_docx_holds_the_text_and_declares_the_language(printed: Printed) -> None:
    text = docx_text(printed.docx)
    assert NAME in text
    assert STATEMENT in text
    styles = zipfile.ZipFile(printed.docx).read("word/styles.xml").decode("utf-8")
    defaults = re.search(r"<w:docDefaults>.*?</w:docDefaults>", styles, re.S)
    assert defaults and re.search(r'<w:lang [^>]*w:val="hi"', defaults.group())


@pytest.mark.export
@pytest.mark.xfail(
    strict=True,
    reason="Typst maps each of the two glyphs of the cluster ड् (a consonant and its virama) to "
    "the cluster's text, and gives it no /ActualText: a reader takes 'लीड्ड्स' from the "
    "'लीड्स' it shows (typst/typst#4225, open)",
)
def test_the_pdf_text_of_a_consonant_with_a_visible_virama(printed: Printed) -> None:
    assert _compact(STATEMENT) in _compact(spoken_text(printed.pdf))


@pytest.mark.export
def test_the_docx_declares_the_language_of_its_devanagari_text(printed: Printed) -> None:
    styles = zipfile.ZipFile(printed.docx).read("word/styles.xml").decode("utf-8")
    defaults = re.search(r"<w:docDefaults>.*?</w:docDefaults>", styles, re.S)
    assert defaults and re.search(r'<w:lang [^>]*w:bidi="hi', defaults.group())
