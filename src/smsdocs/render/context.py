"""What a chapter fragment is rendered from, and the registry of fragments the pages call.

A fragment is a function ``(ctx: Context) -> doc.Blocks`` with a docstring, registered once with
``@macro``; the site engine offers each registered fragment to the pages under its name, with
its docstring as its help. Imports the model and the links of this folder only.
"""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final, Literal, TypeVar

from smsdocs.model import Release, ReleaseRecord, Scope, label, labelled
from smsdocs.render import doc
from smsdocs.render.links import Links
from smsdocs.words import calendar_day, numeral, translator


def _no_releases() -> Sequence[ReleaseRecord]:
    return ()


Medium = Literal["site", "print"]
"""Where the manual is read: ``"site"``, the HTML manual (``mkdocs build``, ``mkdocs serve``),
or ``"print"``, the PDF and DOCX exports."""

MEDIA: Final[tuple[Medium, ...]] = ("site", "print")
"""Every medium, the site's first."""

AsOf = Literal["built", "approved", "configured"]
"""Which day ``Context.today`` is: ``"built"``, the day a draft is built; ``"approved"``, the
day an approved version was approved (its build is worked out for that day, whenever it is
built); ``"configured"``, the ``today`` option of the plugin."""


@dataclass(frozen=True, slots=True)
class Download:
    """An exported file of the version the site shows, published with it."""

    name: str
    """The file's name, also its address under downloads/."""
    size: int
    """Its size in bytes."""
    sha256: str
    """Its SHA-256, as SHA256SUMS gives it and as the site checked it."""


@dataclass(frozen=True, slots=True)
class Context:
    """One page's view of the manual's data, for the fragments that page calls."""

    scope: Scope
    links: Links
    """Links from the page being rendered to the pages listing each kind of entry."""
    today: dt.date
    """The day review dates are compared against: an approved version's approval day, else
    the day configured, else the day of the build (``as_of`` says which)."""
    release: Release
    """The version and status of the manual being built."""
    page_clauses: Mapping[str, Sequence[str]] = field(default_factory=dict)
    """The clauses each chapter declares in its front matter, by page."""
    page_titles: Mapping[str, str] = field(default_factory=dict)
    """The pages' titles as the navigation gives them, by page ("Context and scope" for
    context.md); a page the navigation does not title is named from its file."""
    releases: Callable[[], Sequence[ReleaseRecord]] = _no_releases
    """The release history, newest first: read from git only if a page shows it."""
    history_unavailable: str = ""
    """Why the release history cannot be read at all (no git), or empty."""
    downloads: Sequence[Download] = ()
    """This version's exported files published with the site, for its home page."""
    dated: dt.date | None = None
    """The date of the version (its commit's, or SOURCE_DATE_EPOCH): the cover's date, and
    the pages'. It can be earlier than ``today``, the day the copy is built."""
    medium: Medium = "site"
    """Where the page will be read: ``"site"`` or ``"print"`` (the PDF and DOCX). A printed
    manual has a cover, a document-control page and a running header, but no banner, no
    sidebar, no search and nobody to run a command, so a fragment may word its text for it;
    the facts it shows are the same in both."""
    language: str = "en"
    """The manual's language as a BCP 47 tag (``Project.language``): the words smsdocs
    writes itself (``say``) are in it where smsdocs has a catalogue for it."""
    as_of: AsOf = "built"
    """Which day ``today`` is."""

    def say(self, english: str) -> str:
        """``english``, words smsdocs writes itself (marked for ``make translations`` by
        this call), in the manual's ``language``."""
        return translator(self.language).gettext(english)

    def say_n(self, singular: str, plural: str, count: int) -> str:
        """The singular or a plural form of words smsdocs writes itself, by ``count``, in
        the manual's ``language`` (whose catalogue knows its own plural forms); the text may
        hold ``{count}`` and other fields for ``str.format``."""
        return translator(self.language).ngettext(singular, plural, count)

    def day(self, date: dt.date | None) -> doc.Inlines:
        """A date as the manual's ``language`` writes it (``words.calendar_day``: '2 Mar
        2026' in 'en-GB', '02.03.2026' in 'de'), or a dash for none."""
        return (doc.Words(calendar_day(date, self.language) if date else "—"),)

    def number(self, value: float) -> str:
        """A number as the manual writes it, in its language's digits and separators."""
        return numeral(value, self.language)

    def label(self, value: str) -> str:
        """What readers see for a stored value (``model.label``): a label the contract names
        in the manual's language; a free kind ('data-centre') as the organisation wrote it."""
        shown = label(value)
        return self.say(shown) if labelled(value) else shown


Fragment = Callable[[Context], "doc.Blocks"]

PLACEHOLDER: Final = "smsdocs-blocks"
"""The class of the fenced div that stands for a fragment's blocks in a chapter's Markdown,
in print: the exports put the blocks, written for them, in its place."""


def placeholder(number: int, *, inline: bool = False) -> str:
    """What the fragment numbered ``number`` on a page stands as in the page's Markdown, in
    print: a fenced div of pandoc's, on lines of its own, holding the number; or, for a
    fragment of one paragraph (``inline``), a span, so a sentence that calls it mid-way stays
    one paragraph."""
    if inline:
        return f"[{number}]{{.{PLACEHOLDER}}}"
    return f"\n\n::: {{.{PLACEHOLDER}}}\n{number}\n:::\n\n"


_REGISTRY: Final[dict[str, Fragment]] = {}


F = TypeVar("F", bound=Fragment)


def macro(fragment: F) -> F:
    """Register a chapter fragment under its function's name, for the pages to call.

    Registration happens once, as the fragment's module is imported; a fragment without a
    docstring, with another signature or with a name already taken is refused then.
    """
    name = fragment.__name__
    if not (fragment.__doc__ or "").strip():
        raise TypeError(f"macro '{name}' has no docstring: the manual's macro help shows it")
    if list(inspect.signature(fragment).parameters) != ["ctx"]:
        raise TypeError(f"macro '{name}' must take one parameter, ctx")
    if name in _REGISTRY:
        raise TypeError(f"macro '{name}' is registered twice")
    _REGISTRY[name] = fragment
    return fragment


def macros() -> Mapping[str, Fragment]:
    """Every registered fragment by name, in the order the modules registered them."""
    return dict(_REGISTRY)
