"""The service catalogue, the parties services depend on and the interfaces between them."""

from __future__ import annotations

from typing import Final

from smsdocs.model import (
    Scope,
    label,
)
from smsdocs.render.blocks import nothing, table
from smsdocs.render.context import Context, macro
from smsdocs.render.links import anchor, link, links_to
from smsdocs.render.text import text


@macro
def service_catalogue(ctx: Context) -> str:
    """The service catalogue (8.2.4): every service with category, status, owner, customers,
    hours and SLA."""
    scope, links = ctx.scope, ctx.links
    excluded = scope.excluded("service")
    rows = []
    for s in sorted(scope.services, key=lambda s: (s.category.lower(), s.name.lower())):
        status = label(s.status) + (" (excluded)" if s.id in excluded else "")
        rows.append(
            (
                text(s.id),
                link(scope, links, s.id),
                text(s.category),
                text(status),
                link(scope, links, s.owner),
                links_to(scope, links, s.customers),
                text(s.hours or "—"),
                text(s.sla or "—"),
            )
        )
    if not rows:
        return nothing("services")
    categories = len({s.category for s in scope.services})
    intro = (
        f"{len(scope.services)} services in {categories} "
        f"{'category' if categories == 1 else 'categories'}; "
        f"{len(scope.services) - len(excluded & {s.id for s in scope.services})} in scope.\n\n"
    )
    headers = ("Id", "Service", "Category", "Status", "Owner", "Customers", "Hours", "SLA")
    if ctx.medium == "print":
        # On paper the eight columns crowd the customers a name a line; each service's own
        # section, which its name links to, gives its id.
        return intro + table(headers[1:], (row[1:] for row in rows))
    return intro + table(headers, rows)


_PARTY_TYPES: Final = (
    ("customer", "Customers"),
    ("external-supplier", "External suppliers"),
    ("internal-supplier", "Internal suppliers"),
    ("customer-as-supplier", "Customers acting as suppliers"),
)


def _uses_of_party(scope: Scope) -> dict[str, list[str]]:
    uses: dict[str, list[str]] = {}
    for s in scope.services:
        for p in (*s.customers, *s.suppliers, *((s.operated_by,) if s.operated_by else ())):
            uses.setdefault(p, []).append(s.id)
    return {k: list(dict.fromkeys(v)) for k, v in uses.items()}


@macro
def parties(ctx: Context) -> str:
    """Other parties by type (customers, external and internal suppliers, customers acting as
    suppliers), with agreements and what each provides or receives."""
    scope, links = ctx.scope, ctx.links
    if not scope.parties:
        return nothing("other parties")
    uses = _uses_of_party(scope)
    operates: dict[str, list[str]] = {}
    for p in scope.processes:
        if p.operated_by:
            operates.setdefault(p.operated_by, []).append(p.id)
    for c in scope.components:
        if c.provided_by:
            operates.setdefault(c.provided_by, []).append(c.id)
    out: list[str] = []
    for kind, title in _PARTY_TYPES:
        group = [p for p in scope.parties if p.type == kind]
        if not group:
            continue
        out.append(f"### {title}\n")
        if kind == "customer":
            out.append(
                table(
                    ("Customer", "Agreement", "Services received"),
                    (
                        (
                            anchor("party", p.id, p.name),
                            text(p.agreement or "—"),
                            links_to(scope, links, uses.get(p.id, [])),
                        )
                        for p in group
                    ),
                )
            )
            continue
        out.append(
            table(
                ("Party", "Agreement", "Provides", "Controls (8.2.3)", "Supports"),
                (
                    (
                        anchor("party", p.id, p.name),
                        text(p.agreement or "—"),
                        "; ".join(text(x) for x in p.provides) or "—",
                        "; ".join(text(x) for x in p.controls) or "—",
                        links_to(scope, links, [*uses.get(p.id, []), *operates.get(p.id, [])]),
                    )
                    for p in group
                ),
            )
        )
    return "\n".join(out)


@macro
def interfaces(ctx: Context) -> str:
    """Interfaces between the SMS's processes and other parties: what passes and by which
    mechanism."""
    scope, links = ctx.scope, ctx.links
    if not scope.interfaces:
        return nothing("interfaces")
    return table(
        ("Id", "Between", "What passes", "Mechanism"),
        (
            (
                anchor("interface", i.id, i.id),
                " ↔ ".join(link(scope, links, end) for end in i.between),
                text(i.description),
                text(i.mechanism or "—"),
            )
            for i in scope.interfaces
        ),
    )
