"""A real organisation adopts smsdocs: 'smsdocs init', every placeholder filled in the YAML as
a user would, the check, a first approved release tagged v1.0.0, the export, the audit pack and
the site, as the README's "Adopting smsdocs" walks through them. The manual shows that release
and nothing of the worked example's fictional history."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers.export import docx_text, export, pdf_text
from helpers.projects import git
from helpers.runs import needs_sha256sum, sums_pass
from helpers.site import mkdocs_build, read_page
from smsdocs.cli import cli

pytestmark = [pytest.mark.slow, pytest.mark.export]

FILLED: dict[str, str] = {
    # organization.yaml
    "the organisation's legal name, as the certificate will show it": "Fellside Managed IT Ltd",
    "the short name the manual uses in running text": "Fellside",
    "why the SMS exists, the services and customers it is for, and the business aims it "
    "supports": "Fellside runs managed IT services that small manufacturers in Cumbria depend "
    "on. The SMS exists so that each service is planned, agreed, delivered and improved the "
    "same way, which keeps customers at renewal.",
    "the formal scope statement, naming the services or referring to the service catalogue": (
        "The SMS of Fellside Managed IT Ltd covers the planning, delivery and improvement of "
        "the managed IT services shown as in scope in the service catalogue, provided to "
        "business customers in the United Kingdom from the Kendal office."
    ),
    "relevant or not-relevant": "not-relevant",
    "why climate change is, or is not, a relevant issue for the SMS": (
        "Fellside runs no data centre of its own and its one office is outside any flood "
        "zone; no customer asks for emissions data, so no issue of climate change bears on "
        "the services."
    ),
    "the date of the decision, as YYYY-MM-DD": "2026-02-02",
    "the manual's document number, such as SMS-001; it names the exported files": "FMIT-SMS-001",
    # stakeholders.yaml
    "the name of the top manager who approves the scope, such as the chief executive": (
        "Morag Ellison"
    ),
    "what top management expects of the SMS": "customers renewed on time and at full value",
    "how top management hears about the SMS, such as the management review": (
        "the quarterly management review"
    ),
    "how often, such as quarterly": "quarterly",
    "the name of the person who runs the SMS day to day": "Tomasz Wrobel",
    # organisation-units.yaml
    "the name of a unit that delivers or supports the services": "Support Team",
    "what the unit does for the services in scope": "Runs the service desk and the servers.",
    "the name of a site the services are delivered or supported from": "Kendal office",
    "the ISO 3166 country code, such as GB": "GB",
    "where the site is": "Mintsfeet Road, Kendal",
    # parties.yaml
    "the name of a customer of the services in scope": "Lakeland Bakeries Ltd",
    "the reference of the agreement with this customer": "MSA-LB-2025",
    "who the customer is and what it buys": "A bakery with four sites; buys managed servers.",
    # components.yaml
    "the name of a platform, application, network or facility a service uses": "Server rack",
    "what the component is and which services it carries": "Servers in the Kendal office.",
    # services/services.yaml
    "the service's name, as customers know it": "Managed Servers",
    "one line for the catalogue table": "Customers' servers run, patched and backed up.",
    "the catalogue category, such as Infrastructure or Workplace": "Infrastructure",
    "what the service is, what it includes and what the customer keeps (Markdown)": (
        "Fellside runs the customer's **servers**: patching, monitoring and backups."
    ),
    "the service hours, such as 24x7 or Mon-Fri 08:00-18:00": "Mon-Fri 08:00-18:00",
    "the reference of the service level agreement": "SLA-SRV-01",
    # objectives.yaml
    "a business objective the SMS supports, such as a growth or retention aim": (
        "Renew every customer contract on time."
    ),
    "a service management objective": "Resolve server incidents quickly.",
    "how it is measured, and from which data": "share of incidents resolved within 8 hours",
    "the level to reach": "at least 90% each month",
    # risks.yaml
    "a risk to the services in scope": "Loss of the Kendal office",
    "a whole number from 1 (rare) to 5 (almost certain)": "2",
    "a whole number from 1 (negligible) to 5 (severe)": "4",
    "how the risk is treated": "Backups are copied off site every night.",
    "a law, regulation or contract term the services must meet": "UK GDPR",
    # documents.yaml
    "the title of the service management policy": "Service management policy",
    "the title of the document that records the service management objectives": (
        "Service management objectives"
    ),
    "the title of the service management plan": "Service management plan 2026",
    "the title of a policy or plan that clause 8 requires, such as the change management "
    "policy": "Change, continuity and security policies",
    "the title of the document that describes the SMS processes": "SMS process descriptions",
    "the title of the register of service requirements": "Service requirements register",
    "the title of the service level agreements, or of their register": "SLA register",
    "the title of the register of contracts with external suppliers": "Supplier register",
    "the title of the agreements with internal suppliers and customers acting as suppliers": (
        "Internal agreements"
    ),
    "the title of a procedure the standard asks for, such as the incident procedure": (
        "Incident procedure"
    ),
    "the title of the schedule of SMS records: what is kept, where and for how long": (
        "Schedule of SMS records"
    ),
    "the title of the internal audit programme and its reports": "Internal audit programme",
    "the title of the register of nonconformities, corrective actions and improvements": (
        "Improvement register"
    ),
    # issues.yaml
    "an internal issue that affects what the SMS can achieve": (
        "Two engineers hold most of the knowledge of the customers' servers."
    ),
    "an external issue that affects what the SMS can achieve": (
        "Customers in food production must show their suppliers are secure."
    ),
}
"""What a user writes in place of each placeholder, by what the placeholder asks for."""

APPROVAL = """approvals:
  - version: v1.0.0
    by: top-management
    date: 2026-04-15
    record: MR-2026-01
