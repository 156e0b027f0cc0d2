"""What a build may read: files inside the project, reached without leaving it; and a manual
that lost its chapters or service pages is never exported.

Each case plants one file a build would read (a page, an image, an SVG, the logo, a template,
a Jinja include) as a link out of the project, or a named pipe, and runs every command a user
runs, each as a process of its own: ``smsdocs check`` names the file, and ``mkdocs build``,
``smsdocs export``, ``bundle`` and ``audit-pack`` refuse with that same line, exit 1, write
nothing, and show the secret the link leads to nowhere.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from helpers.projects import PROJECTS, commit_all, make_project
from helpers.runs import SMSDOCS, environment, one_error

pytestmark = [pytest.mark.slow]

SECRET = "smsdocs-secret-31-d1e5f0"
"""Text that only the files outside the project, and the commands' environment, hold."""


def run(project: Path, *command: str) -> subprocess.CompletedProcess[str]:
    """``command`` in ``project``, as a process, with the secret in its environment."""
    return subprocess.run(
        command,
        cwd=project,
        env={**environment(project.parent / "tmp"), "SMSDOCS_BUILD_TOKEN": SECRET},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def outside(project: Path, name: str, text: str = f"{SECRET}\n") -> Path:
    """A file beside the project (outside it) that holds the secret."""
    path = project.parent / "elsewhere" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def add_to_index(project: Path, text: str) -> None:
    index = project / "docs" / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + f"\n{text}\n", encoding="utf-8")


def environ_page(project: Path) -> None:
    (project / "docs" / "secret.md").symlink_to("/proc/self/environ")


def page_above(project: Path) -> None:
    outside(project, "notes.md", f"# Notes\n\n{SECRET}\n")
    (project / "docs" / "notes.md").symlink_to(Path("..") / ".." / "elsewhere" / "notes.md")


def linked_image(project: Path) -> None:
    (project / "docs" / "pic.png").symlink_to(outside(project, "pic.png"))
    add_to_index(project, "![Our office](pic.png)")


def linked_svg(project: Path) -> None:
    svg = f'<svg xmlns="http://www.w3.org/2000/svg"><text y="20">{SECRET}</text></svg>\n'
    (project / "docs" / "chart.svg").symlink_to(outside(project, "chart.svg", svg))
    add_to_index(project, "![Chart](chart.svg)")


def linked_folder(project: Path) -> None:
    outside(project, "shared/page.md", f"# Shared\n\n{SECRET}\n")
    (project / "docs" / "shared").symlink_to(project.parent / "elsewhere" / "shared")


def linked_logo(project: Path) -> None:
    (project / "overrides" / "export" / "logo.png").symlink_to(outside(project, "logo.png"))


def linked_template(project: Path) -> None:
    (project / "overrides" / "main.html").unlink()
    (project / "overrides" / "main.html").symlink_to(outside(project, "main.html"))


def linked_include(project: Path) -> None:
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "      module_name: macros\n",
            "      module_name: macros\n      include_dir: includes\n",
        ),
        encoding="utf-8",
    )
    (project / "includes").mkdir()
    (project / "includes" / "secret.txt").symlink_to(outside(project, "secret.txt"))
    add_to_index(project, '{% include "secret.txt" %}')


def named_pipe(project: Path) -> None:
    os.mkfifo(project / "docs" / "pipe.md")


@dataclass(frozen=True)
class Case:
    name: str
    make: Callable[[Path], None]
    line: str
    """The finding every command shows."""
    committed: bool = True
    """Whether git can hold it (a named pipe it cannot), so audit-pack sees it too."""


