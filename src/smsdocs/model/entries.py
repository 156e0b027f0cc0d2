"""The list sections: entries with ids that other entries name (services, units, locations,
parties, components, processes, interfaces, exclusions, objectives, risks, requirements,
stakeholders)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated

from smsdocs.model.fields import (
    CUSTOMER_TYPES,
    SUPPLIER_TYPES,
    ExclusionKind,
    Id,
    Length,
    Markdown,
    ObjectiveKind,
    PartyType,
    Range,
    Ref,
    RequirementKind,
    ServiceStatus,
    StakeholderRef,
    SupplierRefs,
    TargetRef,
)
from smsdocs.model.sections import Communication


@dataclass(frozen=True, slots=True, kw_only=True)
class Service:
    """A service in the service catalogue; in scope unless an exclusion names it."""

    id: Id
    """Unique id other entries use to refer to this service."""
    name: str
    """Name of the service as customers know it."""
    summary: str
    """One line describing the service, shown in the catalogue table."""
    category: str
    """Catalogue category the service is grouped under, e.g. Infrastructure."""
    owner: StakeholderRef | None = None
    """Stakeholder id of the service owner; required for a service in scope."""
    description: Annotated[str, Markdown()] | None = None
    """Longer description of the service (Markdown)."""
    status: ServiceStatus = "live"
    """Lifecycle status: pipeline (planned, being designed or transitioned), live, or retiring."""
    customers: Annotated[tuple[str, ...], Ref(("party",), CUSTOMER_TYPES)] = ()
    """Ids of the parties of type customer (or customer-as-supplier) that receive the service."""
    units: Annotated[tuple[str, ...], Ref(("unit",))] = ()
    """Ids of the organisational units that provide and support the service."""
    locations: Annotated[tuple[str, ...], Ref(("location",))] = ()
    """Ids of the locations the service is delivered from."""
    hours: str | None = None
    """Service hours, e.g. 24x7 or Mon-Fri 08:00-18:00 UK."""
    sla: str | None = None
    """Reference of the service level agreement, e.g. SLA-HOST-01."""
    components: Annotated[tuple[str, ...], Ref(("component",))] = ()
    """Ids of the service components the service is built from."""
    suppliers: Annotated[tuple[str, ...], Ref(("party",), SUPPLIER_TYPES)] = ()
    """Ids of the supplier parties the service depends on directly."""
    depends_on: Annotated[tuple[str, ...], Ref(("service",))] = ()
    """Ids of other services this service relies on."""
    operated_by: SupplierRefs = ()
    """Id of another party that operates this service on the organisation's behalf (controlled under 8.2.3), or a list of ids when several operate it together: the first listed is the lead, accountable to the organisation; the others co-operate."""
    objectives: Annotated[tuple[str, ...], Ref(("objective",))] = ()
    """Ids of the objectives the service contributes to."""
    risks: Annotated[tuple[str, ...], Ref(("risk",))] = ()
    """Ids of the risks that affect the service."""
    requirements: Annotated[tuple[str, ...], Ref(("requirement",))] = ()
    """Ids of the legal, regulatory and contractual requirements that apply to the service."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Unit:
    """An organisational unit that provides or supports services."""

    id: Id
    """Unique id other entries use to refer to this unit."""
    name: str
    """Name of the unit, e.g. Infrastructure Operations."""
    manager: StakeholderRef | None = None
    """Stakeholder id of the unit's manager."""
    description: Annotated[str, Markdown()] | None = None
    """What the unit does for the services in scope (Markdown)."""
    locations: Annotated[tuple[str, ...], Ref(("location",))] = ()
    """Ids of the locations the unit works from."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Location:
    """A site services are delivered or supported from."""

    id: Id
    """Unique id other entries use to refer to this location."""
    name: str
    """Name of the location, e.g. Slough data centre."""
    kind: str = "office"
    """What kind of site it is, e.g. office, data-centre, cloud-region."""
    country: str | None = None
    """ISO 3166 country code, e.g. GB."""
    address: str | None = None
    """Postal address or description of the site."""
    provided_by: SupplierRefs = ()
    """Id of the party that runs the site, when another party provides it (e.g. a colocation provider), or a list of ids whose first is the lead."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Party:
    """Another party: a customer or a supplier (external, internal, or a customer acting as a supplier)."""

    id: Id
    """Unique id other entries use to refer to this party."""
    name: str
    """Name of the party."""
    type: PartyType
    """customer, external-supplier (outside the larger organisation), internal-supplier (inside it but outside the SMS), or customer-as-supplier."""
    agreement: str | None = None
    """Reference of the contract or agreement with the party; required for a supplier an in-scope service uses."""
    agreement_start: dt.date | None = None
    """Date the agreement took effect (ISO 8601)."""
    agreement_end: dt.date | None = None
    """Date the agreement ends or must be renewed (ISO 8601); the review dashboard warns ahead of it."""
    provides: tuple[str, ...] = ()
    """What the party supplies, in short phrases."""
    controls: tuple[str, ...] = ()
    """The controls applied to the party under 8.2.3, e.g. monthly service review, right to audit."""
    description: Annotated[str, Markdown()] | None = None
    """More about the party and the relationship (Markdown)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Component:
    """A service component: a platform, application, network or facility a service is built from."""

    id: Id
    """Unique id other entries use to refer to this component."""
    name: str
    """Name of the component."""
    kind: str = "platform"
    """What kind of component it is, e.g. platform, application, network, facility."""
    provided_by: SupplierRefs = ()
    """Id of the party that supplies the component, or a list of ids when several supply it together (the first listed is the lead, the others co-operate); leave empty when the organisation provides it itself."""
    description: Annotated[str, Markdown()] | None = None
    """What the component is and does (Markdown)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Process:
    """An SMS process of clause 8, who owns it and who operates it."""

    id: Id
    """Unique id other entries use to refer to this process."""
    clause: str | None = None
    """The ISO/IEC 20000-1:2018 clause the process implements, e.g. "8.6.1" (quote it); give either this or `clauses`."""
    clauses: tuple[str, ...] = ()
    """The clauses of a process that implements several, e.g. ["8.6.1", "8.6.2"] for incident and service request management (quote them); give either this or `clause`."""
    owner: StakeholderRef
    """Stakeholder id of the process owner."""
    name: str | None = None
    """Name of the process; defaults to the clause title."""
    operated_by: SupplierRefs = ()
    """Id of another party that operates the process, or a list of ids when several operate parts of it (the first listed is the lead); it stays in scope and is controlled under 8.2.3."""
    description: Annotated[str, Markdown()] | None = None
    """How the process works here (Markdown)."""

    @property
    def covers(self) -> tuple[str, ...]:
        """Every clause the process implements: its `clause`, or its `clauses`."""
        return (self.clause,) if self.clause else self.clauses


