"""Who takes part in a service besides the organisation: the parties that operate it, supply
its components or supply it directly, each with its part in words.

The service page's header, its dependency diagram and its table of other parties all read
this one list, so they cannot disagree about who operates what.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final, Literal

from smsdocs.model import Component, Party, Scope, Service
from smsdocs.words import N_, english

Part = Literal["operates", "provides", "supplies"]

_SAID: Final[dict[tuple[Part, bool | None], str]] = {
    ("operates", None): N_("Operates the service"),
    ("operates", True): N_("Operates the service (lead)"),
    ("operates", False): N_("Co-operates the service"),
    ("provides", None): N_("Provides {component}"),
    ("provides", True): N_("Provides {component} (lead)"),
    ("provides", False): N_("Co-provides {component}"),
    ("supplies", None): N_("Supplies the service"),
}
"""A part in words, by the part and the lead (see ``Role.lead``): one sentence each, so a
language words each its own way."""


@dataclass(frozen=True, slots=True)
class Role:
    """One part a party plays in a service."""

    part: Part
    """operates the service, provides a component of it, or supplies the service directly."""
    lead: bool | None = None
    """With others sharing the work: True for the lead (the first listed), False for one of
    the others; None when the party does it alone."""
    component: Component | None = None
    """The component it provides, for ``provides``."""

    def words(self, say: Callable[[str], str] = english) -> str:
        """The role as readers see it, e.g. 'Operates the service (lead)', in the manual's
        language (``say``)."""
        said = say(_SAID[(self.part, None if self.part == "supplies" else self.lead)])
        if self.part == "provides":
            assert self.component is not None
            said = said.format(component=self.component.name)
        return said


@dataclass(frozen=True, slots=True)
class Involved:
    """A party that takes part in a service, and every part it plays."""

    party: Party
    roles: tuple[Role, ...]

    @property
    def operates(self) -> bool:
        return any(r.part == "operates" for r in self.roles)


def _shared(ids: Sequence[str], index: int) -> bool | None:
    return None if len(ids) < 2 else index == 0


def involved(scope: Scope, service: Service) -> tuple[Involved, ...]:
    """Every party that operates ``service``, provides one of its components or supplies it
    directly, operators first (the lead first), in the order the scope lists them."""
    roles: dict[str, list[Role]] = {}
    for index, ident in enumerate(service.operated_by):
        roles.setdefault(ident, []).append(Role("operates", _shared(service.operated_by, index)))
    for component in (scope.index.get(i) for i in service.components):
        if not isinstance(component, Component):
            continue
        for index, ident in enumerate(component.provided_by):
            roles.setdefault(ident, []).append(
                Role("provides", _shared(component.provided_by, index), component)
            )
    for ident in service.suppliers:
        if ident not in roles:
            roles[ident] = [Role("supplies")]
    out = []
    for ident, found in roles.items():
        party = scope.index.get(ident)
        if isinstance(party, Party):
            out.append(Involved(party, tuple(found)))
    return tuple(out)
