"""The mkdocs-macros glue: every registered chapter fragment offered to the pages under its
name, with its docstring as its help, the scope's organisation and document as template
variables, and ``medium``, where the page will be read ("site" or "print")."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any, NoReturn

from smsdocs import render
from smsdocs.render import material
from smsdocs.render.context import MEDIA
from smsdocs.site.engine import PluginError
from smsdocs.site.plugin import SmsdocsPlugin


def page_context(env: Any) -> render.Context:
    """The page's view of the manual, for a project's own macro: what smsdocs's chapter
    fragments render from, for the page mkdocs-macros is rendering now.

    ``page_context(env).scope`` is the checked scope (the build stops on any error in it), and
    ``.links`` links from this page (``render.link(ctx.scope, ctx.links, "ceo")``); ``.medium``
    is "site" or "print", ``.today`` the day the manual is worked out for, ``.release`` the
    version and its status. Call it inside a macro, where there is a page: in
    ``macros/__init__.py``, ``ctx = page_context(env)`` in a function registered with
    ``@env.macro``.
    """
    if getattr(env, "page", None) is None:
        raise PluginError(
            "smsdocs: page_context(env) gives the page being rendered: call it inside a "
            "macro (a function under @env.macro), not in define_env itself"
        )
    return _plugin(env).context(env.page.file.src_uri)


NO_PLUGINS = (
    "error: smsdocs: this build runs no MkDocs plugin (a direct 'zensical build' does not), so "
    "the manual's generated pages and scope data are missing; build it with 'mkdocs build' "
    "or 'properdocs build' (see \"Site engines\" in smsdocs's README)"
)
"""What a build that runs mkdocs-compatible macros but no plugin (Zensical's) stops with."""


def _runs_plugins(env: Any) -> bool | None:
    """Whether the build that loads the macros runs MkDocs plugins: False where its
    configuration has no plugins to run (Zensical's macros hand a plain dict), None where
    that cannot be told."""
    conf = getattr(env, "conf", None)
    if conf is None:
        return None
    return hasattr(conf, "plugins")


def _stop(message: str) -> NoReturn:
    """End the build with ``message`` as its one line. Zensical reports any exception a macros
    module raises, SystemExit too, with a traceback of its own through the Python it embeds:
    the process ends here instead, before a page is rendered without the plugin."""
    sys.stderr.write(message + "\n")
    sys.stderr.flush()
    os._exit(1)


def _plugin(env: Any) -> SmsdocsPlugin:
    """The smsdocs plugin of the build mkdocs-macros runs in."""
    found = env.conf.plugins.get("smsdocs")
    if not isinstance(found, SmsdocsPlugin):
        raise PluginError(
            "smsdocs: the macros need the smsdocs plugin; add '- smsdocs' before '- macros' "
            "under 'plugins:' in mkdocs.yml"
        )
    return found


def define_env(env: Any) -> None:
    """Register smsdocs's macros with mkdocs-macros; call it from the project's macros module."""

    if _runs_plugins(env) is False:
        _stop(NO_PLUGINS)

    def plugin() -> SmsdocsPlugin:
        return _plugin(env)

    def register(name: str, fragment: render.Fragment) -> None:
        def macro(*args: Any, **kwargs: Any) -> str:
            if args or kwargs:
                given = ", ".join([*map(repr, args), *(f"{k}={v!r}" for k, v in kwargs.items())])
                raise plugin().macro_error(
                    env.page,
                    f"macro '{name}' takes no arguments, but was called as {name}({given}); "
                    f"write {{{{ {name}() }}}}",
                )
            page = env.page.file.src_uri
            result = fragment(plugin().context(page))
            if plugin().medium == "print" and not isinstance(result, str):
                return plugin().place(page, result)  # the exports write the blocks themselves
            return material.fragment(result, page)

        macro.__name__ = macro.__qualname__ = name
        macro.__doc__ = fragment.__doc__
        env.macro(macro, name)

    for name, fragment in render.macros().items():
        register(name, fragment)

    class _Lazy:
        """A scope section for templates, read when a page uses it, its text escaped like
        every other value from YAML ('{{ organization.name }}' cannot inject markup)."""

        def __init__(self, getter: Callable[[], Any]) -> None:
            self._getter = getter

        def __getattr__(self, name: str) -> str:
            value = getattr(self._getter(), name)
            return "" if value is None else render.text(value)

    env.variables["organization"] = _Lazy(lambda: plugin().scope.organization)
    env.variables["sms_document"] = _Lazy(lambda: plugin().scope.document)

    class _Medium:
        """``medium`` for templates: "site" on the site, "print" in the PDF and DOCX, so a page
        words itself for each (``{% if medium == "print" %}``). Comparing it with anything
        but a medium is a macro error, so a misspelt one cannot quietly pick the site's words."""

        def __str__(self) -> str:
            return plugin().medium

        def __eq__(self, other: object) -> bool:
            if other not in MEDIA:
                known = " or ".join(f"'{m}'" for m in MEDIA)
                # mkdocs-macros %-formats its report of the error: a '%' in it would break it.
                shown = repr(other) if "%" not in repr(other) else "another value"
                raise plugin().macro_error(
                    env.page, f"'medium' is {known}, never {shown}; compare it with one of those"
                )
            return plugin().medium == other

        def __ne__(self, other: object) -> bool:
            return not self == other

        def __hash__(self) -> int:
            return hash(plugin().medium)

    env.variables["medium"] = _Medium()

    class _LeftOut:
        """``left_out`` for templates: the pages left out of the manual because the scope
        data lacks a section they require, so a page can mention another only where it is
        part of the manual (``{% if "implementation.md" not in left_out %}``)."""

        def __contains__(self, page: object) -> bool:
            return page in plugin().left_out

    env.variables["left_out"] = _LeftOut()
