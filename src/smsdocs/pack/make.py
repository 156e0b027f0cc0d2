"""Making the audit pack: the release and the one before it, the checkout, the manual, the
annex, the workbooks, the communication of the version (read at HEAD), the approval record,
the manifest, the README, SHA256SUMS and the zip."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from smsdocs import __version__, history, signing, workers
from smsdocs.output import work_folder, zip_folder
from smsdocs.pack import communications
from smsdocs.pack.annex import _annex_pdf, _changes, annex_title
from smsdocs.pack.files import _sums, _write
from smsdocs.pack.readme import _readme, one_line
from smsdocs.pack.releases import PackError, _approval, approved, approved_releases
from smsdocs.pack.site import _site_done, _stem
from smsdocs.pack.workbooks import _register, _tables, _traceability
from smsdocs.project import Project


def make_pack(
    project: Project,
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
    from smsdocs.pipeline import export_project
    from smsdocs.validate import check

    root = project.root
    tags = history.tags(root, project.release_pattern)[0]
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
        history.preceding(root, ref, project.release_pattern)[0] if release is not None else tags
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
            released = Project.at(checkout / history.project_in_repository(root))
            source = released.root
            job = {"source": str(source), "work": str(work / "site"), "target": str(pack / "site")}
            # The offline site is a whole MkDocs build: it runs in a process of its own, on
            # the core the export's Typst and pandoc leave idle, while the export runs here.
            step("building the offline site, beside the export")
            with workers.beside("smsdocs.pack.site:offline_site", job, timeout=3600) as site_built:
                exported = export_project(released, pack / "manual", step=step)
                (pack / "manual" / "SHA256SUMS").unlink(missing_ok=True)  # the pack's lists all
                captured, epoch = exported.captured, exported.epoch or 0
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
                        released.fonts,
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
                step("reading the communication of this version at HEAD")
                pdf = next(p for p in exported.files if p.suffix == ".pdf")
                told = communications.communicated(ref, scope, communications.read_head(root), pdf)
                _tables(
                    pack,
                    "communications",
                    mark + "Communication of " + ref,
                    where,
                    communications.rows(told),
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
                json.dumps(
                    {
                        **_manifest(ref, commit, record, epoch, draft, signer),
                        "communications": communications.manifest(told),
                    },
                    indent=2,
                ),
            )
            stem = _stem(scope.document.id, captured.release.version)
            name = f"{stem}-audit-pack{'-DRAFT' if draft else ''}.zip"
            tag_object = (record.get("tag") or {}).get("object")
            _write(
                pack / "README.txt",
                _readme(
                    scope,
                    ref,
                    commit,
                    tag_object,
                    previous,
                    draft,
                    name,
                    signer,
                    record,
                    communications.readme_lines(ref, told, one_line),
                ),
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
    from importlib.metadata import version

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
        # Babel's CLDR data writes the manual's dates, numbers and months in its language.
        "babel": version("babel"),
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
