"""The release history, the scope diff, the normative references and the charts in the
project's language: a German project's history page, home page and figures as a reader sees
them, and the fragments and figures themselves, cheaply, with a German context."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers.fragments import on_page
from helpers.languages import in_language
from helpers.projects import GIT_ENV, PROJECTS, TODAY, commit_all, make_project, release_all
from helpers.site import Page, mkdocs_build, read_page
from smsdocs import render
from smsdocs.cli import cli
from smsdocs.model import Approval, Change, Release, ReleaseRecord, Scope, name_of
from smsdocs.render import charts
from smsdocs.render.chapters import control
from smsdocs.render.links import ASSETS
from smsdocs.render.timeline import timeline_svg
from smsdocs.validate import check


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, env=GIT_ENV)


def texts_of(svg: str) -> str:
    """The words a figure shows and says (its texts, title and tooltips), tags stripped."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", svg))


# -- the fragments and figures, with a German context ------------------------------------------


def minimal_scope(tmp_path: Path) -> Scope:
    project = make_project(tmp_path / "p", scope=PROJECTS / "minimal" / "scope")
    scope = check(project, today=TODAY).scope
    assert scope is not None
    return scope


def history_in(scope: Scope, records: list[ReleaseRecord], *, medium: str = "site") -> str:
    ctx = render.Context(
        scope,
        render.Links(page="history.md"),
        dt.date(2026, 1, 1),
        Release("v1.0.0", "Draft"),
        releases=lambda: records,
        language="de",
        medium="print" if medium == "print" else "site",
    )
    return on_page(control.release_history, ctx)


def test_a_german_release_history_says_each_release_in_german(tmp_path: Path) -> None:
    scope = minimal_scope(tmp_path)
    change = Change("services", "hosting", "changed", (("status", "retiring", "live"),))
    records = [
        ReleaseRecord(f"v0.{n}.0", "2026-01-01", "Sam", f"Release {n}", (change,) if n else None)
        for n in range(30, -1, -1)
    ]
    shown = history_in(scope, records)
    # The minimal project's approval of v1.0.0 has no release among these.
    assert shown.startswith(
        "*Freigegeben, aber nicht markiert: v1.0.0.* Kein Tag markiert den von der Leitung "
        "freigegebenen Commit als diese Version, daher ist sie in den folgenden Versionen "
        "nicht enthalten."
    )
    assert "| **Markiert** | 01.01.2026 von Sam |" in shown
    assert "| **Nachricht** | Release 30 |" in shown
    assert "| **Freigabe** | Für diese Version ist keine Freigabe erfasst |" in shown
    assert "Änderungen seit der vorherigen Version: 1 Änderung (1 geändert)." in shown
    assert "| Änderung | Bereich | Eintrag | Felder |" in shown
    assert "| geändert | services |" in shown
    # The table of older releases keeps its English anchor, which links name.
    assert "### Frühere Versionen {#earlier-releases}" in shown
    assert "| Version | Markiert | Nachricht | Änderungen seit der vorherigen Version |" in shown
    assert "| v0.0.0 | 01.01.2026 von Sam | Release 0 | die erste Version |" in shown
    for english in (
        "Tagged",
        "Message",
        "Approval*",
        "Approved but",
        "No approval is recorded",
        "Changes since",
        "Earlier releases",
        "the first release",
        " by Sam",
        "1 change",
    ):
        assert english not in shown, english


def test_german_document_control_downloads_and_references(tmp_path: Path) -> None:
    scope = minimal_scope(tmp_path)
    ctx = render.Context(
        scope,
        render.Links(page="index.md"),
        dt.date(2026, 1, 1),
        Release("unversioned", "Draft", "not a git repository"),
        downloads=(render.Download("manual.pdf", 1_100_000, "ab" * 32),),
        language="de",
    )
    record = on_page(control.document_control, ctx)
    assert "| **Status** | Entwurf (kein git-Repository) |" in record
    files = on_page(control.downloads, ctx)
    assert "| Datei | Größe | SHA-256 |" in files
    assert "| 1.074 KiB |" in files
    english = dataclasses.replace(ctx, language="en")
    assert "| 1,074 KiB |" in on_page(control.downloads, english)
    references = on_page(control.normative_references, ctx)
    assert (
        "- ISO/IEC 20000-1:2018, *Informationstechnik — Servicemanagement — Teil 1: "
        "Anforderungen an ein Servicemanagementsystem*. Die Scope-Daten nennen ihre "
        "Änderung 1:2024 (Klimaschutzmaßnahmen) nicht."
    ) in references
    assert "Information technology" not in references and "Amendment" not in references


