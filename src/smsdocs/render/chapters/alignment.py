"""Objectives (6.2) aligned with the services, and the impact of the scope on customers."""

from __future__ import annotations

from collections.abc import Mapping

from smsdocs.model import (
    Objective,
    Scope,
)
from smsdocs.render.blocks import nothing, table, when
from smsdocs.render.context import Context, macro
from smsdocs.render.links import Links, anchor, link, links_to
from smsdocs.render.text import text


@macro
def alignment(ctx: Context) -> str:
    """Business and service management objectives, what supports them, and the effect of the
    scope on customers."""
    scope, links = ctx.scope, ctx.links
    business = [o for o in scope.objectives if o.kind == "business"]
    sms = [o for o in scope.objectives if o.kind == "sms"]
    contributes: dict[str, list[str]] = {}
    for s in scope.in_scope_services():
        for o in s.objectives:
            contributes.setdefault(o, []).append(s.id)
    out = ["### Business objectives\n"]
    out.append(
        table(
            ("Id", "Statement", "Owner", "Supported by"),
            (
                (
                    anchor("objective", o.id, o.id),
                    text(o.statement),
                    link(scope, links, o.owner),
                    links_to(scope, links, [s.id for s in sms if o.id in s.supports]),
                )
                for o in business
            ),
        )
        if business
        else nothing("business objectives")
    )
    out.append("\n### Service management objectives\n")
    out.append(
        table(
            ("Id", "Statement", "Measure", "Owner", "Supports", "Services"),
            (_sms_objective_row(scope, links, o, contributes) for o in sms),
        )
        if sms
        else nothing("service management objectives")
    )
    out.append("\n### Customer impact\n")
    out.append(_customer_impact(scope, links))
    return "\n".join(out)


def _sms_objective_row(
    scope: Scope, links: Links, o: Objective, contributes: Mapping[str, list[str]]
) -> tuple[str, ...]:
    return (
        anchor("objective", o.id, o.id),
        text(o.statement),
        _measure(o),
        link(scope, links, o.owner),
        links_to(scope, links, o.supports),
        links_to(scope, links, contributes.get(o.id, [])),
    )


def _measure(o: Objective) -> str:
    parts = [text(o.metric)] if o.metric else []
    if o.target:
        parts.append(f"target **{text(o.target)}**")
    if o.due:
        parts.append(f"by {when(o.due)}")
    return ", ".join(parts) or "—"


def _customer_impact(scope: Scope, links: Links) -> str:
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
                link(scope, links, p.id),
                status,
                links_to(scope, links, inside),
                links_to(scope, links, outside),
            )
        )
    if not rows:
        return nothing("customers")
    return table(("Customer", "Status", "Services under the SMS", "Services outside it"), rows)
