"""Macros of this manual: smsdocs registers its own; add the organisation's below.

``smsdocs.render`` holds what they may build on: ``text()``, ``code()`` and ``markdown()``
make values safe to show, ``table()`` and ``listing()`` lay them out, ``link()`` points at an
entry of the scope by its id, labelled with its name.
"""

from typing import Any

from smsdocs.site import define_env as _smsdocs_env


def define_env(env: Any) -> None:
    _smsdocs_env(env)
    # Add the organisation's own macros here, e.g.:
    # @env.macro
    # def intranet_link(title: str, url: str) -> str:
    #     return f"[{render.text(title)}]({url})"