CASES = [
    Case(
        "environ-page",
        environ_page,
        "docs/secret.md: error[file-unreadable]: links to /proc/self/environ, outside the "
        "project; copy the file into docs/ instead",
    ),
    Case(
        "page-above-the-project",
        page_above,
        "docs/notes.md: error[file-unreadable]: links to ../../elsewhere/notes.md, outside the "
        "project; copy the file into docs/ instead",
    ),
    Case(
        "image",
        linked_image,
        "docs/pic.png: error[file-unreadable]: links to {elsewhere}/pic.png, outside the "
        "project; copy the file into docs/ instead",
    ),
    Case(
        "svg",
        linked_svg,
        "docs/chart.svg: error[file-unreadable]: links to {elsewhere}/chart.svg, outside the "
        "project; copy the file into docs/ instead",
    ),
    Case(
        "folder",
        linked_folder,
        "docs/shared: error[file-unreadable]: links to {elsewhere}/shared, outside the "
        "project; copy what it links to into docs/ instead",
    ),
    Case(
        "export-logo",
        linked_logo,
        "overrides/export/logo.png: error[file-unreadable]: links to {elsewhere}/logo.png, "
        "outside the project; copy the file into overrides/ instead",
    ),
    Case(
        "theme-template",
        linked_template,
        "overrides/main.html: error[file-unreadable]: links to {elsewhere}/main.html, "
        "outside the project; copy the file into overrides/ instead",
    ),
    Case(
        "jinja-include",
        linked_include,
        "includes/secret.txt: error[file-unreadable]: links to {elsewhere}/secret.txt, "
        "outside the project; copy the file into includes/ instead",
    ),
    Case(
        "named-pipe",
        named_pipe,
        "docs/pipe.md: error[file-unreadable]: is a named pipe, not a regular file; a build "
        "reads only regular files, so remove it",
        committed=False,
    ),
]


def project_with(tmp_path: Path, case: Case) -> Path:
    project = make_project(tmp_path / "p", scope=PROJECTS / "minimal" / "scope")
    if case.committed:
        case.make(project)
        commit_all(project)
    else:
        commit_all(project)
        case.make(project)
    return project


def no_secret(*texts: str) -> None:
    for text in texts:
        assert SECRET not in text


def nothing_written(project: Path) -> None:
    assert not (project / "site").exists()
    assert not (project / "dist").exists()
    assert not [p.name for p in project.iterdir() if "smsdocs" in p.name]


@pytest.mark.export
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_a_file_from_outside_the_project_is_refused_by_every_command(
    tmp_path: Path, case: Case
) -> None:
    project = project_with(tmp_path, case)
    line = case.line.format(elsewhere=tmp_path / "elsewhere")

    checked = run(project, SMSDOCS, "check")
    assert checked.returncode == 2, checked.stdout + checked.stderr
    assert line in checked.stdout.splitlines()
    no_secret(checked.stdout, checked.stderr)

    built = run(project, sys.executable, "-m", "mkdocs", "build", "--strict")
    assert built.returncode == 1
    assert line in built.stderr.splitlines(), built.stderr
    no_secret(built.stdout, built.stderr)
    nothing_written(project)

    for command in (
        ["export"],
        ["bundle"],
        *([["audit-pack", "--draft", "HEAD"]] * case.committed),
    ):
        refused = run(project, SMSDOCS, *command)
        assert refused.returncode == 1, (command, refused.stdout, refused.stderr)
        assert one_error(refused) == (
            "error: the project has 1 error; run 'smsdocs check' for details"
        )
        # audit-pack builds a checkout elsewhere, where a relative link leads nowhere.
        shown = line if command != ["audit-pack", "--draft", "HEAD"] else line.split(": ")[0]
        assert any(x.startswith(shown) for x in refused.stderr.splitlines()), refused.stderr
        no_secret(refused.stdout, refused.stderr)
        nothing_written(project)
    written = [
        Path(folder, name)
        for folder, _, names in os.walk(project)  # links are not followed
        if ".git" not in Path(folder).parts
        for name in names
    ]
    no_secret(
        *(p.read_text(errors="replace") for p in written if p.is_file() and not p.is_symlink())
    )


