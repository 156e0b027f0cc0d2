"""smsdocs: an ISO/IEC 20000 Service Management System manual as code.

The public API is small: ``check`` validates a project, ``load_scope`` returns its ``Scope``.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from smsdocs.errors import Finding, Mark, ScopeError, SmsdocsError
from smsdocs.model import Scope
from smsdocs.validate import Checked, check, load_scope

try:
    __version__ = version("smsdocs")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

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
