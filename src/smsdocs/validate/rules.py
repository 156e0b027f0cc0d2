"""Pass 3 of the check: the ISO/IEC 20000-1 rules on the scope, one function per rule.

Each rule reads the ``Facts`` (the sound entries of pass 1, the ids of pass 2, the date of the
check and the pages' clauses) and adds what it finds to the ``Report``; ``validate.RULES``
lists them in the order they run. The rules on document control, the implementation plan and the
clauses the manual covers are in ``documented``.

Imports ``errors``, ``load``, ``model``, ``standards`` and, in this folder, ``refs``,
``report`` and ``shape``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Any, Final

from smsdocs import standards
from smsdocs.errors import Mark, Note
from smsdocs.load import Map, PageClauses, Seq
from smsdocs.model import Component, Exclusion, Party, Service, excluded_ids, services_in_scope
from smsdocs.validate.refs import Registry
from smsdocs.validate.report import Report, plural, quote_list
from smsdocs.validate.shape import SECTIONS, Sections

_PLACEHOLDERS: Final = frozenset(
    {"n/a", "na", "none", "tbd", "tbc", "todo", "to do", "-", "?", "see above", "not applicable"}
)
MIN_RATIONALE_WORDS: Final = 6


@dataclass(frozen=True, slots=True)
class Releases:
    """What the project's git repository holds of its releases, for the rules on approvals."""

    pattern: str
    """The glob release tags match (``v*``)."""
    tags: frozenset[str]
    """The annotated tags that match it: the releases."""
    lightweight: frozenset[str] = frozenset()
    """Lightweight tags that match it: not releases, since they record no tagger or date."""
    shallow: bool = False
    """The clone is shallow, so tags may be missing from it."""
    current: str | None = None
    """The release the checked files are: the release tag of the commit checked out, with no
    change to its files; None anywhere else."""


@dataclass(frozen=True, slots=True)
class Facts:
    """What the rules read: the entries of pass 1, the ids of pass 2, today and the pages."""

    sections: Sections
    registry: Registry
    today: dt.date
    pages: list[PageClauses] | None
    """The clauses the manual's chapters declare; None when the project has no docs/."""
    nodes: dict[int, Map]
    """The node of every sound entry, nested ones included, by the id of its model object."""
    in_scope: tuple[Service, ...]
    """The services no exclusion names (``model.services_in_scope``)."""
    releases: Releases | None = None
    """The repository's release tags; None where git cannot tell (no git, no repository)."""

    def valid(self, section: str) -> list[Any]:
        return self.sections.valid(section)

    def excluded(self, kind: str) -> frozenset[str]:
        return excluded_ids(self.valid("exclusions"), kind)

    def present(self) -> frozenset[str]:
        """The sections that hold at least one sound entry."""
        return frozenset(name for name in SECTIONS if self.valid(name))

    def node(self, obj: Any) -> Map:
        return self.nodes[id(obj)]

    def field_mark(self, obj: Any, name: str, index: int | None = None) -> Mark:
        """Where a field of an entry is written (item ``index`` of a list), else the entry."""
        node = self.nodes[id(obj)]
        if name not in node.entries:
            return node.mark
        value = node.entries[name][1]
        if index is not None and isinstance(value, Seq) and index < len(value.items):
            return value.items[index].mark
        return value.mark


def gather_facts(
    sections: Sections,
    registry: Registry,
    today: dt.date,
    pages: list[PageClauses] | None,
    releases: Releases | None = None,
) -> Facts:
    """The facts of a check whose first two passes produced ``sections`` and ``registry``."""
    nodes = {id(e.obj): e.node for entries in sections.entries.values() for e in entries if e.obj}
    nodes.update((id(obj), node) for obj, node in sections.nested)
    in_scope = services_in_scope(sections.valid("services"), sections.valid("exclusions"))
    return Facts(sections, registry, today, pages, nodes, in_scope, releases)


Rule = Callable[[Facts, Report], None]


# -- exclusions -------------------------------------------------------------------------------


