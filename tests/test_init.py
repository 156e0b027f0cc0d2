"""smsdocs init: a new manual from the packaged example that builds strictly as it is."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from click.testing import CliRunner

from conftest import REPO
from sitebuild import mkdocs_build, read_page
from smsdocs.cli import cli


def test_init_makes_a_project_that_passes_strictly(tmp_path: Path) -> None:
    target = tmp_path / "manual"
    result = CliRunner().invoke(cli, ["init", str(target)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == (
        f"created a manual in {target} from the Northwind example"
    )
    assert sorted(p.name for p in target.iterdir()) == [
        ".git",
        ".gitignore",
        "docs",
        "macros",
        "mkdocs.yml",
        "overrides",
        "scope",
    ]
    assert not any(p.is_symlink() for p in target.rglob("*"))
    checked = CliRunner().invoke(cli, ["check", str(target), "--strict", "--today", "2026-06-01"])
    assert (checked.exit_code, checked.stdout) == (0, "no problems in 16 files\n")
    built = mkdocs_build(target)
    assert built.returncode == 0, built.output
    assert "WARNING" not in built.output
    assert "Northwind IT Services Ltd" in read_page(built.site, "").text


def test_init_refuses_a_folder_in_use(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    result = CliRunner().invoke(cli, ["init", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr == f"error: {tmp_path}: not empty; choose a new folder for the manual\n"
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_the_wheel_carries_the_example_project(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path), str(REPO)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("smsdocs-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for path in sorted((REPO / "scope").rglob("*")) + sorted((REPO / "docs").rglob("*")):
        if path.is_file():
            assert f"smsdocs/data/project/{path.relative_to(REPO).as_posix()}" in names
    assert "smsdocs/data/project/mkdocs.yml" in names
    assert "smsdocs/data/project/overrides/export/smsdocs.typ" in names
    assert "smsdocs/data/project/overrides/export/reference.docx" in names
