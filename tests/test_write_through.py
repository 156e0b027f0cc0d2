"""``-o`` naming a link, a device, a FIFO or a folder: written through or refused, never replaced."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import threading
from pathlib import Path

import pytest

from helpers.runs import SMSDOCS


def schema(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [SMSDOCS, "schema", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def schema_text(tmp_path: Path) -> str:
    shown = schema(cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["$schema"]
    return shown.stdout


@pytest.mark.slow
def test_a_link_stays_a_link_and_its_file_is_updated(tmp_path: Path) -> None:
    expected = schema_text(tmp_path)
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "scope.schema.json"
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "schema.json"
    link.symlink_to(Path("real") / "scope.schema.json")
    dangling = tmp_path / "new.json"
    dangling.symlink_to(Path("real") / "not-yet.json")

    for path in (link, dangling):
        run = schema("-o", path.name, cwd=tmp_path)
        assert (run.returncode, run.stderr) == (0, f"wrote {path.name}\n")
        assert path.is_symlink()
    assert target.read_text(encoding="utf-8") == expected
    assert (tmp_path / "real" / "not-yet.json").read_text(encoding="utf-8") == expected
    assert sorted(p.name for p in tmp_path.rglob("*")) == [
        "new.json",
        "not-yet.json",
        "real",
        "schema.json",
        "scope.schema.json",
    ]


@pytest.mark.slow
def test_dev_stdout_is_written_through(tmp_path: Path) -> None:
    expected = schema_text(tmp_path)
    run = schema("-o", "/dev/stdout", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert run.stdout == expected
    assert Path("/dev/stdout").readlink() == Path("/proc/self/fd/1")


@pytest.mark.slow
def test_a_terminal_is_written_through(tmp_path: Path) -> None:
    expected = schema_text(tmp_path)
    leader, follower = os.openpty()
    terminal = os.ttyname(follower)
    shown: list[bytes] = []

    def read() -> None:
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO once no process holds the terminal open
                return
            if not chunk:
                return
            shown.append(chunk)

    reader = threading.Thread(target=read)
    reader.start()
    try:
        run = schema("-o", terminal, cwd=tmp_path)
        still_a_terminal = stat.S_ISCHR(Path(terminal).stat().st_mode)
        os.close(follower)
        reader.join(timeout=60)
    finally:
        os.close(leader)
    assert run.returncode == 0, run.stderr
    assert json.loads(b"".join(shown).decode().replace("\r\n", "\n")) == json.loads(expected)
    assert still_a_terminal


def test_a_device_stays_a_device(tmp_path: Path) -> None:
    null = tmp_path / "null"
    try:
        os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("making a device node needs root")
    run = schema("-o", str(null), cwd=tmp_path)
    assert (run.returncode, run.stderr) == (0, f"wrote {null}\n")
    assert stat.S_ISCHR(null.stat().st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["null"]


@pytest.mark.slow
def test_a_fifo_with_a_reader_gets_the_schema(tmp_path: Path) -> None:
    expected = schema_text(tmp_path)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    run = schema("-o", str(fifo), cwd=tmp_path)
    reader.join(timeout=60)
    assert run.returncode == 0, run.stderr
    assert received == [expected.encode()]
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["pipe"]


@pytest.mark.slow
def test_a_folder_is_refused_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "to-out").symlink_to("out")
    for name in ("out", "to-out"):
        run = schema("-o", name, cwd=tmp_path)
        assert run.returncode == 2
        assert run.stderr == f"error: {name}: is a folder; name a file to write the schema to\n"
        assert "Traceback" not in run.stderr
    assert list((tmp_path / "out").iterdir()) == []


def test_a_full_device_is_one_line(tmp_path: Path) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("this system has no /dev/full")
    run = schema("-o", "/dev/full", cwd=tmp_path)
    assert run.returncode == 1
    assert run.stderr == "error: /dev/full: could not write it (No space left on device)\n"
    assert stat.S_ISCHR(Path("/dev/full").stat().st_mode)
