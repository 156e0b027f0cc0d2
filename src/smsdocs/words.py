"""The words smsdocs itself writes into the manual, in the project's language.

Each shipped language has a gettext catalogue, ``locale/<language>/LC_MESSAGES/smsdocs.po``,
compiled beside it as ``smsdocs.mo`` (``make translations`` extracts, updates and compiles;
the ``.mo`` files are committed, so an editable install and a wheel read them alike, with no
step for the user); the languages are those whose ``.mo`` is there (``languages``), so a new
catalogue needs no change here. ``translator`` gives the catalogue for a BCP 47 tag: ``de``,
``de-DE`` and ``de-CH`` all read the German one; a language with none reads English, the text
as written.

No state: whoever writes text asks for a translator with the language it was handed. A leaf
module: it imports nothing of smsdocs.
"""

from __future__ import annotations

import datetime as dt
import gettext
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from babel import Locale

DOMAIN: Final = "smsdocs"
"""The catalogues' gettext domain (their files' name)."""
LOCALE: Final = Path(__file__).resolve().parent / "locale"
"""Where the catalogues are: ``<language>/LC_MESSAGES/smsdocs.mo`` a language."""
SOURCE: Final = "en"
"""The language the text is written in, which needs no catalogue."""


@cache
def languages(locale: Path = LOCALE) -> tuple[str, ...]:
    """The languages smsdocs writes its own text in: English, then each language it ships a
    compiled catalogue for in ``locale`` (``<language>/LC_MESSAGES/smsdocs.mo``), in the order
    of their names. Found, not listed: a translator adds a language with no change to code."""
    found = sorted(mo.parent.parent.name for mo in locale.glob(f"*/LC_MESSAGES/{DOMAIN}.mo"))
    return (SOURCE, *(language for language in found if language != SOURCE))


def __getattr__(name: str) -> tuple[str, ...]:
    """``LANGUAGES``: ``languages()``, read when first asked for rather than on import."""
    if name == "LANGUAGES":
        return languages()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def primary(tag: str) -> str:
    """The language of the BCP 47 tag ``tag``: its primary subtag, in lower case ('de-CH' ->
    'de')."""
    return tag.partition("-")[0].lower()


def catalogue(tag: str) -> str | None:
    """The shipped language for the BCP 47 tag ``tag`` (``primary``), or None where smsdocs
    has no text in that language."""
    language = primary(tag)
    return language if language in languages() else None


@cache
def translator(tag: str) -> gettext.NullTranslations:
    """The translations for the BCP 47 tag ``tag``, with ``gettext`` and ``ngettext``: the
    shipped catalogue of its language (``catalogue``), else the English text as it is."""
    language = catalogue(tag)
    if language is None or language == SOURCE:
        return gettext.NullTranslations()
    with (LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.mo").open("rb") as compiled:
        return gettext.GNUTranslations(compiled)


def english(text: str) -> str:
    """Words smsdocs writes itself, as written: the ``say`` of an English manual, where a
    function that words a sentence is handed none."""
    return text


def words(tag: str, *english: str) -> dict[str, str]:
    """Each of ``english`` (marked with ``N_`` where it is written) in the language of ``tag``,
    by its English text: what a template is handed, looking its words up by their English
    and keeping the English where it finds none."""
    say = translator(tag).gettext
    return {text: say(text) for text in english}


@cache
def locale_of(tag: str) -> Locale | None:
    """Babel's locale for the BCP 47 tag ``tag``, else for its language ('de-XX' as 'de'),
    or None where Babel knows neither: what dates and numbers are written by."""
    from babel import Locale, UnknownLocaleError

    for known in (tag, primary(tag)):
        try:
            return Locale.parse(known, sep="-")
        except (UnknownLocaleError, ValueError):
            continue
    return None


def numeral(value: float, tag: str) -> str:
    """``value`` written as the language of ``tag`` writes numbers (its decimal and group
    separators, e.g. '1,070' in English and '1.070' in German); a language Babel does not
    know writes them as English does."""
    from babel.numbers import format_decimal

    return format_decimal(value, locale=locale_of(tag) or "en")


NO_BREAK: Final = "\u00a0"
"""The no-break space, which a date's words are joined with (``calendar_day``)."""


def calendar_day(value: dt.date, tag: str) -> str:
    """``value`` written as the language of ``tag`` writes a date in running text: its medium
    date format in CLDR ('2 Mar 2026' in 'en-GB', 'Mar 2, 2026' in 'en', '02.03.2026' in
    'de', '2 mars 2026' in 'fr'); a tag Babel does not know is written as its language is
    ('de-XX' as 'de'), and one whose language it does not know either as ISO 8601
    ('2026-03-02'), which every reader can read. Its spaces are no-break spaces (U+00A0): a
    date is read whole, so no line breaks it ('2 Mar' / '2026'), in a sentence or in a
    table's narrow column, as none breaks an ISO date."""
    from babel.dates import format_date

    locale = locale_of(tag)
    if locale is None:
        return value.isoformat()
    return format_date(value, format="medium", locale=locale).replace(" ", NO_BREAK)


def N_(text: str) -> str:
    """``text`` as it is: marks it for extraction where it is translated later (``words``)."""
    return text
