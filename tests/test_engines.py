"""The site engines: MkDocs, and ProperDocs where it is installed in its place, each run as a
user runs it; and the exports, which take the pages from the engine's own build."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from helpers.export import docx_text, export
from helpers.projects import REPO, make_project, release_all
from helpers.runs import SMSDOCS

PROPERDOCS_BIN = REPO / ".venv-properdocs" / "bin"
"""The environment ``make test-engines`` makes: smsdocs with ProperDocs, mkdocs uninstalled."""
needs_properdocs = pytest.mark.skipif(
    not (PROPERDOCS_BIN / "properdocs").is_file() and not os.environ.get("SMSDOCS_TEST_ENGINES"),
    reason="no .venv-properdocs: `make test-engines` makes it (ProperDocs installed, mkdocs "
    "uninstalled) and runs these tests with it",
)
ENGINES = {
    "mkdocs": [sys.executable, "-m", "mkdocs"],
    "properdocs": [str(PROPERDOCS_BIN / "properdocs")],
}
each_engine = pytest.mark.parametrize(
    "engine", ["mkdocs", pytest.param("properdocs", marks=needs_properdocs)]
)
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def run(project: Path, *command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=project, env=ENV, capture_output=True, text=True, check=False, timeout=600
    )


@pytest.mark.slow
@each_engine
def test_a_relative_config_file_publishes_no_export_template(engine: str, tmp_path: Path) -> None:
    """``build -f mkdocs.yml``, the form ProperDocs suggests, published the PDF's and the
    DOCX's templates (overrides/export/) on the intranet."""
    project = make_project(tmp_path / "project")
    release_all(project)
    built = run(project, *ENGINES[engine], "build", "--strict", "-f", "mkdocs.yml")
    assert built.returncode == 0, built.stderr
    site = project / "site"
    templates = {p.name for p in (project / "overrides" / "export").iterdir()}
    assert {"reference.docx", "smsdocs.typ"} <= templates
    published = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    assert [p for p in published if Path(p).name in templates] == []
    assert "index.html" in published


HOOK = """
from pathlib import Path

SEEN = Path({log!r})
pages = []


def _saw(event):
    with SEEN.open("a", encoding="utf-8") as log:
        log.write(event + "\\n")


def on_pre_build(config):
    _saw("pre_build")


def on_files(files, config):
    _saw("files")


def on_nav(nav, config, files):
    _saw("nav")


def on_pre_page(page, config, files):
    _saw("pre_page")
    pages.append(page.file.src_uri)


def on_page_markdown(markdown, page, config, files):
    _saw("page_markdown")
    if page.file.src_uri == "index.md":
        return markdown + f"\\n\\nThe project's hook read {{len(pages)}} pages before this one.\\n"
    return markdown


def on_page_content(html, page, config, files):
    _saw("page_content")


def on_env(env, config, files):
    _saw("env")


def on_post_build(config):
    _saw("post_build")
"""


