"""Pass 3 of the check, continued: the rules on the SMS's documented information (7.5).

The approval and review of the manual, the implementation plan, and the clauses of
ISO/IEC 20000-1 that the manual's pages, processes and documents address; one function per
rule, over the same ``Facts`` (``facts``) as the rules in ``rules`` and ``operation``.

Imports ``errors``, ``load``, ``model``, ``standards`` and, in this folder, ``facts`` and
``report``.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import functools
import re
import shlex
from collections.abc import Callable, Iterator
from itertools import pairwise
from typing import Final

from smsdocs import standards
from smsdocs.errors import Mark, Note, printable
from smsdocs.load import DOCS_DIR, Map, shown
from smsdocs.model import Approval, Implementation, Milestone, Phase, add_months, coverage
from smsdocs.validate.facts import Facts, Rule
from smsdocs.validate.report import Report, plural, quote_list
from smsdocs.validate.shape import SECTIONS
from smsdocs.validate.suggest import suggest

# -- approval and review ----------------------------------------------------------------------


def version_is_approved_once(facts: Facts, report: Report) -> None:
    """4.3, 7.5.3: each version of the scope has one record of its approval."""
    seen: dict[str, Approval] = {}
    for a in facts.valid("approvals"):
        if a.version in seen:
            report.add(
                facts.field_mark(a, "version"),
                "approval-duplicate",
                f"version '{a.version}' is approved twice; keep one approval per version (7.5.3)",
                notes=(Note(facts.field_mark(seen[a.version], "version"), "first approved here"),),
            )
        else:
            seen[a.version] = a


def approval_is_not_in_the_future(facts: Facts, report: Report) -> None:
    """7.5.2: an approval is dated no later than the day of the check."""
    for a in facts.valid("approvals"):
        if a.date > facts.today:
            report.add(
                facts.field_mark(a, "date"),
                "date-future",
                f"approval '{a.version}' is dated {a.date}, after today ({facts.today}); "
                "correct the date",
                "warning",
            )


def scope_is_approved(facts: Facts, report: Report) -> None:
    """4.3: management approves the scope, so the scope records at least one approval."""
    if facts.valid("document") and not facts.sections.entries["approvals"]:
        report.add(
            facts.sections.keys["document"].mark,
            "approval-missing",
            "the scope has no approvals; record management's approval of a version under "
            "'approvals:' (4.3 asks for the scope to be approved)",
            "warning",
        )


PLAIN_TAG: Final = re.compile(r"[A-Za-z0-9._-]+")
"""A release tag name that is safe wherever it is printed: in a command, a file name, a line."""


def approval_is_tagged(facts: Facts, report: Report) -> None:
    """4.3, 7.5.3: an approved version is released as an annotated git tag of that name, so
    the manual can show which commit management approved (checked where git can tell)."""
    releases = facts.releases
    if releases is None:
        return
    for a in facts.valid("approvals"):
        version = a.version
        if version in releases.tags:
            continue
        # The version is data: quoted as one word for the shell (plain names stay as they are).
        said = f"{version}: approved on {a.date}"
        plain = PLAIN_TAG.fullmatch(version) is not None
        name, note = shlex.quote(version), f'"{said}"' if plain else shlex.quote(said)
        fix = f"git tag -a {name} <commit> -m {note}"
        if not fnmatch.fnmatchcase(version, releases.pattern):
            message = (
                f"version '{version}' is approved, but release tags match "
                f"'{releases.pattern}', so a tag '{version}' would not be read as a release; "
                "name the version as the release tags are named, or change release_pattern "
                "in mkdocs.yml"
            )
        elif version in releases.lightweight:
            message = (
                f"version '{version}' is approved, but its tag is a lightweight tag, which "
                "records no tagger or date; make it an annotated tag: "
                f"git tag -a -f {name} {name} -m {note}"
            )
        elif releases.shallow:
            continue  # a shallow clone may lack the tag; the build says the clone is shallow
        else:
            message = (
                f"version '{version}' is approved, but the repository has no release tag "
                f"'{version}'; tag the commit management approved: {fix}"
            )
        report.add(facts.field_mark(a, "version"), "approval-untagged", message, "warning")


def release_records_nothing_later(facts: Facts, report: Report) -> None:
    """7.5.3: an approved version is the scope as management approved it, so a release holds
    nothing that happened after its own approval: no approval of another version, exclusion,
    communication or acknowledgement, climate decision, baseline assessment or milestone done
    dated later. Dates that plan or bound (reviews, dues, agreement terms, phases, open
    milestones) may lie ahead. Checked where git can tell the checked files are a release."""
    releases = facts.releases
    own = next(
        (
            a
            for a in facts.valid("approvals")
            if releases is not None and a.version == releases.current
        ),
        None,
    )
    if own is None:
        return
    for mark, day, what in _recorded_events(facts):
        if day > own.date:
            report.add(
                mark,
                "release-dated-later",
                f"release {own.version}, approved on {own.date}, records {what} on {day}, "
                "after its approval; a release holds only what was so when it was approved: "
                "record it in a later version, or correct the date (7.5.3)",
                "warning",
            )


def _recorded_events(facts: Facts) -> Iterator[tuple[Mark, dt.date, str]]:
    """The dates that record something done or decided: where each is, the day, and what."""
    for a in facts.valid("approvals"):
        yield facts.field_mark(a, "date"), a.date, f"the approval of version '{a.version}'"
    for e in facts.valid("exclusions"):
        yield facts.field_mark(e, "date"), e.date, f"the approval of exclusion '{e.id}'"
    for c in facts.valid("communications"):
        yield facts.field_mark(c, "date"), c.date, f"communication '{c.id}'"
        for k in c.acknowledgements:
            yield facts.field_mark(k, "date"), k.date, f"an acknowledgement of '{c.id}'"
    for sms in facts.valid("sms"):
        if sms.climate is not None:
            yield (
                _date_of(facts, sms, "climate"),
                sms.climate.date,
                "the decision on climate change",
            )
    for plan in facts.valid("implementation"):
        if plan.baseline is not None:
            yield _date_of(facts, plan, "baseline"), plan.baseline.date, "the baseline assessment"
        for m in plan.milestones:
            if m.status == "done":
                yield facts.field_mark(m, "date"), m.date, f"milestone '{m.id}' done"


def _date_of(facts: Facts, owner: object, key: str) -> Mark:
    """Where the date of the mapping under ``key`` of an entry is written."""
    node = facts.node(owner).entries[key][1]
    if isinstance(node, Map) and "date" in node.entries:
        return node.entries["date"][1].mark
    return node.mark  # pragma: no cover - a sound entry has its date


def release_tag_is_plain(facts: Facts, report: Report) -> None:
    """7.5.3: a release is identified by its tag's name, which the manual, the audit pack's
    file names and the commands given to auditors print; a name of letters, digits, '.', '_'
    and '-' is the same everywhere and can never be read as a command. Warns for each
    approved version and each release tag whose name is not plain."""
    approvals = {a.version: a for a in facts.valid("approvals")}
    names = set(approvals) | (set(facts.releases.tags) if facts.releases else set())
    where = facts.sections.keys.get("approvals") or facts.sections.keys.get("document")
    for name in sorted(names):
        if PLAIN_TAG.fullmatch(name):
            continue
        approval = approvals.get(name)
        if approval is not None:
            mark = facts.field_mark(approval, "version")
        elif where is not None:
            mark = where.mark
        else:
            continue
        report.add(
            mark,
            "release-tag-name",
            f"release {'version' if approval else 'tag'} {printable(repr(name))} is not a plain "
            "name: the manual, the audit pack and the commands given to auditors print it, "
            "where only letters, digits, '.', '_' and '-' are safe; name the release with "
            "those (git tag -a NEW OLD^{} -m ..., then git tag -d OLD) and record the "
            "approval under that name",
            "warning",
        )


def manual_is_reviewed_in_time(facts: Facts, report: Report) -> None:
    """7.5.2: the manual is reviewed by its 'next_review' date, or 'review_months' after the
    latest approval."""
    documents = facts.valid("document")
    if not documents:
        return
    doc = documents[0]
    latest = max(facts.valid("approvals"), key=lambda a: a.date, default=None)
    if doc.next_review is not None:
        due, basis = doc.next_review, "its 'next_review' date"
        mark = facts.field_mark(doc, "next_review")
    elif latest is not None:
        mark = facts.field_mark(latest, "date")
        try:
            due = add_months(latest.date, doc.review_months)
        except ValueError:
            report.add(
                mark,
                "date-invalid",
                f"approval '{latest.version}' is dated {latest.date}, so the review "
                f"{doc.review_months} months later falls after the year 9999; "
                "correct the date",
            )
            return
        basis = f"{doc.review_months} months after approval '{latest.version}'"
    else:
        return
    if due < facts.today:
        report.add(
            mark,
            "review-overdue",
            f"the manual was due for review on {due} ({basis}); review the scope and "
            "record the new approval",
            "warning",
        )


# -- the implementation plan (6.3; guidance in ISO/IEC TS 20000-5) ----------------------------


def _plan_rule(check: Callable[[Facts, Report, Implementation], None]) -> Rule:
    """A rule on the implementation plan, run only when the scope has one."""

    @functools.wraps(check)
    def rule(facts: Facts, report: Report) -> None:
        plans = facts.valid("implementation")
        if plans:
            check(facts, report, plans[0])

    return rule


@_plan_rule
def plan_ids_are_unique(facts: Facts, report: Report, plan: Implementation) -> None:
    """6.3: the phases and milestones of the plan each have their own id."""
    seen: dict[str, Phase | Milestone] = {}
    items: tuple[Phase | Milestone, ...] = (*plan.phases, *plan.milestones)
    for item in items:
        if item.id in seen:
            report.add(
                facts.field_mark(item, "id"),
                "id-duplicate",
                f"the implementation plan uses id '{item.id}' twice; rename one",
                notes=(Note(facts.field_mark(seen[item.id], "id"), "first used here"),),
            )
        seen.setdefault(item.id, item)


@_plan_rule
def phase_ends_after_it_starts(facts: Facts, report: Report, plan: Implementation) -> None:
    """6.3: a phase of the plan ends no earlier than it starts."""
    for phase in plan.phases:
        if phase.end < phase.start:
            report.add(
                facts.field_mark(phase, "end"),
                "date-order",
                f"phase '{phase.id}' ends on {phase.end}, before it starts on {phase.start}",
            )


@_plan_rule
def phases_are_in_order(facts: Facts, report: Report, plan: Implementation) -> None:
    """6.3: the phases are listed in the order they start."""
    for previous, phase in pairwise(plan.phases):
        if phase.start < previous.start:
            report.add(
                facts.field_mark(phase, "start"),
                "date-order",
                f"phase '{phase.id}' starts on {phase.start}, before phase '{previous.id}' "
                f"({previous.start}); list the phases in the order they happen",
            )


@_plan_rule
def phase_has_a_level(facts: Facts, report: Report, plan: Implementation) -> None:
    """ISO/IEC TS 20000-5: with the three-levels approach, each phase reaches a level."""
    if plan.approach != "three-levels":
        return
    for phase in plan.phases:
        if phase.level is None:
            report.add(
                facts.node(phase).mark,
                "field-missing",
                f"phase '{phase.id}' has no 'level'; with the three-levels approach each "
                "phase takes the whole SMS to level 1, 2 or 3",
            )


@_plan_rule
def maturity_target_is_not_below_baseline(
    facts: Facts, report: Report, plan: Implementation
) -> None:
    """ISO/IEC TS 20000-5: a process's target maturity is at least its baseline."""
    for m in plan.maturity:
        if m.target < m.baseline:
            report.add(
                facts.field_mark(m, "target"),
                "value-range",
                f"process '{m.process}' has a target maturity of {m.target}, below its "
                f"baseline of {m.baseline}; the target is at least the baseline",
            )


