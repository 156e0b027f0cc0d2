"""The closing lines of a run that skipped tests for tools the machine lacks: which tools, and
the commands that install them (a pytest plugin, loaded by conftest.py)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Final

import pytest

TOOLS: Final = (
    ("chromium", "Chromium", "apt-get install chromium"),
    ("java", "Java", "apt-get install default-jre-headless"),
    ("vnu", "the Nu Html Checker", "npm install --prefix .cache/node vnu-jar"),
    ("axe-core", "axe-core", "npm install --prefix .cache/node axe-core"),
    (
        "libreoffice",
        "LibreOffice",
        "apt-get install libreoffice-writer-nogui libreoffice-calc-nogui",
    ),
    ("qpdf", "qpdf", "apt-get install qpdf"),
    ("faketime", "faketime", "apt-get install faketime"),
)
"""A word of a skip's reason, the tool it names, and the command that installs the tool."""


def missing(reasons: Iterable[str]) -> list[tuple[str, str]]:
    """The tools the skip ``reasons`` name, in the order of TOOLS, with their commands."""
    said = " ".join(reasons).lower()
    return [(tool, command) for word, tool, command in TOOLS if word in said]


def closing_lines(reasons: list[str]) -> list[str]:
    """What the run says last about its skips: nothing when there were none."""
    if not reasons:
        return []
    tools = missing(reasons)
    lines = [
        f"skipped {len(reasons)} test{'s' if len(reasons) != 1 else ''} (each with its reason above)"
    ]
    if tools:
        apt = " ".join(c.removeprefix("apt-get install ") for _, c in tools if "apt-get" in c)
        npm = " ".join(c.rsplit(" ", 1)[1] for _, c in tools if c.startswith("npm "))
        steps = [f"apt-get install {apt}"] if apt else []
        steps += [f"npm install --prefix .cache/node {npm}"] if npm else []
        lines.append(
            f"for want of {', '.join(t for t, _ in tools)}: install with "
            f"{' && '.join(steps)} (or run 'bash .ci/run' as root, which installs them and "
            "runs make test); the suite passes without them"
        )
    return lines


def _reason(report: pytest.TestReport) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple):
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> Iterator[None]:
    # Outermost, so these lines follow the short summary (-ra) that lists each skip's reason.
    try:
        return (yield)
    finally:
        reasons = [_reason(r) for r in terminalreporter.stats.get("skipped", [])]
        for line in closing_lines(reasons):
            terminalreporter.write_line(line, yellow=True)
