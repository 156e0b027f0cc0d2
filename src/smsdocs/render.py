"""Pure functions from a ``Scope`` to Markdown fragments and SVG figures.

Nothing here imports MkDocs: the same Markdown feeds the site and the PDF/DOCX exports.

Safety rules for text from YAML:

* plain text fields go through ``text()``, which turns every character Markdown, HTML, Jinja,
  attribute lists or pandoc could act on into an HTML entity. Python-Markdown and pandoc both
  decode entities back to the character, so the text shows literally in every output;
* Markdown fields (descriptions, purpose, statement) go through ``markdown()``, which keeps
  their formatting but neutralises raw HTML, attribute lists and pandoc raw blocks, and shows
  the plainest forms of a disallowed link or image as written.

Which links and images may stay live is not decided here, by patterns over Markdown source,
but where a parser has made them: ``smsdocs.sanitise`` on the site, its pandoc filter in the
exports.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import posixpath
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final, Literal
from xml.sax.saxutils import escape as xml_escape

from smsdocs import standards
from smsdocs.model import (
    Change,
    Component,
    Exclusion,
    Objective,
    Party,
    Process,
    Release,
    ReleaseRecord,
    Risk,
    Scope,
    Service,
)
from smsdocs.output import short_name

# --------------------------------------------------------------------------------------------
# Escaping.

_ENTITIES: Final = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    "\\": "&#92;",
    "`": "&#96;",
    "*": "&#42;",
    "_": "&#95;",
    "[": "&#91;",
    "]": "&#93;",
    "{": "&#123;",
    "}": "&#125;",
    "|": "&#124;",
    "#": "&#35;",
    "~": "&#126;",
    "^": "&#94;",
    "$": "&#36;",
    "@": "&#64;",
    "!": "&#33;",
    '"': "&quot;",
    "'": "&#39;",
}
_ENTITY_RE: Final = re.compile("[" + re.escape("".join(_ENTITIES)) + "]")
_SPACE_RE: Final = re.compile(r"\s+")


def text(value: object) -> str:
    """Plain text from YAML, safe in Markdown, HTML and pandoc; whitespace collapsed to spaces.

    A leading '-', '+', digit run with '.' or '>' cannot start a list or quote either, because
    the result is always used inline (table cells, link text, headings).
    """
    flat = _SPACE_RE.sub(" ", str(value)).strip()
    escaped = _ENTITY_RE.sub(lambda m: _ENTITIES[m.group()], flat)
    # Line-start constructs matter in headings and list items: neutralise them too.
    return re.sub(
        r"^([-+=]|\d+[.)])", lambda m: "".join(f"&#{ord(c)};" for c in m.group()), escaped
    )


def code(value: object) -> str:
    """Plain text as an inline code span: nothing in it is read as Markdown or as an entity,
    so it is delimited by more backticks than it holds instead of being escaped."""
    flat = _SPACE_RE.sub(" ", str(value)).strip()
    longest = max((len(run) for run in re.findall(r"`+", flat)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") else ""
    return f"{fence}{pad}{flat}{pad}{fence}"


def html_text(value: object) -> str:
    """Text for places a theme inserts verbatim into HTML: page and section titles, site name."""
    return html.escape(_SPACE_RE.sub(" ", str(value)).strip())


_FENCE_RE: Final = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_CODE_SPAN_RE: Final = re.compile(r"(`+)(?:.|\n)*?(?<!`)\1(?!`)")
_LINK_DEST_RE: Final = re.compile(r"(\]\(\s*<?)([A-Za-z][A-Za-z0-9+.-]*):", re.IGNORECASE)
_REF_DEF_RE: Final = re.compile(
    r"^( {0,3}\[[^\]]+\]:\s*<?)([A-Za-z][A-Za-z0-9+.-]*):", re.IGNORECASE | re.MULTILINE
)
_REMOTE_IMAGE_RE: Final = re.compile(
    r"!\[([^\]]*)\]\(\s*<?(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE
)
_SAFE_SCHEMES: Final = frozenset({"http", "https", "mailto", "tel"})


FenceState = Literal["text", "open", "code", "close"]


def fenced(lines: Iterable[str]) -> Iterator[tuple[str, FenceState]]:
    """Each line with its place in fenced code, by CommonMark's rules: a fence opens with three
    or more backticks or tildes (indented at most three spaces; a backtick fence's info string
    holds no backtick) and closes only with a run of the same character at least as long and
    nothing after it. Every reader of page Markdown in smsdocs uses this one scanner."""
    fence: str | None = None
    for line in lines:
        match = _FENCE_RE.match(line)
        if fence is None:
            if match and not (match["fence"][0] == "`" and "`" in match["info"]):
                fence = match["fence"]
                yield line, "open"
            else:
                yield line, "text"
        elif (
            match
            and match["fence"][0] == fence[0]
            and len(match["fence"]) >= len(fence)
            and not match["info"].strip()
        ):
            fence = None
            yield line, "close"
        else:
            yield line, "code"


def markdown(value: str) -> str:
    """Authored Markdown from YAML with raw HTML and other injection routes neutralised."""
    out: list[str] = []
    fence: str | None = None
    prose: list[str] = []

    def flush() -> None:
        if prose:
            out.append(_safe_prose("\n".join(prose)))
            prose.clear()

    for line, state in fenced(value.replace("\r\n", "\n").replace("\r", "\n").split("\n")):
        if state == "text":
            prose.append(line)
        elif state == "open":
            flush()
            match = _FENCE_RE.match(line)
            assert match is not None
            fence = match.group("fence")
            # An info string such as {=typst} or {=html} would make the block raw output.
            info = re.sub(r"[^A-Za-z0-9_+-]", "", match.group("info").strip().split(" ")[0])
            out.append(f"{match.group('indent')}{fence}{info}")
        else:
            out.append(line)
            if state == "close":
                fence = None
    flush()
    if fence is not None:
        out.append(fence)  # close a fence left open, so it cannot swallow the page
    return "\n".join(out)


def _safe_prose(chunk: str) -> str:
    pieces: list[str] = []
    last = 0
    for span in _CODE_SPAN_RE.finditer(chunk):
        pieces.append(_safe_inline(chunk[last : span.start()]))
        pieces.append(span.group())
        last = span.end()
    pieces.append(_safe_inline(chunk[last:]))
    return "".join(pieces)


def _safe_inline(chunk: str) -> str:
    chunk = chunk.replace("<", "&lt;").replace("{", "&#123;").replace("}", "&#125;")
    # An image from another host would make every reader's browser fetch it: show a link.
    chunk = _REMOTE_IMAGE_RE.sub(lambda m: m.group(0)[1:], chunk)

    # A link to javascript:, data: or another non-web scheme is shown as the text it was
    # written as: the '(' or ':' that would make it a link becomes an entity.
    def inline(m: re.Match[str]) -> str:
        if m.group(2).lower() in _SAFE_SCHEMES:
            return m.group(0)
        return m.group(1).replace("(", "&#40;", 1) + m.group(2) + ":"

    def definition(m: re.Match[str]) -> str:
        if m.group(2).lower() in _SAFE_SCHEMES:
            return m.group(0)
        return m.group(1).replace("]:", "]&#58;", 1) + m.group(2) + ":"

    chunk = _LINK_DEST_RE.sub(inline, chunk)
    return _REF_DEF_RE.sub(definition, chunk)


# --------------------------------------------------------------------------------------------
# Links between pages.

KIND_PAGES: Final = {
    "unit": "context.md",
    "location": "context.md",
    "party": "dependencies.md",
    "interface": "dependencies.md",
    "component": "inclusions.md",
    "process": "inclusions.md",
    "exclusion": "inclusions.md",
    "objective": "alignment.md",
    "risk": "risks.md",
    "requirement": "risks.md",
    "stakeholder": "stakeholders.md",
    "document": "documents.md",
}
"""Default page on which each kind of entry is listed, and so where links to it point."""


SLUG_MAX: Final = 60
"""The longest name a category gets as a folder of the site, well inside every file system's
255-byte limit for one name."""


def slug(value: str) -> str:
    """A file or URL-safe name for a category: at most ``SLUG_MAX`` characters, a longer one
    cut short and told apart from others cut the same way by a digest of the whole name."""
    name = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-") or "other"
    return short_name(name, value, SLUG_MAX)


def anchor_id(kind: str, ident: str) -> str:
    """The HTML id of an entry's anchor: '.' would read as a class in attribute lists."""
    return f"{kind}-" + ident.replace("_", "__").replace(".", "_")


