"""The implementation of the SMS, modelled on ISO/IEC TS 20000-5: approach, business case,
baseline, maturity, phases, milestones, challenges, readiness and the actions after audit."""

from __future__ import annotations

from typing import Final

from smsdocs.render import doc
from smsdocs.render.chapters.build import grid, note, or_none, texts, value
from smsdocs.render.charts import MATURITY_GAP, TIMELINE
from smsdocs.render.chartwords import gap_words, timeline_words
from smsdocs.render.context import Context, macro
from smsdocs.render.doc import sentence
from smsdocs.render.links import figure_path, linked, linked_all
from smsdocs.words import N_

NO_PLAN: Final = N_("The scope data holds no implementation plan.")
"""What the chapter says, once, where the scope data has no ``implementation:`` section (a
page that declares ``requires: [implementation]`` is left out of the manual instead)."""

STAGE_WORDS: Final = {
    "implementing": N_("This chapter records how {org} is putting its SMS in place."),
    "operating": N_(
        "The SMS of {org} is in operation. This chapter keeps the plan by which it was put "
        "in place, and records how it is maintained and improved."
    ),
    "certified": N_(
        "The SMS of {org} is certified to ISO/IEC 20000-1. This chapter keeps the plan by which "
        "it was put in place, and records how it is maintained and improved: the actions after "
        "audits and the phases still to come."
    ),
}
"""How the implementation chapter introduces itself at each stage of the SMS (``sms.stage``)."""


@macro
def implementation_stage(ctx: Context) -> doc.Blocks:
    """One sentence on what the implementation chapter records, for the stage the SMS is at
    (sms.stage: implementing, operating or certified), or that there is no plan."""
    scope = ctx.scope
    org = scope.organization.short_name or scope.organization.name
    stage = sentence(ctx.say(STAGE_WORDS[scope.sms.stage]), org=doc.Text(org))
    plan = "" if scope.implementation is not None else " " + ctx.say(NO_PLAN)
    return (doc.para(stage, plan),)


@macro
def implementation_approach(ctx: Context) -> doc.Blocks:
    """The implementation approach (ISO/IEC TS 20000-5): process subsets by phase, or the whole
    SMS through three levels."""
    scope = ctx.scope
    plan = scope.implementation
    if plan is None:
        return ()
    n = len(plan.phases)
    if plan.approach == "process-subsets":
        how = ctx.say_n(
            "The SMS is implemented in {count} phase, bringing a subset of the processes into "
            "operation.",
            "The SMS is implemented in {count} phases, each bringing a subset of the processes "
            "into operation.",
            n,
        )
    else:
        how = ctx.say_n(
            "The whole SMS is implemented at once and matures through three levels, over "
            "{count} phase.",
            "The whole SMS is implemented at once and matures through three levels, over "
            "{count} phases.",
            n,
        )
    if not plan.phases:
        return (doc.para(how.format(count=ctx.number(n))),)
    runs = sentence(
        ctx.say("The plan runs from {start} to {end}."),
        start=ctx.day(min(p.start for p in plan.phases)),
        end=ctx.day(max(p.end for p in plan.phases)),
    )
    return (doc.para(how.format(count=ctx.number(n)), " ", runs),)


@macro
def implementation_phases(ctx: Context) -> doc.Blocks:
    """The implementation phases: dates, what each brings into scope, exit criteria and status."""
    scope, links = ctx.scope, ctx.links
    plan = scope.implementation
    if plan is None:
        return ()
    if not plan.phases:
        return (doc.nothing(ctx.say("No phases recorded in the scope data.")),)
    return (
        grid(
            (
                ctx.say("Phase"),
                ctx.say("From"),
                _until(ctx),
                ctx.say("Scope of the phase"),
                ctx.say("Exit criteria"),
                ctx.say("Status"),
            ),
            (
                (
                    (doc.Text(p.name),),
                    ctx.day(p.start),
                    ctx.day(p.end),
                    linked_all(scope, links, p.processes)
                    if p.processes
                    else doc.inlines(
                        ctx.say("Level {level}").format(level=p.level) if p.level else "—"
                    ),
                    or_none(texts(p.exit_criteria, "; ")),
                    doc.inlines(ctx.label(p.status)),
                )
                for p in plan.phases
            ),
        ),
    )


