"""Pure functions from a ``Scope`` to Markdown fragments and SVG figures.

Nothing here imports a site engine: the same Markdown feeds the site and the PDF/DOCX exports.

Safety rules for text from YAML:

* plain text fields go through ``text()``, which turns every character Markdown, HTML, Jinja,
  attribute lists or pandoc could act on into an HTML entity. Python-Markdown and pandoc both
  decode entities back to the character, so the text shows literally in every output;
* Markdown fields (descriptions, purpose, statement) go through ``markdown()``, which keeps
  their formatting but neutralises raw HTML, attribute lists and pandoc raw blocks, and shows
  the plainest forms of a disallowed link or image as written.

Which links and images may stay live is not decided here, by patterns over Markdown source,
but where a parser has made them: ``smsdocs.sanitise`` on the site, its pandoc filter in the
exports.

The names below are the surface a project's own macros (``macros/__init__.py``) may build on;
the modules of this folder are smsdocs's own and may change between versions:

* ``text``, ``code``, ``markdown``: values from YAML made safe as plain text, inline code or
  Markdown;
* ``table``, ``listing``, ``nothing``, ``when``: a pipe table, a bullet list, the "nothing
  recorded" line, a date;
* ``link``, ``links_to``, ``name_of``, ``Links``: links to entries, labelled with their names;
* ``Context`` and ``macros()``: what the chapter fragments are rendered from, and the
  fragments themselves by name.
"""

from __future__ import annotations

from smsdocs.model import name_of
from smsdocs.render import chapters as _chapters  # noqa: F401 - registers the fragments
from smsdocs.render.blocks import listing, table, when
from smsdocs.render.context import AsOf, Context, Download, Fragment, macros
from smsdocs.render.links import Links
from smsdocs.render.material import link, links_to, nothing
from smsdocs.render.text import code, markdown, text

__all__ = [
    "AsOf",
    "Context",
    "Download",
    "Fragment",
    "Links",
    "code",
    "link",
    "links_to",
    "listing",
    "macros",
    "markdown",
    "name_of",
    "nothing",
    "table",
    "text",
    "when",
]
