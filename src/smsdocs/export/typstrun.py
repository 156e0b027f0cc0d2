"""One Typst run in a process of its own: the job as JSON on standard input, the message and
Typst's diagnostic on standard error.

A manual is typeset in many such processes, each started afresh, so this module imports
only the standard library and ``typst``: what it imports is paid once per process.
"""

from __future__ import annotations

import json
import sys


def typeset() -> None:
    """Run Typst on the job JSON read from standard input."""
    job = json.loads(sys.stdin.buffer.read())
    try:
        import typst

        typst.compile(**job)
    except Exception as exc:  # typst raises its own error types
        # The message on the first line; Typst's diagnostic, with the line, after it.
        message = " ".join((str(exc) or type(exc).__name__).split())
        sys.stderr.write(message + "\n" + str(getattr(exc, "diagnostic", "")))
        sys.exit(1)
