"""The JSON Schema editors use: generated from the model, committed, and true to the checker."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from conftest import PROJECTS, REPO
from smsdocs import model
from smsdocs.schema import docs_of, fields_of, json_schema

COMMITTED = REPO / "scope" / "scope.schema.json"
MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")


class _JsonLikeLoader(yaml.SafeLoader):
    """Reads YAML as an editor's language server does: dates stay strings."""


_JsonLikeLoader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def as_editor_sees(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_JsonLikeLoader)


def test_committed_schema_is_up_to_date() -> None:
    expected = json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
    assert COMMITTED.read_text(encoding="utf-8") == expected, "run 'make schema'"


def test_schema_is_valid_draft_2020_12() -> None:
    jsonschema.Draft202012Validator.check_schema(json_schema())


def _model_classes() -> list[type]:
    seen: list[type] = []
    todo: list[type] = [model.Scope]
    while todo:
        cls = todo.pop()
        if cls in seen:
            continue
        seen.append(cls)
        todo.extend(s.item for s in fields_of(cls).values() if s.item is not None)
    return seen


@pytest.mark.parametrize("cls", _model_classes(), ids=lambda c: c.__name__)
def test_every_field_is_documented(cls: type) -> None:
    docs = docs_of(cls)
    assert [name for name in fields_of(cls) if not docs.get(name)] == []
    assert cls.__doc__


def test_descriptions_reach_the_schema() -> None:
    service = json_schema()["$defs"]["Service"]["properties"]
    assert service["units"]["description"] == (
        "Ids of the organisational units that provide and support the service."
    )


def scope_files(root: Path) -> list[Path]:
    return sorted(p for p in (root / "scope").rglob("*.y*ml"))


@pytest.mark.parametrize(
    "path", scope_files(REPO), ids=lambda p: p.relative_to(REPO / "scope").as_posix()
)
def test_example_file_points_editors_at_the_schema(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = MODELINE.match(first)
    assert match, f"{path.name} does not start with the yaml-language-server modeline"
    assert (path.parent / match.group(1)).resolve() == COMMITTED.resolve()


@pytest.mark.parametrize(
    "path",
    scope_files(REPO) + scope_files(PROJECTS / "minimal"),
    ids=lambda p: "/".join(p.parts[-3:]),
)
def test_valid_files_satisfy_the_schema(path: Path) -> None:
    validator = jsonschema.Draft202012Validator(json_schema())
    errors = [
        f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(as_editor_sees(path))
    ]
    assert errors == []


@pytest.mark.parametrize(
    ("document", "complaint"),
    [
        (
            {
                "services": [
                    {"id": "a", "name": "A", "summary": "s", "category": "c", "stauts": "live"}
                ]
            },
            "stauts",
        ),
        (
            {
                "services": [
                    {"id": "a", "name": "A", "summary": "s", "category": "c", "status": "gone"}
                ]
            },
            "gone",
        ),
        (
            {"risks": [{"id": "r", "title": "t", "likelihood": 7, "impact": 1, "treatment": "x"}]},
            "7",
        ),
        ({"servces": []}, "servces"),
        (
            {
                "exclusions": [
                    {
                        "id": "e",
                        "kind": "process",
                        "target": "x",
                        "rationale": "r",
                        "approved_by": "a",
                        "date": "2026-01-01",
                    }
                ]
            },
            "process",
        ),
    ],
)
def test_schema_flags_what_the_checker_flags(document: dict[str, Any], complaint: str) -> None:
    messages = [
        e.message for e in jsonschema.Draft202012Validator(json_schema()).iter_errors(document)
    ]
    assert any(complaint in m for m in messages), messages


def test_the_7_5_4_items_of_the_contract_are_the_standard_list() -> None:
    import typing

    from smsdocs import model, standards

    assert typing.get_args(model.DocumentItem) == tuple(
        key for key, _ in standards.DOCUMENTED_INFORMATION
    )


def _enum_fields() -> list[tuple[str, str, tuple[str, ...]]]:
    """(class, field, allowed values) of every field of the contract with a fixed set."""
    return [
        (cls.__name__, spec.name, spec.choices)
        for cls in _model_classes()
        for spec in fields_of(cls).values()
        if spec.choices
    ]


def test_every_allowed_value_has_one_label_for_readers() -> None:
    fields = _enum_fields()
    assert len(fields) >= 10  # the walk reaches the nested sections (phases, milestones...)
    labels: dict[str, str] = {}
    for labelled in model.LABELS.values():
        for value, shown in labelled.items():
            assert labels.setdefault(value, shown) == shown, f"{value!r} has two labels"
    for cls, name, choices in fields:
        if (cls, name) == ("DocumentRecord", "item"):
            continue  # the 7.5.4 items are shown by the standard's own titles
        missing = [value for value in choices if value not in labels]
        assert missing == [], f"{cls}.{name}: no label for {missing}"
        assert all(model.label(value) == labels[value] for value in choices)