def service_path(service: Service) -> str:
    """Where a service's generated page lives, relative to docs/."""
    return f"catalogue/{slug(service.category)}/{service.id}.md"


@dataclass(frozen=True, slots=True)
class Links:
    """Relative links from one page of the manual to entries listed on other pages."""

    page: str
    """The current page, relative to docs/ (e.g. 'dependencies.md')."""
    pages: Mapping[str, str] = field(default_factory=lambda: KIND_PAGES)
    """Page listing each kind of entry; a kind whose page is missing is shown unlinked."""
    existing: frozenset[str] | None = None
    """Pages that exist in the site, or None to trust ``pages``."""

    def to(self, target: str, fragment: str = "") -> str:
        here = posixpath.dirname(self.page)
        href = "" if target == self.page else posixpath.relpath(target, here or ".")
        return f"{href}#{fragment}" if fragment else href

    def href(self, kind: str, ident: str, scope: Scope) -> str | None:
        if kind == "service":
            service = scope.index.get(ident)
            return self.to(service_path(service)) if isinstance(service, Service) else None
        page = self.pages.get(kind)
        if page is None or (self.existing is not None and page not in self.existing):
            return None
        return self.to(page, anchor_id(kind, ident))


def name_of(scope: Scope, ident: str) -> str:
    entry = scope.index.get(ident)
    if isinstance(entry, Process) and not entry.name:
        return standards.CLAUSES.get(entry.clause, ident)
    for attr in ("name", "title"):
        value = getattr(entry, attr, None)
        if isinstance(value, str) and value:
            return value
    return ident


def kind_of(scope: Scope, ident: str) -> str | None:
    """The kind of the entry an id names ('service', 'party', ...), or None for no entry."""
    return scope.kinds.get(ident)


def link(scope: Scope, links: Links, ident: str | None, label: str | None = None) -> str:
    """A link to an entry by id, labelled with its name; plain text where it has no page."""
    if not ident:
        return "—"
    kind = kind_of(scope, ident)
    shown = text(label if label is not None else name_of(scope, ident))
    href = links.href(kind, ident, scope) if kind else None
    # No link where there is nowhere to go: unknown pages, and the page the reader is on.
    return f"[{shown}]({href})" if href else shown


def links_to(scope: Scope, links: Links, idents: Iterable[str]) -> str:
    rendered = [link(scope, links, i) for i in idents]
    return ", ".join(rendered) if rendered else "—"


def anchor(kind: str, ident: str, label: str) -> str:
    """An entry's name with the anchor other pages link to."""
    return f'<span id="{anchor_id(kind, ident)}">{text(label)}</span>'


# --------------------------------------------------------------------------------------------
# Building blocks.


def table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A Markdown pipe table; cells must already be escaped."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines.extend("| " + " | ".join(cell or "—" for cell in row) + " |" for row in rows)
    return "\n".join(lines) + "\n"


def nothing(what: str) -> str:
    return f"*No {what} recorded in the scope data.*\n"


def when(day: dt.date | None) -> str:
    return day.isoformat() if day else "—"


def listing(items: Iterable[str]) -> str:
    lines = [f"- {item}" for item in items]
    return "\n".join(lines) + "\n" if lines else ""


# --------------------------------------------------------------------------------------------
# Chapter fragments (one per macro).


def document_control(scope: Scope, links: Links, release: Release) -> str:
    """Document control (7.5): id, title, organisation, owner, classification, version and
    status, standard and next review, then the approvals."""
    doc = scope.document
    due = scope.review_due()
    rows = [
        ("Document", text(doc.id)),
        ("Title", text(doc.title)),
        ("Organisation", text(scope.organization.name)),
        ("Owner", link(scope, links, doc.owner)),
        ("Classification", text(doc.classification)),
        ("Version", text(release.version)),
        ("Status", text(release.status) + (f" ({text(release.detail)})" if release.detail else "")),
        ("Standard", text(scope.sms.standard)),
        ("Next review", when(due)),
    ]
    return table(("Field", "Value"), rows) + "\n" + approvals(scope, links)


def approvals(scope: Scope, links: Links) -> str:
    """Management's approvals of versions of the scope (4.3): version, approver, date and
    record."""
    if not scope.approvals:
        return nothing("approvals")
    ordered = sorted(scope.approvals, key=lambda a: a.date, reverse=True)
    return table(
        ("Version", "Approved by", "Date", "Record"),
        (
            (text(a.version), link(scope, links, a.by), when(a.date), text(a.record or "—"))
            for a in ordered
        ),
    )


def sms_purpose(scope: Scope) -> str:
    """The purpose of the SMS, as the scope data words it (Markdown)."""
    return markdown(scope.sms.purpose) + "\n"


def scope_statement(scope: Scope) -> str:
    """The formal scope statement (4.3), quoted as written (Markdown)."""
    body = markdown(scope.sms.statement)
    return "\n".join(f"> {line}" if line else ">" for line in body.split("\n")) + "\n"


def boundaries(scope: Scope, links: Links) -> str:
    """The boundaries of the SMS: the services in scope, and the units and locations that
    provide them."""
    services = scope.in_scope_services()
    excluded_units = scope.excluded("unit")
    excluded_locations = scope.excluded("location")
    providers: dict[str, list[str]] = {}
    for s in services:
        for u in s.units:
            providers.setdefault(u, []).append(s.id)
    parts = [
        "### Services\n",
        f"{len(services)} services are in scope:\n",
        listing(link(scope, links, s.id) for s in services) or nothing("services"),
        "\n### Organisational units\n",
        table(
            ("Unit", "Manager", "Works from", "Services provided", "In scope"),
            (
                (
                    anchor("unit", u.id, u.name),
                    link(scope, links, u.manager),
                    links_to(scope, links, u.locations),
                    links_to(scope, links, providers.get(u.id, [])),
                    "No" if u.id in excluded_units else "Yes",
                )
                for u in scope.units
            ),
        )
        if scope.units
        else nothing("units"),
        "\n### Locations\n",
        table(
            ("Location", "Kind", "Country", "Provided by", "In scope"),
            (
                (
                    anchor("location", loc.id, loc.name),
                    text(loc.kind),
                    text(loc.country or "—"),
                    link(scope, links, loc.provided_by) if loc.provided_by else "—",
                    "No" if loc.id in excluded_locations else "Yes",
                )
                for loc in scope.locations
            ),
        )
        if scope.locations
        else nothing("locations"),
    ]
    return "\n".join(parts)


