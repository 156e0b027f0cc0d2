"""Communication records in what readers get: the draft's site, PDF and DOCX list them; the
approved version's build at its tag stays the same bytes when a later commit records its
communication; the audit pack of the version lists the records read at HEAD, names that
commit, and says whether each acknowledged SHA-256 is the PDF's in the pack; verify-pack
passes on it and refuses a file slipped into it."""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers.export import docx_text, pdf_text
from helpers.projects import PROJECTS, commit_all, git, make_project
from helpers.site import mkdocs_build
from smsdocs.cli import cli

pytestmark = [pytest.mark.export]

WRONG = "0123456789abcdef" * 4
"""A well-formed SHA-256 that is not the hash of any PDF here."""


def run(root: Path, *args: str) -> tuple[int, str, str]:
    """smsdocs run in the project's folder, as a user runs it."""
    with contextlib.chdir(root):
        result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def records(pdf_sha256: str) -> str:
    return f"""\
communications:
  - id: comm-customers
    version: v1.0.0
    date: 2026-03-04
    to: [acme, globex]
    how: email with the PDF attached
    by: manager
    record: MAIL-2026-0304
    acknowledgements:
      - {{by: acme, date: 2026-03-05, pdf_sha256: {pdf_sha256.upper()}, record: MAIL-2026-0305}}
      - {{by: globex, date: 2026-03-09, pdf_sha256: {WRONG}}}
  - id: comm-board
    version: v1.0.0
    date: 2026-03-02
    to: boss
    how: management review
"""


