"""Writing output files so that a failure never leaves a half-written file behind."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Final

from smsdocs.errors import InputError

MAX_EPOCH: Final = 2**32 - 1
"""The latest SOURCE_DATE_EPOCH every output can hold: gzip (the sitemap MkDocs writes)
stores its time in 32 bits, so 2106-02-07."""


def source_date_epoch(environ: Mapping[str, str] | None = None) -> int | None:
    """SOURCE_DATE_EPOCH from the environment, None when it is not set.

    A value no output could hold (not a whole number, negative, past 2106) is refused
    with an ``InputError``, before MkDocs or the exports stumble over it.
    """
    text = (os.environ if environ is None else environ).get("SOURCE_DATE_EPOCH")
    if text is None:
        return None
    stripped = text.strip()
    digits = stripped.lstrip("0") or "0"
    # Ten digits at most before converting: Python refuses numbers of thousands of digits.
    epoch = int(digits) if stripped.isascii() and stripped.isdigit() and len(digits) <= 10 else -1
    if 0 <= epoch <= MAX_EPOCH:
        return epoch
    shown = stripped if len(stripped) <= 24 else stripped[:24] + "..."
    raise InputError(
        f"SOURCE_DATE_EPOCH is {shown!r}, not a time the outputs can hold; set it to the "
        f"seconds since 1970 (0 to {MAX_EPOCH}), such as the commit date from "
        "'git log -1 --format=%ct', or unset it"
    )


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
