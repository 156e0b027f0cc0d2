"""The site's images the pages show, put where the exports' tools can read them."""

from __future__ import annotations

import base64
import hashlib
import os
import shutil
from pathlib import Path
from typing import Final

_MIME: Final = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
}


RASTER: Final = "smsdocs-raster-"
"""How the placeholder of a diagram Word gets as a picture starts (a digest follows)."""


class Images:
    """Images of the site, copied into the export's work folder (SVG, or PNG for Word)."""

    def __init__(self, site_dir: Path, work: Path) -> None:
        self.site_dir = site_dir
        self.work = work
        self.dir = work / "img"
        self.dir.mkdir()
        self.done: dict[tuple[str, bool], str] = {}
        self.pending: dict[str, Path] = {}
        """SVGs to draw as PNG for Word, by the placeholder standing in for them."""

    def get(self, src: str, *, raster: bool) -> str | None:
        key = (src, raster)
        if key in self.done:
            return self.done[key]
        source = (self.site_dir / src).resolve()
        if not source.is_relative_to(self.site_dir.resolve()) or not source.is_file():
            return None
        name = hashlib.sha256(src.encode()).hexdigest()[:16]
        suffix = source.suffix.lower()
        if raster and suffix == ".svg":
            # Drawn as PNG for Word by _rasterise(), many in each Typst run.
            placeholder = f"{RASTER}{name}"
            self.pending[placeholder] = source
            self.done[key] = placeholder
        elif raster:
            # For Word: pandoc's sandbox reads no files, so images travel inside the
            # Markdown as data: URIs.
            mime = _MIME.get(suffix, "image/png")
            data = base64.b64encode(source.read_bytes()).decode("ascii")
            self.done[key] = f"data:{mime};base64,{data}"
        else:
            # For Typst, which reads the image itself from its root folder.
            target = self.dir / f"{name}{suffix}"
            place_file(source, target)
            self.done[key] = f"img/{target.name}"
        return self.done[key]


def place_file(source: Path, target: Path) -> None:
    """Put a file where Typst (confined to the work folder) can read it: linked, else copied."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)