def test_a_german_approved_version_and_a_history_git_cannot_read(tmp_path: Path) -> None:
    scope = minimal_scope(tmp_path)
    records = [ReleaseRecord("v1.0.0", "2026-03-02", "Sam", "First", None)]
    ctx = render.Context(
        scope,
        render.Links(page="history.md"),
        dt.date(2026, 4, 1),
        Release("v1.0.0", "Approved"),
        releases=lambda: records,
        language="de",
    )
    shown = on_page(control.release_history, ctx)
    assert shown.startswith(
        "Dies ist Version v1.0.0: Aufgeführt sind diese Version und die in ihrer eigenen "
        "Historie vor ihr markierten Versionen; eine später markierte Version hat ein eigenes "
        "Handbuch."
    )
    assert (
        "| **Freigabe** | [Alex Boss](stakeholders.md#stakeholder-boss) am 02.03.2026 (MR-1) |"
        in shown
    )
    assert "| **Markiert** | 02.03.2026 von Sam |" in shown and "*Die erste Version.*" in shown
    unread = dataclasses.replace(
        ctx, history_unavailable="git is not installed where the manual was built"
    )
    assert on_page(control.release_history, unread).strip() == (
        "*Die Versionsgeschichte ist nicht verfügbar: git ist dort, wo das Handbuch erstellt "
        "wurde, nicht installiert.*"
    )


def test_a_german_history_names_the_releases_it_leaves_out(tmp_path: Path) -> None:
    scope = minimal_scope(tmp_path)
    records = [ReleaseRecord(f"r{n}", "2026-01-01", "Sam", "") for n in range(250, 0, -1)]
    site = history_in(scope, records)
    assert "*50 frühere Versionen sind hier nicht aufgeführt.*" in site
    assert (
        "`git tag -l` listet alle Versionen auf, und `smsdocs diff OLD NEW` zeigt, was sich "
        "zwischen zwei beliebigen Versionen geändert hat, etwa zwischen r1 und r50."
    ) in site
    printed = history_in(scope, records, medium="print")
    assert "*50 frühere Versionen, von r1 bis r50, sind hier nicht aufgeführt.*" in printed
    assert "not listed" not in site + printed


def test_a_german_history_of_untagged_approvals(tmp_path: Path) -> None:
    scope = minimal_scope(tmp_path)
    approvals = (
        Approval(version="v2.0.0", by="boss", date=dt.date(2026, 5, 1)),
        Approval(version="v2.1.0", by="boss", date=dt.date(2026, 6, 1)),
    )
    untagged = render.Context(
        dataclasses.replace(scope, approvals=approvals),
        render.Links(page="history.md"),
        dt.date(2026, 7, 1),
        Release("v2.1.0", "Draft"),
        language="de",
    )
    shown = on_page(control.release_history, untagged)
    assert (
        "*Es wurde noch keine Version markiert, obwohl die Leitung v2.0.0 und v2.1.0 "
        "freigegeben hat:* kein Tag markiert den Commit einer dieser Versionen, daher kann "
        "dieses Handbuch nicht als freigegebene Version gezeigt werden und ist ein Entwurf."
    ) in shown
    assert "Eine Version ist ein annotierter git-Tag wie `v1.0.0`" in shown
    assert "No release" not in shown and " and v2.1.0" not in shown


