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
from smsdocs.render import doc
from smsdocs.render.blocks import when
from smsdocs.render.chapters.build import day, grid, heading, note, or_none, texts, value
from smsdocs.render.context import Context, macro
from smsdocs.render.links import anchored, linked


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
def clause_matrix(ctx: Context) -> doc.Blocks:
    """Every clause of 4 to 10 with the pages, processes and documents that address it."""
    scope, links = ctx.scope, ctx.links
    rows = trace(scope, ctx.page_clauses)
    cells = []
    for r in rows:
        owners = [linked(scope, links, p.owner) for p in r.processes]
        status = (
            (doc.Text(r.status),)
            if r.addressed
            else (
                doc.Strong(doc.inlines("Not addressed")),
                doc.Text(r.status.removeprefix("Not addressed")),
            )
        )
        cells.append(
            (
                (doc.Strong(doc.inlines(r.clause)),)
                if "." not in r.clause
                else doc.inlines(r.clause),
                (doc.Text(r.title),),
                or_none(
                    doc.joined(
                        (
                            (doc.Link((doc.Text(_page_title(ctx, p)),), doc.Ref(p), paged=True),)
                            for p in in_reading_order(r.pages, ctx.page_titles)
                        ),
                        "; ",
                    )
                ),
                or_none(doc.joined(linked(scope, links, p.id) for p in r.processes)),
                or_none(doc.joined(dict.fromkeys(owners))),
                or_none(
                    doc.joined(
                        [linked(scope, links, d) for d in r.documents]
                        + [(doc.Text(o),) for o in r.other]
                    )
                ),
                status,
            )
        )
    # In print, "Pages" would read as page numbers.
    chapters = "Chapters" if ctx.medium == "print" else "Pages"
    return (
        doc.Paragraph(headline(rows)),
        grid(
            ("Clause", "Title", chapters, "Processes", "Owners", "Documents and records", "Status"),
            cells,
        ),
    )


