"""Macros of this manual: smsdocs registers its own; add the organisation's below.

``page_context(env)``, called inside a macro, gives it the checked scope (``.scope``) and the
page's links (``.links``). ``smsdocs.render`` holds what they may build on: ``text()``,
``code()`` and ``markdown()`` make values safe to show, ``table()`` and ``listing()`` lay them
out, ``link()`` points at an entry of the scope by its id, labelled with its name.
"""

from typing import Any

from smsdocs import render  # noqa: F401 - for the organisation's macros below
from smsdocs.site import define_env as _smsdocs_env
from smsdocs.site import page_context  # noqa: F401 - for the organisation's macros below


def define_env(env: Any) -> None:
    _smsdocs_env(env)
    # Add the organisation's own macros here, e.g. (a chapter then writes {{ service_owners() }}):
    # @env.macro
    # def service_owners() -> str:
    #     """Each service of the catalogue with the stakeholder who owns it."""
    #     ctx = page_context(env)
    #     rows = [
    #         (render.link(ctx.scope, ctx.links, s.id), render.link(ctx.scope, ctx.links, s.owner))
    #         for s in ctx.scope.services
    #     ]
    #     return render.table(["Service", "Owner"], rows)
    #
    # @env.macro
    # def intranet_link(title: str, url: str) -> str:
    #     return f"[{render.text(title)}]({url})"
