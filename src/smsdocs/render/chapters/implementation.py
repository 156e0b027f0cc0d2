"""The implementation of the SMS, modelled on ISO/IEC TS 20000-5: approach, business case,
baseline, maturity, phases, milestones, challenges, readiness and the actions after audit."""

from __future__ import annotations

from typing import Final

from smsdocs.model import MILESTONE_KINDS, label
from smsdocs.render.blocks import listing, nothing, record, table, when
from smsdocs.render.charts import MATURITY_GAP, TIMELINE, figure
from smsdocs.render.context import Context, macro
from smsdocs.render.links import link, links_to
from smsdocs.render.text import markdown, text

NO_PLAN: Final = "The scope data holds no implementation plan."
"""What the chapter says, once, where the scope data has no ``implementation:`` section (a
page that declares ``requires: [implementation]`` is left out of the manual instead)."""

STAGE_WORDS: Final = {
    "implementing": "This chapter records how {org} is putting its SMS in place.",
    "operating": (
        "The SMS of {org} is in operation. This chapter keeps the plan by which it was put "
        "in place, and records how it is maintained and improved."
    ),
    "certified": (
        "The SMS of {org} is certified to ISO/IEC 20000-1. This chapter keeps the plan by which "
        "it was put in place, and records how it is maintained and improved: the actions after "
        "audits and the phases still to come."
    ),
}
"""How the implementation chapter introduces itself at each stage of the SMS (``sms.stage``)."""


@macro
def implementation_stage(ctx: Context) -> str:
    """One sentence on what the implementation chapter records, for the stage the SMS is at
    (sms.stage: implementing, operating or certified), or that there is no plan."""
    scope = ctx.scope
    org = text(scope.organization.short_name or scope.organization.name)
    words = STAGE_WORDS[scope.sms.stage].format(org=org)
    if scope.implementation is None:
        words += " " + NO_PLAN
    return words + "\n"


@macro
def implementation_approach(ctx: Context) -> str:
    """The implementation approach (ISO/IEC TS 20000-5): process subsets by phase, or the whole
    SMS through three levels."""
    scope = ctx.scope
    plan = scope.implementation
    if plan is None:
        return ""
    if plan.approach == "process-subsets":
        how = (
            f"The SMS is implemented in {len(plan.phases)} phases, each bringing a subset of "
            "the processes into operation."
        )
    else:
        how = (
            f"The whole SMS is implemented at once and matures through three levels, over "
            f"{len(plan.phases)} phases."
        )
    if plan.phases:
        first = min(p.start for p in plan.phases)
        last = max(p.end for p in plan.phases)
        how += f" The plan runs from {when(first)} to {when(last)}."
    return how + "\n"


@macro
def implementation_phases(ctx: Context) -> str:
    """The implementation phases: dates, what each brings into scope, exit criteria and status."""
    scope, links = ctx.scope, ctx.links
    plan = scope.implementation
    if plan is None:
        return ""
    if not plan.phases:
        return nothing("phases")
    return table(
        ("Phase", "From", "To", "Scope of the phase", "Exit criteria", "Status"),
        (
            (
                text(p.name),
                when(p.start),
                when(p.end),
                links_to(scope, links, p.processes)
                if p.processes
                else (f"Level {p.level}" if p.level else "—"),
                "; ".join(text(c) for c in p.exit_criteria) or "—",
                label(p.status),
            )
            for p in plan.phases
        ),
    )


@macro
def business_case(ctx: Context) -> str:
    """The business case for the SMS: summary, sponsor, benefits and costs."""
    scope, links = ctx.scope, ctx.links
    plan = scope.implementation
    if plan is None:
        return ""
    case = plan.business_case
    if case is None:
        return nothing("business case")
    parts = [markdown(case.summary), "", f"Sponsor: {link(scope, links, case.sponsor)}.", ""]
    if case.benefits:
        parts += ["**Benefits**", "", listing(text(b) for b in case.benefits)]
    if case.costs:
        parts += ["**Costs**", "", listing(text(c) for c in case.costs)]
    return "\n".join(parts) + "\n"


