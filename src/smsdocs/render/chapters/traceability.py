"""Clause traceability, the register of documented information (7.5.4) and the review
dashboard."""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from smsdocs import standards
from smsdocs.model import (
    MILESTONE_KINDS,
    Implementation,
    Process,
    Scope,
    coverage,
    label,
)
from smsdocs.render.blocks import table, when
from smsdocs.render.context import Context, macro
from smsdocs.render.links import anchor, link
from smsdocs.render.text import text


@dataclass(frozen=True, slots=True)
class TraceRow:
    """One clause of the traceability matrix, as data: what addresses it and its status."""

    clause: str
    title: str
    pages: tuple[str, ...]
    """The chapters that declare it, by path relative to docs/."""
    processes: tuple[Process, ...]
    documents: tuple[str, ...]
    """Ids of the documents of the register that name it."""
    other: tuple[str, ...]
    """What else addresses it, in words (the climate decision for 4.1)."""
    addressed: bool
    status: str
    """"Addressed", "Addressed by its subclauses", or "Not addressed" and why."""
    gap: bool
    """A clause with no subclauses that is not addressed: one the count of gaps counts."""
    declared: bool = False
    """Something declares it, or a clause above it (addressed or not)."""


def trace(scope: Scope, page_clauses: Mapping[str, Sequence[str]]) -> list[TraceRow]:
    """Every clause of 4 to 10, what addresses it and whether it is addressed, by the rule
    the register and the check follow (``standards.coverage``)."""
    declared_by: dict[str, list[str]] = {}
    for page, clauses in page_clauses.items():
        for clause in clauses:
            declared_by.setdefault(clause, []).append(page)
    processes_for: dict[str, list[Process]] = {}
    for p in scope.processes:
        for clause in p.covers:
            processes_for.setdefault(clause, []).append(p)
    documents_for: dict[str, list[str]] = {}
    for d in scope.documents:
        for clause in d.clauses:
            documents_for.setdefault(clause, []).append(d.id)
    # The climate decision addresses 4.1, and the climate requirements parties state 4.2
    # (ISO/IEC 20000-1:2018/Amd 1:2024).
    other: dict[str, list[str]] = {}
    if scope.sms.climate is not None:
        decision = scope.sms.climate
        other[standards.CLIMATE_DECISION_CLAUSE] = [
            f"Climate change decision ({label(decision.decision)}, {decision.date})"
        ]
    if any(s.climate for s in scope.stakeholders):
        other[standards.CLIMATE_REQUIREMENTS_CLAUSE] = [
            "Climate requirements of interested parties"
        ]
    # A planned internal audit addresses 9.2, a planned management review 9.3.
    plan = scope.implementation
    milestones: list[str] = [m.kind for m in plan.milestones] if plan is not None else []
    for kind, clause in standards.MILESTONE_CLAUSES.items():
        n = milestones.count(kind)
        if n:
            one, many = _MILESTONE_WORDS[kind]
            other.setdefault(clause, []).append(
                f"{plural(n, one, many)} in the implementation plan"
            )
    declared = standards.declared(
        [*declared_by, *processes_for, *documents_for, *standards.milestone_clauses(milestones)],
        climate_decision=scope.sms.climate is not None,
        climate_requirements=any(s.climate for s in scope.stakeholders),
    )
    found = scope_coverage(scope, declared)
    sms_objectives = [o for o in scope.objectives if o.kind == "sms"]
    # The records of the scope data a clause rests on (standards.CONTENT), where they exist.
    records = {
        "issues": (
            f"{plural(len(scope.issues), 'internal or external issue', 'internal or external issues')}"
        ),
        "risks": f"Risk register ({plural(len(scope.risks), 'risk')})",
        "sms-objectives": (f"{plural(len(sms_objectives), 'service management objective')}"),
    }
    for clause, (kind, _) in standards.CONTENT.items():
        if clause not in found.empty and clause in found.reached:
            other[clause] = [records[kind], *other.get(clause, [])]
    items = dict(standards.DOCUMENTED_INFORMATION)
    # A clause with subclauses counts as declared when each of them is.
    reached = set(found.reached)
    for clause in sorted(standards.CLAUSES, key=lambda c: -c.count(".")):
        below = standards.children(clause)
        if below and all(b in reached for b in below):
            reached.add(clause)
    rows = []
    for clause, title in standards.CLAUSES.items():
        below = standards.children(clause)
        addressed = clause in found.addressed
        if addressed:
            status = (
                "Addressed" if clause in declared or not below else "Addressed by its subclauses"
            )
        elif below:
            status = f"Not addressed: {', '.join(found.open_below(clause))} open"
        else:
            lacking = found.lacking.get(clause, ())
            why = [f"the scope data holds {found.empty[clause]}"] if clause in found.empty else []
            if lacking:
                why.append(
                    f"no document in the register for {'; '.join(items[i] for i in lacking)}"
                )
            if clause not in reached:
                why.insert(0, "no chapter, process or document declares it")
            status = "Not addressed" + (f": {'; '.join(why)}" if why else "")
        rows.append(
            TraceRow(
                clause,
                title,
                tuple(declared_by.get(clause, [])),
                tuple(processes_for.get(clause, [])),
                tuple(documents_for.get(clause, [])),
                tuple(other.get(clause, ())),
                addressed,
                status,
                not addressed and not below,
                clause in reached,
            )
        )
    return rows


