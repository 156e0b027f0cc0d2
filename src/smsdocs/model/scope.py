"""The whole scope (``Scope``), the rules that read it as a whole (what is in scope, what a
clause's coverage rests on, when the next review falls due), what readers call an entry, and
the labels of every allowed value."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from smsdocs import standards
from smsdocs.model.entries import (
    Component,
    Exclusion,
    Interface,
    Location,
    Objective,
    Party,
    Process,
    Requirement,
    Risk,
    Service,
    Stakeholder,
    Unit,
)
from smsdocs.model.fields import (
    EXCLUSION_KINDS,
    OBJECTIVE_KINDS,
    PARTY_TYPES,
    REQUIREMENT_KINDS,
    SERVICE_STATUSES,
)
from smsdocs.model.implementation import (
    IMPLEMENTATION_APPROACHES,
    ISSUE_KINDS,
    ITEM_STATUSES,
    MILESTONE_KINDS,
    PHASE_STATUSES,
    DocumentRecord,
    Implementation,
    Issue,
)
from smsdocs.model.sections import (
    CLIMATE_DECISIONS,
    SMS_STAGES,
    Approval,
    Document,
    Organization,
    Sms,
    VersionCommunication,
)
from smsdocs.words import calendar_day, translator

Entry = (
    Service
    | Unit
    | Location
    | Party
    | Component
    | Process
    | Interface
    | Exclusion
    | Objective
    | Risk
    | Requirement
    | Stakeholder
    | DocumentRecord
    | Issue
    | VersionCommunication
)
"""An entry of a list section: anything with an id that other entries can name."""

SECTION_KINDS: dict[str, str] = {
    "services": "service",
    "units": "unit",
    "locations": "location",
    "parties": "party",
    "components": "component",
    "processes": "process",
    "interfaces": "interface",
    "exclusions": "exclusion",
    "objectives": "objective",
    "risks": "risk",
    "requirements": "requirement",
    "stakeholders": "stakeholder",
    "documents": "document",
    "issues": "issue",
    "communications": "communication",
}
"""List sections whose entries have ids, and the kind name of one entry."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Scope:
    """The whole SMS scope: every section of every file under ``scope/``."""

    organization: Organization
    """The service provider whose SMS this is."""
    sms: Sms
    """Purpose of the SMS and the formal scope statement."""
    document: Document
    """Document control for the manual."""
    services: tuple[Service, ...]
    """The service catalogue; every service is in scope unless an exclusion names it."""
    approvals: tuple[Approval, ...] = ()
    """Management approvals of released versions."""
    units: tuple[Unit, ...] = ()
    """Organisational units that provide and support the services."""
    locations: tuple[Location, ...] = ()
    """Locations the services are delivered from."""
    parties: tuple[Party, ...] = ()
    """Customers and suppliers."""
    components: tuple[Component, ...] = ()
    """Service components."""
    processes: tuple[Process, ...] = ()
    """The SMS processes of clause 8."""
    interfaces: tuple[Interface, ...] = ()
    """Interfaces between processes, services and parties."""
    exclusions: tuple[Exclusion, ...] = ()
    """What is deliberately outside the scope, with the rationale."""
    objectives: tuple[Objective, ...] = ()
    """Business and service management objectives."""
    risks: tuple[Risk, ...] = ()
    """Risks to the services in scope."""
    requirements: tuple[Requirement, ...] = ()
    """Legal, regulatory and contractual requirements."""
    stakeholders: tuple[Stakeholder, ...] = ()
    """Interested parties and people named elsewhere in the scope."""
    implementation: Implementation | None = None
    """The implementation plan (optional)."""
    documents: tuple[DocumentRecord, ...] = ()
    """The register of documented information (7.5.4)."""
    issues: tuple[Issue, ...] = ()
    """The internal and external issues the SMS takes account of (4.1)."""
    communications: tuple[VersionCommunication, ...] = ()
    """Records of the communication of approved versions to stakeholders (4.3, 7.4), each
    made after its version was approved and tagged."""
    index: dict[str, Entry] = field(
        default_factory=dict, compare=False, repr=False, metadata={"internal": True}
    )
    """Every entry with an id, by id (built once; not part of the data contract)."""
    kinds: dict[str, str] = field(
        default_factory=dict, compare=False, repr=False, metadata={"internal": True}
    )
    """The kind of every entry with an id ('service', 'party', ...), by id, from
    ``SECTION_KINDS`` (built once; not part of the data contract)."""

    def __post_init__(self) -> None:
        if self.index and self.kinds:
            return
        for section, kind in SECTION_KINDS.items():
            for entry in getattr(self, section):
                if entry.id not in self.kinds:
                    self.kinds[entry.id] = kind
                    self.index.setdefault(entry.id, entry)

    def excluded(self, kind: str) -> frozenset[str]:
        """Ids of the entries of ``kind`` that an exclusion names."""
        return excluded_ids(self.exclusions, kind)

    def in_scope_services(self) -> tuple[Service, ...]:
        """The services not excluded, in catalogue order."""
        return services_in_scope(self.services, self.exclusions)

    def latest_approval(self) -> Approval | None:
        """The most recent approval by date, if any."""
        return max(self.approvals, key=lambda a: a.date, default=None)

    def review_due(self) -> dt.date | None:
        """When the manual is next due for review: 'next_review', or the latest approval plus
        'review_months'; None when neither is known."""
        if self.document.next_review is not None:
            return self.document.next_review
        latest = self.latest_approval()
        return None if latest is None else add_months(latest.date, self.document.review_months)


