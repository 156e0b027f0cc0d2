"""The audit pack: one approved release of the manual, with everything an auditor asks for
about it, in one zip that verifies itself.

Built from a checkout of the release (never from the working tree), as ``bundle`` is: the
PDF and DOCX, the offline site, the changes since the previous approved release (Markdown),
the clause traceability matrix and the register of documented information (XLSX and CSV),
the approval record with the tag and whether its signature verifies, ``manifest.json``,
``README.txt`` and ``SHA256SUMS`` over every file. Two packs of the same tag are the same
bytes: every file is dated with the release's commit, the zip too.

Imports ``export``, ``history``, ``render``, ``site``, ``standards`` and ``output``.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import itertools
import json
import re
import shlex
import textwrap
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from smsdocs import __version__, history, signing, standards, workers
from smsdocs.errors import SmsdocsError, printable
from smsdocs.fonts import coverage, drawable, project_dirs, shipped_dirs
from smsdocs.model import Scope, name_of
from smsdocs.output import no_room, work_folder, zip_folder
from smsdocs.render.text import visible_controls

README: Final = """\
{title}
{rule}

{status}

{holds}

  manual/        the manual as PDF (tagged, PDF/A-2a and PDF/UA-1) and DOCX
  site/          the manual as a website for one version: unzip it and open index.html
  changes.pdf, changes.md
                 what changed in the scope since {previous}: every entry added, removed
                 or changed, by name, with old and new values, and the clauses whose
                 coverage changed
  traceability.xlsx, traceability.csv
                 every clause of ISO/IEC 20000-1 clauses 4 to 10, what addresses it, and
                 its status
  register.xlsx, register.csv
                 the register of documented information (7.5.4)
  approval.json  {approval}
  manifest.json  what built the pack (the ref, the commit, smsdocs, pandoc and Typst), and
                 whether SHA256SUMS is signed, and with which key
{signed_files}  SHA256SUMS     the SHA-256 of every other file of the pack: it lists them all

What the pack proves
--------------------

Checked as below, the pack holds exactly the files SHA256SUMS lists, each once and with the
bytes it was made with: none added, dropped, repeated or changed.{signed_proof}

It does not prove who made it unless it is signed and you compare the key with one you
obtained from the organisation itself: anyone can make a pack that is consistent in itself,
including by removing a signature and every mention of it. If the organisation signs its
packs, refuse one that has no signature by its published key, whatever this file says. That
the release is the one in the organisation's repository is checked there, with git (below).

How to check it
---------------

With smsdocs installed, in the folder that holds the zip:

  smsdocs verify-pack {pack_sh}{key_arg}

It says what it proved, or one line "error: ..." naming what is wrong.

With standard tools only, in a folder holding the zip and nothing else of these names:

Linux and macOS (bash or zsh; on macOS write "shasum -a 256" for "sha256sum"):

  pack={pack_sh}
  unzip -Z1 "$pack" | grep -vxF {skip_sh} | LC_ALL=C sort > listed.txt &&
  unzip -p "$pack" SHA256SUMS | sed 's/^[0-9a-f]\\{{64\\}}  //' | LC_ALL=C sort | diff - listed.txt &&
  mkdir unpacked && unzip -q "$pack" -d unpacked && cd unpacked &&
  sha256sum -c --strict --quiet SHA256SUMS && cd .. && echo 'every file verified'

Windows (PowerShell):

  $pack = {pack_ps}
  Add-Type -AssemblyName System.IO.Compression.FileSystem
  $zip = [IO.Compression.ZipFile]::OpenRead((Resolve-Path -LiteralPath $pack).Path)
  $listed = @($zip.Entries.FullName | Where-Object {{ $_ -cnotin {skip_ps} }}); $zip.Dispose()
  Expand-Archive -LiteralPath $pack -DestinationPath unpacked
  $sums = Get-Content -LiteralPath unpacked\\SHA256SUMS | ForEach-Object {{ $h, $n = $_ -split '  ', 2; [pscustomobject]@{{ Hash = $h.ToUpper(); Name = $n }} }}
  Compare-Object ($sums.Name | Sort-Object) ($listed | Sort-Object)
  $sums | Where-Object {{ (Get-FileHash -Algorithm SHA256 -LiteralPath (Join-Path unpacked $_.Name)).Hash -cne $_.Hash }} | ForEach-Object Name

