"""Generate a realistic synthetic smsdocs project for benchmarks and scale tests.

Writes the ``scope/`` folder of a fictional managed IT service provider with N services into
DIR/scope/: the organisation, scope statement, document control and one approval; units,
locations, parties (customers, external and internal suppliers, customers acting as
suppliers), catalogue categories, components, the 19 clause 8 processes, interfaces,
stakeholders, business and SMS objectives, risks, legal/regulatory/contractual requirements
and exclusions (services nothing depends on, a spare location and a spare unit; below five
services a spare customer is excluded instead of a service). Services are split across
``scope/services/<category>.yaml``; organization, sms, document and approvals share
``organization.yaml`` and every other section has its own file. Sizes scale with N (about
N/20 units, N/10 parties, N/50 locations, N/5 components, up to 20 categories). The output
is deterministic for a given N and seed (and Python version) and passes
``smsdocs check --strict --today 2026-06-01`` with no findings.

Usage::

    python bench/generate.py N DIR [--seed S] [--force]

DIR is created if needed. If DIR/scope exists and is not empty the script refuses (exit 2)
unless ``--force`` is given, which deletes DIR/scope (and nothing else in DIR) first.

The script uses only the standard library and writes YAML text directly; it does not import
smsdocs, so it can generate projects for any checkout of it.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

# --------------------------------------------------------------------------------------------
# Word lists.


def _words(text: str) -> tuple[str, ...]:
    """A word list written as one comma-separated string."""
    return tuple(w.strip() for w in text.split(","))


def _table(text: str) -> tuple[tuple[str, ...], ...]:
    """Rows of a table written one per line, with cells separated by '|'."""
    return tuple(
        tuple(cell.strip() for cell in row.split("|")) for row in text.strip().splitlines()
    )


ORG_WORDS = _words(
    "Bluewater, Greyfield, Kestrel, Ashgrove, Harrowgate, Silverbirch, Redmarsh, Oakhaven, "
    "Fairlight, Stonebridge"
)

FIRST_NAMES = _words(
    "Helen, David, Priya, Tom, Aisha, Marcus, Joanna, Kwame, Sofia, Liam, Fiona, Rajesh, "
    "Chloe, Owen, Mei, Gareth, Nadia, Patrick, Ruth, Samuel, Imogen, Yusuf, Claire, "
    "Declan, Hannah, Ibrahim, Laura, Niall, Zara, Callum, Beatriz, Euan, Grace, Hamza, "
    "Eleanor, Jonah, Katya, Rory, Amara, Felix"
)

LAST_NAMES = _words(
    "Marsh, Okafor, Raman, Greaves, Hussain, Whitfield, Kowalski, Mensah, Ferreira, Doyle, "
    "Campbell, Patel, Lambert, Pryce, Chen, Llewellyn, Haddad, Gallagher, Stein, Adeyemi, "
    "Ashworth, Demir, Fraser, Byrne, Holloway, Rahman, Novak, Quinn, Sharma, MacLeod, "
    "Santos, Grant, Osei, Bakker, Thornton, Keane, Volkova, Maddox, Nwosu, Lindgren"
)

CITIES = tuple(
    tuple(w.split(":"))
    for w in _words(
        "Reading:GB, Manchester:GB, Slough:GB, Leeds:GB, Bristol:GB, Glasgow:GB, Edinburgh:GB, "
        "Cardiff:GB, Birmingham:GB, Newcastle:GB, Belfast:GB, Nottingham:GB, Sheffield:GB, "
        "Southampton:GB, Cambridge:GB, Milton Keynes:GB, Swindon:GB, York:GB, Dublin:IE, "
        "Cork:IE, Amsterdam:NL, Rotterdam:NL, Frankfurt:DE, Munich:DE, Paris:FR, Lyon:FR, "
        "Milan:IT, Stockholm:SE, Oslo:NO, Copenhagen:DK, Brussels:BE, Zurich:CH, Vienna:AT, "
        "Warsaw:PL, Lisbon:PT, Prague:CZ, Helsinki:FI, Luxembourg:LU, Aberdeen:GB, Norwich:GB"
    )
)
SPARE_CITIES = (("Madrid", "ES"), ("Barcelona", "ES"), ("Valencia", "ES"), ("Seville", "ES"))

# (category, SLA code, subjects a service of the category is about)
CATEGORIES = (
    (
        "Infrastructure",
        "INF",
        ("Private Cloud", "Virtual Server", "Bare Metal", "Hyperconverged", "Mainframe"),
    ),
    ("Cloud", "CLD", ("Public Cloud", "Multi-Cloud", "Landing Zone", "Serverless", "Cloud Cost")),
    ("Network", "NET", ("SD-WAN", "Wi-Fi", "Campus LAN", "Firewall", "Remote Access VPN")),
    (
        "Security",
        "SEC",
        ("Detection and Response", "Vulnerability", "Patch", "Email Security", "SIEM"),
    ),
    ("Workplace", "WPL", ("Microsoft 365", "Device", "Virtual Desktop", "Mobile Device", "Print")),
    ("Support", "SUP", ("Service Desk", "Field Engineering", "Deskside", "Out-of-Hours", "VIP")),
    ("Applications", "APP", ("Line-of-Business", "Web Application", "Mobile App", "Portal", "ERP")),
    ("Data and Analytics", "DAT", ("Data Warehouse", "Reporting", "Data Lake", "BI", "ETL")),
    ("Databases", "DB", ("SQL Server", "PostgreSQL", "Oracle", "MySQL", "NoSQL")),
    (
        "Communications",
        "COM",
        ("Telephony", "Contact Centre", "Video Conferencing", "SIP Trunk", "Unified Comms"),
    ),
    (
        "Backup and Recovery",
        "BUR",
        ("Backup", "Disaster Recovery", "Archive", "Immutable Backup", "Replication"),
    ),
    ("Hosting", "HST", ("Web Hosting", "E-commerce", "CMS", "Colocation", "Managed WordPress")),
    ("Integration", "INT", ("API Gateway", "EDI", "File Transfer", "Message Queue", "iPaaS")),
    (
        "Identity and Access",
        "IAM",
        ("Identity", "Privileged Access", "Single Sign-On", "Directory", "MFA"),
    ),
    ("Monitoring", "MON", ("Infrastructure Monitoring", "APM", "Log", "Synthetic", "Uptime")),
    ("DevOps", "DEV", ("CI/CD", "Container Platform", "Kubernetes", "Artifact", "Source Control")),
    ("Compliance", "CMP", ("Audit Logging", "Data Retention", "eDiscovery", "Policy", "Evidence")),
    ("Business Applications", "BUS", ("CRM", "HR and Payroll", "Finance", "Procurement", "Asset")),
    ("Facilities", "FAC", ("Comms Room", "Power and Cooling", "Rack", "CCTV", "Access Control")),
    ("Storage", "STO", ("Block Storage", "File Storage", "Object Storage", "NAS", "SAN")),
)

QUALIFIERS = _words(
    "Managed, Hosted, Enterprise, Secure, Shared, Dedicated, Standard, Premium, Regional, "
    "Self-Service, Resilient, Co-Managed, Essential, Advanced"
)
OFFERS = _words(
    "Service, Hosting, Operations, Support, Management, Platform, Monitoring, "
    "Administration, as a Service, Assurance"
)

SUMMARY_NOUNS = _words("services, platforms, environments, workloads, estates")
STYLES = _words("fully managed, co-managed, standardised, resilient, round-the-clock")
RUN_PHRASES = (
    "run and monitored",
    "designed, built and operated",
    "provided as a fully managed service",
    "administered and kept patched",
    "supported around the clock",
    "operated to agreed service levels",
)
AUDIENCES = (
    "business customers across the UK",
    "customer product teams",
    "regulated customers",
    "retail and logistics customers",
    "public-sector customers",
    "customers' own IT teams",
    "multi-site customers",
)
FEATURES = (
    "monthly service reporting",
    "an agreed maintenance window",
    "named technical contacts",
    "quarterly capacity reviews",
    "tested recovery plans",
    "24x7 incident response",
    "self-service requests through the portal",
    "a security baseline reviewed each quarter",
)
RESPONSIBILITIES = (
    "looks after configuration, patching and capacity",
    "handles incidents, changes and service requests",
    "runs the platform and its monitoring",
    "keeps the runbooks and the configuration records current",
    "plans capacity and reports service levels every month",
)
CUSTOMER_KEEPS = (
    "The customer keeps ownership of its data and applications.",
    "Data and application design stay with the customer.",
    "The customer approves changes that affect its users.",
    "Licences stay in the customer's name unless resold under the agreement.",
)
EXTRAS = (
    "Service levels are reported monthly and reviewed at each customer's service review.",
    "Changes are made in the agreed maintenance window through change management.",
    "Capacity is forecast quarterly and shared with the customer.",
    "Every incident is logged in the ITSM platform and linked to the affected configuration items.",
    "Recovery is tested twice a year and the results are reported to the customer.",
)
HOURS = (
    "24x7",
    "24x7",
    "Mon-Fri 08:00-18:00 UK",
    "Mon-Fri 07:00-19:00 UK; P1 24x7",
    "Mon-Sat 08:00-20:00 UK",
    "Mon-Fri 08:00-18:00 UK; emergency changes 24x7",
)
MONTHS = _words(
    "January, February, March, April, May, June, July, August, September, October, "
    "November, December"
)

COMPANY_WORDS = _words(
    "Calder, Meridian, Harbour, Fenwick, Ashdown, Brackley, Corran, Dunmore, Elmstead, "
    "Foxley, Glenrock, Hartwell, Ingleby, Juniper, Kingsmere, Larchmont, Marlow, Netherby, "
    "Orwell, Pembury, Quayside, Ravensworth, Saltmarsh, Tarrant, Upton, Vantage, Westbury, "
    "Yardley, Zephyr, Alderley, Beacon, Cresswell, Dovecote, Evenlode, Fairhaven, Gresham"
)
INDUSTRIES = _words(
    "Retail, Water, Logistics, Foods, Energy, Health, Housing, Insurance, Engineering, "
    "Pharma, Transport, Legal, Media, Education, Leisure, Construction"
)
COMPANY_SUFFIXES = _words("Ltd, plc, Group plc, LLP, Holdings Ltd, Services Ltd")

# (specialty, name word, what they provide, controls, component they supply (name, kind))
SUPPLIER_SPECIALTIES = (
    (
        "colocation",
        "Colocation",
        ("colocation space and resilient power", "physical security and remote hands"),
        ("monthly service review against the colocation SLA", "annual site audit visit"),
        ("Colocation suites", "facility"),
    ),
    (
        "support",
        "Service Desk",
        ("out-of-hours first-line incident handling", "telephone answering in our name"),
        (
            "weekly sample of tickets checked against the incident procedure",
            "staff screened to BS 7858 before access is granted",
        ),
        ("Out-of-hours contact centre", "facility"),
    ),
    (
        "cloud",
        "Cloud",
        ("infrastructure as a service", "object storage for backup copies"),
        ("SOC 2 Type II report reviewed annually", "quarterly cost and usage review"),
        ("Cloud landing zone", "platform"),
    ),
    (
        "fibre",
        "Fibre Networks",
        ("leased lines and broadband to customer sites", "internet transit"),
        ("monthly fault and repair-time review", "repair-time service credits claimed"),
        ("Carrier network and internet transit", "network"),
    ),
    (
        "cyber",
        "Cyber",
        ("24x7 security operations centre", "threat hunting and first response"),
        ("monthly review of detection and response times", "right to audit"),
        ("SIEM and endpoint detection", "platform"),
    ),
    (
        "devices",
        "Device Logistics",
        ("device imaging and delivery", "certified data erasure and disposal"),
        ("quarterly stock reconciliation", "erasure certificate checked for every device"),
        ("Device imaging depot", "facility"),
    ),
    (
        "software",
        "Software",
        ("software licences and vendor support", "security advisories"),
        ("licence reconciliation each quarter", "vendor support cases reviewed monthly"),
        ("Licensed management software", "application"),
    ),
    (
        "telecom",
        "Telecom",
        ("SIP trunks and numbers", "voice platform hosting"),
        ("monthly call quality report reviewed", "number porting tracked as changes"),
        ("Voice platform", "platform"),
    ),
)
CUSTOMER_TYPES = ("customer", "customer-as-supplier")
GROUP_FUNCTIONS = (
    ("finance", "Finance", ("budgeting and management accounts", "invoicing and payroll")),
    ("people", "People", ("recruitment and screening", "training records and leaver notices")),
    ("facilities", "Facilities", ("office buildings and security", "building access")),
    ("legal", "Legal", ("contract review", "data protection advice")),
    ("procurement", "Procurement", ("supplier onboarding", "purchase ordering")),
    ("it-security", "IT Security", ("group security policy", "penetration testing")),
    ("communications", "Communications", ("internal news", "customer notices")),
    ("audit", "Internal Audit", ("group internal audit", "audit reports")),
)
INTERNAL_CONTROLS = (
    "internal service agreement reviewed each year",
    "monthly performance report reviewed at the operations meeting",
    "Group internal audit findings shared with the SMS Manager",
)
CAS_PROVIDES = ("comms rooms, power and cooling at its sites", "site access for our engineers")
CAS_CONTROLS = (
    "customer responsibilities reviewed at the monthly service review",
    "site power and access faults logged against the customer in the incident record",
)

UNIT_FUNCTIONS = _table("""
Infrastructure Operations | runs the hosting platforms, storage and the on-call rota
Service Desk | logs, classifies and resolves incidents and service requests
Workplace Services | manages customers' devices, Microsoft 365 tenants and printing
Application Services | supports line-of-business applications at second and third line
Security Operations | owns the security controls and runs vulnerability management
Network Operations | designs and runs customer networks and the carrier relationships
Cloud Engineering | builds and runs customer workloads in the public cloud
Database Administration | runs, tunes and patches the managed database estate
Field Engineering | attends customer sites for installs, moves and hardware faults
Service Management Office | keeps the catalogue, service reporting and this manual
Platform Engineering | automates builds, releases and platform upgrades
Data Services | runs data warehouses, pipelines and reporting platforms
Integration Services | runs API gateways, file transfer and EDI links
Communications Engineering | runs telephony, contact centre and conferencing platforms
Identity Services | runs directories, single sign-on and privileged access
Monitoring and Automation | runs the monitoring platform and the automation tooling
""")

BUSINESS_OBJECTIVES = (
    ("growth", "Grow recurring managed-service revenue by {pct}% a year."),
    ("retention", "Renew customer contracts on time and at full value."),
    ("regulated", "Win managed-service contracts from regulated customers in {sector}."),
    ("margin", "Raise the gross margin of managed services to {pct2}%."),
    ("cloud", "Move {pct}% of hosted workloads to modern cloud platforms."),
    ("certification", "Keep ISO/IEC 20000-1 certification at every surveillance audit."),
    ("satisfaction", "Be rated a top-quartile provider in the annual customer survey."),
    ("efficiency", "Cut the cost to serve each customer by {pct}% through automation."),
)
SECTORS = _words("utilities, retail, logistics, health, finance, public sector, education")

SMS_OBJECTIVES = (
    (
        "availability",
        "Keep {what} available to customers inside their agreed service hours.",
        "monthly availability of {what} from monitoring data, excluding agreed maintenance",
        "{avail}% every month",
    ),
    (
        "p1-resolution",
        "Restore {what} quickly when a priority 1 incident happens.",
        "share of priority 1 incidents on {what} resolved within 4 hours, per month",
        "at least {pct}% each month",
    ),
    (
        "change-success",
        "Make changes to {what} without breaking them.",
        "share of closed changes to {what} that caused no incident and needed no rollback",
        "at least {pct}% over a rolling three months",
    ),
    (
        "csat",
        "Keep users of {what} satisfied with how their tickets are handled.",
        "average score of post-resolution surveys for {what} (1 to 5), per quarter",
        "4.{digit} or higher every quarter",
    ),
    (
        "patching",
        "Close critical vulnerabilities quickly on {what}.",
        "share of critical vulnerabilities on {what} patched within 14 days of release",
        "at least {pct}% per month",
    ),
    (
        "restore-tests",
        "Prove that {what} can be restored.",
        "share of scheduled restore tests of {what} completed and passed, per quarter",
        "100% of scheduled tests every quarter",
    ),
)

RISK_TEMPLATES = (
    (
        "licence",
        "Licence costs for {name} rise sharply at renewal",
        "Vendor licensing changes could raise the cost of {name} above what the contracts recover.",
        "Multi-year licence terms, a yearly market review and an alternative in the service plan.",
    ),
    (
        "exit",
        "Contract with {name} ends without a tested exit plan",
        "If {name} withdrew or failed, moving its work elsewhere would take months.",
        "Exit plan kept per critical supplier, reviewed yearly, with a second source identified.",
    ),
    (
        "breach",
        "Personal data breach in {name} services",
        "Customer personal data handled by the {name} services could be exposed by a fault or "
        "an attack, with notification duties under the contracts and the law.",
        "Access reviews each quarter, encryption at rest and in transit, and a breach procedure "
        "rehearsed twice a year.",
    ),
    (
        "supplier",
        "{name} fails to meet its service levels",
        "A prolonged failure at {name} would degrade every service built on what it supplies.",
        "Quarterly supplier review, contractual service credits and an exit plan tested yearly.",
    ),
    (
        "key-staff",
        "Loss of key staff in {name}",
        "Knowledge of several platforms sits with a few engineers in {name}.",
        "Runbooks kept current, cross-training plan and a retention review each year.",
    ),
    (
        "capacity",
        "Capacity shortfall on {name}",
        "Growth in customer demand could exhaust the capacity of {name} before new "
        "capacity is bought.",
        "Monthly capacity reports, quarterly forecasts and a purchasing trigger at 75% use.",
    ),
    (
        "site",
        "Extended loss of the {name}",
        "Fire, flood or a long power cut at the {name} would stop the services delivered from it.",
        "Recovery to a second site tested twice a year; site resilience reviewed annually.",
    ),
    (
        "cyber",
        "Ransomware attack on {name} services",
        "An attacker encrypting systems behind the {name} services would stop them and "
        "could expose customer data.",
        "Immutable backups, endpoint detection, privileged access controls and "
        "restore tests every quarter.",
    ),
)

LEGAL_REQUIREMENTS = _table("""
uk-gdpr | UK GDPR and Data Protection Act 2018 | legal | UK GDPR Articles 28 and 32
nis | NIS Regulations 2018 | regulatory | The Network and Information Systems Regs 2018
pci-dss | PCI DSS v4.0 | contractual | PCI DSS v4.0 service provider obligations
weee | WEEE Regulations 2013 | legal | The Waste Electrical and Electronic Equipment Regs
fca-sysc8 | FCA outsourcing rules (SYSC 8) | regulatory | FCA Handbook SYSC 8
cyber-essentials | Cyber Essentials Plus | contractual | Public-sector contract terms
dora | Digital Operational Resilience Act | regulatory | Regulation (EU) 2022/2554
computer-misuse | Computer Misuse Act 1990 | legal | Computer Misuse Act 1990
accessibility | Public sector accessibility regulations | regulatory | SI 2018/952
modern-slavery | Modern Slavery Act 2015 | legal | Modern Slavery Act 2015 s.54
""")

# The 19 clause 8 processes: clause | id | owner (a role key) | description
PROCESSES = _table("""
8.2.2 | service-planning | sms | Service owners agree each year which services to add or retire.
8.2.4 | catalogue-management | sms | The catalogue is kept in this repository and released with it.
8.2.5 | asset-management | ops | Hardware, licences and subscriptions are in the asset register.
8.2.6 | configuration-management | ops | Configuration items of every service are kept in the CMDB.
8.3.2 | business-relationship-management | commercial | Quarterly business review per customer.
8.3.3 | service-level-management | sms | Service levels are agreed, measured and reported monthly.
8.3.4 | supplier-management | commercial | Every supplier has an owner, an agreement and controls.
8.4.1 | budgeting-accounting | finance | Costs are budgeted per service and reported monthly.
8.4.2 | demand-management | commercial | Demand is forecast quarterly from the sales pipeline.
8.4.3 | capacity-management | ops | Capacity is monitored and forecast every quarter per platform.
8.5.1 | change-management | ops | Changes are assessed, approved and scheduled by the change board.
8.5.2 | service-design-transition | sms | New services are designed, built and accepted.
8.5.3 | release-deployment | ops | Releases are planned, tested and deployed on a calendar.
8.6.1 | incident-management | ops | Incidents are logged, prioritised and resolved within targets.
8.6.2 | service-request-management | ops | Requests are logged in the portal and fulfilled.
8.6.3 | problem-management | ops | Recurring incidents are analysed to remove their root causes.
8.7.1 | availability-management | ops | Availability is measured from monitoring data.
8.7.2 | continuity-management | ops | Continuity plans are kept per service and tested once a year.
8.7.3 | information-security-management | security | Controls follow the security policy.
""")

MECHANISMS = (
    "shared ITSM queue with named supplier accounts",
    "weekly service review meeting",
    "API integration between ticketing systems",
    "monthly report and review meeting",
    "email-to-ticket gateway",
    "change advisory board each Tuesday",
)

# --------------------------------------------------------------------------------------------
# YAML text helpers.

_PLAIN = re.compile(r"[A-Za-z0-9(][A-Za-z0-9 .,;:()/%&+'-]*[A-Za-z0-9.)%]|[A-Za-z0-9]")
_RESERVED = frozenset(
    {"null", "true", "false", "yes", "no", "on", "off", "y", "n", "~", ".nan", ".inf"}
)
_SLUG = re.compile(r"[^a-z0-9]+")


def plain(text: str) -> bool:
    """Whether ``text`` reads back unchanged as a plain (unquoted) YAML scalar."""
    return bool(
        _PLAIN.fullmatch(text)
        and ": " not in text
        and not text.endswith(":")
        and text.lower() not in _RESERVED
    )


def scalar(text: str) -> str:
    """``text`` as a YAML scalar: plain when that is unambiguous, double-quoted otherwise."""
    return text if plain(text) else json.dumps(text, ensure_ascii=False)


def slug(text: str) -> str:
    return _SLUG.sub("-", text.lower()).strip("-")


def wrap(text: str, width: int) -> list[str]:
    """Greedy word wrap (faster than textwrap for this simple case)."""
    lines: list[str] = []
    current: list[str] = []
    size = 0
    for word in text.split():
        if current and size + 1 + len(word) > width:
            lines.append(" ".join(current))
            current, size = [word], len(word)
        else:
            size += len(word) + (1 if current else 0)
            current.append(word)
    if current:
        lines.append(" ".join(current))
    return lines


class Yaml:
    """Accumulates the lines of one file."""

    def __init__(self, comment: str) -> None:
        self.lines = [f"# {comment}"]

    def section(self, name: str) -> None:
        self.lines.append(f"{name}:")

    def blank(self) -> None:
        self.lines.append("")

    def mapping(self, fields: list[tuple[str, object]], indent: int, item: bool) -> None:
        """Write a mapping; ``item`` makes it an entry of a list (``- `` before the first key).

        Values: str (scalar, folded when long), Md (folded Markdown text), Ids (flow or block
        list of ids), tuple[str, ...] (block list of text), list of fields (nested mapping);
        None is skipped.
        """
        lines = self.lines
        pad = " " * indent
        first = True
        for key, value in fields:
            if value is None:
                continue
            lead = (pad[:-2] + "- " if first and item else pad) + key + ":"
            first = False
            if isinstance(value, str) and len(lead) + len(value) < 96 and plain(value):
                lines.append(f"{lead} {value}")
            elif isinstance(value, str | Md):
                # Long or punctuated text, and all Markdown, as a folded block scalar.
                text = value if isinstance(value, str) else value.text
                lines.append(f"{lead} >-")
                inner = pad + "  "
                lines.extend(inner + line for line in wrap(text, 96 - len(inner)))
            elif isinstance(value, Ids):
                flow = "[" + ", ".join(value.ids) + "]"
                if len(lead) + len(flow) < 96:
                    lines.append(f"{lead} {flow}")
                else:
                    lines.append(lead)
                    lines.extend(f"{pad}  - {i}" for i in value.ids)
            elif isinstance(value, tuple):
                lines.append(lead)
                lines.extend(f"{pad}  - {scalar(t)}" for t in value)
            elif isinstance(value, list):
                lines.append(lead)
                self.mapping(value, indent + 2, item=False)
            else:  # pragma: no cover - a bug in this script
                raise TypeError(f"cannot write {value!r}")

    def entry(self, fields: list[tuple[str, object]]) -> None:
        self.mapping(fields, 4, item=True)
        self.blank()

    def write(self, path: Path) -> int:
        text = "\n".join(self.lines).rstrip("\n") + "\n"
        data = text.encode()
        path.write_bytes(data)
        return len(data)


@dataclass(frozen=True, slots=True)
class Md:
    text: str


@dataclass(frozen=True, slots=True)
class Ids:
    ids: list[str]


# --------------------------------------------------------------------------------------------
# The model being generated.


@dataclass(slots=True)
class Party:
    id: str
    name: str
    short: str
    type: str
    agreement: str
    specialty: str = ""
    provides: tuple[str, ...] = ()
    controls: tuple[str, ...] = ()
    description: str = ""


@dataclass(slots=True)
class Component:
    id: str
    name: str
    kind: str
    provided_by: str | None
    description: str
    category: int | None = None


@dataclass(slots=True)
class Requirement:
    id: str
    title: str
    kind: str
    reference: str
    text: str
    applies_to: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Service:
    index: int
    id: str
    name: str
    subject: str
    category: int
    excluded: bool = False
    status: str = "live"
    owner: str = ""
    customers: list[str] = field(default_factory=list)
    units: list[str] = field(default_factory=list)
    locations: list[str] = field(default_factory=list)
    components: list[str] = field(default_factory=list)
    suppliers: list[str] = field(default_factory=list)
    depends_on: list[str] = field(default_factory=list)
    operated_by: str | None = None
    sla: str = ""
    objectives: list[str] = field(default_factory=list)
    risks: list[str] = field(default_factory=list)
    requirements: list[str] = field(default_factory=list)


class Generator:
    def __init__(self, n: int, seed: int) -> None:
        self.n = n
        self.rng = random.Random(seed)
        self.ids: set[str] = set()
        self.names: set[str] = set()

    # -- helpers -------------------------------------------------------------------------------

    def new_id(self, base: str) -> str:
        # Ids are at most 64 characters; leave room for a number that keeps one unique.
        base = slug(base)[:56].rstrip("-") or "item"
        ident, k = base, 2
        while ident in self.ids:
            ident, k = f"{base}-{k}", k + 1
        self.ids.add(ident)
        return ident

    def unique_name(self, make: Callable[[], str], fallback: str) -> str:
        """A name from ``make()`` not used yet; numbered after a few collisions."""
        for _ in range(12):
            name = make()
            if name not in self.names:
                self.names.add(name)
                return name
        k = 2
        while f"{fallback} {k}" in self.names:
            k += 1
        self.names.add(f"{fallback} {k}")
        return f"{fallback} {k}"

    def pick(self, pool: list[str], low: int, high: int) -> list[str]:
        count = min(len(pool), self.rng.randint(low, high))
        return self.rng.sample(pool, count)

    # -- generation ----------------------------------------------------------------------------

    def run(self) -> None:
        n = self.n
        rng = self.rng
        self.n_units = max(2, round(n / 20))
        self.n_parties = max(6, round(n / 10))
        self.n_locations = max(3, round(n / 50))
        self.n_categories = min(20, n)
        self.n_components = max(4, round(n / 5))
        self.n_stakeholders = max(5, round(n / 20))
        self.n_objectives = max(4, round(n / 25))
        self.n_risks = max(3, round(n / 10))
        self.n_requirements = max(3, round(n / 20))
        self.n_interfaces = max(2, round(n / 20))
        self.n_exclusions = max(3, round(n / 100))

        word = rng.choice(ORG_WORDS)
        self.org_short = word
        self.org_name = f"{word} IT Services Ltd"
        self.org_parent = f"{word} Group plc"
        for _clause, ident, *_ in PROCESSES:
            self.ids.add(ident)
        self.make_stakeholders()
        self.make_parties()
        self.make_locations()
        self.make_units()
        self.make_components()
        self.make_services()
        self.make_objectives()
        self.make_risks()
        self.make_requirements()
        self.make_processes()
        self.make_interfaces()
        self.make_exclusions()

    def person(self) -> str:
        return self.unique_name(
            lambda: f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}", "Team member"
        )

    def make_stakeholders(self) -> None:
        fixed = [
            ("ceo", "Chief Executive Officer (top management)", "top"),
            ("sms-manager", "SMS Manager; owner of this manual", "sms"),
            ("head-of-operations", "Head of Operations", "ops"),
            ("commercial-director", "Commercial Director", "commercial"),
            ("head-of-security", "Head of Information Security", "security"),
        ]
        if self.n_stakeholders > 5:
            fixed.append(("cfo", "Chief Financial Officer (top management)", "top"))
        self.stakeholders: list[tuple[str, str, str, str]] = []  # id, name, role, group
        self.role_ids = {group: ident for ident, _, group in fixed if group != "top"}
        self.role_ids["top"] = "ceo"
        self.role_ids["finance"] = "cfo" if self.n_stakeholders > 5 else "commercial-director"
        for ident, role, group in fixed[: self.n_stakeholders]:
            self.ids.add(ident)
            self.stakeholders.append((ident, self.person(), role, group))
        extra = self.n_stakeholders - len(self.stakeholders)
        reps = extra // 6
        for k in range(extra - reps):
            name = self.person()
            if k % 2 == 0:
                func = UNIT_FUNCTIONS[(k // 2) % len(UNIT_FUNCTIONS)][0]
                role = f"Head of {func}"
            else:
                role = f"Service owner, {CATEGORIES[(k // 2) % len(CATEGORIES)][0]}"
            self.stakeholders.append((self.new_id(name), name, role, "owner"))
        self.rep_slots = reps
        self.owners = [s[0] for s in self.stakeholders if s[3] != "top"]

    def company(self) -> tuple[str, str]:
        rng = self.rng
        base = self.unique_name(
            lambda: f"{rng.choice(COMPANY_WORDS)} {rng.choice(INDUSTRIES)}",
            f"{rng.choice(COMPANY_WORDS)} Trading",
        )
        return base, f"{base} {rng.choice(COMPANY_SUFFIXES)}"

    def make_parties(self) -> None:
        rng = self.rng
        total = self.n_parties
        n_int = min(len(GROUP_FUNCTIONS), max(1, total // 10))
        n_cas = max(1, total // 10)
        n_ext = max(2, round(total * 0.3)) + max(0, total // 10 - n_int)
        n_cust = total - n_int - n_cas - n_ext
        self.parties: list[Party] = []
        for k in range(n_cust + n_cas):
            short, name = self.company()
            cas = k >= n_cust
            code = "".join(w[0] for w in short.split()).upper()
            party = Party(
                id=self.new_id(short),
                name=name,
                short=short,
                type="customer-as-supplier" if cas else "customer",
                agreement=f"MSA-{code}-{rng.randint(2018, 2025)}",
            )
            industry = short.split()[-1].lower()
            article = "An" if industry[0] in "aeiou" else "A"
            party.description = (
                f"{article} {industry} business that takes several managed services under a master "
                f"services agreement, reviewed at a quarterly business review."
            )
            if cas:
                party.agreement += " Schedule 4 (customer responsibilities)"
                party.provides = CAS_PROVIDES
                party.controls = CAS_CONTROLS
                party.specialty = "sites"
                party.description += (
                    f" Some equipment sits in rooms that {short} owns and runs, so it is also a "
                    "supplier to those services."
                )
            self.parties.append(party)
        for k in range(n_ext):
            spec = SUPPLIER_SPECIALTIES[k % len(SUPPLIER_SPECIALTIES)]
            short = self.unique_name(
                lambda spec=spec: f"{rng.choice(COMPANY_WORDS)} {spec[1]}", spec[1]
            )
            self.parties.append(
                Party(
                    id=self.new_id(short),
                    name=f"{short} Ltd",
                    short=short,
                    type="external-supplier",
                    agreement=f"CT-{rng.randint(2019, 2025)}-{k + 1:03d}",
                    specialty=spec[0],
                    provides=spec[2],
                    controls=(*spec[3], "ISO/IEC 27001 certificate checked annually"),
                )
            )
        for k in range(n_int):
            key, label, provides = GROUP_FUNCTIONS[k]
            self.parties.append(
                Party(
                    id=self.new_id(f"group-{key}"),
                    name=f"{self.org_short} Group Shared Services - {label}",
                    short=f"Group {label}",
                    type="internal-supplier",
                    agreement=f"ISA-GRP-{key.upper()[:4]}-01 (internal service agreement)",
                    specialty=key,
                    provides=provides,
                    controls=INTERNAL_CONTROLS,
                    description=f"Part of {self.org_parent}, outside the SMS.",
                )
            )
        self.customers = [p.id for p in self.parties if p.type in CUSTOMER_TYPES]
        self.by_id = {p.id: p for p in self.parties}
        self.ext = [p for p in self.parties if p.type == "external-supplier"]
        self.cas = [p for p in self.parties if p.type == "customer-as-supplier"]
        self.internal = [p for p in self.parties if p.type == "internal-supplier"]
        self.specialist = {p.specialty: p for p in reversed(self.ext)}
        # Customer representatives among the stakeholders.
        for k in range(self.rep_slots):
            party = self.by_id[self.customers[k % len(self.customers)]]
            name = self.person()
            self.stakeholders.append(
                (self.new_id(name), name, f"Customer representative, {party.short}", "rep")
            )
        # A spare customer to exclude when there are too few services to exclude.
        self.spare_customer: Party | None = None
        if self.n < 5:
            short, name = self.company()
            self.spare_customer = Party(
                id=self.new_id(short),
                name=name,
                short=short,
                type="customer",
                agreement="RSA-01 (resource supply agreement)",
                description="Buys engineer days under a resource supply agreement.",
            )
            self.parties.append(self.spare_customer)

    def make_locations(self) -> None:
        rng = self.rng
        cities = list(CITIES)
        self.locations: list[list[tuple[str, object]]] = []
        self.location_ids: list[str] = []
        self.location_city: dict[str, str] = {}
        self.location_names: list[str] = []
        self.countries: set[str] = set()
        colo = self.specialist.get("colocation")
        cloud = self.specialist.get("cloud")
        used: set[tuple[str, str]] = set()
        for k in range(self.n_locations):
            if k == 0:
                kind = "office"
            elif k == 1:
                kind = "data-centre"
            else:
                kind = rng.choice(("office", "office", "data-centre", "cloud-region"))
            if kind == "cloud-region" and cloud is None:
                kind = "data-centre"
            city, country = cities[k] if k < 2 else rng.choice(cities)
            for _ in range(50):
                if (city, kind) not in used:
                    break
                city, country = rng.choice(cities)
            used.add((city, kind))
            self.countries.add(country)
            provider = None
            if kind == "office":
                name = f"{city} head office" if k == 0 else f"{city} service centre"
                address = f"{rng.randint(1, 200)} {rng.choice(LAST_NAMES)} Street, {city}"
            elif kind == "data-centre":
                name = f"{city} data centre"
                if colo is not None and rng.random() < 0.7:
                    provider = colo.id
                    address = f"Colocation suite {rng.randint(1, 9)}, {colo.short} {city} campus"
                else:
                    address = f"Own data hall, {city} business park"
            else:
                assert cloud is not None
                name = f"{cloud.short} {city} region"
                provider = cloud.id
                address = f"{cloud.short} region in {city}, three availability zones"
            name = self.unique_name(lambda name=name: name, name)
            ident = self.new_id(name)
            self.location_ids.append(ident)
            self.location_city[ident] = city
            self.location_names.append(name)
            self.locations.append(
                [
                    ("id", ident),
                    ("name", name),
                    ("kind", kind),
                    ("country", country),
                    ("address", address),
                    ("provided_by", provider),
                ]
            )
        city, country = rng.choice(SPARE_CITIES)
        name = self.unique_name(lambda: f"{city} sales office", f"{city} sales office")
        self.spare_location = self.new_id(name)
        self.spare_location_name = name
        self.locations.append(
            [
                ("id", self.spare_location),
                ("name", name),
                ("kind", "office"),
                ("country", country),
                ("address", f"Serviced office suite, {city}"),
            ]
        )

    def make_units(self) -> None:
        rng = self.rng
        self.units: list[list[tuple[str, object]]] = []
        self.unit_ids: list[str] = []
        self.unit_names: list[str] = []
        self.unit_locations: dict[str, list[str]] = {}
        for k in range(self.n_units):
            func, does = UNIT_FUNCTIONS[k % len(UNIT_FUNCTIONS)]
            if k < len(UNIT_FUNCTIONS):
                name, locs = func, self.pick(self.location_ids, 1, 2)
            else:
                loc = rng.choice(self.location_ids)
                name = f"{func} ({self.location_city[loc]})"
                locs = [loc]
            name = self.unique_name(lambda name=name: name, name)
            ident = self.new_id(name)
            manager = self.owners[(k + 1) % len(self.owners)]
            self.unit_ids.append(ident)
            self.unit_names.append(name)
            self.unit_locations[ident] = locs
            self.units.append(
                [
                    ("id", ident),
                    ("name", name),
                    ("manager", manager),
                    ("description", Md(f"{name} {does} for the services in scope.")),
                    ("locations", Ids(locs)),
                ]
            )
        name = self.unique_name(lambda: "Advisory and Projects", "Advisory and Projects")
        self.spare_unit = self.new_id(name)
        self.spare_unit_name = name
        self.units.append(
            [
                ("id", self.spare_unit),
                ("name", name),
                ("manager", self.role_ids["commercial"]),
                (
                    "description",
                    Md(
                        "Sells and delivers fixed-price consultancy and project work under "
                        "statements of work. Outside the SMS scope (see the exclusions)."
                    ),
                ),
                ("locations", Ids([self.location_ids[0]])),
            ]
        )

    def make_components(self) -> None:
        rng = self.rng
        self.components: list[Component] = []
        for name, kind, text in (
            ("ITSM and CMDB platform", "application", "The tool for incidents, changes and CIs."),
            ("Monitoring and alerting platform", "platform", "Collects metrics and events."),
        ):
            self.components.append(Component(self.new_id(name), name, kind, None, text))
            self.names.add(name)
        self.generic = [c.id for c in self.components]
        suppliers = [*self.ext, *self.cas]
        supplied = max(1, self.n_components // 4)
        specs = {s[0]: s for s in SUPPLIER_SPECIALTIES}
        for k in range(supplied):
            party = suppliers[k % len(suppliers)]
            if party.type == "customer-as-supplier":
                base, kind = f"{party.short} site comms rooms", "facility"
            else:
                base, kind = specs[party.specialty][4]
                base = f"{base} ({party.short})"
            if k >= len(suppliers):  # a second component from the same party: name its site
                city = self.location_city[rng.choice(self.location_ids)]
                base = f"{base[:-1]}, {city})" if base.endswith(")") else f"{base} ({city})"
            name = self.unique_name(lambda base=base: base, base)
            self.components.append(
                Component(
                    self.new_id(name),
                    name,
                    kind,
                    party.id,
                    f"Supplied by {party.name} under agreement {party.agreement.split()[0]}.",
                )
            )
        self.supplied = [c.id for c in self.components if c.provided_by]
        nouns = {
            "platform": ("cluster", "platform", "estate", "farm"),
            "application": ("application", "portal", "toolset"),
            "network": ("network", "edge", "fabric"),
            "facility": ("suite", "rooms"),
        }
        self.category_components: dict[int, list[str]] = {}
        own = max(1, self.n_components - len(self.components))
        for k in range(own):
            cat = k % self.n_categories
            subject = rng.choice(CATEGORIES[cat][2])
            kind = rng.choice(("platform", "platform", "application", "network", "facility"))
            city = self.location_city[rng.choice(self.location_ids)]
            name = self.unique_name(
                lambda subject=subject, kind=kind, city=city: (
                    f"{subject} {rng.choice(nouns[kind])} ({city})"
                ),
                f"{subject} platform",
            )
            comp = Component(
                self.new_id(name),
                name,
                kind,
                None,
                f"{name}, owned and run by {self.org_short}, carries the "
                f"{CATEGORIES[cat][0].lower()} services built on it.",
                cat,
            )
            self.components.append(comp)
            self.category_components.setdefault(cat, []).append(comp.id)
        self.component_by_id = {c.id: c for c in self.components}

    def service_name(self, cat: int) -> tuple[str, str]:
        rng = self.rng
        subjects = CATEGORIES[cat][2]
        holder: list[str] = []

        def make() -> str:
            subject = rng.choice(subjects)
            holder[:] = [subject]
            return f"{rng.choice(QUALIFIERS)} {subject} {rng.choice(OFFERS)}"

        name = self.unique_name(make, f"{CATEGORIES[cat][0]} Service")
        return name, holder[0] if holder else subjects[0]

    def make_services(self) -> None:
        rng = self.rng
        n = self.n
        order = list(range(self.n_categories))
        cats = order + [rng.randrange(self.n_categories) for _ in range(n - len(order))]
        self.services: list[Service] = []
        for k in range(n):
            name, subject = self.service_name(cats[k])
            self.services.append(Service(k, self.new_id(name), name, subject, cats[k]))
        # Which services are excluded, in the pipeline or retiring.
        n_excluded = self.n_exclusions - 2 if n >= 5 else 0
        candidates = list(range(1, n))
        rng.shuffle(candidates)
        for k in candidates[:n_excluded]:
            self.services[k].excluded = True
            self.services[k].status = rng.choice(("live", "retiring"))
        rest = candidates[n_excluded:]
        if rest:
            self.services[rest[0]].status = "pipeline"
        n_retiring = max(1, n // 60) if n >= 3 else 0
        for k in rest[1 : 1 + n_retiring]:
            self.services[k].status = "retiring"
        self.in_scope = [s for s in self.services if not s.excluded]
        # Owners per category, a primary unit per category.
        cat_owner = {c: self.owners[(c + 2) % len(self.owners)] for c in range(self.n_categories)}
        cat_unit = {c: self.unit_ids[c % len(self.unit_ids)] for c in range(self.n_categories)}
        operators = [p.id for p in self.ext if p.specialty in ("cyber", "support", "cloud")]
        dependable: list[str] = []
        sla_counter: dict[int, int] = {}
        for s in self.services:
            s.owner = cat_owner[s.category] if rng.random() < 0.8 else rng.choice(self.owners)
            s.customers = self.pick(self.customers, 1, 3)
            units = [cat_unit[s.category]]
            if rng.random() < 0.5:
                other = rng.choice(self.unit_ids)
                if other not in units:
                    units.append(other)
            s.units = units
            locs = list(self.unit_locations[units[0]][:1])
            if rng.random() < 0.5:
                other = rng.choice(self.location_ids)
                if other not in locs:
                    locs.append(other)
            s.locations = locs
            own = self.category_components.get(s.category) or self.generic
            comps = [rng.choice(own)]
            target = rng.randint(2, 4)
            pool = (own, self.generic, self.supplied, self.generic)
            for _ in range(12):
                if len(comps) >= target:
                    break
                c = rng.choice(rng.choice(pool))
                if c not in comps:
                    comps.append(c)
            s.components = comps
            providers = list(
                dict.fromkeys(
                    p for c in comps if (p := self.component_by_id[c].provided_by) is not None
                )
            )[:2]
            if not s.excluded and s.index > 0 and operators and rng.random() < 0.04:
                s.operated_by = rng.choice(operators)
                if s.operated_by not in providers:
                    providers = [s.operated_by, *providers[:1]]
            s.suppliers = providers
            sla_counter[s.category] = sla_counter.get(s.category, 0) + 1
            s.sla = f"SLA-{CATEGORIES[s.category][1]}-{sla_counter[s.category]:02d}"
            if not s.excluded and dependable and rng.random() < 0.55:
                deps = {rng.choice(dependable) for _ in range(rng.randint(1, 2))}
                s.depends_on = sorted(deps)
            if not s.excluded and s.status != "pipeline":
                dependable.append(s.id)

    def make_objectives(self) -> None:
        rng = self.rng
        n_business = max(2, self.n_objectives // 3)
        n_sms = self.n_objectives - n_business
        self.objectives: list[list[tuple[str, object]]] = []
        business: list[str] = []
        for k in range(n_business):
            key, template = BUSINESS_OBJECTIVES[k % len(BUSINESS_OBJECTIVES)]
            sector = SECTORS[(k // len(BUSINESS_OBJECTIVES) + k) % len(SECTORS)]
            text = template.format(
                pct=rng.choice((5, 10, 15, 20)), pct2=rng.randint(28, 40), sector=sector
            )
            if k >= len(BUSINESS_OBJECTIVES) and "{sector}" not in template:
                text = text.rstrip(".") + f" in the {sector} market."
            ident = self.new_id(f"bo-{key}")
            business.append(ident)
            self.objectives.append(
                [
                    ("id", ident),
                    ("kind", "business"),
                    ("statement", text),
                    ("owner", self.role_ids["top"]),
                    ("due", f"{rng.choice((2026, 2027, 2028))}-12-31"),
                ]
            )
        self.cat_objectives: dict[int, list[str]] = {}
        for k in range(n_sms):
            key, statement, metric, target = SMS_OBJECTIVES[k % len(SMS_OBJECTIVES)]
            cat = (k // len(SMS_OBJECTIVES) + k) % self.n_categories
            what = f"{CATEGORIES[cat][0].lower()} services"
            values = {
                "what": what,
                "avail": rng.choice(("99.9", "99.95", "99.5")),
                "pct": rng.choice((90, 95, 97)),
                "digit": rng.randint(2, 6),
            }
            ident = self.new_id(f"obj-{key}-{slug(CATEGORIES[cat][0])}")
            self.cat_objectives.setdefault(cat, []).append(ident)
            self.objectives.append(
                [
                    ("id", ident),
                    ("kind", "sms"),
                    ("statement", statement.format(**values)),
                    ("metric", metric.format(**values)),
                    ("target", target.format(**values)),
                    ("owner", rng.choice(self.owners)),
                    ("due", f"{rng.choice((2026, 2027))}-{rng.choice(('03-31', '12-31'))}"),
                    ("supports", Ids(self.pick(business, 1, 2))),
                ]
            )
        sms_ids = [i for ids in self.cat_objectives.values() for i in ids]
        for s in self.in_scope:
            pool = self.cat_objectives.get(s.category) or sms_ids
            s.objectives = self.pick(pool, 1, 2)

    def make_risks(self) -> None:
        rng = self.rng
        self.risks: list[list[tuple[str, object]]] = []
        related: dict[str, list[str]] = {}
        general: list[str] = []
        seen: set[tuple[str, str]] = set()
        for k in range(self.n_risks):
            # Prefer a subject with no risk of this kind yet, then another kind of risk.
            for j in range(len(RISK_TEMPLATES) * 10):
                key, title, text, treatment = RISK_TEMPLATES[(k + j // 10) % len(RISK_TEMPLATES)]
                name, about = self.risk_subject(key)
                if (key, about) not in seen:
                    break
            seen.add((key, about))
            ident = self.new_id(f"risk-{key}-{slug(name)}")
            related.setdefault(about, []).append(ident)
            general.append(ident)
            self.risks.append(
                [
                    ("id", ident),
                    ("title", title.format(name=name)),
                    ("likelihood", str(rng.randint(1, 4))),
                    ("impact", str(rng.randint(2, 5))),
                    ("treatment", treatment),
                    ("owner", rng.choice(self.owners)),
                    ("description", Md(text.format(name=name))),
                ]
            )
        for s in self.in_scope:
            pool: list[str] = []
            for about in (*s.suppliers, *s.units, *s.components, *s.locations):
                pool.extend(related.get(about, ()))
            pool.extend(related.get(f"cat-{s.category}", ()))
            chosen = list(dict.fromkeys(pool))[: rng.randint(1, 3)]
            if not chosen:
                chosen = [rng.choice(general)]
            s.risks = chosen

    def risk_subject(self, key: str) -> tuple[str, str]:
        """The name and id (or category key) of what a risk of kind ``key`` is about."""
        rng = self.rng
        if key in ("supplier", "exit"):
            party = rng.choice([*self.ext, *self.cas])
            return party.short, party.id
        if key == "key-staff":
            k = rng.randrange(len(self.unit_ids))
            return self.unit_names[k], self.unit_ids[k]
        if key in ("capacity", "licence"):
            comp = rng.choice(self.components)
            return comp.name, comp.id
        if key == "site":
            k = rng.randrange(len(self.location_ids))
            return self.location_names[k], self.location_ids[k]
        cat = rng.randrange(self.n_categories)
        return CATEGORIES[cat][0].lower(), f"cat-{cat}"

    def make_requirements(self) -> None:
        rng = self.rng
        self.requirements: list[Requirement] = []
        general: list[str] = []
        by_customer: dict[str, str] = {}
        customers_used = list(dict.fromkeys(c for s in self.in_scope for c in s.customers))
        for k in range(self.n_requirements):
            if k < min(len(LEGAL_REQUIREMENTS), max(2, self.n_requirements // 3)) or not (
                customers_used
            ):
                key, title, kind, ref = LEGAL_REQUIREMENTS[k % len(LEGAL_REQUIREMENTS)]
                ident = self.new_id(f"req-{key}")
                general.append(ident)
                text = f"{title} applies to how the services handle data and report incidents."
            else:
                party = self.by_id[customers_used.pop(rng.randrange(len(customers_used)))]
                kind, title = "contractual", f"{party.short} security schedule"
                ident = self.new_id(f"req-{party.id}-schedule")
                ref = f"{party.agreement.split()[0]} Schedule 3 (information security)"
                by_customer[party.id] = ident
                text = (
                    f"{party.name} flows down incident notification within 24 hours, "
                    "annual penetration tests and a right to audit."
                )
            self.requirements.append(Requirement(ident, title, kind, ref, text))
        applies = {r.id: r.applies_to for r in self.requirements}
        for s in self.in_scope:
            chosen = [by_customer[c] for c in s.customers if c in by_customer][:1]
            for r in self.pick(general, 1, 2):
                if r not in chosen:
                    chosen.append(r)
            s.requirements = chosen
            for r in chosen:
                applies[r].append(s.id)
        for r_id, services in applies.items():
            if not services:
                s = rng.choice(self.in_scope)
                s.requirements.append(r_id)
                services.append(s.id)

    def make_processes(self) -> None:
        finance = next((p for p in self.internal if p.specialty == "finance"), None)
        finance = finance or self.internal[0]
        ops = self.specialist.get("support") or self.ext[-1]
        self.process_operator = {"budgeting-accounting": finance.id, "incident-management": ops.id}

    def make_interfaces(self) -> None:
        rng = self.rng
        pairs: list[tuple[str, str, str, str]] = []  # a, b, description, mechanism
        for proc, party in self.process_operator.items():
            pairs.append(
                (
                    proc,
                    party,
                    f"Work handed to {self.by_id[party].name} and its results handed back, "
                    "checked against the process and its targets.",
                    rng.choice(MECHANISMS),
                )
            )
        for c in self.components:
            if c.provided_by:
                pairs.append(
                    (
                        "incident-management",
                        c.provided_by,
                        f"Incidents on {c.name} raised with the supplier and tracked to "
                        "resolution.",
                        rng.choice(MECHANISMS),
                    )
                )
        for p in self.cas:
            pairs.append(
                (
                    "service-level-management",
                    p.id,
                    f"Customer responsibilities of {p.short} reviewed against its agreement.",
                    "monthly service review meeting",
                )
            )
        for s in self.in_scope:
            if s.operated_by:
                pairs.append(
                    (
                        s.id,
                        s.operated_by,
                        f"Day-to-day operation of {s.name} by the supplier, and its reports.",
                        rng.choice(MECHANISMS),
                    )
                )
        procs = [p[1] for p in PROCESSES]
        for u in self.unit_ids:
            proc = rng.choice(procs)
            pairs.append(
                (
                    u,
                    proc,
                    f"Records and decisions exchanged between the unit and the "
                    f"{proc.replace('-', ' ')} process.",
                    rng.choice(MECHANISMS),
                )
            )
        seen: set[frozenset[str]] = set()
        self.interfaces: list[list[tuple[str, object]]] = []
        while len(self.interfaces) < self.n_interfaces:
            if pairs:
                a, b, text, mech = pairs.pop(0)
            else:
                a, b = rng.choice(self.unit_ids), rng.choice(procs)
                text, mech = "Escalations and reports between the unit and the process.", "email"
            key = frozenset((a, b))
            if a == b or key in seen:
                if not pairs and len(seen) > 4 * self.n_interfaces:  # pragma: no cover
                    break
                continue
            seen.add(key)
            self.interfaces.append(
                [
                    ("id", self.new_id(f"if-{b}-{a}")),
                    ("between", Ids([a, b])),
                    ("description", text),
                    ("mechanism", mech),
                ]
            )

    def make_exclusions(self) -> None:
        rng = self.rng
        approver = self.role_ids["top"]
        self.exclusions: list[list[tuple[str, object]]] = []

        def add(kind: str, target: str, rationale: str, day: int) -> None:
            self.exclusions.append(
                [
                    ("id", self.new_id(f"exc-{target}")),
                    ("kind", kind),
                    ("target", target),
                    ("rationale", Md(rationale)),
                    ("approved_by", approver),
                    ("date", f"2026-02-{day:02d}"),
                ]
            )

        add(
            "location",
            self.spare_location,
            f"The {self.spare_location_name} houses sales staff looking for new customers; no "
            "service is delivered, supported or monitored from it and no customer data is "
            "held there.",
            10,
        )
        add(
            "unit",
            self.spare_unit,
            f"{self.spare_unit_name} sells and delivers fixed-price project work under "
            "statements of work and does not deliver or support any service in the catalogue, "
            "so no in-scope service depends on it.",
            10,
        )
        reasons = (
            "is supported on a time-and-materials basis for a single customer under a statement "
            "of work with no service levels, so the SMS cannot give it the assurance it gives "
            "catalogue services.",
            "runs on a platform the customer owns and changes itself, outside our change and "
            "configuration management, so we could not control it under the SMS.",
            "is being withdrawn under a signed exit plan, takes no new customers and has no "
            "service levels left to manage.",
        )
        for s in self.services:
            if s.excluded:
                add("service", s.id, f"The {s.name} {rng.choice(reasons)}", rng.randint(1, 27))
        if self.spare_customer is not None:
            add(
                "customer",
                self.spare_customer.id,
                f"{self.spare_customer.name} buys engineer days under a resource supply "
                "agreement and works in its own processes, so there is no service of ours to "
                "manage for it.",
                12,
            )

    # -- text -----------------------------------------------------------------------------------

    def summary(self, s: Service) -> str:
        rng = self.rng
        return (
            f"{s.subject} {rng.choice(SUMMARY_NOUNS)} {rng.choice(RUN_PHRASES)} for "
            f"{rng.choice(AUDIENCES)}, with {rng.choice(FEATURES)}."
        )

    def description(self, s: Service) -> str:
        rng = self.rng
        names = [self.by_id[c].short for c in s.customers]
        who = _listing(names)
        unit = self.unit_names[self.unit_ids.index(s.units[0])]
        first = (
            f"{self.org_short} delivers **{s.name}** to {who} as a "
            f"{rng.choice(STYLES)} service from {self.location_city[s.locations[0]]}."
        )
        if s.suppliers:
            supplier = self.by_id[s.suppliers[0]]
            second = (
                f"{unit} {rng.choice(RESPONSIBILITIES)}, while {supplier.short} supplies "
                f"{supplier.provides[0] if supplier.provides else 'parts of the service'}."
            )
        else:
            second = f"{unit} {rng.choice(RESPONSIBILITIES)}. {rng.choice(CUSTOMER_KEEPS)}"
        if s.status == "retiring":
            third = (
                "**Retiring**: no new customers are taken on and the remaining users move to "
                f"a replacement service by {rng.choice(MONTHS)} 2027."
            )
        elif s.status == "pipeline":
            third = (
                "**In the pipeline**: design and transition are under way, with the first "
                f"customer due to go live in {rng.choice(MONTHS)} 2026."
            )
        else:
            third = rng.choice(EXTRAS) if rng.random() < 0.6 else ""
        return f"{first} {second} {third}".strip()

    def statement(self, detailed: bool) -> str:
        units = self.unit_names
        locs = self.location_names
        countries = sorted(self.countries)

        where = "the United Kingdom" if countries == ["GB"] else f"{len(countries)} countries"
        if detailed and len(units) <= 6:
            unit_text = f"{len(units)} units ({_listing(units)})"
        else:
            unit_text = f"{len(units)} organisational units"
        loc_text = f"the {_listing(locs)}" if detailed and len(locs) <= 5 else f"{len(locs)} sites"
        return (
            f"The SMS of {self.org_name} covers the planning, design, transition, delivery and "
            "improvement of the managed IT services shown as in scope in the service "
            f"catalogue, provided to business customers in {where} under master services "
            f"agreements. These services are delivered and supported by {unit_text}, working "
            f"from {loc_text}. Components, services and process activities that suppliers or "
            f"{self.org_parent} shared services operate for {self.org_short} stay in scope and "
            "are controlled through supplier management. The services, units, locations and "
            "customers recorded as exclusions in this manual are outside the scope."
        )

    # -- output ---------------------------------------------------------------------------------

    def write(self, scope: Path) -> dict[str, int]:
        sizes: dict[str, int] = {}

        def save(name: str, doc: Yaml) -> None:
            path = scope / name
            sizes[name] = doc.write(path)

        def save_list(
            name: str, comment: str, section: str, rows: list[list[tuple[str, object]]]
        ) -> None:
            doc = Yaml(comment)
            doc.section(section)
            for fields in rows:
                doc.entry(fields)
            save(name, doc)

        excluded_services = [s for s in self.services if s.excluded]
        statement = self.statement(detailed=True)
        if any(_mentions(statement, s) for s in excluded_services):
            statement = self.statement(detailed=False)

        doc = Yaml("The organisation, its SMS scope statement, document control and approvals.")
        doc.section("organization")
        doc.mapping(
            [("name", self.org_name), ("short_name", self.org_short), ("parent", self.org_parent)],
            2,
            item=False,
        )
        doc.blank()
        shown = [c[0].lower() for c in CATEGORIES[: min(5, self.n_categories)]]
        cats = _listing(shown + ["other"] * (self.n_categories > 5)) + " services"
        doc.section("sms")
        doc.mapping(
            [
                ("standard", "ISO/IEC 20000-1:2018"),
                (
                    "purpose",
                    Md(
                        f"{self.org_short} runs managed IT services that its customers' own "
                        f"operations depend on, across {cats}. The SMS exists so "
                        "that every one of those services is planned, agreed, delivered, "
                        "measured and improved in the same controlled way, whichever customer "
                        "receives it and whichever team or supplier does the work."
                    ),
                ),
                ("statement", Md(statement)),
                (
                    "climate",
                    [
                        ("decision", "relevant"),
                        (
                            "reasoning",
                            Md(
                                f"{self.org_short}'s data centres and suppliers are exposed to "
                                "heat and flooding, and its customers ask for the emissions of "
                                "the services they buy, so climate change is a relevant issue."
                            ),
                        ),
                        ("date", "2026-01-20"),
                        ("decided_by", self.role_ids["top"]),
                    ],
                ),
            ],
            2,
            item=False,
        )
        doc.blank()
        doc.section("document")
        doc.mapping(
            [
                ("id", f"{self.org_short[:2].upper()}-SMS-001"),
                ("title", "Service Management System Manual"),
                ("owner", self.role_ids["sms"]),
                ("classification", "Internal"),
                ("review_months", "12"),
            ],
            2,
            item=False,
        )
        doc.blank()
        doc.section("approvals")
        doc.entry(
            [
                ("version", "v1.0.0"),
                ("by", self.role_ids["top"]),
                ("date", "2026-03-02"),
                ("record", "MR-2026-01"),
            ]
        )
        save("organization.yaml", doc)

        doc = Yaml("Interested parties (4.2): what each needs and how they are kept informed.")
        doc.section("stakeholders")
        interests = {
            "top": ("SMS aligned with the business strategy", "early warning of risks"),
            "rep": ("service levels met and reported", "changes notified in advance"),
        }
        channels = {
            "top": ("management review meeting", "twice a year, and on every scope change"),
            "rep": ("monthly service review meeting", "monthly"),
        }
        default_interests = ("services meet their agreed levels", "audit findings closed on time")
        for ident, name, role, group in self.stakeholders:
            channel, frequency = channels.get(group, ("SMS steering group", "monthly"))
            doc.entry(
                [
                    ("id", ident),
                    ("name", name),
                    ("role", role),
                    ("interests", interests.get(group, default_interests)),
                    ("communication", [("channel", channel), ("frequency", frequency)]),
                ]
            )
        save("stakeholders.yaml", doc)

        save_list(
            "units.yaml",
            "Organisational units that provide and support the services.",
            "units",
            self.units,
        )

        save_list(
            "locations.yaml",
            "Locations the services are delivered and supported from.",
            "locations",
            self.locations,
        )

        doc = Yaml("Customers and suppliers, with agreements and the 8.2.3 controls.")
        doc.section("parties")
        for p in self.parties:
            doc.entry(
                [
                    ("id", p.id),
                    ("name", p.name),
                    ("type", p.type),
                    ("agreement", p.agreement),
                    ("provides", p.provides or None),
                    ("controls", p.controls or None),
                    ("description", Md(p.description) if p.description else None),
                ]
            )
        save("parties.yaml", doc)

        doc = Yaml("Service components the services are built from.")
        doc.section("components")
        for c in self.components:
            doc.entry(
                [
                    ("id", c.id),
                    ("name", c.name),
                    ("kind", c.kind),
                    ("provided_by", c.provided_by),
                    ("description", Md(c.description)),
                ]
            )
        save("components.yaml", doc)

        doc = Yaml("The clause 8 SMS processes, their owners and operators.")
        doc.section("processes")
        for clause, ident, owner, text in PROCESSES:
            doc.lines.append(f'  - id: {ident}\n    clause: "{clause}"')
            doc.mapping(
                [
                    ("owner", self.role_ids[owner]),
                    ("operated_by", self.process_operator.get(ident)),
                    ("description", Md(text)),
                ],
                4,
                item=False,
            )
            doc.blank()
        save("processes.yaml", doc)

        save_list(
            "interfaces.yaml",
            "Interfaces between processes, services, units, components and parties.",
            "interfaces",
            self.interfaces,
        )

        save_list(
            "objectives.yaml",
            "Business objectives and the SMS objectives (6.2) that support them.",
            "objectives",
            self.objectives,
        )

        save_list("risks.yaml", "Risks to the services in scope (6.1).", "risks", self.risks)

        save_list(
            "issues.yaml",
            "Internal and external issues the SMS takes account of (4.1).",
            "issues",
            [
                [("id", f"issue-{n + 1}"), ("kind", kind), ("title", title)]
                for n, (kind, title) in enumerate(ISSUES)
            ],
        )

        doc = Yaml("Legal, regulatory and contractual requirements.")
        doc.section("requirements")
        for r in self.requirements:
            doc.entry(
                [
                    ("id", r.id),
                    ("title", r.title),
                    ("kind", r.kind),
                    ("reference", r.reference),
                    ("applies_to", Ids(r.applies_to)),
                    ("description", Md(r.text)),
                ]
            )
        save("requirements.yaml", doc)

        # One document per item of the 7.5.4 list; the manual itself addresses every clause,
        # so the clause matrix of a generated project has no gaps.
        items = [
            "scope",
            "policy-objectives",
            "sm-plan",
            "policies-plans",
            "processes",
            "service-requirements",
            "catalogue",
            "slas",
            "supplier-contracts",
            "internal-agreements",
            "procedures",
            "records",
        ]
        owner = self.stakeholders[0][0]
        save_list(
            "documents.yaml",
            "The register of documented information (7.5.4).",
            "documents",
            [
                [
                    ("id", f"doc-{item}"),
                    ("title", f"{item.replace('-', ' ').capitalize()} document"),
                    ("item", item),
                    ("owner", owner),
                    ("review", "2027-03-01"),
                    (
                        "clauses",
                        Ids(["4", "5", "6", "7", "8", "9", "10"]) if item == "scope" else None,
                    ),
                ]
                for item in items
            ],
        )

        save_list(
            "exclusions.yaml",
            "What is deliberately outside the SMS scope, why, and who approved it.",
            "exclusions",
            self.exclusions,
        )

        files: dict[int, Yaml] = {}
        for s in self.services:
            doc = files.get(s.category)
            if doc is None:
                doc = Yaml(f"Service catalogue, {CATEGORIES[s.category][0]} category.")
                doc.section("services")
                files[s.category] = doc
            doc.entry(
                [
                    ("id", s.id),
                    ("name", s.name),
                    ("summary", self.summary(s)),
                    ("category", CATEGORIES[s.category][0]),
                    ("owner", s.owner),
                    ("description", Md(self.description(s))),
                    ("status", s.status),
                    ("customers", Ids(s.customers)),
                    ("units", Ids(s.units)),
                    ("locations", Ids(s.locations)),
                    ("hours", self.rng.choice(HOURS)),
                    ("sla", s.sla),
                    ("components", Ids(s.components)),
                    ("suppliers", Ids(s.suppliers)),
                    ("depends_on", Ids(s.depends_on) if s.depends_on else None),
                    ("operated_by", s.operated_by),
                    ("objectives", Ids(s.objectives) if s.objectives else None),
                    ("risks", Ids(s.risks) if s.risks else None),
                    ("requirements", Ids(s.requirements) if s.requirements else None),
                ]
            )
        (scope / "services").mkdir()
        for cat, doc in sorted(files.items()):
            save(f"services/{slug(CATEGORIES[cat][0])}.yaml", doc)
        return sizes


def _listing(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _mentions(text: str, s: Service) -> bool:
    """Whether ``text`` names the service, as the validator's scope statement rule reads it."""
    lowered = text.lower()
    for needle in (s.name.lower(), s.id.lower()):
        if re.search(r"(?<![\w-])" + re.escape(needle) + r"(?![\w-])", lowered):
            return True
    return False


