"""The other management systems the SMS is integrated with (``sms.integrated_with``): a table
in the context chapter and their entries among the normative references."""

from __future__ import annotations

from collections.abc import Callable

from smsdocs.model import IntegratedStandard, Scope
from smsdocs.render import doc
from smsdocs.render.chapters.build import grid, note, or_none, texts, value
from smsdocs.render.context import Context, macro
from smsdocs.render.doc import sentence
from smsdocs.words import english


def edition_of(other: IntegratedStandard) -> str:
    """'ISO 9001:2015', or the standard alone where the scope gives no edition."""
    return f"{other.standard}:{other.edition}" if other.edition else other.standard


def integrated_references(scope: Scope, say: Callable[[str], str] = english) -> list[doc.Inlines]:
    """One normative reference per integrated standard, saying what the data holds of it:
    its certificate only where one is recorded; in the manual's language (``say``)."""
    items = []
    for other in scope.sms.integrated_with:
        said = sentence(
            say("{standard}, the standard of a management system the SMS is integrated with"),
            standard=doc.Text(edition_of(other)),
        )
        if other.shared:
            said += sentence(say(" (shared: {shared})"), shared=texts(other.shared, "; "))
        if other.certificate and other.certified_by:
            said += sentence(
                say("; certificate {certificate} issued by {body}"),
                certificate=doc.Text(other.certificate),
                body=doc.Text(other.certified_by),
            )
        elif other.certificate:
            said += sentence(
                say("; certificate {certificate}"), certificate=doc.Text(other.certificate)
            )
        items.append(said + doc.inlines("."))
    return items


@macro
def integrated_systems(ctx: Context) -> doc.Blocks:
    """The management system standards the SMS is integrated with: edition, certificate,
    certification body and what the systems share."""
    scope = ctx.scope
    if not scope.sms.integrated_with:
        return (
            note(
                ctx.say(
                    "The scope data names no other management system standard the SMS is "
                    "integrated with."
                )
            ),
        )
    return (
        grid(
            (
                ctx.say("Standard"),
                ctx.say("Certificate"),
                ctx.say("Certified by"),
                ctx.say("Shared with the SMS"),
            ),
            (
                (
                    (doc.Text(edition_of(other)),),
                    value(other.certificate),
                    value(other.certified_by),
                    or_none(texts(other.shared, "; ")),
                )
                for other in scope.sms.integrated_with
            ),
        ),
    )
