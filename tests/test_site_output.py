"""The built site folder: a failed build leaves the last good site, the site never goes among
the sources, and two builds of the same commit give the same files."""

from __future__ import annotations

import datetime as dt
import os
import struct
import subprocess
from pathlib import Path

import pytest

from helpers.projects import GIT_ENV, PROJECTS, make_project, release_all
from helpers.site import build_in_git, mkdocs_build, site_files

pytestmark = [pytest.mark.slow]


def minimal_project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "p", scope=PROJECTS / "minimal" / "scope")


def test_a_failed_build_leaves_the_last_good_site(tmp_path: Path) -> None:
    project = minimal_project(tmp_path)
    good = build_in_git(project)
    assert good.returncode == 0, good.output
    before = site_files(good.site)
    assert "index.html" in before

    services = project / "scope" / "services.yaml"
    text = services.read_text(encoding="utf-8")
    services.write_text(text + "\n  - {id: broken\n", encoding="utf-8")
    failed = mkdocs_build(project)
    assert failed.returncode != 0
    assert "services.yaml" in failed.output
    assert site_files(good.site) == before

    # A warning under --strict fails the build after every page was written: still the old site.
    services.write_text(text, encoding="utf-8")
    index = project / "docs" / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\n[gone](nowhere.md)\n", "utf-8")
    strict = mkdocs_build(project)
    assert strict.returncode != 0
    assert "nowhere.md" in strict.output
    assert site_files(good.site) == before

    assert not [p.name for p in project.iterdir() if p.name.startswith(".site")]


def test_a_good_build_replaces_the_site_whole(tmp_path: Path) -> None:
    project = minimal_project(tmp_path)
    assert build_in_git(project).returncode == 0
    stale = project / "site" / "left-over.html"
    stale.write_text("old", encoding="utf-8")
    index = project / "docs" / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\nA new sentence.\n", "utf-8")
    again = mkdocs_build(project)
    assert again.returncode == 0, again.output
    assert not stale.exists()
    assert "A new sentence." in (project / "site" / "index.html").read_text(encoding="utf-8")
    assert not [p.name for p in project.iterdir() if p.name.startswith(".site")]


def test_a_site_folder_among_the_sources_is_refused(tmp_path: Path) -> None:
    project = minimal_project(tmp_path)
    before = sorted(p.relative_to(project) for p in (project / "scope").rglob("*"))
    result = mkdocs_build(project, "-d", str(project / "scope" / "site"))
    assert result.returncode != 0
    assert "site_dir" in result.output and "would put the built site in scope/" in result.output
    assert sorted(p.relative_to(project) for p in (project / "scope").rglob("*")) == before


def test_two_builds_of_a_commit_give_the_same_files(tmp_path: Path) -> None:
    project = minimal_project(tmp_path)
    release_all(project)
    past = "2025-01-15T12:00:00+00:00"  # a commit made long before the build
    subprocess.run(
        ["git", "commit", "-q", "--amend", "--no-edit", "--date", past],
        cwd=project,
        env={**os.environ, **GIT_ENV, "GIT_COMMITTER_DATE": past},
        check=True,
    )
    first = mkdocs_build(project)
    assert first.returncode == 0, first.output
    built = site_files(first.site)
    second = mkdocs_build(project, "-d", str(tmp_path / "again"))
    assert second.returncode == 0, second.output
    assert site_files(tmp_path / "again") == built
    # the date MkDocs writes (the sitemap's, in its .gz header) is the commit's day, not the
    # day of the build
    stamp = subprocess.run(
        ["git", "log", "-1", "--format=%ct"],
        cwd=project,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    day = dt.datetime.fromtimestamp(int(stamp), dt.UTC).date()
    assert day == dt.date(2025, 1, 15)
    midnight = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    (mtime,) = struct.unpack("<I", built["sitemap.xml.gz"][4:8])
    assert mtime == int(midnight.timestamp())