@_plan_rule
def every_process_is_in_a_phase(facts: Facts, report: Report, plan: Implementation) -> None:
    """ISO/IEC TS 20000-5: with the process-subsets approach, every process is in a phase."""
    if plan.approach != "process-subsets" or not plan.phases:
        return
    phased = {p for phase in plan.phases for p in phase.processes}
    missing = [p.id for p in facts.valid("processes") if p.id not in phased]
    if missing:
        report.add(
            facts.sections.keys["implementation"].mark,
            "plan-incomplete",
            f"with the process-subsets approach every process belongs to a phase; "
            f"{plural(len(missing), 'process')} {quote_list(missing)} "
            f"{'is' if len(missing) == 1 else 'are'} in none (good practice from "
            "ISO/IEC TS 20000-5, not a requirement of ISO/IEC 20000-1)",
            "warning",
        )


@_plan_rule
def milestone_is_within_the_plan(facts: Facts, report: Report, plan: Implementation) -> None:
    """6.3: each milestone falls between the start of the first phase and the end of the last."""
    if not plan.phases:
        return
    first = min(p.start for p in plan.phases)
    last = max(p.end for p in plan.phases)
    for m in plan.milestones:
        if not first <= m.date <= last:
            report.add(
                facts.field_mark(m, "date"),
                "milestone-outside",
                f"milestone '{m.id}' on {m.date} is outside the plan, which runs from "
                f"{first} to {last}; move it or extend a phase (good practice: a plan holds "
                "its milestones)",
                "warning",
            )