def excluded_ids(exclusions: Iterable[Exclusion], kind: str) -> frozenset[str]:
    """Ids of the entries of ``kind`` that one of ``exclusions`` names.

    A function of the sections rather than of a whole ``Scope``, so the validator applies the
    same rule before a ``Scope`` exists.
    """
    return frozenset(e.target for e in exclusions if e.kind == kind)


def services_in_scope(
    services: Iterable[Service], exclusions: Iterable[Exclusion]
) -> tuple[Service, ...]:
    """The services no exclusion names, in catalogue order: what "in scope" means."""
    out = excluded_ids(exclusions, "service")
    return tuple(s for s in services if s.id not in out)


def coverage(
    declared: set[str],
    *,
    documents: Iterable[DocumentRecord],
    issues: Iterable[Issue],
    risks: Iterable[Risk],
    objectives: Iterable[Objective],
    parties: Iterable[Party],
) -> standards.Coverage:
    """Which clauses the manual addresses (``standards.coverage``), given those ``declared``
    and the sections its records come from: the register's documents, the issues, risks and
    SMS objectives that 4.1, 6.1 and 6.2 rest on, and the parties 7.5.4's items are about.

    A function of the sections rather than of a whole ``Scope``, so the check, the matrix and
    the register apply one rule, the check before a ``Scope`` exists.
    """
    return standards.coverage(
        declared,
        {d.item for d in documents},
        held=standards.content_held(
            issues=sum(1 for _ in issues),
            risks=sum(1 for _ in risks),
            sms_objectives=sum(o.kind == "sms" for o in objectives),
        ),
        party_types={p.type for p in parties},
    )


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved on by whole months, clamped to the end of a shorter month."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def name_of(scope: Scope, ident: str, language: str | None = None) -> str:
    """What readers call the entry ``ident``: its name or title (a process without one, its
    clause's title; an objective, its statement); the id itself where there is no entry. An
    entry named by smsdocs's own words (an exclusion, a communication) is named in the
    manual's ``language``, with its dates as that language writes them; with none, in the
    English of the check and the command line, with ISO 8601 dates."""
    entry = scope.index.get(ident)
    say = translator(language or "en").gettext
    if isinstance(entry, Process) and not entry.name:
        titles = [say(standards.CLAUSES[c]) if c in standards.CLAUSES else c for c in entry.covers]
        return _and(titles, language) if titles else ident
    # Entries without a name are called by what they say: an objective by its statement, an
    # interface by the two ends it joins, an exclusion by what it excludes.
    if isinstance(entry, Objective):
        return entry.statement.strip().removesuffix(".")
    if isinstance(entry, Interface):
        return " ↔ ".join(name_of(scope, end, language) for end in entry.between)
    if isinstance(entry, Exclusion):
        return say("Exclusion of {name}").format(name=name_of(scope, entry.target, language))
    if isinstance(entry, VersionCommunication):
        told = (
            _and([name_of(scope, t, language) for t in entry.to], language)
            if entry.to
            else say("no one")
        )
        return say("Communication of {version} to {to} on {date}").format(
            version=entry.version,
            to=told,
            date=calendar_day(entry.date, language) if language else entry.date.isoformat(),
        )
    for attr in ("name", "title"):
        value = getattr(entry, attr, None)
        if isinstance(value, str) and value:
            return value
    return ident


def _and(words: list[str], language: str | None = None) -> str:
    """``a``, ``a and b``, ``a, b and c`` (in ``language``)."""
    if len(words) == 1:
        return words[0]
    return (
        translator(language or "en")
        .gettext("{names} and {name}")
        .format(names=", ".join(words[:-1]), name=words[-1])
    )


def _keyed_by_text(labels: Mapping[Any, str]) -> dict[str, str]:
    return {str(value): shown for value, shown in labels.items()}


LABELS: dict[str, dict[str, str]] = {
    "ServiceStatus": _keyed_by_text(SERVICE_STATUSES),
    "PartyType": _keyed_by_text(PARTY_TYPES),
    "ExclusionKind": _keyed_by_text(EXCLUSION_KINDS),
    "ObjectiveKind": _keyed_by_text(OBJECTIVE_KINDS),
    "RequirementKind": _keyed_by_text(REQUIREMENT_KINDS),
    "ImplementationApproach": _keyed_by_text(IMPLEMENTATION_APPROACHES),
    "PhaseStatus": _keyed_by_text(PHASE_STATUSES),
    "MilestoneKind": _keyed_by_text(MILESTONE_KINDS),
    "ItemStatus": _keyed_by_text(ITEM_STATUSES),
    "ClimateDecisionKind": _keyed_by_text(CLIMATE_DECISIONS),
    "SmsStage": _keyed_by_text(SMS_STAGES),
    "IssueKind": _keyed_by_text(ISSUE_KINDS),
}
"""The display labels of every set of allowed values, by the name of its type."""


_LABEL_OF: dict[str, str] = {
    value: shown for labels in LABELS.values() for value, shown in labels.items()
}
"""Every allowed value's label, whatever its set (a value in two sets has one label: a test
holds them to it)."""


def labelled(value: str) -> bool:
    """Whether the contract names a label for ``value`` (one of its allowed values), which
    the manual shows in its language; a free kind is the organisation's own word."""
    return value in _LABEL_OF


def label(value: str) -> str:
    """What readers see for a stored value: its label where the contract names one, else the
    value made readable (a free kind such as 'data-centre' reads 'Data centre')."""
    if value in _LABEL_OF:
        return _LABEL_OF[value]
    words = value.replace("-", " ").replace("_", " ").strip()
    return words[:1].upper() + words[1:]
