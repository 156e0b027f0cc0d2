"""The Markdown of the site writer's blocks (pipe tables, records, lists), dates, and entries
grouped by kind."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")


def table(headers: Sequence[str], rows: Iterable[Sequence[str]], *, empty: str = "—") -> str:
    """A Markdown pipe table; cells must already be escaped, and an empty one shows
    ``empty``."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines.extend("| " + " | ".join(cell or empty for cell in row) + " |" for row in rows)
    return "\n".join(lines) + "\n"


def record(rows: Iterable[tuple[str, str]]) -> str:
    """One entry's fields as a table of name and value, one row each, without a header row
    (a "Field | Value" header says nothing): the names are bold, and the site makes them
    row headings. ``rows`` are (name, escaped value)."""
    return table(("", ""), ((f"**{name}**", value) for name, value in rows))


def when(day: dt.date | None) -> str:
    return day.isoformat() if day else "—"


def listing(items: Iterable[str]) -> str:
    lines = [f"- {item}" for item in items]
    return "\n".join(lines) + "\n" if lines else ""


def by_kind(
    entries: Iterable[T], kinds: Iterable[tuple[str, str]], kind_of: Callable[[T], str]
) -> Iterator[tuple[str, str, list[T]]]:
    """The entries grouped by kind, as (kind, title, entries), in the order of ``kinds``
    ((kind, title) pairs); a kind no entry has is left out."""
    listed = list(entries)
    for kind, title in kinds:
        group = [e for e in listed if kind_of(e) == kind]
        if group:
            yield kind, title, group
