"""smsdocs: an ISO/IEC 20000 Service Management System manual as code.

The public API is small: ``check`` validates a project, ``load_scope`` returns its ``Scope``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from smsdocs.errors import Finding, Mark, ScopeError, SmsdocsError
    from smsdocs.model import Scope
    from smsdocs.validate import Checked, check, load_scope

__version__ = "0.1.0"
"""The release; pyproject.toml reads it from here so it is written once."""

__all__ = [
    "Checked",
    "Finding",
    "Mark",
    "Scope",
    "ScopeError",
    "SmsdocsError",
    "__version__",
    "check",
    "load_scope",
]

_HOMES = {
    "Checked": "smsdocs.validate",
    "Finding": "smsdocs.errors",
    "Mark": "smsdocs.errors",
    "Scope": "smsdocs.model",
    "ScopeError": "smsdocs.errors",
    "SmsdocsError": "smsdocs.errors",
    "check": "smsdocs.validate",
    "load_scope": "smsdocs.validate",
}
"""Where each public name lives. They are imported when first used, so that a process that
needs one small module (a Typst or join worker) does not pay for the validator's import."""


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'smsdocs' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value