PHASE_END: Final = N_("To (the last day of a phase)")
"""The header of the column of the day a phase ends, told apart in the catalogues from "To",
the addressees of a communication, which other languages word otherwise."""


def _until(ctx: Context) -> str:
    """The header of the column of the day each phase ends: "To" in English, and in another
    language its word for the end of a period (``PHASE_END``)."""
    shown = ctx.say(PHASE_END)
    return "To" if shown == PHASE_END else shown


@macro
def business_case(ctx: Context) -> doc.Blocks:
    """The business case for the SMS: summary, sponsor, benefits and costs."""
    scope, links = ctx.scope, ctx.links
    plan = scope.implementation
    if plan is None:
        return ()
    case = plan.business_case
    if case is None:
        return (doc.nothing(ctx.say("No business case recorded in the scope data.")),)
    out: list[doc.Block] = [
        doc.MarkupBlock(case.summary),
        doc.Paragraph(
            sentence(ctx.say("Sponsor: {sponsor}."), sponsor=linked(scope, links, case.sponsor))
        ),
    ]
    for title, items in ((ctx.say("Benefits"), case.benefits), (ctx.say("Costs"), case.costs)):
        if items:
            out.append(doc.Paragraph((doc.Strong(doc.inlines(title)),)))
            out.append(doc.Listing(tuple((doc.Text(i),) for i in items)))
    return tuple(out)


@macro
def baseline_assessment(ctx: Context) -> doc.Blocks:
    """The baseline assessment (gap analysis) the implementation starts from."""
    scope = ctx.scope
    plan = scope.implementation
    if plan is None:
        return ()
    base = plan.baseline
    if base is None:
        return (note(ctx.say("No baseline assessment is recorded.")),)
    return (
        doc.Paragraph(
            sentence(
                ctx.say("The current state of the processes was assessed on {date}."),
                date=ctx.day(base.date),
            )
        ),
        doc.Record(
            (
                (ctx.say("Date"), ctx.day(base.date)),
                (ctx.say("Method"), (doc.Text(base.method),)),
                (ctx.say("Assessor"), (doc.Text(base.assessor),)),
            ),
        ),
    )


@macro
def maturity_table(ctx: Context) -> doc.Blocks:
    """Process maturity: baseline, target and gap of each process."""
    scope, links = ctx.scope, ctx.links
    plan = scope.implementation
    if plan is None:
        return ()
    if not plan.maturity:
        return (
            doc.nothing(ctx.say("No process maturity assessments recorded in the scope data.")),
        )
    return (
        grid(
            (ctx.say("Process"), ctx.say("Baseline"), ctx.say("Target"), ctx.say("Gap")),
            (
                (
                    linked(scope, links, m.process),
                    doc.inlines(str(m.baseline)),
                    doc.inlines(str(m.target)),
                    doc.inlines(str(m.target - m.baseline)),
                )
                for m in plan.maturity
            ),
        ),
    )


@macro
def milestones(ctx: Context) -> doc.Blocks:
    """Implementation milestones with their dates, kinds and status."""
    scope = ctx.scope
    plan = scope.implementation
    if plan is None:
        return ()
    if not plan.milestones:
        return (doc.nothing(ctx.say("No milestones recorded in the scope data.")),)
    return (
        grid(
            (ctx.say("Date"), ctx.say("Milestone"), ctx.say("Kind"), ctx.say("Status")),
            (
                (
                    ctx.day(m.date),
                    (doc.Text(m.name),),
                    doc.inlines(ctx.label(m.kind)),
                    doc.inlines(ctx.label(m.status)),
                )
                for m in sorted(plan.milestones, key=lambda m: m.date)
            ),
        ),
    )