def scope_coverage(scope: Scope, declared: set[str]) -> standards.Coverage:
    """``model.coverage`` of ``scope``, given the clauses ``declared``."""
    return coverage(
        declared,
        documents=scope.documents,
        issues=scope.issues,
        risks=scope.risks,
        objectives=scope.objectives,
        parties=scope.parties,
    )


def plural(n: int, one: str, many: str | None = None) -> str:
    """``n`` and the noun, in the singular or plural: "1 risk", "3 risks"."""
    return f"{n} {one if n == 1 else (many or one + 's')}"


@macro
def clause_matrix(ctx: Context) -> str:
    """Every clause of 4 to 10 with the pages, processes and documents that address it."""
    scope, links = ctx.scope, ctx.links
    rows = trace(scope, ctx.page_clauses)
    cells = []
    for r in rows:
        owners = [link(scope, links, p.owner) for p in r.processes]
        status = (
            text(r.status)
            if r.addressed
            else "**Not addressed**" + text(r.status.removeprefix("Not addressed"))
        )
        cells.append(
            (
                f"**{r.clause}**" if "." not in r.clause else r.clause,
                text(r.title),
                "; ".join(
                    f"[{text(_page_title(ctx, p))}]({links.to(p)})"
                    for p in in_reading_order(r.pages, ctx.page_titles)
                )
                or "—",
                ", ".join(link(scope, links, p.id) for p in r.processes) or "—",
                ", ".join(dict.fromkeys(owners)) or "—",
                ", ".join([link(scope, links, d) for d in r.documents] + [text(o) for o in r.other])
                or "—",
                status,
            )
        )
    intro = headline(rows) + "\n\n"
    # In print, "Pages" would read as page numbers.
    chapters = "Chapters" if ctx.medium == "print" else "Pages"
    return intro + table(
        ("Clause", "Title", chapters, "Processes", "Owners", "Documents and records", "Status"),
        cells,
    )


def headline(rows: Sequence[TraceRow]) -> str:
    """What the matrix counts: the clauses something declares, those addressed (declared,
    with the documents and the content they rest on), and the gaps."""
    total = len(rows)
    declared = sum(r.declared for r in rows)
    addressed = sum(r.addressed for r in rows)
    gaps = sum(r.gap for r in rows)
    counts = (
        f"{total} clauses and subclauses: {declared} declared by a chapter, process, document "
        "or record"
    )
    if addressed == total:
        return counts + f", and all {total} addressed with the documents and records they rest on."
    return (
        counts
        + f"; {addressed} addressed with the documents and records they rest on; "
        + f"**{gaps} not addressed**"
        + (" (see the status of each below)." if gaps else ".")
    )


def in_reading_order(pages: Sequence[str], titles: Mapping[str, str]) -> list[str]:
    """``pages`` in the order of the navigation ``titles`` lists them in; pages it does not
    list after those, as they came."""
    order = {page: n for n, page in enumerate(titles)}
    return sorted(pages, key=lambda page: order.get(page, len(order)))


def _page_title(ctx: Context, page: str) -> str:
    """A page by its title in the navigation, or else by its file's name."""
    if page in ctx.page_titles:
        return ctx.page_titles[page]
    stem = posixpath.splitext(page)[0]
    if stem.endswith("/index") or stem == "index":
        stem = posixpath.dirname(stem) or "home"
    return stem.replace("-", " ").replace("/", " / ").capitalize()


