"""What the SMS includes (components, processes) and what it excludes, with the rationale."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from smsdocs import standards
from smsdocs.model import (
    Component,
    Exclusion,
    Process,
    Scope,
    label,
    name_of,
)
from smsdocs.render import doc
from smsdocs.render.chapters.build import day, grid, heading, texts
from smsdocs.render.context import Context, macro
from smsdocs.render.links import Links, anchored, led_by_all, linked, linked_all


@macro
def inclusions(ctx: Context) -> doc.Blocks:
    """What is in scope: the services, their components and the SMS processes, with who
    provides or operates each."""
    scope, links = ctx.scope, ctx.links
    services = scope.in_scope_services()
    excluded_components = scope.excluded("component")
    used: dict[str, list[str]] = {}
    for s in services:
        for c in s.components:
            used.setdefault(c, []).append(s.id)
    components = [c for c in scope.components if c.id not in excluded_components]
    return (
        heading("Services"),
        doc.Listing(
            tuple(
                doc.inlines(linked(scope, links, s.id), f" ({ctx.label(s.status)})")
                for s in services
            )
        )
        if services
        else doc.nothing("No services in scope recorded in the scope data."),
        heading("Service components"),
        _components_table(scope, links, components, used)
        if components
        else doc.nothing("No components recorded in the scope data."),
        heading("Processes"),
        _processes_table(scope, links, scope.processes)
        if scope.processes
        else doc.nothing("No processes recorded in the scope data."),
    )


def _components_table(
    scope: Scope, links: Links, components: Sequence[Component], used: Mapping[str, list[str]]
) -> doc.Table:
    return grid(
        ("Component", "Kind", "Provided by", "Used by"),
        (
            (
                (anchored("component", c.id, c.name),),
                # A component's kind is the scope data's own word, not one of the contract's.
                (doc.Text(label(c.kind)),),
                led_by_all(scope, links, c.provided_by, doc.inlines("In house")),
                linked_all(scope, links, used.get(c.id, [])),
            )
            for c in components
        ),
    )


def _processes_table(scope: Scope, links: Links, processes: Sequence[Process]) -> doc.Table:
    """One row a process, in clause order, a process implementing several clauses once with
    all of them."""
    ordered = sorted(processes, key=lambda p: [standards.clause_key(c) for c in p.covers])
    return grid(
        ("Clause", "Process", "Owner", "Operated by"),
        (
            (
                texts(p.covers),
                (anchored("process", p.id, name_of(scope, p.id)),),
                linked(scope, links, p.owner),
                doc.inlines(led_by_all(scope, links, p.operated_by), " (controlled under 8.2.3)")
                if p.operated_by
                else (doc.Text(scope.organization.short_name or scope.organization.name),),
            )
            for p in ordered
        ),
    )


@macro
def exclusions(ctx: Context) -> doc.Blocks:
    """Each exclusion with what it excludes, its rationale, its approver and date."""
    scope, links = ctx.scope, ctx.links
    if not scope.exclusions:
        return (doc.nothing("No exclusions recorded in the scope data."),)
    return tuple(block for e in scope.exclusions for block in _exclusion(scope, links, e))


def _exclusion(scope: Scope, links: Links, e: Exclusion) -> doc.Blocks:
    return (
        heading(anchored("exclusion", e.id, name_of(scope, e.target))),
        doc.Record(
            (
                ("Excluded", doc.inlines(f"{label(e.kind)}: ", linked(scope, links, e.target))),
                ("Rationale", (doc.Text(e.rationale),)),
                ("Approved by", linked(scope, links, e.approved_by)),
                ("Date", day(e.date)),
                ("Id", (doc.Text(e.id),)),
            ),
        ),
    )
