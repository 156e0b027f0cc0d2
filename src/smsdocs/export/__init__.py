"""Export the manual to PDF (pandoc -> Typst -> the typst compiler) and DOCX (pandoc).

The input is what a site build captured: every page in navigation order with the Markdown the
site rendered after macros, so the exports hold the same chapters, in the same order, from the
same text. Nothing here imports MkDocs.

Safety and reproducibility:

* pandoc runs with ``--sandbox`` and Typst with its root confined to a temporary folder, so no
  text can read files; values from the scope reach the Typst template as ``sys.inputs``
  strings, which Typst shows literally, never as markup;
* the same input and ``SOURCE_DATE_EPOCH`` give the same bytes, and ``SHA256SUMS`` records them;
* every file is written under a temporary name and renamed, so a failed export leaves the
  previous files untouched.

The work, module by module: ``manual`` (the input), ``markdown`` (the pages as pandoc reads
them, with their ``images``), ``pandoc`` and ``typst`` (the tools), ``pdf`` and ``docx`` (each
format, made in ``parts``), ``publish`` (the set of files); ``write`` runs them in turn.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from smsdocs.export.manual import (
        FORMATS,
        Captured,
        CapturedEntry,
        Cover,
        Manual,
        Options,
        Part,
        manual_from,
    )
    from smsdocs.export.write import export, file_stem

__all__ = [
    "FORMATS",
    "Captured",
    "CapturedEntry",
    "Cover",
    "Manual",
    "Options",
    "Part",
    "export",
    "file_stem",
    "manual_from",
]


def __getattr__(name: str) -> Any:
    """The public names, imported when first used: a worker process that runs one module of
    the export (Typst, the PDF join) starts without importing the others."""
    if name not in __all__:
        raise AttributeError(f"module 'smsdocs.export' has no attribute {name!r}")
    home = "smsdocs.export.write" if name in ("export", "file_stem") else "smsdocs.export.manual"
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value
