"""The closing lines of a run that skipped tests for tools the machine lacks: which tools, and
the commands that install them (a pytest plugin, loaded by conftest.py)."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterable, Iterator
from typing import Final

import pytest

TOOLS: Final = (
    ("chromium", "Chromium", "chromium", "apt-get install chromium"),
    ("java", "Java", "java", "apt-get install default-jre-headless"),
    ("vnu", "the Nu Html Checker", None, "npm install --prefix .cache/node vnu-jar"),
    ("axe-core", "axe-core", None, "npm install --prefix .cache/node axe-core"),
    (
        "libreoffice",
        "LibreOffice",
        "soffice",
        "apt-get install libreoffice-writer-nogui libreoffice-calc-nogui",
    ),
    ("qpdf", "qpdf", "qpdf", "apt-get install qpdf"),
    ("faketime", "faketime", "faketime", "apt-get install faketime"),
)
"""A word of a skip's reason, the tool it names, the program that shows the tool is installed
(None: a reason naming it is reason enough), and the command that installs the tool."""


def missing(
    reasons: Iterable[str], which: Callable[[str], str | None] = shutil.which
) -> list[tuple[str, str]]:
    """The tools the skip ``reasons`` name and ``which`` does not find, in the order of TOOLS,
    with their commands (a reason may name two tools of which one is installed)."""
    said = " ".join(reasons).lower()
    return [
        (tool, command)
        for word, tool, program, command in TOOLS
        if word in said and (program is None or which(program) is None)
    ]


def closing_lines(
    reasons: list[str], which: Callable[[str], str | None] = shutil.which
) -> list[str]:
    """What the run says last about its skips: nothing when there were none."""
    if not reasons:
        return []
    tools = missing(reasons, which)
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
