"""The scope statement (4.3): the SMS purpose, the statement and its boundaries."""

from __future__ import annotations

from typing import Final

from smsdocs.render import doc
from smsdocs.render.blocks import by_kind
from smsdocs.render.chapters.build import grid, note, section, value
from smsdocs.render.context import Context, macro
from smsdocs.render.doc import sentence
from smsdocs.render.links import anchored, led_by_all, linked, linked_all
from smsdocs.words import N_

ISSUE_SECTIONS: Final = (("internal", N_("Internal issues")), ("external", N_("External issues")))
"""The sections of the issues (4.1), by their kind, in the order the chapter shows them."""


@macro
def sms_purpose(ctx: Context) -> doc.Blocks:
    """The purpose of the SMS, as the scope data words it (Markdown)."""
    return (doc.MarkupBlock(ctx.scope.sms.purpose),)


@macro
def scope_statement(ctx: Context) -> doc.Blocks:
    """The formal scope statement (4.3), quoted as written (Markdown)."""
    return (doc.Quote((doc.MarkupBlock(ctx.scope.sms.statement),)),)


@macro
def statement_approval(ctx: Context) -> doc.Blocks:
    """Whether management has approved the scope statement, as the approvals in the scope data
    and the version being built show: by whom and when, or that it awaits approval."""
    scope, links = ctx.scope, ctx.links
    mine = [a for a in scope.approvals if a.version == ctx.release.version]
    if ctx.release.status == "Approved" and mine:
        a = mine[0]
        fields: dict[str, doc.Content] = {
            "version": doc.Text(a.version),
            "by": linked(scope, links, a.by),
        }
        if a.record:
            approved = ctx.say(
                "Management approved this statement with version {version} of the scope: "
                "{by}, on {date} (record {record})."
            )
            fields["record"] = doc.Text(a.record)
        else:
            approved = ctx.say(
                "Management approved this statement with version {version} of the scope: "
                "{by}, on {date}."
            )
        return (doc.Paragraph(sentence(approved, date=ctx.day(a.date), **fields)),)
    latest = scope.latest_approval()
    if latest is None:
        return (
            note(
                ctx.say(
                    "No approval of the scope is recorded yet: the statement below awaits "
                    "management's approval."
                )
            ),
        )
    return (
        note(
            sentence(
                ctx.say(
                    "This version ({version}) is a draft, and its statement awaits "
                    "management's approval. The latest approved version is {latest}, "
                    "approved by {by} on {date}."
                ),
                version=doc.Text(ctx.release.version),
                latest=doc.Text(latest.version),
                by=linked(scope, links, latest.by),
                date=ctx.day(latest.date),
            )
        ),
    )


@macro
def internal_external_issues(ctx: Context) -> doc.Blocks:
    """The internal and external issues the SMS takes account of (4.1), with the risks that
    arise from them and the objectives that answer them."""
    scope, links = ctx.scope, ctx.links
    if not scope.issues:
        return (
            note(
                ctx.say(
                    "The scope data records no internal or external issues, so clause 4.1 is "
                    "not yet addressed."
                )
            ),
        )
    out: list[doc.Block] = []
    for _, title, group in by_kind(scope.issues, ISSUE_SECTIONS, lambda i: i.kind):
        out.append(section(ctx, title))
        out.append(
            grid(
                (ctx.say("Issue"), ctx.say("Risks arising"), ctx.say("Objectives answering it")),
                (
                    (
                        (anchored("issue", i.id, i.title),),
                        linked_all(scope, links, i.risks),
                        linked_all(scope, links, i.objectives),
                    )
                    for i in group
                ),
            )
        )
        out.extend(
            doc.para(
                doc.Strong(doc.inlines(doc.Text(i.title), ".")),
                " ",
                doc.Markup(i.description),
            )
            for i in group
            if i.description
        )
    return tuple(out)


@macro
def boundaries(ctx: Context) -> doc.Blocks:
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
    yes, no = ctx.say("Yes"), ctx.say("No")
    return (
        section(ctx, N_("Services")),
        doc.para(
            ctx.say_n(
                "{count} service is in scope:", "{count} services are in scope:", len(services)
            ).format(count=ctx.number(len(services)))
        ),
        doc.Listing(tuple(linked(scope, links, s.id) for s in services))
        if services
        else doc.nothing(ctx.say("No services recorded in the scope data.")),
        section(ctx, N_("Organisational units")),
        grid(
            (
                ctx.say("Unit"),
                ctx.say("Manager"),
                ctx.say("Works from"),
                ctx.say("Services provided"),
                ctx.say("In scope"),
            ),
            (
                (
                    (anchored("unit", u.id, u.name),),
                    linked(scope, links, u.manager),
                    linked_all(scope, links, u.locations),
                    linked_all(scope, links, providers.get(u.id, [])),
                    doc.inlines(no if u.id in excluded_units else yes),
                )
                for u in scope.units
            ),
        )
        if scope.units
        else doc.nothing(ctx.say("No units recorded in the scope data.")),
        section(ctx, N_("Locations")),
        grid(
            (
                ctx.say("Location"),
                ctx.say("Kind"),
                ctx.say("Country"),
                ctx.say("Provided by"),
                ctx.say("In scope"),
            ),
            (
                (
                    (anchored("location", loc.id, loc.name),),
                    # A location's kind is the scope data's own word, not one of the contract's.
                    (doc.Text(ctx.label(loc.kind)),),
                    value(loc.country),
                    led_by_all(scope, links, loc.provided_by, say=ctx.say),
                    doc.inlines(no if loc.id in excluded_locations else yes),
                )
                for loc in scope.locations
            ),
        )
        if scope.locations
        else doc.nothing(ctx.say("No locations recorded in the scope data.")),
    )


@macro
def climate_decision(ctx: Context) -> doc.Blocks:
    """The decision whether climate change is a relevant issue (4.1, as amended by
    ISO/IEC 20000-1:2018/Amd 1:2024), and the requirements of interested parties related to
    climate change (4.2)."""
    scope, links = ctx.scope, ctx.links
    found = scope.sms.climate
    out: tuple[doc.Block, ...]
    if found is None:
        out = (
            note(ctx.say("No decision on whether climate change is a relevant issue is recorded.")),
        )
    else:
        out = (
            doc.Record(
                (
                    (ctx.say("Climate change"), doc.inlines(ctx.label(found.decision))),
                    (ctx.say("Decided by"), linked(scope, links, found.decided_by)),
                    (ctx.say("Date"), ctx.day(found.date)),
                )
            ),
            doc.MarkupBlock(found.reasoning),
        )
    asked = [(s, need) for s in scope.stakeholders for need in s.climate]
    if not asked:
        return (
            *out,
            note(ctx.say("No interested party has a requirement related to climate change.")),
        )
    return (
        *out,
        grid(
            (ctx.say("Interested party"), ctx.say("Requirement related to climate change")),
            ((linked(scope, links, s.id), (doc.Text(need),)) for s, need in asked),
        ),
    )