The last two commands must print nothing: Compare-Object shows a file added, dropped or
repeated, the last a file whose bytes changed.
{signature_steps}
{release_says}

  git rev-parse '{object}^{{commit}}'
{tag_steps}"""
"""The pack's README.txt. Every name in it is data: the text lines show it on one line, and
the commands name only the zip (quoted for each shell) and object ids, never a tag name."""


SSH_STEPS: Final = """
The signature. SHA256SUMS is signed (SHA256SUMS.sig) with the SSH key {fingerprint};
signer.pub is its public key. Obtain the organisation's published key from it (not from
this pack) and save it as published.pub beside the zip. This must print {fingerprint}:

  ssh-keygen -l -f published.pub

Then, after the steps above, this must say: Good "file" signature for signer

  printf 'signer %s\\n' "$(cat published.pub)" > allowed_signers &&
  ssh-keygen -Y verify -f allowed_signers -I signer -n file -s unpacked/SHA256SUMS.sig < unpacked/SHA256SUMS

On Windows, OpenSSH's ssh-keygen (Windows 10 and later) takes the same commands in
PowerShell, with Set-Content allowed_signers ("signer " + (Get-Content published.pub)) for
the printf line and Get-Content unpacked/SHA256SUMS piped into ssh-keygen for the "<".
"""

OPENPGP_STEPS: Final = """
The signature. SHA256SUMS is signed (SHA256SUMS.asc) with the OpenPGP key {fingerprint};
signer.asc is its public key. Obtain the organisation's published key from it (not from
this pack) and import it (gpg --import published.asc). After the steps above, this must say
"Good signature" and name the key {fingerprint} (gpg on Windows: the same):

  gpg --verify unpacked/SHA256SUMS.asc unpacked/SHA256SUMS
