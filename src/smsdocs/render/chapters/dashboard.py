"""The review dashboard: what needs attention on the day the manual is built, overdue first,
then what falls due within the period it looks ahead."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Final

from smsdocs.model import Implementation
from smsdocs.render import doc
from smsdocs.render.chapters.build import grid, note, section, value
from smsdocs.render.context import Context, macro
from smsdocs.render.doc import sentence
from smsdocs.render.links import linked
from smsdocs.words import N_

REVIEW_HORIZON_DAYS: Final = 90
"""Days ahead the review dashboard looks for reviews and deadlines falling due."""


@macro
def review_dashboard(ctx: Context) -> doc.Blocks:
    """What needs attention on the build's day: overdue first, then what falls due within
    the next ``REVIEW_HORIZON_DAYS``: reviews, supplier agreements, the implementation plan's
    open milestones, unfinished phases and actions after audits, and late objectives."""
    scope, links, today = ctx.scope, ctx.links, ctx.today
    # Near the end of the calendar the horizon stops at its last day.
    soon = min(today, dt.date.max - dt.timedelta(days=REVIEW_HORIZON_DAYS)) + dt.timedelta(
        days=REVIEW_HORIZON_DAYS
    )
    counts = {"overdue": 0, "soon": 0}

    def state(day: dt.date, late: str = OVERDUE, coming: str = DUE_SOON) -> doc.Inlines:
        counts["overdue" if day < today else "soon"] += 1
        return (
            (doc.Strong(doc.inlines(ctx.say(late))),)
            if day < today
            else doc.inlines(ctx.say(coming))
        )

    out: list[doc.Block] = []
    # By date, and on one day the manual first, then the documents by title.
    reviews: list[tuple[dt.date, str, doc.Inlines, doc.Inlines]] = []
    due = scope.review_due()
    if due is not None and due <= soon:
        manual = sentence(ctx.say("The manual ({id})"), id=doc.Text(scope.document.id))
        reviews.append((due, "", manual, state(due)))
    for d in scope.documents:
        if d.review is not None and d.review <= soon:
            reviews.append((d.review, d.title, linked(scope, links, d.id), state(d.review)))
    out.append(section(ctx, N_("Reviews")))
    out.append(
        grid(
            (ctx.say("Due"), ctx.say("What"), ctx.say("State")),
            ((ctx.day(due), what, s) for due, _, what, s in sorted(reviews, key=lambda r: r[:2])),
        )
        if reviews
        else note(ctx.say("No review is due within the period."))
    )
    agreements = sorted(
        (p for p in scope.parties if p.agreement_end is not None and p.agreement_end <= soon),
        key=lambda p: p.agreement_end or today,
    )
    out.append(section(ctx, N_("Supplier agreements")))
    out.append(
        grid(
            (ctx.say("Ends"), ctx.say("Party"), ctx.say("Agreement"), ctx.say("State")),
            (
                (
                    ctx.day(p.agreement_end),
                    linked(scope, links, p.id),
                    value(p.agreement),
                    state(p.agreement_end, EXPIRED, ENDING_SOON),
                )
                for p in agreements
                if p.agreement_end is not None
            ),
        )
        if agreements
        else note(ctx.say("No supplier agreement ends within the period."))
    )
    plan = scope.implementation
    if plan is not None:
        out.extend(_plan_due(ctx, plan, soon, state))
    late = [o for o in scope.objectives if o.due is not None and o.due < today]
    out.append(section(ctx, N_("Objectives past their due date")))
    out.append(
        grid(
            (ctx.say("Due"), ctx.say("Objective"), ctx.say("Target"), ctx.say("Owner")),
            (
                (
                    ctx.day(o.due),
                    linked(scope, links, o.id),
                    value(o.target),
                    linked(scope, links, o.owner),
                )
                for o in late
            ),
        )
        if late
        else note(ctx.say("No objective is past its due date."))
    )
    counts["overdue"] += len(late)
    return (*_dashboard_head(ctx, counts["overdue"], counts["soon"]), *out)


OVERDUE: Final = N_("Overdue")
DUE_SOON: Final = N_("Due soon")
EXPIRED: Final = N_("Expired")
ENDING_SOON: Final = N_("Ending soon")
"""The states the dashboard gives a date: past (overdue, or an agreement expired) or within
the period (due soon, or an agreement or a phase ending soon)."""


def _dashboard_head(ctx: Context, overdue: int, coming: int) -> doc.Blocks:
    """What the dashboard counts, as of which day, and (where they differ) which date is the
    version's."""
    today = ctx.today
    days = ctx.number(REVIEW_HORIZON_DAYS)
    if overdue:
        summary = sentence(
            ctx.say("{overdue}, {coming} more due within {days} days."),
            overdue=doc.Strong(
                doc.inlines(ctx.say("{count} overdue").format(count=ctx.number(overdue)))
            ),
            coming=ctx.number(coming),
            days=days,
        )
    elif coming:
        summary = doc.inlines(
            ctx.say("Nothing is overdue; {coming} due within {days} days.").format(
                coming=ctx.number(coming), days=days
            )
        )
    else:
        summary = doc.inlines(
            ctx.say("Nothing is overdue or due within {days} days.").format(days=days)
        )
    head = doc.Paragraph(
        sentence(
            ctx.say("{as_of}; {due_soon} means within {days} days. {summary}"),
            as_of=_as_of(ctx),
            due_soon=doc.Emph(doc.inlines(ctx.say("due soon"))),
            days=days,
            summary=summary,
        )
    )
    if ctx.as_of == "approved" or ctx.dated is None or ctx.dated == today:
        return (head,)
    # The copy may be made after the version's commit: say which date is which.
    if ctx.medium == "print":
        dates = (
            sentence(
                ctx.say(
                    "{today} is the day this copy was made, and the dashboard is worked out "
                    "for it; the cover gives the date of this version, {dated}."
                ),
                today=ctx.day(today),
                dated=ctx.day(ctx.dated),
            )
            if ctx.as_of == "built"
            else sentence(
                ctx.say("The cover gives the date of this version, {dated}."),
                dated=ctx.day(ctx.dated),
            )
        )
    else:
        dates = (
            sentence(
                ctx.say(
                    "{today} is the day the site was built, and the dashboard is worked out "
                    "for it; this version of the manual is dated {dated}, its commit's date."
                ),
                today=ctx.day(today),
                dated=ctx.day(ctx.dated),
            )
            if ctx.as_of == "built"
            else sentence(
                ctx.say("This version of the manual is dated {dated}, its commit's date."),
                dated=ctx.day(ctx.dated),
            )
        )
    return head, doc.Paragraph(dates)