def service_catalogue(scope: Scope, links: Links) -> str:
    """The service catalogue (8.2.4): every service with category, status, owner, customers,
    hours and SLA."""
    excluded = scope.excluded("service")
    rows = []
    for s in sorted(scope.services, key=lambda s: (s.category.lower(), s.name.lower())):
        status = s.status + (" (excluded)" if s.id in excluded else "")
        rows.append(
            (
                text(s.id),
                link(scope, links, s.id),
                text(s.category),
                text(status),
                link(scope, links, s.owner),
                links_to(scope, links, s.customers),
                text(s.hours or "—"),
                text(s.sla or "—"),
            )
        )
    if not rows:
        return nothing("services")
    categories = len({s.category for s in scope.services})
    intro = (
        f"{len(scope.services)} services in {categories} "
        f"{'category' if categories == 1 else 'categories'}; "
        f"{len(scope.services) - len(excluded & {s.id for s in scope.services})} in scope.\n\n"
    )
    return intro + table(
        ("Id", "Service", "Category", "Status", "Owner", "Customers", "Hours", "SLA"), rows
    )


_PARTY_TYPES: Final = (
    ("customer", "Customers"),
    ("external-supplier", "External suppliers"),
    ("internal-supplier", "Internal suppliers"),
    ("customer-as-supplier", "Customers acting as suppliers"),
)


def _uses_of_party(scope: Scope) -> dict[str, list[str]]:
    uses: dict[str, list[str]] = {}
    for s in scope.services:
        for p in (*s.customers, *s.suppliers, *((s.operated_by,) if s.operated_by else ())):
            uses.setdefault(p, []).append(s.id)
    return {k: list(dict.fromkeys(v)) for k, v in uses.items()}


def parties(scope: Scope, links: Links) -> str:
    """Other parties by type (customers, external and internal suppliers, customers acting as
    suppliers), with agreements and what each provides or receives."""
    if not scope.parties:
        return nothing("other parties")
    uses = _uses_of_party(scope)
    operates: dict[str, list[str]] = {}
    for p in scope.processes:
        if p.operated_by:
            operates.setdefault(p.operated_by, []).append(p.id)
    for c in scope.components:
        if c.provided_by:
            operates.setdefault(c.provided_by, []).append(c.id)
    out: list[str] = []
    for kind, title in _PARTY_TYPES:
        group = [p for p in scope.parties if p.type == kind]
        if not group:
            continue
        out.append(f"### {title}\n")
        if kind == "customer":
            out.append(
                table(
                    ("Customer", "Agreement", "Services received"),
                    (
                        (
                            anchor("party", p.id, p.name),
                            text(p.agreement or "—"),
                            links_to(scope, links, uses.get(p.id, [])),
                        )
                        for p in group
                    ),
                )
            )
            continue
        out.append(
            table(
                ("Party", "Agreement", "Provides", "Controls (8.2.3)", "Supports"),
                (
                    (
                        anchor("party", p.id, p.name),
                        text(p.agreement or "—"),
                        "; ".join(text(x) for x in p.provides) or "—",
                        "; ".join(text(x) for x in p.controls) or "—",
                        links_to(scope, links, [*uses.get(p.id, []), *operates.get(p.id, [])]),
                    )
                    for p in group
                ),
            )
        )
    return "\n".join(out)


def interfaces(scope: Scope, links: Links) -> str:
    """Interfaces between the SMS's processes and other parties: what passes and by which
    mechanism."""
    if not scope.interfaces:
        return nothing("interfaces")
    return table(
        ("Interface", "Between", "What passes", "Mechanism"),
        (
            (
                anchor("interface", i.id, i.id),
                " ↔ ".join(link(scope, links, end) for end in i.between),
                text(i.description),
                text(i.mechanism or "—"),
            )
            for i in scope.interfaces
        ),
    )


def inclusions(scope: Scope, links: Links) -> str:
    """What is in scope: the services, their components and the SMS processes, with who
    provides or operates each."""
    services = scope.in_scope_services()
    excluded_components = scope.excluded("component")
    used: dict[str, list[str]] = {}
    for s in services:
        for c in s.components:
            used.setdefault(c, []).append(s.id)
    components = [c for c in scope.components if c.id not in excluded_components]
    return "\n".join(
        [
            "### Services\n",
            listing(f"{link(scope, links, s.id)} ({text(s.status)})" for s in services)
            or nothing("services in scope"),
            "\n### Service components\n",
            _components_table(scope, links, components, used)
            if components
            else nothing("components"),
            "\n### Processes\n",
            _processes_table(scope, links, scope.processes)
            if scope.processes
            else nothing("processes"),
        ]
    )


def _components_table(
    scope: Scope, links: Links, components: Sequence[Component], used: Mapping[str, list[str]]
) -> str:
    return table(
        ("Component", "Kind", "Provided by", "Used by"),
        (
            (
                anchor("component", c.id, c.name),
                text(c.kind),
                link(scope, links, c.provided_by) if c.provided_by else "In house",
                links_to(scope, links, used.get(c.id, [])),
            )
            for c in components
        ),
    )


def _processes_table(scope: Scope, links: Links, processes: Sequence[Process]) -> str:
    ordered = sorted(processes, key=lambda p: [int(n) for n in p.clause.split(".") if n.isdigit()])
    return table(
        ("Clause", "Process", "Owner", "Operated by"),
        (
            (
                text(p.clause),
                anchor("process", p.id, p.name or standards.CLAUSES.get(p.clause, p.id)),
                link(scope, links, p.owner),
                link(scope, links, p.operated_by) + " (controlled under 8.2.3)"
                if p.operated_by
                else text(scope.organization.short_name or scope.organization.name),
            )
            for p in ordered
        ),
    )


def exclusions(scope: Scope, links: Links) -> str:
    """Each exclusion with what it excludes, its rationale, its approver and date."""
    if not scope.exclusions:
        return nothing("exclusions")
    out: list[str] = []
    for e in scope.exclusions:
        out.append(_exclusion(scope, links, e))
    return "\n".join(out)


def _exclusion(scope: Scope, links: Links, e: Exclusion) -> str:
    target = link(scope, links, e.target)
    return f"#### {anchor('exclusion', e.id, name_of(scope, e.target))}\n\n" + table(
        ("Field", "Value"),
        (
            ("Excluded", f"{text(e.kind)} {target}"),
            ("Rationale", text(e.rationale)),
            ("Approved by", link(scope, links, e.approved_by)),
            ("Date", when(e.date)),
            ("Reference", text(e.id)),
        ),
    )


