"""Publishing the exported files into their folder as one set, with their SHA256SUMS."""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Final

from smsdocs.output import exchange, staging_for

MANIFEST: Final = "SHA256SUMS"


def _none(name: str) -> bool:
    """No file is superseded."""
    return False


def publish_files(
    out_dir: Path, outputs: dict[str, bytes], superseded: Callable[[str], bool] = _none
) -> None:
    """Put the new files and their SHA256SUMS into ``out_dir`` as one set.

    The set replaces the files the previous SHA256SUMS lists that ``superseded`` names (the
    exports of another version of the same document): they leave in the same switch, so the
    folder holds one version. Files the previous SHA256SUMS does not list were not written
    here by an export, and stay as they are (unlisted); listed files ``superseded`` does not
    name (another format of the same version) stay, listed.

    ``sha256sum -c SHA256SUMS`` passes in ``out_dir`` at every moment, and it holds either the
    whole previous set or the whole new one, wherever the export stops (a full disk, a
    read-only folder, a kill -9):

    1. the next version of the folder is made beside it, on the same file system: hard links
       to the files it keeps (another format's file, anything else that is there, but not the
       superseded files), the new files, and the SHA256SUMS of them all; a failure here
       leaves ``out_dir`` untouched;
    2. one exchange of the two names (Linux's RENAME_EXCHANGE) puts it in place: no moment
       has half of each set, nor no folder;
    3. the previous version, now under the staging name, is removed; the next export removes
       it if this one is killed first (the name holds the process id).

    Where the folder cannot be exchanged (a mount point such as a Docker volume, a system
    without RENAME_EXCHANGE, a folder holding folders, a parent that cannot be written), the
    same files are staged inside ``out_dir`` and renamed in one by one: first a SHA256SUMS of
    only the files that stay, then the superseded files are removed, then the new files are
    renamed in, then the full SHA256SUMS. Every write happens before the first rename, so a full
    disk still changes nothing; only a kill between the renames (microseconds) leaves new files
    not yet listed, which the next export lists, or superseded files no longer listed, which
    stay until removed by hand.
    """
    gone = {
        name
        for name in listed(out_dir)
        if name not in outputs and name != MANIFEST and superseded(name)
    }
    kept, full = _manifests(out_dir, outputs, gone)
    staging = staging_for(out_dir)
    if staging.parent != out_dir and _carry(out_dir, staging, skip={*outputs, MANIFEST, *gone}):
        try:
            for name, data in outputs.items():
                _put(staging / name, data)
            _put(staging / MANIFEST, full.encode("utf-8"))
            _sync(staging)
            if exchange(staging, out_dir):
                _sync(out_dir.parent)
                shutil.rmtree(staging, ignore_errors=True)  # the previous set
                return
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        shutil.rmtree(staging, ignore_errors=True)
    staging = out_dir / f".smsdocs-{os.getpid()}"
    staging.mkdir()
    try:
        for name, data in outputs.items():
            _put(staging / name, data)
        _put(staging / f"{MANIFEST}.kept", kept.encode("utf-8"))
        _put(staging / MANIFEST, full.encode("utf-8"))
        _sync(staging)
        (staging / f"{MANIFEST}.kept").replace(out_dir / MANIFEST)
        for name in sorted(gone):
            _remove_file(out_dir / name)
        for name in outputs:
            (staging / name).replace(out_dir / name)
        (staging / MANIFEST).replace(out_dir / MANIFEST)
        _sync(out_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def listed(out_dir: Path) -> dict[str, str]:
    """The files ``out_dir``'s SHA256SUMS lists, with their digests (in lower case); none
    where it has no SHA256SUMS."""
    manifest = out_dir / MANIFEST
    if not manifest.is_file():
        return {}
    found = {}
    for line in manifest.read_text(encoding="utf-8", errors="replace").splitlines():
        digest, _, name = line.partition("  ")
        if name:
            found[name] = digest.lower()
    return found


def _manifests(out_dir: Path, outputs: dict[str, bytes], gone: set[str]) -> tuple[str, str]:
    """SHA256SUMS of the files in ``out_dir`` that stay as they are, and of the new set: the
    listed files that are still there and not ``gone``, and the new ones."""
    sums = {
        name: digest
        for name, digest in listed(out_dir).items()
        if name not in outputs and name not in gone and (out_dir / name).is_file()
    }

    def text(entries: dict[str, str]) -> str:
        return "".join(f"{digest}  {name}\n" for name, digest in sorted(entries.items()))

    new = {name: hashlib.sha256(data).hexdigest() for name, data in outputs.items()}
    return text(sums), text({**sums, **new})


def _carry(out_dir: Path, staging: Path, skip: set[str]) -> bool:
    """Make ``staging`` a copy of ``out_dir`` by hard links (less the names in ``skip``);
    False, with nothing left behind, where that cannot be done."""
    try:
        staging.mkdir()
    except OSError:
        return False
    try:
        found = out_dir.stat()
        staging.chmod(stat.S_IMODE(found.st_mode))
        if found.st_uid != os.getuid() or found.st_gid != os.getgid():
            os.chown(staging, found.st_uid, found.st_gid)
        for entry in out_dir.iterdir():
            if entry.name in skip or entry.name.startswith(".smsdocs-"):
                continue
            if entry.is_symlink():
                (staging / entry.name).symlink_to(entry.readlink())
            elif entry.is_file():
                os.link(entry, staging / entry.name, follow_symlinks=False)
            else:
                raise OSError(errno.EISDIR, "not a file", str(entry))
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)
        return False
    return True


def _remove_file(path: Path) -> None:
    """Remove a superseded file; a folder or a link by that name is not one smsdocs wrote."""
    if path.is_file() and not path.is_symlink():
        path.unlink()


def _put(path: Path, data: bytes) -> None:
    """Write a new file and wait until it is on the disk (it is about to be swapped in)."""
    with path.open("xb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _sync(folder: Path) -> None:
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    except OSError:  # pragma: no cover - some file systems cannot sync a folder
        pass
    finally:
        os.close(handle)
