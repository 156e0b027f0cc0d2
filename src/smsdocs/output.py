"""Writing output files so that a failure never leaves a half-written file behind."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: bytes) -> Path:
    """Write through a temporary file in the same folder, then rename over ``path``.

    The rename is atomic on the same file system, so readers see the old file or the new one,
    never a mix; the file gets the usual permissions (0666 less the umask), like open() gives.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        umask = os.umask(0)
        os.umask(umask)
        Path(tmp).chmod(0o666 & ~umask)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


SOURCES = ("docs", "scope")
"""The project's source folders, which no built output may go into."""


def among_sources(target: Path, root: Path) -> str | None:
    """Where ``target`` would put output among the project's sources ('the project folder',
    'docs/', 'scope/'), or None when it is a folder of its own."""
    where, project = target.resolve(), root.resolve()
    if where == project:
        return "the project folder"
    return next((f"{name}/" for name in SOURCES if where.is_relative_to(project / name)), None)


def replace_folder(new: Path, target: Path) -> Path:
    """Put the folder ``new`` where ``target`` is; the old one goes only once the new is in place.

    Two renames on the same file system: a reader sees the old folder, briefly none, then the
    new one, never a mix of the two.
    """
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    if target.exists():
        target.rename(old)
    try:
        new.rename(target)
    except OSError:
        if old.exists():
            old.rename(target)
        raise
    shutil.rmtree(old, ignore_errors=True)
    return target


def zip_time(epoch: int) -> tuple[int, int, int, int, int, int]:
    """A zip entry's timestamp for SOURCE_DATE_EPOCH (zip times start in 1980)."""
    import time

    year, month, day, hour, minute, second = time.gmtime(max(epoch, 315532800))[:6]
    return (year, month, day, hour, minute, second)


def zip_folder(folder: Path, target: Path, epoch: int) -> Path:
    """Zip ``folder`` into ``target`` reproducibly: sorted names, one timestamp, fixed modes."""
    import io
    import zipfile

    stamp = zip_time(epoch)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            entry = zipfile.ZipInfo(path.relative_to(folder).as_posix(), date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, path.read_bytes())
    return write_atomic(target, buffer.getvalue())
