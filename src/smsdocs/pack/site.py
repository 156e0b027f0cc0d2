"""The offline site: a whole MkDocs build of the release that works opened from the file system,
zipped; run in a worker process of its own beside the export."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from smsdocs import history
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


def offline_site() -> None:
    """Run :func:`offline_site_zip` on the job JSON read from standard input (in a process
    of its own). Its error, if any, is written to standard output as JSON; what MkDocs logs
    goes to standard error."""
    job = json.loads(sys.stdin.buffer.read())
    try:
        offline_site_zip(Path(job["source"]), Path(job["work"]), Path(job["target"]))
    except SmsdocsError as exc:
        sys.stdout.write(json.dumps({"error": str(exc)}))
        sys.exit(1)
    except OSError as exc:
        said = no_room(exc)
        if said is None:
            raise
        sys.stdout.write(json.dumps({"error": said}))
        sys.exit(1)


def _site_done(proc: subprocess.CompletedProcess[bytes]) -> None:
    if proc.returncode == 0:
        return
    try:
        said = str(json.loads(proc.stdout)["error"])
    except (ValueError, KeyError, TypeError):
        lines = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        said = lines[-1] if lines else f"it stopped with exit code {proc.returncode}"
    raise PackError(f"the offline site could not be built: {said}")
