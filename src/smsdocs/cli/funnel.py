"""The one place smsdocs's own errors become what the user sees, as pypa/build does: an input
that cannot be read at all is one ``error:`` line and exit 2, any other deliberate error one
``error:`` line and exit 1, a signal one line and 128 + its number. Anything else is a bug,
and keeps its traceback."""

from __future__ import annotations

import contextlib
import functools
import sys
from collections.abc import Callable, Iterator
from typing import Any, Final, TypeVar, cast

import click

from smsdocs.errors import InputError, SmsdocsError, printable
from smsdocs.output import no_room
from smsdocs.runnable import commands_runnable

EXIT_OK: Final = 0
EXIT_FINDINGS: Final = 1
EXIT_INPUT: Final = 2
UNREADABLE_CODES: Final = frozenset({"file-unreadable"})


class Fail(click.ClickException):
    """A one-line ``error:`` for problems the user can fix; exits 1."""

    def show(self, file: Any = None) -> None:
        message = "\n".join(printable(line) for line in commands_runnable(self.message).split("\n"))
        click.echo(f"{click.style('error', fg='red', bold=True)}: {message}", err=True)


class Unreadable(Fail):
    """The input cannot be read at all; exits 2 like a usage error."""

    exit_code = EXIT_INPUT


_Command = TypeVar("_Command", bound=Callable[..., None])


def stoppable(command: _Command) -> _Command:
    """Let SIGTERM, SIGINT and SIGHUP end ``command`` through its clean-up: one ``error:``
    line, and the exit code of the signal (128 + its number), as a shell shows it."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> None:
        from smsdocs.running import Interrupted, interruptible

        try:
            with interruptible():
                command(*args, **kwargs)
        except Interrupted as exc:
            Fail(f"stopped by {exc.name}; the previous files are as they were").show()
            sys.exit(128 + exc.signum)

    return cast(_Command, run)


@contextlib.contextmanager
def shown_as_errors() -> Iterator[None]:
    """smsdocs's errors inside the block, raised again as the ``error:`` line they show as."""
    try:
        yield
    except InputError as exc:
        raise Unreadable(str(exc)) from None
    except SmsdocsError as exc:
        raise Fail(str(exc)) from None
    except OSError as exc:  # a full or read-only drive is the machine's, not a bug
        said = no_room(exc)
        if said is None:
            raise
        raise Fail(said) from None


class Funnel(click.Group):
    """The command group whose every command runs inside ``shown_as_errors``."""

    def invoke(self, ctx: click.Context) -> Any:
        with shown_as_errors():
            return super().invoke(ctx)
