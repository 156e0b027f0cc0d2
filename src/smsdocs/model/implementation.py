"""The implementation plan (ISO/IEC TS 20000-5), the register of documented information (7.5.4)
and the internal and external issues (4.1)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Literal

from smsdocs.model.fields import Id, Markdown, Range, Ref, StakeholderRef
from smsdocs.words import N_

ImplementationApproach = Literal["process-subsets", "three-levels"]
IMPLEMENTATION_APPROACHES: dict[ImplementationApproach, str] = {
    "process-subsets": N_("Process subsets, phase by phase"),
    "three-levels": N_("All processes, in three levels of maturity"),
}
PhaseStatus = Literal["planned", "in-progress", "complete"]
PHASE_STATUSES: dict[PhaseStatus, str] = {
    "planned": N_("Planned"),
    "in-progress": N_("In progress"),
    "complete": N_("Complete"),
}
MilestoneKind = Literal["internal-audit", "management-review", "stage-1", "stage-2", "other"]
MILESTONE_KINDS: dict[MilestoneKind, str] = {
    "internal-audit": N_("Internal audit (9.2)"),
    "management-review": N_("Management review (9.3)"),
    "stage-1": N_("Stage 1 audit"),
    "stage-2": N_("Stage 2 audit"),
    "other": N_("Other"),
}
"""What readers see for each kind of milestone."""
ItemStatus = Literal["open", "done"]
ITEM_STATUSES: dict[ItemStatus, str] = {"open": N_("Open"), "done": N_("Done")}
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
ISSUE_KINDS: dict[IssueKind, str] = {"internal": N_("Internal"), "external": N_("External")}


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
