"""A macro called wrongly: one error naming the macro, the page and its line as written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from helpers.projects import PROJECTS, make_project, release_all
from helpers.runs import ENV, SMSDOCS
from helpers.site import CHAPTER


@pytest.mark.parametrize(
    ("call", "shown"),
    [
        ("service_catalogue(1, 2)", "service_catalogue(1, 2)"),
        ("parties(page='x')", "parties(page='x')"),
    ],
)
@pytest.mark.slow
def test_a_macro_called_with_arguments(tmp_path: Path, call: str, shown: str) -> None:
    project = make_project(tmp_path / "p", scope=PROJECTS / "minimal" / "scope")
    (project / "docs" / "context.md").write_text(CHAPTER.replace("CALL", call), encoding="utf-8")
    release_all(project)
    name = call.partition("(")[0]
    expected = (
        f"docs/context.md:10: macro '{name}' takes no arguments, but was called as {shown}; "
        f"write {{{{ {name}() }}}}"
    )

    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q"],
        cwd=project,
        capture_output=True,
        text=True,
        env=ENV,
        check=False,
    )
    assert build.returncode != 0
    assert expected in build.stderr  # even with -q
    assert "<lambda>" not in build.stdout + build.stderr
    assert not (project / "site").exists()

    export = subprocess.run(
        [SMSDOCS, "export"], cwd=project, capture_output=True, text=True, env=ENV, check=False
    )
    assert export.returncode == 1
    assert export.stdout == ""
    assert export.stderr.strip().splitlines() == [f"error: {expected}"]
    assert not (project / "dist").exists()


def test_every_macro_is_named_and_documented() -> None:
    """mkdocs-macros lists each macro with its docstring (macros_info); none is '<lambda>'."""
    from smsdocs.site import define_env

    class Env:
        def __init__(self) -> None:
            self.macros: dict[str, object] = {}
            self.variables: dict[str, object] = {}

        def macro(self, fn: object, name: str) -> None:
            self.macros[name] = fn

    env = Env()
    define_env(env)
    assert len(env.macros) > 30
    undocumented = [n for n, fn in env.macros.items() if not (getattr(fn, "__doc__", "") or "")]
    assert undocumented == []
    assert {n: getattr(fn, "__name__", "") for n, fn in env.macros.items()} == {
        n: n for n in env.macros
    }


def test_the_registry_refuses_a_fragment_it_could_not_document_or_call() -> None:
    """A fragment without a docstring, with another signature or a taken name fails at import."""
    from smsdocs import render
    from smsdocs.render.context import macro

    def undocumented(ctx: render.Context) -> str:
        return ""

    def two(ctx: render.Context, extra: int) -> str:
        """Two parameters."""
        return ""

    def approvals(ctx: render.Context) -> str:
        """A second fragment named like the first."""
        return ""

    for fragment, message in (
        (undocumented, "macro 'undocumented' has no docstring"),
        (two, "macro 'two' must take one parameter, ctx"),
        (approvals, "macro 'approvals' is registered twice"),
    ):
        with pytest.raises(TypeError, match=message):
            macro(fragment)
    assert "undocumented" not in render.macros()
    assert render.macros()["approvals"] is not approvals
