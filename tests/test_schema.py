"""The JSON Schema editors use: generated from the model, committed, and true to the checker."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from helpers.contract import as_editor_sees, model_classes
from helpers.projects import PROJECTS, REPO, copy_project
from smsdocs import model
from smsdocs.schema import docs_of, fields_of, json_schema

COMMITTED = REPO / "scope" / "scope.schema.json"
MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")


def test_committed_schema_is_up_to_date() -> None:
    expected = json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
    assert COMMITTED.read_text(encoding="utf-8") == expected, "run 'make schema'"


def test_schema_is_valid_draft_2020_12() -> None:
    jsonschema.Draft202012Validator.check_schema(json_schema())


@pytest.mark.parametrize("cls", model_classes(), ids=lambda c: c.__name__)
def test_every_field_is_documented(cls: type) -> None:
    docs = docs_of(cls)
    assert [name for name in fields_of(cls) if not docs.get(name)] == []
    assert cls.__doc__


def test_descriptions_reach_the_schema() -> None:
    service = json_schema()["$defs"]["Service"]["properties"]
    assert service["units"]["description"] == (
        "Ids of the organisational units that provide and support the service."
    )


def test_the_climate_decision_is_in_the_schema() -> None:
    """ISO/IEC 20000-1:2018/Amd 1:2024: the 4.1 decision under 'sms', the 4.2 requirements
    on each stakeholder, each with the description an editor shows."""
    defs = json_schema()["$defs"]
    sms = defs["Sms"]["properties"]
    assert "4.1, Amd 1:2024" in sms["climate"]["description"]
    decision = defs["ClimateDecision"]
    assert decision["required"] == ["decision", "reasoning", "date", "decided_by"]
    assert decision["properties"]["decision"]["enum"] == ["relevant", "not-relevant"]
    assert all(p["description"] for p in decision["properties"].values())
    climate = defs["Stakeholder"]["properties"]["climate"]
    assert "4.2, Amd 1:2024" in climate["description"]


@pytest.mark.parametrize(
    ("section", "entry"),
    [
        ("services", {"id": "s", "name": "S", "summary": "s", "category": "c"}),
        ("processes", {"id": "p", "clause": "8.6.1", "owner": "o"}),
        ("components", {"id": "c", "name": "C"}),
        ("locations", {"id": "l", "name": "L"}),
    ],
)
def test_operators_are_one_id_or_a_list_in_the_schema(section: str, entry: dict[str, Any]) -> None:
    """'operated_by' and 'provided_by' take one id, as they always did, or a list of ids
    whose first is the lead, and the description says so."""
    field = "provided_by" if section in ("components", "locations") else "operated_by"
    validator = jsonschema.Draft202012Validator(json_schema())
    for value in ("colo", ["colo", "partner-b"], None):
        assert list(validator.iter_errors({section: [{**entry, field: value}]})) == []
    for value in ("bad id", ["bad id"], {"lead": "colo"}):
        assert list(validator.iter_errors({section: [{**entry, field: value}]})) != []
    definition = {"services": "Service", "processes": "Process"}.get(section, section[:-1].title())
    described = json_schema()["$defs"][definition]["properties"][field]["description"]
    assert "a list of ids" in described and "lead" in described


def test_a_process_names_one_clause_or_several_in_the_schema() -> None:
    validator = jsonschema.Draft202012Validator(json_schema())
    several = {"id": "p", "clauses": ["8.6.1", "8.6.2"], "owner": "o"}
    assert list(validator.iter_errors({"processes": [several]})) == []
    assert list(validator.iter_errors({"processes": [{**several, "clauses": "8.6.1"}]})) != []
    described = json_schema()["$defs"]["Process"]["properties"]["clauses"]["description"]
    assert "8.6.1" in described and "either this or `clause`" in described


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
    scope_files(REPO) + scope_files(PROJECTS / "minimal") + scope_files(PROJECTS / "federated"),
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
        (
            {
                "communications": [
                    {
                        "id": "c",
                        "version": "v1.0.0",
                        "date": "2026-01-02",
                        "to": "ceo",
                        "how": "email",
                        "acknowledgements": [
                            {"by": "ceo", "date": "2026-01-03", "pdf_sha256": "3f3f3f"}
                        ],
                    }
                ]
            },
            "'3f3f3f' does not match",
        ),
    ],
)
def test_schema_flags_what_the_checker_flags(document: dict[str, Any], complaint: str) -> None:
    def messages(errors: Any) -> list[str]:
        """Each error's message, and those under it (an editor shows the innermost)."""
        return [m for e in errors for m in (e.message, *messages(e.context))]

    found = messages(jsonschema.Draft202012Validator(json_schema()).iter_errors(document))
    assert any(complaint in m for m in found), found


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
        for cls in model_classes()
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