@pytest.mark.export
def test_the_exports_run_every_plugins_events(tmp_path: Path) -> None:
    """The exports take the pages from the engine's own build: another plugin (here a hook of
    the project's) sees every event of a site build, and what it adds to a page is in the
    DOCX, as on the site."""
    project = make_project(tmp_path / "project")
    seen = tmp_path / "events.txt"
    (project / "hooks.py").write_text(HOOK.format(log=str(seen)), encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\nhooks:\n  - hooks.py\n")
    release_all(project)

    built = run(project, *ENGINES["mkdocs"], "build", "--strict")
    assert built.returncode == 0, built.stderr
    in_site = seen.read_text(encoding="utf-8").split()
    assert "The project's hook read 1 pages before this one." in (
        project / "site" / "index.html"
    ).read_text(encoding="utf-8")
    seen.unlink()

    code, output = export(project, "--format", "docx")
    assert code == 0, output
    in_export = seen.read_text(encoding="utf-8").split()
    assert sorted(set(in_export)) == sorted(set(in_site))
    assert in_export.count("pre_page") == in_site.count("pre_page") > 20
    (docx,) = (project / "dist").glob("*.docx")
    assert "The project's hook read 1 pages before this one." in docx_text(docx)


def test_the_declared_typst_is_one_the_export_runs_on() -> None:
    """pyproject allowed typst 0.14, whose compile() has no ``timestamp``: the export, which
    passes it so a PDF's bytes depend on the commit alone, failed there with "unexpected
    keyword argument 'timestamp'"."""
    import inspect
    import tomllib

    import typst
    from packaging.requirements import Requirement
    from packaging.version import Version

    exports = REPO / "src" / "smsdocs" / "export"
    assert any('"timestamp"' in p.read_text(encoding="utf-8") for p in exports.rglob("*.py"))
    assert "timestamp" in inspect.signature(typst.compile).parameters
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    (declared,) = [Requirement(d) for d in project["dependencies"] if d.startswith("typst")]
    minimum = [Version(s.version) for s in declared.specifier if s.operator == ">="]
    assert minimum and minimum[0] >= Version("0.15"), f"typst{declared.specifier}"


def material_notice(**env: str) -> str:
    """What Material prints as the ``mkdocs`` command loads its theme, in this environment."""
    shown = subprocess.run(
        [sys.executable, "-c", "import sys; sys.argv[0] = 'mkdocs'; import material.templates"],
        env={k: v for k, v in os.environ.items() if "MKDOCS_2_WARNING" not in k} | env,
        capture_output=True,
        text=True,
        check=True,
    )
    return shown.stderr


def test_the_makefile_says_which_notice_it_hides() -> None:
    """The Makefile's NO_MKDOCS_2_WARNING once claimed to hide a notice about MkDocs 2: it is
    Material's own end-of-life notice, and the Makefile says so."""
    assert "Material for MkDocs reaches end of life on May 5, 2027." in material_notice()
    assert material_notice(NO_MKDOCS_2_WARNING="1") == ""
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    above, found, _ = makefile.partition("export NO_MKDOCS_2_WARNING := 1\n")
    assert found
    comment = " ".join(line.lstrip("# ") for line in above.splitlines() if line.startswith("#"))
    said = comment[comment.rindex("Material for MkDocs prints") :]
    assert "end of life on 2027-05-05" in said
    assert "MkDocs 2" not in said


# -- the example on each engine -------------------------------------------------------------------


@dataclass(frozen=True)
class Built:
    project: Path
    mkdocs: Path
    properdocs: Path
    outputs: dict[str, str]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The released example, its site built and its PDF and DOCX exported with each engine:
    MkDocs from this environment, ProperDocs from .venv-properdocs (which has no mkdocs)."""
    project = make_project(tmp_path_factory.mktemp("engines") / "example")
    release_all(project)
    outputs = {}
    for engine, smsdocs in (("mkdocs", SMSDOCS), ("properdocs", str(PROPERDOCS_BIN / "smsdocs"))):
        site = run(project, *ENGINES[engine], "build", "--strict", "-d", f"site-{engine}")
        assert site.returncode == 0, site.stderr
        exported = run(project, smsdocs, "export", "-o", f"dist-{engine}")
        assert exported.returncode == 0, exported.stderr
        outputs[engine] = site.stderr + exported.stdout + exported.stderr
    return Built(project, project / "site-mkdocs", project / "site-properdocs", outputs)


GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def files(site: Path) -> dict[str, bytes]:
    """Every file of a built site by its path, the generator tag (which names the engine and
    its version) left out of the pages."""
    return {
        p.relative_to(site).as_posix(): GENERATOR.sub(b"", p.read_bytes())
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


@pytest.mark.slow
@needs_properdocs
def test_properdocs_runs_where_mkdocs_is_not_installed() -> None:
    python = str(PROPERDOCS_BIN / "python")
    probe = "import importlib.util as u; print(u.find_spec('mkdocs') is None)"
    found = subprocess.run([python, "-c", probe], capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "True"
    imported = subprocess.run(
        [python, "-c", "import smsdocs.site as s; print(s.engine.NAME, s.engine.VERSION)"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert imported.stdout.split() == ["properdocs", "1.6.7"]


@pytest.mark.slow
@needs_properdocs
def test_both_engines_build_the_same_site_page_by_page(built: Built) -> None:
    """Every file of the two sites is the same, byte for byte, once each page's generator tag
    (``mkdocs-1.6.1, mkdocs-material-…`` or ``mkdocs-ProperDocs 1.6.7, …``) is left out."""
    by_mkdocs, by_properdocs = files(built.mkdocs), files(built.properdocs)
    assert sorted(by_properdocs) == sorted(by_mkdocs)
    assert sum(1 for name in by_mkdocs if name.endswith(".html")) > 20
    assert [name for name in by_mkdocs if by_mkdocs[name] != by_properdocs[name]] == []
    tag = GENERATOR.search((built.properdocs / "index.html").read_bytes())
    assert tag is not None and b"ProperDocs 1.6.7" in tag.group()


@pytest.mark.slow
@needs_properdocs
def test_both_engines_export_the_same_pdf_and_docx(built: Built) -> None:
    mine = {p.name: p.read_bytes() for p in (built.project / "dist-mkdocs").iterdir()}
    theirs = {p.name: p.read_bytes() for p in (built.project / "dist-properdocs").iterdir()}
    assert sorted(mine) == sorted(theirs)
    assert {Path(name).suffix for name in mine} >= {".pdf", ".docx"}
    assert [name for name in mine if mine[name] != theirs[name]] == []


@pytest.mark.slow
@needs_properdocs
def test_properdocs_packs_the_example_for_an_auditor(built: Built, tmp_path: Path) -> None:
    smsdocs = str(PROPERDOCS_BIN / "smsdocs")
    for args in ((), ("--draft", "HEAD")):
        packed = run(built.project, smsdocs, "audit-pack", *args, "-o", str(tmp_path))
        assert packed.returncode == 0, packed.stderr
    zips = sorted(tmp_path.glob("*.zip"))
    assert [p.name.endswith("-DRAFT.zip") for p in zips] in ([False, True], [True, False])
    for pack in zips:
        verified = run(built.project, smsdocs, "verify-pack", str(pack))
        assert verified.returncode == 0, verified.stdout + verified.stderr


# -- Zensical ---------------------------------------------------------------------------------------

NO_PLUGINS = (
    "error: smsdocs: this build runs no MkDocs plugin (a direct 'zensical build' does not), so "
    "the manual's generated pages and scope data are missing; build it with 'mkdocs build' or "
    "'properdocs build' (see \"Site engines\" in smsdocs's README)"
)

AS_ZENSICAL = """
import sys

sys.path.insert(0, {project!r})


class MacroEnv:
    # What Zensical's macros extension hands define_env (zensical 0.0.73,
    # zensical/extensions/macros.py): its configuration is a dict, with no plugins to run.
    def __init__(self):
        self.conf = {{"site_name": "SMS Manual", "plugins": ["search", "smsdocs", "macros"]}}
        self.config = {{}}
        self.page = None
        self.variables = {{}}

    def macro(self, function, name=None):
        return function


import macros

macros.define_env(MacroEnv())
print("the macros were registered with no plugin behind them")
"""


def test_macros_loaded_without_the_plugin_say_so_in_one_line(tmp_path: Path) -> None:
    """Zensical reads mkdocs.yml and loads the project's macros module itself, but runs no
    MkDocs plugin: the pages' macros then failed with a Jinja traceback ('_Lazy object' has no
    attribute 'short_name'). define_env now ends the build with one line naming the fix."""
    project = make_project(tmp_path / "project")
    stopped = subprocess.run(
        [sys.executable, "-c", AS_ZENSICAL.format(project=str(project))],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (stopped.returncode, stopped.stdout, stopped.stderr) == (1, "", NO_PLUGINS + "\n")


ZENSICAL = os.environ.get("ZENSICAL", str(REPO / ".venv-zensical" / "bin" / "zensical"))


@pytest.mark.slow
@pytest.mark.skipif(
    not Path(ZENSICAL).is_file(),
    reason="no Zensical beside smsdocs (ZENSICAL=path, or .venv-zensical): zensical 0.1 needs "
    "zensical-ui, which this registry lacks; zensical==0.0.73 installs",
)
def test_a_direct_zensical_build_stops_with_one_line(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    built = run(project, ZENSICAL, "build")
    assert built.returncode == 1
    assert built.stderr.strip().splitlines()[-1] == NO_PLUGINS
    assert "Traceback" not in built.stdout + built.stderr


@pytest.mark.slow
@needs_properdocs
def test_a_failing_page_is_one_error_line_naming_the_engine(tmp_path: Path) -> None:
    """mkdocs-macros ends the process when a page's template fails; under ProperDocs too the
    export says so in one line, and names the command that shows more."""
    project = make_project(tmp_path / "project")
    home = project / "docs" / "index.md"
    home.write_text(home.read_text(encoding="utf-8") + "\n{{ no_such_macro() }}\n")
    release_all(project)
    line = len(home.read_text(encoding="utf-8").splitlines())
    exported = run(project, str(PROPERDOCS_BIN / "smsdocs"), "export", "--format", "docx")
    assert exported.returncode == 1
    assert exported.stderr.strip().splitlines() == [
        f"error: docs/index.md:{line}: its macros failed ('no_such_macro' is undefined); "
        "run 'properdocs build' to see more"
    ]
