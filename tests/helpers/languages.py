"""A project in a language, as a user names it, and its site built as a draft is."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path


def in_language(project: Path, language: str) -> None:
    """The project naming ``language`` as a user would: the theme's ``language`` in
    mkdocs.yml, and no ``language`` of the smsdocs plugin."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^      language: .*\n", "", text)
    text, count = re.subn(r"(?m)^(  language:) .*$", rf"\1 {language}", text)
    assert count == 1
    config.write_text(text, encoding="utf-8")


def draft_site(project: Path, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    """``mkdocs build`` of ``project`` into its ``site/``, which must succeed; not strict, since
    a draft's approvals are untagged (``approval-untagged``)."""
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-d", "site"],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
        timeout=timeout,
    )
    assert built.returncode == 0, built.stderr
    return built
