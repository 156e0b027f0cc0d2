"""The exported files and their SHA256SUMS stay one set: a full disk, a read-only folder, an
output that is not a folder or a kill -9 leaves the previous set or the new one, never a mix."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import PROJECTS
from sitebuild import make_project
from test_site import commit_all

SMSDOCS = str(Path(sys.executable).parent / "smsdocs")
SHA256SUM = shutil.which("sha256sum")
needs_sha256sum = pytest.mark.skipif(
    SHA256SUM is None, reason="sha256sum (GNU coreutils) is not installed"
)


def can_mount() -> str | None:
    """Why a tmpfs cannot be mounted here, or None when it can."""
    if not sys.platform.startswith("linux"):
        return "tmpfs mounts need Linux"
    if os.geteuid() != 0:
        return "mounting a small tmpfs needs root (the CI runs the suite as root)"
    probe = Path(os.environ.get("TMPDIR", "/tmp")) / f"smsdocs-mount-probe-{os.getpid()}"
    probe.mkdir(exist_ok=True)
    try:
        tried = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(probe)],
            capture_output=True,
            text=True,
            check=False,
        )
        if tried.returncode != 0:
            return f"mount is not allowed here: {tried.stderr.strip()}"
        subprocess.run(["umount", str(probe)], check=True)
    finally:
        probe.rmdir()
    return None


MOUNT = can_mount()
needs_mount = pytest.mark.skipif(MOUNT is not None, reason=MOUNT or "")


@contextmanager
def tmpfs(where: Path, size: str = "600k") -> Iterator[Path]:
    where.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], check=True)
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=True)


def environment(tmp: Path) -> dict[str, str]:
    """The commands' environment, with a temp dir of the test's own to look for leftovers in."""
    tmp.mkdir(parents=True, exist_ok=True)
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "TMPDIR": str(tmp)}


def run_in(project: Path, *command: str) -> subprocess.CompletedProcess[str]:
    """Run ``command`` in ``project`` to its end, as a process of its own."""
    return subprocess.run(
        command,
        cwd=project,
        env=environment(project.parent / "tmp"),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def start_in(project: Path, *command: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        command,
        cwd=project,
        env=environment(project.parent / "tmp"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def run_export(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_in(project, SMSDOCS, "export", *args)


def start_export(project: Path, *args: str) -> subprocess.Popen[str]:
    return start_in(project, SMSDOCS, "export", *args)


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def sums_pass(folder: Path) -> bool:
    """Whether the real ``sha256sum -c SHA256SUMS`` passes in ``folder``."""
    assert SHA256SUM is not None
    checked = subprocess.run(
        [SHA256SUM, "--strict", "-c", "SHA256SUMS"],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )
    return checked.returncode == 0


def one_error(run: subprocess.CompletedProcess[str]) -> str:
    """The one ``error:`` line a failed command printed (and that it printed no traceback)."""
    assert "Traceback" not in run.stderr, run.stderr
    errors = [line for line in run.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, run.stderr
    return errors[0]


def edit(project: Path, sentence: str) -> None:
    """A change to the manual that changes both documents. The working tree stays dirty, so
    the version, and with it the files' names, stay the same."""
    index = project / "docs" / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + f"\n{sentence}\n", encoding="utf-8")


