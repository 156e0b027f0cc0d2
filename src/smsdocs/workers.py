"""Work done in a process of its own: how a run starts one, gives it its job and gets back its
result or its failure. The Typst runs, the PDF join's writers and the pack's offline site all
go this one way.

The run starts ``python -c <entry> module:function`` through :mod:`smsdocs.running` (so the
worker dies with the run, and a signal stops it), writes the job to its standard input and
reads its standard output, both pickled: ``("done", result)`` or ``("failed", message,
detail)``. A worker's function says what went wrong, for the user to read, by raising
:class:`Failed`; any other exception is a bug, and its traceback goes to standard error as
Python prints it (its last line is then the message). Standard error is otherwise the worker's
own: what MkDocs logs while it builds the offline site.

A worker imports this module, its function's module and what that one imports: nothing else
of smsdocs, so that a short job (a Typst run) starts quickly.
"""

from __future__ import annotations

import contextlib
import importlib
import pickle
import sys
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    import subprocess

ENTRY: Final = "from smsdocs.workers import serve; serve()"
"""What a worker process runs; the function to call is its one argument."""


class Failed(Exception):
    """A worker could not do its job, for a reason the user can act on: ``message``, one
    line, and ``detail`` (such as Typst's diagnostic, with the line) for the run to read."""

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail


def run(target: str, job: object, *, timeout: float) -> Any:
    """What the function ``target`` (``"module:function"``) returns for ``job``, run in a
    process of its own; raises :class:`Failed` with the worker's failure, or saying why it
    could not run or stopped."""
    # Imported here, not above: a worker imports this module, and starts no process.
    import subprocess

    from smsdocs import running

    try:
        proc = running.run(_command(target), input=_job(job), timeout=timeout)
    except (OSError, subprocess.SubprocessError) as exc:
        raise Failed(f"it could not run ({exc})") from None
    return _outcome(proc)


@contextlib.contextmanager
def beside(target: str, job: object, *, timeout: float) -> Iterator[Callable[[], Any]]:
    """Start the function ``target`` on ``job`` in a process of its own, to run while the
    block does other work; the block calls what it is given to wait for the result (raising
    :class:`Failed` as :func:`run` does). A worker still running when the block ends, or
    fails, is stopped. Raises OSError if it cannot start."""
    import subprocess  # as in run()

    from smsdocs import running

    with running.beside(_command(target), input=_job(job), timeout=timeout) as wait:

        def result() -> Any:
            try:
                return _outcome(wait())
            except (OSError, subprocess.SubprocessError) as exc:
                raise Failed(f"it could not run ({exc})") from None

        yield result


def _command(target: str) -> list[str]:
    return [sys.executable, "-c", ENTRY, target]


def _job(job: object) -> bytes:
    return pickle.dumps(job, pickle.HIGHEST_PROTOCOL)


def _outcome(proc: subprocess.CompletedProcess[bytes]) -> Any:
    """The result a finished worker handed back; :class:`Failed` with its failure, or with the
    last line it wrote to standard error (a traceback's) when it stopped without saying."""
    reply: Any = ()
    with contextlib.suppress(Exception):  # no reply, or a cut one: said below
        reply = pickle.loads(proc.stdout)  # written by serve(), in the worker this run started
    if not isinstance(reply, tuple):
        reply = ()
    if proc.returncode == 0 and reply[:1] == ("done",):
        return reply[1]
    if reply[:1] == ("failed",):
        raise Failed(str(reply[1]), str(reply[2]))
    lines = proc.stderr.decode("utf-8", "replace").strip().splitlines()
    raise Failed(lines[-1] if lines else f"it stopped with exit code {proc.returncode}")


def serve() -> None:
    """The worker's side: call the function its argument names on the job read from
    standard input, and write what it returns, or its :class:`Failed`, to standard output."""
    module, _, name = sys.argv[1].partition(":")
    job = pickle.loads(sys.stdin.buffer.read())  # written by run(), in the run that started this
    function = getattr(importlib.import_module(module), name)
    reply = sys.stdout.buffer
    sys.stdout = sys.stderr  # what the function prints cannot mix with the reply
    try:
        result = function(job)
    except Failed as exc:
        reply.write(pickle.dumps(("failed", exc.message, exc.detail)))
        reply.flush()
        sys.exit(1)
    reply.write(pickle.dumps(("done", result), pickle.HIGHEST_PROTOCOL))
    reply.flush()