"""


class PackError(SmsdocsError):
    """The pack cannot be made: the ref is not an approved release, or git cannot read it."""


@dataclass(frozen=True, slots=True)
class Release:
    """An approved release: its tag, and the approval that records it."""

    tag: history.Tag
    by: str
    date: str
    record: str


def approved(root: Path, tag: history.Tag) -> Release | None:
    """The release ``tag`` is, if its scope records management's approval of that very
    version; None if not (or if the scope there does not pass the check)."""
    scope = history.scope_at(root, tag.name).scope
    if scope is None:
        return None
    approval = next((a for a in scope.approvals if a.version == tag.name), None)
    if approval is None:
        return None
    return Release(
        tag, name_of(scope, approval.by), approval.date.isoformat(), approval.record or ""
    )


def approved_releases(root: Path, tags: Iterable[history.Tag]) -> Iterator[Release]:
    """The approved releases among ``tags``, in their order, each read from git only when
    asked for: the scope at a tag is checked whole, so a pack reads as few as it needs."""
    for tag in tags:
        release = approved(root, tag)
        if release is not None:
            yield release


def signature(root: Path, tag: str) -> tuple[str, str]:
    """Whether the tag is signed and git verifies it with the keys it is configured with,
    and whose it is, as git says it: ("signed, verified", "<who>, <kind> key <fingerprint>"),
    ("signed, not verified: …", "") or ("unsigned", "")."""
    state, said = signing.tag_signature(root, tag)
    if state == "verified":
        return "signed, verified", said
    if state == "unsigned":
        return "unsigned", ""
    return f"signed, not verified: {said}", ""


def make_pack(
    root: Path,
    ref: str | None,
    target: Path,
    *,
    draft: bool = False,
    sign: bool = False,
    step: Callable[[str], None] = lambda _: None,
) -> Path:
    """Write the audit pack of ``ref`` (default: the newest approved release) into the
    folder ``target``; returns the zip. Only an approved release is packed, unless
    ``draft``, which marks every file of the pack DRAFT; ``sign`` signs SHA256SUMS with
    the key git signs with."""
    from smsdocs import export as exporter
    from smsdocs.site import capture
    from smsdocs.validate import check

    tags = history.tags(root, history.release_pattern(root))[0]
    if ref is None:
        release = next(approved_releases(root, tags), None)
        if release is None:
            raise PackError(
                "no approved release to pack: tag the commit management approved with its "
                "version (git tag -a v1.0.0) and record the approval under 'approvals:', or "
                "name a ref and pass --draft"
            )
        ref = release.tag.name
    else:
        history.refuse_option_ref(ref)
        tag = next((t for t in tags if t.name == ref), None)
        release = approved(root, tag) if tag is not None else None
    if release is None and not draft:
        names = [r.tag.name for r in itertools.islice(approved_releases(root, tags), 5)]
        known = f" (approved: {', '.join(names)})" if names else ""
        raise PackError(
            f"{ref!r} is not an approved release: no annotated tag of that name has its "
            f"approval recorded{known}; pack an approved release, or pass --draft to pack "
            "it marked DRAFT"
        )
    try:
        commit = history.commit_of(root, ref)
    except history.GitError:
        raise PackError(
            f"{ref!r} names no commit in this repository; name a release tag (git tag -l), "
            "a branch or a commit"
        ) from None
    # The release before: the newest approved one that REF was made from (on its branch,
    # whatever was tagged later elsewhere), and never REF's own commit; for a release, only
    # one tagged before it, so a tag made later never changes its pack.
    before_it = (
        history.preceding(root, ref, history.release_pattern(root))[0]
        if release is not None
        else tags
    )
    made_from = (
        t
        for t in before_it
        if t.name != ref
        and (made := history.commit_of(root, t.name)) != commit
        and history.is_ancestor(root, made, commit)
    )
    previous = next(approved_releases(root, made_from), None)
    signer = None
    if sign:  # before the long build: a pack that cannot be signed fails now
        try:
            signer = signing.signer_of(root)
            signing.probe(signer)
        except signing.SigningError as exc:
            raise PackError(str(exc)) from None
    with work_folder("pack") as work:
        pack = work / "pack"
        checkout = work / "checkout"
        before = work / "previous"
        try:
            history.add_worktree(root, checkout, ref)
            source = checkout / history.project_in_repository(root)
            epoch = history.commit_epoch(source) or 0
            job = {"source": str(source), "work": str(work / "site"), "target": str(pack / "site")}
            # The offline site is a whole MkDocs build: it runs in a process of its own, on
            # the core the export's Typst and pandoc leave idle, while the export runs here.
            step("building the offline site, beside the export")
            with workers.beside("smsdocs.pack:offline_site", job, timeout=3600) as site_built:
                step("rendering the pages for print")
                captured = capture(source, work / "captured")
                exporter.export(
                    exporter.manual_from(captured, source, epoch),
                    pack / "manual",
                    exporter.Options(
                        formats=list(exporter.FORMATS),
                        epoch=epoch,
                        font_paths=project_dirs(source),
                    ),
                    step,
                )
                (pack / "manual" / "SHA256SUMS").unlink(missing_ok=True)  # the pack's lists all
                step("comparing with the previous approved release")
                now = check(source)
                was = None
                if previous is not None:
                    history.add_worktree(root, before, previous.tag.name)
                    was = check(before / history.project_in_repository(root))
                scope = captured.scope
                mark = "DRAFT: " if draft else ""
                annex = _changes(scope, mark, release, previous, ref, was, now)
                _write(pack / "changes.md", annex)
                where = f"{scope.document.id} · {ref} · {scope.document.classification}"
                header = mark + where
                (pack / "changes.pdf").write_bytes(
                    _annex_pdf(
                        annex,
                        annex_title(mark, previous, ref),
                        header,
                        work,
                        epoch,
                        project_dirs(source),
                    )
                )
                step("writing the traceability matrix and the register")
                titles = {p.src_uri: p.title for p in captured.outline if p.src_uri}
                rows = _traceability(scope, now.page_clauses, titles)
                _tables(pack, "traceability", mark + "Clause traceability", where, rows, epoch)
                _tables(
                    pack,
                    "register",
                    mark + "Documented information",
                    where,
                    _register(scope),
                    epoch,
                )
                step("waiting for the offline site")
                _site_done(site_built)
            record = _approval(root, ref, commit, scope, release, draft)
            _write(pack / "approval.json", json.dumps(record, indent=2, ensure_ascii=False))
            if signer is not None:
                _write(pack / signer.public_name, signer.public)
            _write(
                pack / "manifest.json",
                json.dumps(_manifest(ref, commit, record, epoch, draft, signer), indent=2),
            )
            stem = _stem(scope.document.id, captured.release.version)
            name = f"{stem}-audit-pack{'-DRAFT' if draft else ''}.zip"
            tag_object = (record.get("tag") or {}).get("object")
            _write(
                pack / "README.txt",
                _readme(scope, ref, commit, tag_object, previous, draft, name, signer, record),
            )
            _sums(pack)
            if signer is not None:
                step("signing SHA256SUMS")
                try:
                    signing.sign(signer, pack / "SHA256SUMS")
                except signing.SigningError as exc:
                    raise PackError(str(exc)) from None
            step("writing the zip")
            return zip_folder(pack, target / name, epoch)
        finally:
            for folder in (before, checkout):
                if folder.exists():
                    history.remove_worktree(root, folder)


def offline_site_zip(source: Path, work: Path, target: Path) -> Path:
    """Build the project at ``source`` as a site that works from the file system, in the
    folder ``work``, and zip it into the folder ``target`` as ``<doc>-<version>-site.zip``,
    dated with the project's commit."""
    from smsdocs.site import build_site

    captured = build_site(source, work, offline=True)
    stem = _stem(captured.scope.document.id, captured.release.version)
    return zip_folder(work, target / f"{stem}-site.zip", history.commit_epoch(source) or 0)


