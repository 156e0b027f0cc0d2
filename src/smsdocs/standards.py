"""ISO/IEC 20000-1:2018 reference data: clause numbers and short titles, and the 7.5.4 list.

The titles are English, marked (``N_``) for the catalogues, which give each language's
wording where the manual shows them.

Numbers and short titles only; the manual's sentences are written in our own words.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

from smsdocs.words import N_

STANDARD: Final = "ISO/IEC 20000-1:2018"

CLAUSES: Final = MappingProxyType(
    {
        "4": N_("Context of the organization"),
        "4.1": N_("Understanding the organization and its context"),
        "4.2": N_("Understanding the needs and expectations of interested parties"),
        "4.3": N_("Determining the scope of the service management system"),
        "4.4": N_("Service management system"),
        "5": N_("Leadership"),
        "5.1": N_("Leadership and commitment"),
        "5.2": N_("Policy"),
        "5.2.1": N_("Establishing the service management policy"),
        "5.2.2": N_("Communicating the service management policy"),
        "5.3": N_("Organizational roles, responsibilities and authorities"),
        "6": N_("Planning"),
        "6.1": N_("Actions to address risks and opportunities"),
        "6.2": N_("Service management objectives and planning to achieve them"),
        "6.2.1": N_("Establish objectives"),
        "6.2.2": N_("Plan to achieve objectives"),
        "6.3": N_("Plan the service management system"),
        "7": N_("Support of the service management system"),
        "7.1": N_("Resources"),
        "7.2": N_("Competence"),
        "7.3": N_("Awareness"),
        "7.4": N_("Communication"),
        "7.5": N_("Documented information"),
        "7.5.1": N_("General"),
        "7.5.2": N_("Creating and updating documented information"),
        "7.5.3": N_("Control of documented information"),
        "7.5.4": N_("Service management system documented information"),
        "7.6": N_("Knowledge"),
        "8": N_("Operation of the service management system"),
        "8.1": N_("Operational planning and control"),
        "8.2": N_("Service portfolio"),
        "8.2.1": N_("Service delivery"),
        "8.2.2": N_("Plan the services"),
        "8.2.3": N_("Control of parties involved in the service lifecycle"),
        "8.2.4": N_("Service catalogue management"),
        "8.2.5": N_("Asset management"),
        "8.2.6": N_("Configuration management"),
        "8.3": N_("Relationship and agreement"),
        "8.3.1": N_("General"),
        "8.3.2": N_("Business relationship management"),
        "8.3.3": N_("Service level management"),
        "8.3.4": N_("Supplier management"),
        "8.3.4.1": N_("Management of external suppliers"),
        "8.3.4.2": N_("Management of internal suppliers and customers acting as a supplier"),
        "8.4": N_("Supply and demand"),
        "8.4.1": N_("Budgeting and accounting for services"),
        "8.4.2": N_("Demand management"),
        "8.4.3": N_("Capacity management"),
        "8.5": N_("Service design, build and transition"),
        "8.5.1": N_("Change management"),
        "8.5.1.1": N_("Change management policy"),
        "8.5.1.2": N_("Change management initiation"),
        "8.5.1.3": N_("Change management activities"),
        "8.5.2": N_("Service design and transition"),
        "8.5.2.1": N_("Plan new or changed services"),
        "8.5.2.2": N_("Design"),
        "8.5.2.3": N_("Build and transition"),
        "8.5.3": N_("Release and deployment management"),
        "8.6": N_("Resolution and fulfilment"),
        "8.6.1": N_("Incident management"),
        "8.6.2": N_("Service request management"),
        "8.6.3": N_("Problem management"),
        "8.7": N_("Service assurance"),
        "8.7.1": N_("Service availability management"),
        "8.7.2": N_("Service continuity management"),
        "8.7.3": N_("Information security management"),
        "8.7.3.1": N_("Information security policy"),
        "8.7.3.2": N_("Information security controls"),
        "8.7.3.3": N_("Information security incidents"),
        "9": N_("Performance evaluation"),
        "9.1": N_("Monitoring, measurement, analysis and evaluation"),
        "9.2": N_("Internal audit"),
        "9.3": N_("Management review"),
        "9.4": N_("Service reporting"),
        "10": N_("Improvement"),
        "10.1": N_("Nonconformity and corrective action"),
        "10.2": N_("Continual improvement"),
    }
)
"""Every clause and subclause of ISO/IEC 20000-1:2018 clauses 4 to 10, by number."""

PROCESS_CLAUSES: Final = (
    "8.2.2",
    "8.2.4",
    "8.2.5",
    "8.2.6",
    "8.3.2",
    "8.3.3",
    "8.3.4",
    "8.4.1",
    "8.4.2",
    "8.4.3",
    "8.5.1",
    "8.5.2",
    "8.5.3",
    "8.6.1",
    "8.6.2",
    "8.6.3",
    "8.7.1",
    "8.7.2",
    "8.7.3",
)
"""The clause 8 processes every SMS operates; none of them can be excluded from the scope."""

DOCUMENTED_INFORMATION: Final = (
    ("scope", N_("Scope of the SMS")),
    ("policy-objectives", N_("Service management policy and objectives")),
    ("sm-plan", N_("Service management plan")),
    (
        "policies-plans",
        N_("Change management policy, information security policy and service continuity plan(s)"),
    ),
    ("processes", N_("The SMS processes")),
    ("service-requirements", N_("Service requirements")),
    ("catalogue", N_("Service catalogue(s)")),
    ("slas", N_("Service level agreements")),
    ("supplier-contracts", N_("Contracts with external suppliers")),
    (
        "internal-agreements",
        N_("Agreements with internal suppliers and customers acting as a supplier"),
    ),
    ("procedures", N_("Procedures required by the standard")),
    ("records", N_("Records needed to demonstrate conformity")),
)
"""The documented information clause 7.5.4 asks the SMS to hold, paraphrased, by key."""


ITEM_CLAUSES: Final = MappingProxyType(
    {
        "scope": ("4.3",),
        "policy-objectives": ("5.2.1", "6.2.1"),
        "sm-plan": ("6.3",),
        "policies-plans": ("8.5.1.1", "8.7.2", "8.7.3.1"),
        "processes": ("4.4",),
        "service-requirements": ("8.2.2",),
        "catalogue": ("8.2.4",),
        "slas": ("8.3.3",),
        "supplier-contracts": ("8.3.4.1",),
        "internal-agreements": ("8.3.4.2",),
        "procedures": (),
        "records": (),
    }
)
"""Besides 7.5.4, the clauses whose requirements include each item of 7.5.4's list: the
clause that asks for the scope (4.3), the policy and objectives (5.2.1, 6.2.1), the plan
(6.3), the three policies and plans (8.5.1.1, 8.7.2, 8.7.3.1), and so on. Procedures and
records are asked for throughout, so they hold 7.5.4 alone."""


def asking_for(item: str) -> tuple[str, ...]:
    """The clauses that ask for an item of 7.5.4's list: 7.5.4 itself, and those of
    ``ITEM_CLAUSES``. A missing item keeps each of them open."""
    return ("7.5.4", *ITEM_CLAUSES[item])


def process_clause_of(clause: str) -> str | None:
    """The clause 8 process a clause number belongs to ("8.3.4.1" -> "8.3.4"), if any."""
    for process in PROCESS_CLAUSES:
        if clause == process or clause.startswith(process + "."):
            return process
    return None


def is_clause(text: str) -> bool:
    """Whether ``text`` is a clause number of clauses 4 to 10."""
    return text in CLAUSES


def clause_key(clause: str) -> tuple[int, ...]:
    """A clause number as a sort key: 8.10 after 8.9."""
    return tuple(int(part) for part in clause.split("."))


def children(clause: str) -> list[str]:
    """The clauses one level below ``clause``."""
    depth = clause.count(".") + 1
    return [c for c in CLAUSES if c.startswith(clause + ".") and c.count(".") == depth]


CLIMATE_DECISION_CLAUSE: Final = "4.1"
"""The clause a decision on whether climate change is a relevant issue addresses (Amd 1:2024)."""
CLIMATE_REQUIREMENTS_CLAUSE: Final = "4.2"
"""The clause interested parties' requirements related to climate change address (Amd 1:2024)."""


