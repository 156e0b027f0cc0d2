"""Turn loaded YAML nodes into a ``Scope``, collecting every finding before failing once.

Three passes, each reporting everything it finds:

1. shape: sections, known keys, types, required fields, enums, ranges, dates, id syntax
   (driven by the field specs in ``schema``, so the contract lives in ``model`` alone);
2. references: every id resolves, to an entry of the right kind and party type;
3. rules: the ISO/IEC 20000-1 rules on exclusions, parties, processes, the scope statement and
   document control.

Passes 2 and 3 run only when every file could be parsed, so a syntax error in one file is not
followed by a cascade of misleading reference errors from the others.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from smsdocs import standards
from smsdocs.errors import Finding, Mark, Note, ScopeError, Severity
from smsdocs.load import (
    DOCS_DIR,
    Map,
    Node,
    PageClauses,
    Seq,
    Source,
    gc_paused,
    load_project,
    page_clauses,
)
from smsdocs.model import (
    Exclusion,
    Scope,
    Service,
    add_months,
    excluded_ids,
    services_in_scope,
)
from smsdocs.validate.refs import Registry, check_refs, register_ids
from smsdocs.validate.report import Report, plural
from smsdocs.validate.shape import (
    SECTIONS,
    Sections,
    read_sections,
    require_sections,
)
from smsdocs.validate.suggest import suggest

_PLACEHOLDERS: Final = frozenset(
    {"n/a", "na", "none", "tbd", "tbc", "todo", "to do", "-", "?", "see above", "not applicable"}
)
MIN_RATIONALE_WORDS: Final = 6


__all__ = ["SECTIONS", "Checked", "check", "load_scope", "suggest", "validate"]


@dataclass(frozen=True, slots=True)
class Checked:
    """The outcome of checking a project: the scope when it has no errors, and every finding."""

    scope: Scope | None
    findings: tuple[Finding, ...]
    files: tuple[str, ...]

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == "warning")

    def failed(self, *, strict: bool = False) -> bool:
        """Errors always fail; warnings fail only in strict mode."""
        return self.errors > 0 or (strict and self.warnings > 0)


def check(root: Path, *, today: dt.date | None = None) -> Checked:
    """Load and validate the scope of the project at ``root``."""
    # One pause for the whole check: collections between files or phases would re-scan
    # every node built so far.
    with gc_paused():
        source = load_project(root)
        pages = page_clauses(root, source.findings) if (root / DOCS_DIR).is_dir() else None
        return validate(source, today=today, pages=pages)


def load_scope(root: Path, *, today: dt.date | None = None) -> tuple[Scope, tuple[Finding, ...]]:
    """The validated scope and its warnings; raises ``ScopeError`` with every finding on errors."""
    checked = check(root, today=today)
    if checked.scope is None:
        raise ScopeError(checked.findings)
    return checked.scope, checked.findings


def validate(
    source: Source, *, today: dt.date | None = None, pages: list[PageClauses] | None = None
) -> Checked:
    """Validate loaded scope data; ``today`` fixes the date for review checks.

    ``pages`` are the clauses the manual's chapters declare; with them, clauses that no page,
    process or document addresses are reported.
    """
    v = _Validator(source, today or dt.date.today(), pages)
    with gc_paused():  # the model objects, like the nodes, form no reference cycles
        v.run()
    findings = tuple(sorted(v.findings, key=Finding.sort_key))
    return Checked(v.scope, findings, tuple(source.files))


# --------------------------------------------------------------------------------------------


def _quote_list(items: Sequence[str], limit: int = 6) -> str:
    shown = ", ".join(f"'{i}'" for i in items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


class _Validator:
    def __init__(self, source: Source, today: dt.date, pages: list[PageClauses] | None) -> None:
        self.pages = pages
        self.source = source
        self.today = today
        self.out = Report(source.findings)
        self.findings = self.out.findings
        self.sections = Sections()
        self.entries = self.sections.entries
        self.section_keys = self.sections.keys
        self.registry = Registry()
        self.scope: Scope | None = None
        self._nodes: dict[int, Map] = {}

    # -- reporting ---------------------------------------------------------------------------

    def report(
        self,
        where: Mark | Node,
        code: str,
        message: str,
        severity: Severity = "error",
        notes: tuple[Note, ...] = (),
    ) -> None:
        self.out.add(where, code, message, severity, notes)

    # -- pass 1: shape -----------------------------------------------------------------------

    def run(self) -> None:
        self.sections = read_sections(self.source.pieces, self.out)
        self.entries = self.sections.entries
        self.section_keys = self.sections.keys
        # A file that did not parse, or a misspelt section, hides entries other files name:
        # checking references now would bury the real problem under misleading ones.
        if not self.source.complete or self.sections.unknown:
            return
        require_sections(self.sections, self.out)
        self.registry = register_ids(self.sections, self.out)
        check_refs(self.sections, self.registry, self.out)
        self.rules()
        if not self.out.has_errors():
            self.scope = self.build()

    # -- pass 3: ISO/IEC 20000-1 rules -----------------------------------------------------------

    def valid(self, section: str) -> list[Any]:
        return [e.obj for e in self.entries[section] if e.obj is not None]

    def field_mark(self, obj: Any, name: str, index: int | None = None) -> Mark:
        node = self._nodes[id(obj)]
        if name not in node.entries:
            return node.mark
        value = node.entries[name][1]
        if index is not None and isinstance(value, Seq) and index < len(value.items):
            return value.items[index].mark
        return value.mark

    def rules(self) -> None:
        self._nodes = {
            id(e.obj): e.node for entries in self.entries.values() for e in entries if e.obj
        }
        self._nodes.update((id(obj), node) for obj, node in self.sections.nested)
        self.rule_exclusions()
        self.rule_services()
        self.rule_other_parties()
        self.rule_processes()
        self.rule_objectives()
        self.rule_statement()
        self.rule_document_control()
        self.rule_implementation()
        self.rule_clauses()

    def rule_exclusions(self) -> None:
        in_scope = self.in_scope_services()
        first_seen: dict[tuple[str, str], Exclusion] = {}
        customers_excluded = excluded_ids(self.valid("exclusions"), "customer")
        for exc in self.valid("exclusions"):
            target_mark = self.field_mark(exc, "target")
            words = re.findall(r"[A-Za-z]{2,}", exc.rationale)
            if exc.rationale.strip().lower() in _PLACEHOLDERS or len(words) < MIN_RATIONALE_WORDS:
                self.report(
                    self.field_mark(exc, "rationale"),
                    "exclusion-rationale",
                    f"exclusion '{exc.id}' gives '{exc.rationale.strip()}' as its rationale; "
                    f"explain in a full sentence why the {exc.kind} is outside the SMS, "
                    "so an auditor can assess it",
                )
            key = (exc.kind, exc.target)
            if key in first_seen:
                self.report(
                    target_mark,
                    "exclusion-duplicate",
                    f"{exc.kind} '{exc.target}' is already excluded by '{first_seen[key].id}'; "
                    "keep one exclusion",
                    "warning",
                    (Note(self.field_mark(first_seen[key], "target"), "first excluded here"),),
                )
                continue
            first_seen[key] = exc
            self.exclusion_impact(exc, target_mark, in_scope, customers_excluded)

    def exclusion_impact(
        self,
        exc: Exclusion,
        mark: Mark,
        in_scope: Sequence[Service],
        customers_excluded: AbstractSet[str],
    ) -> None:
        target = exc.target
        reg = self.registry.get(target)
        provided = reg is not None and getattr(reg.entry.obj, "provided_by", None)
        broken: list[tuple[Service, str, int]] = []  # service, field, index
        stranded: list[str] = []
        if exc.kind == "unit":
            for s in in_scope:
                if target in s.units:
                    broken.append((s, "units", s.units.index(target)))
                    if all(u == target for u in s.units):
                        stranded.append(s.id)
        elif exc.kind == "location" and not provided:
            broken = [
                (s, "locations", s.locations.index(target))
                for s in in_scope
                if target in s.locations
            ]
        elif exc.kind == "component" and not provided:
            broken = [
                (s, "components", s.components.index(target))
                for s in in_scope
                if target in s.components
            ]
        elif exc.kind == "service":
            broken = [
                (s, "depends_on", s.depends_on.index(target))
                for s in in_scope
                if target in s.depends_on
            ]
        elif exc.kind == "customer":
            broken = [
                (s, "customers", s.customers.index(target))
                for s in in_scope
                if s.customers
                and all(c in customers_excluded for c in s.customers)
                and target in s.customers
            ]
        if not broken:
            return
        names = [s.id for s, _, _ in broken]
        services = f"{plural(len(names), 'service')} {_quote_list(names)}"
        one = len(names) == 1
        are = "is" if one else "are"
        those, them, their = (
            ("that service", "it", "its") if one else ("those services", "them", "their")
        )
        if exc.kind == "unit":
            message = f"excluding unit '{target}' leaves in-scope {services} "
            message += (
                "without a provider"
                if len(stranded) == len(names)
                else f"depending on it ({_quote_list(stranded)} without any other unit)"
                if stranded
                else "depending on it"
            )
            fix = f"assign another unit to {those} or exclude {them} too"
        elif exc.kind == "location":
            message = f"excluding location '{target}' removes a location that in-scope {services} {are} delivered from"
            fix = f"remove the location from {those}, or record the party that provides it in 'provided_by'"
        elif exc.kind == "component":
            message = f"excluding component '{target}' removes a component that in-scope {services} {are} built from"
            fix = f"remove it from {those}, or record the supplier in 'provided_by' so it is controlled as a supplied component"
        elif exc.kind == "service":
            message = f"excluding service '{target}' breaks in-scope {services} that {'depends' if are == 'is' else 'depend'} on it"
            fix = f"remove it from {their} 'depends_on' or exclude {them} too"
        else:
            message = f"excluding customer '{target}' leaves in-scope {services} with no in-scope customer"
            fix = f"exclude {those} too, or give {them} a customer that is in scope"
        notes = tuple(
            Note(self.field_mark(s, f, i), f"service '{s.id}' uses it here") for s, f, i in broken
        )
        self.report(mark, "exclusion-impact", f"{message}; {fix}", notes=notes)

    def in_scope_services(self) -> tuple[Service, ...]:
        return services_in_scope(self.valid("services"), self.valid("exclusions"))

    def rule_services(self) -> None:
        for s in self.in_scope_services():
            node = self._nodes[id(s)]
            missing = [
                (field_name, text)
                for field_name, text, present in (
                    ("owner", "an owner ('owner:' with a stakeholder id)", s.owner),
                    (
                        "customers",
                        "a customer ('customers:' with a customer party id)",
                        s.customers,
                    ),
                    ("units", "a providing unit ('units:' with a unit id)", s.units),
                )
                if not present
            ]
            for field_name, text in missing:
                where = (
                    node.entries[field_name][0].mark if field_name in node.entries else node.mark
                )
                self.report(
                    where,
                    "service-incomplete",
                    f"service '{s.id}' is in scope but has no {field_name.rstrip('s')}; "
                    f"add {text}, or exclude the service",
                )

    def rule_other_parties(self) -> None:
        """8.2.3: other parties may operate parts, never all; the suppliers used need agreements."""
        services = self.in_scope_services()
        excluded_components = excluded_ids(self.valid("exclusions"), "component")
        components_by_id = {c.id: c for c in self.valid("components")}
        locations_by_id = {loc.id: loc for loc in self.valid("locations")}
        processes = self.valid("processes")
        used_components = [
            components_by_id[c]
            for c in dict.fromkeys(c for s in services for c in s.components)
            if c in components_by_id and c not in excluded_components
        ]
        for things, what, attr, section in (
            (services, "service", "operated_by", "services"),
            (used_components, "component", "provided_by", "components"),
            (processes, "process", "operated_by", "processes"),
        ):
            # section doubles as the plural: services, components, processes
            if things and all(getattr(t, attr) for t in things):
                self.report(
                    self.section_keys[section].mark,
                    "parties-operate-all",
                    f"every in-scope {what} has '{attr}' set, so other parties would run all of "
                    f"them; 8.2.3 lets other parties operate some {section}, never all, "
                    f"so the organisation must operate at least one itself",
                )
        # Which supplier parties the in-scope scope depends on, and through what.
        uses: dict[str, list[str]] = {}
        for s in services:
            for p in s.suppliers:
                uses.setdefault(p, []).append(f"service '{s.id}'")
            if s.operated_by:
                uses.setdefault(s.operated_by, []).append(f"service '{s.id}'")
            for loc_id in s.locations:
                loc = locations_by_id.get(loc_id)
                if loc is not None and loc.provided_by:
                    uses.setdefault(loc.provided_by, []).append(f"location '{loc.id}'")
        for c in used_components:
            if c.provided_by:
                uses.setdefault(c.provided_by, []).append(f"component '{c.id}'")
        for p in processes:
            if p.operated_by:
                uses.setdefault(p.operated_by, []).append(f"process '{p.id}'")
        for party in self.valid("parties"):
            used_by = list(dict.fromkeys(uses.get(party.id, [])))
            if not used_by or party.type == "customer":
                continue
            node = self._nodes[id(party)]
            via = ", ".join(used_by[:3]) + (
                f" and {len(used_by) - 3} more" if len(used_by) > 3 else ""
            )
            if not party.agreement:
                self.report(
                    node.entries["id"][1].mark,
                    "agreement-missing",
                    f"supplier '{party.id}' supports the scope (through {via}) but has no "
                    f"'agreement'; add the reference of its contract or agreement "
                    f"({'8.3.4.1' if party.type == 'external-supplier' else '8.3.4.2'})",
                )
            if not party.controls:
                self.report(
                    node.entries["id"][1].mark,
                    "party-uncontrolled",
                    f"supplier '{party.id}' supports the scope (through {via}) but lists no "
                    "'controls'; record how the organisation controls it (8.2.3)",
                    "warning",
                )

    def rule_processes(self) -> None:
        processes = self.valid("processes")
        covered: set[str] = set()
        for p in processes:
            parent = standards.process_clause_of(p.clause)
            if parent is None:
                known = standards.CLAUSES.get(p.clause)
                what = (
                    f"clause {p.clause} ({known})" if known else f"'{p.clause}' is not a clause and"
                )
                self.report(
                    self.field_mark(p, "clause"),
                    "value-invalid",
                    f"process '{p.id}': {what} is not one of the clause 8 processes; use one of "
                    f'{", ".join(standards.PROCESS_CLAUSES)} (quote it: "8.6.1")',
                )
                continue
            covered.add(parent)
        where = (
            self.section_keys["processes"].mark
            if "processes" in self.section_keys
            else Mark("scope/")
        )
        for clause in standards.PROCESS_CLAUSES:
            if clause not in covered:
                self.report(
                    where,
                    "process-missing",
                    f"no process implements clause {clause} {standards.CLAUSES[clause]}; add one "
                    "to 'processes' with an owner (clause 8 processes cannot be excluded)",
                )

    def rule_objectives(self) -> None:
        objectives = self.valid("objectives")
        kinds = {o.id: o.kind for o in objectives}
        for o in objectives:
            if o.kind != "sms":
                continue
            missing = [n for n in ("metric", "target") if not getattr(o, n)]
            if missing:
                self.report(
                    self._nodes[id(o)].mark,
                    "objective-unmeasurable",
                    f"SMS objective '{o.id}' has no {' or '.join(missing)}; "
                    "add how it is measured and the value to reach (6.2)",
                    "warning",
                )
            if not o.supports:
                self.report(
                    self._nodes[id(o)].mark,
                    "objective-unaligned",
                    f"SMS objective '{o.id}' supports no business objective; "
                    "list the business objectives it serves in 'supports'",
                    "warning",
                )
            for i, target in enumerate(o.supports):
                if kinds.get(target) == "sms":
                    self.report(
                        self.field_mark(o, "supports", i),
                        "ref-kind",
                        f"objective '{o.id}' supports '{target}', an SMS objective; "
                        "'supports' names business objectives",
                    )

    def rule_statement(self) -> None:
        sms = self.valid("sms")
        if not sms:
            return
        statement: str = sms[0].statement
        mark = self.field_mark(sms[0], "statement")
        lowered = statement.lower()
        excluded = excluded_ids(self.valid("exclusions"), "service")
        in_scope = self.in_scope_services()
        for s in self.valid("services"):
            if s.id in excluded and _names(lowered, s):
                self.report(
                    mark,
                    "statement-out-of-scope",
                    f"the scope statement names service '{s.name}', which is excluded; "
                    "remove it from the statement or withdraw the exclusion",
                    "warning",
                )
        if re.search(
            r"\bservice catalogue\b|\bcatalogue of services\b|\bservice catalog\b", lowered
        ):
            return
        unnamed = [s.name for s in in_scope if not _names(lowered, s)]
        if unnamed:
            self.report(
                mark,
                "statement-incomplete",
                f"the scope statement neither refers to the service catalogue nor names "
                f"{plural(len(unnamed), 'service')} {_quote_list(unnamed)}; name them or say "
                "that the scope covers the services in the service catalogue",
                "warning",
            )

    def rule_document_control(self) -> None:
        approvals = self.valid("approvals")
        seen: dict[str, Any] = {}
        for a in approvals:
            if a.version in seen:
                self.report(
                    self.field_mark(a, "version"),
                    "approval-duplicate",
                    f"version '{a.version}' is approved twice; keep one approval per version",
                    notes=(
                        Note(self.field_mark(seen[a.version], "version"), "first approved here"),
                    ),
                )
            else:
                seen[a.version] = a
            if a.date > self.today:
                self.report(
                    self.field_mark(a, "date"),
                    "date-future",
                    f"approval '{a.version}' is dated {a.date}, after today ({self.today}); "
                    "correct the date",
                    "warning",
                )
        documents = self.valid("document")
        if not documents:
            return
        doc = documents[0]
        latest = max(approvals, key=lambda a: a.date, default=None)
        if not self.entries["approvals"]:
            self.report(
                self.section_keys["document"].mark,
                "approval-missing",
                "the scope has no approvals; record management's approval of a version under "
                "'approvals:' (4.3 asks for the scope to be approved)",
                "warning",
            )
        if doc.next_review is not None:
            due, basis = doc.next_review, "its 'next_review' date"
            mark = self.field_mark(doc, "next_review")
        elif latest is not None:
            mark = self.field_mark(latest, "date")
            try:
                due = add_months(latest.date, doc.review_months)
            except ValueError:
                self.report(
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
        if due < self.today:
            self.report(
                mark,
                "review-overdue",
                f"the manual was due for review on {due} ({basis}); review the scope and "
                "record the new approval",
                "warning",
            )

    def rule_implementation(self) -> None:
        """The plan's dates, maturity targets, process coverage and milestone order."""
        plans = self.valid("implementation")
        if not plans:
            return
        plan = plans[0]
        seen: dict[str, Any] = {}
        for item in (*plan.phases, *plan.milestones):
            if item.id in seen:
                self.report(
                    self.field_mark(item, "id"),
                    "id-duplicate",
                    f"the implementation plan uses id '{item.id}' twice; rename one",
                    notes=(Note(self.field_mark(seen[item.id], "id"), "first used here"),),
                )
            seen.setdefault(item.id, item)
        previous = None
        for phase in plan.phases:
            if phase.end < phase.start:
                self.report(
                    self.field_mark(phase, "end"),
                    "date-order",
                    f"phase '{phase.id}' ends on {phase.end}, before it starts on {phase.start}",
                )
            if previous is not None and phase.start < previous.start:
                self.report(
                    self.field_mark(phase, "start"),
                    "date-order",
                    f"phase '{phase.id}' starts on {phase.start}, before phase '{previous.id}' "
                    f"({previous.start}); list the phases in the order they happen",
                )
            previous = phase
            if plan.approach == "three-levels" and phase.level is None:
                self.report(
                    self._nodes[id(phase)].mark,
                    "field-missing",
                    f"phase '{phase.id}' has no 'level'; with the three-levels approach each "
                    "phase takes the whole SMS to level 1, 2 or 3",
                )
        for m in plan.maturity:
            if m.target < m.baseline:
                self.report(
                    self.field_mark(m, "target"),
                    "value-range",
                    f"process '{m.process}' has a target maturity of {m.target}, below its "
                    f"baseline of {m.baseline}; the target is at least the baseline",
                )
        if plan.approach == "process-subsets" and plan.phases:
            phased = {p for phase in plan.phases for p in phase.processes}
            missing = [p.id for p in self.valid("processes") if p.id not in phased]
            if missing:
                self.report(
                    self.section_keys["implementation"].mark,
                    "plan-incomplete",
                    f"with the process-subsets approach every process belongs to a phase; "
                    f"{plural(len(missing), 'process')} {_quote_list(missing)} "
                    f"{'is' if len(missing) == 1 else 'are'} in none",
                )
        if plan.phases:
            first = min(p.start for p in plan.phases)
            last = max(p.end for p in plan.phases)
            for m in plan.milestones:
                if not first <= m.date <= last:
                    self.report(
                        self.field_mark(m, "date"),
                        "milestone-outside",
                        f"milestone '{m.id}' on {m.date} is outside the plan, which runs from "
                        f"{first} to {last}; move it or extend a phase",
                    )
        by_kind: dict[str, list[Any]] = {}
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
                    self.report(
                        self.field_mark(later, "date"),
                        "milestone-order",
                        f"milestone '{later.id}' ({after}) on {later.date} has no {before} "
                        f"milestone before it; {why}",
                    )

    def rule_clauses(self) -> None:
        """Clause numbers are real, and every clause is addressed by a page, process or document."""
        if self.pages is None:
            return
        declared: set[str] = set()
        for page in self.pages:
            for node in page.clauses:
                number = node.value.strip()
                if number in standards.CLAUSES:
                    declared.add(number)
                else:
                    self.report(
                        node,
                        "value-invalid",
                        f"'{number}' is not a clause of ISO/IEC 20000-1:2018; use a number from "
                        'clauses 4 to 10 such as "8.2.4"',
                    )
        for process in self.valid("processes"):
            if standards.process_clause_of(process.clause):
                declared.add(process.clause)
        for document in self.valid("documents"):
            for index, number in enumerate(document.clauses):
                if number in standards.CLAUSES:
                    declared.add(number)
                else:
                    self.report(
                        self.field_mark(document, "clauses", index),
                        "value-invalid",
                        f"document '{document.id}' names '{number}', which is not a clause of "
                        "ISO/IEC 20000-1:2018",
                    )
        addressed = standards.covered(declared)
        missing: dict[str, list[str]] = {}
        for clause in standards.leaves():
            if clause not in addressed:
                missing.setdefault(clause.split(".")[0], []).append(clause)
        for chapter, clauses in missing.items():
            listed = ", ".join(f"{c} {standards.CLAUSES[c]}" for c in clauses)
            self.report(
                Mark(f"{DOCS_DIR}/"),
                "clause-uncovered",
                f"clause {chapter} ({standards.CLAUSES[chapter]}): {listed} "
                f"{'is' if len(clauses) == 1 else 'are'} addressed by no page, process or "
                "document; declare each in the front matter of the page that covers it "
                "(clauses: [...]) or in the 'clauses' of a document in the register",
                "warning",
            )

    # -- build -----------------------------------------------------------------------------------

    def build(self) -> Scope | None:
        values: dict[str, Any] = {}
        for name, spec in SECTIONS.items():
            objs = self.valid(name)
            if spec.shape == "object":
                if objs:
                    values[name] = objs[0]
            else:
                values[name] = tuple(objs)
        try:
            return Scope(**values)
        except TypeError:  # a required section is missing; already reported
            return None


def _names(lowered_text: str, service: Service) -> bool:
    for needle in (service.name.lower(), service.id.lower()):
        if needle and re.search(r"(?<![\w-])" + re.escape(needle) + r"(?![\w-])", lowered_text):
            return True
    return False