def _stem(document_id: str, version: str) -> str:
    """The name the exports give the files of this document and version (``file_stem``)."""
    from smsdocs import export as exporter

    return exporter.file_stem(exporter.Cover("", "", document_id, version, "", "", "", "", ""))


def offline_site(job: dict[str, str]) -> None:
    """:func:`offline_site_zip` as the job of a worker process (:mod:`smsdocs.workers`); what
    MkDocs logs goes to standard error."""
    try:
        offline_site_zip(Path(job["source"]), Path(job["work"]), Path(job["target"]))
    except SmsdocsError as exc:
        raise workers.Failed(str(exc)) from None
    except OSError as exc:
        said = no_room(exc)
        if said is None:
            raise
        raise workers.Failed(said) from None


def _site_done(site_built: Callable[[], object]) -> None:
    try:
        site_built()
    except workers.Failed as failed:
        raise PackError(f"the offline site could not be built: {failed.message}") from None


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")


def _changes(
    scope: Scope,
    mark: str,
    release: Release | None,
    previous: Release | None,
    ref: str,
    was: Any,
    now: Any,
) -> str:
    """The changes annex: which document and releases it compares, then every entry added,
    removed or changed, by name, with old and new values, and the clauses whose coverage
    changed."""
    from smsdocs.render.diff import diff_markdown
    from smsdocs.render.text import code, text

    older = code(previous.tag.name) if previous else "—"
    title = f"# {mark}Changes in the scope from {older} to {code(ref)}\n"
    about = [
        f"{text(scope.organization.name)}, {text(scope.document.title)} "
        f"({text(scope.document.id)}).",
        _approved(ref, release)
        if release is not None
        else f"Version {code(ref)} is not an approved release: this annex is a DRAFT, for "
        "review only.",
    ]
    if previous is not None:
        about.append(
            "It is compared with "
            + _approved(previous.tag.name, previous, "the previous approved release")
            + "."
        )
    intro = "\n" + " ".join(about) + "\n\n"
    if previous is None or was is None or was.scope is None or now.scope is None:
        return title + intro + "No earlier approved release is in its history to compare with.\n"
    changes = history.diff(was.scope, now.scope)
    body = diff_markdown(changes, previous.tag.name, ref, heading="##")
    before = {r.clause: r.status for r in _trace(was.scope, was.page_clauses)}
    after = {r.clause: r.status for r in _trace(now.scope, now.page_clauses)}
    moved = [(c, before[c], after[c]) for c in after if before.get(c) != after[c]]
    coverage = "\n## Clause coverage\n\n" + (
        "\n".join(f"- {c} {standards.CLAUSES[c]}: {a} → {b}" for c, a, b in moved) + "\n"
        if moved
        else "No clause changed its status.\n"
    )
    return title + intro + body + coverage