def unzip(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def audit_pack(root: Path, out: Path) -> Path:
    code, _, stderr = run(root, "audit-pack", "v1.0.0", "-o", str(out))
    assert code == 0, stderr
    (written,) = out.glob("*.zip")
    return written


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """The minimal project released as v1.0.0 and packed; then a later commit records the
    communication of v1.0.0, one acknowledgement with the SHA-256 of the pack's PDF and one
    with another, and the pack is made again. Returns the project and the two packs."""
    root = make_project(tmp_path_factory.mktemp("told") / "repo", PROJECTS / "minimal" / "scope")
    commit_all(root, "first scope")
    git(root, "tag", "-a", "v1.0.0", "-m", "Scope approved at MR-1")
    before = audit_pack(root, tmp_path_factory.mktemp("before"))
    (pdf_name,) = [n for n in unzip(before) if n.startswith("manual/") and n.endswith(".pdf")]
    sha = hashlib.sha256(unzip(before)[pdf_name]).hexdigest()
    (root / "scope" / "communications.yaml").write_text(records(sha), encoding="utf-8")
    commit_all(root, "Record the communication of v1.0.0")
    after = audit_pack(root, tmp_path_factory.mktemp("after"))
    return root, before, after


def test_the_approved_pdf_is_the_same_bytes_after_its_communication_is_recorded(
    history: tuple[Path, Path, Path],
) -> None:
    """The records of v1.0.0 are in a later commit, so v1.0.0's manual, built from its tag,
    is what it was: the same PDF and DOCX, saying no communication is recorded."""
    _, before, after = history
    was, now = unzip(before), unzip(after)
    manual = sorted(n for n in was if n.startswith("manual/"))
    assert manual == sorted(n for n in now if n.startswith("manual/"))
    for name in manual:
        assert was[name] == now[name], name
    (pdf,) = [n for n in manual if n.endswith(".pdf")]
    text = pdf_text_of(now[pdf])
    assert "No communication of an approved version is recorded." in text
    assert "MAIL-2026-0304" not in text and "Communicated" not in text


def pdf_text_of(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)


def test_the_pack_lists_the_communication_read_at_head(
    history: tuple[Path, Path, Path],
) -> None:
    root, _, after = history
    files = unzip(after)
    head = git(root, "rev-parse", "HEAD")
    date = git(root, "log", "-1", "--format=%cI", "HEAD")
    sha = hashlib.sha256(files["manual/EX-SMS-001-v1.0.0.pdf"]).hexdigest()
    readme = files["README.txt"].decode()
    said = " ".join(readme.split())
    assert (
        f"They are read from the scope at the repository's HEAD when the pack was made, "
        f"commit {head} of {date}, and from the release itself: a pack made later may list "
        "more." in said
    )
    assert f"The SHA-256 of the manual PDF in this pack is {sha}." in said
    assert (
        "- On 2026-03-04, to Acme Retail, Globex, by Sam Manager, how: email with the PDF "
        "attached (record: MAIL-2026-0304). Acknowledged by Acme Retail on 2026-03-05 "
        f"(record: MAIL-2026-0305), the PDF SHA-256 recorded, {sha}, matches the PDF in this "
        "pack. Acknowledged by Globex on 2026-03-09, the PDF SHA-256 recorded, "
        f"{WRONG}, is not the hash of the PDF in this pack." in said
    )
    assert (
        "- On 2026-03-02, to Alex Boss, by" not in said
        and "- On 2026-03-02, to Alex Boss, how: management review. No acknowledgement is recorded."
        in said
    )
    manifest = json.loads(files["manifest.json"])["communications"]
    assert manifest["read_from"] == {"ref": "HEAD", "commit": head, "date": date, "problem": None}
    assert manifest["pdf_sha256"] == sha
    told = {r["id"]: r for r in manifest["records"]}
    assert [a["matches_pdf_in_pack"] for a in told["comm-customers"]["acknowledgements"]] == [
        True,
        False,
    ]
    assert told["comm-board"]["acknowledgements"] == []
    rows = list(csv.reader(io.StringIO(files["communications.csv"].decode())))
    assert rows[0][-2:] == ["PDF SHA-256 recorded", "The PDF in this pack"]
    assert [r[-1] for r in rows[1:]] == [
        "",
        "matches the PDF in this pack",
        "is not the hash of the PDF in this pack",
    ]
    assert "communications.xlsx" in files


def test_a_pack_made_before_any_record_says_none_is_recorded(
    history: tuple[Path, Path, Path],
) -> None:
    _, before, _ = history
    readme = " ".join(unzip(before)["README.txt"].decode().split())
    assert "No communication of v1.0.0 is recorded there." in readme
    assert json.loads(unzip(before)["manifest.json"])["communications"]["records"] == []


def test_verify_pack_passes_and_refuses_a_slipped_in_file(
    history: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    _, _, after = history
    code, stdout, stderr = run(tmp_path, "verify-pack", str(after))
    assert code == 0, stderr
    assert "communications.csv" in unzip(after)["SHA256SUMS"].decode()
    forged = tmp_path / after.name
    with zipfile.ZipFile(after) as source, zipfile.ZipFile(forged, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr("communications-extra.csv", "comm-forged,v1.0.0\n")
    code, stdout, stderr = run(tmp_path, "verify-pack", str(forged))
    assert (code, stdout) == (1, "")
    assert stderr == (
        f"error: {forged.name}: 'communications-extra.csv' is in the pack but SHA256SUMS does "
        "not list it: a file was added\n"
    )


@pytest.mark.slow
def test_the_draft_shows_the_records_on_the_site_and_in_the_pdf_and_docx(
    history: tuple[Path, Path, Path],
) -> None:
    """At HEAD, after the records' commit, the manual is a draft, and it lists them: the
    site's document control and stakeholders pages, the PDF and the DOCX."""
    root, _, _ = history
    code, _, stderr = run(root, "export")
    assert code == 0, stderr
    (pdf,) = (root / "dist").glob("*.pdf")
    (docx,) = (root / "dist").glob("*.docx")
    for text in (pdf_text(pdf), docx_text(docx)):
        # The front page's document control lists them under the approvals.
        front = text.split("Document control", 1)[1].split("Contents", 1)[0]
        assert "Version Communicated To How" in " ".join(front.split())
        assert "v1.0.0 4 Mar 2026 Acme Retail, Globex email with the PDF attached" in " ".join(
            front.split()
        )
        assert "Communication of approved versions" in text
        assert "email with the PDF attached" in text and "MAIL-2026-0304" in text
        assert "Acme Retail on 5 Mar 2026 (MAIL-2026-0305), PDF SHA-256" in " ".join(text.split())
        assert WRONG in text  # the recorded hash in full
        assert "No communication of an approved version is recorded." not in text
        # The release history's entry for v1.0.0 says to whom and when it was communicated.
        assert "To Alex Boss on 2 Mar 2026; To Acme Retail, Globex on 4 Mar 2026" in " ".join(
            text.split()
        )
    build = mkdocs_build(root)
    assert build.returncode == 0, build.output
    for page in ("index.html", "stakeholders/index.html"):
        html = (root / "site" / page).read_text(encoding="utf-8")
        assert "Communication of approved versions" in html
        assert "email with the PDF attached" in html
        assert "#party-acme" in html
    history = (root / "site" / "history" / "index.html").read_text(encoding="utf-8")
    assert "<th>Communicated</th>" in history or ">Communicated<" in history
