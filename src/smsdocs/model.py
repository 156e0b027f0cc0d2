"""The scope data contract: frozen dataclasses for every section under ``scope/``.

The field names are a contract with users' files. Each field's docstring is its user-facing
description: it feeds the JSON Schema (``smsdocs schema``) and the user guide. Field
annotations carry the rules the validator applies generically: ``Ref`` for references by id,
``Range`` for bounded integers, ``Length`` for list sizes, ``IdField`` for ids and
``Markdown`` for text rendered as Markdown. No I/O happens here.

It is the one module of the package over 600 lines, on purpose: the contract is read as one
page, a section's dataclass beside the next, each field with its description.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from smsdocs import standards

# --------------------------------------------------------------------------------------------
# Field metadata read by the validator and the schema generator.


@dataclass(frozen=True, slots=True)
class Ref:
    """The value is the id of an entry of one of ``kinds`` (and, for parties, one of ``types``)."""

    kinds: tuple[str, ...]
    types: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Range:
    """An integer between ``low`` and ``high`` inclusive."""

    low: int
    high: int | None = None


@dataclass(frozen=True, slots=True)
class Length:
    """A list with at least ``low`` and at most ``high`` items."""

    low: int
    high: int | None = None


@dataclass(frozen=True, slots=True)
class IdField:
    """The entry's own id: unique across the whole scope (in any letter case), matching
    ``ID_PATTERN``, at most ``MAX_ID_LENGTH`` characters."""


@dataclass(frozen=True, slots=True)
class Markdown:
    """Authored text rendered as Markdown (raw HTML neutralised), not shown verbatim."""


@dataclass(frozen=True, slots=True)
class OneOrMany:
    """A list that may also be written as its single item: ``operated_by: colo`` is
    ``operated_by: [colo]``, so files written when the field took one id keep working."""


@dataclass(frozen=True, slots=True)
class TargetRef:
    """An exclusion target: an id whose kind is given by the exclusion's ``kind`` field."""


ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
MAX_ID_LENGTH = 64
"""Ids name the files of their pages and the anchors of links, so they stay short enough for
any file system (and ids differing only in letter case are refused for the same reason)."""

# Each set of allowed values, with what readers see for each (site, PDF and DOCX alike): the
# scope stores 'in-progress', the manual says 'In progress'.
ServiceStatus = Literal["pipeline", "live", "retiring"]
SERVICE_STATUSES: dict[ServiceStatus, str] = {
    "pipeline": "Pipeline",
    "live": "Live",
    "retiring": "Retiring",
}
PartyType = Literal["customer", "external-supplier", "internal-supplier", "customer-as-supplier"]
PARTY_TYPES: dict[PartyType, str] = {
    "customer": "Customer",
    "external-supplier": "External supplier",
    "internal-supplier": "Internal supplier",
    "customer-as-supplier": "Customer acting as supplier",
}
ExclusionKind = Literal["service", "component", "location", "unit", "customer"]
EXCLUSION_KINDS: dict[ExclusionKind, str] = {
    "service": "Service",
    "component": "Component",
    "location": "Location",
    "unit": "Unit",
    "customer": "Customer",
}
ObjectiveKind = Literal["business", "sms"]
OBJECTIVE_KINDS: dict[ObjectiveKind, str] = {
    "business": "Business objective",
    "sms": "Service management objective",
}
RequirementKind = Literal["legal", "regulatory", "contractual"]
REQUIREMENT_KINDS: dict[RequirementKind, str] = {
    "legal": "Legal",
    "regulatory": "Regulatory",
    "contractual": "Contractual",
}

CUSTOMER_TYPES: tuple[str, ...] = ("customer", "customer-as-supplier")
SUPPLIER_TYPES: tuple[str, ...] = ("external-supplier", "internal-supplier", "customer-as-supplier")

Id = Annotated[str, IdField()]
StakeholderRef = Annotated[str, Ref(("stakeholder",))]
SupplierRefs = Annotated[tuple[str, ...], Ref(("party",), SUPPLIER_TYPES), OneOrMany()]
"""One supplier party's id, or a list of them whose first is the lead."""

