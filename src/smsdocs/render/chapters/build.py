"""Small builders the chapters share, each composed of the document model's blocks and
inlines (:mod:`smsdocs.render.doc`): a table from plain headers, an italic note, a date, values
from YAML in a row."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from markdown.extensions.toc import slugify

from smsdocs.render import doc
from smsdocs.render.context import Context


def grid(
    headers: Sequence[str], rows: Iterable[Sequence[doc.Inlines]], *, empty: str = "—"
) -> doc.Table:
    """A table with smsdocs's own words as its headers; an empty cell shows ``empty``."""
    return doc.Table(
        tuple(doc.inlines(h) for h in headers), tuple(tuple(row) for row in rows), empty
    )


def heading(*title: doc.Content) -> doc.Heading:
    """A section of a chapter (the chapters' sections are third-level headings)."""
    return doc.Heading(3, doc.inlines(*title))


def section(ctx: Context, english: str, level: int = 3) -> doc.Heading:
    """A section of a chapter titled ``english``, smsdocs's own words (marked with ``N_``),
    in the manual's language. On the site a translated title keeps the anchor its English
    words give ('Service components' -> 'service-components', as Markdown's toc makes it),
    so a link to it from a chapter, another page or outside keeps leading there in every
    language; the exports make up their own, as they do for English."""
    shown = ctx.say(english)
    anchor = slugify(english, "-") if ctx.medium == "site" and shown != english else ""
    return doc.Heading(level, doc.inlines(shown), anchor)


def note(*parts: doc.Content) -> doc.Paragraph:
    """A line in italics: what the data does not hold, or what a reader should know of it."""
    return doc.Paragraph((doc.Emph(doc.inlines(*parts)),))


def texts(values: Iterable[str], separator: str = ", ") -> doc.Inlines:
    """Values from YAML one after another, ``separator`` between them; nothing for none."""
    return doc.joined(((doc.Text(v),) for v in values), separator)


def or_none(content: doc.Inlines) -> doc.Inlines:
    """``content``, or the dash an empty value shows."""
    return content or (doc.Words("—"),)


def value(text: str | None) -> doc.Inlines:
    """A value from YAML, or the dash an empty one shows."""
    return (doc.Text(text),) if text else (doc.Words("—"),)