def test_entries_smsdocs_names_are_named_in_the_manuals_language(scope: Scope) -> None:
    # A communication and an exclusion have no name of their own: smsdocs words one.
    assert name_of(scope, "comm-v1-1-0-management", "de") == (
        "Mitteilung von v1.1.0 an David Okafor, Tom Greaves, Sarah Lindqvist und Rachel "
        "Dunmore am 20.11.2025"
    )
    assert name_of(scope, "exc-madrid-office", "de") == "Ausschluss von Madrid sales office"
    assert name_of(scope, "comm-v1-0-0-staff") == (
        "Communication of v1.0.0 to Northwind staff on 2025-03-20"
    )
    assert name_of(scope, "exc-madrid-office") == "Exclusion of Madrid sales office"


def test_german_figures_say_their_words_in_german(scope: Scope) -> None:
    heat = texts_of(charts.heatmap_svg(scope, language="de"))
    said = heat
    assert "Risiko-Heatmap: Wahrscheinlichkeit gegenüber Auswirkung; " in said
    assert "Farbe: Risikowert = Wahrscheinlichkeit × Auswirkung" in said
    assert "Auswirkung" in said and "5 Fast sicher" in said and "1 Unerheblich" in said
    assert "Sehr hoch" in said and "Wert 1–3" in said
    assert re.search(r"Wahrscheinlichkeit \d, Auswirkung \d: Wert \d+ \(\w", said)
    # A German word longer than the room the English ones fit in breaks between its
    # syllables, as German hyphenates it, with a hyphen.
    raw = charts.heatmap_svg(scope, language="de")
    likelihood = [
        re.sub(r"<tspan[^>]*>", "\n", label).replace("</tspan>", "")
        for label in re.findall(r'<text x="97"[^>]*>(.*?)</text>', raw)
    ]
    assert likelihood[1].split("\n") == ["2", "Unwahr-", "scheinlich"]
    assert likelihood[3].split("\n") == ["4", "Wahr-", "scheinlich"]
    assert [
        re.sub(r"-?\n", lambda m: "" if m.group() == "-\n" else " ", t) for t in likelihood
    ] == [
        "1 Selten",
        "2 Unwahrscheinlich",
        "3 Möglich",
        "4 Wahrscheinlich",
        "5 Fast sicher",
    ]
    gap = texts_of(charts.gap_svg(scope, "de"))
    assert "Prozessreifegrad: Ausgangswert gegenüber Zielwert für " in gap
    assert "Ausgangswert" in gap and "Zielwert" in gap and "Reifegrad" in gap
    timeline = texts_of(timeline_svg(scope, dt.date(2026, 3, 1), "Today", "de"))
    assert "Zeitplan der Einführung: " in timeline and " Phasen (" in timeline
    assert "Phasen:" in timeline and "Meilensteine:" in timeline
    assert "Heute, 01.03.2026" in timeline
    assert "Abgeschlossen" in timeline and "Erledigt" in timeline
    service = next(s for s in scope.services if s.components)
    dependency = texts_of(charts.dependency_svg(scope, service, "de"))
    assert f"Abhängigkeiten von {service.name}: " in dependency
    assert "Komponenten" in dependency and "Weitere Parteien" in dependency
    for english in (
        "Likelihood",
        "Impact",
        "Colour",
        "score ",
        "Baseline",
        "Target",
        "Maturity level",
        "Phases:",
        "Milestones:",
        "Today",
        "Dependencies of",
        "Other parties",
    ):
        assert english not in heat + gap + timeline + dependency, english


def test_english_figures_and_months_stay_as_they_were(scope: Scope) -> None:
    timeline = timeline_svg(scope, dt.date(2026, 3, 1), "Today")
    assert timeline_svg(scope, dt.date(2026, 3, 1), "Today", "en") == timeline
    months = re.findall(r">(\w+\.? \d{4})</text>", timeline)
    assert months and all(re.fullmatch(r"[A-Z][a-z]{2} \d{4}", m) for m in months)
    german = re.findall(
        r">(\w+\.? \d{4})</text>", timeline_svg(scope, dt.date(2026, 3, 1), "", "de")
    )
    assert len(german) == len(months) and german != months


