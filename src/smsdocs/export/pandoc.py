"""Running pandoc (the executable pypandoc-binary ships), sandboxed.

The manual's pages reach pandoc as its JSON AST (``smsdocs.export.ast``), and pandoc reads the
chapters' Markdown into it without a filter: links, images and record tables are made what the
exports show in Python, on the tree. The Lua filters run where Markdown goes straight to a
document: the changes annex of a pack."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable
from pathlib import Path
from typing import Final

from smsdocs import running
from smsdocs.errors import ExportError
from smsdocs.export.manual import DATA
from smsdocs.sanitise import LINK_SCHEMES

LINKS_FILTER: Final = DATA / "filters" / "links.lua"
"""The pandoc filter that shows disallowed links and images as text (see smsdocs.sanitise);
it is given the schemes a link may use (``sanitise.LINK_SCHEMES``) as metadata."""
SCHEMES_META: Final = "smsdocs-link-schemes"
"""The metadata field that gives the links filter ``sanitise.LINK_SCHEMES``."""
IMAGES_FILTER: Final = DATA / "filters" / "images.lua"
"""The pandoc filter that gives an image in running text its alt text in the PDF."""
RECORDS_FILTER: Final = DATA / "filters" / "records.lua"
"""The pandoc filter that drops a record table's empty header row (``render.blocks.record``)."""


# Markdown as smsdocs writes it: pandoc's own raw-output routes are switched off (```{=typst}
# blocks, `x`{=openxml} inlines, TeX), so no text can reach the output as markup.
PANDOC_FROM: Final = (
    "commonmark_x+implicit_figures-raw_html-raw_attribute-tex_math_dollars-tex_math_gfm-smart"
)
"""CommonMark with pandoc's extensions: three times faster to read than pandoc's own Markdown
on a large manual, and with every raw-output route off (HTML, raw attributes, TeX maths).
Without 'smart' punctuation: the documents show the characters the site shows ("quotes"
stay straight, -- stays two hyphens)."""


PANDOC_PDF: Final = PANDOC_FROM + "-gfm_auto_identifiers"
"""For the PDF: headings get no made-up ids, so the parts' ids cannot clash when joined."""


def find_pandoc() -> str:
    """The pandoc executable that pypandoc-binary ships."""
    try:
        import pypandoc  # type: ignore[import-untyped]
    except ImportError:
        raise ExportError(
            "pandoc is not available: install it with 'pip install pypandoc-binary'"
        ) from None
    try:
        path = str(pypandoc.get_pandoc_path())
    except OSError:
        path = ""
    if not path or not Path(path).is_file():
        raise ExportError(
            "pandoc is not available: reinstall it with "
            "'pip install --force-reinstall pypandoc-binary'"
        )
    return path


def run_pandoc(
    pandoc: str,
    text: str,
    to: str,
    work: Path,
    extra: Iterable[str],
    source: str = PANDOC_FROM,
    env: dict[str, str] | None = None,
    *,
    filters: bool = True,
) -> str:
    """pandoc's output for ``text`` read as ``source``; with ``filters``, smsdocs's Lua
    filters judge its links and images on the way (for Markdown written straight to a
    document)."""
    work = work.absolute()  # pandoc runs in it, so a relative path would name another folder
    args = [
        pandoc,
        "--sandbox",
        *(
            (
                f"--metadata={SCHEMES_META}:{','.join(sorted(LINK_SCHEMES))}",
                f"--lua-filter={LINKS_FILTER}",
                f"--lua-filter={IMAGES_FILTER}",
                f"--lua-filter={RECORDS_FILTER}",
            )
            if filters
            else ()
        ),
        f"--from={source}",
        f"--to={to}",
        "--wrap=none",
        f"--resource-path={work}",
        *extra,
    ]
    try:
        proc = running.run(
            args,
            input=text.encode("utf-8"),
            cwd=work,
            env={**os.environ, **(env or {})},
            timeout=900,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise ExportError(f"pandoc could not run ({exc}); reinstall pypandoc-binary") from None
    if proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ExportError(f"pandoc failed: {message[-1] if message else proc.returncode}")
    return proc.stdout.decode("utf-8")


def pandoc_version(pandoc: str) -> str:
    """The version of the pandoc executable, as it prints it ("3.9")."""
    try:
        proc = running.run([pandoc, "--version"], input=b"", timeout=60)
    except (OSError, subprocess.SubprocessError) as exc:
        raise ExportError(f"pandoc could not run ({exc}); reinstall pypandoc-binary") from None
    first = proc.stdout.decode("utf-8", "replace").split("\n", 1)[0]
    return first.rpartition(" ")[2]
