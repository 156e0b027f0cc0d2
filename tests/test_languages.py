"""The manual in the project's language: where the language comes from, the catalogues
smsdocs ships (every marked word translated, compiled as committed), and a German project's
PDF, DOCX and site furniture, as a reader sees them."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from helpers.export import docx_text, export, exported_files, pdf_text
from helpers.languages import draft_site, in_language
from helpers.projects import PROJECTS, REPO, commit_all, make_project
from smsdocs.project import Project
from smsdocs.validate import check
from smsdocs.words import LANGUAGES, LOCALE, SOURCE, catalogue, translator

SRC = REPO / "src" / "smsdocs"


# -- where the language comes from ----------------------------------------------------------


@pytest.mark.parametrize("tag", ["de", "de-DE", "de-CH", "DE-at"])
def test_every_german_tag_reads_the_german_catalogue(tag: str) -> None:
    assert catalogue(tag) == "de"
    assert translator(tag).gettext("Page {page} of {total}") == "Seite {page} von {total}"


@pytest.mark.parametrize("tag", ["en", "en-GB", "pt", "sw-KE"])
def test_a_language_without_a_catalogue_reads_the_english_text(tag: str) -> None:
    assert translator(tag).gettext("Page {page} of {total}") == "Page {page} of {total}"
    assert catalogue(tag) == ("en" if tag.startswith("en") else None)


def test_the_theme_language_names_the_projects_language(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", scope=PROJECTS / "minimal" / "scope")
    in_language(project, "de-CH")
    assert Project.at(project).language == "de-CH"
    assert [str(f) for f in check(project).findings] == []


def test_an_unsupported_language_is_a_warning_at_its_line(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", scope=PROJECTS / "minimal" / "scope")
    in_language(project, "sw")
    lines = (project / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    at = lines.index("  language: sw") + 1
    assert [str(f) for f in check(project).findings] == [
        f"mkdocs.yml:{at}:13: warning[language-unsupported]: smsdocs has no text in the "
        "language of 'sw', so the words it writes itself (headers, labels, tables' headings) "
        "stay in English while the documents declare your language; choose one of 'en', "
        "'de', 'es', 'fr', 'nl', or add a catalogue for yours (README 'Languages')"
    ]
    assert Project.at(project).language == "sw"  # the documents still declare it


def test_a_plugin_language_other_than_the_themes_is_a_warning_at_its_line(
    tmp_path: Path,
) -> None:
    project = make_project(tmp_path / "p", scope=PROJECTS / "minimal" / "scope")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "      language: en-GB" in text  # the region the theme has no choice for: no finding
    assert [str(f) for f in check(project).findings] == []
    config.write_text(text.replace("      language: en-GB", "      language: de-CH"), "utf-8")
    lines = config.read_text(encoding="utf-8").splitlines()
    at = next(n for n, line in enumerate(lines, 1) if line.startswith("      language: de-CH"))
    assert [str(f) for f in check(project).findings] == [
        f"mkdocs.yml:{at}:17: warning[language-mismatch]: the smsdocs plugin's language "
        "'de-CH' is another language than the theme's 'en', so the site's navigation and "
        "search would speak one language around smsdocs's words in the other; set theme: "
        "language: to 'de' (the plugin's language then only adds the region), or remove the "
        "plugin's language"
    ]
    in_language(project, "de")  # the theme's, and no language of the plugin's
    assert [str(f) for f in check(project).findings] == []


# -- the catalogues -------------------------------------------------------------------------


def marked() -> set[str]:
    """Every string the source marks for translation, as ``make translations`` finds it."""
    found = extract_from_dir(
        str(SRC),
        method_map=[("**.py", "python")],
        keywords={
            "N_": None,
            "say": None,
            "say_n": (1, 2),
            "_": None,
            "gettext": None,
            "ngettext": (1, 2),
        },
    )
    return {message if isinstance(message, str) else message[0] for _, _, message, *_ in found}


def shipped() -> list[str]:
    return [language for language in LANGUAGES if language != SOURCE]


def test_the_source_marks_the_furniture() -> None:
    words = marked()
    assert {"Page {page} of {total}", "DRAFT", "Document control", "Contents"} <= words


@pytest.mark.parametrize("language", shipped())
def test_every_marked_string_is_translated(language: str) -> None:
    po = LOCALE / language / "LC_MESSAGES" / "smsdocs.po"
    with po.open("rb") as text:
        catalog = read_po(text)
    translated = {
        m.id[0] if isinstance(m.id, tuple) else m.id
        for m in catalog
        if m.id and not m.fuzzy and (all(m.string) if isinstance(m.string, tuple) else m.string)
    }
    untranslated = sorted(marked() - translated)
    assert untranslated == [], f"{po}: untranslated (run make translations and translate them)"


@pytest.mark.parametrize("language", shipped())
def test_the_compiled_catalogue_is_that_of_its_po_file(language: str) -> None:
    folder = LOCALE / language / "LC_MESSAGES"
    with (folder / "smsdocs.po").open("rb") as text:
        catalog = read_po(text)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    assert (folder / "smsdocs.mo").read_bytes() == compiled.getvalue(), (
        "the .mo is older than its .po: run make translations"
    )


def test_every_shipped_language_has_its_catalogue_in_the_package() -> None:
    declared = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert '"locale/*/LC_MESSAGES/*.mo"' in declared
    assert sorted(p.parent.parent.name for p in LOCALE.glob("*/LC_MESSAGES/smsdocs.mo")) == sorted(
        shipped()
    )


# -- a German project -----------------------------------------------------------------------


@dataclass(frozen=True)
class German:
    project: Path
    pdf_text: str
    docx_text: str
    docx_footer: str
    docx_header: str


@pytest.fixture(scope="module")
def german_draft(tmp_path_factory: pytest.TempPathFactory) -> German:
    """The example with ``theme.language: de`` (and no plugin ``language``), committed (a
    draft) and exported."""
    project = make_project(tmp_path_factory.mktemp("de") / "p")
    in_language(project, "de")
    commit_all(project)
    code, output = export(project)
    assert code == 0, output
    pdf, docx = exported_files(project)
    with zipfile.ZipFile(docx) as package:
        footer = " ".join(
            package.read(n).decode("utf-8")
            for n in package.namelist()
            if re.fullmatch(r"word/footer\d*\.xml", n)
        )
        header = " ".join(
            package.read(n).decode("utf-8")
            for n in package.namelist()
            if re.fullmatch(r"word/header\d*\.xml", n)
        )
    return German(project, pdf_text(pdf), docx_text(docx), footer, header)


@pytest.mark.export
def test_a_german_pdf_has_german_furniture(german_draft: German) -> None:
    text = german_draft.pdf_text
    assert "Seite 3 von " in text
    assert "Page 3 of" not in text
    # The cover, document control and the running header and footer, before the contents
    # (the chapters' own tables are still English: README "Languages").
    front = text[: text.index("Inhalt 1 ")]
    assert front.startswith("Northwind IT Services Ltd Service Management System Manual ")
    assert "Dokument NW-SMS-001 Version " in front and "Status Entwurf Klassifizierung" in front
    assert "ENTWURF. Diese Version ist nicht von der Leitung freigegeben" in front
    assert "Dokumentenlenkung Dokument NW-SMS-001 Titel " in front
    assert "Verantwortlich Priya Raman" in front and "Nächste Überprüfung 23.10.2027" in front
    assert "Version Freigegeben von Datum Nachweis v1.2.0" in front
    assert "Version Mitgeteilt An Wie v1.1.0" in front
    assert "ENTWURF Internal Service Management System Manual Seite 2 von " in front
    for english in ("Document control", "Next review", "Approved by", "DRAFT", "Page"):
        assert english not in front
    # The chapters' approval and communication tables (docs/stakeholders.md calls them);
    # the chapters' own headings are the organisation's.
    body = text[len(front) :]
    assert "Version Datum An Wie Durch Nachweis Bestätigt" in body
    assert "Version Freigegeben von Datum Nachweis" in body
    # The service pages (other chapters' tables still say "Operated by": README "Languages").
    assert "SLA SLA-APP-01 Betrieben von Northwind Hängt ab von " in body
    assert "Komponente Art Bereitgestellt von" in body


@pytest.mark.export
def test_a_german_docx_has_german_furniture(german_draft: German) -> None:
    text = german_draft.docx_text
    assert "Dokumentenlenkung" in text and "Document control" not in text
    assert "Nächste Überprüfung" in text
    assert "Verantwortlich" in text
    footer = re.sub(r"<[^>]+>", "", german_draft.docx_footer)
    assert "Seite " in footer and " von " in footer
    assert "Page" not in footer
    header = re.sub(r"<[^>]+>", "", german_draft.docx_header)
    assert "ENTWURF: keine freigegebene Version" in header
    assert "DRAFT" not in header


@pytest.mark.export
@pytest.mark.slow
def test_a_german_site_has_a_german_banner(german_draft: German) -> None:
    # Not strict: the draft's approvals are untagged (approval-untagged), and nothing else.
    built = draft_site(german_draft.project)
    warned = [line for line in built.stderr.splitlines() if line.startswith("WARNING")]
    assert warned and all("[approval-untagged]" in line for line in warned), built.stderr
    page = (german_draft.project / "site" / "index.html").read_text(encoding="utf-8")
    banner = page[page.index('class="smsdocs-banner') :]
    banner = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", banner[: banner.index("</div>")]))
    assert 'aria-label="Dokumentenlenkung"' in page
    assert "Dokument" in banner and "Klassifizierung" in banner and "Entwurf" in banner
    assert "Classification" not in banner
    assert "Dieses Handbuch ist aus dem Dateisystem geöffnet" in page
    # The site's own document control (docs/index.md calls it; print has its own page).
    record = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    assert "Norm ISO/IEC 20000-1" in record and "Nächste Überprüfung 23.10.2027" in record
    assert "Mitteilung freigegebener Versionen" in record
    # The contract's labels of stored values: a service's status in the catalogue, a
    # phase's in the implementation plan.
    catalogue = (german_draft.project / "site" / "catalogue" / "index.html").read_text("utf-8")
    assert catalogue.count(">Aktiv<") == 12 and ">Live<" not in catalogue
    assert ">In Planung<" in catalogue and ">In Außerbetriebnahme<" in catalogue
    plan = (german_draft.project / "site" / "implementation" / "index.html").read_text("utf-8")
    assert "Abgeschlossen" in plan and "In Arbeit" in plan
    assert "Complete" not in plan and "In progress" not in plan
    # A service's page: its record's names, its headings and its tables' headers.
    service = german_draft.project / "site" / "catalogue" / "infrastructure" / "managed-hosting"
    shown = re.sub(
        r"\s+", " ", re.sub(r"<[^>]+>", " ", (service / "index.html").read_text("utf-8"))
    )
    assert "Kennung managed-hosting Kategorie " in shown and "Status Aktiv" in shown
    assert "Abhängigkeiten" in shown and "Komponente Art Bereitgestellt von" in shown
    assert "Ziele, Risiken und Anforderungen" in shown
    assert "Depends on" not in shown and "Provided by" not in shown


@pytest.mark.export
def test_the_english_example_keeps_its_english_furniture(example_draft_text: str) -> None:
    assert "Page 3 of " in example_draft_text
    assert "Document control" in example_draft_text
    assert "Seite" not in example_draft_text


@pytest.mark.export
def test_a_projects_own_template_that_asks_for_no_words_keeps_its_english(
    tmp_path: Path,
) -> None:
    """An organisation's copy of smsdocs.typ made before the template asked for its words
    (``say``) is handed them and reads none: its English stays, and the export works."""
    project = make_project(tmp_path / "p")
    in_language(project, "de")
    template = project / "overrides" / "export" / "smsdocs.typ"
    text = template.read_text(encoding="utf-8")
    older = text.replace(
        "#let say(english) = said.at(english, default: english)", "#let say(english) = english"
    )
    assert older != text
    template.unlink()
    template.write_text(older, encoding="utf-8")
    commit_all(project)
    code, output = export(project)
    assert code == 0, output
    pdf, _ = exported_files(project)
    text = pdf_text(pdf)
    assert "Page 3 of " in text and "Document control" in text
    assert "Seite 3 von" not in text
