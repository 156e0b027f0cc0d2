"""Which files are scope files: one rule for the working tree and for the project at a git ref.

``smsdocs check`` reads the working tree; ``smsdocs diff``, the history chapter and
``smsdocs bundle`` read git refs. Each case below goes through the commands as separate
processes, and the working tree and the ref must agree file for file and finding for finding.
"""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest

from helpers.projects import GIT_ENV, PROJECTS, commit_all, make_project
from helpers.runs import SMSDOCS
from smsdocs import history, load


def run(cmd: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        cmd,
        cwd=cwd,
        env={**os.environ, **GIT_ENV, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def check(project: Path) -> subprocess.CompletedProcess[str]:
    return run([SMSDOCS, "check", "--today", "2026-11-02"], project)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "p", scope=PROJECTS / "minimal" / "scope")


def rearranged(project: Path) -> None:
    """The minimal scope with an upper-case extension, a linked folder and a linked file."""
    scope = project / "scope"
    (scope / "processes.yaml").rename(scope / "PROCESSES.YAML")
    (project / "shared").mkdir()
    (scope / "people.yaml").rename(project / "shared" / "people.yaml")
    (scope / "linked").symlink_to(Path("..") / "shared")
    (project / "data").mkdir()
    (scope / "org.yaml").rename(project / "data" / "org.yaml")
    (scope / "organisation.yml").symlink_to(Path("..") / "data" / "org.yaml")


def test_linked_folders_and_any_letter_case_are_read_alike_everywhere(project: Path) -> None:
    rearranged(project)
    done = check(project)
    assert (done.returncode, done.stdout) == (0, "no problems in 7 files\n")
    assert load.load_project(project).files == [
        "scope/PROCESSES.YAML",
        "scope/delivery.yaml",
        "scope/documents.yaml",
        "scope/exclusions.yaml",
        "scope/linked/people.yaml",
        "scope/organisation.yml",
        "scope/services.yaml",
    ]
    commit_all(project)
    diff = run([SMSDOCS, "diff", "HEAD"], project)
    assert (diff.returncode, diff.stdout) == (
        0,
        "scope changes from HEAD to working tree: 0 changes\n",
    )


def test_a_named_pipe_is_refused_without_waiting(project: Path) -> None:
    os.mkfifo(project / "scope" / "pipe.yaml")
    start = time.perf_counter()
    done = check(project)
    assert time.perf_counter() - start < 5
    assert done.returncode == 2
    assert done.stdout.splitlines() == [
        "scope/pipe.yaml: error[file-unreadable]: is a named pipe, not a regular file; scope "
        "files are regular files, so remove it or rename it so it does not end in .yaml",
        "1 error, 0 warnings in 8 files",
    ]


def test_a_link_back_into_its_own_folder_is_refused(project: Path) -> None:
    (project / "scope" / "again").symlink_to(".")
    done = check(project)
    assert done.stdout.splitlines() == [
        "scope/again: error[file-unreadable]: links to scope, which contains it, so its files "
        "would be read for ever; remove the link",
        "1 error, 0 warnings in 8 files",
    ]


def test_a_linked_folder_outside_the_project_is_refused(project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (project / "scope" / "more").symlink_to(outside)
    done = check(project)
    assert done.stdout.splitlines()[0] == (
        f"scope/more: error[file-unreadable]: links to {outside.resolve()}, outside the "
        "project; copy what it links to into scope/, or move the link out of scope/"
    )


def hostile_tree(project: Path) -> None:
    scope = project / "scope"
    rearranged(project)
    (scope / "pw.yaml").symlink_to("/etc/passwd")
    (scope / "up").symlink_to("..")
    (scope / "gone.yaml").symlink_to("nowhere.yaml")
    (scope / "drafts.yaml").mkdir()
    (scope / "drafts.yaml" / "x.yaml").write_text("units: []\n", encoding="utf-8")
    with (scope / "huge.yaml").open("w", encoding="utf-8") as handle:
        handle.write("# " + "x" * (11 * 1024 * 1024) + "\n")
    (scope / "BROKEN.Yml").write_text("units: [\n", encoding="utf-8")


def test_a_ref_reads_what_the_working_tree_reads(project: Path) -> None:
    hostile_tree(project)
    commit_all(project)
    here = load.load_project(project)
    at_ref = load.load_tree(history.GitTree(project, "HEAD"), project)
    assert at_ref.files == here.files
    assert [str(f) for f in at_ref.findings] == [str(f) for f in here.findings]
    shown = [str(f) for f in at_ref.findings]
    assert (
        "scope/huge.yaml: error[yaml-too-large]: file is 11.0 MiB, over the 10 MiB limit "
        "for a scope file; split it into several files under scope/" in shown
    )
    assert (
        "scope/pw.yaml: error[file-unreadable]: links to /etc/passwd, outside the project; "
        "copy the file into scope/ instead" in shown
    )
    assert (
        "scope/gone.yaml: error[file-unreadable]: cannot read this file (no such file or "
        "directory); fix or remove it" in shown
    )
    assert any(s.startswith("scope/BROKEN.Yml:2:1: error[yaml-syntax]") for s in shown)

    diff = run([SMSDOCS, "diff", "HEAD"], project)
    assert diff.returncode == 1
    assert diff.stderr.splitlines() == [
        "error: the scope at HEAD has 6 errors, so it cannot be compared; run 'smsdocs check' on it"
    ]


def test_a_scope_folder_linked_from_outside_the_project_is_refused(
    project: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "real-scope"
    (project / "scope").rename(outside)
    (project / "scope").symlink_to(outside)
    done = check(project)
    assert done.returncode == 2
    assert done.stdout.splitlines() == [
        f"scope/: error[file-unreadable]: links to {outside.resolve()}, outside the project; "
        "keep the scope data in the project",
        "1 error, 0 warnings in 1 file",
    ]
