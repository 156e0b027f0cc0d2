"""Commands named so that they run as written: `make manual` installs smsdocs and mkdocs into
``.venv/bin``, which is not on ``PATH`` until the environment is activated."""

from __future__ import annotations

import re
import shlex
import shutil
import sys
from collections.abc import Callable
from pathlib import Path


def runnable(
    name: str,
    bin_dir: Path | None = None,
    which: Callable[[str], str | None] = shutil.which,
) -> str:
    """``name`` when ``PATH`` finds this installation's own ``name``; otherwise the full path
    of the ``name`` beside this interpreter (``bin_dir``), quoted for a shell, so a next step
    printed with it works as written. Just ``name`` where the interpreter has no such script
    beside it (run as ``python -m smsdocs`` from a source tree): nothing better is known."""
    own = (bin_dir if bin_dir is not None else Path(sys.executable).parent) / name
    if not own.is_file():
        return name
    found = which(name)
    if found is not None and _same(Path(found), own):
        return name
    return shlex.quote(str(own.absolute()))


def _same(a: Path, b: Path) -> bool:
    try:
        return a.samefile(b)
    except OSError:
        return False


_QUOTED_COMMAND = re.compile(r"'(smsdocs|mkdocs) ")


def commands_runnable(message: str, name: Callable[[str], str] = runnable) -> str:
    """``message`` with each command it quotes (\'smsdocs check\', \'mkdocs serve\') named so
    that it runs as written, as :func:`runnable` names it."""
    return _QUOTED_COMMAND.sub(lambda m: f"'{name(m.group(1))} ", message)
