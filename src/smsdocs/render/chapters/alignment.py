"""Objectives (6.2) aligned with the services, and the impact of the scope on customers."""

from __future__ import annotations

from collections.abc import Mapping

from smsdocs.model import (
    Objective,
    Scope,
)
from smsdocs.render import doc
from smsdocs.render.chapters.build import day, grid, heading, or_none
from smsdocs.render.context import Context, macro
from smsdocs.render.links import Links, anchored, linked, linked_all


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
        heading("Business objectives"),
        grid(
            ("Id", "Statement", "Owner", "Supported by"),
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
        else doc.nothing("No business objectives recorded in the scope data."),
        heading("Service management objectives"),
        grid(
            ("Id", "Statement", "Measure", "Owner", "Supports", "Services"),
            (_sms_objective_row(scope, links, o, contributes) for o in sms),
        )
        if sms
        else doc.nothing("No service management objectives recorded in the scope data."),
        heading("Customer impact"),
        _customer_impact(scope, links),
    )


def _sms_objective_row(
    scope: Scope, links: Links, o: Objective, contributes: Mapping[str, list[str]]
) -> tuple[doc.Inlines, ...]:
    return (
        (anchored("objective", o.id, o.id),),
        (doc.Text(o.statement),),
        _measure(o),
        linked(scope, links, o.owner),
        linked_all(scope, links, o.supports),
        linked_all(scope, links, contributes.get(o.id, [])),
    )


def _measure(o: Objective) -> doc.Inlines:
    parts: list[doc.Inlines] = [(doc.Text(o.metric),)] if o.metric else []
    if o.target:
        parts.append(doc.inlines("target ", doc.Strong((doc.Text(o.target),))))
    if o.due:
        parts.append(doc.inlines("by ", day(o.due)))
    return or_none(doc.joined(parts))


def _customer_impact(scope: Scope, links: Links) -> doc.Block:
    """Each customer: whether it is in scope, and which of its services are under the SMS and
    which are outside it."""
    in_scope = {s.id for s in scope.in_scope_services()}
    excluded_customers = scope.excluded("customer")
    rows = []
    for p in scope.parties:
        if p.type not in ("customer", "customer-as-supplier"):
            continue
        received = [s for s in scope.services if p.id in s.customers]
        inside = [s.id for s in received if s.id in in_scope]
        outside = [s.id for s in received if s.id not in in_scope]
        status = "Excluded" if p.id in excluded_customers else "In scope"
        rows.append(
            (
                linked(scope, links, p.id),
                doc.inlines(status),
                linked_all(scope, links, inside),
                linked_all(scope, links, outside),
            )
        )
    if not rows:
        return doc.nothing("No customers recorded in the scope data.")
    return grid(("Customer", "Status", "Services under the SMS", "Services outside it"), rows)