@dataclass(frozen=True, slots=True, kw_only=True)
class Interface:
    """An interface between two processes, services, units, components or parties."""

    id: Id
    """Unique id other entries use to refer to this interface."""
    between: Annotated[
        tuple[str, ...],
        Ref(("process", "party", "service", "unit", "component")),
        Length(2, 2),
    ]
    """The two ends of the interface: ids of processes, parties, services, units or components."""
    description: str
    """What passes across the interface and why."""
    mechanism: str | None = None
    """How it works, e.g. email-to-ticket, API, weekly meeting."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Exclusion:
    """Something deliberately left out of the SMS scope, with the reason and who approved it."""

    id: Id
    """Unique id of the exclusion."""
    kind: ExclusionKind
    """What is excluded: a service, component, location, unit or customer. Requirements and processes can never be excluded."""
    target: Annotated[str, TargetRef()]
    """Id of the excluded service, component, location, unit or customer."""
    rationale: str
    """Why it is outside the SMS, in a full sentence an auditor can assess."""
    approved_by: StakeholderRef
    """Stakeholder id of the person who approved the exclusion."""
    date: dt.date
    """Date the exclusion was approved (ISO 8601)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Objective:
    """A business objective, or a measurable service management objective that supports one."""

    id: Id
    """Unique id other entries use to refer to this objective."""
    kind: ObjectiveKind
    """business (a goal of the organisation) or sms (a service management objective, 6.2)."""
    statement: str
    """The objective in one sentence."""
    metric: str | None = None
    """How progress is measured; required for an SMS objective."""
    target: str | None = None
    """The value to reach, e.g. 99.95% monthly; required for an SMS objective."""
    owner: StakeholderRef | None = None
    """Stakeholder id of the person accountable for the objective."""
    due: dt.date | None = None
    """Date by which the target is to be met (ISO 8601)."""
    supports: Annotated[tuple[str, ...], Ref(("objective",))] = ()
    """Ids of the business objectives this objective supports."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Risk:
    """A risk to the services in scope (6.1)."""

    id: Id
    """Unique id other entries use to refer to this risk."""
    title: str
    """Short name of the risk."""
    likelihood: Annotated[int, Range(1, 5)]
    """Likelihood from 1 (rare) to 5 (almost certain)."""
    impact: Annotated[int, Range(1, 5)]
    """Impact from 1 (negligible) to 5 (severe)."""
    treatment: str
    """How the risk is treated: the actions taken and planned."""
    owner: StakeholderRef | None = None
    """Stakeholder id of the risk owner."""
    description: Annotated[str, Markdown()] | None = None
    """More about the risk (Markdown)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Requirement:
    """A legal, regulatory or contractual requirement that touches the scope."""

    id: Id
    """Unique id other entries use to refer to this requirement."""
    title: str
    """Name of the requirement, e.g. UK GDPR."""
    kind: RequirementKind
    """legal, regulatory or contractual."""
    applies_to: Annotated[tuple[str, ...], Ref(("service",))] = ()
    """Ids of the services the requirement applies to."""
    reference: str | None = None
    """Citation or contract reference, e.g. Data Protection Act 2018."""
    description: Annotated[str, Markdown()] | None = None
    """What the requirement asks of the services (Markdown)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Stakeholder:
    """A person or group with an interest in the SMS (4.2), and how they are kept informed."""

    id: Id
    """Unique id other entries use to refer to this stakeholder."""
    name: str
    """Name of the person, role holder or group."""
    role: str
    """Their role, e.g. top management, service owner, customer representative."""
    interests: tuple[str, ...] = ()
    """What they need and expect from the SMS."""
    climate: tuple[str, ...] = ()
    """Their requirements related to climate change, where they have any (4.2, Amd 1:2024)."""
    communication: Communication | None = None
    """How and how often they are informed about the scope."""