@macro
def baseline_assessment(ctx: Context) -> str:
    """The baseline assessment (gap analysis) the implementation starts from."""
    scope = ctx.scope
    plan = scope.implementation
    if plan is None:
        return ""
    base = plan.baseline
    if base is None:
        return "*No baseline assessment is recorded.*\n"
    return f"The current state of the processes was assessed on {when(base.date)}.\n\n" + record(
        (
            ("Date", when(base.date)),
            ("Method", text(base.method)),
            ("Assessor", text(base.assessor)),
        ),
    )


@macro
def maturity_table(ctx: Context) -> str:
    """Process maturity: baseline, target and gap of each process."""
    scope, links = ctx.scope, ctx.links
    plan = scope.implementation
    if plan is None:
        return ""
    if not plan.maturity:
        return nothing("process maturity assessments")
    return table(
        ("Process", "Baseline", "Target", "Gap"),
        (
            (
                link(scope, links, m.process),
                str(m.baseline),
                str(m.target),
                str(m.target - m.baseline),
            )
            for m in plan.maturity
        ),
    )


@macro
def milestones(ctx: Context) -> str:
    """Implementation milestones with their dates, kinds and status."""
    scope = ctx.scope
    plan = scope.implementation
    if plan is None:
        return ""
    if not plan.milestones:
        return nothing("milestones")
    return table(
        ("Date", "Milestone", "Kind", "Status"),
        (
            (when(m.date), text(m.name), MILESTONE_KINDS[m.kind], label(m.status))
            for m in sorted(plan.milestones, key=lambda m: m.date)
        ),
    )


@macro
def implementation_challenges(ctx: Context) -> str:
    """Implementation challenges with their mitigations and owners."""
    scope, links = ctx.scope, ctx.links
    plan = scope.implementation
    if plan is None:
        return ""
    if not plan.challenges:
        return nothing("implementation challenges")
    return table(
        ("Challenge", "Mitigation", "Owner"),
        (
            (text(c.challenge), text(c.mitigation), link(scope, links, c.owner))
            for c in plan.challenges
        ),
    )


@macro
def readiness_checklist(ctx: Context) -> str:
    """The certification readiness checklist, with how many items are done."""
    scope = ctx.scope
    plan = scope.implementation
    if plan is None:
        return ""
    if not plan.readiness:
        return nothing("readiness checklist")
    done = sum(1 for r in plan.readiness if r.status == "done")
    return f"{done} of {len(plan.readiness)} items done.\n\n" + table(
        ("Item", "Status", "Evidence"),
        (
            (text(r.item), "Done" if r.status == "done" else "**Open**", text(r.evidence or "—"))
            for r in plan.readiness
        ),
    )


@macro
def post_audit_actions(ctx: Context) -> str:
    """Actions after the audits: finding, action, owner, due date and status."""
    scope, links = ctx.scope, ctx.links
    plan = scope.implementation
    if plan is None:
        return ""
    if not plan.post_audit:
        return nothing("post-audit actions")
    return table(
        ("Finding", "Action", "Owner", "Due", "Status"),
        (
            (
                text(a.finding),
                text(a.action),
                link(scope, links, a.owner),
                when(a.due),
                label(a.status),
            )
            for a in plan.post_audit
        ),
    )


@macro
def maturity_gap_chart(ctx: Context) -> str:
    """Process maturity: baseline against target: a static SVG figure drawn from the
    implementation plan."""
    plan = ctx.scope.implementation
    if plan is None or not plan.maturity:
        return ""
    return (
        "Each process was rated on a scale from 0, where the process is absent, to 5, where it "
        "is measured and improved as a matter of routine. The chart and the table compare the "
        "maturity found with the maturity the plan aims for; the gap between them is the work "
        "to be done.\n\n"
        + figure(ctx.links, "Process maturity: baseline against target", MATURITY_GAP)
    )


@macro
def implementation_timeline(ctx: Context) -> str:
    """Implementation timeline: phases and milestones: a static SVG figure drawn from the
    implementation plan."""
    if ctx.scope.implementation is None:
        return ""
    return figure(ctx.links, "Implementation timeline: phases and milestones", TIMELINE)
