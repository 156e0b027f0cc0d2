"""The scope statement (4.3): the SMS purpose, the statement and its boundaries."""

from __future__ import annotations

from smsdocs.model import label
from smsdocs.render.blocks import listing, nothing, record, table, when
from smsdocs.render.context import Context, macro
from smsdocs.render.links import anchor, led_by, link, links_to
from smsdocs.render.text import markdown, text


@macro
def sms_purpose(ctx: Context) -> str:
    """The purpose of the SMS, as the scope data words it (Markdown)."""
    scope = ctx.scope
    return markdown(scope.sms.purpose) + "\n"


@macro
def scope_statement(ctx: Context) -> str:
    """The formal scope statement (4.3), quoted as written (Markdown)."""
    scope = ctx.scope
    body = markdown(scope.sms.statement)
    return "\n".join(f"> {line}" if line else ">" for line in body.split("\n")) + "\n"


@macro
def boundaries(ctx: Context) -> str:
    """The boundaries of the SMS: the services in scope, and the units and locations that
    provide them."""
    scope, links = ctx.scope, ctx.links
    services = scope.in_scope_services()
    excluded_units = scope.excluded("unit")
    excluded_locations = scope.excluded("location")
    providers: dict[str, list[str]] = {}
    for s in services:
        for u in s.units:
            providers.setdefault(u, []).append(s.id)
    parts = [
        "### Services\n",
        f"{len(services)} services are in scope:\n",
        listing(link(scope, links, s.id) for s in services) or nothing("services"),
        "\n### Organisational units\n",
        table(
            ("Unit", "Manager", "Works from", "Services provided", "In scope"),
            (
                (
                    anchor("unit", u.id, u.name),
                    link(scope, links, u.manager),
                    links_to(scope, links, u.locations),
                    links_to(scope, links, providers.get(u.id, [])),
                    "No" if u.id in excluded_units else "Yes",
                )
                for u in scope.units
            ),
        )
        if scope.units
        else nothing("units"),
        "\n### Locations\n",
        table(
            ("Location", "Kind", "Country", "Provided by", "In scope"),
            (
                (
                    anchor("location", loc.id, loc.name),
                    label(loc.kind),
                    text(loc.country or "—"),
                    led_by(scope, links, loc.provided_by),
                    "No" if loc.id in excluded_locations else "Yes",
                )
                for loc in scope.locations
            ),
        )
        if scope.locations
        else nothing("locations"),
    ]
    return "\n".join(parts)


@macro
def climate_decision(ctx: Context) -> str:
    """The decision whether climate change is a relevant issue (4.1, as amended by
    ISO/IEC 20000-1:2018/Amd 1:2024), and the requirements of interested parties related to
    climate change (4.2)."""
    scope, links = ctx.scope, ctx.links
    found = scope.sms.climate
    if found is None:
        out = "*No decision on whether climate change is a relevant issue is recorded.*\n"
    else:
        out = (
            record(
                (
                    ("Climate change", label(found.decision)),
                    ("Decided by", link(scope, links, found.decided_by)),
                    ("Date", when(found.date)),
                )
            )
            + "\n"
            + markdown(found.reasoning)
            + "\n"
        )
    asked = [(s, need) for s in scope.stakeholders for need in s.climate]
    if not asked:
        return out + "\n*No interested party has a requirement related to climate change.*\n"
    return (
        out
        + "\n"
        + table(
            ("Interested party", "Requirement related to climate change"),
            ((link(scope, links, s.id), text(need)) for s, need in asked),
        )
    )
