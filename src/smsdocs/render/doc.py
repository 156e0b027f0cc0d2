"""The manual's document model: the small, typed vocabulary every generated page and fragment
is made of, defined once.

Render builds pages from these blocks and inlines; two writers turn them into their outputs:
:mod:`smsdocs.render.material` into the Markdown the site engine reads (Material's dialect), and
:mod:`smsdocs.export.ast` into pandoc's document tree (its JSON AST) for the PDF and the DOCX.
Neither output is read back by the other, and nothing downstream parses a writer's output to
recover the structure: a heading, a link or an anchor is one here, by type.

Text from YAML is a :class:`Text` and each writer escapes it for its output; smsdocs's own
wording is :class:`Words`, which holds no markup. Authored Markdown from YAML (descriptions,
the purpose, the statement) is :class:`Markup`: the site sanitises it as it is, the exports read
it with pandoc's Markdown reader, as they read the chapters in ``docs/``.

Imports nothing of smsdocs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final, TypeAlias

# Inlines ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Text:
    """Plain text from YAML or git, shown literally: whitespace collapsed, control characters
    visible, a direction control isolated; escaped by each writer."""

    value: str


@dataclass(frozen=True, slots=True)
class Words:
    """smsdocs's own wording, written as it is: it holds no Markdown, HTML or pandoc markup
    (no ``* _ [ ] < > { } | # ` \\``), so no writer escapes it."""

    value: str


@dataclass(frozen=True, slots=True)
class Strong:
    content: Inlines


@dataclass(frozen=True, slots=True)
class Emph:
    content: Inlines


@dataclass(frozen=True, slots=True)
class Code:
    """Text as inline code: nothing in it is markup."""

    value: str


@dataclass(frozen=True, slots=True)
class Ref:
    """A place in the manual: a page by its path relative to ``docs/`` (``"dependencies.md"``),
    and an anchor on it, or none for the page's top."""

    page: str
    fragment: str = ""


@dataclass(frozen=True, slots=True)
class Url:
    """An address outside the manual (``https:``, ``mailto:``, ``tel:``)."""

    href: str


Target: TypeAlias = "Ref | Url"


@dataclass(frozen=True, slots=True)
class Link:
    content: Inlines
    target: Ref | Url
    paged: bool = False
    """In print, the link also prints the section and page it leads to ("Context and scope
    (2, p. 7)"), as a link in running text does, though it stands in a table."""


@dataclass(frozen=True, slots=True)
class Anchor:
    """Inline content that other pages link to, at ``id`` (an entry's name in its table)."""

    id: str
    content: Inlines


@dataclass(frozen=True, slots=True)
class Image:
    """A picture in running text, by its place in the manual (a generated figure)."""

    target: Ref
    alt: Inlines


@dataclass(frozen=True, slots=True)
class Markup:
    """Authored Markdown from YAML, inline (a table cell): sanitised on the site, read with
    pandoc's Markdown reader in the exports."""

    value: str


Inline: TypeAlias = "Text | Words | Strong | Emph | Code | Link | Anchor | Image | Markup"
Inlines: TypeAlias = "tuple[Inline, ...]"

# Blocks -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    content: Inlines
    id: str = ""
    """An explicit anchor, or empty for the one the engine makes up from the words."""


@dataclass(frozen=True, slots=True)
class Paragraph:
    content: Inlines


@dataclass(frozen=True, slots=True)
class Table:
    """A table with a header row; a cell with no content shows ``empty``."""

    headers: tuple[Inlines, ...]
    rows: tuple[tuple[Inlines, ...], ...]
    empty: str = "—"


@dataclass(frozen=True, slots=True)
class Record:
    """One entry's fields, one row each: a field's name (a row header) and its value. No header
    row: "Field | Value" says nothing."""

    rows: tuple[tuple[str, Inlines], ...]
    empty: str = "—"


@dataclass(frozen=True, slots=True)
class Listing:
    """A bullet list, each item a line of inlines."""

    items: tuple[Inlines, ...]


@dataclass(frozen=True, slots=True)
class Admonition:
    """A call-out box: ``kind`` is Material's (note, warning, info ...)."""

    kind: str
    title: str
    body: Blocks


@dataclass(frozen=True, slots=True)
class Quote:
    """Blocks quoted as written (the scope statement)."""

    body: Blocks


@dataclass(frozen=True, slots=True)
class Figure:
    """A generated picture shown as a block, by its place in the manual."""

    target: Ref
    alt: Inlines


@dataclass(frozen=True, slots=True)
class Drawing:
    """A drawing written into the page itself (so the links in it work on the site): its SVG
    and what it shows, for a screen reader. The exports show ``fallback`` instead."""

    svg: str
    label: str
    fallback: Blocks = ()


@dataclass(frozen=True, slots=True)
class MarkupBlock:
    """Authored Markdown from YAML, as blocks (a description, the statement)."""

    value: str


Block: TypeAlias = (
    "Heading | Paragraph | Table | Record | Listing | Admonition | Quote | Figure | Drawing"
    " | MarkupBlock"
)
Blocks: TypeAlias = "tuple[Block, ...]"


# Building -----------------------------------------------------------------------------

Content: TypeAlias = "str | Inline | tuple[Inline, ...] | list[Inline]"
"""What the builders accept as inline content: a ``str`` is smsdocs's own words."""


def inlines(*parts: Content) -> Inlines:
    """Inline content from words (``str``), inlines and sequences of them, in order."""
    out: list[Inline] = []
    for part in parts:
        if isinstance(part, str):
            if part:
                out.append(Words(part))
        elif isinstance(part, tuple | list):
            out.extend(part)
        else:
            out.append(part)
    return tuple(out)


def joined(items: Iterable[Inlines], separator: str = ", ") -> Inlines:
    """Inline contents one after another, ``separator`` between them."""
    out: list[Inline] = []
    for number, item in enumerate(items):
        if number:
            out.append(Words(separator))
        out.extend(item)
    return tuple(out)


def para(*parts: Content) -> Paragraph:
    return Paragraph(inlines(*parts))


def nothing(sentence: str) -> Paragraph:
    """The line that says the scope records none of something: the whole sentence, so a
    language words it its own way ("No risks recorded in the scope data.")."""
    return Paragraph((Emph((Words(sentence),)),))


_FIELD: Final = re.compile(r"\{([a-z_]+)\}")


def sentence(template: str, **parts: Content) -> Inlines:
    """A sentence of smsdocs's own words, translated whole (``ctx.say``), with links, dates
    and values from YAML in its ``{fields}``: 'To {to} on {date}' with ``to`` and ``date``
    given, so each language orders the parts its own way. A field not given is a bug."""
    out: list[Content] = []
    at = 0
    for field in _FIELD.finditer(template):
        out.append(template[at : field.start()])
        out.append(parts[field.group(1)])
        at = field.end()
    out.append(template[at:])
    return inlines(*out)
