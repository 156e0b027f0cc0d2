"""Who operates a service, said the same way in the header, the diagram and the table of
other parties of its page: the case of a service run by a partner that supplies nothing
else, which once read "Operated by" a partner above "No suppliers recorded"."""

from __future__ import annotations

from helpers.projects import Project
from smsdocs.model import Scope
from smsdocs.render import Links
from smsdocs.render.charts import dependency_svg
from smsdocs.render.service import service_page


def _backup_operated_by(minimal: Project, operators: str) -> Scope:
    minimal.edit("services.yaml", "    components: [vms]\n", f"    operated_by: {operators}\n")
    checked = minimal.check()
    assert [str(f) for f in checked.findings] == []
    assert checked.scope is not None
    return checked.scope


def test_an_operator_is_shown_as_operator_not_as_a_missing_supplier(minimal: Project) -> None:
    scope = _backup_operated_by(minimal, "colo")
    backup = scope.index["backup"]
    page = service_page(scope, backup, Links(page="catalogue/backup.md"), "backup.svg")  # type: ignore[arg-type]
    assert "| **Operated by** | [ColoCo](../dependencies.md#party-colo) |" in page
    assert "| [ColoCo](../dependencies.md#party-colo) | Operates the service | CT-1 |" in page
    assert "No suppliers" not in page and "No other party" not in page
    svg = dependency_svg(scope, backup)  # type: ignore[arg-type]
    assert ">Other parties</text>" in svg
    assert ">ColoCo<tspan" in svg and ">Operates the service</tspan>" in svg
    assert "No components or other parties recorded" not in svg


def test_several_operators_lead_first_in_header_table_and_diagram(minimal: Project) -> None:
    minimal.edit(
        "delivery.yaml",
        "  - {id: colo,",
        "  - {id: partner, name: Partner Institute, type: external-supplier, agreement: FA-9,"
        " controls: [quarterly review]}\n  - {id: colo,",
    )
    scope = _backup_operated_by(minimal, "[partner, colo]")
    backup = scope.index["backup"]
    page = service_page(scope, backup, Links(page="catalogue/backup.md"), "backup.svg")  # type: ignore[arg-type]
    assert (
        "| **Operated by** | [Partner Institute](../dependencies.md#party-partner) (lead), "
        "[ColoCo](../dependencies.md#party-colo) |" in page
    )
    assert "| Operates the service (lead) | FA-9 |" in page
    assert "| [ColoCo](../dependencies.md#party-colo) | Co-operates the service | CT-1 |" in page
    svg = dependency_svg(scope, backup)  # type: ignore[arg-type]
    assert svg.index("Partner Institute") < svg.index("ColoCo")
    assert ">Operates the service (lead)</tspan>" in svg
    assert ">Co-operates the service</tspan>" in svg


def test_a_service_with_no_other_party_says_who_runs_it(minimal: Project) -> None:
    scope = minimal.check().scope
    assert scope is not None
    backup = scope.index["backup"]
    page = service_page(scope, backup, Links(page="catalogue/backup.md"), "backup.svg")  # type: ignore[arg-type]
    assert "| **Operated by** | Example |" in page
    assert (
        "*No other party operates the service, provides its components or supplies it: "
        "Example operates it and provides its components itself.*" in page
    )
