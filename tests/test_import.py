"""smsdocs import: a realistic catalogue workbook and an ITSM tool's CSV export brought into the
example, every bad cell located and nothing written, and the YAML kept as it was around the
values that change."""

from __future__ import annotations

import datetime as dt
import random
import shutil
from pathlib import Path

import openpyxl
from click.testing import CliRunner, Result

from helpers.projects import REPO, TODAY, Project
from smsdocs.cli import cli
from smsdocs.validate import check

OWNERS = ["head-of-operations", "head-of-applications", "Joanna Whitfield", "Ben Carter"]
CUSTOMERS = ["meridian-retail", "calder-water", "harbour-logistics", "Fenwick & Hale LLP"]
UNITS = [
    "infrastructure-operations",
    "service-desk-team",
    "workplace-services",
    "application-services",
]
LOCATIONS = ["reading-hq", "manchester-office", "slough-dc", "leeds-dc", "aws-london"]
WORDS = [
    "Managed",
    "Cloud",
    "Backup",
    "Print",
    "Network",
    "Desktop",
    "Database",
    "Identity",
    "Mail",
    "Security",
]


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def snapshot(project: Project) -> dict[str, bytes]:
    return {
        p.relative_to(project.root).as_posix(): p.read_bytes()
        for p in sorted(project.root.rglob("*.yaml"))
    }