@_plan_rule
def milestones_are_in_order(facts: Facts, report: Report, plan: Implementation) -> None:
    """9.2, 9.3: an internal audit and a management review come before the stage 1 audit,
    and stage 1 before stage 2."""
    by_kind: dict[str, list[Milestone]] = {}
    for m in plan.milestones:
        by_kind.setdefault(m.kind, []).append(m)
    for before, after, why in (
        ("internal-audit", "stage-1", "an internal audit (9.2) comes before the stage 1 audit"),
        (
            "management-review",
            "stage-1",
            "a management review (9.3) comes before the stage 1 audit",
        ),
        ("stage-1", "stage-2", "the stage 1 audit comes before stage 2"),
    ):
        for later in by_kind.get(after, []):
            earlier = [m for m in by_kind.get(before, []) if m.date < later.date]
            if not earlier:
                report.add(
                    facts.field_mark(later, "date"),
                    "milestone-order",
                    f"milestone '{later.id}' ({after}) on {later.date} has no {before} "
                    f"milestone before it; {why} (certification practice: ISO/IEC 20000-1 "
                    "asks for audits and reviews at planned intervals, 9.2 and 9.3)",
                    "warning",
                )


# -- the clauses the manual addresses ---------------------------------------------------------
# Checked only when the project has its docs/ pages: without them no clause is addressed.


