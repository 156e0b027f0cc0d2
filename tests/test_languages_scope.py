"""The scope's chapters in German: context and scope (boundaries, the statement's approval,
issues, the climate decision, integrated systems), the service catalogue, dependencies and
interfaces, inclusions and exclusions, alignment, stakeholders and the communications, and a
service's own page, as a reader sees them; the organisation's own words stay as written."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from helpers.languages import draft_site, in_language
from helpers.projects import PROJECTS, REPO, TODAY, Project, commit_all, make_project
from smsdocs import render
from smsdocs.model import Release, Scope
from smsdocs.render import material
from smsdocs.render.chapters.communicated import communicated_rows
from smsdocs.render.chapters.integrated import integrated_references
from smsdocs.render.service import service_blocks
from smsdocs.validate import check
from smsdocs.words import translator
from test_communications import GOOD, SHA

# -- the fragments, rendered with a German context (fast) ------------------------------------

PAGES = {
    "context.md": (
        "boundaries",
        "statement_approval",
        "internal_external_issues",
        "climate_decision",
        "integrated_systems",
    ),
    "catalogue/index.md": ("service_catalogue",),
    "dependencies.md": ("parties", "interfaces"),
    "inclusions.md": ("inclusions", "exclusions"),
    "alignment.md": ("alignment",),
    "stakeholders.md": ("stakeholders", "communication_plan", "communications"),
}


def plain(markdown: str) -> str:
    """Markdown as words: links' addresses, tags, code marks, table rules and emphasis left
    out."""
    text = re.sub(r"\]\([^)]*\)|[\[\]`]", "", markdown)
    text = re.sub(r"<[^>]+>|\{#[^}]*\}|[*#|]|---", " ", text)
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


def shown(scope: Scope, language: str, *, release: Release | None = None) -> dict[str, str]:
    """Each of the scope's fragments as text, by name, in ``language``."""
    out = {}
    for page, names in PAGES.items():
        links = render.Links(page=page)
        ctx = render.Context(
            scope, links, TODAY, release or Release("v9.9.9", "Draft"), language=language
        )
        for name in names:
            out[name] = plain(material.fragment(render.macros()[name](ctx), page))
    return out


def scope_of(root: Path) -> Scope:
    checked = check(root, today=TODAY)
    assert checked.scope is not None
    return checked.scope


ENGLISH = (
    # headings
    "Organisational units",
    "Internal issues",
    "External issues",
    "Service components",
    "Processes",
    "External suppliers",
    "Internal suppliers",
    "Business objectives",
    "Service management objectives",
    "Customer impact",
    # table headers and record names
    "Works from",
    "Services provided",
    "In scope",
    "Risks arising",
    "Objectives answering it",
    "Decided by",
    "Services received",
    "Controls (8.2.3)",
    "What passes",
    "Used by",
    "Provided by",
    "Operated by",
    "Rationale",
    "Approved by",
    "Supported by",
    "Services under the SMS",
    "Shared with the SMS",
    "Certified by",
    "Frequency",
    "Interests",
    # sentences and labels
    "services are in scope",
    "services in 5 categories",
    "is a draft",
    "awaits management",
    "(lead)",
    "controlled under",
    "co-operates",
    "operates, lead",
    "In house",
    "Yes",
    " on 2025-",
)


