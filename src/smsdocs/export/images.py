"""The site's images the pages show, put where the exports' tools can read them."""

from __future__ import annotations

import base64
import hashlib
import os
import shutil
from pathlib import Path
from typing import Final

from smsdocs.errors import ExportError
from smsdocs.load.media import RASTER_MIME, embed_images, image_problem, svg_images
from smsdocs.load.reach import svg_link_target

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

    def _embedded(self, src: str, data: bytes) -> dict[str, str]:
        return {
            image.href: _embedded_uri(self.site_dir, src, image.href)
            for image in svg_images(data).images
        }

    def get(self, src: str, *, raster: bool) -> str | None:
        key = (src, raster)
        if key in self.done:
            return self.done[key]
        source = (self.site_dir / src).resolve()
        if not source.is_relative_to(self.site_dir.resolve()) or not source.is_file():
            return None
        name = hashlib.sha256(src.encode()).hexdigest()[:16]
        suffix = source.suffix.lower()
        # Judged before pandoc or Typst sees it (smsdocs check says the same, with the line):
        # neither names the file when an image is damaged, and Word embeds any bytes.
        data = source.read_bytes()
        problem = image_problem(suffix, data)
        if problem is not None:
            raise ExportError(f"the image {src} {problem}")
        if suffix == ".svg" and svg_images(data).images:
            # An SVG that links an image beside it, flattened: Typst reads no linked file.
            flat = self.dir / f"{name}-embedded.svg"
            flat.write_bytes(embed_images(data, self._embedded(src, data)))
            source = flat
        if raster and suffix == ".svg":
            # Drawn as PNG for Word by _rasterise(), many in each Typst run.
            placeholder = f"{RASTER}{name}"
            self.pending[placeholder] = source
            self.done[key] = placeholder
        elif raster:
            # For Word: pandoc's sandbox reads no files, so images travel inside the
            # Markdown as data: URIs.
            mime = RASTER_MIME[suffix]
            self.done[key] = f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
        else:
            # For Typst, which reads the image itself from its root folder.
            target = self.dir / f"{name}{suffix}"
            place_file(source, target)
            self.done[key] = f"img/{target.name}"
        return self.done[key]


def _embedded_uri(site_dir: Path, svg: str, href: str) -> str:
    """The data: address of the image an SVG of the site links, for embedding; raises
    ``ExportError`` where the link leads to no whole image inside the site."""
    target = svg_link_target(svg, href)
    root = site_dir.resolve()
    path = (root / target).resolve() if target is not None and not target.startswith("/") else None
    if path is None or not path.is_relative_to(root) or not path.is_file():
        raise ExportError(
            f"the image {svg} links '{href}', which is not an image of the manual; "
            "run 'smsdocs check' to see where"
        )
    suffix = path.suffix.lower()
    data = path.read_bytes()
    problem = image_problem(suffix, data) if suffix in RASTER_MIME else "is not a PNG, JPEG or GIF"
    if problem is not None:
        raise ExportError(f"the image {svg} links '{href}', which {problem}")
    return f"data:{RASTER_MIME[suffix]};base64,{base64.b64encode(data).decode('ascii')}"


def place_file(source: Path, target: Path) -> None:
    """Put a file where Typst (confined to the work folder) can read it: linked, else copied."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)
