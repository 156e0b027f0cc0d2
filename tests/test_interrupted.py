"""Stopped runs leave nothing behind: SIGTERM during ``mkdocs build`` or ``smsdocs export``
cleans up at once, a kill -9 leaves no process and the next run removes its folders; a
site/ that is a mount point is refreshed in place."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers.projects import PROJECTS, commit_all, make_project
from helpers.runs import (
    alive,
    children,
    copy_of,
    edit,
    files_of,
    leftovers,
    needs_mount,
    run_export,
    run_in,
    start_export,
    start_in,
    sums_pass,
    tmpfs,
)
from helpers.site import site_files

pytestmark = [pytest.mark.export]


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The minimal project with an uncommitted edit, exported and built."""
    project = make_project(
        tmp_path_factory.mktemp("stopped") / "p", scope=PROJECTS / "minimal" / "scope"
    )
    commit_all(project)
    edit(project, "An edit not yet committed.")
    assert run_export(project).returncode == 0
    assert mkdocs(project).returncode == 0
    return project


def mkdocs(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_in(project, sys.executable, "-m", "mkdocs", "build", *args)


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def wait_for_child(proc: subprocess.Popen[str], program: str) -> list[int]:
    """Wait until ``proc`` runs ``program`` ('pandoc' or 'typeset'); all its children then."""
    while proc.poll() is None:
        found = children(proc.pid)
        if any(program in command_line(pid) for pid in found):
            return found
    pytest.fail(f"the export ended before it ran {program}")


def gone(pids: list[int], seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not any(alive(pid) for pid in pids):
            return True
        time.sleep(0.01)
    return False


def test_sigterm_during_mkdocs_build_leaves_the_site_and_nothing_else(
    exported: Path, tmp_path: Path
) -> None:
    project = copy_of(exported, tmp_path)
    before = site_files(project / "site")
    edit(project, "A sentence the stopped build would have shown.")
    build = start_in(project, sys.executable, "-m", "mkdocs", "build")
    staging = project / f".site.smsdocs-{build.pid}"
    while build.poll() is None and not (staging.is_dir() and any(staging.iterdir())):
        time.sleep(0.001)  # until the build has written part of the new site
    build.send_signal(signal.SIGTERM)
    _, errors = build.communicate(timeout=120)
    assert build.returncode != 0
    assert "Traceback" not in errors
    assert leftovers(project, project / "site", project.parent / "tmp") == []
    assert site_files(project / "site") == before


def test_a_stale_site_staging_is_removed_and_a_live_one_kept(
    exported: Path, tmp_path: Path
) -> None:
    project = copy_of(exported, tmp_path)
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    stale = project / f".site.smsdocs-{int(dead.stdout)}"
    (stale / "assets").mkdir(parents=True)
    live = project / f".site.smsdocs-{os.getpid()}"
    live.mkdir()
    built = mkdocs(project)
    assert built.returncode == 0, built.stderr
    assert not stale.exists()
    assert live.exists()


def stopped_export(
    exported: Path, tmp_path: Path, program: str, signum: int
) -> tuple[Path, dict[str, bytes], subprocess.Popen[str], list[int], str]:
    """An export of a changed manual, sent ``signum`` while it runs ``program``: the project,
    its dist/ files from before, the process, the children it had, and what it printed."""
    project = copy_of(exported, tmp_path)
    before = files_of(project / "dist")
    edit(project, "A sentence the stopped export would have written.")
    proc = start_export(project)
    started = wait_for_child(proc, program)
    proc.send_signal(signum)
    _, errors = proc.communicate(timeout=120)
    return project, before, proc, started, errors


@pytest.mark.parametrize("program", ["pandoc", "typeset"])
def test_sigterm_during_export_stops_its_children_and_cleans_up(
    exported: Path, tmp_path: Path, program: str
) -> None:
    project, before, proc, started, errors = stopped_export(
        exported, tmp_path, program, signal.SIGTERM
    )
    assert proc.returncode == 128 + signal.SIGTERM
    assert errors.splitlines()[-1:] == [
        "error: stopped by SIGTERM; the previous files are as they were"
    ]
    assert "Traceback" not in errors
    assert gone(started, seconds=0.5)
    assert files_of(project / "dist") == before
    assert sums_pass(project / "dist")
    assert leftovers(project, project / "dist", project.parent / "tmp") == []


@pytest.mark.parametrize("program", ["pandoc", "typeset"])
def test_kill_9_during_export_leaves_no_process_and_the_next_run_cleans_up(
    exported: Path, tmp_path: Path, program: str
) -> None:
    project, before, proc, started, _ = stopped_export(exported, tmp_path, program, signal.SIGKILL)
    dist = project / "dist"
    assert gone(started, seconds=0.2), [command_line(pid) for pid in started if alive(pid)]
    assert files_of(dist) == before
    assert sums_pass(dist)
    left = leftovers(project.parent / "tmp")
    assert left and all(f"-{proc.pid}-" in name for name in left), left

    again = run_export(project)
    assert again.returncode == 0, again.stderr
    assert files_of(dist) != before
    assert sums_pass(dist)
    assert leftovers(project, dist, project.parent / "tmp") == []


@needs_mount
def test_a_site_that_is_a_mount_point_is_refreshed_in_place(exported: Path, tmp_path: Path) -> None:
    """site/ as a Docker volume: it cannot be renamed, so its contents are replaced."""
    project = copy_of(exported, tmp_path)
    site = project / "site"
    with tmpfs(site, size="64m"):
        (site / "stale.html").write_text("left from before", encoding="utf-8")
        edit(project, "A sentence only the new site has.")
        built = mkdocs(project)
        assert built.returncode == 0, built.stderr
        assert os.path.ismount(site)
        assert "A sentence only the new site has." in (site / "index.html").read_text("utf-8")
        assert not (site / "stale.html").exists()
        assert leftovers(project, site) == []

        # A failed build leaves the mounted site as it was.
        before = site_files(site)
        index = project / "docs" / "index.md"
        index.write_text(index.read_text("utf-8") + "\n[gone](nowhere.md)\n", "utf-8")
        failed = mkdocs(project, "--strict")
        assert failed.returncode != 0
        assert site_files(site) == before
        assert leftovers(project, site) == []


def test_a_child_run_beside_is_waited_for_or_killed() -> None:
    """What runs beside other work (the audit pack's offline site) gives its output when
    waited for, and is killed, not left running, when that other work fails."""
    from smsdocs import running

    echo = [sys.executable, "-c", "import sys; sys.stdout.write(sys.stdin.read().upper())"]
    with running.beside(echo, input=b"site built", timeout=60) as done:
        proc = done()
    assert (proc.returncode, proc.stdout) == (0, b"SITE BUILT")

    sleeper = [sys.executable, "-c", "import time; time.sleep(60)"]
    pids: list[int] = []
    with (
        pytest.raises(RuntimeError, match="the export failed"),
        running.beside(sleeper, input=b"", timeout=60),
    ):
        started = time.monotonic()
        while not (pids := children(os.getpid())) and time.monotonic() - started < 10:
            time.sleep(0.01)
        assert pids, "the child did not start"
        raise RuntimeError("the export failed")
    assert gone(pids), "the child outlived the work it ran beside"