def test_the_examples_scope_chapters_speak_german() -> None:
    german = shown(scope_of(REPO), "de")
    boundaries = german["boundaries"]
    assert "Services 14 Services liegen im Anwendungsbereich: " in boundaries
    assert (
        "Organisationseinheiten Organisationseinheit Leitung Tätig an Erbrachte Services "
        "Im Anwendungsbereich " in boundaries
    )
    assert "Standorte Standort Art Land Bereitgestellt von Im Anwendungsbereich " in boundaries
    assert " Ja " in boundaries and " Nein " in boundaries
    assert german["statement_approval"] == (
        "Diese Version (v9.9.9) ist ein Entwurf, und ihre Erklärung wartet auf die Freigabe "
        "durch die Leitung. Die letzte freigegebene Version ist v1.2.0, freigegeben von Helen "
        "Marsh am 23.10.2026."
    )
    issues = german["internal_external_issues"]
    assert issues.startswith(
        "Interne Themen Thema Daraus entstehende Risiken Ziele, die darauf antworten "
    )
    assert "Externe Themen Thema " in issues
    assert german["climate_decision"].startswith(
        "Klimawandel Relevant Entschieden von Helen Marsh Datum 20.01.2026 "
    )
    assert (
        "Interessierte Partei Anforderung in Bezug auf den Klimawandel "
        in (german["climate_decision"])
    )
    assert german["integrated_systems"].startswith(
        "Norm Zertifikat Zertifiziert durch Mit dem SMS gemeinsam genutzt ISO/IEC 27001:2022 "
    )
    assert german["service_catalogue"].startswith(
        "15 Services in 5 Kategorien; 14 im Anwendungsbereich. Kennung Service Kategorie "
        "Status Verantwortlich Kunden Servicezeiten SLA "
    )
    parties = german["parties"]
    assert parties.startswith("Kunden Kunde Vereinbarung Bezogene Services ")
    assert (
        "Externe Lieferanten Partei Vereinbarung Stellt bereit Steuerung (8.2.3) Unterstützt "
        in parties
    )
    assert "Interne Lieferanten " in parties
    assert "Managed Detection and Response (betreibt, federführend)" in parties
    assert german["interfaces"].startswith("Kennung Zwischen Was übergeben wird Mechanismus ")
    inclusions = german["inclusions"]
    assert "Servicekomponenten Komponente Art Bereitgestellt von Verwendet von " in inclusions
    assert "Intern erbracht" in inclusions and "(In Planung)" in inclusions
    assert "Prozesse Abschnitt Prozess Verantwortlich Betrieben von " in inclusions
    assert "(gesteuert nach 8.2.3)" in inclusions
    exclusions = german["exclusions"]
    assert "Ausgeschlossen Standort: Madrid sales office Begründung " in exclusions
    assert "Freigegeben von Helen Marsh Datum 10.03.2025 Kennung exc-madrid-office" in exclusions
    alignment = german["alignment"]
    assert alignment.startswith("Geschäftsziele Kennung Formulierung Verantwortlich Unterstützt")
    assert (
        "Servicemanagementziele Kennung Formulierung Messgröße Verantwortlich Unterstützt "
        "Services " in alignment
    )
    assert "Zielwert " in alignment and " bis 31.03.2027" in alignment
    assert (
        "Auswirkung auf Kunden Kunde Status Services unter dem SMS Services außerhalb des SMS "
        in alignment
    )
    assert "Im Anwendungsbereich" in alignment
    assert german["stakeholders"].startswith("Interessierte Partei Rolle Interessen ")
    assert german["communication_plan"].startswith("Interessierte Partei Kanal Häufigkeit ")
    assert " am 25.11.2025 (MAIL-2025-1125)" in german["communications"]
    # The English of smsdocs is gone; the organisation's own words ("Madrid sales office")
    # stay as written.
    everything = " ".join(german.values())
    assert [e for e in ENGLISH if e in everything] == []
    assert "Madrid sales office" in everything


def test_the_english_of_those_chapters_is_unchanged() -> None:
    english = shown(scope_of(REPO), "en")
    assert "Services 14 services are in scope: " in english["boundaries"]
    assert english["service_catalogue"].startswith("15 services in 5 categories; 14 in scope. ")
    assert "Managed Detection and Response (operates, lead)" in english["parties"]
    assert "(controlled under 8.2.3)" in english["inclusions"]
    assert "Excluded Location: Madrid sales office Rationale " in english["exclusions"]


