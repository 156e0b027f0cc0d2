"""The chapters that trace and control the SMS in the project's language: the clause
traceability matrix, the register of documented information, the review dashboard, the
risks and requirements, and the implementation plan, as a German reader sees them.

The organisation's own text (its chapters' prose, its titles of documents and risks) stays
as it wrote it; the words smsdocs writes are German, and the anchors of its sections are the
ones their English titles give, so links to them hold in every language."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest

from helpers.export import docx_text, export, exported_files, pdf_text
from helpers.fragments import on_page
from helpers.languages import draft_site, in_language
from helpers.projects import TODAY, commit_all, make_project
from helpers.site import read_page
from smsdocs import render
from smsdocs.model import Release, Scope
from smsdocs.render.chapters import dashboard, implementation, risks, traceability
from smsdocs.render.context import Medium


def context(
    scope: Scope,
    page: str,
    language: str,
    medium: Medium = "site",
    dated: dt.date | None = None,
) -> render.Context:
    """The context a page of the example renders in, in ``language``."""
    return render.Context(
        scope,
        render.Links(page=page),
        TODAY,
        Release("v1.0.0", "Draft"),
        page_clauses={"index.md": ["4.3"]},
        language=language,
        medium=medium,
        dated=dated,
    )


# -- the fragments, rendered in German ------------------------------------------------------


def test_the_clause_matrix_speaks_german_with_the_standards_clause_titles(
    scope: Scope,
) -> None:
    shown = on_page(traceability.clause_matrix, context(scope, "traceability.md", "de"))
    head, _, table = shown.partition("\n\n")
    assert head.startswith("77 Abschnitte und Unterabschnitte: ")
    assert "durch ein Kapitel, einen Prozess, ein Dokument oder einen Nachweis deklariert" in head
    assert "**9 nicht adressiert** (siehe den Status jedes Abschnitts unten)." in head
    assert table.startswith(
        "| Abschnitt | Titel | Seiten | Prozesse | Verantwortliche | Dokumente und Nachweise "
        "| Status |"
    )
    rows = {line.split(" | ")[0].strip("|* "): line for line in table.splitlines()[2:]}
    assert "| Kontext der Organisation |" in rows["4"]
    assert rows["4"].endswith("| Durch seine Unterabschnitte adressiert |")
    assert "| Führung und Verpflichtung |" in rows["5.1"]
    assert rows["5.1"].endswith(
        "| **Nicht adressiert**: kein Kapitel, Prozess oder Dokument deklariert ihn |"
    )
    assert rows["5"].endswith("| **Nicht adressiert**: 5.1 offen |")
    # A page the navigation does not title: the home page by its name in German.
    assert "| [Startseite](index.md) |" in rows["4.3"]
    assert "6 interne oder externe Themen, Entscheidung zum Klimawandel (Relevant, " in rows["4.1"]
    assert "| Managementbewertung |" in rows["9.3"] and "| Internes Audit |" in rows["9.2"]
    assert "Managementbewertungen im Einführungsplan" in rows["9.3"]
    for english in ("Context of the organization", "Not addressed", "Addressed", "Clause"):
        assert english not in shown
    # In print, the matrix names chapters, not pages.
    printed = on_page(
        traceability.clause_matrix, context(scope, "traceability.md", "de", medium="print")
    )
    assert "| Abschnitt | Titel | Kapitel | Prozesse |" in printed


def test_the_evidence_packs_trace_keeps_english(scope: Scope) -> None:
    rows = {r.clause: r for r in traceability.trace(scope, {"index.md": ["4.3"]})}
    assert rows["4"].title == "Context of the organization"
    assert rows["5.1"].status == "Not addressed: no chapter, process or document declares it"
    assert rows["4.1"].other[0] == "6 internal or external issues"
    german = {r.clause: r for r in traceability.trace(scope, {"index.md": ["4.3"]}, "de")}
    assert german["4"].title == "Kontext der Organisation"
    assert (
        german["5.1"].status
        == "Nicht adressiert: kein Kapitel, Prozess oder Dokument deklariert ihn"
    )
    assert german["4.1"].other[0] == "6 interne oder externe Themen"


def test_the_document_register_speaks_german(scope: Scope) -> None:
    shown = on_page(traceability.document_register, context(scope, "documents.md", "de"))
    assert shown.startswith(
        "Für jeden Punkt, den die Norm von diesem SMS verlangt, liegt ein Dokument vor.\n"
    )
    assert (
        "| Punkt nach 7.5.4 | Dokument | Verantwortlich | Ablageort | Nächste Überprüfung |"
        in shown
    )
    assert "| Anwendungsbereich des SMS |" in shown
    assert "| Verträge mit externen Lieferanten |" in shown
    assert "Scope of the SMS" not in shown and "Next review" not in shown


def test_a_register_missing_documents_says_so_in_german(scope: Scope) -> None:
    kept = [d for d in scope.documents if d.item != "slas"]
    shown = on_page(
        traceability.document_register,
        context(dataclasses.replace(scope, documents=kept), "documents.md", "de"),
    )
    assert shown.startswith(
        "**1 von 12 Punkten ohne Dokument:** Service-Level-Vereinbarungen. Bis für jeden ein "
        "Dokument vorliegt, zeigt die Rückverfolgbarkeit der Abschnitte 7.5.4, 8.3.3 als "
        "nicht adressiert."
    )
    assert "| Service-Level-Vereinbarungen | **Kein Dokument** |" in shown


def test_the_dashboards_sections_are_german_and_keep_their_english_anchors(
    scope: Scope,
) -> None:
    ctx = context(scope, "dashboard.md", "de", dated=TODAY - dt.timedelta(days=3))
    shown = on_page(dashboard.review_dashboard, ctx)
    first, second = shown.split("\n\n")[:2]
    assert first.startswith(
        f"Stand {TODAY:%d.%m.%Y} (der Tag, an dem dieser Entwurf erstellt wurde); "
        "*bald fällig* bedeutet innerhalb von 90 Tagen. "
    )
    assert second == (
        f"{TODAY:%d.%m.%Y} ist der Tag, an dem die Website erstellt wurde, und das Dashboard "
        "ist für diesen Tag berechnet; diese Version des Handbuchs trägt das Datum "
        f"{TODAY - dt.timedelta(days=3):%d.%m.%Y}, das Datum ihres Commits."
    )
    for heading in (
        "### Überprüfungen {#reviews}",
        "### Lieferantenvereinbarungen {#supplier-agreements}",
        "### Meilensteine der Einführung {#implementation-milestones}",
        "### Maßnahmen nach Audits {#actions-after-audits}",
        "### Ziele nach ihrem Fälligkeitsdatum {#objectives-past-their-due-date}",
    ):
        assert heading in shown
    assert (
        "| Fällig | Was | Stand |" in shown and "| Endet | Partei | Vereinbarung | Stand |" in shown
    )
    assert "| Bald fällig |" in shown and "| Endet bald |" in shown
    assert "| Audit Stufe 2 | Bald fällig |" in shown
    for english in ("Due soon", "As of", "Reviews", "Supplier agreements", "Ending soon"):
        assert english not in shown
    # In English the sections keep the anchors the engine makes from their words.
    english = on_page(dashboard.review_dashboard, context(scope, "dashboard.md", "en"))
    assert "### Reviews\n" in english and "{#" not in english


def test_the_risk_register_and_requirements_speak_german(scope: Scope) -> None:
    ctx = context(scope, "risks.md", "de")
    register = on_page(risks.risk_register, ctx)
    assert register.startswith(
        "| Kennung | Risiko | Bewertung | Behandlung | Verantwortlich | Services |"
    )
    required = on_page(risks.requirements, ctx)
    assert "### Gesetzliche Anforderungen {#legal-requirements}" in required
    assert "### Regulatorische Anforderungen {#regulatory-requirements}" in required
    assert "### Vertragliche Anforderungen {#contractual-requirements}" in required
    assert "| Anforderung | Referenz | Gilt für |" in required
    assert "Legal requirements" not in required and "Applies to" not in required
    none = on_page(risks.risk_register, context(dataclasses.replace(scope, risks=[]), "r", "de"))
    assert none == "*Keine Risiken in den Scope-Daten erfasst.*\n"


def test_the_implementation_plan_speaks_german(scope: Scope) -> None:
    ctx = context(scope, "implementation.md", "de")
    approach = on_page(implementation.implementation_approach, ctx)
    assert approach == (
        "Das SMS wird in 4 Phasen eingeführt, die jeweils eine Teilmenge der Prozesse in Betrieb "
        "nehmen. Der Plan läuft vom 01.06.2025 bis zum 30.11.2026.\n"
    )
    assert on_page(implementation.implementation_stage, ctx) == (
        "Dieses Kapitel hält fest, wie Northwind sein SMS einführt.\n"
    )
    phases = on_page(implementation.implementation_phases, ctx)
    assert phases.startswith(
        "| Phase | Von | Bis | Umfang der Phase | Abschlusskriterien | Status |"
    )
    assert on_page(implementation.baseline_assessment, ctx).startswith(
        "Der aktuelle Zustand der Prozesse wurde am 12.05.2025 bewertet."
    )
    assert "| **Methode** |" in on_page(implementation.baseline_assessment, ctx)
    assert on_page(implementation.maturity_table, ctx).startswith(
        "| Prozess | Ausgangswert | Zielwert | Lücke |"
    )
    assert "| Internes Audit (9.2) | Erledigt |" in on_page(implementation.milestones, ctx)
    ready = on_page(implementation.readiness_checklist, ctx)
    assert ready.startswith("7 von 9 Punkten erledigt.\n")
    assert "| Punkt | Status | Nachweis |" in ready and "| **Offen** |" in ready
    assert on_page(implementation.post_audit_actions, ctx).startswith(
        "| Feststellung | Maßnahme | Verantwortlich | Fällig | Status |"
    )
    case = on_page(implementation.business_case, ctx)
    assert "**Nutzen**" in case and "**Kosten**" in case
    # The end of a phase is 'To' in English, whatever the catalogue's 'To' of addressees says.
    english = on_page(implementation.implementation_phases, context(scope, "i.md", "en"))
    assert english.startswith("| Phase | From | To | Scope of the phase |")


# -- a German site --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def german_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example with ``theme.language: de``, committed: a draft."""
    project = make_project(tmp_path_factory.mktemp("de-control") / "p")
    in_language(project, "de")
    commit_all(project)
    return project