# -- a German project: the diff, and its site built once -----------------------------------------


@pytest.fixture(scope="module")
def german_history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example with ``theme.language: de``, its approvals released as ``smsdocs init
    --example`` leaves them (a commit and an annotated tag each), then one commit more: a
    Draft with a release history."""
    project = make_project(tmp_path_factory.mktemp("de-history") / "p")
    in_language(project, "de")
    release_all(project)
    (project / "docs" / "history.md").write_text(
        (project / "docs" / "history.md").read_text(encoding="utf-8") + "\n", encoding="utf-8"
    )
    commit_all(project, "after the release")
    return project


@pytest.mark.slow
def test_a_german_projects_diff_in_markdown_is_german(german_history: Path) -> None:
    tags = subprocess.run(
        ["git", "tag", "-l", "--sort=v:refname"],
        cwd=german_history,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    old, new = tags[-2], tags[-1]
    runner = CliRunner()
    markdown = runner.invoke(
        cli, ["diff", old, new, "--format", "markdown", "-C", str(german_history)]
    )
    assert markdown.exit_code == 0, markdown.output
    assert f"**Änderungen des Anwendungsbereichs von `{old}` zu `{new}`:** " in markdown.output
    assert re.search(r"\*\* \d+ Änderung(en)? \(", markdown.output)
    assert "| Änderung | Eintrag | Feld | Alt | Neu |" in markdown.output
    assert "Scope changes" not in markdown.output and "| Change |" not in markdown.output
    # The terminal's text stays the tool's English.
    text = runner.invoke(cli, ["diff", old, new, "-C", str(german_history)])
    assert text.exit_code == 0, text.output
    assert text.output.startswith(f"scope changes from {old} to {new}: ")


@pytest.fixture(scope="module")
def german_site(german_history: Path) -> Path:
    built = mkdocs_build(german_history)
    assert built.returncode == 0, built.output
    return built.site


@pytest.mark.slow
def test_a_german_sites_release_history_is_german(german_site: Path) -> None:
    page: Page = read_page(german_site, "history/")
    text = page.text
    assert "Markiert " in text and "Nachricht " in text and "Freigabe " in text
    assert re.search(r"Änderungen seit der vorherigen Version: \d+ Änderung(en)? \(", text)
    assert "Änderung Bereich Eintrag Felder" in text
    assert "Die erste Version." in text
    assert re.search(r"\d\d\.\d\d\.\d{4} von ", text)
    assert re.search(r" am \d\d\.\d\d\.\d{4}", text)
    for english in (
        "Changes since the release before",
        "The first release.",
        "Change Section Entry Fields",
        "No approval is recorded",
        "Tagged ",
    ):
        assert english not in text, english


@pytest.mark.slow
def test_a_german_sites_references_and_figures_are_german(german_site: Path) -> None:
    home = read_page(german_site, "").text
    assert "Informationstechnik — Servicemanagement — Teil 1: Anforderungen an ein " in home
    assert "Teil 5: Leitfaden zur Einführung von ISO/IEC 20000-1" in home
    assert "Information technology" not in home
    figures = german_site / ASSETS
    heat = texts_of((figures / "risk-heatmap.svg").read_text(encoding="utf-8"))
    assert "Risiko-Heatmap" in heat and "Wahrscheinlichkeit" in heat
    assert "Likelihood" not in heat
    gap = texts_of((figures / "maturity-gap.svg").read_text(encoding="utf-8"))
    assert "Ausgangswert" in gap and "Baseline" not in gap
    timeline = texts_of((figures / "implementation-timeline.svg").read_text(encoding="utf-8"))
    assert "Meilensteine:" in timeline and "Milestones:" not in timeline
    dependency = texts_of(
        (figures / "dependencies-managed-hosting.svg").read_text(encoding="utf-8")
    )
    assert "Abhängigkeiten von " in dependency and "Weitere Parteien" in dependency
    assert "Dependencies of" not in dependency