def test_links_that_stay_inside_the_project_keep_working(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", scope=PROJECTS / "minimal" / "scope")
    (project / "shared").mkdir()
    (project / "shared" / "notes.md").write_text("# Notes\n\nKept beside the manual.\n")
    (project / "docs" / "notes.md").symlink_to(Path("..") / "shared" / "notes.md")
    (project / "docs" / "more").symlink_to(Path("..") / "shared")
    commit_all(project)

    checked = run(project, SMSDOCS, "check")
    assert "file-unreadable" not in checked.stdout, checked.stdout
    built = run(project, sys.executable, "-m", "mkdocs", "build", "-d", str(tmp_path / "site"))
    assert built.returncode == 0, built.stderr
    page = (tmp_path / "site" / "notes" / "index.html").read_text(encoding="utf-8")
    assert "Kept beside the manual." in page
    assert (tmp_path / "site" / "more" / "notes" / "index.html").is_file()


def test_a_docs_folder_outside_the_project_is_found_in_mkdocs_yml(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", scope=PROJECTS / "minimal" / "scope")
    shutil.copytree(project / "docs", tmp_path / "docs")
    config = project / "mkdocs.yml"
    config.write_text("docs_dir: ../docs\n" + config.read_text(encoding="utf-8"))
    checked = run(project, SMSDOCS, "check")
    assert checked.returncode == 2
    assert checked.stdout.splitlines()[0] == (
        f"mkdocs.yml:1:11: error[file-unreadable]: '../docs' leads to {tmp_path / 'docs'}, "
        "outside the project; a build reads only files inside the project, so keep this "
        "folder in it"
    )
    built = run(project, sys.executable, "-m", "mkdocs", "build")
    assert built.returncode == 1
    assert checked.stdout.splitlines()[0] in built.stderr.splitlines()
    nothing_written(project)


# -- a manual that lost its chapters ----------------------------------------------------------


def renamed_catalogue(project: Path) -> None:
    """docs/catalogue/ renamed, and its nav entry with it, while the plugin still points at
    the old folder."""
    (project / "docs" / "catalogue").rename(project / "docs" / "services")
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("catalogue/index.md", "services/index.md"),
        encoding="utf-8",
    )


def config_line(project: Path, text: str) -> int:
    lines = (project / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line == text)


@pytest.mark.export
def test_a_catalogue_folder_renamed_behind_the_plugins_back_is_refused(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", scope=PROJECTS / "minimal" / "scope")
    renamed_catalogue(project)
    commit_all(project)
    line = (
        f"mkdocs.yml:{config_line(project, '  - smsdocs:')}:5: error[page-missing]: the smsdocs "
        "plugin's catalogue_page (by default 'catalogue/index.md') is not a page in docs/, so "
        "the service pages would have no place in the manual; set catalogue_page to the "
        "catalogue's page in docs/, or create docs/catalogue/index.md"
    )

    checked = run(project, SMSDOCS, "check", "--strict")
    assert checked.returncode == 1
    assert line in checked.stdout.splitlines(), checked.stdout
    built = run(project, sys.executable, "-m", "mkdocs", "build", "--strict")
    assert built.returncode == 1
    assert line in built.stderr.splitlines(), built.stderr
    for command in (["export"], ["audit-pack", "--draft", "HEAD"]):
        refused = run(project, SMSDOCS, *command)
        assert refused.returncode == 1, refused.stderr
        assert one_error(refused).startswith("error: the project has 1 error")
        assert line in refused.stderr.splitlines()
        nothing_written(project)


def test_a_documents_language_that_is_no_language_tag_is_found_where_it_is_written(
    tmp_path: Path,
) -> None:
    project = make_project(tmp_path / "p", scope=PROJECTS / "minimal" / "scope")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        re.sub(
            r"(\n  - smsdocs:\n)(      language: .*\n)?", r"\1      language: English (UK)\n", text
        ),
        encoding="utf-8",
    )
    at = config_line(project, "      language: English (UK)")

    checked = run(project, SMSDOCS, "check")
    assert checked.returncode == 1
    assert checked.stdout.splitlines()[0] == (
        f"mkdocs.yml:{at}:17: error[language-tag]: 'English (UK)' is not a language tag, so "
        "the documents could not say which language their text is in; write a BCP 47 tag: a "
        "language and, optionally, its country ('en', 'en-GB', 'de-CH')"
    )


def test_a_catalogue_page_setting_naming_no_page_is_found_where_it_is_written(
    tmp_path: Path,
) -> None:
    project = make_project(tmp_path / "p", scope=PROJECTS / "minimal" / "scope")
    renamed_catalogue(project)
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "  - smsdocs:\n",
            "  - smsdocs:\n      catalogue_page: servcies/index.md\n"
            "      pages: {unit: teams.md}\n",
        ),
        encoding="utf-8",
    )
    at = config_line(project, "      catalogue_page: servcies/index.md")

    checked = run(project, SMSDOCS, "check")
    assert checked.returncode == 1
    assert checked.stdout.splitlines()[:2] == [
        f"mkdocs.yml:{at}:23: error[page-missing]: the smsdocs plugin's catalogue_page "
        "'servcies/index.md' is not a page in docs/, so the service pages would have no "
        "place in the manual; set catalogue_page to the catalogue's page in docs/, or create "
        "docs/servcies/index.md",
        f"mkdocs.yml:{at + 1}:21: error[page-missing]: the smsdocs plugin's pages: unit: "
        "'teams.md' is not a page in docs/, so links to each unit would lead nowhere; name a "
        "page in docs/, or remove the entry",
    ]

    config.write_text(
        config.read_text(encoding="utf-8")
        .replace("servcies/index.md", "services/index.md")
        .replace("      pages: {unit: teams.md}\n", ""),
        encoding="utf-8",
    )
    assert "page-missing" not in run(project, SMSDOCS, "check").stdout