@pytest.fixture(scope="module")
def german_site(german_project: Path) -> Path:
    """The German draft built as a site."""
    project = german_project
    built = draft_site(project)
    # Not strict: the draft's approvals are untagged (approval-untagged), and nothing else.
    warned = [line for line in built.stderr.splitlines() if line.startswith("WARNING")]
    assert all("[approval-untagged]" in line for line in warned), built.stderr
    return project / "site"


@pytest.mark.slow
def test_the_german_sites_traceability_page(german_site: Path) -> None:
    shown = read_page(german_site, "traceability/").text
    assert "Abschnitt Titel Seiten Prozesse Verantwortliche Dokumente und Nachweise Status" in shown
    assert "4 Kontext der Organisation" in shown
    assert "8.3.4.2 Management interner Lieferanten und von Kunden in der Rolle eines" in shown
    assert "Abschnitte und Unterabschnitte:" in shown and "Risikoregister (9 Risiken)" in shown
    for english in (
        "Understanding the organization and its context",
        "Documents and records",
        "Addressed by its subclauses",
        "clauses and subclauses",
    ):
        assert english not in shown


@pytest.mark.slow
def test_the_german_sites_register_of_documents(german_site: Path) -> None:
    shown = read_page(german_site, "documents/").text
    assert "Punkt nach 7.5.4 Dokument Verantwortlich Ablageort Nächste Überprüfung" in shown
    assert "Servicemanagementpolitik und -ziele" in shown
    assert "Zum Nachweis der Konformität erforderliche Nachweise" in shown
    assert "7.5.4 item" not in shown and "Records needed to demonstrate conformity" not in shown