def _as_of(ctx: Context) -> doc.Inlines:
    """Which day the dashboard is worked out for, and why that day."""
    day = ctx.day(ctx.today)
    if ctx.as_of == "approved":
        return sentence(
            ctx.say(
                "As of {day}, the day version {version} was approved: an approved version is "
                "worked out for that day, whenever it is built"
            ),
            day=day,
            version=doc.Text(ctx.release.version),
        )
    if ctx.as_of == "configured":
        return sentence(
            ctx.say("As of {day}, the date the build is set to (the {option} option)"),
            day=day,
            option=doc.Code("today"),
        )
    return sentence(ctx.say("As of {day} (the day this draft was built)"), day=day)


def _plan_due(
    ctx: Context, plan: Implementation, soon: dt.date, state: Callable[..., doc.Inlines]
) -> list[doc.Block]:
    """The implementation plan's part of the dashboard: milestones still open, phases not
    complete, and actions after audits still open, that fall due by ``soon``."""
    scope, links = ctx.scope, ctx.links
    out: list[doc.Block] = []
    milestones = sorted(
        (m for m in plan.milestones if m.status == "open" and m.date <= soon),
        key=lambda m: m.date,
    )
    out.append(section(ctx, N_("Implementation milestones")))
    out.append(
        grid(
            (ctx.say("Date"), ctx.say("Milestone"), ctx.say("Kind"), ctx.say("State")),
            (
                (
                    ctx.day(m.date),
                    (doc.Text(m.name),),
                    doc.inlines(ctx.label(m.kind)),
                    state(m.date),
                )
                for m in milestones
            ),
        )
        if milestones
        else note(ctx.say("No open milestone falls due within the period."))
    )
    phases = sorted(
        (p for p in plan.phases if p.status != "complete" and p.end <= soon), key=lambda p: p.end
    )
    if phases:
        out.append(section(ctx, N_("Implementation phases ending")))
        out.append(
            grid(
                (ctx.say("Ends"), ctx.say("Phase"), ctx.say("Status"), ctx.say("State")),
                (
                    (
                        ctx.day(p.end),
                        (doc.Text(p.name),),
                        doc.inlines(ctx.label(p.status)),
                        state(p.end, coming=ENDING_SOON),
                    )
                    for p in phases
                ),
            )
        )
    actions = sorted(
        (a for a in plan.post_audit if a.status == "open" and a.due is not None and a.due <= soon),
        key=lambda a: a.due or ctx.today,
    )
    out.append(section(ctx, N_("Actions after audits")))
    out.append(
        grid(
            (ctx.say("Due"), ctx.say("Action"), ctx.say("Owner"), ctx.say("State")),
            (
                (ctx.day(a.due), (doc.Text(a.action),), linked(scope, links, a.owner), state(a.due))
                for a in actions
                if a.due is not None
            ),
        )
        if actions
        else note(ctx.say("No open action falls due within the period."))
    )
    return out
