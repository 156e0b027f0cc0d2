"""Golden Markdown: every chapter fragment, service page and chart, for the minimal project and
the example, compared with the files under tests/golden/.

A change to what the manual says shows here as a diff to review. When it is intended, rewrite
the files with ``pytest tests/test_golden.py --update-golden`` and commit them with the change.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from helpers.hostile import render_everything
from helpers.projects import PROJECTS, REPO, TODAY
from smsdocs.validate import check

GOLDEN = Path(__file__).parent / "golden"
PROJECTS_RENDERED = {"minimal": PROJECTS / "minimal", "example": REPO}


def rendered(root: Path) -> dict[str, str]:
    """Each renderer's output by file name ('service_page--hosting.md', 'heatmap_svg.svg')."""
    checked = check(root, today=TODAY)
    assert checked.scope is not None, [str(f) for f in checked.findings]
    out: dict[str, str] = {}
    for name, shown in render_everything(checked.scope).items():
        suffix = ".svg" if shown.startswith("<svg") else ".md"
        out[name.replace(":", "--") + suffix] = shown
    return out


@pytest.mark.parametrize("project", sorted(PROJECTS_RENDERED))
def test_renderers_match_the_golden_files(project: str, request: pytest.FixtureRequest) -> None:
    folder = GOLDEN / project
    now = rendered(PROJECTS_RENDERED[project])
    if request.config.getoption("--update-golden"):
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.iterdir():
            if stale.name not in now:
                stale.unlink()
        for name, text in now.items():
            (folder / name).write_text(text, encoding="utf-8")
        return
    kept = (
        {p.name: p.read_text(encoding="utf-8") for p in folder.iterdir()} if folder.is_dir() else {}
    )
    assert sorted(now) == sorted(kept), "renderers added or removed; run with --update-golden"
    changed = [
        "".join(
            difflib.unified_diff(
                kept[name].splitlines(keepends=True),
                now[name].splitlines(keepends=True),
                f"golden/{project}/{name}",
                "now",
                n=1,
            )
        )
        for name in sorted(now)
        if now[name] != kept[name]
    ]
    assert not changed, "\n".join(changed)[:6000]
