"""One bad-input fixture per finding code: the exact file:line:column and message a user sees.

Each case breaks the minimal project (tests/projects/minimal) in one way. The minimal project
itself must pass every rule, so every finding below is caused by its edit alone.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpers.projects import Project
from smsdocs.validate import suggest

Edit = tuple[str, str | None, str] | tuple[str, str, str, str]

CASES: dict[str, tuple[list[Edit], list[str]]] = {
    "key-unknown-field": (
        [
            (
                "services.yaml",
                "    owner: manager\n    customers: [acme]\n",
                "    ownr: manager\n    customers: [acme]\n",
            )
        ],
        [
            "scope/services.yaml:2:5: warning[service-unowned]: service 'hosting' is in scope but has no owner; add 'owner:' with a stakeholder id (good practice: 5.3 asks for roles to be assigned, and a named owner is how auditors find who answers for a service)",
            "scope/services.yaml:6:5: error[key-unknown]: service 'hosting' has unknown field 'ownr' (did you mean 'owner'?); known fields: id, name, summary, category, owner, description, status, customers, units, locations, hours, sla, components, suppliers, depends_on, operated_by, objectives, risks, requirements",
        ],
    ),
    "key-unknown-section": (
        [("people.yaml", "stakeholders:", "stakeholder:")],
        [
            "scope/people.yaml:1:1: error[key-unknown]: unknown section 'stakeholder' (did you mean 'stakeholders'?); sections are: organization, sms, document, services, approvals, units, locations, parties, components, processes, interfaces, exclusions, objectives, risks, requirements, stakeholders, implementation, documents, issues, communications",
        ],
    ),
    "section-duplicate": (
        [("people.yaml", "stakeholders:", "organization: {name: Other}\nstakeholders:")],
        [
            "scope/people.yaml:1:1: error[section-duplicate]: section 'organization' is defined twice; keep it in one file",
            "  scope/org.yaml:1:1: note: 'organization' is first defined here",
        ],
    ),
    "section-missing": (
        [
            (
                "org.yaml",
                "document:\n  id: EX-SMS-001\n  title: Service Management System Manual\n  owner: manager\n  review_months: 12\n",
                "",
            )
        ],
        [
            "scope/: error[section-missing]: no 'document' section in any file under scope/; add one: document control for the manual (clause 7.5)",
        ],
    ),
    "field-missing": (
        [("services.yaml", "    summary: Nightly backups of customer servers.\n", "")],
        [
            "scope/services.yaml:12:5: error[field-missing]: service 'backup' has no 'summary'; add 'summary:' with text",
        ],
    ),
    "field-empty": (
        [("services.yaml", "    name: Backup\n", "    name: ''\n")],
        [
            "scope/services.yaml:13:5: error[field-missing]: service 'backup' has no 'name' (it is empty); add 'name:' with text",
        ],
    ),
    "type-mismatch-list": (
        [("services.yaml", "customers: [acme]", "customers: acme")],
        [
            "scope/services.yaml:7:16: error[type-mismatch]: 'customers' of service 'hosting' should be a list, not the text 'acme'; write it as [acme]",
        ],
    ),
    "type-mismatch-section": (
        [("extra.yaml", None, "units: everyone\n")],
        [
            "scope/extra.yaml:1:8: error[type-mismatch]: section 'units' should be a list of entries (lines starting with '- '), not the text 'everyone'",
        ],
    ),
    "type-mismatch-int": (
        [("exclusions.yaml", "likelihood: 2", "likelihood: two")],
        [
            "scope/exclusions.yaml:24:58: error[type-mismatch]: 'likelihood' of risk 'risk-dc' should be a whole number, not the text 'two'",
        ],
    ),
    "value-invalid": (
        [("services.yaml", "status: retiring", "status: retired")],
        [
            "scope/services.yaml:24:13: error[value-invalid]: 'status' of service 'print' is 'retired' (did you mean 'retiring'?); use one of: pipeline, live, retiring",
        ],
    ),
    "value-range": (
        [("exclusions.yaml", "impact: 4", "impact: 9")],
        [
            "scope/exclusions.yaml:24:69: error[value-range]: 'impact' of risk 'risk-dc' is 9; use 1 to 5",
        ],
    ),
    "value-range-length": (
        [("processes.yaml", "between: [p8-6-1, colo]", "between: [p8-6-1]")],
        [
            "scope/processes.yaml:22:25: error[value-range]: 'between' of interface 'if-1' has 1 item; it needs exactly 2",
        ],
    ),
    "date-invalid": (
        [("org.yaml", "date: 2026-03-02", "date: 2026-02-30")],
        [
            "scope/org.yaml:15:39: error[date-invalid]: 'date' of approval 'v1.0.0' is 2026-02-30, which is not a real date; check the month and day",
        ],
    ),
    "date-invalid-digits": (
        [("org.yaml", "date: 2026-03-02", "date: \u0662\u0660\u0662\u0666-03-02")],
        [
            "scope/org.yaml:15:39: error[date-invalid]: 'date' of approval 'v1.0.0' is '\u0662\u0660\u0662\u0666-03-02', not a date; write it as YYYY-MM-DD",
        ],
    ),
    "date-invalid-format": (
        [("org.yaml", "date: 2026-03-02", "date: 2 March 2026")],
        [
            "scope/org.yaml:15:39: error[date-invalid]: 'date' of approval 'v1.0.0' is '2 March 2026', not a date; write it as YYYY-MM-DD",
        ],
    ),
    "id-invalid": (
        [("services.yaml", "id: backup", "id: back up")],
        [
            "scope/exclusions.yaml:26:67: error[ref-unknown]: requirement 'gdpr' names unknown service 'backup' in 'applies_to'; add it under 'services:' or correct the id",
            "scope/services.yaml:12:9: error[id-invalid]: id 'back up' is not valid; ids start with a letter or digit and use only letters, digits, '.', '_' and '-' (try 'back-up')",
        ],
    ),
    "id-duplicate": (
        [("delivery.yaml", "{id: sales,", "{id: manager,")],
        [
            "scope/people.yaml:3:10: error[id-duplicate]: id 'manager' is already used by unit 'manager'; ids must be unique across the whole scope, so rename one",
            "  scope/delivery.yaml:3:10: note: unit 'manager' is defined here",
        ],
    ),
    "ref-unknown": (
        [("services.yaml", "units: [ops]\n    locations", "units: [opps]\n    locations")],
        [
            "scope/services.yaml:8:13: error[ref-unknown]: service 'hosting' names unknown unit 'opps' in 'units' (did you mean 'ops'?)",
        ],
    ),
    "ref-unknown-nosuggest": (
        [("services.yaml", "suppliers: [colo]", "suppliers: [initech]")],
        [
            "scope/services.yaml:11:17: error[ref-unknown]: service 'hosting' names unknown party 'initech' in 'suppliers'; add it under 'parties:' or correct the id",
        ],
    ),
    "ref-kind": (
        [("services.yaml", "units: [ops]\n    locations", "units: [leeds]\n    locations")],
        [
            "scope/services.yaml:8:13: error[ref-kind]: service 'hosting' names 'leeds' in 'units', but it is a location, not a unit (did you mean 'sales'?)",
        ],
    ),
    "ref-kind-party-type": (
        [("services.yaml", "customers: [acme]", "customers: [colo]")],
        [
            "scope/services.yaml:7:17: error[ref-kind]: service 'hosting' names party 'colo' in 'customers', but it is of type external-supplier; 'customers' takes parties of type customer or customer-as-supplier",
        ],
    ),
    "ref-self": (
        [
            (
                "services.yaml",
                "    components: [vms]\n",
                "    components: [vms]\n    depends_on: [backup]\n",
            )
        ],
        [
            "scope/services.yaml:20:18: error[ref-self]: service 'backup' names itself in 'depends_on'; remove it",
        ],
    ),
    "ref-repeated": (
        [("services.yaml", "customers: [acme, globex]", "customers: [acme, acme]")],
        [
            "scope/services.yaml:17:23: warning[ref-repeated]: service 'backup' lists 'acme' twice in 'customers'; remove the repeat",
        ],
    ),
    "exclusion-forbidden-kind": (
        [("exclusions.yaml", "kind: location", "kind: process")],
        [
            "scope/exclusions.yaml:9:11: error[exclusion-forbidden]: exclusion 'exc-paris': a clause 8 process can never be excluded: one operated by another party stays in scope and is controlled under 8.2.3, so set 'operated_by' on the process instead",
        ],
    ),
    "exclusion-forbidden-target": (
        [("exclusions.yaml", "target: paris", "target: p8-6-1")],
        [
            "scope/exclusions.yaml:10:13: error[exclusion-forbidden]: exclusion 'exc-paris': a clause 8 process can never be excluded: one operated by another party stays in scope and is controlled under 8.2.3, so set 'operated_by' on the process instead",
        ],
    ),
    "exclusion-rationale": (
        [
            (
                "exclusions.yaml",
                "rationale: The Paris office is a sales office that delivers and supports no services.",
                "rationale: n/a",
            )
        ],
        [
            "scope/exclusions.yaml:11:16: error[exclusion-rationale]: exclusion 'exc-paris' gives 'n/a' as its rationale; explain in a full sentence why the location is outside the SMS, so an auditor can assess it (4.3)",
        ],
    ),
    "exclusion-duplicate": (
        [
            (
                "exclusions.yaml",
                "kind: location\n    target: paris",
                "kind: service\n    target: print",
            )
        ],
        [
            "scope/exclusions.yaml:10:13: warning[exclusion-duplicate]: service 'print' is already excluded by 'exc-print'; keep one exclusion",
            "  scope/exclusions.yaml:4:13: note: first excluded here",
        ],
    ),
    "exclusion-impact-unit": (
        [
            (
                "exclusions.yaml",
                "objectives:",
                "  - {id: exc-ops, kind: unit, target: ops, rationale: Operations is run by the parent group and sits outside the SMS., approved_by: boss, date: 2026-02-01}\nobjectives:",
            )
        ],
        [
            "scope/exclusions.yaml:14:39: error[exclusion-impact]: excluding unit 'ops' leaves in-scope services 'hosting', 'backup' without a provider; assign another unit to those services or exclude them too (4.3: the scope holds what its services depend on)",
            "  scope/services.yaml:8:13: note: service 'hosting' uses it here",
            "  scope/services.yaml:18:13: note: service 'backup' uses it here",
        ],
    ),
    "exclusion-impact-location": (
        [("exclusions.yaml", "target: paris", "target: leeds")],
        [
            "scope/exclusions.yaml:10:13: error[exclusion-impact]: excluding location 'leeds' removes a location that in-scope service 'hosting' is delivered from; remove the location from that service, or record the party that provides it in 'provided_by' (4.3: the scope holds what its services depend on)",
            "  scope/services.yaml:9:17: note: service 'hosting' uses it here",
        ],
    ),
    "exclusion-impact-component": (
        [
            (
                "exclusions.yaml",
                "objectives:",
                "  - {id: exc-vms, kind: component, target: vms, rationale: The virtual machine platform is managed by the group and not by Example., approved_by: boss, date: 2026-02-01}\nobjectives:",
            ),
        ],
        [
            "scope/delivery.yaml:11:1: warning[parties-operate-all]: the one component is provided by other parties; the organisation operates 2 of 2 in-scope services and 19 of 19 processes itself, so on the SMS as a whole other parties do not operate everything (8.2.3); make sure this reading is right and that each of those parties is controlled under 8.2.3, with its 'controls' recorded",
            "scope/exclusions.yaml:14:44: error[exclusion-impact]: excluding component 'vms' removes a component that in-scope services 'hosting', 'backup' are built from; remove it from those services, or record the supplier in 'provided_by' so it is controlled as a supplied component (4.3: the scope holds what its services depend on)",
            "  scope/services.yaml:10:18: note: service 'hosting' uses it here",
            "  scope/services.yaml:19:18: note: service 'backup' uses it here",
        ],
    ),
    "exclusion-impact-customer": (
        [
            (
                "exclusions.yaml",
                "objectives:",
                "  - {id: exc-acme, kind: customer, target: acme, rationale: Acme is served under a separate group contract outside this SMS entirely., approved_by: boss, date: 2026-02-01}\nobjectives:",
            )
        ],
        [
            "scope/exclusions.yaml:14:44: error[exclusion-impact]: excluding customer 'acme' leaves in-scope service 'hosting' with no in-scope customer; exclude that service too, or give it a customer that is in scope (4.3: the scope holds what its services depend on)",
            "  scope/services.yaml:7:17: note: service 'hosting' uses it here",
        ],
    ),
    "service-incomplete": (
        [
            (
                "services.yaml",
                "    owner: manager\n    customers: [acme, globex]\n    units: [ops]\n",
                "    customers: [acme, globex]\n",
            )
        ],
        [
            "scope/services.yaml:12:5: error[service-incomplete]: service 'backup' is in scope but has no unit; add a providing unit ('units:' with a unit id), or exclude the service (4.3: the scope names the services, who they are for and who provides them)",
            "scope/services.yaml:12:5: warning[service-unowned]: service 'backup' is in scope but has no owner; add 'owner:' with a stakeholder id (good practice: 5.3 asks for roles to be assigned, and a named owner is how auditors find who answers for a service)",
        ],
    ),
    "parties-operate-all": (
        [
            ("processes.yaml", "owner: manager}", "owner: manager, operated_by: colo}", "all"),
            (
                "services.yaml",
                "    units: [ops]\n",
                "    units: [ops]\n    operated_by: [colo]\n",
                "all",
            ),
            ("delivery.yaml", "kind: platform}", "kind: platform, provided_by: colo}"),
        ],
        [
            "scope/services.yaml:1:1: error[parties-operate-all]: other parties operate all 2 in-scope services, provide all 2 components and operate all 19 processes, so the organisation would run nothing of its SMS itself; 8.2.3 lets other parties operate services, components or parts of processes, never all of them: clear 'operated_by' or 'provided_by' on what the organisation runs itself",
        ],
    ),
    "parties-operate-all-processes": (
        [("processes.yaml", "owner: manager}", "owner: manager, operated_by: colo}", "all")],
        [
            "scope/processes.yaml:1:1: warning[parties-operate-all]: all 19 processes are operated by other parties; the organisation operates 2 of 2 in-scope services and provides 1 of 2 components itself, so on the SMS as a whole other parties do not operate everything (8.2.3); make sure this reading is right and that each of those parties is controlled under 8.2.3, with its 'controls' recorded",
        ],
    ),
    "field-conflict": (
        [("processes.yaml", 'clause: "8.6.1",', 'clause: "8.6.1", clauses: ["8.6.1", "8.6.2"],')],
        [
            "scope/processes.yaml:15:35: error[field-conflict]: process 'p8-6-1' has both 'clause' and 'clauses'; keep one: 'clause' for the one clause it implements, or 'clauses' listing every clause it implements, such as [\"8.6.1\", ...]",
        ],
    ),
    "field-missing-clause": (
        [("processes.yaml", 'clause: "8.6.2", ', "")],
        [
            "scope/processes.yaml:1:1: error[process-missing]: no process implements clause 8.6.2 Service request management; add one to 'processes' with an owner (clause 8 processes cannot be excluded: 4.3, 4.4)",
            "scope/processes.yaml:16:5: error[field-missing]: process 'p8-6-2' has no 'clause'; add 'clause:' with the clause it implements, such as \"8.6.1\" (quoted), or 'clauses:' with every clause of a process that implements several, such as [\"8.6.1\", \"8.6.2\"]",
        ],
    ),
    "value-invalid-clauses": (
        [("processes.yaml", 'clause: "8.6.1",', 'clauses: ["8.6.1", "8.6.9"],')],
        [
            "scope/processes.yaml:15:37: error[value-invalid]: process 'p8-6-1': '8.6.9' is not a clause of ISO/IEC 20000-1:2018; name the clause the process implements, such as \"8.6.1\" (quoted)",
        ],
    ),
    "standard-other": (
        [
            (
                "org.yaml",
                "sms:\n",
                "sms:\n  standard: ISO/IEC 20000-1:2018, ISO 9001, ISO/IEC 27001\n",
            )
        ],
        [
            "scope/org.yaml:5:13: warning[standard-other]: 'standard' of the SMS is 'ISO/IEC 20000-1:2018, ISO 9001, ISO/IEC 27001', which names more than the edition of ISO/IEC 20000-1 the SMS conforms to, and the normative references would print it as that edition; keep 'standard' to ISO/IEC 20000-1 and its amendments (such as ISO/IEC 20000-1:2018 + Amd 1:2024), and name other standards under sms.integrated_with (standard, edition, certificate, certified_by, shared)",
        ],
    ),
    "agreement-missing": (
        [("delivery.yaml", "agreement: CT-1, ", "")],
        [
            "scope/delivery.yaml:10:10: error[agreement-missing]: supplier 'colo' supports the scope (through service 'hosting', component 'racks') but has no 'agreement'; add the reference of its contract or agreement (8.3.4.1)",
        ],
    ),
    "party-uncontrolled": (
        [("delivery.yaml", ", controls: [monthly review]", "")],
        [
            "scope/delivery.yaml:10:10: warning[party-uncontrolled]: supplier 'colo' supports the scope (through service 'hosting', component 'racks') but lists no 'controls'; record how the organisation controls it (8.2.3)",
        ],
    ),
    "process-missing": (
        [("processes.yaml", '  - {id: p8-4-1, clause: "8.4.1", owner: manager}\n', "")],
        [
            "scope/processes.yaml:1:1: error[process-missing]: no process implements clause 8.4.1 Budgeting and accounting for services; add one to 'processes' with an owner (clause 8 processes cannot be excluded: 4.3, 4.4)",
        ],
    ),
    "process-clause": (
        [("processes.yaml", '"8.4.1"', '"8.4.9"')],
        [
            "scope/processes.yaml:1:1: error[process-missing]: no process implements clause 8.4.1 Budgeting and accounting for services; add one to 'processes' with an owner (clause 8 processes cannot be excluded: 4.3, 4.4)",
            "scope/processes.yaml:9:26: error[value-invalid]: process 'p8-4-1': '8.4.9' is not a clause of ISO/IEC 20000-1:2018; name the clause the process implements, such as \"8.6.1\" (quoted)",
        ],
    ),
    "climate-undetermined": (
        [("org.yaml", "  climate: {", "  # climate: {")],
        [
            "scope/org.yaml:4:1: warning[climate-undetermined]: the SMS records no decision on whether climate change is a relevant issue; add 'climate:' under 'sms:' with its decision (relevant or not-relevant), reasoning, date and decided_by (4.1, as amended by ISO/IEC 20000-1:2018/Amd 1:2024)",
        ],
    ),
    "objective-unmeasurable": (
        [("exclusions.yaml", "    target: 99.9%\n", "")],
        [
            "scope/exclusions.yaml:16:5: warning[objective-unmeasurable]: SMS objective 'obj-avail' has no target; add how it is measured and the value to reach (6.2)",
        ],
    ),
    "objective-unaligned": (
        [("exclusions.yaml", "    supports: [bo-grow]\n", "")],
        [
            "scope/exclusions.yaml:16:5: warning[objective-unaligned]: SMS objective 'obj-avail' supports no business objective; list the business objectives it serves in 'supports'",
        ],
    ),
    "statement-out-of-scope": (
        [
            (
                "org.yaml",
                "services in the service catalogue,",
                "services in the service catalogue except Print,",
            )
        ],
        [
            "scope/org.yaml:6:14: warning[statement-out-of-scope]: the scope statement names service 'Print', which is excluded; remove it from the statement or withdraw the exclusion",
        ],
    ),
    "statement-incomplete": (
        [("org.yaml", "services in the service catalogue,", "Managed Hosting service,")],
        [
            "scope/org.yaml:6:14: warning[statement-incomplete]: the scope statement neither refers to the service catalogue nor names service 'Backup'; name them, refer to the catalogue as 'service catalogue', link to its page ([service catalogue](catalogue/index.md)), or give the statement's own word for it under 'sms: catalogue_terms:'",
        ],
    ),
    "link-unsafe": (
        [
            (
                "services.yaml",
                "    summary: Virtual servers run for customers.\n",
                "    summary: Virtual servers run for customers.\n"
                "    description: |\n      > See [the runbook][r].\n      >\n"
                "      > [r]: java&#115;cript:alert(1)\n",
            )
        ],
        [
            "scope/services.yaml:5:18: warning[link-unsafe]: 'description' of service 'hosting' links to 'javascript:alert(1)', which the manual shows as plain text; links may go to http, https, mailto or tel addresses, or within the manual",
        ],
    ),
    "image-unsafe": (
        [
            (
                "services.yaml",
                "    summary: Virtual servers run for customers.\n",
                "    summary: Virtual servers run for customers.\n"
                "    description: 'Our rack: ![photo](https://tracker.example/p.gif)'\n",
            )
        ],
        [
            "scope/services.yaml:5:18: warning[image-unsafe]: 'description' of service 'hosting' shows the image 'https://tracker.example/p.gif', which is not a file of the project, so the manual shows its description instead; put the image under docs/ and give its relative path",
        ],
    ),
    "approval-duplicate": (
        [
            (
                "org.yaml",
                "record: MR-1}",
                "record: MR-1}\n  - {version: v1.0.0, by: boss, date: 2026-03-05}",
            )
        ],
        [
            "scope/org.yaml:16:15: error[approval-duplicate]: version 'v1.0.0' is approved twice; keep one approval per version (7.5.3)",
            "  scope/org.yaml:15:15: note: first approved here",
        ],
    ),
    "date-future": (
        [("org.yaml", "date: 2026-03-02", "date: 2026-12-02")],
        [
            "scope/org.yaml:15:39: warning[date-future]: approval 'v1.0.0' is dated 2026-12-02, after today (2026-11-02); correct the date",
        ],
    ),
    "approval-missing": (
        [
            (
                "org.yaml",
                "approvals:\n  - {version: v1.0.0, by: boss, date: 2026-03-02, record: MR-1}\n",
                "",
            )
        ],
        [
            "scope/org.yaml:9:1: warning[approval-missing]: the scope has no approvals; record management's approval of a version under 'approvals:' (4.3 asks for the scope to be approved)",
        ],
    ),
    "review-overdue": (
        [("org.yaml", "  review_months: 12\n", "  review_months: 2\n")],
        [
            "scope/org.yaml:15:39: warning[review-overdue]: the manual was due for review on 2026-05-02 (2 months after approval 'v1.0.0'); review the scope and record the new approval",
        ],
    ),
}


def apply(project: Project, edits: list[Edit]) -> None:
    for name, old, new, *mode in edits:
        if old is None:
            project.write(name, new)
        elif mode:
            project.write(name, project.read(name).replace(old, new))
        else:
            project.edit(name, old, new)


def test_minimal_project_is_clean(minimal: Project) -> None:
    assert minimal.findings() == []
    assert minimal.check().scope is not None


@pytest.mark.parametrize("case", list(CASES))
def test_finding(minimal: Project, case: str) -> None:
    edits, expected = CASES[case]
    apply(minimal, edits)
    assert minimal.findings() == expected


def test_every_code_has_a_case() -> None:
    """Every finding code the validator and loader can emit is exercised by a case here
    or in test_load.py."""
    src = Path(__file__).resolve().parent.parent / "src" / "smsdocs"
    emitted: set[str] = set()
    for module in sorted([*(src / "validate").glob("*.py"), *(src / "load").glob("*.py")]):
        text = module.read_text(encoding="utf-8")
        emitted |= set(re.findall(r'"([a-z]+(?:-[a-z]+)+)",\n', text))
    covered = {
        c
        for _, lines in CASES.values()
        for line in lines
        for c in re.findall(r"\[([a-z-]+)\]", line)
    }
    for other in (
        "test_load.py",
        "test_plan.py",
        "test_history.py",
        "test_reach.py",
        "test_communications.py",
        "test_languages.py",
    ):
        text = (Path(__file__).parent / other).read_text(encoding="utf-8")
        covered |= set(re.findall(r"\[([a-z]+(?:-[a-z]+)+)\]", text))
    # Enum values of the contract (milestone kinds and the like) look like codes; drop them.
    from smsdocs import model
    from smsdocs.schema import fields_of

    classes = [getattr(model, n) for n in dir(model) if isinstance(getattr(model, n), type)]
    choices = {
        c
        for cls in classes
        if hasattr(cls, "__dataclass_fields__") and cls.__module__.startswith(model.__name__ + ".")
        for spec in fields_of(cls).values()
        for c in spec.choices
    }
    emitted -= choices
    assert emitted, "no codes found in the sources"
    assert sorted(emitted - covered) == []
    # ... and is in the registry the README's table and the review formats describe it from.
    from smsdocs.codes import CODES

    assert sorted(emitted - set(CODES)) == []


@pytest.mark.parametrize(
    ("word", "choices", "expected"),
    [
        ("opps", ["ops", "sales"], " (did you mean 'ops'?)"),
        ("Ops", ["ops", "sales"], " (did you mean 'ops'?)"),
        (
            "infra-ops",
            ["infrastructure-operations", "service-desk"],
            " (did you mean 'infrastructure-operations'?)",
        ),
        # Two candidates fit the abbreviation: no guess is better than a wrong one.
        ("in-op", ["infrastructure-operations", "information-operations"], ""),
        ("zzz", ["ops", "sales"], ""),
    ],
)
def test_did_you_mean(word: str, choices: list[str], expected: str) -> None:
    assert suggest(word, choices) == expected


def test_a_single_service_run_by_another_party_is_every_service(minimal: Project) -> None:
    minimal.edit(
        "exclusions.yaml",
        "objectives:",
        (
            "  - {id: exc-backup, kind: service, target: backup, rationale: Backup is sold only "
            "as part of a group contract that sits outside this SMS., approved_by: boss, "
            "date: 2026-02-01}\nobjectives:"
        ),
    )
    minimal.edit(
        "services.yaml", "    suppliers: [colo]\n", "    suppliers: [colo]\n    operated_by: colo\n"
    )
    assert minimal.findings() == [
        "scope/services.yaml:1:1: warning[parties-operate-all]: the one in-scope service is "
        "operated by other parties; the organisation operates 19 of 19 processes and provides "
        "1 of 2 components itself, so on the SMS as a whole other parties do not operate "
        "everything (8.2.3); make sure this reading is right and that each of those parties "
        "is controlled under 8.2.3, with its 'controls' recorded"
    ]


def test_listing_fewer_components_does_not_silence_the_reading(minimal: Project) -> None:
    """Whether other parties operate all of the SMS is decided on everything the scope
    records, so a scope that lists only the supplied components is still read as a whole:
    a warning, not an error, and not silence."""
    minimal.edit("delivery.yaml", "  - {id: vms, name: Virtual machines, kind: platform}\n", "")
    minimal.edit("services.yaml", "components: [vms, racks]", "components: [racks]")
    minimal.edit("services.yaml", "    components: [vms]\n", "")
    assert minimal.findings() == [
        "scope/delivery.yaml:11:1: warning[parties-operate-all]: the one component is "
        "provided by other parties; the organisation operates 2 of 2 in-scope services and "
        "19 of 19 processes itself, so on the SMS as a whole other parties do not operate "
        "everything (8.2.3); make sure this reading is right and that each of those parties "
        "is controlled under 8.2.3, with its 'controls' recorded"
    ]


def test_processes_may_name_any_clause_as_real_scopes_do(minimal: Project) -> None:
    """A certified scope lists "8.2.1 Service delivery" and "8.2.3 Control of parties
    involved in the service lifecycle" among its processes; the standard does not enumerate
    the processes, so the check accepts them, and a process for 8.5 implements 8.5.1 to
    8.5.3."""
    minimal.edit(
        "processes.yaml",
        "processes:\n",
        "processes:\n"
        '  - {id: p-delivery, clause: "8.2.1", owner: manager}\n'
        '  - {id: p-parties, clause: "8.2.3", owner: manager}\n'
        '  - {id: p-audit, clause: "9.2", owner: manager}\n',
    )
    assert minimal.findings() == []
    text = minimal.read("processes.yaml")
    for clause in ("8.5.1", "8.5.2", "8.5.3"):
        text = text.replace(f'clause: "{clause}"', 'clause: "8.5"')
    minimal.write("processes.yaml", text)
    assert minimal.findings() == []


def test_the_values_the_schema_accepts_the_check_accepts(minimal: Project) -> None:
    """`hours: 24` is the text 24 and `likelihood: 2.0` the whole number 2, as the JSON Schema
    reads them; `likelihood: true` is a yes/no value, not text, and says so."""
    minimal.edit("exclusions.yaml", "likelihood: 2,", "likelihood: 2.0,")
    minimal.edit("services.yaml", "    owner: manager\n", "    owner: manager\n    hours: 24\n")
    assert minimal.findings() == []
    minimal.edit("exclusions.yaml", "likelihood: 2.0,", "likelihood: true,")
    assert minimal.findings() == [
        "scope/exclusions.yaml:24:58: error[type-mismatch]: 'likelihood' of risk 'risk-dc' "
        "should be a whole number, not the yes/no value true"
    ]


def test_one_process_may_implement_several_clauses(minimal: Project) -> None:
    """Incident and service request management as one process: it implements 8.6.1 and
    8.6.2, so neither clause lacks a process."""
    minimal.edit("processes.yaml", '  - {id: p8-6-2, clause: "8.6.2", owner: manager}\n', "")
    minimal.edit("processes.yaml", 'clause: "8.6.1",', 'clauses: ["8.6.1", "8.6.2"],')
    assert minimal.findings() == []
    scope = minimal.check().scope
    assert scope is not None
    assert scope.index["p8-6-1"].covers == ("8.6.1", "8.6.2")  # type: ignore[union-attr]


def test_several_operators_are_each_checked_as_suppliers(minimal: Project) -> None:
    """'operated_by' takes a list (the first is the lead); each id in it must be a supplier
    party, as a single id must."""
    minimal.edit(
        "services.yaml",
        "    suppliers: [colo]\n",
        "    suppliers: [colo]\n    operated_by: [colo, acme]\n",
    )
    assert minimal.findings() == [
        "scope/services.yaml:12:25: error[ref-kind]: service 'hosting' names party 'acme' in "
        "'operated_by', but it is of type customer; 'operated_by' takes parties of type "
        "external-supplier or internal-supplier or customer-as-supplier",
    ]


def test_a_single_operator_id_keeps_working(minimal: Project) -> None:
    minimal.edit(
        "services.yaml", "    suppliers: [colo]\n", "    suppliers: [colo]\n    operated_by: colo\n"
    )
    assert minimal.findings() == []
    scope = minimal.check().scope
    assert scope is not None
    assert scope.services[0].operated_by == ("colo",)


def test_an_unknown_operator_is_named_where_it_is_written(minimal: Project) -> None:
    minimal.edit(
        "services.yaml", "    suppliers: [colo]\n", "    suppliers: [colo]\n    operated_by: cola\n"
    )
    assert minimal.findings() == [
        "scope/services.yaml:12:18: error[ref-unknown]: service 'hosting' names unknown party "
        "'cola' in 'operated_by' (did you mean 'colo'?)",
    ]


@pytest.mark.parametrize(
    "standard",
    [
        "ISO/IEC 20000-1:2018",
        "ISO/IEC 20000-1:2018 + Amd 1:2024",
        "ISO/IEC 20000-1:2018/Amd 1:2024",
        "BS EN ISO/IEC 20000-1:2018",
    ],
)
def test_the_edition_of_iso_20000_alone_is_no_finding(minimal: Project, standard: str) -> None:
    minimal.edit("org.yaml", "sms:\n", f"sms:\n  standard: {standard}\n")
    assert minimal.findings() == []


def test_integrated_standards_are_read(minimal: Project) -> None:
    minimal.edit(
        "org.yaml",
        "sms:\n",
        "sms:\n  integrated_with:\n"
        "    - {standard: ISO 9001, edition: 2015, certificate: Q-1, certified_by: CertCo,"
        " shared: [internal audit]}\n"
        "    - {standard: ISO/IEC 27001, sharing: [nothing]}\n",
    )
    assert minimal.findings() == [
        "scope/org.yaml:7:33: error[key-unknown]: entry 2 of 'integrated_with' of the 'sms' "
        "section has "
        "unknown field 'sharing' (did you mean 'shared'?); known fields: standard, edition, "
        "certificate, certified_by, shared"
    ]
    minimal.edit("org.yaml", "sharing: [nothing]", "shared: [management review]")
    scope = minimal.check().scope
    assert scope is not None
    first, second = scope.sms.integrated_with
    assert (first.standard, first.edition, first.shared) == (
        "ISO 9001",
        "2015",
        ("internal audit",),
    )
    assert (second.certificate, second.shared) == (None, ("management review",))


def test_an_operator_left_blank_is_no_operator_as_before(minimal: Project) -> None:
    """Files written when 'operated_by' took one id may leave it blank; that still means
    the organisation operates the service itself."""
    minimal.edit(
        "services.yaml", "    suppliers: [colo]\n", "    suppliers: [colo]\n    operated_by: ''\n"
    )
    assert minimal.findings() == []
    scope = minimal.check().scope
    assert scope is not None
    assert scope.services[0].operated_by == ()