@macro
def document_register(ctx: Context) -> str:
    """The register of documented information (7.5.4): each item of the list and the document
    that provides it."""
    scope, links = ctx.scope, ctx.links
    items = dict(standards.DOCUMENTED_INFORMATION)
    asked = standards.items_asked({p.type for p in scope.parties})
    rows = []
    for key, title in items.items():
        documents = [d for d in scope.documents if d.item == key]
        if not documents and key not in asked:
            rows.append(
                (text(title), f"Not needed: the scope has no {_PARTIES_OF[key]}", "—", "—", "—")
            )
            continue
        if not documents:
            rows.append((text(title), "**No document**", "—", "—", "—"))
            continue
        for d in documents:
            where = (
                f"[{text(d.link)}]({d.link})"
                if d.link and re.match(r"^https?://", d.link)
                else text(d.link or "—")
            )
            rows.append(
                (
                    text(title),
                    anchor("document", d.id, d.title),
                    link(scope, links, d.owner),
                    where,
                    when(d.review),
                )
            )
    missing = [k for k in asked if not any(d.item == k for d in scope.documents)]
    if not missing:
        intro = "Every item the standard asks this SMS to hold has a document."
    else:
        held = sorted(
            {c for k in missing for c in standards.asking_for(k)},
            key=standards.clause_key,
        )
        intro = (
            f"**{len(missing)} of {len(asked)} items have no document:** "
            + "; ".join(text(items[k]) for k in missing)
            + f". Until each has one, the clause traceability shows {', '.join(held)} as "
            "not addressed."
        )
    return intro + "\n\n" + table(("7.5.4 item", "Document", "Owner", "Where", "Next review"), rows)


_MILESTONE_WORDS: Final = {
    "internal-audit": ("internal audit", "internal audits"),
    "management-review": ("management review", "management reviews"),
}
"""What the matrix calls the milestones of ``standards.MILESTONE_CLAUSES``, one and many."""

_PARTIES_OF: Final = {
    "supplier-contracts": "external suppliers",
    "internal-agreements": "internal suppliers or customers acting as a supplier",
}
"""The parties each item of ``standards.ITEM_PARTIES`` is about, in words."""


REVIEW_HORIZON_DAYS: Final = 90
"""Days ahead the review dashboard looks for reviews and deadlines falling due."""


