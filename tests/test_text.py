"""Text is data: whatever Unicode the check accepts appears in the PDF and the DOCX, from fonts
smsdocs ships or the project names; what no font covers, control characters, direction
controls and deep nesting are found by the check, each at its place."""

from __future__ import annotations

import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pymupdf
import pytest

from helpers import pdftags
from helpers.export import docx_text
from helpers.fonts import FAMILY, PNG, REFUSED, SHOWN, make_font
from helpers.projects import GIT_ENV, PROJECTS, TODAY, commit_all, make_project
from helpers.runs import SMSDOCS, one_error, run_export, run_in
from helpers.site import mkdocs_build
from smsdocs import fonts
from smsdocs.project import Project
from smsdocs.render.text import code, html_text, isolated, text
from smsdocs.validate import check
from smsdocs.validate.text import MAX_NESTING


def names_project(tmp_path: Path) -> Path:
    """The minimal project with a stakeholder named in each script, one a line of its own
    file, so each finding's line says which name it is."""
    project = make_project(tmp_path / "p", scope=PROJECTS / "minimal" / "scope")
    lines = ["stakeholders:"]
    for key, name in {**SHOWN, **{k: v[0] for k, v in REFUSED.items()}}.items():
        lines.append(f'  - {{id: s-{key}, name: "{name}", role: staff}}')
    (project / "scope" / "names.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return project


def findings(project: Path) -> list[str]:
    return [str(f) for f in check(project, today=TODAY).findings]


def finding_of(found: list[str], key: str) -> str:
    (finding,) = [f for f in found if f"'s-{key}'" in f]
    return finding


def test_check_names_each_script_no_font_covers_at_its_line(tmp_path: Path) -> None:
    found = [f for f in findings(names_project(tmp_path)) if "text-font" in f]
    lines = {key: n for n, key in enumerate([*SHOWN, *REFUSED], 2)}
    assert len(found) == len(REFUSED), found
    for key, (name, kind) in REFUSED.items():
        finding = finding_of(found, key)
        assert name[-1] in finding
        assert finding.startswith(f"scope/names.yaml:{lines[key]}:"), finding
        assert f"error[text-font]: 'name' of 's-{key}' in 'stakeholders' holds text no font" in (
            finding
        )
        assert f"{kind} (" in finding
        assert "add a font that covers it to overrides/export/fonts/" in finding
    assert "Noto Sans CJK" in next(f for f in found if "s-han" in f)


def test_a_font_the_project_adds_covers_what_it_covers(tmp_path: Path) -> None:
    project = names_project(tmp_path)
    make_font(Project.at(project).templates / fonts.PROJECT_FONTS / "fallback.ttf", "王小明🙂")
    found = [f for f in findings(project) if "text-font" in f]
    assert len(found) == 1 and "'s-tamil'" in found[0], found


def test_a_chapter_is_checked_line_by_line(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", scope=PROJECTS / "minimal" / "scope")
    chapter = project / "docs" / "context.md"
    lines = chapter.read_text(encoding="utf-8").split("\n")
    first = len(lines) + 1
    deep = "> " * 30 + "deep"
    chapter.write_text(
        "\n".join(
            [*lines, "Colour: \x1b[31mred", "Hi \u202eevil", "", "Chinese: 漢字", "", deep, ""]
        ),
        encoding="utf-8",
    )
    found = [f for f in findings(project) if f.startswith("docs/context.md:")]
    assert f"docs/context.md:{first}:9: error[text-control]: the control character \\x1b " in (
        "\n".join(found)
    )
    assert f"docs/context.md:{first + 1}:4: warning[text-bidi]: the direction control U+202E" in (
        "\n".join(found)
    )
    assert f"docs/context.md:{first + 3}:10: error[text-font]: this line holds text no font " in (
        "\n".join(found)
    )
    assert (
        f"docs/context.md:{first + 5}:1: error[text-nesting]: quotes and lists nest 30 levels "
        f"deep here, and the PDF's typesetter stops at about 20; nest at most {MAX_NESTING}"
    ) in "\n".join(found)


def test_nesting_in_a_description_is_found_at_the_value(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", scope=PROJECTS / "minimal" / "scope")
    services = project / "scope" / "services.yaml"
    deep = "".join("  " * i + "- item\\n" for i in range(12))
    services.write_text(
        services.read_text(encoding="utf-8").replace(
            "    summary: Virtual servers run for customers.\n",
            "    summary: Virtual servers run for customers.\n"
            f'    description: "Lists:\\n\\n{deep}"\n',
            1,
        ),
        encoding="utf-8",
    )
    found = [f for f in findings(project) if "text-nesting" in f]
    assert found == [
        "scope/services.yaml:5:18: error[text-nesting]: in 'description' of service 'hosting', "
        "quotes and lists nest 12 levels deep here, and the PDF's typesetter stops at about "
        f"20; nest at most {MAX_NESTING} levels (a table or a sub-heading carries deep "
        "structure better)"
    ], found


def test_control_characters_in_a_value_are_shown_and_warned_of(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", scope=PROJECTS / "minimal" / "scope")
    services = project / "scope" / "services.yaml"
    services.write_text(
        services.read_text(encoding="utf-8").replace(
            "name: Managed Hosting", 'name: "Managed \\e[2J\\0Hosting"', 1
        ),
        encoding="utf-8",
    )
    found = [f for f in findings(project) if "text-control" in f]
    assert found == [
        "scope/services.yaml:3:11: warning[text-control]: 'name' of 'hosting' in 'services' "
        "holds the control character \\x1b (U+001B ESCAPE), which the manual shows as the "
        "escape \\x1b; remove it (in YAML, a double-quoted escape such as \\e, \\x1b or \\0 "
        "writes one)"
    ], found
    assert text("Managed \x1b[2J\x00Hosting") == "Managed &#92;x1b&#91;2J&#92;x00Hosting"
    assert code("a\x07b") == "`a\\x07b`"
    assert html_text("a\x9bb") == "a\\x9bb"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("plain", "plain"),
        ("abc\u202edef", "\u2068abc\u202edef\u2069"),
        ("\u2069\u2069\u202eevil", "\u2068\u202eevil\u2069"),  # stray closers dropped
        ("\u2067open", "\u2068\u2067open\u2069\u2069"),  # an isolate left open is closed
        ("\u2066a\u2069 b", "\u2068\u2066a\u2069 b\u2069"),
    ],
)
def test_a_direction_control_cannot_reach_the_text_after_it(value: str, shown: str) -> None:
    assert isolated(value) == shown


def test_the_fonts_smsdocs_ships_are_installed() -> None:
    found = {path.parent.parent.name for path in fonts.font_files(fonts.shipped_dirs())}
    assert found == set(fonts.SHIPPED)
    covered = fonts.coverage(fonts.shipped_dirs())
    for name in SHOWN.values():
        assert not fonts.missing(name, covered), name


# -- through the real commands -------------------------------------------------------------------


def full_project(tmp_path: Path) -> Path:
    """The names project with a font for CJK and emoji, a direction override and control
    characters in names, an inline image, ten levels of quotes, and a release whose tag
    message holds an ESC."""
    project = names_project(tmp_path)
    listed = (project / "scope" / "names.yaml").read_text(encoding="utf-8")
    (project / "scope" / "names.yaml").write_text(
        "\n".join(line for line in listed.split("\n") if "s-tamil" not in line)
        + '  - {id: s-bidi, name: "Eve \\u202Elive\\u202C Smith", role: staff}\n'
        + '  - {id: s-control, name: "Ctrl \\e[2J Person", role: staff}\n',
        encoding="utf-8",
    )
    make_font(Project.at(project).templates / fonts.PROJECT_FONTS / "fallback.ttf", "王小明🙂")
    chapter = project / "docs" / "context.md"
    chapter.write_text(
        chapter.read_text(encoding="utf-8")
        + "\n\nBefore ![a chart of growth](chart.png) after the chart.\n\n"
        + "> " * MAX_NESTING
        + "ten levels down\n",
        encoding="utf-8",
    )
    (project / "docs" / "chart.png").write_bytes(PNG)
    commit_all(project)
    env = {**os.environ, **GIT_ENV}
    subprocess.run(
        ["git", "tag", "-a", "v0.9.0", "-m", "v0.9.0: \x1b[31mred\x1b[0m release த"],
        cwd=project,
        check=True,
        env=env,
    )
    return project


ALLOWED_FONTS = (
    "LibertinusSerif",
    "DejaVuSansMono",
    "NewCM",
    "NotoSerif",
    "FrankRuhlLibre",
    "NotoSansArabic",
    "NotoSansDevanagari",
    "NotoSansThai",
    FAMILY.replace(" ", ""),
)
"""Typst's own fonts, those smsdocs ships and the project's: the only fonts a PDF may hold."""


def _nfc(value: str) -> str:
    return unicodedata.normalize("NFC", " ".join(value.split()))


@pytest.mark.export
@pytest.mark.slow
def test_every_script_appears_in_the_pdf_and_the_docx_from_known_fonts(tmp_path: Path) -> None:
    project = full_project(tmp_path)
    checked = run_in(project, SMSDOCS, "check", "--today", TODAY.isoformat())
    assert "error" not in checked.stdout.replace("0 errors", ""), checked.stdout
    run = run_export(project)
    assert run.returncode == 0, run.stderr
    (pdf_path,) = (project / "dist").glob("*.pdf")
    (docx_path,) = (project / "dist").glob("*.docx")
    document = pymupdf.open(pdf_path)
    pdf = _nfc(" ".join(page.get_text() for page in document))
    docx = _nfc(docx_text(docx_path))
    for name in [*SHOWN.values(), "王小明", "Sam 🙂"]:
        if unicodedata.bidirectional(name[0]) == "AL":
            # Text extraction repeats the letters at Arabic joins: each letter is there.
            assert set(name) <= set(pdf), name
        else:
            assert _nfc(name) in pdf, name
        assert _nfc(name) in docx, name
    embedded = {font[3].split("+")[-1] for page in document for font in page.get_fonts(full=True)}
    assert embedded and all(name.startswith(ALLOWED_FONTS) for name in embedded), embedded
    assert any(name.startswith(FAMILY.replace(" ", "")) for name in embedded)
    # A direction override is isolated: it cannot reverse what follows the name.
    assert "\u2068Eve \u202elive\u202c Smith\u2069" in docx
    assert "Ctrl \\x1b[2J Person" in pdf and "Ctrl \\x1b[2J Person" in docx
    # The release tag's message, which no check reads, is shown with its controls as
    # escapes, and in the PDF a letter no font has as its code point.
    assert "v0.9.0: \\x1b[31mred\\x1b[0m release U+0BA4" in pdf
    assert "v0.9.0: \\x1b[31mred\\x1b[0m release த" in docx
    # The inline image is in the running text, and the PDF's tags describe it.
    assert "Before" in pdf and "after the chart." in pdf
    assert "ten levels down" in pdf
    images = [img for page in document for img in page.get_images()]
    assert images
    assert "a chart of growth" in pdftags.read(pdf_path).alts


@pytest.mark.slow
def test_the_site_isolates_a_direction_override(tmp_path: Path) -> None:
    project = full_project(tmp_path)
    strict = mkdocs_build(project)
    assert strict.returncode == 1
    bidi = 2 + len(SHOWN) + len(REFUSED) - 1  # the line after every name but the Tamil one
    assert f"WARNING -  scope/names.yaml:{bidi}:24: warning[text-bidi]: " in strict.output
    build = run_in(project, sys.executable, "-m", "mkdocs", "build", "-q", "-d", "built")
    assert build.returncode == 0, build.stderr
    page = (project / "built" / "stakeholders" / "index.html").read_text(encoding="utf-8")
    assert "\u2068Eve \u202elive\u202c Smith\u2069" in page
    assert "\x1b" not in page and "Ctrl \\x1b[2J Person" in page


@pytest.mark.slow
def test_the_check_refuses_a_chapter_with_a_control_character(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", scope=PROJECTS / "minimal" / "scope")
    (project / "docs" / "context.md").write_text("# Context\n\nA \x00 NUL\n", encoding="utf-8")
    commit_all(project)
    checked = run_in(project, SMSDOCS, "check")
    assert checked.returncode == 1
    assert (
        "docs/context.md:3:3: error[text-control]: the control character \\x00 (U+0000 NULL) "
        "cannot be shown in the manual and stops the PDF; remove it"
    ) in checked.stdout
    build = mkdocs_build(project)
    assert build.returncode == 1 and "docs/context.md:3:3" in build.output, build.output


@pytest.mark.export
@pytest.mark.slow
def test_a_typst_failure_names_the_page_and_the_scope_value(tmp_path: Path) -> None:
    # A font whose characters the check reads but Typst cannot load: the check passes, and
    # Typst is the first to fail. Its error names the chapter and the value, not only Typst.
    project = make_project(tmp_path / "p", scope=PROJECTS / "minimal" / "scope")
    (project / "scope" / "names.yaml").write_text(
        "stakeholders:\n  - {id: s-han, name: 王小明, role: staff}\n", encoding="utf-8"
    )
    make_font(
        Project.at(project).templates / fonts.PROJECT_FONTS / "unnamed.ttf", "王小明", named=False
    )
    commit_all(project)
    run = run_export(project)
    assert run.returncode == 1
    assert one_error(run) == (
        'error: Typst could not typeset the PDF: PDF/A-2a error: the text `"王"` could not be '
        'displayed with font `"Libertinus Serif"` (in the page docs/stakeholders.md; the text '
        "is in scope/names.yaml:2:23)"
    )


@pytest.mark.export
@pytest.mark.slow
def test_the_characters_of_typsts_own_fonts_are_those_it_draws() -> None:
    # The check counts them as covered (arrows, check marks, box drawing: no shipped font
    # file has them); the list must be the installed Typst's, with what it draws alone.
    from smsdocs.export.typst import embedded_fonts

    assert fonts.EMBEDDED.read_text(encoding="ascii") == embedded_fonts()
    covered = fonts.coverage(fonts.shipped_dirs())
    assert not fonts.missing("→ ✓ ≥ … └── ★ • ±", covered)
