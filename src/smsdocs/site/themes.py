"""The figures in the site's light and dark colour schemes.

Material for MkDocs (and Zensical after it) shows an image whose address ends in
``#only-light`` only in the light scheme and one ending in ``#only-dark`` only in the dark
one. A figure smsdocs draws is an SVG file shown as an image, which the page's styles cannot
reach, so each has a variant for dark pages beside it (``smsdocs.render.charts.dark_variant``)
and the site's pages show the pair. The exports, which have one scheme, show the light one.
"""

from __future__ import annotations

import posixpath
import re
from typing import Final

from smsdocs.render.charts import dark_path

LIGHT: Final = "#only-light"
DARK: Final = "#only-dark"

_IMAGE: Final = re.compile(r"!\[((?:[^\[\]\\]|\\.)*)\]\(([^()\s#]+\.svg)\)")
"""An image of an SVG file, by a plain address (no title, no fragment)."""


def themed_figures(markdown: str, page: str, figures: frozenset[str]) -> str:
    """``markdown`` of the page ``page`` (relative to docs/) with each image of a drawn
    figure (one of ``figures``, relative to docs/) shown as its light and dark pair."""
    base = posixpath.dirname(page)

    def pair(found: re.Match[str]) -> str:
        alt, target = found.group(1), found.group(2)
        if posixpath.normpath(posixpath.join(base, target)) not in figures:
            return found.group(0)
        return f"![{alt}]({target}{LIGHT})![{alt}]({dark_path(target)}{DARK})"

    return _IMAGE.sub(pair, markdown)