def exclusion_has_a_rationale(facts: Facts, report: Report) -> None:
    """4.3: each exclusion says why it is outside the SMS, in words an auditor can assess."""
    for exc in facts.valid("exclusions"):
        words = re.findall(r"[A-Za-z]{2,}", exc.rationale)
        if exc.rationale.strip().lower() in _PLACEHOLDERS or len(words) < MIN_RATIONALE_WORDS:
            report.add(
                facts.field_mark(exc, "rationale"),
                "exclusion-rationale",
                f"exclusion '{exc.id}' gives '{exc.rationale.strip()}' as its rationale; "
                f"explain in a full sentence why the {exc.kind} is outside the SMS, "
                "so an auditor can assess it (4.3)",
            )


def _with_earlier(facts: Facts) -> list[tuple[Exclusion, Exclusion | None]]:
    """Each exclusion, with the earlier one that excludes the same thing (None if none)."""
    first_seen: dict[tuple[str, str], Exclusion] = {}
    out: list[tuple[Exclusion, Exclusion | None]] = []
    for exc in facts.valid("exclusions"):
        out.append((exc, first_seen.get((exc.kind, exc.target))))
        first_seen.setdefault((exc.kind, exc.target), exc)
    return out


def exclusion_is_not_repeated(facts: Facts, report: Report) -> None:
    """4.3: each thing is excluded once, so its rationale and approval are in one place."""
    for exc, earlier in _with_earlier(facts):
        if earlier is not None:
            report.add(
                facts.field_mark(exc, "target"),
                "exclusion-duplicate",
                f"{exc.kind} '{exc.target}' is already excluded by '{earlier.id}'; "
                "keep one exclusion",
                "warning",
                (Note(facts.field_mark(earlier, "target"), "first excluded here"),),
            )


def exclusion_leaves_services_whole(facts: Facts, report: Report) -> None:
    """4.3: an exclusion leaves no in-scope service without what it depends on.

    An in-scope service may not depend on an excluded unit, location or component unless
    another party supplies it, nor on an excluded service, nor lose its last customer; the
    finding names the services the exclusion would break.
    """
    customers_excluded = facts.excluded("customer")
    for exc, earlier in _with_earlier(facts):
        if earlier is None:
            _exclusion_impact(facts, report, exc, customers_excluded)


def _exclusion_impact(
    facts: Facts, report: Report, exc: Exclusion, customers_excluded: AbstractSet[str]
) -> None:
    target = exc.target
    in_scope = facts.in_scope
    reg = facts.registry.get(target)
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
            (s, "locations", s.locations.index(target)) for s in in_scope if target in s.locations
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
    services = f"{plural(len(names), 'service')} {quote_list(names)}"
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
            else f"depending on it ({quote_list(stranded)} without any other unit)"
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
        message = (
            f"excluding customer '{target}' leaves in-scope {services} with no in-scope customer"
        )
        fix = f"exclude {those} too, or give {them} a customer that is in scope"
    notes = tuple(
        Note(facts.field_mark(s, f, i), f"service '{s.id}' uses it here") for s, f, i in broken
    )
    report.add(
        facts.field_mark(exc, "target"),
        "exclusion-impact",
        f"{message}; {fix} (4.3: the scope holds what its services depend on)",
        notes=notes,
    )


# -- services and the parties involved in them ------------------------------------------------


def service_in_scope_is_complete(facts: Facts, report: Report) -> None:
    """4.3: an in-scope service has at least one customer and one providing unit (the scope's
    boundaries); an owner is good practice (5.3 assigns roles, not one per service)."""
    for s in facts.in_scope:
        node = facts.node(s)
        for field_name, text, present in (
            ("customers", "a customer ('customers:' with a customer party id)", s.customers),
            ("units", "a providing unit ('units:' with a unit id)", s.units),
        ):
            if present:
                continue
            where = node.entries[field_name][0].mark if field_name in node.entries else node.mark
            report.add(
                where,
                "service-incomplete",
                f"service '{s.id}' is in scope but has no {field_name.rstrip('s')}; "
                f"add {text}, or exclude the service (4.3: the scope names the services, "
                "who they are for and who provides them)",
            )
        if not s.owner:
            where = node.entries["owner"][0].mark if "owner" in node.entries else node.mark
            report.add(
                where,
                "service-unowned",
                f"service '{s.id}' is in scope but has no owner; add 'owner:' with a "
                "stakeholder id (good practice: 5.3 asks for roles to be assigned, and a named "
                "owner is how auditors find who answers for a service)",
                "warning",
            )