@macro
def review_dashboard(ctx: Context) -> str:
    """What needs attention on the build's day: overdue first, then what falls due within
    the next ``REVIEW_HORIZON_DAYS``: reviews, supplier agreements, the implementation plan's
    open milestones, unfinished phases and actions after audits, and late objectives."""
    scope, links, today = ctx.scope, ctx.links, ctx.today
    # Near the end of the calendar the horizon stops at its last day.
    soon = min(today, dt.date.max - dt.timedelta(days=REVIEW_HORIZON_DAYS)) + dt.timedelta(
        days=REVIEW_HORIZON_DAYS
    )
    counts = {"overdue": 0, "soon": 0}

    def state(day: dt.date, late: str = "**Overdue**", coming: str = "Due soon") -> str:
        counts["overdue" if day < today else "soon"] += 1
        return late if day < today else coming

    out: list[str] = []
    reviews: list[tuple[dt.date, str, str]] = []
    due = scope.review_due()
    if due is not None and due <= soon:
        reviews.append((due, f"The manual ({text(scope.document.id)})", state(due)))
    for d in scope.documents:
        if d.review is not None and d.review <= soon:
            reviews.append((d.review, link(scope, links, d.id), state(d.review)))
    out.append("### Reviews\n")
    out.append(
        table(("Due", "What", "State"), ((when(day), what, s) for day, what, s in sorted(reviews)))
        if reviews
        else "*No review is due within the period.*\n"
    )
    agreements = sorted(
        (p for p in scope.parties if p.agreement_end is not None and p.agreement_end <= soon),
        key=lambda p: p.agreement_end or today,
    )
    out.append("\n### Supplier agreements\n")
    out.append(
        table(
            ("Ends", "Party", "Agreement", "State"),
            (
                (
                    when(p.agreement_end),
                    link(scope, links, p.id),
                    text(p.agreement or "—"),
                    state(p.agreement_end, "**Expired**", "Ending soon"),
                )
                for p in agreements
                if p.agreement_end is not None
            ),
        )
        if agreements
        else "*No supplier agreement ends within the period.*\n"
    )
    plan = scope.implementation
    if plan is not None:
        out.extend(_plan_due(ctx, plan, soon, state))
    late = [o for o in scope.objectives if o.due is not None and o.due < today]
    out.append("\n### Objectives past their due date\n")
    out.append(
        table(
            ("Due", "Objective", "Target", "Owner"),
            (
                (
                    when(o.due),
                    link(scope, links, o.id),
                    text(o.target or "—"),
                    link(scope, links, o.owner),
                )
                for o in late
            ),
        )
        if late
        else "*No objective is past its due date.*\n"
    )
    counts["overdue"] += len(late)
    overdue, coming = counts["overdue"], counts["soon"]
    if overdue:
        summary = f"**{overdue} overdue**, {coming} more due within {REVIEW_HORIZON_DAYS} days."
    elif coming:
        summary = f"Nothing is overdue; {coming} due within {REVIEW_HORIZON_DAYS} days."
    else:
        summary = f"Nothing is overdue or due within {REVIEW_HORIZON_DAYS} days."
    head = f"{_as_of(ctx)}; *due soon* means within {REVIEW_HORIZON_DAYS} days. {summary}\n"
    if ctx.as_of != "approved" and ctx.dated is not None and ctx.dated != today:
        # The copy may be made after the version's commit: say which date is which.
        if ctx.medium == "print":
            dates = (
                f"{when(today)} is the day this copy was made, and the dashboard is worked out "
                f"for it; the cover gives the date of this version, {when(ctx.dated)}."
                if ctx.as_of == "built"
                else f"The cover gives the date of this version, {when(ctx.dated)}."
            )
        else:
            dated = f"this version of the manual is dated {when(ctx.dated)}, its commit's date."
            dates = (
                f"{when(today)} is the day the site was built, and the dashboard is worked out "
                f"for it; {dated}"
                if ctx.as_of == "built"
                else dated[0].upper() + dated[1:]
            )
        head += f"\n{dates}\n"
    return "\n".join([head, *out])


def _as_of(ctx: Context) -> str:
    """Which day the dashboard is worked out for, and why that day."""
    day = when(ctx.today)
    if ctx.as_of == "approved":
        return (
            f"As of {day}, the day version {text(ctx.release.version)} was approved: an "
            "approved version is worked out for that day, whenever it is built"
        )
    if ctx.as_of == "configured":
        return f"As of {day}, the date the build is set to (the `today` option)"
    return f"As of {day} (the day this draft was built)"


def _plan_due(
    ctx: Context, plan: Implementation, soon: dt.date, state: Callable[..., str]
) -> list[str]:
    """The implementation plan's part of the dashboard: milestones still open, phases not
    complete, and actions after audits still open, that fall due by ``soon``."""
    scope, links = ctx.scope, ctx.links
    out = []
    milestones = sorted(
        (m for m in plan.milestones if m.status == "open" and m.date <= soon),
        key=lambda m: m.date,
    )
    out.append("\n### Implementation milestones\n")
    out.append(
        table(
            ("Date", "Milestone", "Kind", "State"),
            (
                (when(m.date), text(m.name), MILESTONE_KINDS[m.kind], state(m.date))
                for m in milestones
            ),
        )
        if milestones
        else "*No open milestone falls due within the period.*\n"
    )
    phases = sorted(
        (p for p in plan.phases if p.status != "complete" and p.end <= soon), key=lambda p: p.end
    )
    if phases:
        out.append("\n### Implementation phases ending\n")
        out.append(
            table(
                ("Ends", "Phase", "Status", "State"),
                (
                    (when(p.end), text(p.name), label(p.status), state(p.end, coming="Ending soon"))
                    for p in phases
                ),
            )
        )
    actions = sorted(
        (a for a in plan.post_audit if a.status == "open" and a.due is not None and a.due <= soon),
        key=lambda a: a.due or ctx.today,
    )
    out.append("\n### Actions after audits\n")
    out.append(
        table(
            ("Due", "Action", "Owner", "State"),
            (
                (when(a.due), text(a.action), link(scope, links, a.owner), state(a.due))
                for a in actions
                if a.due is not None
            ),
        )
        if actions
        else "*No open action falls due within the period.*\n"
    )
    return out
