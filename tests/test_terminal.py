"""Terminal and git safety, through the commands a user runs as separate processes.

Text from the scope may hold terminal controls, refs may look like git options, and git may
be missing: each ends in a line that says so, never in a rewritten screen or a traceback.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers.projects import GIT_ENV, PROJECTS, commit_all, make_project
from helpers.runs import SMSDOCS

# A key written with YAML escapes: ESC [2K erases the line, CR returns to its start, and
# U+202E reverses what follows.
HOSTILE_KEY = 'units:\n  - {id: evil, name: Evil, manager: boss, "bad\\e[2K\\rkey\\u202e": 1}\n'
SHOWN = (
    "scope/evil.yaml:2:43: error[key-unknown]: unit 'evil' has unknown field "
    "'bad\\x1b[2K\\rkey\\u202e'; known fields: id, name, manager, description, locations"
)


def run(
    cmd: list[str], cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        cmd,
        cwd=cwd,
        env={**os.environ, **GIT_ENV, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "p", scope=PROJECTS / "minimal" / "scope")


@pytest.mark.slow
def test_terminal_controls_in_a_key_are_shown_escaped(project: Path, tmp_path: Path) -> None:
    (project / "scope" / "evil.yaml").write_text(HOSTILE_KEY, encoding="utf-8")

    check = run([SMSDOCS, "check", "--today", "2026-11-02"], project)
    assert check.returncode == 1
    assert check.stdout.splitlines() == [SHOWN, "1 error, 0 warnings in 8 files"]
    assert not {"\x1b", "\r", "\u202e"} & set(check.stdout + check.stderr)

    github = run([SMSDOCS, "check", "--format", "github"], project)
    assert github.stdout.splitlines()[0] == (
        "::error file=scope/evil.yaml,line=2,col=43,title=key-unknown::unit 'evil' has unknown "
        "field 'bad\\x1b[2K\\rkey\\u202e'; known fields: id, name, manager, description, locations"
    )

    # JSON keeps the real characters, escaped by JSON itself.
    found = json.loads(run([SMSDOCS, "check", "--format", "json"], project).stdout)
    assert "'bad\x1b[2K\rkey\u202e'" in found[0]["message"]

    build = run([sys.executable, "-m", "mkdocs", "build", "-d", str(tmp_path / "site")], project)
    assert build.returncode == 1
    assert SHOWN in build.stdout + build.stderr
    assert "\x1b" not in build.stdout + build.stderr
    assert "Traceback" not in build.stdout + build.stderr


@pytest.mark.parametrize(
    ("args", "ref"),
    [
        (["diff", "--", "--output=OUT"], "--output=OUT"),
        (["diff", "HEAD", "--", "--output=OUT"], "--output=OUT"),
        (["bundle", "--", "-x"], "-x"),
    ],
)
def test_refs_that_look_like_options_never_reach_git(
    project: Path, tmp_path: Path, args: list[str], ref: str
) -> None:
    commit_all(project)
    out = str(tmp_path / "written-by-git")
    cmd = [SMSDOCS, *(a.replace("OUT", out) for a in args)]
    proc = run(cmd, project)
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == [
        f"error: '{ref.replace('OUT', out)}' is not a git ref: refs never start with '-'; "
        "name a tag, branch or commit, such as v1.0.0"
    ]
    assert not Path(out).exists()


@pytest.mark.slow
def test_without_git_the_commands_that_need_it_say_so(project: Path, tmp_path: Path) -> None:
    commit_all(project)
    no_git = tmp_path / "bin"
    no_git.mkdir()
    env = {"PATH": str(no_git)}

    diff = run([SMSDOCS, "diff", "HEAD"], project, env)
    assert diff.returncode == 2
    assert diff.stderr.splitlines() == [
        "error: git is not installed (or not on PATH), and smsdocs diff compares versions "
        "from git; install git"
    ]
    bundle = run([SMSDOCS, "bundle", "HEAD", "-o", str(tmp_path / "dist")], project, env)
    assert bundle.returncode == 2
    assert bundle.stderr.splitlines() == [
        "error: git is not installed (or not on PATH), and smsdocs bundle reads the version "
        "from git; install git"
    ]

    check = run([SMSDOCS, "check", "--today", "2026-11-02"], project, env)
    assert (check.returncode, check.stdout) == (0, "no problems in 7 files\n")
    site = tmp_path / "site"
    build = run([sys.executable, "-m", "mkdocs", "build", "-d", str(site)], project, env)
    assert build.returncode == 0, build.stderr
    assert "git is not installed (or not on PATH), so the manual is marked Draft" in build.stderr
    history = (site / "history" / "index.html").read_text(encoding="utf-8")
    assert (
        "The release history is unavailable: git is not installed where the manual was built"
        in history
    )


@pytest.mark.export
def test_an_export_shows_its_steps_on_a_terminal_and_not_in_a_log(project: Path) -> None:
    """Someone watching a terminal sees each long step of an export as it starts; output
    sent to a file (a CI log) holds only what was written."""
    import pty

    commit_all(project)
    env = {**os.environ, **GIT_ENV, "NO_MKDOCS_2_WARNING": "1"}
    main, side = pty.openpty()
    try:
        proc = subprocess.Popen(
            [SMSDOCS, "export", "-o", "out"],
            cwd=project,
            env=env,
            stdout=subprocess.PIPE,
            stderr=side,
        )
        os.close(side)  # the terminal ends (EIO) once the export's copy is closed too
        shown = b""
        while True:
            try:
                chunk = os.read(main, 65536)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
        proc.communicate(timeout=300)
    finally:
        os.close(main)
    assert proc.returncode == 0, shown.decode()
    steps = [line.rpartition(" (")[0] for line in shown.decode().splitlines() if " s)" in line]
    assert steps == ["rendering the pages for print", "typesetting the PDF", "writing the DOCX"]

    logged = run([SMSDOCS, "export", "-o", "out"], cwd=project)
    assert logged.returncode == 0, logged.stderr
    assert "typesetting" not in logged.stderr and logged.stdout.startswith("wrote out/")
