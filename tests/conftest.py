"""Shared fixtures: real projects copied into tmp_path and checked with the real code."""

from __future__ import annotations

import os
import shutil
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import settings

from helpers.clients import CHROMIUM, CHROMIUM_ARGS
from helpers.export import Exported, export_example, exported_files, pdf_text
from helpers.projects import REPO, TODAY, Project, copy_project
from helpers.runs import ACTIVE_PATH
from helpers.site import Build, mkdocs_build
from smsdocs.model import Scope
from smsdocs.validate import check

if TYPE_CHECKING:
    from playwright.sync_api import Browser

# The last lines of a run that skipped tests for want of a tool: which, and how to get it.
pytest_plugins = ["helpers.skips"]

# Hypothesis: a quick look in `make test-fast`, a short run in `make test`, a long one in
# `make fuzz`.
settings.register_profile("fast", max_examples=20)
settings.register_profile("default", max_examples=300)
settings.register_profile("fuzz", max_examples=5000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(autouse=True)
def activated(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test runs in the environment activated, as the README's set-up has it, so the
    commands smsdocs names are the bare ones (tests/test_first_hour.py runs without)."""
    monkeypatch.setenv("PATH", ACTIVE_PATH)


@pytest.fixture
def minimal(tmp_path: Path) -> Project:
    """The smallest project that passes every rule; tests break it one way at a time."""
    return copy_project("minimal", tmp_path)


@pytest.fixture
def example(tmp_path: Path) -> Project:
    """A copy of the worked example (the repository's own scope/)."""
    target = tmp_path / "example"
    shutil.copytree(REPO / "scope", target / "scope")
    return Project(target)


@pytest.fixture(scope="session")
def scope() -> Scope:
    """The example's scope data, validated: it has no findings at all."""
    checked = check(REPO, today=TODAY)
    assert [str(f) for f in checked.findings] == []
    assert checked.scope is not None
    return checked.scope


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/golden/ from what the renderers make now, instead of comparing",
    )


# -- the example, exported and built once per run -----------------------------------------------
# Exporting the example takes seconds and building its site about one: every test that only
# reads the results shares one copy. A test that changes a project takes its own copy.


@pytest.fixture(scope="session")
def example_draft(tmp_path_factory: pytest.TempPathFactory) -> Exported:
    """The example committed to git (no release tag) and exported: a Draft. Read only."""
    return export_example(tmp_path_factory.mktemp("draft"))


@pytest.fixture(scope="session")
def example_draft_text(example_draft: Exported) -> str:
    """The draft PDF's text, extracted once."""
    return pdf_text(example_draft.pdf)


@pytest.fixture
def draft_copy(example_draft: Exported, tmp_path: Path) -> Exported:
    """A copy of the exported draft that a test may change, with its git history."""
    project = tmp_path / "draft"
    shutil.copytree(example_draft.project, project, symlinks=True)
    return Exported(project, *exported_files(project), example_draft.output)


@pytest.fixture(scope="session")
def example_released(tmp_path_factory: pytest.TempPathFactory) -> Exported:
    """The example as ``smsdocs init --example`` leaves it (its approvals tagged, at the newest
    release) and exported: Approved v1.2.0. Read only."""
    return export_example(tmp_path_factory.mktemp("released"), released=True)


@pytest.fixture(scope="session")
def example_site(example_released: Exported) -> Build:
    """The strict site build of the released example, after its export. Read only."""
    build = mkdocs_build(example_released.project)
    assert build.returncode == 0, build.output
    return build


# -- what the fast loop leaves out ---------------------------------------------------------------

SLOW_MARKERS = ("export", "browser", "client", "slow", "fuzz")
FAST_LOOP_LIMIT = 1.0
"""Seconds an unmarked test may take before the fast loop names it as one to mark."""
_LEFT_OUT = pytest.StashKey[list[pytest.Item]]()
_TOOK = pytest.StashKey[dict[str, float]]()


def pytest_deselected(items: list[pytest.Item]) -> None:
    for item in items:
        item.config.stash.setdefault(_LEFT_OUT, []).append(item)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    started = time.perf_counter()
    try:
        return (yield)
    finally:
        if not any(item.get_closest_marker(name) for name in SLOW_MARKERS):
            took = item.config.stash.setdefault(_TOOK, {})
            took[item.nodeid] = time.perf_counter() - started


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, config: pytest.Config
) -> None:
    """Under ``-m`` (``make test-fast``): how many tests were left out and by which marker,
    and any unmarked test slow enough to belong under one."""
    if not config.getoption("markexpr"):
        return
    left_out = config.stash.get(_LEFT_OUT, [])
    if left_out:
        by_marker = Counter(
            name for item in left_out for name in SLOW_MARKERS if item.get_closest_marker(name)
        )
        counts = ", ".join(f"{by_marker[name]} {name}" for name in SLOW_MARKERS if by_marker[name])
        terminalreporter.write_line(
            f"left out {len(left_out)} tests ({counts}; a test may carry two markers): "
            "`make test` runs them"
        )
    for nodeid, took in sorted(config.stash.get(_TOOK, {}).items(), key=lambda kv: -kv[1]):
        if took > FAST_LOOP_LIMIT:
            terminalreporter.write_line(
                f"{nodeid} took {took:.1f} s with no marker: mark it slow, export, browser "
                "or client",
                yellow=True,
            )