@macro
def implementation_challenges(ctx: Context) -> doc.Blocks:
    """Implementation challenges with their mitigations and owners."""
    scope, links = ctx.scope, ctx.links
    plan = scope.implementation
    if plan is None:
        return ()
    if not plan.challenges:
        return (doc.nothing(ctx.say("No implementation challenges recorded in the scope data.")),)
    return (
        grid(
            (ctx.say("Challenge"), ctx.say("Mitigation"), ctx.say("Owner")),
            (
                ((doc.Text(c.challenge),), (doc.Text(c.mitigation),), linked(scope, links, c.owner))
                for c in plan.challenges
            ),
        ),
    )


@macro
def readiness_checklist(ctx: Context) -> doc.Blocks:
    """The certification readiness checklist, with how many items are done."""
    scope = ctx.scope
    plan = scope.implementation
    if plan is None:
        return ()
    if not plan.readiness:
        return (doc.nothing(ctx.say("No readiness checklist recorded in the scope data.")),)
    done = sum(1 for r in plan.readiness if r.status == "done")
    return (
        doc.para(
            ctx.say("{done} of {total} items done.").format(
                done=ctx.number(done), total=ctx.number(len(plan.readiness))
            )
        ),
        grid(
            (ctx.say("Item"), ctx.say("Status"), ctx.say("Evidence")),
            (
                (
                    (doc.Text(r.item),),
                    doc.inlines(ctx.label(r.status))
                    if r.status == "done"
                    else (doc.Strong(doc.inlines(ctx.label(r.status))),),
                    value(r.evidence),
                )
                for r in plan.readiness
            ),
        ),
    )


@macro
def post_audit_actions(ctx: Context) -> doc.Blocks:
    """Actions after the audits: finding, action, owner, due date and status."""
    scope, links = ctx.scope, ctx.links
    plan = scope.implementation
    if plan is None:
        return ()
    if not plan.post_audit:
        return (doc.nothing(ctx.say("No post-audit actions recorded in the scope data.")),)
    return (
        grid(
            (
                ctx.say("Finding"),
                ctx.say("Action"),
                ctx.say("Owner"),
                ctx.say("Due"),
                ctx.say("Status"),
            ),
            (
                (
                    (doc.Text(a.finding),),
                    (doc.Text(a.action),),
                    linked(scope, links, a.owner),
                    ctx.day(a.due),
                    doc.inlines(ctx.label(a.status)),
                )
                for a in plan.post_audit
            ),
        ),
    )


@macro
def maturity_gap_chart(ctx: Context) -> doc.Blocks:
    """Process maturity: baseline against target: a static SVG figure drawn from the
    implementation plan."""
    plan = ctx.scope.implementation
    if plan is None or not plan.maturity:
        return ()
    return (
        doc.para(
            ctx.say(
                "Each process was rated on a scale from 0, where the process is absent, to 5, "
                "where it is measured and improved as a matter of routine. The chart and the "
                "table compare the maturity found with the maturity the plan aims for; the gap "
                "between them is the work to be done."
            )
        ),
        _figure(gap_words(ctx.scope, ctx.language), MATURITY_GAP),
    )


@macro
def implementation_timeline(ctx: Context) -> doc.Blocks:
    """Implementation timeline: phases and milestones: a static SVG figure drawn from the
    implementation plan."""
    if ctx.scope.implementation is None:
        return ()
    return (_figure(timeline_words(ctx.scope, ctx.language), TIMELINE),)


def _figure(title: str, name: str) -> doc.Figure:
    """A figure drawn from the implementation plan, by its file's name."""
    return doc.Figure(doc.Ref(figure_path(name)), doc.inlines(title))
