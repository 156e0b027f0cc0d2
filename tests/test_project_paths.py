"""Every command with the project named as a CI script, a user in a terminal or a Makefile
names it: ``.`` inside it, a relative path from above it, an absolute path from anywhere, or
not at all inside it. Each run is the real CLI as a process; each must do its work in the
project (its default outputs in the project's dist/) and leave the folder it ran in as it was.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from helpers.checkouts import init_example
from helpers.runs import SMSDOCS, environment, one_error, run_in

FORMS = ("dot", "relative", "absolute", "omitted")
"""How the project is named: '.', 'work/manual' from above it, its absolute path, nothing."""

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def initialised(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example as ``smsdocs init --example`` makes it, with its releases; read only."""
    return init_example(tmp_path_factory.mktemp("init") / "manual")


@dataclass
class Place:
    """Where a command runs, and what names the project there."""

    project: Path
    cwd: Path
    named: str | None

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [SMSDOCS, *args],
            cwd=self.cwd,
            env=environment(self.project.parent / "tmp"),
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    def argument(self) -> list[str]:
        return [] if self.named is None else [self.named]

    def option(self) -> list[str]:
        return [] if self.named is None else ["-C", self.named]

    def pack_path(self, pack: Path) -> str:
        """``pack`` (in the project) named as the project is."""
        inside = pack.relative_to(self.project)
        if self.named is None or self.named == ".":
            return str(inside)
        return str(Path(self.named) / inside)


@pytest.fixture(params=FORMS)
def place(request: pytest.FixtureRequest, initialised: Path, tmp_path: Path) -> Iterator[Place]:
    project = tmp_path / "work" / "manual"
    shutil.copytree(initialised, project, symlinks=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    form = request.param
    if form == "relative":
        found = Place(project, tmp_path, "work/manual")
    elif form == "absolute":
        found = Place(project, elsewhere, str(project))
    else:
        found = Place(project, project, "." if form == "dot" else None)
    before = _listing(found.cwd) if found.cwd != project else None
    yield found
    # Nothing outside the project's outputs: the folder the command ran in is as it was, and
    # git sees no change in the project (dist/ is ignored, as `smsdocs init` leaves it).
    if before is not None:
        assert _listing(found.cwd) == before
    status = subprocess.run(
        ["git", "status", "--porcelain"], cwd=project, capture_output=True, text=True, check=True
    )
    assert status.stdout == ""


def _listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if "work" not in p.parts)


def test_check(place: Place) -> None:
    run = place.run("check", "--strict", *place.argument())
    assert run.returncode == 0, run.stderr
    assert "no problems in 18 files" in run.stdout + run.stderr


def test_diff(place: Place) -> None:
    run = place.run("diff", "v1.1.0", "v1.2.0", *place.option())
    assert run.returncode == 0, run.stderr
    assert "review: 2026-11-18 -> 2027-10-23" in run.stdout


def test_bundle(place: Place) -> None:
    run = place.run("bundle", "v1.1.0", *place.option())
    assert run.returncode == 0, run.stderr
    assert (place.project / "dist" / "NW-SMS-001-v1.1.0-site.zip").is_file()


@pytest.mark.export
def test_export(place: Place) -> None:
    """The export that failed after typesetting when the project was named relatively: the
    reference document went to pandoc by a path relative to the wrong folder."""
    run = place.run("export", *place.argument())
    assert run.returncode == 0, run.stderr
    written = sorted(p.name for p in (place.project / "dist").iterdir())
    assert written == ["NW-SMS-001-v1.2.0.docx", "NW-SMS-001-v1.2.0.pdf", "SHA256SUMS"]


@pytest.mark.export
def test_audit_pack_and_verify_pack(place: Place) -> None:
    run = place.run("audit-pack", *place.option())
    assert run.returncode == 0, run.stderr
    pack = place.project / "dist" / "NW-SMS-001-v1.2.0-audit-pack.zip"
    assert pack.is_file()
    verified = place.run("verify-pack", place.pack_path(pack))
    assert verified.returncode == 0, verified.stderr
    assert "NW-SMS-001-v1.2.0-audit-pack.zip" in verified.stdout


@pytest.mark.parametrize("form", ["dot", "relative", "absolute"])
def test_init(form: str, tmp_path: Path) -> None:
    """The new project lands in the folder named, however it is named."""
    above = tmp_path / "above"
    target = above / "new" / "manual"
    target.mkdir(parents=True)
    cwd, named = {
        "dot": (target, "."),
        "relative": (above, "new/manual"),
        "absolute": (tmp_path, str(target)),
    }[form]
    run = subprocess.run(
        [SMSDOCS, "init", named],
        cwd=cwd,
        env=environment(tmp_path / "tmp"),
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert (target / "mkdocs.yml").is_file()
    assert (target / "scope").is_dir()
    assert sorted(p.name for p in above.iterdir()) == ["new"]


def test_init_needs_a_folder(tmp_path: Path) -> None:
    run = run_in(tmp_path, SMSDOCS, "init", tmp=tmp_path / "tmp")
    assert run.returncode == 2
    assert "Missing argument 'DIRECTORY'" in run.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tmp"]


def test_a_missing_project_is_one_error(tmp_path: Path) -> None:
    run = run_in(tmp_path, SMSDOCS, "export", "no/such", tmp=tmp_path / "tmp")
    assert run.returncode == 2
    assert one_error(run) == "error: no/such: no such folder"
