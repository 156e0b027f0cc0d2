"""A font made for a test: one square glyph for each of the characters it is asked to cover,
so a test can give a project a font for text smsdocs ships none for (CJK, emoji) without a
font file in the repository."""

from __future__ import annotations

from pathlib import Path

from fontTools.fontBuilder import FontBuilder  # type: ignore[import-untyped]
from fontTools.pens.ttGlyphPen import TTGlyphPen  # type: ignore[import-untyped]

FAMILY = "Smsdocs Test Fallback"


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
