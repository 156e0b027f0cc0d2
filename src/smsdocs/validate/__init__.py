"""Turn loaded YAML nodes into a ``Scope``, collecting every finding before failing once.

Three passes, each reporting everything it finds to one ``Report``:

1. ``shape``: sections, known keys, types, required fields, enums, ranges, dates, id syntax
   (driven by the field specs in ``schema``, so the contract lives in ``model`` alone);
2. ``refs``: ids are unique, and every reference resolves, to an entry of the right kind
   and party type;
3. ``rules``, ``operation``, ``documented`` and ``communicated``: the ISO/IEC 20000-1 rules on
   exclusions, services, parties, processes, objectives, the scope statement, document control,
   the communication of approved versions, the implementation plan and the clauses the manual
   addresses, one function per rule.

Before them, ``placeholders`` reports every ``"<fill in: ...>"`` value a new project's scope
still holds; a placeholder explains the other findings at its place, which are left out.

Passes 2 and 3 run only when every file could be parsed, so a syntax error in one file is not
followed by a cascade of misleading reference errors from the others.

This module runs the passes and holds the public names (``check``, ``validate``,
``load_scope``, ``Checked``, ``SECTIONS``, ``suggest``); it imports ``errors``, ``load``,
``model`` and every module of this folder, none of which imports it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from smsdocs.errors import Finding, ScopeError
from smsdocs.load import (
    DOCS_DIR,
    PageClauses,
    Scalar,
    Source,
    chapter_texts,
    clause_numbers,
    gc_paused,
    load_project,
    page_clauses,
    read_site_config,
    shown,
    site_findings,
)
from smsdocs.model import Scope
from smsdocs.validate import communicated, documented, operation, placeholders, rules, text
from smsdocs.validate.facts import Releases, Rule, gather_facts
from smsdocs.validate.refs import check_refs, register_ids
from smsdocs.validate.report import Report
from smsdocs.validate.shape import SECTIONS, Sections, read_sections, require_sections
from smsdocs.validate.suggest import suggest

__all__ = [
    "RULES",
    "SECTIONS",
    "Checked",
    "Releases",
    "check",
    "load_scope",
    "suggest",
    "validate",
]

RULES: Final[tuple[Rule, ...]] = (
    rules.exclusion_has_a_rationale,
    rules.exclusion_is_not_repeated,
    rules.exclusion_leaves_services_whole,
    rules.service_in_scope_is_complete,
    operation.other_parties_do_not_operate_everything,
    operation.supplier_has_an_agreement,
    operation.supplier_is_controlled,
    rules.climate_is_determined,
    rules.standard_is_iso_20000,
    operation.process_implements_a_process_clause,
    operation.every_process_clause_has_a_process,
    rules.sms_objective_is_measurable,
    rules.sms_objective_supports_the_business,
    rules.supports_names_business_objectives,
    rules.statement_names_no_excluded_service,
    rules.statement_covers_the_catalogue,
    documented.version_is_approved_once,
    documented.approval_is_not_in_the_future,
    documented.scope_is_approved,
    documented.approval_is_tagged,
    documented.release_records_nothing_later,
    documented.release_tag_is_plain,
    documented.manual_is_reviewed_in_time,
    communicated.communication_names_an_approved_version,
    communicated.communication_follows_the_approval,
    communicated.communication_is_not_in_the_future,
    communicated.acknowledgement_is_by_a_recipient,
    communicated.acknowledgement_follows_the_communication,
    communicated.acknowledgement_hash_is_a_sha256,
    documented.plan_ids_are_unique,
    documented.phase_ends_after_it_starts,
    documented.phases_are_in_order,
    documented.phase_has_a_level,
    documented.maturity_target_is_not_below_baseline,
    documented.every_process_is_in_a_phase,
    documented.milestone_is_within_the_plan,
    documented.milestones_are_in_order,
    documented.page_clause_is_a_clause,
    documented.page_requires_a_section,
    documented.document_clause_is_a_clause,
    documented.every_clause_is_addressed,
)
"""Every rule of pass 3, in the order they run."""


@dataclass(frozen=True, slots=True)
class Checked:
    """The outcome of checking a project: the scope when it has no errors, and every finding."""

    scope: Scope | None
    findings: tuple[Finding, ...]
    files: tuple[str, ...]
    page_clauses: dict[str, list[str]] = field(default_factory=dict, hash=False)
    """The clauses each chapter declares in its front matter, by page path relative to docs/
    (``{"context.md": ["4.1", "4.3"]}``), as the check read them; empty without docs/. A page
    left out of the manual (``left_out``) is not among them."""
    left_out: tuple[str, ...] = ()
    """The pages left out of the manual because the scope data has none of a section they
    require in their front matter ('requires: [implementation]'), by path relative to docs/."""

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == "warning")

    def failed(self, *, strict: bool = False) -> bool:
        """Errors always fail; warnings fail only in strict mode."""
        return self.errors > 0 or (strict and self.warnings > 0)


def check(root: Path, *, today: dt.date | None = None, releases: Releases | None = None) -> Checked:
    """Load and validate the scope of the project at ``root``; with ``releases`` (its
    repository's release tags), approved versions are checked to be tagged."""
    # One pause for the whole check: collections between files or phases would re-scan
    # every node built so far.
    with gc_paused():
        source = load_project(root)
        source.findings.extend(site_findings(root))
        chapters = chapter_texts(root, source.findings)
        pages = page_clauses(chapters, source.findings) if (root / DOCS_DIR).is_dir() else None
        text.check_pages(root, chapters, source.findings)
        site = read_site_config(root)
        language = site.language.value if site is not None and site.language else "en"
        return validate(source, today=today, pages=pages, releases=releases, language=language)


def load_scope(root: Path, *, today: dt.date | None = None) -> tuple[Scope, tuple[Finding, ...]]:
    """The validated scope and its warnings; raises ``ScopeError`` with every finding on errors."""
    checked = check(root, today=today)
    if checked.scope is None:
        raise ScopeError(checked.findings)
    return checked.scope, checked.findings


def validate(
    source: Source,
    *,
    today: dt.date | None = None,
    pages: list[PageClauses] | None = None,
    releases: Releases | None = None,
    language: str = "en",
) -> Checked:
    """Validate loaded scope data; ``today`` fixes the date for review checks.

    ``language`` is the manual's (its BCP 47 tag in mkdocs.yml), which the rules that read
    the organisation's own text take into account.

    ``pages`` are the clauses the manual's chapters declare; with them, clauses that no page,
    process or document addresses are reported.
    """
    report = Report(source.findings)
    with gc_paused():  # the model objects, like the nodes, form no reference cycles
        wide: list[tuple[str, Scalar]] = []
        texts = text.screened(placeholders.scope_values(source.pieces), report, wide)
        unfilled = placeholders.report_placeholders(texts, report)
        text.check_fonts(wide, source.root, report)
        scope = _run(source, today or dt.date.today(), pages, releases, report, language)
    kept = placeholders.explained(report.findings, unfilled)
    findings = tuple(sorted(kept, key=Finding.sort_key))
    present = None if scope is None else present_sections(scope)
    left_out = tuple(p.page for p in pages or () if present is not None and not shown(p, present))
    return Checked(
        scope, findings, tuple(source.files), clause_numbers(pages or [], present), left_out
    )


def present_sections(scope: Scope) -> frozenset[str]:
    """The sections of ``scope`` that hold something (a list with entries, a mapping given)."""
    return frozenset(name for name in SECTIONS if getattr(scope, name))


def _run(
    source: Source,
    today: dt.date,
    pages: list[PageClauses] | None,
    releases: Releases | None,
    report: Report,
    language: str = "en",
) -> Scope | None:
    sections = read_sections(source.pieces, report)
    # A file that did not parse, or a misspelt section, hides entries other files name:
    # checking references now would bury the real problem under misleading ones.
    if not source.complete or sections.unknown:
        return None
    require_sections(sections, report)
    registry = register_ids(sections, report)
    check_refs(sections, registry, report)
    facts = gather_facts(sections, registry, today, pages, releases, language)
    for rule in RULES:
        rule(facts, report)
    return None if report.has_errors() else _build(sections)


def _build(sections: Sections) -> Scope | None:
    values: dict[str, Any] = {}
    for name, spec in SECTIONS.items():
        objs = sections.valid(name)
        if spec.shape == "object":
            if objs:
                values[name] = objs[0]
        else:
            values[name] = tuple(objs)
    try:
        return Scope(**values)
    except TypeError:  # a required section is missing; already reported
        return None
