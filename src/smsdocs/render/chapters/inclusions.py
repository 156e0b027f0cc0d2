"""What the SMS includes (components, processes) and what it excludes, with the rationale."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from smsdocs import standards
from smsdocs.model import (
    Component,
    Exclusion,
    Process,
    name_of,
)
from smsdocs.render import doc
from smsdocs.render.chapters.build import grid, heading, section, texts
from smsdocs.render.context import Context, macro
from smsdocs.render.doc import sentence
from smsdocs.render.links import anchored, led_by_all, linked, linked_all
from smsdocs.words import N_


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
        section(ctx, N_("Services")),
        doc.Listing(
            tuple(
                doc.inlines(linked(scope, links, s.id), f" ({ctx.label(s.status)})")
                for s in services
            )
        )
        if services
        else doc.nothing(ctx.say("No services in scope recorded in the scope data.")),
        section(ctx, N_("Service components")),
        _components_table(ctx, components, used)
        if components
        else doc.nothing(ctx.say("No components recorded in the scope data.")),
        section(ctx, N_("Processes")),
        _processes_table(ctx, scope.processes)
        if scope.processes
        else doc.nothing(ctx.say("No processes recorded in the scope data.")),
    )


def _components_table(
    ctx: Context, components: Sequence[Component], used: Mapping[str, list[str]]
) -> doc.Table:
    scope, links = ctx.scope, ctx.links
    return grid(
        (ctx.say("Component"), ctx.say("Kind"), ctx.say("Provided by"), ctx.say("Used by")),
        (
            (
                (anchored("component", c.id, c.name),),
                # A component's kind is the scope data's own word, not one of the contract's.
                (doc.Text(ctx.label(c.kind)),),
                led_by_all(scope, links, c.provided_by, doc.inlines(ctx.say("In house")), ctx.say),
                linked_all(scope, links, used.get(c.id, [])),
            )
            for c in components
        ),
    )


def _processes_table(ctx: Context, processes: Sequence[Process]) -> doc.Table:
    """One row a process, in clause order, a process implementing several clauses once with
    all of them."""
    scope, links = ctx.scope, ctx.links
    ordered = sorted(processes, key=lambda p: [standards.clause_key(c) for c in p.covers])
    return grid(
        (ctx.say("Clause"), ctx.say("Process"), ctx.say("Owner"), ctx.say("Operated by")),
        (
            (
                texts(p.covers),
                (anchored("process", p.id, name_of(scope, p.id, ctx.language)),),
                linked(scope, links, p.owner),
                sentence(
                    ctx.say("{parties} (controlled under 8.2.3)"),
                    parties=led_by_all(scope, links, p.operated_by, say=ctx.say),
                )
                if p.operated_by
                else (doc.Text(scope.organization.short_name or scope.organization.name),),
            )
            for p in ordered
        ),
    )


@macro
def exclusions(ctx: Context) -> doc.Blocks:
    """Each exclusion with what it excludes, its rationale, its approver and date."""
    scope = ctx.scope
    if not scope.exclusions:
        return (doc.nothing(ctx.say("No exclusions recorded in the scope data.")),)
    return tuple(block for e in scope.exclusions for block in _exclusion(ctx, e))


def _exclusion(ctx: Context, e: Exclusion) -> doc.Blocks:
    scope, links = ctx.scope, ctx.links
    return (
        heading(anchored("exclusion", e.id, name_of(scope, e.target, ctx.language))),
        doc.Record(
            (
                (
                    ctx.say("Excluded"),
                    sentence(
                        ctx.say("{kind}: {entry}"),
                        kind=ctx.label(e.kind),
                        entry=linked(scope, links, e.target),
                    ),
                ),
                (ctx.say("Rationale"), (doc.Text(e.rationale),)),
                (ctx.say("Approved by"), linked(scope, links, e.approved_by)),
                (ctx.say("Date"), ctx.day(e.date)),
                (ctx.say("Id"), (doc.Text(e.id),)),
            ),
        ),
    )
