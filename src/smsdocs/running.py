"""The processes a run starts, and how a run stops: children never outlive it, and SIGTERM or
SIGINT end it through its ``finally`` blocks, so it leaves no folder or process behind.

* :func:`run` starts a child that the kernel kills when this process dies, even of kill -9
  (Linux's parent-death signal), and that a SIGTERM or SIGINT kills at once;
* :func:`beside` starts such a child to run while this process does other work, and kills it
  if that work fails;
* :func:`interruptible` turns SIGTERM, SIGINT and SIGHUP into :class:`Interrupted`, raised in
  the main thread once the children are stopped, so every ``finally`` removes what it made;
* :func:`held` puts a signal off while a few renames switch outputs, so they all happen or none.

This is the one process-wide state in smsdocs: which children are running and whether a
signal came, which only a signal handler needs, and a signal handler has no other way in.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from types import FrameType
from typing import Final

SIGNALS: Final = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)

# A child that dies with its parent: the parent-death signal is set before the real program
# is started (it survives exec), then the child checks its parent did not die in between.
_LAUNCH: Final = (
    "import ctypes, os, signal, sys\n"
    "ctypes.CDLL(None).prctl(1, signal.SIGKILL)\n"  # PR_SET_PDEATHSIG
    "os.getppid() == int(sys.argv[1]) or sys.exit(137)\n"
    "os.execv(sys.argv[2], sys.argv[2:])\n"
)


_Child = subprocess.Popen[bytes]


class Interrupted(KeyboardInterrupt):
    """A signal asked this run to stop; raised in the main thread, like Ctrl-C."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def name(self) -> str:
        return signal.Signals(self.signum).name


class _State:
    def __init__(self) -> None:
        self.lock = threading.RLock()  # the handler may run while the main thread holds it
        self.children: set[subprocess.Popen[bytes]] = set()
        self.stopping = False
        self.held = 0
        self.pending: int | None = None


_STATE: Final = _State()


def run(
    args: Sequence[str],
    *,
    input: bytes,
    timeout: float,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[bytes]:
    """Run ``args`` to the end with ``input`` on its standard input, capturing its output.

    Raises OSError if it cannot start, subprocess.TimeoutExpired (having killed it) after
    ``timeout`` seconds, and subprocess.SubprocessError once the run is stopping.
    """
    child = _start(args, cwd, env)
    try:
        return _finish(child, args, input, timeout)
    finally:
        with _STATE.lock:
            _STATE.children.discard(child)


@contextlib.contextmanager
def beside(
    args: Sequence[str],
    *,
    input: bytes,
    timeout: float,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
) -> Iterator[Callable[[], subprocess.CompletedProcess[bytes]]]:
    """Start ``args`` now and run it while the block does other work; the block calls what
    it is given to wait for the end (as :func:`run` returns it, and raising as it raises).
    A child still running when the block ends, or fails, is killed: it never outlives it."""
    child = _start(args, cwd, env)
    ended: list[subprocess.CompletedProcess[bytes] | BaseException] = []

    def finish() -> None:
        try:
            ended.append(_finish(child, args, input, timeout))
        except BaseException as exc:  # handed to the waiting thread
            ended.append(exc)

    thread = threading.Thread(target=finish, daemon=True)
    thread.start()

    def wait() -> subprocess.CompletedProcess[bytes]:
        thread.join()
        outcome = ended[0]
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome

    try:
        yield wait
    finally:
        if thread.is_alive():
            with contextlib.suppress(OSError):
                child.kill()
            thread.join()
        with _STATE.lock:
            _STATE.children.discard(child)


def _start(args: Sequence[str], cwd: Path | None, env: dict[str, str] | None) -> _Child:
    command = list(args)
    if sys.platform.startswith("linux"):
        command = [sys.executable, "-S", "-c", _LAUNCH, str(os.getpid()), *command]
    with _STATE.lock:
        if _STATE.stopping:
            raise subprocess.SubprocessError("stopped by a signal")
        child = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=cwd,
            env=env,
        )
        _STATE.children.add(child)
    return child


def _finish(
    child: _Child, args: Sequence[str], input: bytes, timeout: float
) -> subprocess.CompletedProcess[bytes]:
    with child:
        try:
            out, err = child.communicate(input, timeout=timeout)
        except BaseException:
            child.kill()
            raise
    return subprocess.CompletedProcess(list(args), child.returncode, out, err)


def _stop_children() -> None:
    with _STATE.lock:
        _STATE.stopping = True
        children = list(_STATE.children)
    for child in children:
        with contextlib.suppress(OSError):
            child.kill()


@contextlib.contextmanager
def interruptible() -> Iterator[None]:
    """While inside, SIGTERM, SIGINT and SIGHUP stop the children and raise
    :class:`Interrupted`; further signals are ignored while the ``finally`` blocks clean up.
    The previous handlers are back on the way out. Only the main thread can take signals, so
    elsewhere this does nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: FrameType | None) -> None:
        if _STATE.held:
            _STATE.pending = signum
            return
        for each in SIGNALS:
            signal.signal(each, signal.SIG_IGN)
        _stop_children()
        raise Interrupted(signum)

    previous = {each: signal.signal(each, stop) for each in SIGNALS}
    try:
        yield
    finally:
        for each, handler in previous.items():
            signal.signal(each, handler)
        with _STATE.lock:
            _STATE.stopping = False
        _STATE.pending = None


def stopping() -> bool:
    """Whether a signal asked this run to stop."""
    return _STATE.stopping


@contextlib.contextmanager
def held() -> Iterator[None]:
    """Put off a signal until the block is done (it is raised then): for a few renames that
    must all happen, or none."""
    _STATE.held += 1
    try:
        yield
    finally:
        _STATE.held -= 1
        if not _STATE.held and _STATE.pending is not None:
            signum, _STATE.pending = _STATE.pending, None
            signal.raise_signal(signum)