def _used_components(facts: Facts) -> list[Component]:
    """The components the in-scope services are built from, less the excluded ones."""
    excluded_components = facts.excluded("component")
    components_by_id = {c.id: c for c in facts.valid("components")}
    return [
        components_by_id[c]
        for c in dict.fromkeys(c for s in facts.in_scope for c in s.components)
        if c in components_by_id and c not in excluded_components
    ]


@dataclass(frozen=True, slots=True)
class _Operated:
    """One kind of thing the SMS runs, and how many of them other parties run."""

    one: str
    """'in-scope service', 'component' or 'process'."""
    plural: str
    """'in-scope services', 'components' or 'processes'."""
    verb: str
    """'operated' or 'provided', as the field says it."""
    section: str
    total: int
    by_others: int

    @property
    def all_by_others(self) -> bool:
        return self.total > 0 and self.by_others == self.total

    def own_share(self) -> str:
        """'3 of 5 processes', what the organisation runs itself."""
        return f"{self.total - self.by_others} of {self.total} {self.plural}"

    def every(self) -> str:
        """'the one component', 'all 3 components'."""
        if self.total == 1:
            return f"the one {self.one}"
        return f"all {self.total} {self.plural}"

    def all_of_them(self) -> str:
        """'the one component is', 'all 3 components are'."""
        return f"{self.every()} {'is' if self.total == 1 else 'are'}"


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _runs(kinds: list[_Operated]) -> str:
    """What the organisation runs itself, in words: 'operates 2 of 2 in-scope services and
    19 of 19 processes', 'provides 1 of 2 components'."""
    said = []
    for verb, word in (("operated", "operates"), ("provided", "provides")):
        shares = [k.own_share() for k in kinds if k.verb == verb]
        if shares:
            said.append(f"{word} {' and '.join(shares)}")
    return " and ".join(said)


def _operated(facts: Facts) -> tuple[_Operated, ...]:
    services, components = facts.in_scope, _used_components(facts)
    processes = facts.valid("processes")
    return (
        _Operated(
            "in-scope service",
            "in-scope services",
            "operated",
            "services",
            len(services),
            sum(1 for s in services if s.operated_by),
        ),
        _Operated(
            "component",
            "components",
            "provided",
            "components",
            len(components),
            sum(1 for c in components if c.provided_by),
        ),
        _Operated(
            "process",
            "processes",
            "operated",
            "processes",
            len(processes),
            sum(1 for p in processes if p.operated_by),
        ),
    )


def other_parties_do_not_operate_everything(facts: Facts, report: Report) -> None:
    """8.2.3: other parties may operate services, components or parts of processes, but not
    all of them, read on the SMS as a whole: an error only when others run every in-scope
    service, every component and every process; a warning naming the reading when they run
    every one of a kind while the organisation runs others itself."""
    kinds = [k for k in _operated(facts) if k.total]
    if not kinds:
        return
    keys = facts.sections.keys
    if all(k.all_by_others for k in kinds):
        first = kinds[0]
        runs = [f"{'provide' if k.verb == 'provided' else 'operate'} {k.every()}" for k in kinds]
        report.add(
            keys[first.section].mark,
            "parties-operate-all",
            f"other parties {_and(runs)}, so the organisation would run nothing of its SMS "
            "itself; 8.2.3 lets other "
            "parties operate services, components or parts of processes, never all of them: "
            "clear 'operated_by' or 'provided_by' on what the organisation runs itself",
        )
        return
    for k in kinds:
        if not k.all_by_others:
            continue
        rest = [o for o in kinds if o is not k and not o.all_by_others]
        report.add(
            keys[k.section].mark,
            "parties-operate-all",
            f"{k.all_of_them()} {k.verb} by other parties; the organisation {_runs(rest)} "
            "itself, so on the SMS as a whole other parties do not operate everything "
            "(8.2.3); make sure this reading is right and that each of those parties is "
            "controlled under 8.2.3, with its 'controls' recorded",
            "warning",
        )