def alignment(scope: Scope, links: Links) -> str:
    """Business and service management objectives, what supports them, and the effect of the
    scope on customers."""
    business = [o for o in scope.objectives if o.kind == "business"]
    sms = [o for o in scope.objectives if o.kind == "sms"]
    contributes: dict[str, list[str]] = {}
    for s in scope.in_scope_services():
        for o in s.objectives:
            contributes.setdefault(o, []).append(s.id)
    out = ["### Business objectives\n"]
    out.append(
        table(
            ("Objective", "Statement", "Owner", "Supported by"),
            (
                (
                    anchor("objective", o.id, o.id),
                    text(o.statement),
                    link(scope, links, o.owner),
                    links_to(scope, links, [s.id for s in sms if o.id in s.supports]),
                )
                for o in business
            ),
        )
        if business
        else nothing("business objectives")
    )
    out.append("\n### Service management objectives\n")
    out.append(
        table(
            ("Objective", "Statement", "Measure", "Owner", "Supports", "Services"),
            (_sms_objective_row(scope, links, o, contributes) for o in sms),
        )
        if sms
        else nothing("service management objectives")
    )
    out.append("\n### Customer impact\n")
    out.append(customer_impact(scope, links))
    return "\n".join(out)


def _sms_objective_row(
    scope: Scope, links: Links, o: Objective, contributes: Mapping[str, list[str]]
) -> tuple[str, ...]:
    return (
        anchor("objective", o.id, o.id),
        text(o.statement),
        _measure(o),
        link(scope, links, o.owner),
        links_to(scope, links, o.supports),
        links_to(scope, links, contributes.get(o.id, [])),
    )


def _measure(o: Objective) -> str:
    parts = [text(o.metric)] if o.metric else []
    if o.target:
        parts.append(f"target **{text(o.target)}**")
    if o.due:
        parts.append(f"by {when(o.due)}")
    return ", ".join(parts) or "—"


def customer_impact(scope: Scope, links: Links) -> str:
    in_scope = {s.id for s in scope.in_scope_services()}
    excluded_customers = scope.excluded("customer")
    rows = []
    for p in scope.parties:
        if p.type not in ("customer", "customer-as-supplier"):
            continue
        received = [s for s in scope.services if p.id in s.customers]
        inside = [s.id for s in received if s.id in in_scope]
        outside = [s.id for s in received if s.id not in in_scope]
        status = "Excluded" if p.id in excluded_customers else "In scope"
        rows.append(
            (
                link(scope, links, p.id),
                status,
                links_to(scope, links, inside),
                links_to(scope, links, outside),
            )
        )
    if not rows:
        return nothing("customers")
    return table(("Customer", "Status", "Services under the SMS", "Services outside it"), rows)


def risk_register(scope: Scope, links: Links) -> str:
    """The risk register (6.1): each risk with its rating, treatment, owner and the services it
    touches."""
    if not scope.risks:
        return nothing("risks")
    affected: dict[str, list[str]] = {}
    for s in scope.services:
        for r in s.risks:
            affected.setdefault(r, []).append(s.id)
    ordered = sorted(scope.risks, key=lambda r: (-(r.likelihood * r.impact), r.id))
    return table(
        ("Risk", "Rating", "Treatment", "Owner", "Services"),
        (_risk_row(scope, links, r, affected) for r in ordered),
    )


def _risk_row(
    scope: Scope, links: Links, r: Risk, affected: Mapping[str, list[str]]
) -> tuple[str, ...]:
    return (
        f"{anchor('risk', r.id, r.title)} ({text(r.id)})",
        f"{r.likelihood} × {r.impact} = **{r.likelihood * r.impact}**",
        text(r.treatment),
        link(scope, links, r.owner),
        links_to(scope, links, affected.get(r.id, [])),
    )


def requirements(scope: Scope, links: Links) -> str:
    """Legal, regulatory and contractual requirements, and the services each applies to."""
    if not scope.requirements:
        return nothing("legal, regulatory or contractual requirements")
    out: list[str] = []
    for kind, title in (
        ("legal", "Legal"),
        ("regulatory", "Regulatory"),
        ("contractual", "Contractual"),
    ):
        group = [r for r in scope.requirements if r.kind == kind]
        if not group:
            continue
        out.append(f"### {title} requirements\n")
        out.append(
            table(
                ("Requirement", "Reference", "Applies to"),
                (
                    (
                        anchor("requirement", r.id, r.title),
                        text(r.reference or "—"),
                        links_to(scope, links, r.applies_to),
                    )
                    for r in group
                ),
            )
        )
    return "\n".join(out)


def stakeholders(scope: Scope, links: Links) -> str:
    """Interested parties (4.2): role and interests of each."""
    if not scope.stakeholders:
        return nothing("stakeholders")
    return table(
        ("Stakeholder", "Role", "Interests"),
        (
            (
                anchor("stakeholder", s.id, s.name),
                text(s.role),
                "; ".join(text(i) for i in s.interests) or "—",
            )
            for s in scope.stakeholders
        ),
    )


def communication_plan(scope: Scope, links: Links) -> str:
    """How the scope is communicated (7.4): each stakeholder's channel and frequency."""
    rows = [
        (link(scope, links, s.id), text(s.communication.channel), text(s.communication.frequency))
        for s in scope.stakeholders
        if s.communication is not None
    ]
    if not rows:
        return nothing("communication arrangements")
    return table(("Stakeholder", "Channel", "Frequency"), rows)


# --------------------------------------------------------------------------------------------
# Service pages.


def service_page(scope: Scope, service: Service, links: Links, diagram: str | None) -> str:
    """The whole Markdown of a generated service page, front matter included."""
    excluded = service.id in scope.excluded("service")
    suppliers = [scope.index.get(p) for p in service.suppliers]
    interfaces_of = [i for i in scope.interfaces if service.id in i.between]
    lines = [
        "---",
        # MkDocs themes insert page titles into HTML without escaping (no autoescape).
        f"title: {json.dumps(html_text(service.name))}",
        "render_macros: false",  # YAML text must never reach the Jinja engine
        "---",
        "",
        f"# {text(service.name)}",
        "",
        f"{text(service.summary)}",
        "",
    ]
    if excluded:
        lines += [
            '!!! warning "Outside the SMS"',
            "    This service is excluded from the scope.",
            "",
        ]
    if service.description:
        lines += [markdown(service.description), ""]
    lines += [
        table(
            ("Field", "Value"),
            (
                ("Id", text(service.id)),
                ("Category", text(service.category)),
                ("Status", text(service.status)),
                ("Owner", link(scope, links, service.owner)),
                ("Customers", links_to(scope, links, service.customers)),
                ("Units", links_to(scope, links, service.units)),
                ("Locations", links_to(scope, links, service.locations)),
                ("Hours", text(service.hours or "—")),
                ("SLA", text(service.sla or "—")),
                (
                    "Operated by",
                    link(scope, links, service.operated_by) if service.operated_by else "—",
                ),
                ("Depends on", links_to(scope, links, service.depends_on)),
            ),
        ),
        "## Dependencies",
        "",
    ]
    if diagram:
        lines += [f"![Dependencies of {text(service.name)}]({diagram})", ""]
    lines += [
        "### Components",
        "",
        table(
            ("Component", "Kind", "Provided by"),
            (
                (
                    link(scope, links, c.id),
                    text(c.kind),
                    link(scope, links, c.provided_by) if c.provided_by else "In house",
                )
                for c in (scope.index.get(i) for i in service.components)
                if isinstance(c, Component)
            ),
        )
        if service.components
        else nothing("components"),
        "### Suppliers",
        "",
        table(
            ("Supplier", "Agreement", "Controls (8.2.3)"),
            (
                (
                    link(scope, links, p.id),
                    text(p.agreement or "—"),
                    "; ".join(text(x) for x in p.controls) or "—",
                )
                for p in suppliers
                if isinstance(p, Party)
            ),
        )
        if suppliers
        else nothing("suppliers"),
        "### Interfaces",
        "",
        table(
            ("Interface", "Between", "Mechanism"),
            (
                (
                    link(scope, links, i.id, i.id),
                    " ↔ ".join(link(scope, links, e) for e in i.between),
                    text(i.mechanism or "—"),
                )
                for i in interfaces_of
            ),
        )
        if interfaces_of
        else nothing("interfaces"),
        "## Objectives, risks and requirements",
        "",
        table(
            ("Kind", "Entries"),
            (
                ("Objectives", links_to(scope, links, service.objectives)),
                ("Risks", links_to(scope, links, service.risks)),
                ("Requirements", links_to(scope, links, service.requirements)),
            ),
        ),
    ]
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# SVG figures: static, made at build time, no scripts, no external fonts.