ISSUES = (
    ("external", "Customers ask for evidence of certified service management"),
    ("external", "Few suppliers of data-centre space and connectivity in the region"),
    ("external", "Attacks aimed at managed service providers"),
    ("internal", "Specialist knowledge held by a few engineers"),
    ("internal", "Growth depends on keeping the customers the organisation already has"),
)
"""The internal and external issues of every generated project (4.1): (kind, title)."""


CHAPTER: Final = "long-chapter.md"
"""The long chapter ``--chapter-lines`` writes into DIR/docs/ (bench/run.py adds it to the nav)."""
SECTION_LINES: Final = 50
"""Lines between the long chapter's headings, when it has them."""


def long_chapter(lines: int, *, headings: bool = True, seed: int = 1) -> str:
    """A chapter of ``lines`` lines of Markdown, as an organisation pastes a procedure or a
    register into its manual: paragraphs of four lines, a bullet list now and then, and (with
    ``headings``) a numbered section every ``SECTION_LINES`` lines; without, one run of
    paragraphs. Line n's words include "line n", so a test can find every one in order."""
    rng = random.Random(seed)
    words = ORG_WORDS + FIRST_NAMES + LAST_NAMES
    out = ["# A long chapter", ""]
    section = SECTION_LINES
    while len(out) < lines:
        if (headings and len(out) >= section) or len(out) % 23 == 0:
            # A heading or a list starts a block: a blank line before it, as pandoc needs.
            if out[-1]:
                out.append("")
            n = len(out) + 1
            if headings and len(out) >= section:
                out += [f"## Section at line {n}", ""]
                section += SECTION_LINES
            else:
                out += [f"- item at line {n}: " + " ".join(rng.choice(words) for _ in range(6))]
                out.append("")
            continue
        n = len(out) + 1
        out.append(f"Text at line {n}: " + " ".join(rng.choice(words) for _ in range(9)) + ".")
        if n % 4 == 0:
            out.append("")
    return "\n".join(out[:lines]) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Generate a synthetic smsdocs project with N services into DIR/scope/."
    )
    parser.add_argument("n", metavar="N", type=int, help="number of services (1 or more)")
    parser.add_argument("dir", metavar="DIR", type=Path, help="project folder to write into")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default: 1)")
    parser.add_argument(
        "--force", action="store_true", help="delete DIR/scope first if it already exists"
    )
    parser.add_argument(
        "--chapter-lines",
        type=int,
        default=0,
        help=f"also write DIR/docs/{CHAPTER}, a chapter of this many lines",
    )
    parser.add_argument(
        "--chapter-plain",
        action="store_true",
        help="the long chapter has no headings after its title: one run of paragraphs",
    )
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("N must be 1 or more")
    scope: Path = args.dir / "scope"
    if scope.is_symlink() or scope.exists():
        non_empty = not scope.is_dir() or scope.is_symlink() or any(scope.iterdir())
        if non_empty and not args.force:
            print(
                f"error: {scope} already exists and is not empty; use --force to replace it",
                file=sys.stderr,
            )
            return 2
        if scope.is_dir() and not scope.is_symlink():
            shutil.rmtree(scope)
        else:
            scope.unlink()
    scope.mkdir(parents=True)
    gen = Generator(args.n, args.seed)
    gen.run()
    sizes = gen.write(scope)
    total = sum(sizes.values())
    print(
        f"wrote {len(sizes)} files ({total / 1024:.0f} KiB) with {args.n} "
        f"service{'' if args.n == 1 else 's'} to {scope}"
    )
    if args.chapter_lines > 0:
        chapter = args.dir / "docs" / CHAPTER
        chapter.parent.mkdir(parents=True, exist_ok=True)
        text = long_chapter(args.chapter_lines, headings=not args.chapter_plain, seed=args.seed)
        chapter.write_text(text, encoding="utf-8")
        print(f"wrote {chapter} ({args.chapter_lines} lines, {len(text) / 1024:.0f} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