@pytest.mark.slow
def test_the_german_sites_review_dashboard(german_site: Path) -> None:
    found = read_page(german_site, "dashboard/")
    shown = found.text
    assert (
        "(der Tag, an dem dieser Entwurf erstellt wurde); bald fällig bedeutet innerhalb" in shown
    )
    assert "Überprüfungen¶ Fällig Was Stand" in shown
    assert "Lieferantenvereinbarungen¶ Endet Partei Vereinbarung Stand" in shown
    assert "Maßnahmen nach Audits¶ Fällig Maßnahme Verantwortlich Stand" in shown
    assert {"reviews", "supplier-agreements", "actions-after-audits"} <= found.ids
    for english in ("As of", "Due soon", "Supplier agreements", "Actions after audits"):
        assert english not in shown


@pytest.mark.slow
def test_the_german_sites_risks_page(german_site: Path) -> None:
    found = read_page(german_site, "risks/")
    shown = found.text
    assert "Kennung Risiko Bewertung Behandlung Verantwortlich Services" in shown
    assert "Gesetzliche Anforderungen¶ Anforderung Referenz Gilt für" in shown
    assert {"legal-requirements", "contractual-requirements"} <= found.ids
    for english in ("Id Risk Rating", "Legal requirements", "Applies to"):
        assert english not in shown