_FONT: Final = "font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif\""


def _label(value: str, limit: int = 36) -> str:
    flat = _SPACE_RE.sub(" ", value).strip()
    return xml_escape(flat if len(flat) <= limit else flat[: limit - 1] + "…")


def dependency_svg(scope: Scope, service: Service) -> str:
    """Service -> components -> suppliers, as three columns of boxes joined by lines."""
    components = [
        c for c in (scope.index.get(i) for i in service.components) if isinstance(c, Component)
    ]
    supplier_ids = list(
        dict.fromkeys([*service.suppliers, *(c.provided_by for c in components if c.provided_by)])
    )
    suppliers = [p for p in (scope.index.get(i) for i in supplier_ids) if isinstance(p, Party)]
    box_w, box_h, gap, col_gap = 260, 40, 14, 70
    rows = max(len(components), len(suppliers), 1)
    height = rows * (box_h + gap) + gap + 30
    width = 3 * box_w + 2 * col_gap + 40
    x = [20, 20 + box_w + col_gap, 20 + 2 * (box_w + col_gap)]

    def ys(count: int) -> list[int]:
        top = 30 + (rows - count) * (box_h + gap) // 2 + gap
        return [top + i * (box_h + gap) for i in range(count)]

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" {_FONT} font-size="13">',
        f"<title>Dependencies of {xml_escape(service.name)}</title>",
        "<style>.b{fill:#eef3fb;stroke:#3b6db3;stroke-width:1.2}.s{fill:#3b6db3}"
        ".x{fill:#fff5e6;stroke:#c77700;stroke-width:1.2}.l{stroke:#8a99ad;stroke-width:1.2;fill:none}"
        ".h{font-weight:600;fill:#44546a}</style>",
    ]
    for col, heading in enumerate(("Service", "Components", "Suppliers")):
        parts.append(f'<text class="h" x="{x[col]}" y="20">{heading}</text>')
    service_y = ys(1)[0]
    comp_y = ys(len(components))
    supp_y = ys(len(suppliers))
    supplier_row = {p.id: y for p, y in zip(suppliers, supp_y, strict=True)}
    for c, y in zip(components, comp_y, strict=True):
        parts.append(_line(x[0] + box_w, service_y + box_h // 2, x[1], y + box_h // 2))
        if c.provided_by in supplier_row:
            sy = supplier_row[c.provided_by]
            parts.append(_line(x[1] + box_w, y + box_h // 2, x[2], sy + box_h // 2))
    through_components = {c.provided_by for c in components}
    for pid in service.suppliers:
        # A supplier already reached through a component needs no second line.
        if pid in supplier_row and pid not in through_components:
            parts.append(
                _line(
                    x[0] + box_w,
                    service_y + box_h // 2,
                    x[2],
                    supplier_row[pid] + box_h // 2,
                    dashed=True,
                )
            )
    parts.append(
        f'<rect class="s" x="{x[0]}" y="{service_y}" width="{box_w}" height="{box_h}" rx="6"/>'
        f'<text x="{x[0] + 10}" y="{service_y + 25}" fill="#fff">{_label(service.name)}</text>'
    )
    for c, y in zip(components, comp_y, strict=True):
        parts.append(_box(x[1], y, box_w, box_h, c.name, "x" if c.provided_by else "b"))
    for p, y in zip(suppliers, supp_y, strict=True):
        parts.append(_box(x[2], y, box_w, box_h, p.name, "x"))
    if not components and not suppliers:
        parts.append(
            f'<text x="{x[1]}" y="{service_y + 25}">No components or suppliers recorded</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _box(x: int, y: int, w: int, h: int, label: str, cls: str) -> str:
    return (
        f'<rect class="{cls}" x="{x}" y="{y}" width="{w}" height="{h}" rx="6"/>'
        f'<text x="{x + 10}" y="{y + 25}">{_label(label)}</text>'
    )


def _line(x1: int, y1: int, x2: int, y2: int, dashed: bool = False) -> str:
    mid = (x1 + x2) // 2
    dash = ' stroke-dasharray="5 4"' if dashed else ""
    return f'<path class="l"{dash} d="M{x1},{y1} C{mid},{y1} {mid},{y2} {x2},{y2}"/>'


_HEAT: Final = ("#d9f0d3", "#f6e8a6", "#f9c784", "#f28b67", "#d7301f")


def heatmap_svg(scope: Scope) -> str:
    """A 5 x 5 likelihood x impact grid with the number and ids of the risks in each cell."""
    cell, left, top = 118, 110, 40
    size = left + 5 * cell + 20
    height = top + 5 * cell + 70
    cells: dict[tuple[int, int], list[str]] = {}
    for r in scope.risks:
        cells.setdefault((r.likelihood, r.impact), []).append(r.id)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{height}" '
        f'viewBox="0 0 {size} {height}" role="img" {_FONT} font-size="12">',
        "<title>Risk heat map: likelihood against impact</title>",
    ]
    for likelihood in range(1, 6):
        for impact in range(1, 6):
            x = left + (impact - 1) * cell
            y = top + (5 - likelihood) * cell
            score = likelihood * impact
            colour = _HEAT[
                0
                if score <= 3
                else 1
                if score <= 6
                else 2
                if score <= 11
                else 3
                if score <= 16
                else 4
            ]
            ids = cells.get((likelihood, impact), [])
            parts.append(
                f'<rect x="{x}" y="{y}" width="{cell}" height="{cell}" fill="{colour}" '
                f'stroke="#ffffff" stroke-width="2"><title>Likelihood {likelihood}, impact {impact}: '
                f"{len(ids)} risk{'s' if len(ids) != 1 else ''}</title></rect>"
            )
            if ids:
                parts.append(
                    f'<text x="{x + cell // 2}" y="{y + 30}" text-anchor="middle" font-size="22" '
                    f'font-weight="700" fill="#222">{len(ids)}</text>'
                )
                for n, ident in enumerate(ids[:3]):
                    parts.append(
                        f'<text x="{x + cell // 2}" y="{y + 50 + n * 14}" text-anchor="middle" '
                        f'fill="#333" font-size="11">{_label(ident, 19)}</text>'
                    )
                if len(ids) > 3:
                    parts.append(
                        f'<text x="{x + cell // 2}" y="{y + 92}" text-anchor="middle" fill="#333">'
                        f"+{len(ids) - 3} more</text>"
                    )
    for n in range(1, 6):
        parts.append(
            f'<text x="{left + (n - 1) * cell + cell // 2}" y="{top + 5 * cell + 20}" '
            f'text-anchor="middle">{n}</text>'
        )
        parts.append(
            f'<text x="{left - 12}" y="{top + (5 - n) * cell + cell // 2 + 4}" '
            f'text-anchor="end">{n}</text>'
        )
    parts.append(
        f'<text x="{left + 5 * cell // 2}" y="{top + 5 * cell + 45}" text-anchor="middle" '
        'font-weight="600">Impact</text>'
    )
    parts.append(
        f'<text x="24" y="{top + 5 * cell // 2}" text-anchor="middle" font-weight="600" '
        f'transform="rotate(-90 24 {top + 5 * cell // 2})">Likelihood</text>'
    )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


# --------------------------------------------------------------------------------------------
# Scope diffs (pull-request comments, the history chapter).


def shown(value: object) -> str:
    """A diff value as plain text."""
    if value is None or value in ("", []):
        return "—"
    if isinstance(value, list):
        return ", ".join(shown(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {shown(v)}" for k, v in value.items() if v not in (None, "", []))
    return _SPACE_RE.sub(" ", str(value)).strip()


def _counts(changes: Sequence[Change]) -> str:
    counts = {
        kind: sum(1 for c in changes if c.change == kind)
        for kind in ("added", "removed", "changed")
    }
    total = len(changes)
    detail = ", ".join(f"{n} {kind}" for kind, n in counts.items() if n)
    return f"{total} change{'s' if total != 1 else ''}" + (f" ({detail})" if detail else "")


def diff_text(changes: Sequence[Change], old: str, new: str) -> str:
    """A scope diff for a terminal."""
    lines = [f"scope changes from {old} to {new}: {_counts(changes)}"]
    section = None
    marks = {"added": "+", "removed": "-", "changed": "~"}
    for c in changes:
        if c.section != section:
            section = c.section
            lines.append(f"{section}:")
        lines.append(f"  {marks[c.change]} {c.id} ({c.change})")
        if c.change == "changed":
            lines.extend(f"      {name}: {shown(a)} -> {shown(b)}" for name, a, b in c.fields)
    return "\n".join(lines) + "\n"


def diff_markdown(changes: Sequence[Change], old: str, new: str, *, heading: str = "###") -> str:
    """A scope diff ready to paste into a pull request: a summary line, a table per section."""
    out = [f"**Scope changes from {code(old)} to {code(new)}:** {_counts(changes)}.\n"]
    if not changes:
        return out[0]
    sections: dict[str, list[Change]] = {}
    for c in changes:
        sections.setdefault(c.section, []).append(c)
    for section, items in sections.items():
        out.append(f"{heading} {text(section)}\n")
        rows: list[tuple[str, ...]] = []
        for c in items:
            if c.change == "changed":
                rows.extend(
                    (c.change, text(c.id), text(name), text(shown(a)), text(shown(b)))
                    for name, a, b in c.fields
                )
            else:
                rows.append((c.change, text(c.id), "", "", ""))
        out.append(table(("Change", "Entry", "Field", "Old", "New"), rows))
    return "\n".join(out)


def release_history(
    scope: Scope, links: Links, records: Sequence[ReleaseRecord], unavailable: str = ""
) -> str:
    """Every release, newest first: tag, date, tagger, message, approval, changes since.

    ``unavailable`` says why the releases could not be read at all (no git).
    """
    if unavailable:
        return f"*The release history is unavailable: {text(unavailable)}.*\n"
    if not records:
        return (
            "*No release has been tagged yet.* A release is an annotated git tag such as "
            "`v1.0.0` "
            '(`git tag -a v1.0.0 -m "..."`) on the commit management approved.\n'
        )
    out: list[str] = []
    for record in records[:HISTORY_IN_FULL]:
        approval = next((a for a in scope.approvals if a.version == record.tag), None)
        approved = (
            f"{link(scope, links, approval.by)} on {when(approval.date)}"
            + (f" ({text(approval.record)})" if approval.record else "")
            if approval
            else "No approval is recorded for this version"
        )
        out.append(f"### {text(record.tag)}\n")
        out.append(
            table(
                ("Field", "Value"),
                (
                    ("Tagged", f"{text(record.date)} by {text(record.tagger or 'unknown')}"),
                    ("Message", text(record.message) if record.message else "—"),
                    ("Approval", approved),
                ),
            )
        )
        if record.changes is None:
            out.append(
                f"*{text(record.problem)}.*\n" if record.problem else "*The first release.*\n"
            )
        elif not record.changes:
            out.append("*No change to the scope data since the release before.*\n")
        else:
            out.append(f"Changes since the release before: {_counts(record.changes)}.\n")
            out.append(
                table(
                    ("Change", "Section", "Entry", "Fields"),
                    (
                        (
                            c.change,
                            text(c.section),
                            link(scope, links, c.id, c.id) if c.id in scope.index else text(c.id),
                            ", ".join(text(name) for name, _, _ in c.fields)
                            if c.change == "changed"
                            else "—",
                        )
                        for c in record.changes
                    ),
                )
            )
    earlier = records[HISTORY_IN_FULL:HISTORY_LISTED]
    if earlier:
        out.append("### Earlier releases\n")
        out.append(
            table(
                ("Release", "Tagged", "Message", "Changes since the release before"),
                (
                    (
                        text(r.tag),
                        f"{text(r.date)} by {text(r.tagger or 'unknown')}",
                        text(r.message) if r.message else "—",
                        _counts(r.changes)
                        if r.changes
                        else "none"
                        if r.changes is not None
                        else text(r.problem or "the first release"),
                    )
                    for r in earlier
                ),
            )
        )
    unlisted = len(records) - HISTORY_LISTED
    if unlisted > 0:
        out.append(
            f"*{unlisted:,} earlier release{'s are' if unlisted > 1 else ' is'} not listed "
            "here.* `git tag -l` lists every release, and `smsdocs diff OLD NEW` shows what "
            f"changed between any two, such as {text(records[-1].tag)} and "
            f"{text(records[HISTORY_LISTED].tag)}.\n"
        )
    return "\n".join(out)


HISTORY_IN_FULL: Final = 20
"""Releases the history chapter shows in full (a section each); older ones share one table,
so a project with thousands of tags has a chapter, a contents and a search index that stay
in proportion."""
HISTORY_LISTED: Final = 200
"""Releases the history chapter lists at all; it names how many older ones there are, and
their changes are never worked out."""


# --------------------------------------------------------------------------------------------
# Implementation (ISO/IEC TS 20000-5).

NO_PLAN: Final = (
    "*The scope data has no implementation plan yet.* Add an `implementation:` section "
    "under `scope/` (approach, business case, baseline, maturity, phases and milestones) "
    "and this part of the manual fills in.\n"
)


def implementation_approach(scope: Scope) -> str:
    """The implementation approach (ISO/IEC TS 20000-5): process subsets by phase, or the whole
    SMS through three levels."""
    plan = scope.implementation
    if plan is None:
        return NO_PLAN
    if plan.approach == "process-subsets":
        how = (
            f"The SMS is implemented in {len(plan.phases)} phases, each bringing a subset of "
            "the processes into operation."
        )
    else:
        how = (
            f"The whole SMS is implemented at once and matures through three levels, over "
            f"{len(plan.phases)} phases."
        )
    if plan.phases:
        first = min(p.start for p in plan.phases)
        last = max(p.end for p in plan.phases)
        how += f" The plan runs from {when(first)} to {when(last)}."
    return how + "\n"


def implementation_phases(scope: Scope, links: Links) -> str:
    """The implementation phases: dates, what each brings into scope, exit criteria and status."""
    plan = scope.implementation
    if plan is None:
        return NO_PLAN
    if not plan.phases:
        return nothing("phases")
    return table(
        ("Phase", "From", "To", "Scope of the phase", "Exit criteria", "Status"),
        (
            (
                text(p.name),
                when(p.start),
                when(p.end),
                links_to(scope, links, p.processes)
                if p.processes
                else (f"Level {p.level}" if p.level else "—"),
                "; ".join(text(c) for c in p.exit_criteria) or "—",
                text(p.status),
            )
            for p in plan.phases
        ),
    )


def business_case(scope: Scope, links: Links) -> str:
    """The business case for the SMS: summary, sponsor, benefits and costs."""
    plan = scope.implementation
    if plan is None:
        return NO_PLAN
    case = plan.business_case
    if case is None:
        return nothing("business case")
    parts = [markdown(case.summary), "", f"Sponsor: {link(scope, links, case.sponsor)}.", ""]
    if case.benefits:
        parts += ["**Benefits**", "", listing(text(b) for b in case.benefits)]
    if case.costs:
        parts += ["**Costs**", "", listing(text(c) for c in case.costs)]
    return "\n".join(parts) + "\n"


def baseline_assessment(scope: Scope) -> str:
    """The baseline assessment (gap analysis) the implementation starts from."""
    plan = scope.implementation
    if plan is None:
        return NO_PLAN
    base = plan.baseline
    if base is None:
        return nothing("baseline assessment")
    return table(
        ("Field", "Value"),
        (
            ("Date", when(base.date)),
            ("Method", text(base.method)),
            ("Assessor", text(base.assessor)),
        ),
    )


def maturity_table(scope: Scope, links: Links) -> str:
    """Process maturity: baseline, target and gap of each process."""
    plan = scope.implementation
    if plan is None:
        return NO_PLAN
    if not plan.maturity:
        return nothing("process maturity assessments")
    return table(
        ("Process", "Baseline", "Target", "Gap"),
        (
            (
                link(scope, links, m.process),
                str(m.baseline),
                str(m.target),
                str(m.target - m.baseline),
            )
            for m in plan.maturity
        ),
    )


def milestones(scope: Scope) -> str:
    """Implementation milestones with their dates, kinds and status."""
    plan = scope.implementation
    if plan is None:
        return NO_PLAN
    if not plan.milestones:
        return nothing("milestones")
    labels = {
        "internal-audit": "Internal audit (9.2)",
        "management-review": "Management review (9.3)",
        "stage-1": "Stage 1 audit",
        "stage-2": "Stage 2 audit",
        "other": "Other",
    }
    return table(
        ("Date", "Milestone", "Kind", "Status"),
        (
            (when(m.date), text(m.name), labels[m.kind], text(m.status))
            for m in sorted(plan.milestones, key=lambda m: m.date)
        ),
    )


def implementation_challenges(scope: Scope, links: Links) -> str:
    """Implementation challenges with their mitigations and owners."""
    plan = scope.implementation
    if plan is None:
        return NO_PLAN
    if not plan.challenges:
        return nothing("implementation challenges")
    return table(
        ("Challenge", "Mitigation", "Owner"),
        (
            (text(c.challenge), text(c.mitigation), link(scope, links, c.owner))
            for c in plan.challenges
        ),
    )


def readiness_checklist(scope: Scope) -> str:
    """The certification readiness checklist, with how many items are done."""
    plan = scope.implementation
    if plan is None:
        return NO_PLAN
    if not plan.readiness:
        return nothing("readiness checklist")
    done = sum(1 for r in plan.readiness if r.status == "done")
    return f"{done} of {len(plan.readiness)} items done.\n\n" + table(
        ("Item", "Status", "Evidence"),
        (
            (text(r.item), "Done" if r.status == "done" else "**Open**", text(r.evidence or "—"))
            for r in plan.readiness
        ),
    )


def post_audit_actions(scope: Scope, links: Links) -> str:
    """Actions after the audits: finding, action, owner, due date and status."""
    plan = scope.implementation
    if plan is None:
        return NO_PLAN
    if not plan.post_audit:
        return nothing("post-audit actions")
    return table(
        ("Finding", "Action", "Owner", "Due", "Status"),
        (
            (
                text(a.finding),
                text(a.action),
                link(scope, links, a.owner),
                when(a.due),
                text(a.status),
            )
            for a in plan.post_audit
        ),
    )


def gap_svg(scope: Scope) -> str:
    """Baseline against target maturity per process: paired horizontal bars, 0 to 5."""
    plan = scope.implementation
    rows = list(plan.maturity) if plan else []
    left, bar_h, gap, scale = 250, 11, 12, 80
    top = 40
    height = top + max(len(rows), 1) * (2 * bar_h + gap) + 40
    width = left + 5 * scale + 40
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" {_FONT} font-size="12">',
        "<title>Process maturity: baseline against target</title>",
        f'<rect x="{left}" y="8" width="12" height="10" fill="#9aa5b8"/>'
        f'<text x="{left + 18}" y="17">Baseline</text>'
        f'<rect x="{left + 100}" y="8" width="12" height="10" fill="#283593"/>'
        f'<text x="{left + 118}" y="17">Target</text>',
    ]
    for level in range(6):
        x = left + level * scale
        parts.append(
            f'<line x1="{x}" y1="{top - 6}" x2="{x}" y2="{height - 30}" stroke="#e0e0e0"/>'
            f'<text x="{x}" y="{height - 14}" text-anchor="middle" fill="#555">{level}</text>'
        )
    for i, m in enumerate(rows):
        y = top + i * (2 * bar_h + gap)
        name = name_of(scope, m.process)
        parts.append(
            f'<text x="{left - 8}" y="{y + bar_h + 4}" text-anchor="end">{_label(name, 36)}</text>'
            f'<rect class="baseline" x="{left}" y="{y}" width="{m.baseline * scale}" '
            f'height="{bar_h}" fill="#9aa5b8"><title>Baseline {m.baseline}</title></rect>'
            f'<rect class="target" x="{left}" y="{y + bar_h}" width="{m.target * scale}" '
            f'height="{bar_h}" fill="#283593"><title>Target {m.target}</title></rect>'
        )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def timeline_svg(scope: Scope) -> str:
    """The plan's phases as bars on a time axis, with its milestones as diamonds."""
    plan = scope.implementation
    phases = list(plan.phases) if plan else []
    marks = list(plan.milestones) if plan else []
    if not phases:
        return (
            '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="40" role="img">'
            "<title>No phases</title></svg>\n"
        )
    start = min(p.start for p in phases)
    end = max(p.end for p in phases)
    days = max((end - start).days, 1)
    left, width_px, row = 230, 560, 30
    top = 30
    height = top + len(phases) * row + 40 + len(marks) * 18 + 20
    width = left + width_px + 30

    def x(day: dt.date) -> float:
        return round(left + (day - start).days / days * width_px, 1)

    colours = {"complete": "#2e7d32", "in-progress": "#283593", "planned": "#9aa5b8"}
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" {_FONT} font-size="12">',
        "<title>Implementation timeline: phases and milestones</title>",
    ]
    month = dt.date(start.year, start.month, 1)
    while month <= end:
        if month >= start:
            parts.append(
                f'<line x1="{x(month)}" y1="{top - 8}" x2="{x(month)}" '
                f'y2="{top + len(phases) * row}" stroke="#eeeeee"/>'
            )
            if month.month in (1, 4, 7, 10):
                parts.append(
                    f'<text x="{x(month)}" y="{top - 12}" text-anchor="middle" fill="#555">'
                    f"{month:%b %Y}</text>"
                )
        month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    for i, p in enumerate(phases):
        y = top + i * row
        parts.append(
            f'<text x="{left - 8}" y="{y + 17}" text-anchor="end">{_label(p.name, 32)}</text>'
            f'<rect class="phase" x="{x(p.start)}" y="{y + 5}" '
            f'width="{max(x(p.end) - x(p.start), 2)}" height="18" rx="3" '
            f'fill="{colours.get(p.status, "#9aa5b8")}"><title>{xml_escape(p.name)}: '
            f"{p.start} to {p.end} ({xml_escape(p.status)})</title></rect>"
        )
    base = top + len(phases) * row + 20
    for j, m in enumerate(sorted(marks, key=lambda m: m.date)):
        mx, my = x(m.date), base + j * 18
        parts.append(
            f'<path class="milestone" d="M{mx},{my - 6} L{mx + 6},{my} L{mx},{my + 6} '
            f'L{mx - 6},{my} Z" fill="{"#2e7d32" if m.status == "done" else "#c77700"}"/>'
            # Labels read away from the nearer edge, so none runs off the figure.
            f'<text x="{mx + 10 if mx < left + width_px * 0.45 else mx - 10}" y="{my + 4}" '
            f'text-anchor="{"start" if mx < left + width_px * 0.45 else "end"}">'
            f"{_label(m.name, 36)} ({m.date})</text>"
        )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


# --------------------------------------------------------------------------------------------
# Clause traceability, documented information, review dashboard.


def clause_matrix(scope: Scope, links: Links, pages: Mapping[str, Sequence[str]]) -> str:
    """Every clause of 4 to 10 with the pages, processes and documents that address it.

    ``pages`` maps each chapter (relative to docs/) to the clauses its front matter declares.
    """
    declared_by: dict[str, list[str]] = {}
    for page, clauses in pages.items():
        for clause in clauses:
            declared_by.setdefault(clause, []).append(page)
    processes_for: dict[str, list[Process]] = {}
    for p in scope.processes:
        processes_for.setdefault(p.clause, []).append(p)
    documents_for: dict[str, list[str]] = {}
    for d in scope.documents:
        for clause in d.clauses:
            documents_for.setdefault(clause, []).append(d.id)
    declared = set(declared_by) | set(processes_for) | set(documents_for)
    addressed = standards.covered(declared)
    rows = []
    gaps = 0
    for clause, title in standards.CLAUSES.items():
        where = [
            f"[{text(_page_title(page))}]({links.to(page)})" for page in declared_by.get(clause, [])
        ]
        procs = processes_for.get(clause, [])
        owners = [link(scope, links, p.owner) for p in procs]
        status = "Addressed" if clause in addressed else "**Not addressed**"
        if clause not in addressed and not standards.children(clause):
            gaps += 1
        rows.append(
            (
                f"**{clause}**" if "." not in clause else clause,
                text(title),
                ", ".join(where) or "—",
                ", ".join(link(scope, links, p.id) for p in procs) or "—",
                ", ".join(dict.fromkeys(owners)) or "—",
                links_to(scope, links, documents_for.get(clause, [])),
                status,
            )
        )
    intro = (
        f"{len(standards.CLAUSES)} clauses and subclauses; "
        + (f"**{gaps} not addressed**." if gaps else "every one addressed.")
        + "\n\n"
    )
    return intro + table(
        ("Clause", "Title", "Pages", "Processes", "Owners", "Documents", "Status"), rows
    )


def _page_title(page: str) -> str:
    stem = posixpath.splitext(page)[0]
    if stem.endswith("/index") or stem == "index":
        stem = posixpath.dirname(stem) or "home"
    return stem.replace("-", " ").replace("/", " / ").capitalize()


def document_register(scope: Scope, links: Links) -> str:
    """The register of documented information (7.5.4): each item of the list and the document
    that provides it."""
    items = dict(standards.DOCUMENTED_INFORMATION)
    rows = []
    for key, title in items.items():
        documents = [d for d in scope.documents if d.item == key]
        if not documents:
            rows.append((text(title), "**No document**", "—", "—", "—"))
            continue
        for d in documents:
            where = (
                f"[{text(d.link)}]({d.link})"
                if d.link and re.match(r"^https?://", d.link)
                else text(d.link or "—")
            )
            rows.append(
                (
                    text(title),
                    anchor("document", d.id, d.title),
                    link(scope, links, d.owner),
                    where,
                    when(d.review),
                )
            )
    missing = [t for k, t in items.items() if not any(d.item == k for d in scope.documents)]
    intro = (
        "Every item the standard asks the SMS to hold has a document."
        if not missing
        else f"**{len(missing)} of {len(items)} items have no document:** "
        + "; ".join(text(m) for m in missing)
        + "."
    )
    return intro + "\n\n" + table(("7.5.4 item", "Document", "Owner", "Where", "Next review"), rows)


def review_dashboard(scope: Scope, links: Links, today: dt.date, horizon_days: int = 90) -> str:
    """What needs attention, relative to ``today``: overdue first, then due within the horizon."""
    # Near the end of the calendar the horizon stops at its last day.
    soon = min(today, dt.date.max - dt.timedelta(days=horizon_days)) + dt.timedelta(
        days=horizon_days
    )

    def state(day: dt.date) -> str:
        return "**Overdue**" if day < today else "Due soon"

    out = [f"As of {when(today)}; *due soon* means within {horizon_days} days.\n"]
    reviews: list[tuple[dt.date, str, str]] = []
    due = scope.review_due()
    if due is not None and due <= soon:
        reviews.append((due, f"The manual ({text(scope.document.id)})", state(due)))
    for d in scope.documents:
        if d.review is not None and d.review <= soon:
            reviews.append((d.review, link(scope, links, d.id), state(d.review)))
    out.append("### Reviews\n")
    out.append(
        table(("Due", "What", "State"), ((when(day), what, s) for day, what, s in sorted(reviews)))
        if reviews
        else "*No review is due within the period.*\n"
    )
    agreements = [
        p for p in scope.parties if p.agreement_end is not None and p.agreement_end <= soon
    ]
    out.append("\n### Supplier agreements\n")
    out.append(
        table(
            ("Ends", "Party", "Agreement", "State"),
            (
                (
                    when(p.agreement_end),
                    link(scope, links, p.id),
                    text(p.agreement or "—"),
                    "**Expired**" if p.agreement_end and p.agreement_end < today else "Ending soon",
                )
                for p in sorted(agreements, key=lambda p: p.agreement_end or today)
            ),
        )
        if agreements
        else "*No supplier agreement ends within the period.*\n"
    )
    late = [o for o in scope.objectives if o.due is not None and o.due < today]
    out.append("\n### Objectives past their due date\n")
    out.append(
        table(
            ("Due", "Objective", "Target", "Owner"),
            (
                (
                    when(o.due),
                    link(scope, links, o.id, o.id),
                    text(o.target or "—"),
                    link(scope, links, o.owner),
                )
                for o in late
            ),
        )
        if late
        else "*No objective is past its due date.*\n"
    )
    return "\n".join(out)
