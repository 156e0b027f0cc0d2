"""The site engine smsdocs runs on: MkDocs 1.x, or ProperDocs, its maintained fork, where
ProperDocs is installed in its place. Everything of the engine the rest of ``site/`` uses
comes from here.

ProperDocs keeps MkDocs's modules under its own name and, once ``properdocs.replacement`` is
imported, answers every ``import mkdocs.*`` with its own module (its ``properdocs`` command
does this first). Material, mkdocs-macros and this folder import ``mkdocs.*``; so where
``mkdocs`` is not installed and ProperDocs is, importing this module sets that redirection
up, and everything after it runs on ProperDocs. Where both are installed, MkDocs is used,
unless ProperDocs's command already redirected ``mkdocs`` (a build under ``properdocs``).
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import sys


def _redirect_to_properdocs() -> None:
    """Answer ``import mkdocs.*`` with ProperDocs where only ProperDocs is installed."""
    if "mkdocs" in sys.modules or importlib.util.find_spec("mkdocs") is not None:
        return
    if importlib.util.find_spec("properdocs") is None:
        return  # neither: the import below says MkDocs is missing
    importlib.import_module("properdocs.replacement")


_redirect_to_properdocs()

import mkdocs  # noqa: E402
from mkdocs.config import base, config_options, load_config  # noqa: E402
from mkdocs.config.defaults import MkDocsConfig  # noqa: E402
from mkdocs.exceptions import Abort, ConfigurationError, PluginError  # noqa: E402
from mkdocs.plugins import BasePlugin, event_priority  # noqa: E402
from mkdocs.structure.files import File, Files, InclusionLevel  # noqa: E402
from mkdocs.structure.nav import Link, Navigation, Section  # noqa: E402
from mkdocs.structure.pages import Page  # noqa: E402

NAME: str = mkdocs.__name__
"""The engine's own name: "mkdocs" or "properdocs" (its loggers' names start with it)."""
VERSION: str = mkdocs.__version__
COMMAND: str = NAME
"""The engine's command, as a user runs it: ``mkdocs build``, ``properdocs build``."""


def logger(name: str = "") -> logging.Logger:
    """The engine's logger ``name`` (``"commands.build"``), or its top logger.

    Under ProperDocs the engine's loggers are named ``properdocs.*`` and plugins log to
    ``mkdocs.*``: as ProperDocs's command does, the ``mkdocs`` logger is made a child of
    ``properdocs``, so a strict build counts the plugins' warnings run from smsdocs too."""
    if NAME != "mkdocs":
        legacy = logging.getLogger("mkdocs")
        legacy.parent = logging.getLogger(NAME)
        legacy.propagate = True
    return logging.getLogger(f"{NAME}.{name}" if name else NAME)


def build(config: MkDocsConfig) -> None:
    """The engine's whole build of ``config``: every plugin's events, in the engine's order."""
    from mkdocs.commands.build import build as engine_build

    engine_build(config)


def front_matter(source: str) -> tuple[str, dict[str, object]]:
    """A page's Markdown without its front matter, and the front matter, as the engine reads
    them."""
    from mkdocs.utils.meta import get_data

    return get_data(source)


__all__ = [
    "COMMAND",
    "NAME",
    "VERSION",
    "Abort",
    "BasePlugin",
    "ConfigurationError",
    "File",
    "Files",
    "InclusionLevel",
    "Link",
    "MkDocsConfig",
    "Navigation",
    "Page",
    "PluginError",
    "Section",
    "base",
    "build",
    "config_options",
    "event_priority",
    "front_matter",
    "load_config",
    "logger",
]
