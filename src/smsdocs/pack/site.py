"""The offline site: a whole MkDocs build of the release that works opened from the file system,
zipped; run in a worker process of its own beside the export."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from smsdocs import history, workers
from smsdocs.errors import SmsdocsError
from smsdocs.output import no_room, zip_folder
from smsdocs.pack.releases import PackError


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
