"""The site's images the pages show, put where the exports' tools can read them."""

from __future__ import annotations

import base64
import hashlib
import os
import shutil
from pathlib import Path
from typing import Final

from smsdocs.errors import ExportError
from smsdocs.load.media import (
    RASTER_MIME,
    embed_images,
    image_problem,
    lfs_pointer,
    svg_images,
)
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
        data, flattened = image_file(self.site_dir, src, f"the image {src}")
        if flattened:
            source = self.dir / f"{name}-embedded.svg"
            source.write_bytes(data)
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


def image_file(folder: Path, src: str, shown: str) -> tuple[bytes, bool]:
    """The bytes of the image ``src`` (a path in ``folder``) as the exports give them to
    pandoc and Typst: judged first (raises ``ExportError`` naming it as ``shown``), and an
    SVG's links to images beside it replaced by the images themselves (then True)."""
    data = (folder / src).read_bytes()
    svg = svg_images(data) if Path(src).suffix.lower() == ".svg" and not lfs_pointer(data) else None
    problem = image_problem(Path(src).suffix, data) if svg is None else svg.problem
    if problem is not None:
        raise ExportError(f"{shown} {problem}")
    linked = svg.images if svg is not None else ()
    if not linked:
        return data, False
    uris = {image.href: _embedded_uri(folder, src, shown, image.href) for image in linked}
    return embed_images(data, uris), True


def _embedded_uri(folder: Path, svg: str, shown: str, href: str) -> str:
    """The data: address of the image an SVG in ``folder`` links, for embedding; raises
    ``ExportError`` where the link leads to no whole image inside ``folder``."""
    target = svg_link_target(svg, href)
    root = folder.resolve()
    path = (root / target).resolve() if target is not None and not target.startswith("/") else None
    if path is None or not path.is_relative_to(root) or not path.is_file():
        raise ExportError(
            f"{shown} links '{href}', which is not an image of the manual; "
            "run 'smsdocs check' to see where"
        )
    suffix = path.suffix.lower()
    data = path.read_bytes()
    problem = image_problem(suffix, data) if suffix in RASTER_MIME else "is not a PNG, JPEG or GIF"
    if problem is not None:
        raise ExportError(f"{shown} links '{href}', which {problem}")
    return f"data:{RASTER_MIME[suffix]};base64,{base64.b64encode(data).decode('ascii')}"


def place_file(source: Path, target: Path) -> None:
    """Put a file where Typst (confined to the work folder) can read it: linked, else copied."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)
