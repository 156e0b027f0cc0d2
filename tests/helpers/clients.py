"""The real clients the tests drive (Chromium, axe-core, the Nu Html Checker, Java) and why a test skips without one."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from helpers.projects import REPO

if TYPE_CHECKING:
    from playwright.sync_api import Page

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


SCREENSHOTS = REPO / "build" / "screenshots"


def heading(page: Page) -> str:
    """The page's h1 as a reader reads it, without the permalink sign."""
    text: str = page.locator("article h1").first.inner_text()
    return text.removesuffix("¶").strip()
