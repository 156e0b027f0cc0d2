"""The import path projects' ``macros/__init__.py`` use for smsdocs's macros, and MkDocs for
the plugin: both live in ``smsdocs.site``."""

from __future__ import annotations

from smsdocs.site import SmsdocsPlugin, define_env, page_context

__all__ = ["SmsdocsPlugin", "define_env", "page_context"]
