"""The README followed from a fresh clone, its commands copied from it literally: the two set-up
commands, the activate step, and the first steps of "Adopting smsdocs" with the output the
README shows for them.

The clone is of the repository's last commit (in CI, of the commit under test). `make test`,
the README's second command, is the suite this test is part of: it is checked to be the
README's command and a target of the Makefile, not run again from inside itself.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from helpers.projects import GIT_ENV, REPO

pytestmark = pytest.mark.slow

README = REPO / "README.md"
OWN_BIN = str(Path(sys.executable).parent)


def _blocks(text: str) -> list[tuple[str, list[str]]]:
    """The README's fenced code blocks: each one's language and lines, in order."""
    return [
        (language, body.splitlines())
        for language, body in re.findall(r"^```(\w*)\n(.*?)^```$", text, re.M | re.S)
    ]


def _shell() -> dict[str, str]:
    """A shell as a new user's: no environment active, this suite's scripts not on PATH."""
    # Nor is it inside a make (as this suite is under `make test`), which would make the
    # README's make print what a user's does not.
    left_out = ("VIRTUAL_ENV", "PYTHONPATH", "MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES")
    env = {k: v for k, v in os.environ.items() if k not in left_out}
    env["PATH"] = os.pathsep.join(p for p in env["PATH"].split(os.pathsep) if p != OWN_BIN)
    return {**env, **GIT_ENV}


def _sh(script: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["/bin/sh", "-c", script],
        cwd=cwd,
        env=_shell(),
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )


def _console(lines: list[str]) -> tuple[str, list[str]]:
    """A console block's one command and the output shown for it."""
    assert lines[0].startswith("$ "), lines[0]
    assert not any(line.startswith("$ ") for line in lines[1:])
    return lines[0][2:], lines[1:]


def test_the_readme_from_a_fresh_clone(tmp_path: Path) -> None:
    blocks = _blocks(README.read_text(encoding="utf-8"))
    setup, activate, init, check = blocks[0][1], blocks[1][1], blocks[2][1], blocks[3][1]
    commands = [line.split("#", 1)[0].strip() for line in setup]
    assert commands == ["make manual", "make test"]
    assert activate == [". .venv/bin/activate"]

    clone = tmp_path / "smsdocs"
    subprocess.run(["git", "clone", "-q", str(REPO), str(clone)], check=True, env=_shell())

    # make manual: installs, checks, builds; its last lines say where everything is.
    made = _sh(commands[0], clone)
    if made.returncode and re.search(r"(?i)no matching distribution|connection", made.stderr):
        pytest.skip(f"pip cannot reach a package index from here: {made.stderr[-300:]}")
    assert made.returncode == 0, made.stdout[-2000:] + made.stderr[-2000:]
    said = dict(re.findall(r"^the (site|PDF|DOCX): (\S+)", made.stdout, re.M))
    assert sorted(said) == ["DOCX", "PDF", "site"]
    assert all(Path(path).is_file() and Path(path).is_relative_to(clone) for path in said.values())
    assert made.stdout.rstrip().endswith(f"after '{activate[0]}'")
    # make test is this suite: the README's command is a target of the clone's Makefile.
    assert _sh(f"{commands[1]} -n", clone).returncode == 0

    # Activated as the README says (in the clone, then moving to a folder of one's own,
    # outside any repository), 'smsdocs init' prints exactly what the README shows.
    command, shown = _console(init)
    own = tmp_path / "work"
    own.mkdir()
    started = _sh(f"{activate[0]} && cd {own} && {command}", clone)
    assert started.returncode == 0, started.stderr
    assert started.stdout.splitlines() == shown

    # ... and its next step, 'smsdocs check' in the project, lists what the README's excerpt
    # shows ('...' stands for the lines left out), with the same count at the end.
    command, shown = _console(check)
    project = own / "sms-manual"
    checked = _sh(f". {clone / '.venv/bin/activate'} && {command}", project)
    assert checked.returncode == 1, checked.stderr
    out = checked.stdout.splitlines()
    assert out[-1] == shown[-1]
    kept = [line for line in shown if line != "..."]
    assert [line for line in out if line in kept] == kept

    # "Checking the scope": the example that make manual built, with the edit the README
    # describes under its output, checks exactly as shown.
    (broken,) = [
        _console(lines)
        for language, lines in blocks
        if language == "console" and "error[exclusion-impact]" in "\n".join(lines)
    ]
    assert "one service's `units` changed to\n`[infra-ops, advisory-projects]`" in (
        README.read_text(encoding="utf-8")
    )
    services = clone / "build" / "example" / "scope" / "services" / "infrastructure.yaml"
    text = services.read_text(encoding="utf-8")
    edited = text.replace(
        "units: [infrastructure-operations, service-desk-team]",
        "units: [infra-ops, advisory-projects]",
        1,
    )
    assert edited != text
    services.write_text(edited, encoding="utf-8")
    command, shown = broken
    done = _sh(f". {clone / '.venv/bin/activate'} && {command}", clone / "build" / "example")
    assert done.returncode == 1, done.stderr
    assert done.stdout.splitlines() == shown