def _suppliers(facts: Facts) -> list[tuple[Party, str]]:
    """Each party other than a customer that the in-scope scope depends on, and through what."""
    uses: dict[str, list[str]] = {}
    locations_by_id = {loc.id: loc for loc in facts.valid("locations")}
    for s in facts.in_scope:
        for p in s.suppliers:
            uses.setdefault(p, []).append(f"service '{s.id}'")
        for p in s.operated_by:
            uses.setdefault(p, []).append(f"service '{s.id}'")
        for loc_id in s.locations:
            loc = locations_by_id.get(loc_id)
            for p in loc.provided_by if loc is not None else ():
                uses.setdefault(p, []).append(f"location '{loc_id}'")
    for c in _used_components(facts):
        for p in c.provided_by:
            uses.setdefault(p, []).append(f"component '{c.id}'")
    for proc in facts.valid("processes"):
        for p in proc.operated_by:
            uses.setdefault(p, []).append(f"process '{proc.id}'")
    found: list[tuple[Party, str]] = []
    for party in facts.valid("parties"):
        used_by = list(dict.fromkeys(uses.get(party.id, [])))
        if not used_by or party.type == "customer":
            continue
        via = ", ".join(used_by[:3]) + (f" and {len(used_by) - 3} more" if len(used_by) > 3 else "")
        found.append((party, via))
    return found


def supplier_has_an_agreement(facts: Facts, report: Report) -> None:
    """8.3.4.1, 8.3.4.2: a supplier the scope depends on has a contract or agreement."""
    for party, via in _suppliers(facts):
        if not party.agreement:
            report.add(
                facts.node(party).entries["id"][1].mark,
                "agreement-missing",
                f"supplier '{party.id}' supports the scope (through {via}) but has no "
                f"'agreement'; add the reference of its contract or agreement "
                f"({'8.3.4.1' if party.type == 'external-supplier' else '8.3.4.2'})",
            )


def supplier_is_controlled(facts: Facts, report: Report) -> None:
    """8.2.3: the organisation records how it controls a supplier the scope depends on."""
    for party, via in _suppliers(facts):
        if not party.controls:
            report.add(
                facts.node(party).entries["id"][1].mark,
                "party-uncontrolled",
                f"supplier '{party.id}' supports the scope (through {via}) but lists no "
                "'controls'; record how the organisation controls it (8.2.3)",
                "warning",
            )


# -- processes and objectives -----------------------------------------------------------------


def process_implements_a_process_clause(facts: Facts, report: Report) -> None:
    """4.4: each process names the clause it implements, or the clauses of one that
    implements several (incident and service request management: 8.6.1 and 8.6.2). The
    standard does not list "the processes": any clause may be named (8.2.1 Service delivery,
    8.2.3 Control of parties, 9.2 Internal audit), as long as it is a clause of
    ISO/IEC 20000-1."""
    for p in facts.valid("processes"):
        node = facts.node(p)
        if p.clause and p.clauses:
            report.add(
                node.entries["clauses"][0].mark,
                "field-conflict",
                f"process '{p.id}' has both 'clause' and 'clauses'; keep one: 'clause' for "
                "the one clause it implements, or 'clauses' listing every clause it "
                f'implements, such as ["{p.clause}", ...]',
            )
        elif not p.covers:
            where = node.entries["clauses"][0].mark if "clauses" in node.entries else node.mark
            report.add(
                where,
                "field-missing",
                f"process '{p.id}' has no 'clause'; add 'clause:' with the clause it "
                "implements, such as \"8.6.1\" (quoted), or 'clauses:' with every clause of "
                'a process that implements several, such as ["8.6.1", "8.6.2"]',
            )
        for field_name, numbers in (
            ("clause", (p.clause,) if p.clause else ()),
            ("clauses", p.clauses),
        ):
            for index, number in enumerate(numbers):
                if number in standards.CLAUSES:
                    continue
                report.add(
                    facts.field_mark(p, field_name, index if field_name == "clauses" else None),
                    "value-invalid",
                    f"process '{p.id}': '{number}' is not a clause of ISO/IEC 20000-1:2018; "
                    'name the clause the process implements, such as "8.6.1" (quoted)',
                )


