"""What commands say must be true of where they ran and what they made: run from inside the
project, a command says so (as ``check`` and ``export`` do) rather than blaming the scope or
the releases; a draft pack says it is a draft, built from a commit; a chapter whose file name
holds characters a URL reads otherwise ('#', '?', '%', a space) is linked to, not broken.
Every run is the real CLI or ``mkdocs build`` as a process of its own."""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path
from urllib.parse import unquote, urljoin

import pytest

from helpers.checkouts import copy_of, init_example, snapshot
from helpers.export import pdf_text
from helpers.runs import SMSDOCS, one_error
from helpers.runs import run_in as run

MKDOCS = str(Path(sys.executable).parent / "mkdocs")
NOT_HERE = (
    "scope: no scope folder here; run smsdocs from the project root, pass the project "
    "folder, or create a project with 'smsdocs init DIR'"
)


@pytest.fixture(scope="module")
def initialised(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example as ``smsdocs init --example`` makes it; read only (copy it to change it)."""
    return init_example(tmp_path_factory.mktemp("init") / "manual")


@pytest.mark.slow
@pytest.mark.parametrize(
    "command",
    [["check"], ["diff", "v1.1.0"], ["audit-pack"], ["bundle", "v1.1.0"], ["bundle"]],
    ids=["check", "diff", "audit-pack", "bundle-ref", "bundle"],
)
def test_from_inside_the_project_commands_say_where_to_run(
    initialised: Path, tmp_path: Path, command: list[str]
) -> None:
    """Before, from scope/, ``diff`` said "the scope at v1.1.0 has 1 error" and ``audit-pack``
    "no approved release to pack"."""
    project = copy_of(initialised, tmp_path / "manual")
    before = snapshot(project)
    failed = run(project / "scope", SMSDOCS, *command, tmp=tmp_path / "tmp")
    assert failed.returncode == 2, failed.stderr
    assert one_error(failed) == f"error: {NOT_HERE}"
    assert snapshot(project) == before


@pytest.mark.slow
@pytest.mark.export
def test_a_draft_pack_says_it_is_a_draft_built_from_a_commit(
    initialised: Path, tmp_path: Path
) -> None:
    project = copy_of(initialised, tmp_path / "manual")
    commit = run(project, "git", "rev-parse", "HEAD~1").stdout.strip()
    made = run(project, SMSDOCS, "audit-pack", "HEAD~1", "--draft", "-o", str(tmp_path / "out"))
    assert made.returncode == 0, made.stderr
    (pack,) = (tmp_path / "out").glob("*-DRAFT.zip")
    readme = " ".join(zipfile.ZipFile(pack).read("README.txt").decode("utf-8").split())
    assert (
        "This pack holds a draft of NW-SMS-001 of Northwind IT Services Ltd: the manual as it "
        f"stands at the commit {commit} (the git ref HEAD~1), which is not an approved "
        "release." in readme
    )
    assert "released at" not in readme
    assert (
        "The commit in the organisation's repository: in a clone of it, the first command "
        f"must print {commit}" in readme
    )
    assert "The release in the organisation's repository" not in readme
    assert "management's approval of this version" not in readme


@pytest.mark.slow
@pytest.mark.export
def test_a_chapter_named_with_url_characters_is_linked(initialised: Path, tmp_path: Path) -> None:
    """A '#', '?', '%' or space in a chapter's file name: the traceability page's links to it
    are percent-encoded, so ``mkdocs build --strict`` passes and every link leads to the page;
    the export holds the chapter (before: "unrecognized relative link", strict failed)."""
    project = copy_of(initialised, tmp_path / "manual")
    name = "risks #1?50% off.md"
    (project / "docs" / "risks.md").rename(project / "docs" / name)
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(": risks.md", f': "{name}"'), encoding="utf-8"
    )
    index = project / "docs" / "index.md"  # the user's own link, written as a URL is
    index.write_text(
        index.read_text(encoding="utf-8").replace("(risks.md)", "(risks%20%231%3F50%25%20off.md)"),
        encoding="utf-8",
    )
    site = tmp_path / "site"
    built = run(project, MKDOCS, "build", "--strict", "-d", str(site))
    assert built.returncode == 0, built.stderr
    page = (site / "traceability" / "index.html").read_text(encoding="utf-8")
    hrefs = {h for h in page.split('href="')[1:] if "risks" in h.split('"')[0]}
    assert hrefs, "the traceability page links the renamed chapter"
    for href in {h.split('"')[0] for h in hrefs}:
        assert "#1" not in href and " " not in href  # encoded
        target = unquote(urljoin("traceability/", href.partition("#")[0]))
        assert (site / target / "index.html").is_file(), href
    exported = run(project, SMSDOCS, "export", "--format", "pdf", "-o", str(tmp_path / "out"))
    assert exported.returncode == 0, exported.stderr
    (pdf,) = (tmp_path / "out").glob("*.pdf")
    assert "Risks and compliance" in pdf_text(pdf)
