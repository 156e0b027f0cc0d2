"""The site's images the pages show, put where the exports' tools can read them."""

from __future__ import annotations

import base64
import hashlib
import os
import re
import shutil
import unicodedata
from collections.abc import Callable, Sequence
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


FLAT_PPI: Final = 300
"""Pixels per inch of a diagram the PDF shows as a picture (see ``shaped``)."""

_SVG_TEXT: Final = re.compile(r">([^<]+)<")


def shaped(svg: str) -> bool:
    """Whether the text of an SVG holds letters that are shaped together (Arabic's joined
    forms, the marks of Thai and Devanagari, right-to-left text): Typst draws such text in a
    diagram without saying which characters its glyphs are, which a PDF/A file must, so the
    PDF shows such a diagram as a picture Typst draws of it."""
    return any(
        unicodedata.category(char) in {"Mn", "Mc", "Me"}
        or unicodedata.bidirectional(char) in {"R", "AL"}
        or 0x0900 <= ord(char) <= 0x0DFF
        or 0x0E00 <= ord(char) <= 0x0EFF
        or 0x1000 <= ord(char) <= 0x109F
        or 0x1780 <= ord(char) <= 0x17FF
        for run in _SVG_TEXT.findall(svg)
        for char in run
        if not char.isascii()
    )


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
        self.flat: dict[Path, Path] = {}
        """SVGs to draw as PNG for the PDF (see ``shaped``), by the PNG's path."""

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
        elif suffix == ".svg" and shaped(source.read_text(encoding="utf-8", errors="replace")):
            target = self.dir / f"{name}.png"
            self.flat[target] = source
            self.done[key] = f"img/{target.name}"
        else:
            # For Typst, which reads the image itself from its root folder.
            target = self.dir / f"{name}{suffix}"
            place_file(source, target)
            self.done[key] = f"img/{target.name}"
        return self.done[key]

    def draw_flat(self, draw: Callable[[Sequence[Path], int], list[list[bytes]]]) -> None:
        """Draw each SVG the PDF shows as a picture, with ``draw`` (``Typesetter.draw``)."""
        if not self.flat:
            return
        mains = []
        for number, (target, source) in enumerate(self.flat.items()):
            copy = self.dir / f"flat-{number}.svg"
            place_file(source, copy)
            main = self.work / f"flat-{number}.typ"
            main.write_text(
                f'#set page(width: auto, height: auto, margin: 0pt)\n#image("img/{copy.name}")',
                encoding="utf-8",
            )
            mains.append((main, target))
        for (_, target), pages in zip(
            mains, draw([main for main, _ in mains], FLAT_PPI), strict=True
        ):
            target.write_bytes(pages[0])


def place_file(source: Path, target: Path) -> None:
    """Put a file where Typst (confined to the work folder) can read it: linked, else copied."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)
