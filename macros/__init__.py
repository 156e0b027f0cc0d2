"""Macros of this manual: smsdocs registers its own; add the organisation's below."""

from typing import Any

from smsdocs.plugin import define_env as _smsdocs_env


def define_env(env: Any) -> None:
    _smsdocs_env(env)
    # Add the organisation's own macros here, e.g.:
    # @env.macro
    # def intranet_link(...): ...
