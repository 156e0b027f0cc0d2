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

from smsdocs.errors import ExportError
from smsdocs.load.media import (
    RASTER_MIME,
    embed_images,
    image_problem,
    lfs_pointer,
    svg_images,
)
from smsdocs.load.reach import svg_link_target
from smsdocs.project import logo_in

RASTER: Final = "smsdocs-raster-"
"""How the placeholder of a diagram Word gets as a picture starts (a digest follows)."""


PICTURE_PAGE: Final = "#set page(width: auto, height: auto, margin: 0pt)\n"
"""How a Typst file drawing diagrams as pictures starts: each page the size of its drawing."""

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
        elif suffix == ".svg" and shaped(data.decode("utf-8", errors="replace")):
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
                PICTURE_PAGE + f'#image("img/{copy.name}")',
                encoding="utf-8",
            )
            mains.append((main, target))
        for (_, target), pages in zip(
            mains, draw([main for main, _ in mains], FLAT_PPI), strict=True
        ):
            target.write_bytes(pages[0])


def cover_logo(folder: Path | None, shown: Callable[[Path], str]) -> tuple[str, bytes] | None:
    """The organisation's logo in the export folder ``folder`` (``project.logo_in``), judged
    as any image (an SVG that links an image beside it flattened): its name and bytes, or
    None where the project has none."""
    logo = logo_in(folder)
    if logo is None:
        return None
    return logo.name, image_file(logo.parent, logo.name, shown(logo))[0]


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