"""
FICTION = ("Northwind", "northwind", "v1.1.0", "v1.2.0", "Helen Marsh", "Priya Raman", "<fill in")
"""What the worked example invented (and what a blank scope starts with): none of it may reach
a real organisation's manual."""


def fill_in(project: Path) -> int:
    """Replace every placeholder in the scope's files as a user would; how many there were."""
    count = 0
    pattern = re.compile(r'"<fill in: ([^"]*)>"')

    def value(match: re.Match[str]) -> str:
        nonlocal count
        count += 1
        text = FILLED[match.group(1)]
        return text if re.fullmatch(r"[0-9-]+|not-relevant", text) else json.dumps(text)

    for path in sorted((project / "scope").rglob("*.yaml")):
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        path.write_text(
            "".join(
                line if line.lstrip().startswith("#") else pattern.sub(value, line)
                for line in lines
            ),
            encoding="utf-8",
        )
    return count


def check(project: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["check", str(project), "--today", "2026-04-20", *args])
    return result.exit_code, result.stdout


@needs_sha256sum
def test_a_new_organisation_reaches_its_first_approved_release(tmp_path: Path) -> None:
    project = tmp_path / "manual"
    assert CliRunner().invoke(cli, ["init", str(project)]).exit_code == 0

    # Already implemented and certified: no implementation plan, as its file's comment says.
    (project / "scope" / "implementation.yaml").unlink()
    assert fill_in(project) == 53
    code, out = check(project)
    assert code == 0, out
    assert out.splitlines()[-1] == "0 errors, 1 warning in 12 files"
    assert "warning[approval-missing]" in out  # management has not approved it yet

    # Top management approves it at a management review: recorded, committed and tagged.
    organisation = project / "scope" / "organization.yaml"
    text = organisation.read_text(encoding="utf-8")
    organisation.write_text(text.replace("approvals: []\n", APPROVAL), encoding="utf-8")
    git(project, "add", "--all")
    git(project, "commit", "-q", "-m", "SMS scope approved at MR-2026-01")
    git(project, "tag", "-a", "v1.0.0", "-m", "v1.0.0: approved by Morag Ellison at MR-2026-01")
    assert check(project, "--strict") == (0, "no problems in 12 files\n")

    code, out = export(project)
    assert code == 0, out
    dist = project / "dist"
    assert sorted(p.name for p in dist.iterdir()) == [
        "FMIT-SMS-001-v1.0.0.docx",
        "FMIT-SMS-001-v1.0.0.pdf",
        "SHA256SUMS",
    ]
    assert sums_pass(dist)
    for text in (
        pdf_text(dist / "FMIT-SMS-001-v1.0.0.pdf"),
        docx_text(dist / "FMIT-SMS-001-v1.0.0.docx"),
    ):
        assert "Fellside Managed IT Ltd" in text
        assert "Approved" in text and "v1.0.0" in text
        assert [word for word in FICTION if word in text] == []

    packed = CliRunner().invoke(cli, ["audit-pack", "-C", str(project)])
    assert packed.exit_code == 0, packed.output
    with zipfile.ZipFile(dist / "FMIT-SMS-001-v1.0.0-audit-pack.zip") as pack:
        assert "manual/FMIT-SMS-001-v1.0.0.pdf" in pack.namelist()
        approval = json.loads(pack.read("approval.json"))
    assert (approval["version"], approval["approval"]["by"]) == ("v1.0.0", "Morag Ellison")

    built = mkdocs_build(project)
    assert built.returncode == 0, built.output
    assert "WARNING" not in built.output
    home = read_page(built.site, "").text
    assert "Version v1.0.0" in home and "Approved" in home, home[:600]
    assert "Morag Ellison" in home
    releases = read_page(built.site, "history/").text
    assert "v1.0.0" in releases
    for path in sorted(built.site.rglob("*")):
        if path.suffix in (".html", ".xml", ".json", ".txt"):
            text = path.read_text(encoding="utf-8", errors="replace")
            found = [word for word in FICTION if word in text]
            assert found == [], (path.relative_to(built.site), found)
