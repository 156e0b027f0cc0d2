"""The generated page of one service in the catalogue."""

from __future__ import annotations

import json

from smsdocs.model import (
    Component,
    Scope,
    Service,
    label,
)
from smsdocs.render.blocks import nothing, record, table
from smsdocs.render.links import Links, led_by, link, links_to
from smsdocs.render.parties import involved
from smsdocs.render.text import html_text, markdown, text


def service_page(scope: Scope, service: Service, links: Links, diagram: str | None) -> str:
    """The whole Markdown of a generated service page, front matter included."""
    excluded = service.id in scope.excluded("service")
    others = involved(scope, service)
    interfaces_of = [i for i in scope.interfaces if service.id in i.between]
    lines = [
        "---",
        # MkDocs themes insert page titles into HTML without escaping (no autoescape).
        f"title: {json.dumps(html_text(service.name))}",
        "render_macros: false",  # YAML text must never reach the Jinja engine
        "---",
        "",
        f"# {text(service.name)}",
        "",
        f"{text(service.summary)}",
        "",
    ]
    if excluded:
        lines += [
            '!!! warning "Outside the SMS"',
            "    This service is excluded from the scope.",
            "",
        ]
    if service.description:
        lines += [markdown(service.description), ""]
    lines += [
        record(
            (
                ("Id", text(service.id)),
                ("Category", text(service.category)),
                ("Status", label(service.status)),
                ("Owner", link(scope, links, service.owner)),
                ("Customers", links_to(scope, links, service.customers)),
                ("Units", links_to(scope, links, service.units)),
                ("Locations", links_to(scope, links, service.locations)),
                ("Hours", text(service.hours or "—")),
                ("SLA", text(service.sla or "—")),
                (
                    "Operated by",
                    led_by(scope, links, service.operated_by, text(_organisation(scope))),
                ),
                ("Depends on", links_to(scope, links, service.depends_on)),
            ),
        ),
        "## Dependencies",
        "",
    ]
    if diagram:
        lines += [f"![Dependencies of {text(service.name)}]({diagram})", ""]
    lines += [
        "### Components",
        "",
        table(
            ("Component", "Kind", "Provided by"),
            (
                (
                    link(scope, links, c.id),
                    label(c.kind),
                    led_by(scope, links, c.provided_by, "In house"),
                )
                for c in (scope.index.get(i) for i in service.components)
                if isinstance(c, Component)
            ),
        )
        if service.components
        else nothing("components"),
        "### Other parties",
        "",
        table(
            ("Party", "Part in the service", "Agreement", "Controls (8.2.3)"),
            (
                (
                    link(scope, links, i.party.id),
                    "; ".join(text(r.words()) for r in i.roles),
                    text(i.party.agreement or "—"),
                    "; ".join(text(x) for x in i.party.controls) or "—",
                )
                for i in others
            ),
        )
        if others
        else f"*No other party operates the service, provides its components or supplies "
        f"it: {text(_organisation(scope))} operates it and provides its components itself.*\n",
        "### Interfaces",
        "",
        table(
            ("Between", "What passes", "Mechanism"),
            (
                (
                    " ↔ ".join(link(scope, links, e) for e in i.between),
                    link(scope, links, i.id, i.description),
                    text(i.mechanism or "—"),
                )
                for i in interfaces_of
            ),
        )
        if interfaces_of
        else nothing("interfaces"),
        "## Objectives, risks and requirements",
        "",
        table(
            ("Kind", "Entries"),
            (
                ("Objectives", links_to(scope, links, service.objectives)),
                ("Risks", links_to(scope, links, service.risks)),
                ("Requirements", links_to(scope, links, service.requirements)),
            ),
        ),
    ]
    return "\n".join(lines)


def _organisation(scope: Scope) -> str:
    return scope.organization.short_name or scope.organization.name