# --------------------------------------------------------------------------------------------
# Single-mapping sections.


@dataclass(frozen=True, slots=True, kw_only=True)
class Organization:
    """The service provider whose SMS this is."""

    name: str
    """Legal or formal name of the organisation, as it appears on the cover of the manual."""
    short_name: str | None = None
    """Short name used in running text; defaults to `name`."""
    parent: str | None = None
    """The larger organisation this provider belongs to, if any (its other parts are internal suppliers)."""


ClimateDecisionKind = Literal["relevant", "not-relevant"]
CLIMATE_DECISIONS: dict[ClimateDecisionKind, str] = {
    "relevant": "Relevant",
    "not-relevant": "Not relevant",
}
"""What readers see for the organisation's decision on climate change (4.1, Amd 1:2024)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ClimateDecision:
    """Whether climate change is a relevant issue for the organisation (4.1, as amended by ISO/IEC 20000-1:2018/Amd 1:2024), why, when and by whom it was decided."""

    decision: ClimateDecisionKind
    """relevant or not-relevant: whether climate change is a relevant issue for the SMS."""
    reasoning: Annotated[str, Markdown()]
    """Why: the issues considered (sites, energy, suppliers, customers' demands) and what follows from the decision (Markdown)."""
    date: dt.date
    """When the decision was taken or last confirmed."""
    decided_by: StakeholderRef
    """Stakeholder id of who decided, usually top management."""


SmsStage = Literal["implementing", "operating", "certified"]
SMS_STAGES: dict[SmsStage, str] = {
    "implementing": "Being implemented",
    "operating": "In operation",
    "certified": "Certified",
}
"""What readers see for the stage the SMS is at."""


@dataclass(frozen=True, slots=True, kw_only=True)
class IntegratedStandard:
    """Another management system standard the SMS is integrated with, in an integrated management system (e.g. ISO 9001 for quality)."""

    standard: str
    """The standard, without its edition, e.g. ISO 9001 or ISO/IEC 27001."""
    edition: str | None = None
    """Its edition, e.g. "2015" (quote it)."""
    certificate: str | None = None
    """Number of the certificate of conformity to it, where that system is certified; leave empty if it is not."""
    certified_by: str | None = None
    """The certification body that issued the certificate."""
    shared: tuple[str, ...] = ()
    """What the SMS shares with that system, in short phrases, e.g. document control, internal audit, management review."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Sms:
    """Why the SMS exists and the formal statement of its scope (clause 4.3)."""

    purpose: Annotated[str, Markdown()]
    """Why the SMS exists and what it supports: the business goals and customers it serves."""
    statement: Annotated[str, Markdown()]
    """The formal scope statement: the services, the units and locations that deliver them, and the boundaries."""
    standard: str = "ISO/IEC 20000-1:2018"
    """The edition of ISO/IEC 20000-1 the SMS conforms to, with its amendments, e.g. ISO/IEC 20000-1:2018 + Amd 1:2024; name other standards under `integrated_with`."""
    integrated_with: tuple[IntegratedStandard, ...] = ()
    """The other management system standards the SMS is integrated with (an integrated management system), each with its edition, certificate and what the systems share."""
    climate: ClimateDecision | None = None
    """The decision whether climate change is a relevant issue (4.1, Amd 1:2024)."""
    stage: SmsStage = "implementing"
    """Where the SMS stands: implementing (being put in place), operating (in operation, not certified) or certified (certified to the standard, and kept certified); it sets how the implementation chapter speaks."""
    catalogue_terms: tuple[str, ...] = ()
    """Words the scope statement may use for the service catalogue besides 'service catalogue', such as Service Portfolio or dienstencatalogus (the check accepts any of them)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Document:
    """Document control for the manual (clause 7.5)."""

    id: str
    """Document identifier printed on every page, e.g. NW-SMS-001."""
    title: str
    """Title of the manual."""
    owner: StakeholderRef
    """Stakeholder id of the person accountable for the manual."""
    classification: str = "Internal"
    """Information classification printed on every page, e.g. Internal or Confidential."""
    review_months: Annotated[int, Range(1, 60)] = 12
    """How many months may pass between reviews; the next review falls due this long after the latest approval."""
    next_review: dt.date | None = None
    """Date of the next planned review (ISO 8601); overrides the date derived from `review_months`."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Approval:
    """Management approval of one released version of the scope."""

    version: str
    """The released version approved, the git tag name, e.g. v1.2.0."""
    by: StakeholderRef
    """Stakeholder id of the approver (top management)."""
    date: dt.date
    """Date of the approval (ISO 8601)."""
    record: str | None = None
    """Reference to the record of the decision, e.g. management review minutes MR-2026-01."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Communication:
    """How and how often a stakeholder is kept informed about the SMS scope."""

    channel: str
    """The channel used, e.g. monthly service review meeting or intranet news."""
    frequency: str
    """How often, e.g. monthly, quarterly, on every scope change."""


# --------------------------------------------------------------------------------------------
# List sections: entries with ids.


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


# --------------------------------------------------------------------------------------------
# Implementation (ISO/IEC TS 20000-5) and documented information (7.5.4).

ImplementationApproach = Literal["process-subsets", "three-levels"]
IMPLEMENTATION_APPROACHES: dict[ImplementationApproach, str] = {
    "process-subsets": "Process subsets, phase by phase",
    "three-levels": "All processes, in three levels of maturity",
}
PhaseStatus = Literal["planned", "in-progress", "complete"]
PHASE_STATUSES: dict[PhaseStatus, str] = {
    "planned": "Planned",
    "in-progress": "In progress",
    "complete": "Complete",
}
MilestoneKind = Literal["internal-audit", "management-review", "stage-1", "stage-2", "other"]
MILESTONE_KINDS: dict[MilestoneKind, str] = {
    "internal-audit": "Internal audit (9.2)",
    "management-review": "Management review (9.3)",
    "stage-1": "Stage 1 audit",
    "stage-2": "Stage 2 audit",
    "other": "Other",
}
"""What readers see for each kind of milestone."""
ItemStatus = Literal["open", "done"]
ITEM_STATUSES: dict[ItemStatus, str] = {"open": "Open", "done": "Done"}
ProcessRef = Annotated[str, Ref(("process",))]
# The keys of standards.DOCUMENTED_INFORMATION, in its order, as the type the contract
# checks against (a test holds the two equal).
DocumentItem = Literal[
    "scope",
    "policy-objectives",
    "sm-plan",
    "policies-plans",
    "processes",
    "service-requirements",
    "catalogue",
    "slas",
    "supplier-contracts",
    "internal-agreements",
    "procedures",
    "records",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class BusinessCase:
    """Why the organisation implements the SMS, and what it costs and gains."""

    sponsor: StakeholderRef
    """Stakeholder id of the sponsor in top management."""
    summary: Annotated[str, Markdown()]
    """The case for the SMS in a paragraph (Markdown)."""
    benefits: tuple[str, ...] = ()
    """Expected benefits, each a short phrase."""
    costs: tuple[str, ...] = ()
    """Expected costs and effort, each a short phrase."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Baseline:
    """The baseline assessment (gap analysis) the plan starts from."""

    date: dt.date
    """Date of the assessment (ISO 8601)."""
    method: str
    """How the baseline was assessed, e.g. interviews and a document review against each clause."""
    assessor: str
    """Who assessed it: a person, team or consultancy."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Maturity:
    """Baseline and target maturity of one SMS process, on a 0 to 5 scale."""

    process: ProcessRef
    """Id of the process."""
    baseline: Annotated[int, Range(0, 5)]
    """Maturity found by the baseline assessment, from 0 (absent) to 5 (optimised)."""
    target: Annotated[int, Range(0, 5)]
    """Maturity the plan aims for; at least the baseline."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Phase:
    """A phase of the implementation plan."""

    id: str
    """Short id of the phase, unique within the plan."""
    name: str
    """Name of the phase."""
    start: dt.date
    """First day of the phase (ISO 8601)."""
    end: dt.date
    """Last day of the phase (ISO 8601); on or after the start."""
    processes: Annotated[tuple[str, ...], Ref(("process",))] = ()
    """With the process-subsets approach: ids of the processes implemented in this phase."""
    level: Annotated[int, Range(1, 3)] | None = None
    """With the three-levels approach: the level (1 to 3) the whole SMS reaches in this phase."""
    exit_criteria: tuple[str, ...] = ()
    """What must be true to close the phase."""
    status: PhaseStatus = "planned"
    """planned, in-progress or complete."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Milestone:
    """A dated milestone: internal audit, management review, certification audits, others."""

    id: str
    """Short id of the milestone, unique within the plan."""
    name: str
    """Name of the milestone."""
    kind: MilestoneKind
    """internal-audit (9.2), management-review (9.3), stage-1, stage-2 or other."""
    date: dt.date
    """Planned or actual date (ISO 8601)."""
    status: ItemStatus = "open"
    """open until it has happened, then done."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Challenge:
    """An implementation challenge and how it is met."""

    challenge: str
    """The challenge, in a sentence."""
    mitigation: str
    """How the organisation meets it."""
    owner: StakeholderRef | None = None
    """Stakeholder id of the person who owns the mitigation."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ReadinessItem:
    """One item of the certification readiness checklist."""

    item: str
    """What must be in place before the certification audit."""
    status: ItemStatus = "open"
    """open or done."""
    evidence: str | None = None
    """Where the evidence is, once done."""


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditAction:
    """An action after an audit: a finding and what is done about it."""

    finding: str
    """The audit finding."""
    action: str
    """The corrective or improvement action."""
    owner: StakeholderRef | None = None
    """Stakeholder id of the action owner."""
    due: dt.date | None = None
    """Date the action is due (ISO 8601)."""
    status: ItemStatus = "open"
    """open or done."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Implementation:
    """The plan to implement the SMS, structured after ISO/IEC TS 20000-5."""

    approach: ImplementationApproach
    """process-subsets (a subset of processes per phase) or three-levels (the whole SMS through three levels)."""
    business_case: BusinessCase | None = None
    """Why the SMS is implemented: sponsor, benefits, costs."""
    baseline: Baseline | None = None
    """The baseline assessment (gap analysis)."""
    maturity: tuple[Maturity, ...] = ()
    """Baseline and target maturity per process."""
    phases: tuple[Phase, ...] = ()
    """The phases of the plan, in order."""
    milestones: tuple[Milestone, ...] = ()
    """Internal audits, management reviews, stage 1 and stage 2 audits and other milestones."""
    challenges: tuple[Challenge, ...] = ()
    """Implementation challenges and their mitigation."""
    readiness: tuple[ReadinessItem, ...] = ()
    """The certification readiness checklist."""
    post_audit: tuple[AuditAction, ...] = ()
    """Actions after the audits."""


@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentRecord:
    """A document of the SMS's documented information (7.5.4)."""

    id: Id
    """Unique id of the document."""
    title: str
    """Title of the document."""
    item: DocumentItem
    """Which item of the 7.5.4 list it provides (scope, policy-objectives, sm-plan, ...)."""
    owner: StakeholderRef | None = None
    """Stakeholder id of the document owner."""
    link: str | None = None
    """Where to find it: an intranet address or a document-management reference."""
    review: dt.date | None = None
    """Date of its next review (ISO 8601)."""
    clauses: tuple[str, ...] = ()
    """ISO/IEC 20000-1:2018 clauses the document addresses, e.g. ["5.2", "5.2.1"] (quote them)."""


IssueKind = Literal["internal", "external"]
ISSUE_KINDS: dict[IssueKind, str] = {"internal": "Internal", "external": "External"}


@dataclass(frozen=True, slots=True, kw_only=True)
class Issue:
    """An internal or external issue relevant to the organisation's purpose that affects what its SMS can achieve (4.1)."""

    id: Id
    """Unique id other entries use to refer to this issue."""
    kind: IssueKind
    """internal (arising inside the organisation) or external (from its environment: market, law, technology, partners, climate)."""
    title: str
    """The issue in one line."""
    description: Annotated[str, Markdown()] | None = None
    """More about the issue and its effect on the SMS (Markdown)."""
    risks: Annotated[tuple[str, ...], Ref(("risk",))] = ()
    """Ids of the risks in the register that arise from this issue (6.1)."""
    objectives: Annotated[tuple[str, ...], Ref(("objective",))] = ()
    """Ids of the objectives that respond to this issue (6.2)."""


# --------------------------------------------------------------------------------------------
# The whole scope.


@dataclass(frozen=True, slots=True)
class Release:
    """The version of the scope a build shows, and whether management approved it."""

    version: str
    """A release tag such as v1.2.0, or a 'git describe' string for a draft."""
    status: str
    """'Approved' at an approved release tag, 'Draft' anywhere else."""
    detail: str = ""
    """Why a build is a draft, when that is not obvious."""


@dataclass(frozen=True, slots=True)
class Change:
    """One difference between two versions of the scope."""

    section: str
    """The section, e.g. 'services' or 'sms'."""
    id: str
    """The entry's id (an approval's version; a single section's own name)."""
    change: Literal["added", "removed", "changed"]
    fields: tuple[tuple[str, object, object], ...] = ()
    """(field, old value, new value) for every field that differs, as JSON-ready values; for
    an entry added or removed, every field it has."""
    name: str = ""
    """The entry's name or title as readers know it (the newer version's), where it has one."""
    names: tuple[tuple[str, str], ...] = ()
    """(id, name) of the entries the fields refer to, each named by the version that refers
    to it, so that a reader of the change sees names rather than ids."""


@dataclass(frozen=True, slots=True)
class ReleaseRecord:
    """A release of the scope: an annotated git tag, and what changed since the one before."""

    tag: str
    date: str
    tagger: str
    message: str
    changes: tuple[Change, ...] | None = None
    """None for the first release, or when the scope at either tag could not be read."""
    problem: str = ""
    """Why the changes could not be worked out, when they could not."""
    signature: str = ""
    """Whether the tag is signed, as git verifies it where the manual is built: "unsigned",
    "verified" with who signed and the key's fingerprint after a colon, "not verified", or
    empty where it was not asked."""


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


def name_of(scope: Scope, ident: str) -> str:
    """What readers call the entry ``ident``: its name or title (a process without one, its
    clause's title; an objective, its statement); the id itself where there is no entry."""
    entry = scope.index.get(ident)
    if isinstance(entry, Process) and not entry.name:
        titles = [standards.CLAUSES.get(c, c) for c in entry.covers]
        return _and(titles) if titles else ident
    # Entries without a name are called by what they say: an objective by its statement, an
    # interface by the two ends it joins, an exclusion by what it excludes.
    if isinstance(entry, Objective):
        return entry.statement.strip().removesuffix(".")
    if isinstance(entry, Interface):
        return " ↔ ".join(name_of(scope, end) for end in entry.between)
    if isinstance(entry, Exclusion):
        return f"Exclusion of {name_of(scope, entry.target)}"
    for attr in ("name", "title"):
        value = getattr(entry, attr, None)
        if isinstance(value, str) and value:
            return value
    return ident


def _and(words: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


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


def label(value: str) -> str:
    """What readers see for a stored value: its label where the contract names one, else the
    value made readable (a free kind such as 'data-centre' reads 'Data centre')."""
    if value in _LABEL_OF:
        return _LABEL_OF[value]
    words = value.replace("-", " ").replace("_", " ").strip()
    return words[:1].upper() + words[1:]
