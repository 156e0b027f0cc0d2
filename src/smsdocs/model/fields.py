"""What a field of the contract may hold: the metadata the validator and the schema read from
its annotation (``Ref``, ``Range``, ``Length``, ``IdField``, ``Markdown``, ``OneOrMany``,
``TargetRef``), the id syntax, and each set of allowed values with what readers see for it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from smsdocs.words import N_


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
class Pattern:
    """Text of a fixed form, as a regular expression the whole value matches (JSON Schema's
    dialect, which Python's ``re`` reads alike for the patterns used here)."""

    regex: str


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
    "pipeline": N_("Pipeline"),
    "live": N_("Live"),
    "retiring": N_("Retiring"),
}
PartyType = Literal["customer", "external-supplier", "internal-supplier", "customer-as-supplier"]
PARTY_TYPES: dict[PartyType, str] = {
    "customer": N_("Customer"),
    "external-supplier": N_("External supplier"),
    "internal-supplier": N_("Internal supplier"),
    "customer-as-supplier": N_("Customer acting as supplier"),
}
ExclusionKind = Literal["service", "component", "location", "unit", "customer"]
EXCLUSION_KINDS: dict[ExclusionKind, str] = {
    "service": N_("Service"),
    "component": N_("Component"),
    "location": N_("Location"),
    "unit": N_("Unit"),
    "customer": N_("Customer"),
}
ObjectiveKind = Literal["business", "sms"]
OBJECTIVE_KINDS: dict[ObjectiveKind, str] = {
    "business": N_("Business objective"),
    "sms": N_("Service management objective"),
}
RequirementKind = Literal["legal", "regulatory", "contractual"]
REQUIREMENT_KINDS: dict[RequirementKind, str] = {
    "legal": N_("Legal"),
    "regulatory": N_("Regulatory"),
    "contractual": N_("Contractual"),
}

CUSTOMER_TYPES: tuple[str, ...] = ("customer", "customer-as-supplier")
SUPPLIER_TYPES: tuple[str, ...] = ("external-supplier", "internal-supplier", "customer-as-supplier")

SHA256_PATTERN = r"^[0-9A-Fa-f]{64}$"
"""A SHA-256 as ``sha256sum`` (lower case) or PowerShell's ``Get-FileHash`` (upper case) print it."""
Sha256 = Annotated[str, Pattern(SHA256_PATTERN)]

Id = Annotated[str, IdField()]
StakeholderRef = Annotated[str, Ref(("stakeholder",))]
SupplierRefs = Annotated[tuple[str, ...], Ref(("party",), SUPPLIER_TYPES), OneOrMany()]
"""One supplier party's id, or a list of them whose first is the lead."""