_CLIENT_CASES = {
    "hours: 24": ("services.yaml", "    owner: manager\n", "    owner: manager\n    hours: 24\n"),
    "id: 123": (
        "people.yaml",
        "stakeholders:\n",
        "stakeholders:\n  - {id: 123, name: N, role: r}\n",
    ),
    "likelihood: 2.0": ("exclusions.yaml", "likelihood: 2,", "likelihood: 2.0,"),
    "processes 8.2.1 and 8.2.3": (
        "processes.yaml",
        "processes:\n",
        'processes:\n  - {id: p-del, clause: "8.2.1", owner: manager}\n'
        '  - {id: p-par, clause: "8.2.3", owner: manager}\n',
    ),
    'name: "   "': (
        "people.yaml",
        "stakeholders:\n",
        'stakeholders:\n  - {id: n, name: "   ", role: r}\n',
    ),
    "likelihood: true": ("exclusions.yaml", "likelihood: 2,", "likelihood: true,"),
    "id: 1.5": (
        "people.yaml",
        "stakeholders:\n",
        "stakeholders:\n  - {id: 1.5, name: N, role: r}\n",
    ),
}


@pytest.mark.parametrize("case", list(_CLIENT_CASES))
@pytest.mark.client
def test_check_jsonschema_and_the_check_agree(tmp_path: Path, case: str) -> None:
    """The cases where the two once disagreed, tried with check-jsonschema itself: the file
    the edit touches passes it exactly when `smsdocs check` finds no error."""
    import shutil
    import subprocess
    import sys

    beside = Path(sys.executable).parent / "check-jsonschema"
    client = str(beside) if beside.is_file() else shutil.which("check-jsonschema")
    if client is None:
        pytest.skip("check-jsonschema is not installed (pip install '.[test]')")
    project = copy_project("minimal", tmp_path / "p")
    name, old, new = _CLIENT_CASES[case]
    project.edit(name, old, new)
    schema = tmp_path / "scope.schema.json"
    schema.write_text(json.dumps(json_schema()), encoding="utf-8")
    proc = subprocess.run(
        [client, "--schemafile", str(schema), str(project.path(name))],
        capture_output=True,
        text=True,
        check=False,
    )
    checked = project.check()
    assert (proc.returncode == 0) == (checked.errors == 0), (proc.stdout, checked.findings)
    assert (checked.errors == 0) == (case in list(_CLIENT_CASES)[:4])


def test_integrated_standards_are_in_the_schema() -> None:
    """sms.integrated_with: a list of standards, each with its own described fields; only
    the standard itself is required."""
    defs = json_schema()["$defs"]
    field = defs["Sms"]["properties"]["integrated_with"]
    assert "integrated management system" in field["description"]
    other = defs["IntegratedStandard"]
    assert other["required"] == ["standard"]
    assert list(other["properties"]) == [
        "standard",
        "edition",
        "certificate",
        "certified_by",
        "shared",
    ]
    assert all(p["description"] for p in other["properties"].values())
    validator = jsonschema.Draft202012Validator(json_schema())
    sms = {"purpose": "p", "statement": "s"}
    good = {"standard": "ISO 9001", "edition": 2015, "shared": ["internal audit"]}
    assert list(validator.iter_errors({"sms": {**sms, "integrated_with": [good]}})) == []
    bad = {"standard": "ISO 9001", "certifcate": "Q-1"}
    assert list(validator.iter_errors({"sms": {**sms, "integrated_with": [bad]}})) != []
    assert "integrated_with" in defs["Sms"]["properties"]["standard"]["description"]
