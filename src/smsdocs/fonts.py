"""The fonts the PDF is typeset with: those smsdocs ships (as font packages from PyPI), those
the project adds in ``fonts/`` of its export folder (``overrides/export/fonts/`` unless its
theme lives elsewhere), and which characters they can show.

Typst is told to ignore the build machine's fonts, so a PDF is the same on every machine and
the check can tell, before any export, whether each character of the manual has a font.
Typst's own Libertinus Serif sets the Latin, Greek, Cyrillic and Hebrew text; the packages
below are its fallbacks for what it lacks. Each is under the SIL Open Font License.

A leaf: imports nothing of smsdocs.
"""

from __future__ import annotations

import functools
import importlib.util
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Final

SHIPPED: Final = (
    "fontpkg_noto_serif",
    "fontpkg_frank_ruhl_libre",
    "fontpkg_noto_sans_arabic",
    "fontpkg_noto_sans_devanagari",
    "fontpkg_noto_sans_thai",
)
"""The font packages smsdocs depends on, in the order the PDF falls back to them: Noto Serif
(Latin, Greek and Cyrillic letters and signs beyond Libertinus Serif's, Vietnamese), Frank
Ruhl Libre (Hebrew), Noto Sans Arabic, Noto Sans Devanagari and Noto Sans Thai."""

PROJECT_FONTS: Final = "fonts"
"""Where a project puts fonts of its own, in its export folder (``project.Project.templates``):
every TrueType or OpenType file in it is available to the PDF, and counts for the check's
font coverage."""

FONT_SUFFIXES: Final = frozenset({".ttf", ".otf", ".ttc", ".otc"})
"""The font files Typst reads."""

EMBEDDED: Final = Path(__file__).parent / "data" / "typst-fonts.txt"
"""The characters the fonts built into Typst cover (Libertinus Serif, New Computer Modern and
its maths, DejaVu Sans Mono), as ranges of code points after a line naming the Typst version
they were read from: Typst draws them, though no font file of ours holds them (arrows, check
marks, box drawing). ``make typst-fonts`` writes it again from the installed Typst."""

_ALWAYS: Final = frozenset(range(0x20, 0x7F))
"""Characters every font the PDF uses has: the check loads no font for text made of them."""


def shipped_dirs() -> tuple[Path, ...]:
    """The folders of the font files smsdocs ships, those of packages that are installed."""
    found: list[Path] = []
    for name in SHIPPED:
        spec = importlib.util.find_spec(name)
        if spec is None or not spec.submodule_search_locations:
            continue
        folder = Path(next(iter(spec.submodule_search_locations))) / "files"
        if folder.is_dir():
            found.append(folder)
    return tuple(found)


def shipped_versions() -> dict[str, str]:
    """The font packages smsdocs ships that are installed, with their versions: with
    smsdocs's, pandoc's and Typst's, what a PDF's bytes depend on."""
    from importlib.metadata import PackageNotFoundError, version

    found: dict[str, str] = {}
    for name in SHIPPED:
        try:
            found[name.replace("_", "-")] = version(name)
        except PackageNotFoundError:
            continue
    return found


def project_dirs(templates: Path) -> tuple[Path, ...]:
    """The project's own font folder (in its export folder, ``templates``), where it has one,
    as an absolute path (Typst runs in a work folder of its own)."""
    folder = (templates / PROJECT_FONTS).absolute()
    return (folder,) if folder.is_dir() else ()


def font_dirs(templates: Path | None) -> tuple[Path, ...]:
    """Every folder Typst reads fonts from for the project whose export folder is
    ``templates``: smsdocs's, then the project's."""
    return shipped_dirs() + (project_dirs(templates) if templates is not None else ())


def font_files(dirs: Iterable[Path]) -> tuple[Path, ...]:
    """The font files in ``dirs``, in a stable order."""
    return tuple(
        path
        for folder in dirs
        for path in sorted(folder.rglob("*"))
        if path.suffix.lower() in FONT_SUFFIXES and path.is_file()
    )


def coverage(dirs: Iterable[Path]) -> frozenset[int]:
    """The code points that Typst's own fonts or some font in ``dirs`` have a glyph for."""
    return embedded() | files_coverage(dirs)


def files_coverage(dirs: Iterable[Path]) -> frozenset[int]:
    """The code points that some font file in ``dirs`` has a glyph for."""
    points: set[int] = set()
    for path in font_files(dirs):
        stat = path.stat()
        points |= _cmap(str(path), stat.st_mtime_ns, stat.st_size)
    return frozenset(points)


@functools.lru_cache(maxsize=64)
def _cmap(path: str, _mtime: int, _size: int) -> frozenset[int]:
    """The code points of one font file (every font of a collection); cached by path, time and
    size, so a site served and rebuilt reads each font once."""
    from fontTools.ttLib import TTCollection, TTFont, TTLibError  # type: ignore[import-untyped]

    points: set[int] = set()
    try:
        if path.lower().endswith((".ttc", ".otc")):
            with TTCollection(path, lazy=True) as collection:
                for font in collection.fonts:
                    points.update(font.getBestCmap() or {})
        else:
            with TTFont(path, lazy=True) as font:
                points.update(font.getBestCmap() or {})
    except (TTLibError, OSError, ValueError, KeyError, AssertionError):
        return frozenset()  # not a font fontTools can read: it covers nothing
    return frozenset(points)


@functools.lru_cache(maxsize=1)
def embedded() -> frozenset[int]:
    """The code points of the fonts built into Typst, as ``EMBEDDED`` lists them."""
    points: set[int] = set()
    try:
        lines = EMBEDDED.read_text(encoding="ascii").split("\n")[1:]
    except OSError:
        return frozenset()
    for line in lines:
        low, _, high = line.partition("-")
        if low:
            points.update(range(int(low, 16), int(high or low, 16) + 1))
    return frozenset(points)


