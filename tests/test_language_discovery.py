"""A translator adds a language without touching code: smsdocs writes in each language it
finds a compiled catalogue for."""

from __future__ import annotations

import gettext
import shutil
import subprocess
import sys
from pathlib import Path

from smsdocs.words import LANGUAGES, LOCALE, SOURCE, catalogue, languages


def test_the_languages_are_english_and_each_compiled_catalogue() -> None:
    compiled = sorted(p.parent.parent.name for p in LOCALE.glob("*/LC_MESSAGES/smsdocs.mo"))
    written = sorted(p.parent.parent.name for p in LOCALE.glob("*/LC_MESSAGES/smsdocs.po"))
    assert compiled == written  # every catalogue a translator wrote is compiled
    assert LANGUAGES == languages() == (SOURCE, *compiled)
    assert "de" in LANGUAGES
    assert catalogue("de-AT") == "de"


def test_a_new_catalogue_is_a_new_language(tmp_path: Path) -> None:
    """What a translator does (README "Adding a language"): ``pybabel init`` from the
    template, fill it in, compile; the folder then names one more language."""
    locale = tmp_path / "locale"
    shutil.copytree(LOCALE, locale)
    pybabel = Path(sys.executable).parent / "pybabel"
    common = ["--domain=smsdocs", f"--output-dir={locale}", "--locale=pt"]
    template = f"--input-file={locale / 'smsdocs.pot'}"
    subprocess.run([pybabel, "init", template, *common], check=True, capture_output=True)
    po = locale / "pt" / "LC_MESSAGES" / "smsdocs.po"
    # Filled in: no longer the fuzzy draft pybabel init makes, which no compile reads.
    po.write_text(
        po.read_text(encoding="utf-8")
        .replace("#, fuzzy\n", "", 1)
        .replace(
            'msgid "Document control"\nmsgstr ""',
            'msgid "Document control"\nmsgstr "Controlo de documentos"',
        ),
        encoding="utf-8",
    )
    subprocess.run(
        [pybabel, "compile", "--domain=smsdocs", f"--directory={locale}"],
        check=True,
        capture_output=True,
    )
    assert languages(locale) == (SOURCE, *sorted([*languages()[1:], "pt"]))
    with (locale / "pt" / "LC_MESSAGES" / "smsdocs.mo").open("rb") as compiled:
        assert gettext.GNUTranslations(compiled).gettext("Document control") == (
            "Controlo de documentos"
        )
