"""How commands fail on the machine's account rather than the manual's: a read-only checkout,
a file where smsdocs's cache folder goes, a chapter's template that does not parse, a full
temporary folder. Each ends in one ``error:`` line with the fix and exit 1, with no traceback,
or works; nothing outside the outputs changes. Every run is the real CLI (or ``mkdocs build``)
as a process of its own."""

from __future__ import annotations

import errno
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from helpers.checkouts import copy_of, init_example, needs_read_only, read_only, snapshot
from helpers.runs import SMSDOCS, environment, needs_mount, one_error, tmpfs
from helpers.runs import run_in as run
from smsdocs.output import no_room

MKDOCS = str(Path(sys.executable).parent / "mkdocs")


@pytest.fixture(scope="module")
def initialised(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example as ``smsdocs init --example`` makes it; read only (copy it to change it)."""
    return init_example(tmp_path_factory.mktemp("init") / "manual")


@pytest.fixture
def project(initialised: Path, tmp_path: Path) -> Path:
    """A copy of the example, with no release cache yet, so a build writes one."""
    copied = copy_of(initialised, tmp_path / "manual")
    cache = copied / ".git" / "smsdocs"
    if cache.is_dir():
        for entry in cache.iterdir():
            entry.unlink()
        cache.rmdir()
    return copied


# -- a read-only checkout, and a file where the release cache's folder goes -----------------


@needs_read_only
@pytest.mark.slow
@pytest.mark.export
def test_a_read_only_checkout_builds_exports_and_bundles(project: Path, tmp_path: Path) -> None:
    """The release cache (.git/smsdocs/releases.json) is an optimisation: a checkout where it
    cannot be written builds, exports, bundles and packs with every output sent elsewhere. A
    version other than the working tree's, which git cannot register as a work tree there, is
    checked out in a clone of its own: the same bytes as from a checkout that can be written."""
    out = tmp_path / "out"
    before = snapshot(project)
    with read_only(project) as checkout:
        built = run(checkout, MKDOCS, "build", "--strict", "-d", str(out / "site"))
        assert built.returncode == 0, built.stderr
        for command in (["export"], ["bundle"], ["bundle", "v1.1.0"], ["audit-pack"]):
            done = run(checkout, SMSDOCS, *command, "-o", str(out / "dist"))
            assert done.returncode == 0, done.stderr
    assert (out / "site" / "index.html").is_file()
    assert sorted(p.name for p in (out / "dist").iterdir()) == [
        "NW-SMS-001-v1.1.0-site.zip",
        "NW-SMS-001-v1.2.0-audit-pack.zip",
        "NW-SMS-001-v1.2.0-site.zip",
        "NW-SMS-001-v1.2.0.docx",
        "NW-SMS-001-v1.2.0.pdf",
        "SHA256SUMS",
    ]
    assert snapshot(project) == before
    writable = run(project, SMSDOCS, "bundle", "v1.1.0", "-o", str(tmp_path / "writable"))
    assert writable.returncode == 0, writable.stderr
    name = "NW-SMS-001-v1.1.0-site.zip"
    assert (out / "dist" / name).read_bytes() == (tmp_path / "writable" / name).read_bytes()
    pack = out / "dist" / "NW-SMS-001-v1.2.0-audit-pack.zip"
    verified = run(project, SMSDOCS, "verify-pack", str(pack))
    assert verified.returncode == 0, verified.stderr


@pytest.mark.slow
@pytest.mark.parametrize("blocker", [".git/smsdocs", ".cache"])
def test_a_file_where_a_cache_folder_goes(project: Path, tmp_path: Path, blocker: str) -> None:
    """A file named as the cache's folder is left alone, and the build goes on without it."""
    (project / blocker).write_text("not a folder\n", encoding="utf-8")
    before = snapshot(project)
    built = run(project, MKDOCS, "build", "--strict", "-d", str(tmp_path / "site"))
    assert built.returncode == 0, built.stderr
    assert "Traceback" not in built.stderr
    assert (tmp_path / "site" / "history" / "index.html").is_file()
    after = snapshot(project)
    assert after[blocker] == before[blocker]
    # Beside the blocking file, only the release cache may have been written (in git's folder).
    assert _without_cache(after) == _without_cache(before)


def _without_cache(files: dict[str, str]) -> dict[str, str]:
    return {name: v for name, v in files.items() if not name.startswith(".git/smsdocs")}


# -- a chapter's template that fails ---------------------------------------------------------


def _break_chapter(project: Path, call: str) -> int:
    """Append ``call`` to the home page, committed; the line of the file it is on."""
    index = project / "docs" / "index.md"
    text = index.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + call + "\n"
    index.write_text(text, encoding="utf-8")
    env = {"GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@x", "GIT_COMMITTER_NAME": "T"}
    subprocess.run(
        ["git", "commit", "-qam", "broken", "--no-verify"],
        cwd=project,
        env={**environment(project.parent / "tmp"), **env, "GIT_COMMITTER_EMAIL": "t@x"},
        check=True,
    )
    return text.count("\n")


@pytest.mark.slow
@pytest.mark.export
def test_a_template_that_does_not_parse_is_named_with_its_line(
    project: Path, tmp_path: Path
) -> None:
    """Before, ``smsdocs bundle`` exited 100 with no word (mkdocs-macros ends the process)."""
    line = _break_chapter(project, "{{ service_catalogue( }}")
    said = (
        f"docs/index.md:{line}: the page's template is not valid Jinja (unexpected '}}', "
        "expected ')'); correct the '{{ }}' or '{% %}' there"
    )
    for command in (["bundle"], ["export"], ["audit-pack", "--draft", "HEAD"]):
        failed = run(project, SMSDOCS, *command, "-o", str(tmp_path / "out"))
        assert failed.returncode == 1, failed.stderr
        assert one_error(failed).endswith(said), command
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_an_undefined_name_in_a_template_is_named_with_its_line(
    project: Path, tmp_path: Path
) -> None:
    line = _break_chapter(project, "Text, then {{ no_such_macro() }}.")
    failed = run(project, SMSDOCS, "bundle", "-o", str(tmp_path / "out"))
    assert failed.returncode == 1
    assert one_error(failed) == (
        f"error: docs/index.md:{line}: its macros failed ('no_such_macro' is undefined); "
        "run 'mkdocs build' to see more"
    )


# -- a full temporary folder -------------------------------------------------------------------


@needs_mount
@pytest.mark.slow
@pytest.mark.export
@pytest.mark.parametrize(
    "command",
    [["export"], ["bundle"], ["bundle", "v1.1.0"], ["audit-pack"]],
    ids=["export", "bundle", "bundle-ref", "audit-pack"],
)
def test_a_full_temporary_folder(project: Path, tmp_path: Path, command: list[str]) -> None:
    """TMPDIR on a 64 KiB tmpfs: one error naming the folder and the fix, exit 1, and nothing
    left in it or written anywhere (before: tracebacks, and git's "fatal: Could not reset
    index file to revision 'HEAD'.")."""
    before = snapshot(project)
    with tmpfs(tmp_path / "tiny", size="64k") as tiny:
        failed = run(project, SMSDOCS, *command, "-o", str(tmp_path / "out"), tmp=tiny)
        left = sorted(p.name for p in tiny.iterdir())
    assert failed.returncode == 1, failed.stderr
    error = one_error(failed)
    assert error.startswith("error: could not write"), error
    assert f"{tiny}" in error
    assert error.endswith("free space there, or set TMPDIR to a folder with room")
    assert left == []
    assert not (tmp_path / "out").exists()
    assert _without_cache(snapshot(project)) == _without_cache(before)


def test_no_room_names_the_folder_and_the_fix() -> None:
    temp = Path(tempfile.gettempdir())
    full = OSError(errno.ENOSPC, "No space left on device", str(temp / "smsdocs-x" / "a"))
    assert no_room(full) == (
        f"could not write in the temporary folder {temp} (No space left on device); "
        "free space there, or set TMPDIR to a folder with room"
    )
    copied = OSError(errno.EDQUOT, "Disk quota exceeded", str(temp / "a"), None, "/volume/b")
    assert no_room(copied) == (
        "/volume/b: could not write it (Disk quota exceeded); free space there, or "
        "write the output elsewhere"
    )
    assert no_room(OSError(errno.ENOSPC, "No space left on device")) is not None
    read_only = OSError(errno.EROFS, "Read-only file system", "/volume/c")
    assert no_room(read_only) == (
        "/volume/c: could not write it (Read-only file system); make it writable, or write "
        "the output elsewhere"
    )
    assert no_room(OSError(errno.EACCES, "Permission denied", "x")) is None  # a bug: in full


# -- git housekeeping ----------------------------------------------------------------------------


def _worktrees(project: Path) -> list[str]:
    listing = subprocess.run(
        ["git", "worktree", "list", "--porcelain"],
        cwd=project,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [line[9:] for line in listing.splitlines() if line.startswith("worktree ")]


@pytest.mark.slow
@pytest.mark.export
def test_housekeeping_touches_only_what_smsdocs_made(project: Path, tmp_path: Path) -> None:
    """A user's work tree on a drive that is not mounted keeps its registration through
    ``bundle`` and ``audit-pack`` (before, their ``git worktree prune`` forgot it); a checkout
    a killed run left registered, its work folder gone, is forgotten."""
    mine = tmp_path / "usb" / "mine"
    killed = tmp_path / "tmp" / "smsdocs-bundle-4194304-k1lled_" / "checkout"
    for where in (mine, killed):
        subprocess.run(
            ["git", "worktree", "add", "--detach", "-q", str(where), "v1.0.0"],
            cwd=project,
            check=True,
        )
    shutil.rmtree(tmp_path / "usb")  # unmounted
    shutil.rmtree(killed.parent)  # removed by the next run's sweep of stale work folders
    for command in (["bundle", "v1.1.0"], ["audit-pack"]):
        done = run(project, SMSDOCS, *command, "-o", str(tmp_path / "out"))
        assert done.returncode == 0, done.stderr
        assert _worktrees(project) == [str(project), str(mine)], command