def headline(rows: Sequence[TraceRow]) -> doc.Inlines:
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
        return doc.inlines(
            counts + f", and all {total} addressed with the documents and records they rest on."
        )
    return doc.inlines(
        counts + f"; {addressed} addressed with the documents and records they rest on; ",
        doc.Strong(doc.inlines(f"{gaps} not addressed")),
        " (see the status of each below)." if gaps else ".",
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
def document_register(ctx: Context) -> doc.Blocks:
    """The register of documented information (7.5.4): each item of the list and the document
    that provides it."""
    scope, links = ctx.scope, ctx.links
    items = dict(standards.DOCUMENTED_INFORMATION)
    asked = standards.items_asked({p.type for p in scope.parties})
    none = doc.inlines("—")
    rows: list[tuple[doc.Inlines, ...]] = []
    for key, title in items.items():
        documents = [d for d in scope.documents if d.item == key]
        if not documents and key not in asked:
            why = doc.inlines(f"Not needed: the scope has no {_PARTIES_OF[key]}")
            rows.append(((doc.Text(title),), why, none, none, none))
            continue
        if not documents:
            rows.append(
                ((doc.Text(title),), (doc.Strong(doc.inlines("No document")),), none, none, none)
            )
            continue
        for d in documents:
            where = (
                (doc.Link((doc.Text(d.link),), doc.Url(d.link)),)
                if d.link and re.match(r"^https?://", d.link)
                else value(d.link)
            )
            rows.append(
                (
                    (doc.Text(title),),
                    (anchored("document", d.id, d.title),),
                    linked(scope, links, d.owner),
                    where,
                    day(d.review),
                )
            )
    missing = [k for k in asked if not any(d.item == k for d in scope.documents)]
    if not missing:
        intro = doc.para("Every item the standard asks this SMS to hold has a document.")
    else:
        held = sorted(
            {c for k in missing for c in standards.asking_for(k)},
            key=standards.clause_key,
        )
        intro = doc.para(
            doc.Strong(doc.inlines(f"{len(missing)} of {len(asked)} items have no document:")),
            " ",
            texts((items[k] for k in missing), "; "),
            f". Until each has one, the clause traceability shows {', '.join(held)} as "
            "not addressed.",
        )
    return (intro, grid(("7.5.4 item", "Document", "Owner", "Where", "Next review"), rows))


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

    def state(day: dt.date, late: str = "Overdue", coming: str = "Due soon") -> doc.Inlines:
        counts["overdue" if day < today else "soon"] += 1
        return (doc.Strong(doc.inlines(late)),) if day < today else doc.inlines(coming)

    out: list[doc.Block] = []
    # By date, and on one day the manual first, then the documents by title.
    reviews: list[tuple[dt.date, str, doc.Inlines, doc.Inlines]] = []
    due = scope.review_due()
    if due is not None and due <= soon:
        manual = doc.inlines("The manual (", doc.Text(scope.document.id), ")")
        reviews.append((due, "", manual, state(due)))
    for d in scope.documents:
        if d.review is not None and d.review <= soon:
            reviews.append((d.review, d.title, linked(scope, links, d.id), state(d.review)))
    out.append(heading("Reviews"))
    out.append(
        grid(
            ("Due", "What", "State"),
            ((day(due), what, s) for due, _, what, s in sorted(reviews, key=lambda r: r[:2])),
        )
        if reviews
        else note("No review is due within the period.")
    )
    agreements = sorted(
        (p for p in scope.parties if p.agreement_end is not None and p.agreement_end <= soon),
        key=lambda p: p.agreement_end or today,
    )
    out.append(heading("Supplier agreements"))
    out.append(
        grid(
            ("Ends", "Party", "Agreement", "State"),
            (
                (
                    day(p.agreement_end),
                    linked(scope, links, p.id),
                    value(p.agreement),
                    state(p.agreement_end, "Expired", "Ending soon"),
                )
                for p in agreements
                if p.agreement_end is not None
            ),
        )
        if agreements
        else note("No supplier agreement ends within the period.")
    )
    plan = scope.implementation
    if plan is not None:
        out.extend(_plan_due(ctx, plan, soon, state))
    late = [o for o in scope.objectives if o.due is not None and o.due < today]
    out.append(heading("Objectives past their due date"))
    out.append(
        grid(
            ("Due", "Objective", "Target", "Owner"),
            (
                (
                    day(o.due),
                    linked(scope, links, o.id),
                    value(o.target),
                    linked(scope, links, o.owner),
                )
                for o in late
            ),
        )
        if late
        else note("No objective is past its due date.")
    )
    counts["overdue"] += len(late)
    return (*_dashboard_head(ctx, counts["overdue"], counts["soon"]), *out)


def _dashboard_head(ctx: Context, overdue: int, coming: int) -> doc.Blocks:
    """What the dashboard counts, as of which day, and (where they differ) which date is the
    version's."""
    today = ctx.today
    if overdue:
        summary = doc.inlines(
            doc.Strong(doc.inlines(f"{overdue} overdue")),
            f", {coming} more due within {REVIEW_HORIZON_DAYS} days.",
        )
    elif coming:
        summary = doc.inlines(
            f"Nothing is overdue; {coming} due within {REVIEW_HORIZON_DAYS} days."
        )
    else:
        summary = doc.inlines(f"Nothing is overdue or due within {REVIEW_HORIZON_DAYS} days.")
    head = doc.para(
        _as_of(ctx),
        "; ",
        doc.Emph(doc.inlines("due soon")),
        f" means within {REVIEW_HORIZON_DAYS} days. ",
        summary,
    )
    if ctx.as_of == "approved" or ctx.dated is None or ctx.dated == today:
        return (head,)
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
    return head, doc.para(dates)


def _as_of(ctx: Context) -> doc.Inlines:
    """Which day the dashboard is worked out for, and why that day."""
    day = when(ctx.today)
    if ctx.as_of == "approved":
        return doc.inlines(
            f"As of {day}, the day version ",
            doc.Text(ctx.release.version),
            " was approved: an approved version is worked out for that day, whenever it is built",
        )
    if ctx.as_of == "configured":
        return doc.inlines(
            f"As of {day}, the date the build is set to (the ", doc.Code("today"), " option)"
        )
    return doc.inlines(f"As of {day} (the day this draft was built)")


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
    out.append(heading("Implementation milestones"))
    out.append(
        grid(
            ("Date", "Milestone", "Kind", "State"),
            (
                (
                    day(m.date),
                    (doc.Text(m.name),),
                    doc.inlines(MILESTONE_KINDS[m.kind]),
                    state(m.date),
                )
                for m in milestones
            ),
        )
        if milestones
        else note("No open milestone falls due within the period.")
    )
    phases = sorted(
        (p for p in plan.phases if p.status != "complete" and p.end <= soon), key=lambda p: p.end
    )
    if phases:
        out.append(heading("Implementation phases ending"))
        out.append(
            grid(
                ("Ends", "Phase", "Status", "State"),
                (
                    (
                        day(p.end),
                        (doc.Text(p.name),),
                        doc.inlines(label(p.status)),
                        state(p.end, coming="Ending soon"),
                    )
                    for p in phases
                ),
            )
        )
    actions = sorted(
        (a for a in plan.post_audit if a.status == "open" and a.due is not None and a.due <= soon),
        key=lambda a: a.due or ctx.today,
    )
    out.append(heading("Actions after audits"))
    out.append(
        grid(
            ("Due", "Action", "Owner", "State"),
            (
                (day(a.due), (doc.Text(a.action),), linked(scope, links, a.owner), state(a.due))
                for a in actions
                if a.due is not None
            ),
        )
        if actions
        else note("No open action falls due within the period.")
    )
    return out
