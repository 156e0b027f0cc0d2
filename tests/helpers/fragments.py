"""A chapter fragment as a page of the site holds it."""

from __future__ import annotations

from smsdocs import render
from smsdocs.render import material


def on_page(fragment: render.Fragment, ctx: render.Context) -> str:
    """The Markdown the site's page holds where it calls ``fragment``: its blocks as the site's
    writer writes them, linked from the page ``ctx`` is for."""
    return material.fragment(fragment(ctx), ctx.links.page)