def _implemented(clause: str) -> set[str]:
    """The clause 8 processes a process naming ``clause`` implements: its own, or every one
    below it (a process for 8.5 implements 8.5.1 to 8.5.3)."""
    own = standards.process_clause_of(clause)
    if own is not None:
        return {own}
    return {c for c in standards.PROCESS_CLAUSES if c.startswith(clause + ".")}


def every_process_clause_has_a_process(facts: Facts, report: Report) -> None:
    """4.3, 4.4, clause 8: the clause 8 processes cannot be excluded, so each has a process
    (one implementing several clauses counts for each)."""
    covered = {c for p in facts.valid("processes") for n in p.covers for c in _implemented(n)}
    keys = facts.sections.keys
    where = keys["processes"].mark if "processes" in keys else Mark("scope/")
    for clause in standards.PROCESS_CLAUSES:
        if clause not in covered:
            report.add(
                where,
                "process-missing",
                f"no process implements clause {clause} {standards.CLAUSES[clause]}; add one "
                "to 'processes' with an owner (clause 8 processes cannot be excluded: 4.3, "
                "4.4)",
            )


def climate_is_determined(facts: Facts, report: Report) -> None:
    """4.1 (ISO/IEC 20000-1:2018/Amd 1:2024): the organisation determines whether climate
    change is a relevant issue."""
    found = facts.valid("sms")
    if found and found[0].climate is None:
        report.add(
            facts.sections.keys["sms"].mark,
            "climate-undetermined",
            "the SMS records no decision on whether climate change is a relevant issue; add "
            "'climate:' under 'sms:' with its decision (relevant or not-relevant), reasoning, "
            "date and decided_by (4.1, as amended by ISO/IEC 20000-1:2018/Amd 1:2024)",
            "warning",
        )


_OWN_STANDARD: Final = re.compile(
    r"ISO/IEC\s*20000-1(?::\s*\d{4})?|\b(?:Amd|Amendment)\.?\s*\d+(?::\s*\d{4})?", re.I
)
# What is left once the edition and amendments of ISO/IEC 20000-1 are taken out: a national
# adoption's prefix ('BS EN') is fine, another standard's body or number is not.
_OTHER_STANDARD: Final = re.compile(r"\b(?:ISO|IEC)\b|(?<![:\d])\b\d{4,5}\b", re.I)


def standard_is_iso_20000(facts: Facts, report: Report) -> None:
    """'standard' is the edition of ISO/IEC 20000-1 the SMS conforms to (its normative
    reference); an integrated management system names its other standards under
    'integrated_with', where the manual lists them with their editions and certificates."""
    found = facts.valid("sms")
    if not found:
        return
    standard = found[0].standard
    rest = _OWN_STANDARD.sub(" ", standard)
    if not _OTHER_STANDARD.search(rest) and _OWN_STANDARD.search(standard):
        return
    report.add(
        facts.field_mark(found[0], "standard"),
        "standard-other",
        f"'standard' of the SMS is '{standard}', which names more than the edition of "
        "ISO/IEC 20000-1 the SMS conforms to, and the normative references would print it as "
        "that edition; keep 'standard' to ISO/IEC 20000-1 and its amendments (such as "
        "ISO/IEC 20000-1:2018 + Amd 1:2024), and name other standards under "
        "sms.integrated_with (standard, edition, certificate, certified_by, shared)",
        "warning",
    )


def _sms_objectives(facts: Facts) -> list[Any]:
    return [o for o in facts.valid("objectives") if o.kind == "sms"]


def sms_objective_is_measurable(facts: Facts, report: Report) -> None:
    """6.2: an SMS objective says how it is measured and the value to reach."""
    for o in _sms_objectives(facts):
        missing = [n for n in ("metric", "target") if not getattr(o, n)]
        if missing:
            report.add(
                facts.node(o).mark,
                "objective-unmeasurable",
                f"SMS objective '{o.id}' has no {' or '.join(missing)}; "
                "add how it is measured and the value to reach (6.2)",
                "warning",
            )


def sms_objective_supports_the_business(facts: Facts, report: Report) -> None:
    """4.3, 6.2: an SMS objective supports at least one business objective."""
    for o in _sms_objectives(facts):
        if not o.supports:
            report.add(
                facts.node(o).mark,
                "objective-unaligned",
                f"SMS objective '{o.id}' supports no business objective; "
                "list the business objectives it serves in 'supports'",
                "warning",
            )


