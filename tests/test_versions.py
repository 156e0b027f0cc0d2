"""Published versions: mike deploys releases side by side; a bundle works from file://."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner
from playwright.sync_api import Browser, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from helpers.clients import SCREENSHOTS, heading, needs_chromium
from helpers.projects import GIT_ENV, PROJECTS, commit_all, make_project
from helpers.site import serve_folder
from smsdocs.cli import cli

# mike runs the 'mkdocs' command: find the one installed beside this Python first.
ENV = {
    **os.environ,
    **GIT_ENV,
    "NO_MKDOCS_2_WARNING": "1",
    "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
}

pytestmark = needs_chromium


def git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=root, check=True, capture_output=True, text=True, env=ENV
    ).stdout


def rename_service(root: Path, old: str, new: str) -> None:
    path = root / "scope" / "services.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = make_project(tmp_path / "repo", scope=PROJECTS / "minimal" / "scope")
    commit_all(root, "first scope")
    git(root, "tag", "-a", "v1.0.0", "-m", "first release")
    rename_service(root, "Managed Hosting", "Managed Hosting Plus")
    commit_all(root, "second scope")
    git(root, "tag", "-a", "v1.1.0", "-m", "second release")
    return root


@pytest.mark.slow
@pytest.mark.browser
def test_mike_version_selector_switches_versions(
    repo: Path, tmp_path: Path, browser: Browser
) -> None:
    config = repo / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8") + "\nextra:\n  version:\n    provider: mike\n",
        encoding="utf-8",
    )
    commit_all(repo, "publish with mike")
    mike = [str(Path(sys.executable).parent / "mike")]
    for tag, version, aliases in (("v1.0.0", "1.0", []), ("v1.1.0", "1.1", ["latest"])):
        git(repo, "checkout", "-q", tag, "--", "scope")
        subprocess.run(
            [*mike, "deploy", "--branch", "site-versions", version, *aliases],
            cwd=repo,
            check=True,
            capture_output=True,
            env=ENV,
        )
    subprocess.run(
        [*mike, "set-default", "--branch", "site-versions", "latest"],
        cwd=repo,
        check=True,
        capture_output=True,
        env=ENV,
    )
    published = tmp_path / "published"
    published.mkdir()
    archive = subprocess.run(
        ["git", "archive", "site-versions"], cwd=repo, check=True, capture_output=True
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(published, filter="data")
    assert {p.name for p in published.iterdir()} >= {"1.0", "1.1", "latest", "versions.json"}

    with serve_folder(published) as base:
        requests: list[str] = []
        page: Page = browser.new_page(viewport={"width": 1300, "height": 900})
        page.on("request", lambda request: requests.append(request.url))
        try:
            page.goto(base + "1.1/catalogue/infrastructure/hosting/")
            assert heading(page) == "Managed Hosting Plus"
            selector = page.locator(".md-version__current")
            selector.wait_for(timeout=15000)
            assert selector.inner_text().strip() == "1.1"
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.locator(".md-version").hover()
            page.screenshot(path=str(SCREENSHOTS / "6-versions.png"))
            page.locator(".md-version__link", has_text="1.0").first.click()
            page.wait_for_url(re.compile(r"/1\.0/"))
            assert page.locator(".md-version__current").inner_text().strip() == "1.0"
            # Version 1.0 is the scope before the rename.
            page.goto(base + "1.0/catalogue/infrastructure/hosting/")
            assert heading(page) == "Managed Hosting"
        finally:
            page.close()
    assert {urlsplit(url).hostname for url in requests} == {"127.0.0.1"}


@pytest.mark.slow
@pytest.mark.browser
def test_bundle_works_from_the_file_system(repo: Path, tmp_path: Path, browser: Browser) -> None:
    cwd = Path.cwd()
    os.chdir(repo)
    try:
        result = CliRunner().invoke(cli, ["bundle", "v1.0.0"], catch_exceptions=False)
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0, result.output
    (zipped,) = (repo / "dist").glob("*.zip")
    assert zipped.name == "EX-SMS-001-v1.0.0-site.zip"
    # Run from the project, so the path is shown relative to it.
    assert result.stdout == f"wrote dist/{zipped.name} ({zipped.stat().st_size / 1024:.0f} KiB)\n"
    assert git(repo, "worktree", "list").count("\n") == 1, "the temporary checkout is left over"
    unpacked = tmp_path / "unpacked"
    zipfile.ZipFile(zipped).extractall(unpacked)

    requests: list[str] = []
    page: Page = browser.new_page(viewport={"width": 1300, "height": 900})
    page.on("request", lambda request: requests.append(request.url))
    try:
        page.goto((unpacked / "index.html").as_uri())
        # The bundle works from disk, so it carries no note saying that the site does not.
        assert page.locator("#smsdocs-file-note").count() == 0
        page.get_by_role("link", name="Service catalogue").first.click()
        page.wait_for_url(re.compile(r"catalogue/index\.html$"))
        page.locator("article").get_by_role(
            "link", name="Managed Hosting", exact=True
        ).first.click()
        assert heading(page) == "Managed Hosting"  # v1.0.0, before the rename
        page.locator("label.md-search__icon, .md-search__input").first.click()
        results = page.locator(".md-search-result__item")
        for _ in range(10):
            page.locator("input.md-search__input").fill("")
            page.locator("input.md-search__input").type("Backup")
            try:
                results.first.wait_for(timeout=2000)
                break
            except PlaywrightTimeoutError:
                continue
        assert results.count() > 0, "search does not work from file://"
        page.screenshot(path=str(SCREENSHOTS / "7-bundle-search.png"))
    finally:
        page.close()
    assert all(url.startswith("file://") for url in requests), [
        u for u in requests if not u.startswith("file://")
    ]


@pytest.mark.slow
def test_bundles_are_reproducible(repo: Path) -> None:
    cwd = Path.cwd()
    os.chdir(repo)
    try:
        first = CliRunner().invoke(cli, ["bundle", "v1.1.0", "-o", "a"], catch_exceptions=False)
        second = CliRunner().invoke(cli, ["bundle", "v1.1.0", "-o", "b"], catch_exceptions=False)
    finally:
        os.chdir(cwd)
    assert first.exit_code == second.exit_code == 0
    (a,) = (repo / "a").glob("*.zip")
    (b,) = (repo / "b").glob("*.zip")
    assert a.read_bytes() == b.read_bytes()


@pytest.mark.slow
def test_bundle_of_an_unknown_ref(repo: Path) -> None:
    result = CliRunner().invoke(cli, ["bundle", "v9", "-C", str(repo)])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: cannot check out 'v9': fatal: invalid reference: v9")
