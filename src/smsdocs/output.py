"""Writing output files so that a failure never leaves a half-written file behind."""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from pathlib import Path

from smsdocs.errors import OutputError


def write_atomic(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` so that a reader sees the old file or the new one, never a mix.

    A regular file (or a new one) is written through a temporary file in the same folder and
    renamed over ``path``; it gets the usual permissions (0666 less the umask), like open()
    gives. A symbolic link is followed: the file it points to is replaced and the link stays a
    link. Something that is not a file (a terminal, ``/dev/stdout``, a pipe, a FIFO) is written
    straight through, as a shell's ``>`` does, and never replaced. A folder is refused.
    Problems are an :class:`OutputError` naming ``path``.
    """
    try:
        found = path.stat()  # follows links, /proc's /dev/stdout -> /proc/self/fd/1 included
    except FileNotFoundError:
        found = None
    except OSError as exc:
        raise OutputError(f"{path}: cannot write here ({exc.strerror})") from None
    if found is not None and stat.S_ISDIR(found.st_mode):
        raise OutputError(f"{path}: is a folder; name a file to write")
    try:
        if found is not None and not stat.S_ISREG(found.st_mode):
            return _write_through(path, data)
        return _replace(Path(os.path.realpath(path)), data, shown=path)
    except OSError as exc:
        raise OutputError(f"{path}: could not write it ({exc.strerror})") from None


def _write_through(path: Path, data: bytes) -> Path:
    # No O_CREAT and no temporary file: a device or pipe is written, never made a file.
    fd = os.open(path, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    return path


def _replace(path: Path, data: bytes, *, shown: Path) -> Path:
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
    return shown


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