def test_the_minimal_projects_lines_of_nothing_and_its_approval_speak_german() -> None:
    """The minimal project: one service excluded, no integrated system, no interested party
    with a climate requirement; built as its approved version."""
    scope = scope_of(PROJECTS / "minimal")
    approved = scope.approvals[-1]
    german = shown(scope, "de", release=Release(approved.version, "Approved"))
    assert german["statement_approval"].startswith(
        f"Die Leitung hat diese Erklärung mit Version {approved.version} des "
        "Anwendungsbereichs freigegeben: "
    )
    assert "In Außerbetriebnahme (ausgeschlossen)" in german["service_catalogue"]
    assert german["integrated_systems"] == (
        "Die Scope-Daten nennen keine weitere Managementsystemnorm, mit der das SMS integriert ist."
    )
    assert german["climate_decision"].endswith(
        "Keine interessierte Partei hat eine Anforderung in Bezug auf den Klimawandel."
    )
    empty = Scope(
        organization=scope.organization, sms=scope.sms, document=scope.document, services=()
    )
    none = shown(empty, "de")
    assert none["service_catalogue"] == "Keine Services in den Scope-Daten erfasst."
    assert none["parties"] == "Keine weiteren Parteien in den Scope-Daten erfasst."
    assert none["interfaces"] == "Keine Schnittstellen in den Scope-Daten erfasst."
    assert none["exclusions"] == "Keine Ausschlüsse in den Scope-Daten erfasst."
    assert none["stakeholders"] == "Keine interessierten Parteien in den Scope-Daten erfasst."
    assert "Keine Services im Anwendungsbereich in den Scope-Daten erfasst." in (none["inclusions"])
    assert "Keine Kunden in den Scope-Daten erfasst." in none["alignment"]
    assert none["internal_external_issues"] == (
        "Die Scope-Daten erfassen keine internen oder externen Themen, daher ist Abschnitt "
        "4.1 noch nicht behandelt."
    )


def test_a_service_page_speaks_german_in_its_sentences() -> None:
    scope = scope_of(REPO)
    links = render.Links(page="catalogue/security/mdr.md")
    mdr = next(s for s in scope.services if s.id == "mdr")
    page = plain(material.blocks(service_blocks(scope, mdr, links, None, "de"), links.page))
    assert "Betreibt den Service (federführend)" in page
    assert "Operates the service" not in page and "(lead)" not in page
    legacy = next(s for s in scope.services if s.id == "legacy-print")
    page = material.blocks(service_blocks(scope, legacy, links, None, "de"), links.page)
    # Its description, the organisation's own, says "Outside the SMS scope" in English.
    assert '!!! warning "Außerhalb des SMS"\n    Dieser Service ist vom Anwendungsbereich ' in page
    assert "excluded from the scope" not in page


def test_acknowledged_hashes_and_the_communicated_row_speak_german(minimal: Project) -> None:
    minimal.write("communications.yaml", GOOD)
    scope = minimal.check().scope
    assert scope is not None
    german = shown(scope, "de")["communications"]
    assert "Acme Retail am 06.03.2026 (MAIL-2026-0306), PDF SHA-256 3f3f" in german
    assert (
        "Der mit jeder Bestätigung erfasste SHA-256, vollständig (der Hashwert der Datei, "
        "deren Empfang bestätigt wurde, wie vom Empfänger erfasst; mit dem SHA-256 des PDF "
        f"dieser Version zu vergleichen): - {SHA}: das PDF von v1.0.0, dessen Empfang Acme "
        "Retail am 06.03.2026 bestätigt hat, wie erfasst."
    ) in german
    assert "acknowledged on" not in german and "as recorded" not in german
    # The release history's row (document control asks for it with the manual's words).
    links = render.Links(page="history.md")
    release = Release("v9.9.9", "Draft")
    german_ctx = render.Context(scope, links, TODAY, release, language="de")
    ((name, said),) = communicated_rows(german_ctx, "v1.0.0")
    assert name == "Mitgeteilt"
    assert plain(material.inlines(said, "history.md")) == (
        "An Alex Boss am 02.03.2026; An Acme Retail, Sam Manager am 05.03.2026"
    )
    ((name, said),) = communicated_rows(render.Context(scope, links, TODAY, release), "v1.0.0")
    assert name == "Communicated" and plain(material.inlines(said, "history.md")).startswith(
        "To Alex Boss on Mar 2, 2026; "
    )


