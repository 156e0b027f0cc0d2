"""One Typst run, the job of a worker process (:mod:`smsdocs.workers`): its failure is Typst's
message, with Typst's diagnostic (which names the line) as its detail.

A manual is typeset in many such processes, each started afresh, so this module imports
only the worker protocol and ``typst``: what it imports is paid once per process.
"""

from __future__ import annotations

from typing import Any

from smsdocs.workers import Failed


def typeset(job: dict[str, Any]) -> None:
    """Run Typst with the options of ``job`` (``typst.compile``'s keywords)."""
    try:
        import typst

        typst.compile(**job)
    except Exception as exc:  # typst raises its own error types
        message = " ".join((str(exc) or type(exc).__name__).split())
        raise Failed(message, str(getattr(exc, "diagnostic", ""))) from None
