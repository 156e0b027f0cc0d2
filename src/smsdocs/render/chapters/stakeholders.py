"""Interested parties (4.2) and the communication plan (7.4)."""

from __future__ import annotations

from smsdocs.render.blocks import nothing, table
from smsdocs.render.context import Context, macro
from smsdocs.render.links import anchor, link
from smsdocs.render.text import text


@macro
def stakeholders(ctx: Context) -> str:
    """Interested parties (4.2): role and interests of each."""
    scope = ctx.scope
    if not scope.stakeholders:
        return nothing("stakeholders")
    return table(
        ("Stakeholder", "Role", "Interests"),
        (
            (
                anchor("stakeholder", s.id, s.name),
                text(s.role),
                "; ".join(text(i) for i in s.interests) or "—",
            )
            for s in scope.stakeholders
        ),
    )


@macro
def communication_plan(ctx: Context) -> str:
    """How the scope is communicated (7.4): each stakeholder's channel and frequency."""
    scope, links = ctx.scope, ctx.links
    rows = [
        (link(scope, links, s.id), text(s.communication.channel), text(s.communication.frequency))
        for s in scope.stakeholders
        if s.communication is not None
    ]
    if not rows:
        return nothing("communication arrangements")
    return table(("Stakeholder", "Channel", "Frequency"), rows)
