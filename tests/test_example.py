"""The worked example is a complete, realistic scope that passes the strict check."""

from __future__ import annotations

from collections import Counter

from smsdocs import standards
from smsdocs.model import Scope


def test_services_cover_categories_and_lifecycle(scope: Scope) -> None:
    assert len(scope.services) >= 12
    assert len({s.category for s in scope.services}) >= 4
    statuses = Counter(s.status for s in scope.services)
    assert statuses["pipeline"] >= 1
    assert statuses["retiring"] >= 1


def test_units_locations_and_an_excluded_location(scope: Scope) -> None:
    assert len(scope.units) >= 5
    assert len(scope.locations) >= 4
    assert scope.excluded("location")


def test_parties_cover_all_four_types(scope: Scope) -> None:
    assert len(scope.parties) >= 8
    assert {p.type for p in scope.parties} == {
        "customer",
        "external-supplier",
        "internal-supplier",
        "customer-as-supplier",
    }


def test_components_some_supplied_by_other_parties(scope: Scope) -> None:
    supplied = [c for c in scope.components if c.provided_by]
    assert supplied
    assert len(supplied) < len(scope.components)


def test_a_service_is_operated_jointly_and_the_lead_comes_first(scope: Scope) -> None:
    joint = [s for s in scope.services if len(s.operated_by) > 1]
    assert [s.id for s in joint] == ["mdr"]
    assert joint[0].operated_by[0] == "ravenscar-cyber"


def test_the_sms_is_integrated_with_another_standard(scope: Scope) -> None:
    assert [o.standard for o in scope.sms.integrated_with] == ["ISO/IEC 27001"]
    assert "27001" not in scope.sms.standard


def test_every_clause_8_process_has_an_owner_and_some_are_outsourced(scope: Scope) -> None:
    covered = {standards.process_clause_of(c) for p in scope.processes for c in p.covers}
    assert covered == set(standards.PROCESS_CLAUSES)
    # One process implements two clauses, as real scopes' combined processes do.
    assert any(len(p.covers) > 1 for p in scope.processes)
    assert all(p.owner for p in scope.processes)
    assert 1 <= sum(1 for p in scope.processes if p.operated_by) < len(scope.processes)


def test_exclusions_objectives_risks_requirements(scope: Scope) -> None:
    assert len(scope.exclusions) >= 3
    assert all(len(e.rationale.split()) >= 12 for e in scope.exclusions)
    kinds = Counter(o.kind for o in scope.objectives)
    assert kinds["business"] >= 1
    assert kinds["sms"] >= 1
    assert all(o.metric and o.target for o in scope.objectives if o.kind == "sms")
    assert scope.risks
    assert {r.kind for r in scope.requirements} == {"legal", "regulatory", "contractual"}
    assert scope.interfaces
    assert scope.stakeholders
    assert scope.approvals


def test_statement_refers_to_the_catalogue(scope: Scope) -> None:
    assert "service catalogue" in scope.sms.statement
