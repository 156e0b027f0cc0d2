"""The exported files and their SHA256SUMS stay one set: a full disk, a read-only folder, an
output that is not a folder or a kill -9 leaves the previous set or the new one, never a mix."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from pathlib import Path

import pytest

from helpers.projects import GIT_ENV, PROJECTS, commit_all, make_project
from helpers.runs import (
    copy_of,
    edit,
    files_of,
    leftovers,
    needs_mount,
    needs_sha256sum,
    one_error,
    run_export,
    start_export,
    sums_pass,
    tmpfs,
)

pytestmark = [pytest.mark.export]


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


# -- one version in the folder -------------------------------------------------------------------


def release(project: Path, version: str) -> None:
    """Commit the work tree and tag it ``version`` (an annotated tag: a release)."""
    commit_all(project, f"release {version}")
    env = {**os.environ, **GIT_ENV}
    subprocess.run(["git", "tag", "-a", version, "-m", version], cwd=project, check=True, env=env)


def listed_names(dist: Path) -> list[str]:
    return sorted(
        line.partition("  ")[2] for line in (dist / "SHA256SUMS").read_text().splitlines()
    )


V1 = ["EX-SMS-001-v1.0.0.docx", "EX-SMS-001-v1.0.0.pdf"]
V2 = ["EX-SMS-001-v1.1.0.docx", "EX-SMS-001-v1.1.0.pdf"]


@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The minimal project released as v1.0.0 and exported, with files of its own in dist/
    that no export wrote: a note, and a copy of an old PDF under an export's name."""
    project = make_project(
        tmp_path_factory.mktemp("versions") / "p", scope=PROJECTS / "minimal" / "scope"
    )
    release(project, "v1.0.0")
    run = run_export(project)
    assert run.returncode == 0, run.stderr
    dist = project / "dist"
    (dist / "notes.txt").write_text("the auditor's questions\n")
    (dist / "EX-SMS-001-v0.9.0.pdf").write_bytes((dist / V1[1]).read_bytes())
    assert listed_names(dist) == V1
    return project


@needs_sha256sum
def test_a_new_version_replaces_the_previous_one(released: Path, tmp_path: Path) -> None:
    project = copy_of(released, tmp_path)
    dist = project / "dist"
    edit(project, "What changed in v1.1.0.")
    release(project, "v1.1.0")
    run = run_export(project)
    assert run.returncode == 0, run.stderr
    # The previous version's PDF and DOCX went in the switch; what no export wrote stayed.
    assert sorted(files_of(dist)) == sorted(
        [*V2, "EX-SMS-001-v0.9.0.pdf", "SHA256SUMS", "notes.txt"]
    )
    assert listed_names(dist) == V2
    assert sums_pass(dist)
    assert leftovers(project, dist) == []


@needs_sha256sum
def test_one_format_of_a_new_version_is_the_whole_set(released: Path, tmp_path: Path) -> None:
    """--format pdf at a new version: the previous version's DOCX is not part of the new set,
    so it goes too, rather than being handed over beside a PDF of another version."""
    project = copy_of(released, tmp_path)
    dist = project / "dist"
    edit(project, "What changed in v1.1.0.")
    release(project, "v1.1.0")
    run = run_export(project, "--format", "pdf")
    assert run.returncode == 0, run.stderr
    assert listed_names(dist) == [V2[1]]
    assert V1[0] not in files_of(dist)
    assert sums_pass(dist)


@needs_mount
@needs_sha256sum
def test_a_new_version_replaces_the_previous_one_in_a_mounted_folder(
    released: Path, tmp_path: Path
) -> None:
    """A folder that cannot be exchanged (a mount point) is updated in place: the same set."""
    project = copy_of(released, tmp_path)
    dist = project / "dist"
    saved = tmp_path / "saved"
    shutil.copytree(dist, saved)
    with tmpfs(dist, size="4m"):
        for path in saved.iterdir():
            shutil.copy2(path, dist / path.name)
        edit(project, "What changed in v1.1.0.")
        release(project, "v1.1.0")
        run = run_export(project)
        assert run.returncode == 0, run.stderr
        assert sorted(files_of(dist)) == sorted(
            [*V2, "EX-SMS-001-v0.9.0.pdf", "SHA256SUMS", "notes.txt"]
        )
        assert listed_names(dist) == V2
        assert sums_pass(dist)
        assert leftovers(project, dist) == []


@pytest.mark.parametrize(
    ("name", "superseded"),
    [
        ("NW-SMS-001-v1.0.0.pdf", True),  # the previous version
        ("NW-SMS-001-v1.1.0-2-g1a2b3c4-dirty.docx", True),  # a draft after it
        ("NW-SMS-001-v1.2.0.docx", False),  # the other format of this version
        ("NW-SMS-001-v1.2.0.pdf", False),  # the file being written
        ("NW-SMS-001-v1.0.0-site.zip", False),  # a bundle: not part of the set
        ("NW-SMS-001-v1.0.0-audit-pack.zip", False),
        ("OTHER-001-v1.0.0.pdf", False),  # another document's export
        ("notes.pdf", False),
    ],
)
def test_what_a_new_version_supersedes(name: str, superseded: bool) -> None:
    from smsdocs.export.manual import Cover
    from smsdocs.export.write import superseded_by

    cover = Cover("Org", "Manual", "NW SMS/001", "v1.2.0", "Approved", "", "", "", "")
    assert superseded_by(cover, ["NW-SMS-001-v1.2.0.pdf"])(name) is superseded
