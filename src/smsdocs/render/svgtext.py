"""Text in the SVG figures: measured without fonts (an upper bound for the fonts a reader is
likely to have), wrapped at spaces, and written as ``<text>`` elements; and what every figure
shares, its colours and its opening tag. Imports ``render.text``, nothing else of the
package."""

from __future__ import annotations

import re
from typing import Final
from xml.sax.saxutils import escape as xml_escape

from smsdocs.render.text import one_line

FONT: Final = "font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif\""

# Colours of what a figure draws straight on the page (its labels, axes and grid), as
# opposed to what it draws on its own fills (box and cell text, which keep theirs): a figure
# has a variant for dark pages in which only these change.
INK: Final = "#1f2328"
"""Text on the page: inherited from the figure's root by every text without a fill."""
INK_SOFT: Final = "#555555"
"""Secondary text on the page: scale numbers, month names, column headings."""
RULE: Final = "#e0e0e0"
"""Grid lines on the page."""
TODAY: Final = "#c62828"
"""The timeline's mark of the day the manual was built."""
ON_FILL: Final = "#222222"
"""Text on a figure's own light fills (boxes, heat map cells), in both variants."""

# Every figure is scaled to the text width in the PDF (about 468 pt on US Letter, 476 pt on
# A4) and in Word (6.3 in), so a figure's width in SVG units decides how small its text
# prints. Each figure (render.charts) is laid out so that every font size it uses keeps
# font_size * 468 / width at 7 pt or more; long names wrap onto more lines instead.

# Advance widths of DejaVu Sans, in hundredths of an em, for ' ' to '~': the widest of the
# sans-serif fonts a reader is likely to have, so text measured with it fits in the others.
# fmt: off
_ADVANCE: Final = (
    32, 40, 46, 84, 64, 95, 78, 27, 39, 39, 50, 84, 32, 36, 32, 34,
    64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 34, 34, 84, 84, 84, 53,
    100, 68, 69, 70, 77, 63, 58, 77, 75, 29, 29, 66, 56, 86, 75, 79,
    60, 79, 69, 63, 61, 73, 68, 99, 69, 61, 69, 39, 34, 39, 84, 50,
    50, 61, 63, 55, 63, 62, 35, 63, 63, 28, 28, 58, 28, 97, 63, 61,
    63, 63, 41, 52, 39, 63, 59, 82, 59, 59, 52, 64, 34, 64, 84,
)
# fmt: on
_OTHER: Final = 1.0
"""Width of any other character, in ems: as wide as the widest letters, to be safe."""
_BOLD: Final = 1.12
"""How much wider bold (weight 600 and up) text is than regular."""


def width(value: str, size: float, bold: bool = False) -> float:
    """How wide value is at size, in SVG units (an upper bound for the fonts named)."""
    ems = sum(_ADVANCE[o - 32] / 100 if 32 <= (o := ord(c)) < 127 else _OTHER for c in value)
    return ems * size * (_BOLD if bold else 1.0)


SOFT: Final = "\u00ad"
"""A soft hyphen: where a word may break, with a hyphen shown only if it does."""


def wrap(
    value: str, room: float, size: float, bold: bool = False, *, hyphenate: bool = False
) -> list[str]:
    """Text as lines no wider than room, broken at spaces. A word longer than a line breaks
    after a hyphen or at a soft hyphen (U+00AD, shown as a hyphen where it breaks, and not at
    all elsewhere: a catalogue marks a long word of a language's that way), or else where it
    must, marked with a hyphen where ``hyphenate`` (for smsdocs's own words, which a language
    may make longer than its English). Nothing is ever left out."""
    lines: list[str] = []
    line = ""
    for word in one_line(value).split(" "):
        joined = f"{line} {word}" if line else word
        if width(joined.replace(SOFT, ""), size, bold) <= room:
            line = joined
            continue
        if line:
            lines.append(line)
        *whole, line = _split_word(word, room, size, bold, hyphenate)
        lines.extend(whole)
    return [shown.replace(SOFT, "") for shown in (*lines, line)]


def _split_word(
    word: str, room: float, size: float, bold: bool, hyphenate: bool = False
) -> list[str]:
    mark = "-" if hyphenate else ""
    pieces: list[str] = []
    piece = ""

    def broken(piece: str) -> str:
        return piece[:-1] + "-" if piece.endswith(SOFT) else piece

    for part in re.findall(r"[^-\u00ad]*[-\u00ad]+|[^-\u00ad]+", word):
        if width(broken(piece + part).replace(SOFT, ""), size, bold) <= room:
            piece += part
            continue
        if piece:
            pieces.append(broken(piece))
            piece = ""
        for char in part.replace(SOFT, ""):
            if piece and width(piece + char + mark, size, bold) > room:
                pieces.append(piece + mark)
                piece = ""
            piece += char
    return [*(p.replace(SOFT, "") for p in pieces), piece]


def n(value: float) -> str:
    """A coordinate as short, stable text: 12, 12.5."""
    return f"{round(value, 1):g}"


def text(x: float, y: float, lines: list[str], step: float, attrs: str = "") -> str:
    """Lines as one <text> (the first line at y, each next one a <tspan> a step lower), so a
    wrapped label still reads, selects and copies as one label."""
    first, *rest = lines
    more = "".join(f'<tspan x="{n(x)}" dy="{n(step)}">{xml_escape(line)}</tspan>' for line in rest)
    return f'<text x="{n(x)}" y="{n(y)}"{attrs}>{xml_escape(first)}{more}</text>'


def first_baseline(top: float, height: float, lines: int, step: float, size: float) -> float:
    """Where the first of some lines of text sits so the block is centred from top to
    top + height (a line's middle is about 0.35 em above its baseline)."""
    return top + (height - lines * step) / 2 + step / 2 + 0.35 * size


def attr(value: str) -> str:
    """``value`` as the text of an attribute in double quotes."""
    return xml_escape(value, {'"': "&quot;"})


def opening(width: float, height: float, size: int, title: str) -> str:
    """The start of a figure: its size, its font and text colour, and its ``title``."""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{n(width)}" height="{n(height)}" '
        f'viewBox="0 0 {n(width)} {n(height)}" role="img" {FONT} font-size="{size}" '
        f'fill="{INK}">\n'
        f"<title>{xml_escape(title)}</title>"
    )
