"""The other management systems the SMS is integrated with (``sms.integrated_with``): a table
in the context chapter and their entries among the normative references."""

from __future__ import annotations

from smsdocs.model import IntegratedStandard, Scope
from smsdocs.render.blocks import table
from smsdocs.render.context import Context, macro
from smsdocs.render.text import text


def edition_of(other: IntegratedStandard) -> str:
    """'ISO 9001:2015', or the standard alone where the scope gives no edition."""
    return f"{other.standard}:{other.edition}" if other.edition else other.standard


def integrated_references(scope: Scope) -> list[str]:
    """One normative reference per integrated standard, saying what the data holds of it:
    its certificate only where one is recorded."""
    items = []
    for other in scope.sms.integrated_with:
        said = (
            f"{text(edition_of(other))}, the standard of a management system the SMS is "
            "integrated with"
        )
        if other.shared:
            said += " (shared: " + "; ".join(text(s) for s in other.shared) + ")"
        if other.certificate:
            said += f"; certificate {text(other.certificate)}"
            if other.certified_by:
                said += f" issued by {text(other.certified_by)}"
        items.append(said + ".")
    return items


@macro
def integrated_systems(ctx: Context) -> str:
    """The management system standards the SMS is integrated with: edition, certificate,
    certification body and what the systems share."""
    scope = ctx.scope
    if not scope.sms.integrated_with:
        return (
            "*The scope data names no other management system standard the SMS is "
            "integrated with.*\n"
        )
    return table(
        ("Standard", "Certificate", "Certified by", "Shared with the SMS"),
        (
            (
                text(edition_of(other)),
                text(other.certificate or "—"),
                text(other.certified_by or "—"),
                "; ".join(text(s) for s in other.shared) or "—",
            )
            for other in scope.sms.integrated_with
        ),
    )