def _approved(version: str, release: Release, what: str = "") -> str:
    """ "Version v1.1.0 was approved by … on … (record …)", or, with ``what``, "the previous
    approved release, v1.0.0, approved by … on …"."""
    from smsdocs.render.text import code, text

    record = f" (record {text(release.record)})" if release.record else ""
    said = f"approved by {text(release.by)} on {release.date}{record}"
    if what:
        return f"{what}, {code(version)}, {said}"
    return f"Version {code(version)} was {said}."


ANNEX: Final = """\
#set document(title: sys.inputs.title, date: auto)
#set text(lang: "en")
#set page(
  paper: "a4",
  margin: (x: 2.2cm, y: 2.5cm),
  header: text(8pt, fill: luma(90), sys.inputs.header),
  footer: context text(8pt, fill: luma(90))[
    #h(1fr) Page #counter(page).display() of #counter(page).final().first()
  ],
)
#set text(size: 10pt)
#set par(justify: false)
#set table(stroke: 0.5pt + luma(205), inset: (x: 5pt, y: 4pt), fill: (_, y) => if y == 0 { luma(236) })
#show table: set text(8.5pt)
#show table.cell.where(y: 0): set text(weight: "bold")
#show table.cell: set align(left)
#show figure: set align(left)
#show figure: set block(breakable: true)
"""
"""The changes annex's page: A4, the document id, version and classification above, the page
of the pages below, tables as the manual sets them."""


def annex_title(mark: str, previous: Release | None, ref: str) -> str:
    """The changes annex's title, as plain text."""
    return f"{mark}Changes in the scope from {previous.tag.name if previous else '—'} to {ref}"


def _annex_pdf(
    markdown: str, title: str, header: str, work: Path, epoch: int, fonts: tuple[Path, ...]
) -> bytes:
    """The changes annex as a PDF, from its Markdown, through pandoc and Typst as the manual
    is, PDF/A-2a and PDF/UA-1 as it is; dated with the release, so the same release gives
    the same bytes."""
    from smsdocs.export.pandoc import find_pandoc, run_pandoc
    from smsdocs.export.pdf import ACCESSIBLE
    from smsdocs.export.typst import compile_pdf

    # Values of the previous release, checked by the fonts of its day, may hold a character
    # no font has now: shown as its code point, as in the manual's PDF.
    shown = drawable(visible_controls(markdown), coverage(shipped_dirs() + fonts))
    body = run_pandoc(find_pandoc(), shown, "typst", work, [])
    return compile_pdf(
        ANNEX + body, {"title": title, "header": header}, ACCESSIBLE, epoch, font_paths=fonts
    )


def _trace(scope: Scope, page_clauses: Any) -> Sequence[Any]:
    from smsdocs.render.chapters.traceability import trace

    return trace(scope, page_clauses)


