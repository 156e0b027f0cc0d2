"""Writing the exports: each format asked for, made from the manual, then published as one set."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Final

from smsdocs import running
from smsdocs.errors import ExportError
from smsdocs.export.docx import make_docx
from smsdocs.export.images import Images
from smsdocs.export.manual import FORMATS, Cover, Manual, Options
from smsdocs.export.markdown import chunks
from smsdocs.export.pandoc import find_pandoc
from smsdocs.export.pdf import PART_BYTES, make_pdf
from smsdocs.export.pieces import split
from smsdocs.export.publish import publish_files
from smsdocs.export.typst import Typesetter
from smsdocs.fonts import coverage, drawable, font_dirs
from smsdocs.output import locked, short_name, sweep, work_folder

STEM_MAX: Final = 120
"""The longest the exported files' name may be before its suffix ('-site.zip' and the like)."""


_UNSAFE: Final = re.compile(r"[^A-Za-z0-9._-]+")
EXPORT_SUFFIXES: Final = (".pdf", ".docx")
"""The suffixes of the files an export writes (besides SHA256SUMS)."""


def file_stem(cover: Cover) -> str:
    """The exported files' name: the document id and version, safe on any file system."""
    raw = f"{cover.document_id}-{cover.version}"
    stem = _UNSAFE.sub("-", raw).strip("-.") or "manual"
    return short_name(stem, raw, STEM_MAX)


def superseded_by(cover: Cover, names: Iterable[str]) -> Callable[[str], bool]:
    """Which files the new exports ``names`` supersede: a PDF or DOCX of the same document
    (its name starts as ``file_stem`` starts for this document id) of another version."""
    current = {Path(name).stem for name in names}
    prefix = _UNSAFE.sub("-", f"{cover.document_id}-").lstrip("-.")

    def superseded(name: str) -> bool:
        path = Path(name)
        return (
            path.suffix in EXPORT_SUFFIXES
            and path.stem not in current
            and path.stem.startswith(prefix)
        )

    return superseded


def export(
    manual: Manual,
    out_dir: Path,
    options: Options,
    step: Callable[[str], None] = lambda _: None,
) -> list[Path]:
    """Write the requested formats and a SHA256SUMS manifest into ``out_dir``; ``step``
    hears which format is being made, as each starts."""
    unknown = [f for f in options.formats if f not in FORMATS]
    if unknown:
        raise ExportError(f"unknown export format {unknown[0]!r}; use pdf, docx or all")
    if out_dir.is_dir() and not os.access(out_dir, os.W_OK):
        raise ExportError(f"{out_dir}: the folder is read-only, so no file was written")
    pandoc = find_pandoc()
    stem = file_stem(manual.cover)
    outputs: dict[str, bytes] = {}
    with work_folder("export") as work:
        images = Images(manual.site_dir, work)
        if "pdf" in options.formats:
            step("typesetting the PDF")
            covered = coverage(font_dirs(None) + options.font_paths)
            pieces = chunks(manual, images, pandoc, work, word=False)
            labels = {anchor: words for piece in pieces for anchor, words in piece.labels}
            parts = [drawable(part.document(), covered) for part in split(pieces, PART_BYTES)]
            del pieces
            images.draw_flat(Typesetter(work, options).draw)
            outputs[f"{stem}.pdf"] = make_pdf(manual, parts, labels, work, pandoc, options)
        if "docx" in options.formats:
            step("writing the DOCX")
            pieces = chunks(manual, images, pandoc, work, word=True)
            outputs[f"{stem}.docx"] = make_docx(manual, pieces, images, work, pandoc, options)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        real = out_dir.resolve()  # a link to the folder stays a link; its folder is switched
        with locked(real):  # another export into the same folder waits its turn here
            sweep(real)
            with running.held():  # a signal waits until the set is switched
                publish_files(real, outputs, superseded_by(manual.cover, outputs))
    except OSError as exc:
        raise ExportError(
            f"{out_dir}: could not write the files ({exc.strerror or exc}); "
            "the previous files are as they were"
        ) from None
    return [out_dir / name for name in outputs]
