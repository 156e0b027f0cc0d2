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
_THEME_LANGUAGE: Final = re.compile(r'<w:themeFontLang w:val="[^"]*"')
_HEADING: Final = re.compile(r'<w:p><w:pPr><w:pStyle w:val="Heading([1-9])" />(.*?)</w:p>', re.S)
_NUMBER_RUN: Final = re.compile(
    r'<w:r><w:rPr><w:rStyle w:val="SectionNumber" /></w:rPr><w:t(?: [^>]*)?>[^<]*</w:t></w:r>'
    r"(?:<w:r><w:tab /></w:r>)?"
)
# The paragraph properties a numbering's may follow, in the order the schema gives them.
_BEFORE_NUMBERING: Final = (
    r"(?:<w:(?:keepNext|keepLines|pageBreakBefore|framePr|widowControl)\b[^>]*/>)*"
)


def with_language(styles: str, settings: str, tag: str) -> tuple[str, str]:
    """The styles with ``tag`` (BCP 47, 'en-GB') as the language of all text, which spelling
    checkers and screen readers go by, and the settings with it as the theme fonts'."""
    found = _DEFAULT_LANGUAGE.search(styles)
    if found is not None:
        head = found.group(1)
        if _LANGUAGE.search(head):
            head = _LANGUAGE.sub(lambda m: _language_element(m.group(), tag), head, count=1)
        else:
            head += f'<w:lang w:val="{tag}" />'
        styles = styles[: found.start()] + head + found.group(2) + styles[found.end() :]
    settings = _THEME_LANGUAGE.sub(f'<w:themeFontLang w:val="{tag}"', settings, count=1)
    return styles, settings


def _language_element(element: str, tag: str) -> str:
    if re.search(r'\bw:val="[^"]*"', element):
        return re.sub(r'\bw:val="[^"]*"', f'w:val="{tag}"', element, count=1)
    return element.replace("<w:lang", f'<w:lang w:val="{tag}"', 1)


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
