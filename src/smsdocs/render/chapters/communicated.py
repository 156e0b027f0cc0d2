"""The communication of approved versions (4.3, 7.4): who was told of which approved version,
when, how and by whom, and who acknowledged it.

A record of version vX is made after vX was approved and tagged, so it is in later commits:
the manual built at vX's tag shows only the records its own scope holds (those of earlier
versions), a draft every record made so far. Each sentence says what the records hold, and
no more: a SHA-256 recorded with an acknowledgement is shown as recorded, since nothing here
can tell which PDF it is the hash of."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from smsdocs.model import VersionCommunication, name_of
from smsdocs.render import doc
from smsdocs.render.chapters.build import grid, note, value
from smsdocs.render.context import Context, macro
from smsdocs.render.doc import sentence
from smsdocs.render.links import linked, linked_all
from smsdocs.words import N_

HASH_SHOWN: Final = 12
"""Hexadecimal digits of a recorded SHA-256 shown in the table; the full value follows it."""

NONE_RECORDED: Final = N_("No communication of an approved version is recorded.")


def ordered(communications: Sequence[VersionCommunication]) -> list[VersionCommunication]:
    """The records newest first (by date, then version and id, so the order is stable)."""
    return sorted(communications, key=lambda c: (c.date, c.version, c.id), reverse=True)


@macro
def communications(ctx: Context) -> doc.Blocks:
    """Every recorded communication of an approved version: version, date, to whom (linked),
    how, by whom, the record, and the acknowledgements; then the SHA-256 of each PDF an
    acknowledgement names, in full."""
    scope, links = ctx.scope, ctx.links
    if not scope.communications:
        return (note(ctx.say(NONE_RECORDED)),)
    records = ordered(scope.communications)
    table = grid(
        (
            ctx.say("Version"),
            ctx.say("Date"),
            ctx.say("To"),
            ctx.say("How"),
            ctx.say("By"),
            ctx.say("Record"),
            ctx.say("Acknowledged"),
        ),
        (
            (
                (doc.Text(c.version),),
                ctx.day(c.date),
                linked_all(scope, links, c.to),
                (doc.Text(c.how),),
                linked(scope, links, c.by),
                value(c.record),
                _acknowledged(ctx, c),
            )
            for c in records
        ),
    )
    return (table, *_hashes(ctx, records))


def _acknowledged(ctx: Context, c: VersionCommunication) -> doc.Inlines:
    """Who acknowledged the version and when (with the record, and the start of the PDF's
    SHA-256 where one is recorded); a dash where no acknowledgement is recorded."""
    scope, links = ctx.scope, ctx.links
    parts: list[doc.Inlines] = []
    for a in sorted(c.acknowledgements, key=lambda a: (a.date, a.by)):
        said = sentence(
            ctx.say("{by} on {date}"), by=linked(scope, links, a.by), date=ctx.day(a.date)
        )
        parts.append(
            doc.inlines(
                said,
                doc.inlines(" (", doc.Text(a.record), ")") if a.record else (),
                doc.inlines(", PDF SHA-256 ", doc.Code(a.pdf_sha256.lower()[:HASH_SHOWN] + "…"))
                if a.pdf_sha256
                else (),
            )
        )
    return doc.joined(parts, "; ") or value(None)


def _hashes(ctx: Context, records: Sequence[VersionCommunication]) -> doc.Blocks:
    """The SHA-256 each acknowledgement records, in full, so a reader can compare it with
    the PDF of that version; nothing where none is recorded."""
    each = ctx.say("{hash}: the PDF of {version} that {by} acknowledged on {date}, as recorded.")
    items = tuple(
        sentence(
            each,
            hash=doc.Code(a.pdf_sha256.lower()),
            version=doc.Text(c.version),
            by=doc.Text(name_of(ctx.scope, a.by, ctx.language)),
            date=ctx.day(a.date),
        )
        for c in records
        for a in sorted(c.acknowledgements, key=lambda a: (a.date, a.by))
        if a.pdf_sha256
    )
    if not items:
        return ()
    return (
        doc.para(
            ctx.say(
                "The SHA-256 recorded with each acknowledgement, in full (the hash of the file "
                "the recipient acknowledged, as they recorded it; compare it with the SHA-256 "
                "of that version's PDF):"
            )
        ),
        doc.Listing(items),
    )


def communicated_rows(ctx: Context, version: str) -> tuple[tuple[str, doc.Inlines], ...]:
    """A release's "Communicated" row: to whom and when the records say the version was
    communicated, in the manual's language; no row where the scope rendered holds no record
    of it."""
    scope, links = ctx.scope, ctx.links
    records = sorted(
        (c for c in scope.communications if c.version == version), key=lambda c: (c.date, c.id)
    )
    if not records:
        return ()
    each = ctx.say("To {to} on {date}")
    said = doc.joined(
        (sentence(each, to=linked_all(scope, links, c.to), date=ctx.day(c.date)) for c in records),
        "; ",
    )
    return ((ctx.say("Communicated"), said),)
