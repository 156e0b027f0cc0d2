"""A project's own macros: the example ``smsdocs init`` copies into every new project works
once uncommented, through the public ``page_context(env)``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers.export import docx_text
from helpers.projects import TODAY
from helpers.runs import run_export
from helpers.site import mkdocs_build, read_page
from smsdocs.cli import cli
from smsdocs.validate import check

MARKER = "# Add the organisation's own macros here"


def uncommented(source: str) -> str:
    """The macros module with the example below its marker line made code."""
    head, marker, tail = source.partition(MARKER)
    assert marker, "the macros module has lost its example"
    first, _, rest = tail.partition("\n")
    return head + marker + first + "\n" + re.sub(r"(?m)^    # ?", "    ", rest)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A new project with the example's macros uncommented and called on the home page."""
    target = tmp_path / "manual"
    made = CliRunner().invoke(cli, ["init", "--example", str(target)], catch_exceptions=False)
    assert made.exit_code == 0, made.output
    module = target / "macros" / "__init__.py"
    module.write_text(uncommented(module.read_text(encoding="utf-8")), encoding="utf-8")
    home = target / "docs" / "index.md"
    home.write_text(
        home.read_text(encoding="utf-8")
        + "\n## Service owners\n\n{{ service_owners() }}\n\n"
        + "Ask {{ intranet_link('the service desk', 'https://desk.example/') }}.\n",
        encoding="utf-8",
    )
    return target


def owners(project: Path) -> list[tuple[str, str]]:
    scope = check(project, today=TODAY).scope
    assert scope is not None
    names = {s.id: s.name for s in scope.stakeholders}
    return [(s.name, names[s.owner]) for s in scope.services if s.owner]


@pytest.mark.slow
def test_the_example_macros_work_uncommented_on_the_site(project: Path) -> None:
    built = mkdocs_build(project)
    assert built.returncode == 0, built.output
    page = read_page(built.site, "")
    expected = owners(project)
    assert len(expected) > 5
    for service, owner in expected:
        assert f"{service} {owner}" in page.text
    assert "Ask the service desk." in page.text
    assert "https://desk.example/" in page.links


@pytest.mark.export
def test_the_example_macros_work_uncommented_in_the_docx(project: Path) -> None:
    # A process of its own, as a user runs it: mkdocs-macros imports the project's module by
    # its name, 'macros', which another project's export in this process would have cached.
    exported = run_export(project, "--format", "docx")
    assert exported.returncode == 0, exported.stderr
    (docx,) = (project / "dist").glob("*.docx")
    text = docx_text(docx)
    for service, owner in owners(project):
        assert f"{service} {owner}" in text


def test_page_context_outside_a_macro_says_where_to_call_it() -> None:
    from smsdocs.site import page_context
    from smsdocs.site.engine import PluginError

    class Env:
        page = None

    with pytest.raises(
        PluginError, match=r"call it inside a macro \(a function under @env\.macro\)"
    ):
        page_context(Env())
