"""The service catalogue, the parties services depend on and the interfaces between them."""

from __future__ import annotations

from typing import Final

from smsdocs.model import (
    Scope,
)
from smsdocs.render import doc
from smsdocs.render.blocks import by_kind
from smsdocs.render.chapters.build import grid, or_none, section, texts, value
from smsdocs.render.context import Context, macro
from smsdocs.render.links import anchored, linked, linked_all
from smsdocs.words import N_


@macro
def service_catalogue(ctx: Context) -> doc.Blocks:
    """The service catalogue (8.2.4): every service with category, status, owner, customers,
    hours and SLA."""
    scope, links = ctx.scope, ctx.links
    excluded = scope.excluded("service")
    rows = []
    for s in sorted(scope.services, key=lambda s: (s.category.lower(), s.name.lower())):
        status = ctx.label(s.status)
        if s.id in excluded:
            status = ctx.say("{status} (excluded)").format(status=status)
        rows.append(
            (
                (doc.Text(s.id),),
                linked(scope, links, s.id),
                (doc.Text(s.category),),
                (doc.Text(status),),
                linked(scope, links, s.owner),
                linked_all(scope, links, s.customers),
                value(s.hours),
                value(s.sla),
            )
        )
    if not rows:
        return (doc.nothing(ctx.say("No services recorded in the scope data.")),)
    categories = len({s.category for s in scope.services})
    inside = len(scope.services) - len(excluded & {s.id for s in scope.services})
    intro = doc.para(
        ctx.say_n(
            "{count} services in {categories} category; {inside} in scope.",
            "{count} services in {categories} categories; {inside} in scope.",
            categories,
        ).format(
            count=ctx.number(len(scope.services)),
            categories=ctx.number(categories),
            inside=ctx.number(inside),
        )
    )
    headers = (
        ctx.say("Id"),
        ctx.say("Service"),
        ctx.say("Category"),
        ctx.say("Status"),
        ctx.say("Owner"),
        ctx.say("Customers"),
        ctx.say("Hours"),
        ctx.say("SLA"),
    )
    if ctx.medium == "print":
        # On paper the eight columns crowd the customers a name a line; each service's own
        # section, which its name links to, gives its id.
        return intro, grid(headers[1:], (row[1:] for row in rows))
    return intro, grid(headers, rows)


_PARTY_TYPES: Final = (
    ("customer", N_("Customers")),
    ("external-supplier", N_("External suppliers")),
    ("internal-supplier", N_("Internal suppliers")),
    ("customer-as-supplier", N_("Customers acting as suppliers")),
)


def _uses_of_party(scope: Scope) -> dict[str, list[str]]:
    uses: dict[str, list[str]] = {}
    for s in scope.services:
        for p in s.customers:
            uses.setdefault(p, []).append(s.id)
    return {k: list(dict.fromkeys(v)) for k, v in uses.items()}


def _supported_by_party(scope: Scope) -> dict[str, dict[str, str]]:
    """What each supplier party supports, by party id: the ids of the services, processes,
    components and locations, each with its part in words where it has one ('operates',
    'operates, lead', 'co-operates'; 'lead' or 'co-provides' for a component or location
    several provide)."""
    found: dict[str, dict[str, str]] = {}

    def add(ids: tuple[str, ...], what: str, alone: str, lead: str, other: str) -> None:
        for index, ident in enumerate(ids):
            part = alone if len(ids) == 1 else lead if index == 0 else other
            found.setdefault(ident, {}).setdefault(what, part)

    for s in scope.services:
        add(s.operated_by, s.id, N_("operates"), N_("operates, lead"), N_("co-operates"))
        for ident in s.suppliers:
            found.setdefault(ident, {}).setdefault(s.id, "")
    for p in scope.processes:
        add(p.operated_by, p.id, N_("operates"), N_("operates, lead"), N_("co-operates"))
    for c in scope.components:
        add(c.provided_by, c.id, "", N_("lead"), N_("co-provides"))
    for loc in scope.locations:
        add(loc.provided_by, loc.id, "", N_("lead"), N_("co-provides"))
    return found


@macro
def parties(ctx: Context) -> doc.Blocks:
    """Other parties by type (customers, external and internal suppliers, customers acting as
    suppliers), with agreements and what each provides or receives."""
    scope, links = ctx.scope, ctx.links
    if not scope.parties:
        return (doc.nothing(ctx.say("No other parties recorded in the scope data.")),)
    uses = _uses_of_party(scope)
    supported = _supported_by_party(scope)
    out: list[doc.Block] = []
    for kind, title, group in by_kind(scope.parties, _PARTY_TYPES, lambda p: p.type):
        out.append(section(ctx, title))
        if kind == "customer":
            out.append(
                grid(
                    (ctx.say("Customer"), ctx.say("Agreement"), ctx.say("Services received")),
                    (
                        (
                            (anchored("party", p.id, p.name),),
                            value(p.agreement),
                            linked_all(scope, links, uses.get(p.id, [])),
                        )
                        for p in group
                    ),
                )
            )
            continue
        # A customer acting as a supplier both supports services and receives them.
        receives = kind == "customer-as-supplier"
        headers = (
            ctx.say("Party"),
            ctx.say("Agreement"),
            ctx.say("Provides"),
            ctx.say("Controls (8.2.3)"),
            ctx.say("Supports"),
        )
        out.append(
            grid(
                (*headers, ctx.say("Services received")) if receives else headers,
                (
                    (
                        (anchored("party", p.id, p.name),),
                        value(p.agreement),
                        or_none(texts(p.provides, "; ")),
                        or_none(texts(p.controls, "; ")),
                        or_none(
                            doc.joined(
                                doc.inlines(
                                    linked(scope, links, ident),
                                    f" ({ctx.say(part)})" if part else "",
                                )
                                for ident, part in supported.get(p.id, {}).items()
                            )
                        ),
                        *((linked_all(scope, links, uses.get(p.id, [])),) if receives else ()),
                    )
                    for p in group
                ),
            )
        )
    return tuple(out)


@macro
def interfaces(ctx: Context) -> doc.Blocks:
    """Interfaces between the SMS's processes and other parties: what passes and by which
    mechanism."""
    scope, links = ctx.scope, ctx.links
    if not scope.interfaces:
        return (doc.nothing(ctx.say("No interfaces recorded in the scope data.")),)
    return (
        grid(
            (ctx.say("Id"), ctx.say("Between"), ctx.say("What passes"), ctx.say("Mechanism")),
            (
                (
                    (anchored("interface", i.id, i.id),),
                    doc.joined((linked(scope, links, end) for end in i.between), " ↔ "),
                    (doc.Text(i.description),),
                    value(i.mechanism),
                )
                for i in scope.interfaces
            ),
        ),
    )
