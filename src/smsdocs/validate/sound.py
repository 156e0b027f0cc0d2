"""Typed access to the sound entries of each section: ``valid("services")`` is a list of
``Service``, ``valid("sms")`` of ``Sms`` (one at most), so mypy checks every rule that reads
them. ``Sections`` (pass 1) and the rules' ``Facts`` both give it.

Imports ``model``, nothing else of the package.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal, overload

from smsdocs.model import (
    Approval,
    Component,
    Document,
    DocumentRecord,
    Exclusion,
    Implementation,
    Interface,
    Issue,
    Location,
    Objective,
    Organization,
    Party,
    Process,
    Requirement,
    Risk,
    Service,
    Sms,
    Stakeholder,
    Unit,
    VersionCommunication,
)


class Sound:
    """The sound entries of a section, typed by its name (one overload a section of
    ``model.Scope``; a name only known when the check runs gives plain objects)."""

    __slots__ = ()

    def sound(self, section: str) -> list[Any]:
        """The model objects of the entries of ``section`` whose shape is sound."""
        raise NotImplementedError  # pragma: no cover - every subclass gives it

    @overload
    def valid(self, section: Literal["organization"]) -> list[Organization]: ...
    @overload
    def valid(self, section: Literal["sms"]) -> list[Sms]: ...
    @overload
    def valid(self, section: Literal["document"]) -> list[Document]: ...
    @overload
    def valid(self, section: Literal["services"]) -> list[Service]: ...
    @overload
    def valid(self, section: Literal["approvals"]) -> list[Approval]: ...
    @overload
    def valid(self, section: Literal["units"]) -> list[Unit]: ...
    @overload
    def valid(self, section: Literal["locations"]) -> list[Location]: ...
    @overload
    def valid(self, section: Literal["parties"]) -> list[Party]: ...
    @overload
    def valid(self, section: Literal["components"]) -> list[Component]: ...
    @overload
    def valid(self, section: Literal["processes"]) -> list[Process]: ...
    @overload
    def valid(self, section: Literal["interfaces"]) -> list[Interface]: ...
    @overload
    def valid(self, section: Literal["exclusions"]) -> list[Exclusion]: ...
    @overload
    def valid(self, section: Literal["objectives"]) -> list[Objective]: ...
    @overload
    def valid(self, section: Literal["risks"]) -> list[Risk]: ...
    @overload
    def valid(self, section: Literal["requirements"]) -> list[Requirement]: ...
    @overload
    def valid(self, section: Literal["stakeholders"]) -> list[Stakeholder]: ...
    @overload
    def valid(self, section: Literal["implementation"]) -> list[Implementation]: ...
    @overload
    def valid(self, section: Literal["documents"]) -> list[DocumentRecord]: ...
    @overload
    def valid(self, section: Literal["issues"]) -> list[Issue]: ...
    @overload
    def valid(self, section: Literal["communications"]) -> list[VersionCommunication]: ...
    @overload
    def valid(self, section: str) -> Sequence[object]: ...
    def valid(self, section: str) -> Sequence[object]:
        """The model objects of the entries of ``section`` whose shape is sound."""
        return self.sound(section)