def page_clause_is_a_clause(facts: Facts, report: Report) -> None:
    """4 to 10: the clauses a page declares in its front matter are clauses of the standard."""
    for page in facts.pages or ():
        for node in page.clauses:
            number = node.value.strip()
            if number not in standards.CLAUSES:
                report.add(
                    node,
                    "value-invalid",
                    f"'{number}' is not a clause of ISO/IEC 20000-1:2018; use a number from "
                    'clauses 4 to 10 such as "8.2.4"',
                )


def page_requires_a_section(facts: Facts, report: Report) -> None:
    """A page's 'requires' names sections of the scope data, which decide whether it is shown."""
    for page in facts.pages or ():
        for node in page.requires:
            name = node.value.strip()
            if name not in SECTIONS:
                report.add(
                    node,
                    "value-invalid",
                    f"'{name}' is not a section of the scope data{suggest(name, SECTIONS)}; "
                    "'requires' names the sections a page rests on, such as implementation",
                )


def document_clause_is_a_clause(facts: Facts, report: Report) -> None:
    """7.5.4: the clauses a document of the register names are clauses of the standard."""
    if facts.pages is None:
        return
    for document in facts.valid("documents"):
        for index, number in enumerate(document.clauses):
            if number not in standards.CLAUSES:
                report.add(
                    facts.field_mark(document, "clauses", index),
                    "value-invalid",
                    f"document '{document.id}' names '{number}', which is not a clause of "
                    "ISO/IEC 20000-1:2018",
                )


