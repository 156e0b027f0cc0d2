"""The pack's files on disk: text written whole with a final newline, and SHA256SUMS over every
file."""

from __future__ import annotations

import hashlib
from pathlib import Path


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")


def _sums(pack: Path) -> None:
    """SHA256SUMS: the SHA-256 of every file of the pack but itself (and the signature of
    it, made after), sorted by name."""
    lines = [
        f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {path.relative_to(pack).as_posix()}"
        for path in sorted(p for p in pack.rglob("*") if p.is_file())
    ]
    _write(pack / "SHA256SUMS", "\n".join(lines))
