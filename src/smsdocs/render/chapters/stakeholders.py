"""Interested parties (4.2) and the communication plan (7.4)."""

from __future__ import annotations

from smsdocs.render import doc
from smsdocs.render.context import Context, macro
from smsdocs.render.links import anchored, linked


@macro
def stakeholders(ctx: Context) -> doc.Blocks:
    """Interested parties (4.2): role and interests of each."""
    scope = ctx.scope
    if not scope.stakeholders:
        return (doc.nothing(ctx.say("No stakeholders recorded in the scope data.")),)
    return (
        doc.Table(
            tuple(
                doc.inlines(h)
                for h in (ctx.say("Stakeholder"), ctx.say("Role"), ctx.say("Interests"))
            ),
            tuple(
                (
                    (anchored("stakeholder", s.id, s.name),),
                    (doc.Text(s.role),),
                    doc.joined((((doc.Text(i),) for i in s.interests)), "; "),
                )
                for s in scope.stakeholders
            ),
        ),
    )


@macro
def communication_plan(ctx: Context) -> doc.Blocks:
    """How the scope is communicated (7.4): each stakeholder's channel and frequency."""
    scope, links = ctx.scope, ctx.links
    rows = tuple(
        (
            linked(scope, links, s.id),
            (doc.Text(s.communication.channel),),
            (doc.Text(s.communication.frequency),),
        )
        for s in scope.stakeholders
        if s.communication is not None
    )
    if not rows:
        return (doc.nothing(ctx.say("No communication arrangements recorded in the scope data.")),)
    headers = (ctx.say("Stakeholder"), ctx.say("Channel"), ctx.say("Frequency"))
    return (doc.Table(tuple(doc.inlines(h) for h in headers), rows),)