def every_clause_is_addressed(facts: Facts, report: Report) -> None:
    """4 to 10, 7.5.4: every clause is addressed by a page, a process or a document of the
    register, with the content it rests on, and the register holds each item of 7.5.4's list
    that a clause asks for: the rule the traceability matrix and the register show
    (``standards.coverage``)."""
    if facts.pages is None:
        return
    present = facts.present()
    declared = standards.declared(
        [
            *(
                node.value.strip()
                for page in facts.pages
                if shown(page, present)
                for node in page.clauses
            ),
            *(number for p in facts.valid("processes") for number in p.covers),
            *(number for document in facts.valid("documents") for number in document.clauses),
            *standards.milestone_clauses(
                m.kind for plan in facts.valid("implementation") for m in plan.milestones
            ),
        ],
        climate_decision=any(sms.climate is not None for sms in facts.valid("sms")),
        climate_requirements=any(s.climate for s in facts.valid("stakeholders")),
    )
    provided = {d.item for d in facts.valid("documents")}
    found = coverage(
        declared,
        documents=facts.valid("documents"),
        issues=facts.valid("issues"),
        risks=facts.valid("risks"),
        objectives=facts.valid("objectives"),
        parties=facts.valid("parties"),
    )
    missing: dict[str, list[str]] = {}
    for clause in standards.leaves():
        if clause not in found.reached:
            missing.setdefault(clause.split(".")[0], []).append(clause)
    for chapter, clauses in missing.items():
        listed = ", ".join(f"{c} {standards.CLAUSES[c]}" for c in clauses)
        report.add(
            Mark(f"{DOCS_DIR}/"),
            "clause-uncovered",
            f"clause {chapter} ({standards.CLAUSES[chapter]}): {listed} "
            f"{'is' if len(clauses) == 1 else 'are'} addressed by no page, process or "
            "document; declare each in the front matter of the page that covers it "
            "(clauses: [...]) or in the 'clauses' of a document in the register",
            "warning",
        )
    for clause, why in found.empty.items():
        section = standards.CONTENT[clause][0]
        key = facts.sections.keys.get(
            "objectives" if section == "sms-objectives" else section
        ) or facts.sections.keys.get("sms")
        report.add(
            key.mark if key is not None else Mark(f"{DOCS_DIR}/"),
            "clause-uncovered",
            f"clause {clause} ({standards.CLAUSES[clause]}) is not addressed: the scope data "
            f"holds {why}; {_CONTENT_FIX[section]}",
            "warning",
        )
    key = facts.sections.keys.get("documents")
    titles = dict(standards.DOCUMENTED_INFORMATION)
    for item in found.asked:
        if item in provided:
            continue
        held = standards.asking_for(item)
        report.add(
            key.mark if key is not None else Mark(f"{DOCS_DIR}/"),
            "clause-uncovered",
            f"the register of documented information has no document for '{titles[item]}' "
            f"(7.5.4), so {', '.join(sorted(held, key=standards.clause_key))} "
            f"{'is' if len(held) == 1 else 'are'} not addressed; add a document with "
            f"'item: {item}' under 'documents:'",
            "warning",
        )


_CONTENT_FIX: Final = {
    "issues": "list the internal and external issues relevant to the SMS under 'issues:' "
    "(id, kind, title)",
    "risks": "record the risks to the services in scope under 'risks:'",
    "sms-objectives": "set measurable service management objectives under 'objectives:' "
    "with 'kind: sms'",
}
"""How to give a clause of ``standards.CONTENT`` the content it rests on, by kind."""