def _traceability(scope: Scope, page_clauses: Any, titles: Mapping[str, str]) -> list[list[str]]:
    """The matrix's rows, a header first; a chapter by its title in the manual's contents."""
    from smsdocs.render.chapters.traceability import in_reading_order

    rows = [
        ["Clause", "Title", "Chapters", "Processes", "Owners", "Documents and records", "Status"]
    ]
    for r in _trace(scope, page_clauses):
        rows.append(
            [
                r.clause,
                r.title,
                "; ".join(titles.get(page, page) for page in in_reading_order(r.pages, titles)),
                ", ".join(name_of(scope, p.id) for p in r.processes),
                ", ".join(dict.fromkeys(name_of(scope, p.owner) for p in r.processes)),
                ", ".join([name_of(scope, d) for d in r.documents] + list(r.other)),
                r.status,
            ]
        )
    return rows


def _register(scope: Scope) -> list[list[str]]:
    rows = [["7.5.4 item", "Document", "Id", "Owner", "Where", "Next review"]]
    asked = standards.items_asked({p.type for p in scope.parties})
    for key, title in standards.DOCUMENTED_INFORMATION:
        documents = [d for d in scope.documents if d.item == key]
        if not documents:
            rows.append([title, "No document" if key in asked else "Not needed", "", "", "", ""])
        for d in documents:
            rows.append(
                [
                    title,
                    d.title,
                    d.id,
                    name_of(scope, d.owner) if d.owner else "",
                    d.link or "",
                    d.review.isoformat() if d.review else "",
                ]
            )
    return rows


def _tables(
    pack: Path, name: str, title: str, header: str, rows: list[list[str]], epoch: int
) -> None:
    """``rows`` (a header first) as CSV and as an XLSX workbook with filters, a frozen
    header, column widths, and every date in it the release's. Text is text in both: never
    a formula a spreadsheet would run."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(
        [[_inert(value) for value in row] for row in rows]
    )
    _write(pack / f"{name}.csv", buffer.getvalue())
    (pack / f"{name}.xlsx").write_bytes(_xlsx(title, f"{title} · {header}", rows, epoch))


FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet reads a CSV cell beginning with as a formula (OWASP, CSV injection)."""


def _inert(value: str) -> str:
    """A CSV cell a spreadsheet shows as the text it is: one that would start a formula
    ('=HYPERLINK(…)' in a document's title) is written after a quote, as spreadsheets mark
    text typed in."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


WIDEST: Final = 40
"""The widest a workbook's column is, in characters: wider text wraps."""
LINE_HEIGHT: Final = 15
"""The height of one line of the workbooks' 11-point text, in points."""


