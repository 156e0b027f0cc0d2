"""The ``smsdocs`` command: the only place that prints, parses arguments or sets exit codes.

Exit codes: 0 clean, 1 findings that fail (or a failed step), 2 usage errors or input that
cannot be read at all. ``commands`` holds the commands, ``report`` the formats findings are
shown in (``interchange`` the SARIF and GitLab reports among them), ``funnel`` the one place
errors become what the user sees.
"""

from __future__ import annotations

from smsdocs.cli import sheets as _sheets  # noqa: F401  (registers import and sheet)
from smsdocs.cli.commands import cli, main

__all__ = ["cli", "main"]
