"""The Word document's table of contents, shipped filled in: pandoc writes an empty TOC field
that only Word fills, and only once asked to, so LibreOffice and viewers show a bare heading.
Every heading down to ``CONTENTS_DEPTH`` gets a bookmark, and the contents lists them, each a
link to its heading with its page number as a PAGEREF field: LibreOffice works the page
numbers out as it lays the document out, and Word shows them once its fields are updated
(it updates no field of a document on opening it without asking first, and it keeps a TOC
field's entries as they were written, page numbers and all, until told to update them).
Works on the document's XML as text; imports nothing of smsdocs."""

from __future__ import annotations

import re
from typing import Final

CONTENTS_DEPTH: Final = 3
"""Heading levels the contents lists: chapters, their sections and each service's page."""

PAGE_BREAK: Final = '<w:p><w:r><w:br w:type="page" /></w:r></w:p>'
_CONTENTS: Final = re.compile(
    r"<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val=\"Table of Contents\" />.*?</w:sdt>",
    re.S,
)
_CHAPTER: Final = re.compile(r'<w:p><w:pPr><w:pStyle w:val="Heading1" />')
_TOC_FIELD: Final = re.compile(
    r"<w:p><w:r><w:fldChar w:fldCharType=\"begin\"[^>]*/><w:instrText[^>]*>TOC [^<]*"
    r"</w:instrText><w:fldChar w:fldCharType=\"separate\" /><w:fldChar w:fldCharType=\"end\" />"
    r"</w:r></w:p>"
)
_HEADING: Final = re.compile(r'<w:p><w:pPr><w:pStyle w:val="Heading(\d)" />.*?</w:p>', re.S)
_NUMBER: Final = re.compile(
    r'<w:rStyle w:val="SectionNumber" /></w:rPr><w:t(?: [^>]*)?>([^<]*)</w:t>'
)
_TEXT: Final = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>")
_BOOKMARK_ID: Final = re.compile(r'<w:bookmarkStart w:id="(\d+)"')


def arrange_front(body: str) -> str:
    """The cover on a page of its own, then document control, then the contents on pages of
    their own, then the chapters: pandoc puts its contents right under the title."""
    contents = _CONTENTS.search(body)
    if contents is None:
        return body
    rest = body[: contents.start()] + body[contents.end() :]
    chapters = list(_CHAPTER.finditer(rest))
    if len(chapters) < 2:
        return body
    control, first = chapters[0].start(), chapters[1].start()
    return (
        rest[:control]
        + PAGE_BREAK
        + rest[control:first]
        + PAGE_BREAK
        + contents.group()
        + PAGE_BREAK
        + rest[first:]
    )


def fill_contents(body: str, text_twips: int) -> str:
    """The body with its contents filled in where pandoc put its TOC field (``text_twips``,
    the text's width, is where the page numbers end), and bookmarks on the headings listed."""
    field = _TOC_FIELD.search(body)
    if field is None:
        return body
    first_id = max((int(i) for i in _BOOKMARK_ID.findall(body)), default=0) + 1
    entries: list[str] = []

    def bookmark(m: re.Match[str]) -> str:
        level = int(m.group(1))
        if level > CONTENTS_DEPTH:
            return m.group()
        number = len(entries)
        name = f"_Toc{number + 1:06d}"
        ident = first_id + number
        paragraph = m.group()
        entries.append(_entry(paragraph, level, name, text_twips))
        start = paragraph.index("</w:pPr>") + len("</w:pPr>")
        return (
            f'{paragraph[:start]}<w:bookmarkStart w:id="{ident}" w:name="{name}" />'
            f'{paragraph[start : -len("</w:p>")]}<w:bookmarkEnd w:id="{ident}" /></w:p>'
        )

    after = _HEADING.sub(bookmark, body[field.end() :])
    return body[: field.start()] + "".join(entries) + after


def _entry(heading: str, level: int, bookmark: str, text_twips: int) -> str:
    """An entry of the contents: the heading's number and title, a link to it, and its page
    number, a PAGEREF field with no value until a client works it out (none is shown rather
    than a wrong one)."""
    heading = heading.replace("<w:noBreakHyphen />", "<w:t>\u2011</w:t>")
    number = _NUMBER.search(heading)
    texts = _TEXT.findall(heading)
    if number:
        texts.remove(number.group(1))
    title = " ".join("".join(texts).split())
    label = f"{number.group(1)}  {title}" if number else title
    shown = "</w:t><w:noBreakHyphen /><w:t>".join(label.split("\u2011"))
    page = (
        f'<w:r><w:tab /></w:r><w:r><w:fldChar w:fldCharType="begin" /></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> PAGEREF {bookmark} \\h </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate" /></w:r>'
        '<w:r><w:fldChar w:fldCharType="end" /></w:r>'
    )
    return (
        f'<w:p><w:pPr><w:pStyle w:val="TOC{level}" /><w:tabs>'
        f'<w:tab w:val="right" w:leader="dot" w:pos="{text_twips}" /></w:tabs></w:pPr>'
        f'<w:hyperlink w:anchor="{bookmark}" w:history="1">'
        f'<w:r><w:t xml:space="preserve">{shown}</w:t></w:r>{page}</w:hyperlink></w:p>'
    )