def scan_typst() -> tuple[str, frozenset[int]]:
    """The version of the installed Typst and the code points of the fonts built into it,
    read from its library, where they are stored as whole font files."""
    import io
    import struct
    from importlib.metadata import version

    from fontTools.ttLib import TTFont, TTLibError

    spec = importlib.util.find_spec("typst")
    if spec is None or not spec.submodule_search_locations:
        return "", frozenset()
    folder = Path(next(iter(spec.submodule_search_locations)))
    points: set[int] = set()
    for library in sorted(folder.glob("_typst*")):
        data = library.read_bytes()
        for magic in (b"OTTO", b"\x00\x01\x00\x00"):
            at = data.find(magic)
            while at >= 0:
                tables = struct.unpack(">H", data[at + 4 : at + 6])[0]
                tags = {data[at + 12 + 16 * k : at + 16 + 16 * k] for k in range(min(tables, 64))}
                # A maths font (a MATH table) sets formulas only: Typst draws no text with it.
                if (
                    4 <= tables <= 40
                    and {b"cmap", b"head", b"name"} <= tags
                    and b"MATH" not in tags
                ):
                    try:
                        with TTFont(io.BytesIO(data[at : at + 8_000_000]), lazy=True) as font:
                            points.update(font.getBestCmap() or {})
                    except (TTLibError, ValueError, KeyError, AssertionError, struct.error):
                        pass
                at = data.find(magic, at + 1)
    return version("typst"), frozenset(points)


def ranges(points: Iterable[int]) -> list[str]:
    """Code points as ranges, one a line: '0020-007E', or '00A0' alone."""
    out: list[str] = []
    ordered = sorted(points)
    start = previous = None
    for point in [*ordered, None]:
        if start is not None and previous is not None and point == previous + 1:
            previous = point
            continue
        if start is not None:
            out.append(f"{start:04X}" if start == previous else f"{start:04X}-{previous:04X}")
        start = previous = point
    return out


def needs_glyph(char: str) -> bool:
    """Whether ``char`` is drawn with a glyph: controls, format characters (joiners, direction
    marks, the byte-order mark) and variation selectors are not, and spaces Typst makes itself."""
    point = ord(char)
    if point in _ALWAYS or char in "\t\n\r":
        return False
    if 0xFE00 <= point <= 0xFE0F or 0xE0100 <= point <= 0xE01EF:
        return False
    if char == "\u1680":  # the Ogham space mark is a space drawn as a line
        return True
    category = unicodedata.category(char)
    return category not in {"Cc", "Cf", "Zs", "Zl", "Zp", "Cs"}


def missing(text: str, covered: frozenset[int]) -> list[tuple[int, str]]:
    """The offsets and characters of ``text`` that need a glyph no font in ``covered`` has."""
    return [
        (offset, char)
        for offset, char in enumerate(text)
        if ord(char) not in covered and needs_glyph(char)
    ]


_WIDE: Final = re.compile(r"[^\x00-\x7f]")


def drawable(text: str, covered: frozenset[int]) -> str:
    """``text`` with each character no font in ``covered`` has written as its code point
    (``U+1F642``): for text the check never saw, such as a release tag's message read from
    git, which would otherwise stop the PDF."""
    if text.isascii():
        return text

    def code(found: re.Match[str]) -> str:
        char = found.group()
        return char if ord(char) in covered or not needs_glyph(char) else f"U+{ord(char):04X}"

    return _WIDE.sub(code, text)


def all_plain(texts: Iterable[str]) -> bool:
    """Whether every character of ``texts`` is printable ASCII or white space (no font to
    read)."""
    return all(text.isascii() for text in texts)


_EMOJI: Final = (
    (0x1F000, 0x1FAFF),
    (0x2600, 0x27BF),
    (0x2B00, 0x2BFF),
    (0x1F900, 0x1F9FF),
)

_SCRIPTS: Final = {
    "CJK": "Han",
    "HIRAGANA": "Hiragana",
    "KATAKANA": "Katakana",
    "HANGUL": "Hangul",
    "BOPOMOFO": "Bopomofo",
    "IDEOGRAPHIC": "Han",
}


_LETTERS: Final = frozenset(
    {"LETTER", "SIGN", "SYLLABLE", "VOWEL", "DIGIT", "LIGATURE", "MARK", "CHARACTER"}
)


def script(char: str) -> str:
    """The script or kind of ``char``, as a finding names it: 'Han', 'Thai', 'emoji',
    'private use'."""
    point = ord(char)
    if unicodedata.category(char) == "Co":
        return "private use"
    if any(low <= point <= high for low, high in _EMOJI):
        return "emoji"
    name = unicodedata.name(char, "")
    if not name:
        return "unassigned"
    words = name.split()
    if words[0] in _SCRIPTS:
        return _SCRIPTS[words[0]]
    return words[0].title() if _LETTERS.intersection(words[1:]) else name.lower()


def suggested_font(kind: str) -> str:
    """A free font that covers ``kind`` (a ``script`` name), for the fix a finding gives."""
    if kind in {"Han", "Hiragana", "Katakana", "Hangul", "Bopomofo"}:
        return "Noto Sans CJK or Noto Serif CJK"
    if kind == "emoji":
        return "Noto Emoji"
    if kind in {"private use", "unassigned"}:
        return "the font the characters were made for"
    return f"Noto Sans {kind}" if " " not in kind else "one of the Noto fonts"