def _xlsx(title: str, header: str, rows: list[list[str]], epoch: int) -> bytes:
    """``rows`` (a header first) as a workbook of one sheet, written with XlsxWriter, whose
    files Excel opens without repairing (openxml-audit finds nothing) and are the same bytes
    for the same rows and date."""
    import xlsxwriter  # type: ignore[import-untyped]

    raw = io.BytesIO()
    book = xlsxwriter.Workbook(
        raw,
        # Text is text: never a formula, a link or a number that a spreadsheet would run,
        # follow or reformat.
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    when = dt.datetime.fromtimestamp(epoch, dt.UTC).replace(tzinfo=None)
    book.set_properties({"title": title, "author": "smsdocs", "created": when})
    sheet = book.add_worksheet(re.sub(r"[:\\/?*\[\]]", "", title)[:31])  # a sheet name's rules
    heading = book.add_format({"bold": True, "valign": "top"})
    text = book.add_format({"text_wrap": True, "valign": "top"})
    widths = [
        min(max(max(len(v) for v in column) + 2, 8), WIDEST) for column in zip(*rows, strict=True)
    ]
    for number, row in enumerate(rows):
        for column, value in enumerate(row):
            if value:
                sheet.write_string(number, column, value, heading if number == 0 else text)
        # Each row as tall as its most wrapped cell: not every reader sizes wrapped rows.
        lines = max(
            sum(-(-len(part) // (width - 1)) or 1 for part in value.split("\n"))
            for value, width in zip(row, widths, strict=True)
        )
        if number and lines > 1:
            sheet.set_row(number, LINE_HEIGHT * lines)
    for column, width in enumerate(widths):
        sheet.set_column(column, column, width)
    last_row, last_column = len(rows) - 1, len(widths) - 1
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, last_row, last_column)
    # Printed, the sheet fits the width of landscape A4, repeats its header row on every
    # page, and says what it is and which page.
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)
    sheet.print_area(0, 0, last_row, last_column)  # the table only: LibreOffice adds a column
    sheet.hide_gridlines(0)  # shown on screen and on paper
    sheet.set_header("&L" + header.replace("&", "&&"))  # '&' starts a field code
    sheet.set_footer("&RPage &P of &N")
    book.close()
    return raw.getvalue()


def _approval(
    root: Path, ref: str, commit: str, scope: Scope, release: Release | None, draft: bool
) -> dict[str, Any]:
    approval = next((a for a in scope.approvals if a.version == ref), None)
    tag = release.tag if release is not None else None
    said = signature(root, ref) if tag is not None else ("", "")
    return {
        "draft": draft,
        "version": ref,
        "approval": None
        if approval is None
        else {
            "by": name_of(scope, approval.by),
            "by_id": approval.by,
            "date": approval.date.isoformat(),
            "record": approval.record,
        },
        "tag": None
        if tag is None
        else {
            "name": tag.name,
            "object": tag.object,
            "tagger": tag.tagger,
            "date": tag.date,
            "message": tag.message,
        },
        "commit": commit,
        "signature": said[0] if tag is not None else "not a tag",
        "signed_by": said[1],
    }


def _manifest(
    ref: str,
    commit: str,
    record: dict[str, Any],
    epoch: int,
    draft: bool,
    signer: signing.Signer | None,
) -> dict[str, Any]:
    """What built the pack, and whether SHA256SUMS is signed and with which key: the
    manifest is listed in SHA256SUMS, so a pack that says it is signed cannot lose its
    signature unnoticed without a new SHA256SUMS."""
    from smsdocs.export.pandoc import find_pandoc, pandoc_version
    from smsdocs.export.typst import typst_version
    from smsdocs.fonts import shipped_versions

    return {
        "draft": draft,
        "ref": ref,
        "commit": commit,
        "tag_object": (record.get("tag") or {}).get("object"),
        "smsdocs": __version__,
        "pandoc": pandoc_version(find_pandoc()),
        "typst": typst_version(),
        "fonts": shipped_versions(),
        "date": dt.datetime.fromtimestamp(epoch, dt.UTC).isoformat(),
        "signature": None
        if signer is None
        else {
            "file": signer.signature_name,
            "kind": signer.kind,
            "fingerprint": signer.fingerprint,
            "public_key": signer.public_name,
        },
    }


def one_line(value: str) -> str:
    """A name as one line of text: line breaks and runs of spaces as one space, and the
    characters that steer a terminal shown as escapes. A name is data: it never starts a
    line of its own in a file that tells a reader what to do."""
    return printable(" ".join(value.split()))


def sh_quote(value: str) -> str:
    """``value`` as one word for bash, zsh and sh, whatever it holds."""
    return shlex.quote(value)


def ps_quote(value: str) -> str:
    """``value`` as one literal string for PowerShell: single-quoted, its quotes (PowerShell
    reads the typographic ones as quotes too) doubled."""
    return "'" + re.sub("(['\u2018\u2019\u201a\u201b])", r"\1\1", value) + "'"


def _readme(
    scope: Scope,
    ref: str,
    commit: str,
    tag_object: str | None,
    previous: Release | None,
    draft: bool,
    zip_name: str,
    signer: signing.Signer | None,
    record: Mapping[str, Any],
) -> str:
    title = one_line(f"Audit pack: {scope.document.title}, {ref}")
    status = (
        "DRAFT: this version is not an approved release; it is packed for review only."
        if draft
        else "An approved release."
    )
    skip = ["SHA256SUMS", *([signer.signature_name] if signer else [])]
    signed_files = (
        ""
        if signer is None
        else f"  {signer.public_name:<14} the public key that signed SHA256SUMS\n"
        f"  {signer.signature_name:<14} the signature of SHA256SUMS\n"
    )
    signed_proof = (
        ""
        if signer is None
        else f" SHA256SUMS is signed by the {'SSH' if signer.kind == 'ssh' else 'OpenPGP'} key "
        f"{signer.fingerprint}: compared with the key the organisation publishes, that says "
        "who vouches for these files."
    )
    steps = ""
    if signer is not None:
        template = SSH_STEPS if signer.kind == "ssh" else OPENPGP_STEPS
        steps = template.format(fingerprint=signer.fingerprint)
    if tag_object is None:
        tag_says, tag_steps = ". The ref is not a tag: the commit is what identifies it.", ""
        what = f"ref {one_line(ref)}"
    else:
        tag_steps = f"  git cat-file tag {tag_object}\n"
        if str(record.get("signature", "")).startswith("signed"):
            tag_says = (
                ", the second shows the tag's name and message, and the third must verify the "
                "tag's signature with the organisation's key."
            )
            tag_steps += f"  git verify-tag {tag_object}\n"
        else:
            tag_says = (
                " and the second shows the tag's name and message. The tag is not signed: "
                "git verify-tag cannot check it, and the commit is what identifies the release."
            )
        what = f"tag {one_line(ref)}"
    document, organisation = one_line(scope.document.id), one_line(scope.organization.name)
    # Names stay inside their lines (never wrapped to the start of one), as elsewhere.
    if draft:
        # A draft is built from whatever commit the ref names: never "released" there.
        holds = (
            f"This pack holds a draft of {document} of {organisation}: the manual as it stands\n"
            f"at the commit {commit} (the git {what}), which is not an approved release.\n"
            "It is packed for review, with what an auditor would need to assess it:"
        )
    else:
        holds = (
            f"This pack holds {document} {one_line(ref)} of {organisation}, as released at the "
            f"git {what}\n(commit {commit}), and what an auditor needs to assess it:"
        )
    key = {"ssh": " --key published.pub", "openpgp": " --key published.asc"}
    return README.format(
        title=title,
        rule="=" * len(title),
        status=status,
        approval=(
            "the approval recorded for this version, if any (a draft is not an approved\n"
            "                 release), the tag if it is one, and whether git verifies its\n"
            "                 signature, and whose it is"
            if draft
            else "management's approval of this version, the tag, and whether git verifies\n"
            "                 the tag's signature, and whose it is"
        ),
        holds=holds,
        previous=one_line(previous.tag.name) if previous else "(no earlier approved release)",
        signed_files=signed_files,
        signed_proof=signed_proof,
        pack_sh=sh_quote(zip_name),
        pack_ps=ps_quote(zip_name),
        key_arg=key[signer.kind] if signer else "",
        skip_sh=" ".join(f"-e {s}" for s in skip),
        skip_ps=",".join(f"'{s}'" for s in skip),
        signature_steps=steps,
        object=tag_object or commit,
        release_says=textwrap.fill(
            f"The {'commit' if draft else 'release'} in the organisation's repository: in a "
            f"clone of it, the first command must print {commit}{tag_says}",
            90,
        ),
        tag_steps=tag_steps,
    )


def _sums(pack: Path) -> None:
    """SHA256SUMS: the SHA-256 of every file of the pack but itself (and the signature of
    it, made after), sorted by name."""
    lines = [
        f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {path.relative_to(pack).as_posix()}"
        for path in sorted(p for p in pack.rglob("*") if p.is_file())
    ]
    _write(pack / "SHA256SUMS", "\n".join(lines))
