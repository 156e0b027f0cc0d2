"""The generated page of one service in the catalogue."""

from __future__ import annotations

import json
import posixpath
from urllib.parse import unquote

from smsdocs.model import (
    Component,
    Scope,
    Service,
    label,
    labelled,
)
from smsdocs.render import doc, material
from smsdocs.render.chartwords import dependency_counts
from smsdocs.render.doc import inlines, nothing, para, sentence
from smsdocs.render.links import Links, led_by_all, linked, linked_all
from smsdocs.render.parties import involved
from smsdocs.render.text import html_text, text
from smsdocs.words import translator


def service_page(
    scope: Scope, service: Service, links: Links, diagram: str | None, language: str = "en"
) -> str:
    """The whole Markdown of a generated service page for the site, front matter included;
    ``diagram`` is the address of its dependency diagram from the page."""
    here = posixpath.dirname(links.page)
    figure = (
        doc.Ref(posixpath.normpath(posixpath.join(here, unquote(diagram)))) if diagram else None
    )
    body = material.blocks(service_blocks(scope, service, links, figure, language), links.page)
    return "\n".join(_front_matter(service)) + "\n" + body


def service_stub(service: Service) -> str:
    """A service page's Markdown where its blocks are written by the exports: its title."""
    return "\n".join(_front_matter(service)) + f"\n# {text(service.name)}\n"


def _front_matter(service: Service) -> list[str]:
    return [
        "---",
        # MkDocs themes insert page titles into HTML without escaping (no autoescape).
        f"title: {json.dumps(html_text(service.name))}",
        "render_macros: false",  # YAML text must never reach the Jinja engine
        "---",
        "",
    ]


def service_blocks(
    scope: Scope, service: Service, links: Links, diagram: doc.Ref | None, language: str = "en"
) -> doc.Blocks:
    """A service's page: what it is, its record, its dependencies (the ``diagram`` of them,
    the components, the other parties, the interfaces), its objectives and risks. The
    words smsdocs writes itself (the record's names, the headings, the tables' headers, the
    contract's labels, the sentences) are in the manual's ``language`` (a BCP 47 tag)."""
    say = translator(language).gettext

    def shown(value: str) -> str:
        return say(label(value)) if labelled(value) else label(value)

    excluded = service.id in scope.excluded("service")
    others = involved(scope, service)
    interfaces_of = [i for i in scope.interfaces if service.id in i.between]
    organisation = _organisation(scope)
    out: list[doc.Block] = [
        doc.Heading(1, (doc.Text(service.name),)),
        para(doc.Text(service.summary)),
    ]
    if excluded:
        out.append(
            doc.Admonition(
                "warning",
                say("Outside the SMS"),
                (para(say("This service is excluded from the scope.")),),
            )
        )
    if service.description:
        out.append(doc.MarkupBlock(service.description))
    out += [
        doc.Record(
            (
                (say("Id"), (doc.Text(service.id),)),
                (say("Category"), (doc.Text(service.category),)),
                (say("Status"), inlines(shown(service.status))),
                (say("Owner"), linked(scope, links, service.owner)),
                (say("Customers"), linked_all(scope, links, service.customers)),
                (say("Units"), linked_all(scope, links, service.units)),
                (say("Locations"), linked_all(scope, links, service.locations)),
                (say("Hours"), (doc.Text(service.hours or "—"),)),
                (say("SLA"), (doc.Text(service.sla or "—"),)),
                (
                    say("Operated by"),
                    led_by_all(scope, links, service.operated_by, (doc.Text(organisation),), say),
                ),
                (say("Depends on"), linked_all(scope, links, service.depends_on)),
            )
        ),
        doc.Heading(2, inlines(say("Dependencies"))),
    ]
    if diagram:
        counts = dependency_counts(scope, service, language)
        alt = sentence(
            say("Dependencies of {name}: {counts}"), name=doc.Text(service.name), counts=counts
        )
        out.append(doc.Figure(diagram, alt))
    out += [
        doc.Heading(3, inlines(say("Components"))),
        doc.Table(
            tuple(inlines(h) for h in (say("Component"), say("Kind"), say("Provided by"))),
            tuple(
                (
                    linked(scope, links, c.id),
                    inlines(shown(c.kind)),
                    led_by_all(scope, links, c.provided_by, inlines(say("In house")), say),
                )
                for c in (scope.index.get(i) for i in service.components)
                if isinstance(c, Component)
            ),
        )
        if service.components
        else nothing(say("No components recorded in the scope data.")),
        doc.Heading(3, inlines(say("Other parties"))),
        doc.Table(
            tuple(
                inlines(h)
                for h in (
                    say("Party"),
                    say("Part in the service"),
                    say("Agreement"),
                    say("Controls (8.2.3)"),
                )
            ),
            tuple(
                (
                    linked(scope, links, i.party.id),
                    doc.joined(((doc.Text(r.words(say)),) for r in i.roles), "; "),
                    (doc.Text(i.party.agreement or "—"),),
                    doc.joined(((doc.Text(x),) for x in i.party.controls), "; ") or inlines("—"),
                )
                for i in others
            ),
        )
        if others
        else para(
            doc.Emph(
                sentence(
                    say(
                        "No other party operates the service, provides its components or "
                        "supplies it: {organisation} operates it and provides its components "
                        "itself."
                    ),
                    organisation=doc.Text(organisation),
                )
            )
        ),
        doc.Heading(3, inlines(say("Interfaces"))),
        doc.Table(
            tuple(inlines(h) for h in (say("Between"), say("What passes"), say("Mechanism"))),
            tuple(
                (
                    doc.joined((linked(scope, links, e) for e in i.between), " ↔ "),
                    linked(scope, links, i.id, i.description),
                    (doc.Text(i.mechanism or "—"),),
                )
                for i in interfaces_of
            ),
        )
        if interfaces_of
        else nothing(say("No interfaces recorded in the scope data.")),
        doc.Heading(2, inlines(say("Objectives, risks and requirements"))),
        doc.Table(
            tuple(inlines(h) for h in (say("Kind"), say("Entries"))),
            (
                (inlines(say("Objectives")), linked_all(scope, links, service.objectives)),
                (inlines(say("Risks")), linked_all(scope, links, service.risks)),
                (inlines(say("Requirements")), linked_all(scope, links, service.requirements)),
            ),
        ),
    ]
    return tuple(out)


def _organisation(scope: Scope) -> str:
    return scope.organization.short_name or scope.organization.name
