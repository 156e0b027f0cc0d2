"""The scope statement (4.3): the SMS purpose, the statement and its boundaries."""

from __future__ import annotations

from smsdocs.model import ISSUE_KINDS, label
from smsdocs.render.blocks import by_kind, listing, nothing, record, table, when
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
def statement_approval(ctx: Context) -> str:
    """Whether management has approved the scope statement, as the approvals in the scope data
    and the version being built show: by whom and when, or that it awaits approval."""
    scope, links = ctx.scope, ctx.links
    mine = [a for a in scope.approvals if a.version == ctx.release.version]
    if ctx.release.status == "Approved" and mine:
        a = mine[0]
        record_of = f" (record {text(a.record)})" if a.record else ""
        return (
            f"Management approved this statement with version {text(a.version)} of the scope: "
            f"{link(scope, links, a.by)}, on {when(a.date)}{record_of}.\n"
        )
    latest = scope.latest_approval()
    if latest is None:
        return (
            "*No approval of the scope is recorded yet: the statement below awaits "
            "management's approval.*\n"
        )
    return (
        f"*This version ({text(ctx.release.version)}) is a draft, and its statement awaits "
        f"management's approval. The latest approved version is {text(latest.version)}, "
        f"approved by {link(scope, links, latest.by)} on {when(latest.date)}.*\n"
    )


@macro
def internal_external_issues(ctx: Context) -> str:
    """The internal and external issues the SMS takes account of (4.1), with the risks that
    arise from them and the objectives that answer them."""
    scope, links = ctx.scope, ctx.links
    if not scope.issues:
        return (
            "*The scope data records no internal or external issues, so clause 4.1 is not "
            "yet addressed.*\n"
        )
    out: list[str] = []
    for _, title, group in by_kind(scope.issues, ISSUE_KINDS.items(), lambda i: i.kind):
        out.append(f"### {title} issues\n")
        out.append(
            table(
                ("Issue", "Risks arising", "Objectives answering it"),
                (
                    (
                        anchor("issue", i.id, i.title),
                        links_to(scope, links, i.risks),
                        links_to(scope, links, i.objectives),
                    )
                    for i in group
                ),
            )
        )
        described = [i for i in group if i.description]
        for i in described:
            out.append(f"**{text(i.title)}.** {markdown(i.description or '')}\n")
    return "\n".join(out)


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
        (
            f"{len(services)} services are in scope:\n"
            if len(services) != 1
            else "1 service is in scope:\n"
        ),
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
