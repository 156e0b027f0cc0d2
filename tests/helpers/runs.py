"""The CLI run as a process of its own: its environment, what it leaves behind, and the export
set it writes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

SMSDOCS = str(Path(sys.executable).parent / "smsdocs")
"""The console script of the smsdocs installed beside the running Python."""
ACTIVE_PATH = os.pathsep.join((str(Path(sys.executable).parent), os.environ.get("PATH", "")))
"""PATH as the README's activate step leaves it: this environment's scripts first."""
ENV = {**os.environ, "PATH": ACTIVE_PATH, "NO_MKDOCS_2_WARNING": "1"}
"""The environment commands run in: activated, as the README has it, with Material's
end-of-life notice left out (tests/test_first_hour.py runs them without activating)."""
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


def run_in(
    project: Path, *command: str, tmp: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``command`` in ``project`` to its end, as a process of its own, with ``tmp`` (by
    default ``tmp`` beside the project) as its temporary folder."""
    return subprocess.run(
        command,
        cwd=project,
        env=environment(tmp or project.parent / "tmp"),
        capture_output=True,
        text=True,
        timeout=600,
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


def copy_of(exported: Path, dest: Path) -> Path:
    project = dest / "p"
    shutil.copytree(exported, project, symlinks=True)
    return project


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
