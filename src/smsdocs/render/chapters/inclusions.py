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
from smsdocs.render.blocks import listing, nothing, record, table, when
from smsdocs.render.context import Context, macro
from smsdocs.render.links import Links, anchor, led_by, link, links_to
from smsdocs.render.text import text


@macro
def inclusions(ctx: Context) -> str:
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
    return "\n".join(
        [
            "### Services\n",
            listing(f"{link(scope, links, s.id)} ({label(s.status)})" for s in services)
            or nothing("services in scope"),
            "\n### Service components\n",
            _components_table(scope, links, components, used)
            if components
            else nothing("components"),
            "\n### Processes\n",
            _processes_table(scope, links, scope.processes)
            if scope.processes
            else nothing("processes"),
        ]
    )


def _components_table(
    scope: Scope, links: Links, components: Sequence[Component], used: Mapping[str, list[str]]
) -> str:
    return table(
        ("Component", "Kind", "Provided by", "Used by"),
        (
            (
                anchor("component", c.id, c.name),
                label(c.kind),
                led_by(scope, links, c.provided_by, "In house"),
                links_to(scope, links, used.get(c.id, [])),
            )
            for c in components
        ),
    )


def _processes_table(scope: Scope, links: Links, processes: Sequence[Process]) -> str:
    """One row a process, in clause order, a process implementing several clauses once with
    all of them."""
    ordered = sorted(processes, key=lambda p: [standards.clause_key(c) for c in p.covers])
    return table(
        ("Clause", "Process", "Owner", "Operated by"),
        (
            (
                ", ".join(text(c) for c in p.covers),
                anchor("process", p.id, name_of(scope, p.id)),
                link(scope, links, p.owner),
                led_by(scope, links, p.operated_by) + " (controlled under 8.2.3)"
                if p.operated_by
                else text(scope.organization.short_name or scope.organization.name),
            )
            for p in ordered
        ),
    )


@macro
def exclusions(ctx: Context) -> str:
    """Each exclusion with what it excludes, its rationale, its approver and date."""
    scope, links = ctx.scope, ctx.links
    if not scope.exclusions:
        return nothing("exclusions")
    out: list[str] = []
    for e in scope.exclusions:
        out.append(_exclusion(scope, links, e))
    return "\n".join(out)


def _exclusion(scope: Scope, links: Links, e: Exclusion) -> str:
    target = link(scope, links, e.target)
    return f"### {anchor('exclusion', e.id, name_of(scope, e.target))}\n\n" + record(
        (
            ("Excluded", f"{label(e.kind)}: {target}"),
            ("Rationale", text(e.rationale)),
            ("Approved by", link(scope, links, e.approved_by)),
            ("Date", when(e.date)),
            ("Id", text(e.id)),
        ),
    )
