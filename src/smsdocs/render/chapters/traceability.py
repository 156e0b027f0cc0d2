"""Clause traceability and the register of documented information (7.5.4)."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from smsdocs import standards
from smsdocs.model import (
    Process,
    Scope,
    coverage,
    label,
    labelled,
)
from smsdocs.render import doc
from smsdocs.render.chapters.build import grid, or_none, texts, value
from smsdocs.render.context import Context, macro
from smsdocs.render.doc import sentence
from smsdocs.render.links import anchored, linked
from smsdocs.words import N_, calendar_day, translator


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


def trace(
    scope: Scope, page_clauses: Mapping[str, Sequence[str]], language: str | None = None
) -> list[TraceRow]:
    """Every clause of 4 to 10, what addresses it and whether it is addressed, by the rule
    the register and the check follow (``standards.coverage``), its titles and status in
    ``language`` (a BCP 47 tag), with its dates as the language writes them; with none, in
    English with ISO 8601 dates, as the evidence pack's tables keep them."""
    say = translator(language or "en").gettext
    say_n = translator(language or "en").ngettext
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
        shown = label(decision.decision)
        other[standards.CLIMATE_DECISION_CLAUSE] = [
            say("Climate change decision ({decision}, {date})").format(
                decision=say(shown) if labelled(decision.decision) else shown,
                date=calendar_day(decision.date, language)
                if language
                else decision.date.isoformat(),
            )
        ]
    if any(s.climate for s in scope.stakeholders):
        other[standards.CLIMATE_REQUIREMENTS_CLAUSE] = [
            say("Climate requirements of interested parties")
        ]
    # A planned internal audit addresses 9.2, a planned management review 9.3.
    plan = scope.implementation
    milestones: list[str] = [m.kind for m in plan.milestones] if plan is not None else []
    for kind, clause in standards.MILESTONE_CLAUSES.items():
        n = milestones.count(kind)
        if n:
            planned = (
                say_n(
                    "{count} internal audit in the implementation plan",
                    "{count} internal audits in the implementation plan",
                    n,
                )
                if kind == "internal-audit"
                else say_n(
                    "{count} management review in the implementation plan",
                    "{count} management reviews in the implementation plan",
                    n,
                )
            )
            other.setdefault(clause, []).append(planned.format(count=n))
    declared = standards.declared(
        [*declared_by, *processes_for, *documents_for, *standards.milestone_clauses(milestones)],
        climate_decision=scope.sms.climate is not None,
        climate_requirements=any(s.climate for s in scope.stakeholders),
    )
    found = scope_coverage(scope, declared)
    sms_objectives = [o for o in scope.objectives if o.kind == "sms"]
    # The records of the scope data a clause rests on (standards.CONTENT), where they exist.
    issues, risks, objectives = len(scope.issues), len(scope.risks), len(sms_objectives)
    records = {
        "issues": say_n(
            "{count} internal or external issue", "{count} internal or external issues", issues
        ).format(count=issues),
        "risks": say_n(
            "Risk register ({count} risk)", "Risk register ({count} risks)", risks
        ).format(count=risks),
        "sms-objectives": say_n(
            "{count} service management objective",
            "{count} service management objectives",
            objectives,
        ).format(count=objectives),
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
                say("Addressed")
                if clause in declared or not below
                else say("Addressed by its subclauses")
            )
        elif below:
            status = say("Not addressed: {clauses} open").format(
                clauses=", ".join(found.open_below(clause))
            )
        else:
            lacking = found.lacking.get(clause, ())
            why = (
                [say("the scope data holds {what}").format(what=say(found.empty[clause]))]
                if clause in found.empty
                else []
            )
            if lacking:
                why.append(
                    say("no document in the register for {items}").format(
                        items="; ".join(say(items[i]) for i in lacking)
                    )
                )
            if clause not in reached:
                why.insert(0, say("no chapter, process or document declares it"))
            status = (
                say("Not addressed: {reasons}").format(reasons="; ".join(why))
                if why
                else say("Not addressed")
            )
        rows.append(
            TraceRow(
                clause,
                say(title),
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


@macro
def clause_matrix(ctx: Context) -> doc.Blocks:
    """Every clause of 4 to 10 with the pages, processes and documents that address it."""
    scope, links = ctx.scope, ctx.links
    rows = trace(scope, ctx.page_clauses, ctx.language)
    head = ctx.say("Not addressed")
    cells = []
    for r in rows:
        owners = [linked(scope, links, p.owner) for p in r.processes]
        status = (
            (doc.Text(r.status),)
            if r.addressed
            else (
                doc.Strong(doc.inlines(head)),
                doc.Text(r.status.removeprefix(head)),
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
    chapters = ctx.say("Chapters") if ctx.medium == "print" else ctx.say("Pages")
    return (
        doc.Paragraph(headline(ctx, rows)),
        grid(
            (
                ctx.say("Clause"),
                ctx.say("Title"),
                chapters,
                ctx.say("Processes"),
                ctx.say("Owners"),
                ctx.say("Documents and records"),
                ctx.say("Status"),
            ),
            cells,
        ),
    )


def headline(ctx: Context, rows: Sequence[TraceRow]) -> doc.Inlines:
    """What the matrix counts: the clauses something declares, those addressed (declared,
    with the documents and the content they rest on), and the gaps."""
    total = ctx.number(len(rows))
    declared = ctx.number(sum(r.declared for r in rows))
    addressed = sum(r.addressed for r in rows)
    gaps = sum(r.gap for r in rows)
    if addressed == len(rows):
        return doc.inlines(
            ctx.say(
                "{total} clauses and subclauses: {declared} declared by a chapter, process, "
                "document or record, and all {total} addressed with the documents and records "
                "they rest on."
            ).format(total=total, declared=declared)
        )
    template = (
        ctx.say(
            "{total} clauses and subclauses: {declared} declared by a chapter, process, "
            "document or record; {addressed} addressed with the documents and records they "
            "rest on; {not_addressed} (see the status of each below)."
        )
        if gaps
        else ctx.say(
            "{total} clauses and subclauses: {declared} declared by a chapter, process, "
            "document or record; {addressed} addressed with the documents and records they "
            "rest on; {not_addressed}."
        )
    )
    return sentence(
        template,
        total=total,
        declared=declared,
        addressed=ctx.number(addressed),
        not_addressed=doc.Strong(
            doc.inlines(ctx.say("{count} not addressed").format(count=ctx.number(gaps)))
        ),
    )


def in_reading_order(pages: Sequence[str], titles: Mapping[str, str]) -> list[str]:
    """``pages`` in the order of the navigation ``titles`` lists them in; pages it does not
    list after those, as they came."""
    order = {page: n for n, page in enumerate(titles)}
    return sorted(pages, key=lambda page: order.get(page, len(order)))


def _page_title(ctx: Context, page: str) -> str:
    """A page by its title in the navigation, or else by its file's name (the home page,
    index.md, by that name in the manual's language)."""
    if page in ctx.page_titles:
        return ctx.page_titles[page]
    stem = posixpath.splitext(page)[0]
    if stem.endswith("/index") or stem == "index":
        stem = posixpath.dirname(stem)
        if not stem:
            return ctx.say("Home")
    return stem.replace("-", " ").replace("/", " / ").capitalize()


@macro
def document_register(ctx: Context) -> doc.Blocks:
    """The register of documented information (7.5.4): each item of the list and the document
    that provides it."""
    scope, links = ctx.scope, ctx.links
    items = {key: ctx.say(title) for key, title in standards.DOCUMENTED_INFORMATION}
    asked = standards.items_asked({p.type for p in scope.parties})
    none = doc.inlines("—")
    rows: list[tuple[doc.Inlines, ...]] = []
    for key, title in items.items():
        documents = [d for d in scope.documents if d.item == key]
        if not documents and key not in asked:
            why = doc.inlines(ctx.say(_NOT_NEEDED[key]))
            rows.append(((doc.Text(title),), why, none, none, none))
            continue
        if not documents:
            rows.append(
                (
                    (doc.Text(title),),
                    (doc.Strong(doc.inlines(ctx.say("No document"))),),
                    none,
                    none,
                    none,
                )
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
                    ctx.day(d.review),
                )
            )
    missing = [k for k in asked if not any(d.item == k for d in scope.documents)]
    if not missing:
        intro = doc.para(ctx.say("Every item the standard asks this SMS to hold has a document."))
    else:
        held = sorted(
            {c for k in missing for c in standards.asking_for(k)},
            key=standards.clause_key,
        )
        intro = doc.Paragraph(
            sentence(
                ctx.say(
                    "{missing} {items}. Until each has one, the clause traceability shows "
                    "{clauses} as not addressed."
                ),
                missing=doc.Strong(
                    doc.inlines(
                        ctx.say("{count} of {total} items have no document:").format(
                            count=ctx.number(len(missing)), total=ctx.number(len(asked))
                        )
                    )
                ),
                items=texts((items[k] for k in missing), "; "),
                clauses=", ".join(held),
            )
        )
    headers = (
        ctx.say("7.5.4 item"),
        ctx.say("Document"),
        ctx.say("Owner"),
        ctx.say("Where"),
        ctx.say("Next review"),
    )
    return (intro, grid(headers, rows))


_NOT_NEEDED: Final = {
    "supplier-contracts": N_("Not needed: the scope has no external suppliers"),
    "internal-agreements": N_(
        "Not needed: the scope has no internal suppliers or customers acting as a supplier"
    ),
}
"""Why an item of ``standards.ITEM_PARTIES`` is not asked for, where the scope has none of
the parties it is about."""
