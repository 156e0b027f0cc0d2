"""The Word document's own settings where pandoc writes none: its language, and its heading
numbers as Word's multilevel numbering linked to the Heading styles, numbering what the PDF
numbers. Works on the document's XML as text; imports nothing of smsdocs."""

from __future__ import annotations

import re
from typing import Final

NUMBERED_LEVELS: Final = 3
"""The heading levels numbered, as in the PDF (chapter, section, service: '3.2.1'); deeper
headings have no number."""

_DEFAULT_LANGUAGE: Final = re.compile(r"(<w:rPrDefault>.*?)(</w:rPr>)", re.S)
_LANGUAGE: Final = re.compile(r"<w:lang\b[^>]*/>")
_HEADING: Final = re.compile(r'<w:p><w:pPr><w:pStyle w:val="Heading([1-9])" />(.*?)</w:p>', re.S)
_NUMBER_RUN: Final = re.compile(
    r'<w:r><w:rPr><w:rStyle w:val="SectionNumber" /></w:rPr><w:t(?: [^>]*)?>[^<]*</w:t></w:r>'
    r"(?:<w:r><w:tab /></w:r>)?"
)
# The paragraph properties a numbering's may follow, in the order the schema gives them.
_BEFORE_NUMBERING: Final = (
    r"(?:<w:(?:keepNext|keepLines|pageBreakBefore|framePr|widowControl)\b[^>]*/>)*"
)


_EAST_ASIAN: Final = frozenset({"Hans", "Hant", "Hani", "Jpan", "Kore", "Hang", "Hira", "Kana"})
"""The scripts Word sets as East Asian text, whose language is ``w:eastAsia``."""
_COMPLEX: Final = frozenset(
    {"Arab", "Hebr", "Syrc", "Thaa", "Nkoo", "Thai", "Laoo", "Khmr", "Mymr", "Tibt", "Sinh"}
    | {"Deva", "Beng", "Guru", "Gujr", "Orya", "Taml", "Telu", "Knda", "Mlym"}
)
"""The scripts Word sets as complex (right-to-left or shaped) text, whose language is
``w:bidi``."""


def with_language(styles: str, settings: str, tag: str) -> tuple[str, str]:
    """The styles with ``tag`` (BCP 47, 'en-GB') as the language of all text, which spelling
    checkers and screen readers go by, and the settings with it as the theme fonts'. Word
    keeps a language for each class of script: the tag is also the East Asian text's where
    its language is written in an East Asian script ('ja'), and the complex text's where in
    a complex one ('he', 'hi'), so neither keeps the template's ('zh-CN', 'ar-SA')."""
    attributes = {"w:val": tag} | dict.fromkeys(_script_classes(tag), tag)
    found = _DEFAULT_LANGUAGE.search(styles)
    if found is not None:
        head = found.group(1)
        if _LANGUAGE.search(head):
            head = _LANGUAGE.sub(lambda m: _with(m.group(), attributes), head, count=1)
        else:
            head += _with("<w:lang />", attributes)
        styles = styles[: found.start()] + head + found.group(2) + styles[found.end() :]
    settings = re.sub(
        r"<w:themeFontLang\b[^>]*/>", lambda m: _with(m.group(), attributes), settings, count=1
    )
    return styles, settings


def _script_classes(tag: str) -> tuple[str, ...]:
    """The attributes of ``w:lang`` besides ``w:val`` that the language of ``tag`` is written
    in: ``w:eastAsia`` or ``w:bidi`` by its script (the tag's, else the one CLDR finds most
    likely for its language: 'ja' -> 'Jpan'), none for one in Latin, Cyrillic or Greek."""
    from babel.core import get_global

    parts = tag.split("-")
    named = next((p.title() for p in parts[1:] if len(p) == 4 and p.isalpha()), None)
    likely = str(get_global("likely_subtags").get(parts[0].lower(), ""))
    script = named or next((p for p in likely.split("_")[1:] if len(p) == 4), "")
    if script in _EAST_ASIAN:
        return ("w:eastAsia",)
    if script in _COMPLEX:
        return ("w:bidi",)
    return ()


def _with(element: str, attributes: dict[str, str]) -> str:
    """The empty element ``element`` with these attributes' values, set or replaced."""
    for name, value in attributes.items():
        pattern = rf'\b{name}="[^"]*"'
        if re.search(pattern, element):
            element = re.sub(pattern, f'{name}="{value}"', element, count=1)
        else:
            element = re.sub(r"\s*/>$", f' {name}="{value}" />', element, count=1)
    return element


