"""The site engine's side of smsdocs: the only folder that imports MkDocs, Material and
mkdocs-macros. Everything the pages show comes from ``smsdocs.render``; this folder files it
into the engine (generated pages and figures, navigation, macros) and runs the engine."""

from __future__ import annotations

from smsdocs.site.capture import Captured, build_site, capture
from smsdocs.site.macros import define_env, page_context
from smsdocs.site.plugin import SmsdocsPlugin

__all__ = ["Captured", "SmsdocsPlugin", "build_site", "capture", "define_env", "page_context"]