def supports_names_business_objectives(facts: Facts, report: Report) -> None:
    """6.2: what an SMS objective supports are business objectives, not other SMS ones."""
    kinds = {o.id: o.kind for o in facts.valid("objectives")}
    for o in _sms_objectives(facts):
        for i, target in enumerate(o.supports):
            if kinds.get(target) == "sms":
                report.add(
                    facts.field_mark(o, "supports", i),
                    "ref-kind",
                    f"objective '{o.id}' supports '{target}', an SMS objective; "
                    "'supports' names business objectives",
                )


# -- the scope statement ----------------------------------------------------------------------


def _statement(facts: Facts) -> tuple[str, Mark] | None:
    """The scope statement, lowered, and where it is written."""
    sms = facts.valid("sms")
    if not sms:
        return None
    return sms[0].statement.lower(), facts.field_mark(sms[0], "statement")


def _names(lowered_text: str, service: Service) -> bool:
    for needle in (service.name.lower(), service.id.lower()):
        if needle and re.search(r"(?<![\w-])" + re.escape(needle) + r"(?![\w-])", lowered_text):
            return True
    return False


def statement_names_no_excluded_service(facts: Facts, report: Report) -> None:
    """4.3: the scope statement does not name a service that is excluded."""
    statement = _statement(facts)
    if statement is None:
        return
    lowered, mark = statement
    excluded = facts.excluded("service")
    for s in facts.valid("services"):
        if s.id in excluded and _names(lowered, s):
            report.add(
                mark,
                "statement-out-of-scope",
                f"the scope statement names service '{s.name}', which is excluded; "
                "remove it from the statement or withdraw the exclusion",
                "warning",
            )


CATALOGUE_TERMS: Final = ("service catalogue", "catalogue of services", "service catalog")
"""What the scope statement may call the service catalogue, in any language's absence: the
terms of ``sms.catalogue_terms`` are accepted besides these."""
_CATALOGUE_LINK: Final = re.compile(r"\]\(\s*<?([^)\s>]+)")
_CATALOGUE_PAGE: Final = re.compile(r"(?:^|/)catalogue(?:/|/index\.md|\.md|/index\.html)?$")


def refers_to_the_catalogue(statement: str, terms: tuple[str, ...]) -> bool:
    """Whether a scope statement refers to the service catalogue: by one of the
    ``CATALOGUE_TERMS`` or ``terms`` (any letter case, as whole words), or by a Markdown link
    to the catalogue's page (``[catalogue](catalogue/index.md)``)."""
    lowered = statement.lower()
    for term in (*CATALOGUE_TERMS, *terms):
        needle = term.strip().lower()
        if needle and re.search(r"(?<!\w)" + re.escape(needle) + r"(?!\w)", lowered):
            return True
    for target in _CATALOGUE_LINK.findall(statement):
        path = re.split(r"[#?]", target, maxsplit=1)[0].removeprefix("./").removeprefix("../")
        if _CATALOGUE_PAGE.search(path.lower()):
            return True
    return False


def statement_covers_the_catalogue(facts: Facts, report: Report) -> None:
    """4.3, 8.2.4: the scope statement names every in-scope service or refers to the service
    catalogue, in any of the words the scope data gives for it, or by a link to its page."""
    sms = facts.valid("sms")
    statement = _statement(facts)
    if statement is None or not sms:
        return
    lowered, mark = statement
    terms = sms[0].catalogue_terms
    if refers_to_the_catalogue(sms[0].statement, terms):
        return
    unnamed = [s.name for s in facts.in_scope if not _names(lowered, s)]
    if unnamed:
        words = quote_list(["service catalogue", *terms])
        report.add(
            mark,
            "statement-incomplete",
            f"the scope statement neither refers to the service catalogue nor names "
            f"{plural(len(unnamed), 'service')} {quote_list(unnamed)}; name them, refer to "
            f"the catalogue as {words}, link to its page ([service catalogue]"
            "(catalogue/index.md)), or give the statement's own word for it under "
            "'sms: catalogue_terms:'",
            "warning",
        )