def declared(
    clauses: Iterable[str], *, climate_decision: bool, climate_requirements: bool
) -> set[str]:
    """The clauses of 4 to 10 the manual declares it addresses: those its pages, processes
    and documents name (anything that is not a clause left out), 4.1 where the climate
    decision is recorded and 4.2 where parties state climate requirements."""
    found = {c for c in clauses if c in CLAUSES}
    if climate_decision:
        found.add(CLIMATE_DECISION_CLAUSE)
    if climate_requirements:
        found.add(CLIMATE_REQUIREMENTS_CLAUSE)
    return found


CONTENT: Final = MappingProxyType(
    {
        "4.1": ("issues", N_("no internal or external issues")),
        "6.1": ("risks", N_("no risks in its risk register")),
        "6.2.1": ("sms-objectives", N_("no service management objectives")),
        "6.2.2": ("sms-objectives", N_("no service management objectives")),
    }
)
"""Clauses that a declaration alone cannot address: each rests on entries of the scope data
(4.1 on the issues determined, 6.1 on the risk register, 6.2.1 and 6.2.2 on the SMS
objectives), by clause: the kind of content it needs, and what is missing without it."""

MILESTONE_CLAUSES: Final = MappingProxyType({"internal-audit": "9.2", "management-review": "9.3"})
"""The clauses an implementation plan's milestone of each kind addresses: a planned internal
audit 9.2, a planned management review 9.3. The plan's chapter declares neither: a plan
addresses them only with such a milestone."""


