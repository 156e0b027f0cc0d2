"""The export folder: where the PDF and the DOCX find the project's templates, logo and fonts.

One rule (``load.site.export_folder``, read through ``project.Project``): ``export/`` in the
theme's ``custom_dir``, where the site finds its theme; ``overrides/export`` where mkdocs.yml
sets none. A project whose theme lives in ``theme/`` keeps its logo, its ``smsdocs.typ`` and
its ``reference.docx`` in ``theme/export/``, and the PDF, the DOCX and the site take them from
there.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pymupdf
import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import RGBColor
from pypdf import PdfReader

import smsdocs
from helpers.export import export, exported_files
from helpers.pdftags import read
from helpers.projects import PROJECTS, commit_all, make_project
from helpers.site import build_in_git, read_page
from smsdocs.project import Project
from smsdocs.validate import check

LOGO = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20" viewBox="0 0 40 20">'
    '<rect width="40" height="20" fill="#ff00ff"/></svg>\n'
)
"""A logo no other part of the manual draws: a magenta block."""
MARKER = "Cover of the themed manual"
"""What the project's own smsdocs.typ writes on the cover."""
HEADING = RGBColor(0x12, 0x34, 0x56)
"""The colour the project's own reference.docx gives its first-level headings."""


def magenta(page: pymupdf.Page, *, top: bool) -> bool:
    """Whether a page drawn at 36 dpi shows the logo's magenta (as the PDF's colour profile
    gives it back, to a step or two): in its top third only, with ``top``."""
    drawn = page.get_pixmap(dpi=36)
    rows = drawn.height // 3 if top else drawn.height
    found = {drawn.pixel(x, y) for x in range(drawn.width) for y in range(rows)}
    return any(r > 245 and g < 10 and b > 245 for r, g, b in found)


def themed(dest: Path, theme: str = "theme") -> Path:
    """The example with its theme (and so its export folder) in ``theme/``, not overrides/."""
    project = make_project(dest, scope=PROJECTS / "minimal" / "scope")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  custom_dir: overrides\n" in text
    config.write_text(text.replace("custom_dir: overrides", f"custom_dir: {theme}"), "utf-8")
    shutil.move(project / "overrides", project / "theme")
    return project


def test_the_export_folder_is_export_in_the_themes_folder(tmp_path: Path) -> None:
    root = themed(tmp_path / "p")
    (root / "theme" / "export" / "fonts").mkdir()
    project = Project.at(root)
    assert project.templates == root / "theme" / "export"
    assert project.own_templates == root / "theme" / "export"
    assert project.fonts == (root / "theme" / "export" / "fonts",)
    assert project.shown(project.templates / "logo.svg") == "theme/export/logo.svg"


def test_no_module_finds_the_export_folder_another_way() -> None:
    """The rule is load.site.export_folder's, read through Project: nothing else reads the
    theme's folder to find the templates or the logo (the site once did, from MkDocs's
    config, while the export read overrides/export)."""
    source = Path(smsdocs.__file__).parent
    readers = sorted(
        path.relative_to(source).as_posix()
        for path in source.rglob("*.py")
        if ".custom_dir" in path.read_text(encoding="utf-8")
    )
    assert readers == ["load/site.py"]


def test_a_theme_folder_written_loosely_is_the_same_folder(tmp_path: Path) -> None:
    root = themed(tmp_path / "p", theme="./theme/")
    assert Project.at(root).templates == root / "theme" / "export"


def test_without_a_theme_folder_the_export_folder_is_overrides_export(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", scope=PROJECTS / "minimal" / "scope")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  custom_dir: overrides\n", ""), encoding="utf-8")
    assert Project.at(root).own_templates == root / "overrides" / "export"
    # as with custom_dir: overrides, the example's own setting
    assert Project.at(make_project(tmp_path / "q")).templates == tmp_path / "q/overrides/export"


def test_templates_kept_in_overrides_beside_a_theme_elsewhere_still_work(tmp_path: Path) -> None:
    """As smsdocs once asked: the theme in theme/, the export templates in overrides/export.
    They are still read there, and the check says where they belong, at the setting."""
    root = themed(tmp_path / "p")
    (root / "overrides").mkdir()
    shutil.move(root / "theme" / "export", root / "overrides" / "export")
    assert Project.at(root).own_templates == root / "overrides" / "export"
    found = [str(f) for f in check(root).findings]
    assert found == [
        "mkdocs.yml:13:15: warning[export-folder]: the exports read the templates, logo and "
        "fonts from overrides/export/, but they belong in theme/export/, export/ in the theme's "
        "custom_dir 'theme', where the site finds its theme; move overrides/export/ to "
        "theme/export/"
    ]
    # once moved, they are read from the theme's folder, and the check says nothing more
    shutil.move(root / "overrides" / "export", root / "theme" / "export")
    assert Project.at(root).own_templates == root / "theme" / "export"
    assert [str(f) for f in check(root).findings] == []


