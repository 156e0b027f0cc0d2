"""Shared fixtures: real projects copied into tmp_path and checked with the real code."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import settings

from smsdocs.model import Scope
from smsdocs.validate import Checked, check

REPO = Path(__file__).resolve().parent.parent
PROJECTS = Path(__file__).resolve().parent / "projects"
if TYPE_CHECKING:
    from playwright.sync_api import Browser

# Hypothesis: a short run in `make test`, a long one in `make fuzz`.
settings.register_profile("default", max_examples=300)
settings.register_profile("fuzz", max_examples=5000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

TODAY = dt.date(2026, 6, 1)
"""A fixed 'today' so review-date rules give the same findings on any day."""


class Project:
    """A copy of a fixture project that a test may edit and check."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, name: str) -> Path:
        return self.root / "scope" / name

    def read(self, name: str) -> str:
        return self.path(name).read_text(encoding="utf-8")

    def write(self, name: str, text: str | bytes) -> None:
        path = self.path(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")

    def edit(self, name: str, old: str, new: str) -> None:
        text = self.read(name)
        assert old in text, f"fixture text not found in {name}: {old!r}"
        self.write(name, text.replace(old, new, 1))

    def check(self, today: dt.date = TODAY) -> Checked:
        return check(self.root, today=today)

    def findings(self, today: dt.date = TODAY) -> list[str]:
        """Each finding as the CLI prints it, notes indented below."""
        lines: list[str] = []
        for f in self.check(today).findings:
            lines.append(str(f))
            lines.extend(f"  {n.mark}: note: {n.message}" for n in f.notes)
        return lines


def copy_project(name: str, dest: Path) -> Project:
    target = dest / name
    shutil.copytree(PROJECTS / name, target)
    return Project(target)


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


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
"""Debian's Chromium, which the browser tests drive (never a downloaded browser)."""
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Chromium is not installed (apt-get install chromium); .ci/run installs it",
)
AXE = Path(
    os.environ.get("SMSDOCS_AXE")
    or REPO / ".cache" / "node" / "node_modules" / "axe-core" / "axe.min.js"
)
"""axe-core, the accessibility engine, from its npm package (installed before the tests by
.ci/run; never fetched while they run)."""
VNU = Path(
    os.environ.get("SMSDOCS_VNU")
    or REPO / ".cache" / "node" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
)
"""The Nu Html Checker (the W3C's), from its npm package, run with the system's Java."""
JAVA = shutil.which("java")
needs_vnu = pytest.mark.skipif(
    not VNU.is_file() or JAVA is None,
    reason="the Nu Html Checker needs npm's vnu-jar (npm install --prefix .cache/node "
    "vnu-jar) and Java (apt-get install default-jre-headless); .ci/run installs both",
)
needs_axe = pytest.mark.skipif(
    not AXE.is_file(),
    reason="axe-core is not installed (npm install --prefix .cache/node axe-core); "
    ".ci/run installs it",
)


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
