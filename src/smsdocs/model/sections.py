"""The sections written as one mapping: the organisation, the SMS and its scope statement,
document control, approvals, the communication of approved versions (and a stakeholder's
communication, a mapping inside an entry)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Literal

from smsdocs.model.fields import Id, Markdown, OneOrMany, Range, Ref, Sha256, StakeholderRef
from smsdocs.words import N_


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
    "relevant": N_("Relevant"),
    "not-relevant": N_("Not relevant"),
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
    "implementing": N_("Being implemented"),
    "operating": N_("In operation"),
    "certified": N_("Certified"),
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


RecipientRefs = Annotated[tuple[str, ...], Ref(("stakeholder", "party")), OneOrMany()]
"""Ids of stakeholders or parties (one id, or a list of them)."""
RecipientRef = Annotated[str, Ref(("stakeholder", "party"))]
"""The id of a stakeholder or a party."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Acknowledgement:
    """A recipient's acknowledgement that they received an approved version (optional: clause 7.4 asks for communication, not for acknowledgement)."""

    by: RecipientRef
    """Id of the stakeholder or party who acknowledged; one of the communication's `to`."""
    date: dt.date
    """Date of the acknowledgement (ISO 8601), on or after the communication's date."""
    pdf_sha256: Sha256 | None = None
    """The SHA-256 of the version's PDF that was acknowledged, as 64 hexadecimal digits (`sha256sum` on Linux, `Get-FileHash` in PowerShell), tying the acknowledgement to the exact file received."""
    record: str | None = None
    """Reference to the record of the acknowledgement, e.g. a reply kept in the mail archive."""


@dataclass(frozen=True, slots=True, kw_only=True)
class VersionCommunication:
    """The communication of one approved version of the scope to relevant stakeholders (4.3, 7.4): to whom, when, how and by whom; recorded after the version was approved and tagged, so it lives in a later commit."""

    id: Id
    """Unique id of this communication record, e.g. comm-v1-2-0-customers."""
    version: str
    """The approved version communicated: the `version` of one of `approvals`, e.g. v1.2.0."""
    date: dt.date
    """Date of the communication (ISO 8601), on or after the version's approval."""
    to: RecipientRefs
    """Ids of the stakeholders and parties the version was communicated to (one id, or a list)."""
    how: str
    """How it was communicated, e.g. email with the PDF attached, or management review."""
    by: StakeholderRef | None = None
    """Stakeholder id of who communicated it."""
    record: str | None = None
    """Reference to the record of the communication, e.g. a mail archive id or the minutes of a meeting."""
    acknowledgements: tuple[Acknowledgement, ...] = ()
    """The recipients' acknowledgements of the version, where the organisation asks for them."""