@pytest.mark.export
def test_an_export_that_would_hold_less_than_the_site_is_refused(tmp_path: Path) -> None:
    # The check cannot see what exclude_docs leaves out of the site's files: the export
    # compares what it captured with the site's navigation.
    project = make_project(tmp_path / "p", scope=PROJECTS / "minimal" / "scope")
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8") + "exclude_docs: |\n  catalogue/index.md\n",
        encoding="utf-8",
    )
    commit_all(project)
    refused = run(project, SMSDOCS, "export")
    assert refused.returncode == 1, refused.stdout + refused.stderr
    assert one_error(refused) == (
        "error: 1 page of the site's navigation would not be in the documents "
        "(catalogue/index.md); run 'mkdocs build' to see why"
    )
    nothing_written(project)


# -- the files a build reads are judged before pandoc and Typst see them ---------------------


def image_bytes(kind: str = "PNG") -> bytes:
    """A small whole image of the format ``kind`` (Pillow's name for it)."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, kind)
    return buffer.getvalue()


LFS = (
    b"version https://git-lfs.github.com/spec/v1\n"
    b"oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n"
)
LINKING_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
    'width="120" height="60">\n'
    '  <image xlink:href="{href}" width="40" height="40"/>\n'
    '  <text x="50" y="30">Linked-31</text>\n'
    "</svg>\n"
)


@pytest.mark.export
def test_damaged_images_logos_and_templates_are_found_by_the_check_and_never_exported(
    tmp_path: Path,
) -> None:
    project = make_project(tmp_path / "p", scope=PROJECTS / "minimal" / "scope")
    docs = project / "docs"
    (docs / "office.png").write_bytes(LFS)
    (docs / "cut.png").write_bytes(image_bytes()[:40])
    (docs / "photo.png").write_bytes(image_bytes("JPEG"))
    (docs / "cut.jpg").write_bytes(image_bytes("JPEG")[:-20])
    (docs / "broken.svg").write_text("<svg>\n  <g>\n</svg>\n")
    (docs / "pic.png").write_bytes(image_bytes())
    (docs / "linked.svg").write_text(
        LINKING_SVG.format(href="pic.png").replace(
            "</svg>",
            '  <image href="gone.png"/>\n  <image href="cut.png"/>\n'
            f'  <image href="{tmp_path}/elsewhere.png"/>\n'
            '  <image href="https://example.com/x.png"/>\n</svg>',
        )
    )
    export = project / "overrides" / "export"
    (export / "logo.png").write_bytes(LFS)
    (export / "reference.docx").write_bytes((export / "reference.docx").read_bytes()[:3000])
    add_to_index(project, "![Linked](linked.svg)")
    commit_all(project)
    again = "save or export it again from the program that made it"
    lfs = (
        "is a Git LFS pointer, not the file itself; fetch it with 'git lfs pull' (Git LFS must "
        "be installed where the manual is built)"
    )
    fix = "put the image beside the SVG and link it by its name"
    expected = [
        f"docs/broken.svg:3:3: error[image-invalid]: is not a well-formed SVG (mismatched tag); "
        f"{again}",
        "docs/cut.jpg: error[image-invalid]: is cut short: the JPEG image has no end; " + again,
        "docs/cut.png: error[image-invalid]: is cut short: the PNG image ends before its last "
        f"part; {again}",
        f"docs/linked.svg:4:3: error[image-invalid]: links the image 'gone.png', which is not "
        f"there; {fix}, or remove the link",
        "docs/linked.svg:5:3: error[image-invalid]: links the image 'cut.png', which is cut "
        f"short: the PNG image ends before its last part; {again}",
        f"docs/linked.svg:6:3: error[image-invalid]: links the image '{tmp_path}/elsewhere.png', "
        f"which is outside the project; {fix}",
        "docs/linked.svg:7:3: error[image-invalid]: links the image 'https://example.com/x.png' "
        f"by an address, which the exports cannot embed and an intranet may not reach; {fix}",
        f"docs/office.png: error[image-invalid]: {lfs}",
        "docs/photo.png: error[image-invalid]: is a JPEG image, not a PNG image as its name "
        "says; rename it to end in .jpg",
        f"overrides/export/logo.png: error[image-invalid]: {lfs}",
        "overrides/export/reference.docx: error[template-invalid]: is not a Word document (not a "
        "whole zip file); save it again from Word as a .docx, or delete it to use the template "
        "smsdocs ships",
    ]

    checked = run(project, SMSDOCS, "check")
    assert checked.returncode == 1, checked.stderr
    assert [line for line in checked.stdout.splitlines() if "-invalid]" in line] == expected
    for fmt in ("docx", "pdf"):
        refused = run(project, SMSDOCS, "export", "--format", fmt)
        assert refused.returncode == 1
        assert one_error(refused) == (
            f"error: the project has {len(expected)} errors; run 'smsdocs check' for details"
        )
        assert [line for line in refused.stderr.splitlines() if "-invalid]" in line] == expected
        if fmt == "docx":
            assert "PDF" not in refused.stderr
        nothing_written(project)


@pytest.mark.export
def test_an_svg_that_links_an_image_beside_it_is_exported_with_the_image_in_it(
    tmp_path: Path,
) -> None:
    import zipfile

    import pymupdf

    project = make_project(tmp_path / "p", scope=PROJECTS / "minimal" / "scope")
    (project / "docs" / "drawings").mkdir()
    (project / "docs" / "drawings" / "pic.png").write_bytes(image_bytes())
    (project / "docs" / "drawings" / "linked.svg").write_text(LINKING_SVG.format(href="pic.png"))
    add_to_index(project, "![Our office, drawn](drawings/linked.svg)")
    # The logo too, on the PDF's cover.
    (project / "overrides" / "export" / "mark.png").write_bytes(image_bytes())
    (project / "overrides" / "export" / "logo.svg").write_text(LINKING_SVG.format(href="mark.png"))
    commit_all(project)

    exported = run(project, SMSDOCS, "export")
    assert exported.returncode == 0, exported.stderr
    (pdf,) = (project / "dist").glob("*.pdf")
    with pymupdf.open(pdf) as document:
        assert "Linked-31" in document[0].get_text()
        assert document[0].get_images(), "the logo's image is not on the cover"
        page = next(p for p in document if "Linked-31" in p.get_text() and p.number > 0)
        assert page.get_images(), "the linked image is not in the PDF"
    (docx,) = (project / "dist").glob("*.docx")
    with zipfile.ZipFile(docx) as archive:
        pictures = [n for n in archive.namelist() if n.startswith("word/media/")]
    assert pictures  # the SVG, drawn with its image, as a picture
    # The site keeps the SVG as it is, with the image beside it.
    site = tmp_path / "site"
    built = run(project, sys.executable, "-m", "mkdocs", "build", "-d", str(site))
    assert built.returncode == 0, built.stderr
    assert 'xlink:href="pic.png"' in (site / "drawings" / "linked.svg").read_text()
    assert (site / "drawings" / "pic.png").read_bytes() == image_bytes()
