"""A font made for a test: one square glyph for each of the characters it is asked to cover,
so a test can give a project a font for text smsdocs ships none for (CJK, emoji) without a
font file in the repository."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

from fontTools.fontBuilder import FontBuilder  # type: ignore[import-untyped]
from fontTools.pens.ttGlyphPen import TTGlyphPen  # type: ignore[import-untyped]

FAMILY = "Smsdocs Test Fallback"

SHOWN = {
    "latin": "Zoë Łukasz-Ørsted Çağlar",
    "vietnamese": "Nguyễn Thị Minh Khai",
    "greek": "Ελένη Παπαδοπούλου",
    "cyrillic": "Дмитрий Иванов",
    "hebrew": "דוד לוי",
    "arabic": "فاطمة الزهراء",
    "devanagari": "अनन्या शर्मा",
    "thai": "สมชาย ใจดี",
    "armenian": "Արամ Պետրոսյան",
    "georgian": "ნინო ბერიძე",
}
"""Names in scripts the fonts smsdocs ships cover: they appear in the PDF and the DOCX."""

REFUSED = {
    "han": ("王小明", "Han"),
    "emoji": ("Sam 🙂", "emoji"),
    "tamil": ("தமிழ்செல்வி", "Tamil"),
}
"""Names in scripts no shipped font covers: the check names each, with its script, until the
project adds a font for them."""


def make_font(path: Path, chars: str, family: str = FAMILY, *, named: bool = True) -> Path:
    """A TrueType font at ``path`` covering ``chars`` (each drawn as a square); not
    ``named``, it lacks the full and PostScript names, and Typst does not load it."""
    points = sorted({ord(c) for c in chars})
    names = [".notdef", *(f"u{p:04X}" for p in points)]
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder(names)
    builder.setupCharacterMap({p: f"u{p:04X}" for p in points})
    pen = TTGlyphPen(None)
    pen.moveTo((100, 0))
    pen.lineTo((100, 700))
    pen.lineTo((800, 700))
    pen.lineTo((800, 0))
    pen.closePath()
    square = pen.glyph()
    builder.setupGlyf(dict.fromkeys(names, square))
    builder.setupHorizontalMetrics(dict.fromkeys(names, (900, 100)))
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    names = {"familyName": family, "styleName": "Regular"}
    if named:
        names["uniqueFontIdentifier"] = names["fullName"] = f"{family} Regular"
        names["psName"] = family.replace(" ", "") + "-Regular"
    builder.setupNameTable(names)
    builder.setupOS2(sTypoAscender=800, sTypoDescender=-200, usWinAscent=800, usWinDescent=200)
    builder.setupPost()
    path.parent.mkdir(parents=True, exist_ok=True)
    builder.save(str(path))
    return path


def _png() -> bytes:
    """A 4 by 4 PNG, for a chapter's image."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0)
    rows = b"".join(b"\x00" + b"\x20\x60\xa0" * 4 for _ in range(4))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


PNG = _png()
