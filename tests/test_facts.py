"""The rules read the scope's sections typed: ``valid("services")`` is a list of ``Service``,
so mypy checks every rule against the model. These tests hold the typing to the contract: a
section added to ``model.Scope`` without its overload, or one typed as another section's
class, fails here rather than leaving its rules unchecked."""

from __future__ import annotations

import typing

from helpers.projects import PROJECTS, TODAY
from smsdocs.model import Scope
from smsdocs.schema import fields_of
from smsdocs.validate import check, sound
from smsdocs.validate.facts import gather_facts
from smsdocs.validate.refs import register_ids
from smsdocs.validate.report import Report
from smsdocs.validate.shape import read_sections


def typed_sections() -> dict[str, type]:
    """Each section an overload of ``Sound.valid`` names, and the class it says its entries are."""
    found: dict[str, type] = {}
    for overload in typing.get_overloads(sound.Sound.valid):
        hints = typing.get_type_hints(overload, vars(sound))
        (name,) = typing.get_args(hints["section"]) or (None,)
        if name is None:  # the plain-str fallback, for a name only known at run time
            continue
        (item,) = typing.get_args(hints["return"])
        found[name] = item
    return found


def test_every_section_of_the_contract_has_its_type() -> None:
    expected = {name: spec.item for name, spec in fields_of(Scope).items()}
    assert typed_sections() == expected


def test_the_typed_entries_are_the_entries_the_scope_is_built_from() -> None:
    """What the rules read, section by section, is what the checked scope holds."""
    from smsdocs.load import load_project

    root = PROJECTS / "minimal"
    scope = check(root, today=TODAY).scope
    assert scope is not None
    report = Report()
    sections = read_sections(load_project(root).pieces, report)
    facts = gather_facts(sections, register_ids(sections, report), TODAY, None)
    for name in typed_sections():
        held = getattr(scope, name)
        as_list = list(held) if isinstance(held, tuple) else [] if held is None else [held]
        assert facts.valid(name) == as_list, name