def test_the_themes_export_folder_wins_over_overrides(tmp_path: Path) -> None:
    root = themed(tmp_path / "p")
    shutil.copytree(root / "theme" / "export", root / "overrides" / "export")
    assert Project.at(root).own_templates == root / "theme" / "export"
    assert not [f for f in check(root).findings if f.code == "export-folder"]


def test_a_theme_folder_outside_the_project_is_refused_where_it_is_set(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "export").mkdir(parents=True)
    (elsewhere / "export" / "logo.svg").write_text(LOGO, encoding="utf-8")
    root = themed(tmp_path / "p", theme="../elsewhere")
    config = (root / "mkdocs.yml").read_text(encoding="utf-8").split("\n")
    line = next(n for n, text in enumerate(config, 1) if "custom_dir:" in text)
    column = config[line - 1].index("../elsewhere") + 1
    found = [str(f) for f in check(root).findings if "file-unreadable" in str(f)]
    assert found == [
        f"mkdocs.yml:{line}:{column}: error[file-unreadable]: '../elsewhere' leads to "
        f"{elsewhere}, outside the project; a build reads only files inside the project, "
        "so keep this folder in it"
    ]
    assert Project.at(root).own_templates is None, "nothing is read there"


def test_the_check_names_the_projects_font_folder(tmp_path: Path) -> None:
    root = themed(tmp_path / "p")
    (root / "scope" / "names.yaml").write_text(
        "stakeholders:\n  - {id: s-han, name: 王小明, role: staff}\n", encoding="utf-8"
    )
    found = [str(f) for f in check(root).findings if "text-font" in str(f)]
    assert len(found) == 1
    assert "add a font that covers it to theme/export/fonts/, such as Noto Sans CJK" in found[0]


def test_a_finding_names_the_file_in_the_themes_folder(tmp_path: Path) -> None:
    root = themed(tmp_path / "p")
    (root / "theme" / "export" / "reference.docx").write_bytes(b"not a zip")
    found = [str(f) for f in check(root).findings if "template-invalid" in str(f)]
    assert len(found) == 1
    assert found[0].startswith("theme/export/reference.docx: error[template-invalid]: "), found


@pytest.mark.export
def test_the_exports_take_the_logo_and_templates_from_the_themes_folder(tmp_path: Path) -> None:
    project = themed(tmp_path / "p")
    folder = project / "theme" / "export"
    (folder / "logo.svg").write_text(LOGO, encoding="utf-8")
    template = folder / "smsdocs.typ"
    typ = template.read_text(encoding="utf-8")
    assert typ.count("#let cover() = page[\n") == 1
    template.write_text(
        typ.replace("#let cover() = page[\n", f"#let cover() = page[\n  {MARKER}\n")
    )
    reference = Document(str(folder / "reference.docx"))
    assert reference.styles["Heading 1"].font.color.rgb != HEADING
    reference.styles["Heading 1"].font.color.rgb = HEADING
    reference.save(str(folder / "reference.docx"))
    commit_all(project)

    code, output = export(project)
    assert code == 0, output
    pdf, docx = exported_files(project)

    cover = " ".join((PdfReader(pdf).pages[0].extract_text() or "").split())
    assert MARKER in cover, cover
    assert "Logo of Example Services Ltd" in read(pdf).alts
    with pymupdf.open(pdf) as document:
        assert magenta(document[0], top=True), "the logo heads the cover"
        assert not magenta(document[1], top=False)

    word = Document(str(docx))
    assert word.styles["Heading 1"].font.color.rgb == HEADING
    # The DOCX's cover shows the same logo, drawn as a picture, above the cover's details.
    body = word.element.body
    pictures = body.findall(".//" + qn("wp:docPr"))
    first = next(p for p in pictures if p.get("descr") == "Logo of Example Services Ltd")
    paragraphs = [p.text for p in word.paragraphs]
    logo_at = next(i for i, p in enumerate(word.paragraphs) if first in p._p.iter())
    assert logo_at < paragraphs.index("Document control"), paragraphs[: logo_at + 1]
    blip = next(first.getparent().iter(qn("a:blip")))
    image = word.part.related_parts[blip.get(qn("r:embed"))].blob
    assert image.startswith(b"\x89PNG"), "Word gets the SVG logo as a PNG"
    drawn = pymupdf.Pixmap(image)
    assert drawn.pixel(drawn.width // 2, drawn.height // 2)[:3] == (255, 0, 255)


@pytest.mark.slow
def test_the_site_takes_the_logo_from_the_same_folder(tmp_path: Path) -> None:
    project = themed(tmp_path / "p")
    (project / "theme" / "export" / "logo.svg").write_text(LOGO, encoding="utf-8")
    result = build_in_git(project)
    assert result.returncode == 0, result.output
    assert (result.site / "assets" / "smsdocs" / "logo.svg").read_text() == LOGO
    assert 'src="../assets/smsdocs/logo.svg"' in read_page(result.site, "context/").html
    published = {p.name for p in result.site.rglob("*")}
    assert not {"smsdocs.typ", "reference.docx", "make_reference_docx.py"} & published
