"""Objectives (6.2) aligned with the services, and the impact of the scope on customers."""

from __future__ import annotations

from collections.abc import Mapping

from smsdocs.model import Objective
from smsdocs.render import doc
from smsdocs.render.chapters.build import grid, or_none, section
from smsdocs.render.context import Context, macro
from smsdocs.render.doc import sentence
from smsdocs.render.links import anchored, linked, linked_all
from smsdocs.words import N_


@macro
def alignment(ctx: Context) -> doc.Blocks:
    """Business and service management objectives, what supports them, and the effect of the
    scope on customers."""
    scope, links = ctx.scope, ctx.links
    business = [o for o in scope.objectives if o.kind == "business"]
    sms = [o for o in scope.objectives if o.kind == "sms"]
    contributes: dict[str, list[str]] = {}
    for s in scope.in_scope_services():
        for o in s.objectives:
            contributes.setdefault(o, []).append(s.id)
    return (
        section(ctx, N_("Business objectives")),
        grid(
            (ctx.say("Id"), ctx.say("Statement"), ctx.say("Owner"), ctx.say("Supported by")),
            (
                (
                    (anchored("objective", o.id, o.id),),
                    (doc.Text(o.statement),),
                    linked(scope, links, o.owner),
                    linked_all(scope, links, [s.id for s in sms if o.id in s.supports]),
                )
                for o in business
            ),
        )
        if business
        else doc.nothing(ctx.say("No business objectives recorded in the scope data.")),
        section(ctx, N_("Service management objectives")),
        grid(
            (
                ctx.say("Id"),
                ctx.say("Statement"),
                ctx.say("Measure"),
                ctx.say("Owner"),
                ctx.say("Supports"),
                ctx.say("Services"),
            ),
            (_sms_objective_row(ctx, o, contributes) for o in sms),
        )
        if sms
        else doc.nothing(ctx.say("No service management objectives recorded in the scope data.")),
        section(ctx, N_("Customer impact")),
        _customer_impact(ctx),
    )


def _sms_objective_row(
    ctx: Context, o: Objective, contributes: Mapping[str, list[str]]
) -> tuple[doc.Inlines, ...]:
    scope, links = ctx.scope, ctx.links
    return (
        (anchored("objective", o.id, o.id),),
        (doc.Text(o.statement),),
        _measure(ctx, o),
        linked(scope, links, o.owner),
        linked_all(scope, links, o.supports),
        linked_all(scope, links, contributes.get(o.id, [])),
    )


def _measure(ctx: Context, o: Objective) -> doc.Inlines:
    parts: list[doc.Inlines] = [(doc.Text(o.metric),)] if o.metric else []
    if o.target:
        parts.append(sentence(ctx.say("target {target}"), target=doc.Strong((doc.Text(o.target),))))
    if o.due:
        parts.append(sentence(ctx.say("by {date}"), date=ctx.day(o.due)))
    return or_none(doc.joined(parts))


def _customer_impact(ctx: Context) -> doc.Block:
    """Each customer: whether it is in scope, and which of its services are under the SMS and
    which are outside it."""
    scope, links = ctx.scope, ctx.links
    in_scope = {s.id for s in scope.in_scope_services()}
    excluded_customers = scope.excluded("customer")
    rows = []
    for p in scope.parties:
        if p.type not in ("customer", "customer-as-supplier"):
            continue
        received = [s for s in scope.services if p.id in s.customers]
        inside = [s.id for s in received if s.id in in_scope]
        outside = [s.id for s in received if s.id not in in_scope]
        status = ctx.say("Excluded") if p.id in excluded_customers else ctx.say("In scope")
        rows.append(
            (
                linked(scope, links, p.id),
                doc.inlines(status),
                linked_all(scope, links, inside),
                linked_all(scope, links, outside),
            )
        )
    if not rows:
        return doc.nothing(ctx.say("No customers recorded in the scope data."))
    return grid(
        (
            ctx.say("Customer"),
            ctx.say("Status"),
            ctx.say("Services under the SMS"),
            ctx.say("Services outside it"),
        ),
        rows,
    )