def workbook(path: Path, title: str, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def catalogue_rows(count: int, seed: int = 34) -> list[list[object]]:
    rng = random.Random(seed)
    rows: list[list[object]] = [
        [
            "Id",
            "Name",
            "Summary",
            "Category",
            "Service owner",
            "Status",
            "Customers",
            "Units",
            "Locations",
            "Hours",
            "SLA",
        ]
    ]
    for n in range(count):
        name = f"{rng.choice(WORDS)} {rng.choice(WORDS).lower()} service {n + 1}"
        rows.append(
            [
                f"svc-{n + 1:04d}",
                name,
                f"{name}, run for the customers named in its agreement.",
                rng.choice(["Infrastructure", "Workplace", "Applications", "Security"]),
                rng.choice(OWNERS),
                rng.choice(["Live", "live", "Pipeline", "retiring"]),
                "; ".join(rng.sample(CUSTOMERS, rng.randint(1, 3))),
                ", ".join(rng.sample(UNITS, rng.randint(1, 2))),
                "; ".join(rng.sample(LOCATIONS, rng.randint(0, 2))),
                rng.choice(["24x7", "Mon-Fri 08:00-18:00 UK", 24, None]),
                rng.choice([f"SLA-{n:03d}", None]),
            ]
        )
    return rows


def test_a_200_row_catalogue_workbook_imports_and_passes_the_check(
    example: Project, tmp_path: Path
) -> None:
    book = workbook(tmp_path / "catalogue.xlsx", "Services", catalogue_rows(200))
    result = run("import", str(book), str(example.root), "--today", TODAY.isoformat())
    assert result.exit_code == 0, result.output
    assert "services: 200 rows read; 200 added, 0 updated (0 values), 0 unchanged" in result.output
    assert "kept 15 services the sheet does not hold: " in result.output
    assert "wrote scope/services/workplace.yaml" in result.output
    assert "    requirements: []\n\n  - id: svc-0001\n    name: " in example.read(
        "services/workplace.yaml"
    )
    checked = run("check", str(example.root), "--today", TODAY.isoformat())
    assert checked.exit_code == 0, checked.output
    scope = check(example.root, today=TODAY).scope
    assert scope is not None
    services = {s.id: s for s in scope.services}
    assert len(services) == 215
    first = catalogue_rows(200)[1]
    service = services["svc-0001"]
    assert service.name == first[1]
    assert service.category == first[3]
    # A name in the owner or customer column becomes the id of the entry of that name.
    owner = {"Joanna Whitfield": "head-of-applications", "Ben Carter": "head-of-workplace"}
    assert service.owner == owner.get(str(first[4]), first[4])
    customers = [c.strip() for c in str(first[6]).split(";")]
    assert service.customers == tuple(
        "fenwick-hale" if c == "Fenwick & Hale LLP" else c for c in customers
    )
    assert service.status == str(first[5]).lower()
    assert {s.status for s in services.values()} == {"live", "pipeline", "retiring"}
    assert services["svc-0200"].units


ITSM_MAPPING = """\
# A ServiceNow business service export.
section: services
columns:
  Number: id
  Name: name
  Owned by: owner
  Support group: units
  Operational status: status
  Customer: customers
  Short description: summary
ignore: [Business criticality, Sys ID]
values:
  status: {Operational: live, Non-Operational: retiring, Ready for use: pipeline}
  units: {Infra Ops: infrastructure-operations, Desk: service-desk-team}
separator: "|"
defaults:
  category: Business services
"""


def test_an_itsm_csv_export_imports_with_a_mapping_file(example: Project, tmp_path: Path) -> None:
    export = tmp_path / "itsm.csv"
    lines = [
        "Number;Name;Owned by;Support group;Operational status;Business criticality;Customer;Short description;Sys ID",
        "BSN0001001;Payroll;Helen Marsh;Infra Ops|Desk;Operational;1 - most critical;Meridian Retail Group plc;Monthly payroll run;a1b2",
        'BSN0001002;"Field service; dispatch";sms-manager;Desk;Non-Operational;3 - less critical;calder-water;"=HYPERLINK(""http://x"")";c3d4',
        "BSN0001003;Intranet {{ config }};Tom Greaves;Infra Ops;Ready for use;2 - somewhat critical;harbour-logistics;<script>alert(1)</script>;e5f6",
    ]
    export.write_bytes("\ufeff".encode() + "\r\n".join(lines).encode() + b"\r\n")
    mapping = tmp_path / "servicenow.yaml"
    mapping.write_text(ITSM_MAPPING)
    result = run(
        "import",
        str(export),
        str(example.root),
        "--mapping",
        str(mapping),
        "--today",
        TODAY.isoformat(),
    )
    assert result.exit_code == 0, result.output
    assert "3 added" in result.output
    assert run("check", str(example.root), "--today", TODAY.isoformat()).exit_code == 0
    scope = check(example.root, today=TODAY).scope
    assert scope is not None
    services = {s.id: s for s in scope.services}
    payroll = services["BSN0001001"]
    assert (payroll.name, payroll.owner, payroll.status, payroll.category) == (
        "Payroll",
        "ceo",
        "live",
        "Business services",
    )
    assert payroll.units == ("infrastructure-operations", "service-desk-team")
    assert payroll.customers == ("meridian-retail",)
    dispatch = services["BSN0001002"]
    assert (dispatch.name, dispatch.status) == ("Field service; dispatch", "retiring")
    # Text that looks like a formula, a template or markup is data, kept as it was written.
    assert dispatch.summary == '=HYPERLINK("http://x")'
    intranet = services["BSN0001003"]
    assert (intranet.name, intranet.summary, intranet.status) == (
        "Intranet {{ config }}",
        "<script>alert(1)</script>",
        "pipeline",
    )


def test_a_mapping_file_s_mistakes_are_located(example: Project, tmp_path: Path) -> None:
    export = tmp_path / "itsm.csv"
    export.write_text("Number,Name\nB1,Payroll\n")
    mapping = tmp_path / "map.yaml"
    mapping.write_text(
        "section: services\ncolums:\n  Number: id\ndefaults:\n  categroy: X\nvalues:\n  status: [live]\n"
    )
    before = snapshot(example)
    result = run("import", str(export), str(example.root), "--mapping", str(mapping))
    assert result.exit_code == 1
    assert (
        f"{mapping}:2:1: error[import-mapping]: unknown key 'colums' (did you mean 'columns'?)"
        in result.output
    )
    assert (
        f"{mapping}:7:11: error[import-mapping]: the values of 'status' are a mapping"
        in result.output
    )
    mapping.write_text("columns:\n  Number: id\n  Name: nmae\n")
    result = run(
        "import", str(export), str(example.root), "--mapping", str(mapping), "--section", "services"
    )
    assert result.exit_code == 1
    assert (
        f"{mapping}:3:9: error[import-mapping]: service has no field 'nmae' (did you mean 'name'?)"
        in result.output
    )
    assert (
        f"error: 1 error in the mapping file {mapping}; nothing was read or written"
        in result.output
    )
    assert snapshot(example) == before


def test_every_bad_cell_is_located_and_nothing_is_written(example: Project, tmp_path: Path) -> None:
    before = snapshot(example)
    services = workbook(
        tmp_path / "catalogue.xlsx",
        "Services",
        [
            [
                "Id",
                "Name",
                "Summary",
                "Category",
                "Owner",
                "Status",
                "Customers",
                "Units",
                "Colour",
            ],
            [
                "svc-a",
                "A",
                "One.",
                "Infra",
                "ceo",
                "live",
                "meridian-retail",
                "infrastructure-operations",
                "",
            ],
            [
                "svc-b",
                "B",
                "One.",
                "Infra",
                "ceo",
                "operational",
                "meridian-retail",
                "infrastructure-operations",
                "",
            ],
            [
                "svc-c",
                "C",
                "One.",
                "Infra",
                "ceo",
                "live",
                "meridian-retail; no-such-customer",
                "infrastructure-operations",
                "",
            ],
            [
                "svc-a",
                "A again",
                "One.",
                "Infra",
                "ceo",
                "live",
                "meridian-retail",
                "infrastructure-operations",
                "",
            ],
            ["svc-d", "D", "One.", "Infra", "nobody", "live", "meridian-retail", "infra-ops", ""],
        ],
    )
    result = run("import", str(services), str(example.root))
    assert result.exit_code == 1
    out = result.output
    assert "catalogue.xlsx:Services!I1: error[import-column]: unknown column 'Colour'" in out
    assert (
        "catalogue.xlsx:Services!F3: error[import-choice]: service status: 'operational' is not one of pipeline, live, retiring"
        in out
    )
    assert (
        "catalogue.xlsx:Services!A2: error[import-duplicate-id]: id 'svc-a' is in rows 2 and 5"
        in out
    )
    assert "catalogue.xlsx:Services!A5: error[import-duplicate-id]" in out
    assert "nothing was written" in out
    # With the column names right, the references are checked as 'smsdocs check' checks them,
    # each at the cell it came from.
    book = openpyxl.load_workbook(services)
    sheet = book.active
    assert sheet is not None
    sheet.delete_cols(9)
    sheet["F3"] = "live"
    sheet["A5"] = "svc-e"
    book.save(services)
    result = run("import", str(services), str(example.root), "--today", TODAY.isoformat())
    assert result.exit_code == 1, result.output
    out = result.output
    assert "catalogue.xlsx:Services!G4: error[ref-unknown]:" in out and "no-such-customer" in out
    assert "catalogue.xlsx:Services!E6: error[ref-unknown]:" in out and "'nobody'" in out
    assert (
        "catalogue.xlsx:Services!H6: error[ref-unknown]:" in out
        and "(did you mean 'infrastructure-operations'?)" in out
    )
    risks = workbook(
        tmp_path / "risks.xlsx",
        "Risk register",
        [
            ["Id", "Title", "Likelihood", "Impact", "Treatment", "Risk owner"],
            ["risk-a", "A", "high", 3, "Accept.", "cfo"],
            ["risk-b", "B", 2, 9, "Accept.", "cfo"],
            ["risk-c", "C", 2.5, 1, "Accept.", "cfo"],
        ],
    )
    result = run("import", str(risks), str(example.root))
    assert result.exit_code == 1
    out = result.output
    assert (
        "risks.xlsx:'Risk register'!C2: error[import-number]: risk likelihood: 'high' is not a whole number; write a whole number from 1 to 5"
        in out
    )
    assert (
        "risks.xlsx:'Risk register'!D3: error[import-number]: risk impact: 9 is out of range; write a whole number from 1 to 5"
        in out
    )
    assert (
        "risks.xlsx:'Risk register'!C4: error[import-number]: risk likelihood: '2.5' is not a whole number"
        in out
    )
    parties = workbook(
        tmp_path / "suppliers.xlsx",
        "Parties",
        [
            ["Id", "Name", "Type", "Agreement", "Agreement start", "Agreement end"],
            ["sup-a", "A Ltd", "supplier", "CT-1", dt.date(2026, 1, 1), "2027-02-30"],
            [
                "sup-b",
                "B Ltd",
                "external-supplier",
                "CT-2",
                "1 March 2026",
                dt.datetime(2027, 1, 1, 9, 30),
            ],
            [None, "C Ltd", "customer", "CT-3", None, None],
        ],
    )
    result = run("import", str(parties), str(example.root))
    assert result.exit_code == 1
    out = result.output
    assert (
        "suppliers.xlsx:Parties!C2: error[import-choice]: party type: 'supplier' is not one of customer, external-supplier, internal-supplier, customer-as-supplier"
        in out
    )
    assert (
        "suppliers.xlsx:Parties!F2: error[import-date]: party agreement_end: '2027-02-30' is not a date; write it as YYYY-MM-DD"
        in out
    )
    assert (
        "suppliers.xlsx:Parties!E3: error[import-date]: party agreement_start: '1 March 2026' is not a date"
        in out
    )
    assert "suppliers.xlsx:Parties!F3: error[import-date]: party agreement_end: holds a time" in out
    assert "suppliers.xlsx:Parties!A4: error[import-id]: the row has no id" in out
    assert snapshot(example) == before


def test_a_csv_cell_is_named_by_its_column_and_row(example: Project, tmp_path: Path) -> None:
    sheet = tmp_path / "risks.csv"
    sheet.write_text("id\ttitle\tlikelihood\timpact\ttreatment\nrisk-a\tA\t2\tsevere\tAccept.\n")
    result = run("import", str(sheet), str(example.root))
    assert result.exit_code == 1
    assert (
        f"{sheet}:D2: error[import-number]: risk impact: 'severe' is not a whole number"
        in result.output
    )


def test_the_section_is_asked_for_when_nothing_tells(example: Project, tmp_path: Path) -> None:
    sheet = tmp_path / "export.csv"
    sheet.write_text("id,name\na,A\n")
    result = run("import", str(sheet), str(example.root))
    assert result.exit_code == 1
    assert f"error: {sheet}: cannot tell which section it holds; pass --section" in result.output
    # A file named for what it holds needs no --section.
    named = tmp_path / "supplier-list.csv"
    named.write_text("Id,Name,Type,Agreement\nsup-z,Z Ltd,external-supplier,CT-9\n")
    result = run("import", str(named), str(example.root), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "parties: 1 row read; 1 added" in result.output
    assert "would write scope/parties.yaml" in result.output


def test_a_workbook_s_sheet_is_the_one_named_after_the_section(
    example: Project, tmp_path: Path
) -> None:
    book = openpyxl.Workbook()
    notes = book.active
    assert notes is not None
    notes.title = "Read me"
    notes.append(["Exported from the asset register"])
    risks = book.create_sheet("Risk register")
    risks.append(["Id", "Title", "Likelihood", "Impact", "Treatment"])
    risks.append(["risk-new", "New risk", 2, 3, "Accept."])
    book.create_sheet("Other")
    path = tmp_path / "export.xlsx"
    book.save(path)
    result = run("import", str(path), str(example.root), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "risks: 1 row read; 1 added" in result.output
    result = run("import", str(path), str(example.root), "--section", "parties")
    assert result.exit_code == 1
    assert (
        f"error: {path}: which sheet? it has 'Read me', 'Risk register', 'Other'; pass --sheet"
        in result.output
    )


def test_a_new_project_s_placeholders_do_not_block_an_import(tmp_path: Path) -> None:
    """The errors a scope had before the import are not the import's: a blank project from
    'smsdocs init', still full of placeholders, takes its units from a sheet."""
    root = tmp_path / "blank"
    shutil.copytree(REPO / "src/smsdocs/data/blank/scope", root / "scope")
    before = check(root, today=TODAY)
    assert before.errors > 0
    sheet = tmp_path / "units.csv"
    sheet.write_text(
        "Id,Name,Manager\nservice-delivery,Service Delivery,sms-manager\nnetworks,Network team,sms-manager\n"
    )
    result = run("import", str(sheet), str(root), "--today", TODAY.isoformat())
    assert result.exit_code == 0, result.output
    assert "units: 2 rows read; 1 added, 1 updated (1 value), 0 unchanged" in result.output
    assert '    name: "Service Delivery"\n' in (root / "scope/organisation-units.yaml").read_text()
    # One placeholder filled in, and nothing new found.
    assert check(root, today=TODAY).errors == before.errors - 1
    # A unit that names a manager who does not exist is the import's doing, and blocks it.
    sheet.write_text("Id,Name,Manager\nnetworks,Network team,nobody\n")
    result = run("import", str(sheet), str(root), "--today", TODAY.isoformat())
    assert result.exit_code == 1
    assert f"{sheet}:C2: error[ref-unknown]: " in result.output


def test_a_formula_without_a_saved_value_is_reported_not_read_as_empty(
    example: Project, tmp_path: Path
) -> None:
    before = snapshot(example)
    # openpyxl writes '=...' as a formula and saves no value for it, as a program would.
    book = workbook(
        tmp_path / "catalogue.xlsx",
        "Services",
        [["Id", "SLA"], ["managed-hosting", '=HYPERLINK("http://evil.example","SLA-HOST-01")']],
    )
    result = run("import", str(book), str(example.root))
    assert result.exit_code == 1
    assert (
        "catalogue.xlsx:Services!B2: error[import-formula]: service sla: the cell holds a formula "
        '(=HYPERLINK("http://evil.example","SLA-HOST-01")) whose value the workbook never saved'
    ) in result.output
    assert snapshot(example) == before
