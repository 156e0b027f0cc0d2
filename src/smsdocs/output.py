"""Writing output files so that a failure never leaves a half-written file behind."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Final

from smsdocs.errors import InputError, OutputError

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


NO_ROOM: Final = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS})
"""Why a write fails that no code can help: a full disk, a used-up quota, a read-only drive."""


def no_room(exc: OSError) -> str | None:
    """What to tell the user of a write that failed for want of room (``NO_ROOM``): where, why
    and the fix, as one sentence; None for any other error, which is a bug to show in full."""
    if exc.errno not in NO_ROOM:
        return None
    why = exc.strerror or os.strerror(exc.errno or 0)
    temp = Path(tempfile.gettempdir())
    named = exc.filename2 if exc.filename2 is not None else exc.filename
    path = Path(os.fsdecode(named)) if isinstance(named, str | bytes) else None
    fix = "free space there" if exc.errno != errno.EROFS else "make it writable"
    if path is None or path.is_relative_to(temp):
        return (
            f"could not write in the temporary folder {temp} ({why}); {fix}, or set TMPDIR "
            "to a folder with room"
        )
    return f"{path}: could not write it ({why}); {fix}, or write the output elsewhere"


def short_name(name: str, whole: str, limit: int) -> str:
    """``name`` (a file or folder name made from ``whole``) if it has at most ``limit``
    characters, else cut short and ended with a digest of ``whole``, so that two long names
    cut the same way stay apart and every name fits a file system's 255-byte limit."""
    if len(name) <= limit:
        return name
    digest = hashlib.sha256(whole.encode("utf-8")).hexdigest()[:8]
    return f"{name[: limit - 9].rstrip('-.')}-{digest}"


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

    One exchange of the two names where the system has it (Linux), else two renames, on the
    same file system: a reader sees the old folder or the new one, never a mix of the two. A
    ``target`` that is a mount point (a Docker volume) cannot be renamed: then ``new`` was
    staged inside it (see :func:`staging_for`) and the old contents are removed and the new
    ones moved in, entry by entry.
    """
    if new.parent == target or os.path.ismount(target):
        return _replace_contents(new, target)
    if exchange(new, target):
        shutil.rmtree(new, ignore_errors=True)  # the old folder, under the staging name
        return target
    old = target.with_name(f".{target.name}.smsdocs-{os.getpid()}-old")
    if target.exists():
        target.rename(old)
    try:
        new.rename(target)
    except OSError as exc:
        if old.exists():
            old.rename(target)
        if exc.errno in (errno.EBUSY, errno.EXDEV):
            return _replace_contents(new, target)
        raise
    shutil.rmtree(old, ignore_errors=True)
    return target


def _replace_contents(new: Path, target: Path) -> Path:
    for entry in list(target.iterdir()):
        if entry != new:
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
    for entry in sorted(new.iterdir()):
        shutil.move(entry, target / entry.name)  # a rename where both are on one file system
    new.rmdir()
    return target


def exchange(one: Path, other: Path) -> bool:
    """Swap the names of two files or folders in one step (Linux's RENAME_EXCHANGE).

    False where that cannot be done: another system, a file system without it, a mount
    point, ``other`` missing; nothing has changed then.
    """
    if not sys.platform.startswith("linux"):  # pragma: no cover - the CI runs Linux
        return False
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:  # pragma: no cover - glibc before 2.28
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(one), at_fdcwd, os.fsencode(other), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EBUSY, errno.EXDEV, errno.ENOENT):
        return False
    raise OSError(code, os.strerror(code), str(other))


# --------------------------------------------------------------------------------------------
# Leftovers: every folder a run works in carries its process id, so the next run can tell a
# leftover of a run that was killed (removed) from one of a run still going (left alone).

_LEFTOVER: Final = re.compile(r"smsdocs-(?:[a-z]+-)?(?P<pid>\d+)(?P<old>-old)?(?:-|$)")


def staging_for(target: Path) -> Path:
    """Where to make the next version of the folder ``target``, on its file system: beside
    it, or inside it when it is a mount point (which cannot be renamed)."""
    if os.path.ismount(target):
        return target / f".smsdocs-{os.getpid()}"
    return target.with_name(f".{target.name}.smsdocs-{os.getpid()}")


def running(pid: int) -> bool:
    """Whether the process ``pid`` is still running (a zombie is not)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    try:
        state = Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rpartition(")")[2].split()
    except OSError:
        return True
    return not state or state[0] not in ("Z", "X")


def _stale(name: str) -> re.Match[str] | None:
    found = _LEFTOVER.search(name)
    return found if found and not running(int(found["pid"])) else None


def sweep(target: Path) -> None:
    """Remove what runs that were killed left beside and inside the folder ``target``.

    A folder that was moved aside to make room for a new one, and not put back because the
    run was killed in between, is put back if ``target`` is missing.
    """
    places = [(target.parent, f".{target.name}.smsdocs-"), (target, ".smsdocs-")]
    for folder, prefix in places:
        try:
            entries = [e for e in folder.iterdir() if e.name.startswith(prefix)]
        except OSError:
            continue
        for entry in entries:
            found = _stale(entry.name)
            if found is None:
                continue
            if found["old"] and not target.exists():
                with contextlib.suppress(OSError):
                    entry.rename(target)
            else:
                _remove(entry)


def _remove(entry: Path) -> None:
    if entry.is_dir() and not entry.is_symlink():
        shutil.rmtree(entry, ignore_errors=True)
    else:
        entry.unlink(missing_ok=True)


_WORK_FOLDER: Final = re.compile(r"smsdocs-[a-z]+-\d+-[A-Za-z0-9_]+")


def in_work_folder(path: Path) -> bool:
    """Whether ``path`` is an entry of a folder ``work_folder`` made (in this run or another,
    in whatever temp dir it had)."""
    return _WORK_FOLDER.fullmatch(path.parent.name) is not None


@contextlib.contextmanager
def work_folder(kind: str) -> Iterator[Path]:
    """A temporary folder for this run, removed at the end however the run ends (short of a
    kill -9, after which the next run removes it): ``smsdocs-KIND-PID-*`` in the temp dir."""
    temp = Path(tempfile.gettempdir())
    with contextlib.suppress(OSError):
        for entry in temp.iterdir():
            if entry.name.startswith("smsdocs-") and _stale(entry.name):
                _remove(entry)
    work = Path(tempfile.mkdtemp(prefix=f"smsdocs-{kind}-{os.getpid()}-"))
    try:
        yield work
    finally:
        shutil.rmtree(work, ignore_errors=True)


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` (where the system has flock).

    The lock is taken on the folder itself, so it is taken again if another run swapped a new
    folder in while this one waited.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: renames alone keep each file whole
        yield
        return
    while True:
        handle = os.open(folder, os.O_RDONLY)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX)
            held, now = os.fstat(handle), folder.stat()
        except BaseException:
            os.close(handle)
            raise
        if (held.st_dev, held.st_ino) == (now.st_dev, now.st_ino):
            break
        os.close(handle)
    try:
        yield
    finally:
        os.close(handle)


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
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{target.parent}: cannot make this folder ({exc.strerror})") from None
    with locked(target.parent):  # an export into the same folder swaps it whole
        return write_atomic(target, buffer.getvalue())
