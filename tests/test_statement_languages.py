"""No rule of the check depends on English words in the organisation's own text: the scope
statement refers to the service catalogue in any language smsdocs knows the word in, and an
exclusion's rationale is a full sentence in any script."""

from __future__ import annotations

import pytest

from helpers.projects import Project

STATEMENT = (
    "    The SMS covers the services in the service catalogue, delivered by the operations "
    "unit from the Leeds office."
)
FINDING = "scope/org.yaml:6:14: warning[statement-incomplete]: "


def _scope_findings(project: Project) -> list[str]:
    """The findings on the scope data (not those on mkdocs.yml: a language without a
    catalogue is warned of there, ``language-unsupported``)."""
    return [f for f in project.findings() if not f.startswith("mkdocs.yml:")]


def _statement(project: Project, text: str, language: str | None = None) -> None:
    project.edit("org.yaml", STATEMENT, f"    {text}")
    if language is not None:
        (project.root / "mkdocs.yml").write_text(
            f"site_name: Example\ntheme:\n  name: material\n  language: {language}\n",
            encoding="utf-8",
        )


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("nl", "Het SMS omvat de diensten in de dienstencatalogus, geleverd vanuit Leeds."),
        ("nl", "Het SMS omvat alle diensten uit de Servicecatalogus van Example."),
        ("nl", "Het SMS omvat de diensten in de IT-dienstencatalogus, geleverd vanuit Leeds."),
        ("de", "Das SMS umfasst die Services des Servicekatalogs, erbracht aus Leeds."),
        ("de", "Das SMS umfasst alle im IT-Servicekatalog geführten Services."),
        ("de", "Das SMS umfasst die im Service-Katalog beschriebenen Services."),
        ("de", "Das SMS umfasst alle Services des IT-Leistungskatalogs der Example."),
        ("fr", "Le SMS couvre les services du catalogue de services, fournis depuis Leeds."),
        ("fr", "Le SMS couvre les services inscrits au Catalogue des services."),
        ("es", "El SGS abarca los servicios del catálogo de servicios, prestados desde Leeds."),
        ("es", "El SGS abarca los servicios incluidos en el Catálogo de Servicios."),
        ("en", "The SMS covers the services in the Service Catalog, delivered from Leeds."),
    ],
)
def test_a_statement_naming_the_catalogue_in_its_language_passes(
    minimal: Project, language: str, text: str
) -> None:
    _statement(minimal, text, language)
    assert _scope_findings(minimal) == []


@pytest.mark.parametrize("language", ["en", "nl", "de"])
def test_the_catalogue_is_read_in_every_language_whatever_the_manual_is_in(
    minimal: Project, language: str
) -> None:
    _statement(minimal, "El SGS abarca los servicios del catálogo de servicios.", language)
    assert _scope_findings(minimal) == []


@pytest.mark.parametrize(
    ("language", "text", "word"),
    [
        (
            "nl",
            "Het SMS omvat de diensten op het intranet, geleverd vanuit Leeds.",
            "servicecatalogus",
        ),
        ("de", "Das SMS umfasst die Services, die aus Leeds erbracht werden.", "Servicekatalog"),
        (
            "fr",
            "Le SMS couvre les services fournis depuis le bureau de Leeds.",
            "catalogue de services",
        ),
        (
            "es",
            "El SGS abarca los servicios prestados desde la oficina de Leeds.",
            "catálogo de servicios",
        ),
    ],
)
def test_a_statement_naming_neither_the_services_nor_the_catalogue_is_reported(
    minimal: Project, language: str, text: str, word: str
) -> None:
    _statement(minimal, text, language)
    assert _scope_findings(minimal) == [
        f"{FINDING}the scope statement neither refers to the service catalogue nor names "
        "services 'Managed Hosting', 'Backup'; name them, refer to the catalogue as "
        f"'service catalogue', '{word}', link to its page ([service catalogue]"
        "(catalogue/index.md)), or give the statement's own word for it under "
        "'sms: catalogue_terms:'"
    ]


def test_a_catalogue_in_a_word_that_only_looks_alike_is_no_reference(minimal: Project) -> None:
    _statement(minimal, "Het SMS omvat de diensten in de productcatalogus van Example.", "nl")
    (finding,) = _scope_findings(minimal)
    assert finding.startswith(FINDING)


HINDI = "एसएमएस उदाहरण सेवा सूची की सभी सेवाओं को शामिल करता है, जो लीड्स कार्यालय से प्रदान की जाती हैं।"


def test_a_statement_in_a_language_without_known_words_is_not_claimed_to_fail(
    minimal: Project,
) -> None:
    _statement(minimal, HINDI, "hi")
    assert _scope_findings(minimal) == []


def test_the_same_statement_in_an_english_manual_is_reported(minimal: Project) -> None:
    _statement(minimal, HINDI, "en")
    assert _scope_findings(minimal) == [
        f"{FINDING}the scope statement neither refers to the service catalogue nor names "
        "services 'Managed Hosting', 'Backup'; name them, refer to the catalogue as "
        "'service catalogue', link to its page ([service catalogue](catalogue/index.md)), or "
        "give the statement's own word for it under 'sms: catalogue_terms:'"
    ]


def test_a_statement_naming_every_service_passes_in_a_language_without_known_words(
    minimal: Project,
) -> None:
    _statement(minimal, "एसएमएस में Managed Hosting और Backup सेवाएँ शामिल हैं।", "hi")
    assert _scope_findings(minimal) == []


# -- an exclusion's rationale ------------------------------------------------------------------

PARIS = "The Paris office is a sales office that delivers and supports no services."


@pytest.mark.parametrize(
    "rationale",
    [
        "पेरिस कार्यालय केवल बिक्री कार्यालय है और कोई सेवा प्रदान नहीं करता।",
        "สำนักงานปารีสเป็นสำนักงานขายที่ไม่ได้ให้บริการใดๆ",
        "مكتب باريس مكتب مبيعات فقط ولا يقدم أي خدمة.",
        "Das Büro in Paris ist ein Vertriebsbüro, das keine Services erbringt.",
        "Η διεύθυνση Παρισιού είναι γραφείο πωλήσεων χωρίς καμία υπηρεσία.",
        "पेरिस में कोई सेवा दी नहीं जाती।",
    ],
)
def test_a_full_rationale_in_any_script_passes(minimal: Project, rationale: str) -> None:
    minimal.edit("exclusions.yaml", PARIS, rationale)
    assert _scope_findings(minimal) == []


@pytest.mark.parametrize("rationale", ["लागू नहीं", "n/a", "TBD", "Nicht zutreffend.", "n.v.t."])
def test_a_rationale_too_short_to_assess_is_reported_in_any_script(
    minimal: Project, rationale: str
) -> None:
    minimal.edit("exclusions.yaml", PARIS, rationale)
    assert _scope_findings(minimal) == [
        f"scope/exclusions.yaml:11:16: error[exclusion-rationale]: exclusion 'exc-paris' gives "
        f"'{rationale}' as its rationale; explain in a full sentence why the location is "
        "outside the SMS, so an auditor can assess it (4.3)"
    ]