def test_a_normative_reference_to_an_integrated_system_speaks_german() -> None:
    scope = scope_of(REPO)
    (german,) = integrated_references(scope, translator("de").gettext)
    assert plain(material.inlines(german, "index.md")) == (
        "ISO/IEC 27001:2022, die Norm eines Managementsystems, mit dem das SMS integriert ist "
        "(gemeinsam genutzt: information security policy and controls; internal audit "
        "programme; management review); Zertifikat IS 781204, ausgestellt von Albion "
        "Assurance Ltd."
    )
    (english,) = integrated_references(scope)
    assert plain(material.inlines(english, "index.md")).startswith(
        "ISO/IEC 27001:2022, the standard of a management system the SMS is integrated with "
        "(shared: "
    )


# -- the example built as a German site (slow) -----------------------------------------------


@pytest.fixture(scope="module")
def german_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example with ``theme.language: de``, committed (a draft) and built as a site."""
    project = make_project(tmp_path_factory.mktemp("de-scope") / "p")
    in_language(project, "de")
    commit_all(project)
    draft_site(project)
    return project / "site"


def page_text(site: Path, page: str) -> str:
    """What a reader reads on a built page: its article, tags left out."""
    source = (site / page / "index.html").read_text(encoding="utf-8")
    article = source[source.index("<article") : source.index("</article>")]
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", article)))


@pytest.mark.slow
def test_the_german_sites_scope_chapters(german_site: Path) -> None:
    context = page_text(german_site, "context")
    assert "Organisationseinheit Leitung Tätig an Erbrachte Services Im Anwendungsbereich" in (
        context
    )
    assert "Interne Themen" in context and "Externe Themen" in context
    assert "Diese Version (" in context and "ist ein Entwurf" in context
    assert "Klimawandel Relevant Entschieden von" in context
    catalogue = page_text(german_site, "catalogue")
    assert "15 Services in 5 Kategorien; 14 im Anwendungsbereich." in catalogue
    dependencies = page_text(german_site, "dependencies")
    assert "Kunde Vereinbarung Bezogene Services" in dependencies
    assert "Kennung Zwischen Was übergeben wird Mechanismus" in dependencies
    assert "Externe Lieferanten" in dependencies and "(betreibt, federführend)" in dependencies
    inclusions = page_text(german_site, "inclusions")
    assert "Komponente Art Bereitgestellt von Verwendet von" in inclusions
    assert "Abschnitt Prozess Verantwortlich Betrieben von" in inclusions
    assert "Ausgeschlossen Standort:" in inclusions and "Begründung" in inclusions
    alignment = page_text(german_site, "alignment")
    assert "Auswirkung auf Kunden" in alignment and "Services unter dem SMS" in alignment
    stakeholders = page_text(german_site, "stakeholders")
    assert "Interessierte Partei Rolle Interessen" in stakeholders
    assert "Interessierte Partei Kanal Häufigkeit" in stakeholders
    everything = " ".join((context, catalogue, dependencies, inclusions, alignment, stakeholders))
    for english in ENGLISH:
        assert english not in everything, english
    # A translated section keeps the anchor its English title gives.
    source = (german_site / "inclusions" / "index.html").read_text(encoding="utf-8")
    assert 'id="service-components"' in source
    source = (german_site / "dependencies" / "index.html").read_text(encoding="utf-8")
    assert 'id="external-suppliers"' in source