def leftovers(*folders: Path) -> list[str]:
    return sorted(
        p.name for f in folders if f.is_dir() for p in f.iterdir() if "smsdocs-" in p.name
    )


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The minimal project in git with an uncommitted edit, and its PDF, DOCX and SHA256SUMS
    in dist/."""
    project = make_project(
        tmp_path_factory.mktemp("set") / "p", scope=PROJECTS / "minimal" / "scope"
    )
    commit_all(project)
    edit(project, "An edit not yet committed.")
    run = run_export(project)
    assert run.returncode == 0, run.stderr
    return project


def copy_of(exported: Path, dest: Path) -> Path:
    project = dest / "p"
    shutil.copytree(exported, project, symlinks=True)
    return project


@needs_sha256sum
def test_the_set_passes_sha256sum(exported: Path) -> None:
    dist = exported / "dist"
    names = sorted(files_of(dist))
    assert [Path(n).suffix for n in names] == [".docx", ".pdf", ""], names
    assert all(n.endswith("-dirty.pdf") or "-dirty" in n or n == "SHA256SUMS" for n in names)
    assert sums_pass(dist)


@needs_sha256sum
def test_one_format_updates_only_its_entry(exported: Path, tmp_path: Path) -> None:
    project = copy_of(exported, tmp_path)
    dist = project / "dist"
    before = files_of(dist)
    edit(project, "A sentence only the new PDF has.")
    run = run_export(project, "--format", "pdf")
    assert run.returncode == 0, run.stderr
    after = files_of(dist)
    (pdf,) = (n for n in after if n.endswith(".pdf"))
    (docx,) = (n for n in after if n.endswith(".docx"))
    assert after[docx] == before[docx]
    assert after[pdf] != before[pdf]
    assert sorted(
        line.partition("  ")[2] for line in after["SHA256SUMS"].decode().splitlines()
    ) == [
        docx,
        pdf,
    ]
    assert sums_pass(dist)
    assert leftovers(project, dist) == []


@needs_sha256sum
def test_a_link_to_the_folder_stays_a_link(exported: Path, tmp_path: Path) -> None:
    project = copy_of(exported, tmp_path)
    elsewhere = tmp_path / "elsewhere"
    (project / "dist").rename(elsewhere)
    (project / "dist").symlink_to(elsewhere)
    before = files_of(elsewhere)
    edit(project, "A sentence that makes the files differ.")
    run = run_export(project)
    assert run.returncode == 0, run.stderr
    assert (project / "dist").is_symlink()
    after = files_of(elsewhere)
    assert sorted(after) == sorted(before)
    assert all(after[name] != before[name] for name in after)
    assert sums_pass(elsewhere)
    assert leftovers(project, tmp_path) == []


@needs_sha256sum
@pytest.mark.parametrize("output", ["/dev/null", "mkdocs.yml", "mkdocs.yml/dist"])
def test_an_output_that_is_not_a_folder_is_one_line(
    exported: Path, tmp_path: Path, output: str
) -> None:
    project = copy_of(exported, tmp_path)
    before = files_of(project)
    run = run_export(project, "-o", output)
    assert run.returncode == 2
    where = "not a folder" if output != "mkdocs.yml/dist" else "mkdocs.yml is not a folder"
    assert one_error(run) == (
        f"error: {output}: {where}; --output names the folder to write the files into"
    )
    assert files_of(project) == before
    assert Path("/dev/null").is_char_device()
    assert sums_pass(project / "dist")


@needs_mount
@needs_sha256sum
@pytest.mark.parametrize("mounted", ["beside", "on dist"])
def test_a_full_disk_leaves_the_previous_set(exported: Path, tmp_path: Path, mounted: str) -> None:
    """A small file system (room for the old set and a new one beside it), filled up after the
    first export: the second cannot be written. On the parent of dist/ the new set is staged
    beside it; on dist/ itself, inside it."""
    project = copy_of(exported, tmp_path)
    volume = project / "out" if mounted == "beside" else project / "out" / "dist"
    one_set = sum(path.stat().st_size for path in (exported / "dist").iterdir())
    with tmpfs(volume, size=f"{3 * one_set // 1024 + 64}k"):
        dist = project / "out" / "dist"
        first = run_export(project, "-o", "out/dist")
        assert first.returncode == 0, first.stderr
        before = files_of(dist)
        filler = volume / "filler"
        free = os.statvfs(volume)
        filler.write_bytes(b"\0" * (free.f_bavail * free.f_frsize - 40 * 1024))
        edit(project, "A sentence that makes the files differ.")
        run = run_export(project, "-o", "out/dist")
        assert run.returncode == 1
        assert one_error(run) == (
            "error: out/dist: could not write the files (No space left on device); "
            "the previous files are as they were"
        )
        assert {n: d for n, d in files_of(dist).items() if n != "filler"} == before
        assert sums_pass(dist)
        assert leftovers(project / "out", dist) == []
        filler.unlink()
        again = run_export(project, "-o", "out/dist")
        assert again.returncode == 0, again.stderr
        assert files_of(dist) != before
        assert sums_pass(dist)
        assert leftovers(project / "out", dist) == []


@needs_mount
@needs_sha256sum
def test_a_read_only_folder_is_one_line(exported: Path, tmp_path: Path) -> None:
    project = copy_of(exported, tmp_path)
    dist = project / "dist"
    before = files_of(dist)
    saved = tmp_path / "saved"
    shutil.copytree(dist, saved)
    with tmpfs(dist, size="4m"):
        for path in saved.iterdir():
            shutil.copy2(path, dist / path.name)
        subprocess.run(["mount", "-o", "remount,ro", str(dist)], check=True)
        edit(project, "A sentence that makes the files differ.")
        run = run_export(project)
        assert run.returncode == 1
        assert one_error(run) == "error: dist: the folder is read-only, so no file was written"
        assert files_of(dist) == before
        assert sums_pass(dist)


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid``, from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                status = (entry / "status").read_text(encoding="ascii")
            except OSError:
                continue
            if f"\nPPid:\t{pid}\n" in status:
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rpartition(")")[2].split()
    except OSError:
        return False
    return bool(state) and state[0] not in ("Z", "X")


def wait_until(condition: object, seconds: float = 120.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if callable(condition) and condition():
            return True
        time.sleep(0.005)
    return False


@needs_sha256sum
def test_killed_while_switching_leaves_one_set(exported: Path, tmp_path: Path) -> None:
    """kill -9 the moment the new set's folder appears beside dist/: dist/ holds the whole
    previous set or the whole new one, and the next export cleans up."""
    project = copy_of(exported, tmp_path)
    dist = project / "dist"
    caught = 0
    for attempt in range(6):
        before = files_of(dist)
        edit(project, f"Sentence number {attempt}.")
        proc = start_export(project)
        staging = project / f".dist.smsdocs-{proc.pid}"
        while proc.poll() is None and not staging.exists():
            pass
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            caught += 1
        proc.communicate(timeout=120)
        now = files_of(dist)
        assert sums_pass(dist)
        changed = {name for name in now if now[name] != before.get(name)}
        assert changed in (set(), set(now)), changed  # all previous, or all new
        if caught >= 2:
            break
    if not caught:
        pytest.skip("the switch was over before the test could see its folder")
    again = run_export(project)
    assert again.returncode == 0, again.stderr
    assert sums_pass(dist)
    assert leftovers(project, dist, project.parent / "tmp") == []