def milestone_clauses(kinds: Iterable[str]) -> list[str]:
    """The clauses milestones of ``kinds`` address (``MILESTONE_CLAUSES``)."""
    return [MILESTONE_CLAUSES[k] for k in kinds if k in MILESTONE_CLAUSES]


ITEM_PARTIES: Final = MappingProxyType(
    {
        "supplier-contracts": ("external-supplier",),
        "internal-agreements": ("internal-supplier", "customer-as-supplier"),
    }
)
"""Items of 7.5.4's list that are about parties: asked for only where the scope has a party of
one of these types (no external suppliers, no contracts with external suppliers to hold)."""


def content_held(*, issues: int, risks: int, sms_objectives: int) -> frozenset[str]:
    """The kinds of content of ``CONTENT`` the scope data holds, given how many issues,
    risks and SMS objectives it has."""
    counts = {"issues": issues, "risks": risks, "sms-objectives": sms_objectives}
    return frozenset(kind for kind, n in counts.items() if n)


ALL_CONTENT: Final = frozenset(kind for kind, _ in CONTENT.values())
ALL_PARTY_TYPES: Final = frozenset(t for types in ITEM_PARTIES.values() for t in types)


def items_asked(party_types: AbstractSet[str]) -> list[str]:
    """The items of 7.5.4's list the SMS must hold, given the types of the parties in its
    scope: every item, except those about parties of types it does not have."""
    return [
        item
        for item, _ in DOCUMENTED_INFORMATION
        if item not in ITEM_PARTIES or any(t in party_types for t in ITEM_PARTIES[item])
    ]


@dataclass(frozen=True, slots=True)
class Coverage:
    """Which clauses the manual addresses: one answer for the traceability matrix, the
    register of documented information and the check's ``clause-uncovered``."""

    reached: frozenset[str]
    """Every clause something declares, or a clause above it, with or without the documents
    and content it needs."""
    addressed: frozenset[str]
    """Every clause addressed: a clause with no subclauses when something declares it (or a
    clause above it), the register holds the documents it asks for and the scope data holds
    the content it rests on; a clause with subclauses when every one of them is addressed."""
    lacking: MappingProxyType[str, tuple[str, ...]]
    """By clause with no subclauses: the items of 7.5.4's list it asks for that no document
    of the register provides (the clause is not addressed while they are missing)."""
    empty: MappingProxyType[str, str]
    """By clause with no subclauses: what the scope data lacks that the clause rests on
    (``CONTENT``), such as no risks for 6.1."""
    asked: tuple[str, ...] = ()
    """The items of 7.5.4's list this SMS must hold (``items_asked``)."""

    def open_below(self, clause: str) -> list[str]:
        """The clauses with no subclauses, below ``clause``, that are not addressed."""
        return [c for c in leaves() if c.startswith(clause + ".") and c not in self.addressed]


def coverage(
    declared: set[str],
    provided: set[str],
    *,
    held: AbstractSet[str] = ALL_CONTENT,
    party_types: AbstractSet[str] = ALL_PARTY_TYPES,
) -> Coverage:
    """The clauses addressed, given those that pages, processes and documents declare, the
    items of 7.5.4's list that documents of the register provide, the content the scope data
    holds (``content_held``) and the types of its parties.

    A declared clause reaches everything below it (a process for 8.5.1 addresses 8.5.1.1 to
    8.5.1.3); a missing item keeps the clauses that ask for it open, declared or not, unless
    the scope has nothing the item is about; a clause that rests on content (``CONTENT``) is
    open without it; a clause with subclauses is addressed exactly when all of them are.
    """
    reached = {c for c in CLAUSES if any(c == d or c.startswith(d + ".") for d in declared)}
    asked = items_asked(party_types)
    lacking: dict[str, list[str]] = {}
    for item in asked:
        if item not in provided:
            for clause in asking_for(item):
                lacking.setdefault(clause, []).append(item)
    empty = {c: why for c, (kind, why) in CONTENT.items() if kind not in held}
    addressed = {c for c in leaves() if c in reached and c not in lacking and c not in empty}
    for clause in sorted(CLAUSES, key=lambda c: -c.count(".")):
        below = children(clause)
        if below and all(b in addressed for b in below):
            addressed.add(clause)
    return Coverage(
        frozenset(reached),
        frozenset(addressed),
        MappingProxyType({c: tuple(i) for c, i in lacking.items()}),
        MappingProxyType(empty),
        tuple(asked),
    )


def leaves() -> list[str]:
    """Clauses with no subclauses: the ones that must each be addressed."""
    return [c for c in CLAUSES if not children(c)]
