"""smsdocs: an ISO/IEC 20000 Service Management System manual as code.

The public API is small: ``check`` validates a project, ``load_scope`` returns its ``Scope``.
"""

from __future__ import annotations

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