@pytest.mark.slow
def test_the_german_sites_implementation_page(german_site: Path) -> None:
    shown = read_page(german_site, "implementation/").text
    assert "Dieses Kapitel hält fest, wie Northwind sein SMS einführt." in shown
    assert "Der Plan läuft vom 01.06.2025 bis zum 30.11.2026." in shown
    assert "Phase Von Bis Umfang der Phase Abschlusskriterien Status" in shown
    assert "Prozess Ausgangswert Zielwert Lücke" in shown
    assert "Datum Meilenstein Art Status" in shown
    assert "Herausforderung Gegenmaßnahme Verantwortlich" in shown
    assert "7 von 9 Punkten erledigt." in shown
    assert "Feststellung Maßnahme Verantwortlich Fällig Status" in shown
    assert "Jeder Prozess wurde auf einer Skala von 0" in shown
    for english in (
        "This chapter records how",
        "The plan runs from",
        "Scope of the phase",
        "Exit criteria",
        "items done",
        "Mitigation",
        "Each process was rated",
    ):
        assert english not in shown


@pytest.mark.export
def test_the_german_pdf_and_docx_print_these_chapters_in_german(german_project: Path) -> None:
    code, output = export(german_project)
    assert code == 0, output
    pdf, docx = exported_files(german_project)
    for text in (re.sub(r"\s+", " ", pdf_text(pdf)), re.sub(r"\s+", " ", docx_text(docx))):
        # Print names the chapters the matrix points to, not pages.
        assert "Kapitel" in text and "Dokumente und Nachweise" in text
        assert "Kontext der Organisation" in text and "Gesetzliche Anforderungen" in text
        assert "Überprüfungen" in text and "Maßnahmen nach Audits" in text
        assert "(der Tag, an dem dieser Entwurf erstellt wurde); bald fällig bedeutet" in text
        # ('Supplier agreements in date' is an item of the organisation's own checklist.)
        for english in ("Documents and records", "Legal requirements", "Actions after audits"):
            assert english not in text
