"""Pass 3's rules on who operates the SMS (clause 8): other parties may operate services,
components or parts of processes but not all of them (8.2.3), the suppliers the scope depends
on have agreements and controls, and each process implements clauses that clause 8 holds.

Imports ``errors``, ``standards``, ``model`` and, in this folder, ``facts`` and ``report``."""

from __future__ import annotations

from dataclasses import dataclass

from smsdocs import standards
from smsdocs.errors import Mark
from smsdocs.model import Component, Party
from smsdocs.validate.facts import Facts
from smsdocs.validate.report import Report


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


# -- processes -------------------------------------------------------------------------------------


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