def heading_numbering(ident: int) -> tuple[str, str]:
    """The abstract numberings and the numberings that number the Heading 1 to
    NUMBERED_LEVELS styles '1', '1.1', '1.1.1' (id ``ident``; the levels below show none), and
    that show no number (``ident + 1``: an unnumbered heading's, counted apart)."""
    shown, counted = _numbering(ident, NUMBERED_LEVELS), _numbering(ident + 1, 0)
    return shown[0] + counted[0], shown[1] + counted[1]


def _numbering(ident: int, numbered: int) -> tuple[str, str]:
    levels = []
    for level in range(9):
        if level < numbered:
            text = ".".join(f"%{n + 1}" for n in range(level + 1))
            levels.append(
                f'<w:lvl w:ilvl="{level}"><w:start w:val="1" /><w:numFmt w:val="decimal" />'
                f'<w:pStyle w:val="Heading{level + 1}" /><w:lvlText w:val="{text}" />'
                '<w:lvlJc w:val="left" /><w:pPr><w:ind w:left="0" w:firstLine="0" /></w:pPr>'
                "</w:lvl>"
            )
        else:
            levels.append(
                f'<w:lvl w:ilvl="{level}"><w:start w:val="1" /><w:numFmt w:val="none" />'
                '<w:suff w:val="nothing" /><w:lvlText w:val="" /><w:lvlJc w:val="left" />'
                '<w:pPr><w:ind w:left="0" w:firstLine="0" /></w:pPr></w:lvl>'
            )
    abstract = (
        f'<w:abstractNum w:abstractNumId="{ident}"><w:multiLevelType w:val="multilevel" />'
        + "".join(levels)
        + "</w:abstractNum>"
    )
    number = f'<w:num w:numId="{ident}"><w:abstractNumId w:val="{ident}" /></w:num>'
    return abstract, number


def numbered_styles(styles: str, ident: int) -> str:
    """The styles with Heading 1 to NUMBERED_LEVELS numbered by the numbering ``ident``, and
    the styles based on them (the contents' heading) kept out of it."""
    headings = "|".join(f"Heading{level + 1}" for level in range(NUMBERED_LEVELS))
    for based in re.finditer(
        rf'<w:style\b[^>]*w:styleId="([^"]+)"[^>]*>(?:(?!</w:style>).)*?'
        rf'<w:basedOn w:val="(?:{headings})"',
        styles,
        re.S,
    ):
        styles = _with_numbering(styles, based.group(1), _unnumbered(ident))
    for level in range(NUMBERED_LEVELS):
        numbering = f'<w:numPr><w:ilvl w:val="{level}" /><w:numId w:val="{ident}" /></w:numPr>'
        styles = _with_numbering(styles, f"Heading{level + 1}", numbering)
    return styles


def _with_numbering(styles: str, name: str, numbering: str) -> str:
    """The styles with the style ``name``'s paragraphs numbered as ``numbering`` says."""
    style = re.search(rf'<w:style\b[^>]*w:styleId="{name}"[^>]*>.*?</w:style>', styles, re.S)
    if style is None or "<w:numPr>" in style.group():
        return styles
    text = style.group()
    if "<w:pPr>" in text:
        text = re.sub(
            "(<w:pPr>" + _BEFORE_NUMBERING + ")",
            lambda m, n=numbering: m.group(1) + n,  # type: ignore[misc]
            text,
            count=1,
        )
    elif "<w:pPr />" in text:
        text = text.replace("<w:pPr />", f"<w:pPr>{numbering}</w:pPr>", 1)
    else:  # after the style's name and links, before its run properties
        at = text.find("<w:rPr>")
        at = at if at >= 0 else text.rindex("</w:style>")
        text = text[:at] + f"<w:pPr>{numbering}</w:pPr>" + text[at:]
    return styles[: style.start()] + text + styles[style.end() :]


def _unnumbered(ident: int) -> str:
    """The numbering of a heading that shows no number (and counts none of the others)."""
    return f'<w:numPr><w:ilvl w:val="0" /><w:numId w:val="{ident + 1}" /></w:numPr>'


def numbered_headings(body: str, ident: int) -> str:
    """The headings of a body with the numbers pandoc typed into them taken out: Word numbers
    them from their styles (the numbering ``ident``). A heading pandoc left unnumbered (the
    document control, a page's own 'unnumbered' heading) is kept out of the numbering."""

    def heading(m: re.Match[str]) -> str:
        level, rest = int(m.group(1)), m.group(2)
        numbered = _NUMBER_RUN.search(rest) is not None
        rest = _NUMBER_RUN.sub("", rest, count=1)
        start = f'<w:p><w:pPr><w:pStyle w:val="Heading{level}" />'
        if level <= NUMBERED_LEVELS and not numbered:
            kept = re.match(_BEFORE_NUMBERING, rest)
            at = kept.end() if kept else 0
            rest = rest[:at] + _unnumbered(ident) + rest[at:]
        return f"{start}{rest}</w:p>"

    return _HEADING.sub(heading, body)
