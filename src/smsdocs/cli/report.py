"""Findings as the user reads them: text for people (with colour), GitHub workflow
annotations, JSON for tools, SARIF and GitLab Code Quality for review tools, and the
one-line summary."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final, Literal

import click

from smsdocs import __version__
from smsdocs.cli import interchange
from smsdocs.errors import Finding, Mark, printable

Format = Literal["text", "github", "json", "sarif", "gitlab"]


def show(
    findings: Sequence[Finding],
    root: Path,
    fmt: Format,
    *,
    errors: int,
    warnings: int,
    files: int,
    strict: bool,
) -> None:
    """Print the findings of a check of the project at ``root`` in the format asked for."""
    paths = _Paths(root)
    if fmt == "json":
        click.echo(json.dumps([_as_json(f, paths) for f in findings], indent=2))
        return
    if fmt == "sarif":
        click.echo(json.dumps(interchange.sarif(findings, paths, __version__), indent=2))
        return
    if fmt == "gitlab":
        click.echo(json.dumps(interchange.gitlab(findings, paths), indent=2))
        return
    for finding in findings:
        click.echo(_github(finding, paths) if fmt == "github" else _text(finding, paths))
    summary = _summary(errors, warnings, files)
    if fmt == "github" or not findings:
        click.echo(summary)
    else:
        click.echo(click.style(summary, bold=True))
    if strict and warnings and not errors:
        click.echo("warnings fail the check because of --strict")


class _Paths:
    """Shows project-relative marks relative to the current folder, so editors can open them."""

    def __init__(self, root: Path) -> None:
        self.prefix = "" if root.resolve() == Path.cwd().resolve() else os.path.relpath(root)

    def __call__(self, mark: Mark) -> Mark:
        if not self.prefix:
            return mark
        file = Path(self.prefix, mark.file).as_posix() + ("/" if mark.file.endswith("/") else "")
        return Mark(file, mark.line, mark.column)


_COLOURS: Final = {"error": "red", "warning": "yellow"}


def _text(finding: Finding, paths: _Paths) -> str:
    # File names and messages quote the user's text, which may hold terminal controls.
    head = click.style(f"{printable(str(paths(finding.mark)))}:", bold=True)
    severity = click.style(
        f"{finding.severity}[{finding.code}]", fg=_COLOURS[finding.severity], bold=True
    )
    lines = [f"{head} {severity}: {printable(finding.message)}"]
    lines.extend(
        f"  {printable(str(paths(note.mark)))}: {click.style('note', fg='cyan')}: "
        f"{printable(note.message)}"
        for note in finding.notes
    )
    return "\n".join(lines)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _github(finding: Finding, paths: _Paths) -> str:
    mark = paths(finding.mark)
    props = [f"file={_escape_property(printable(mark.file))}"]
    if mark.line:
        props += [f"line={mark.line}", f"col={mark.column}"]
    props.append(f"title={_escape_property(finding.code)}")
    # The workflow log is a terminal too; only the newlines between notes stay newlines.
    message = printable(finding.message) + "".join(
        f"\n{printable(str(paths(n.mark)))}: note: {printable(n.message)}" for n in finding.notes
    )
    return f"::{finding.severity} {','.join(props)}::{_escape_data(message)}"


def _as_json(finding: Finding, paths: _Paths) -> dict[str, Any]:
    mark = paths(finding.mark)
    return {
        "file": mark.file,
        "line": mark.line,
        "column": mark.column,
        "severity": finding.severity,
        "code": finding.code,
        "message": finding.message,
        "notes": [
            {
                "file": paths(n.mark).file,
                "line": n.mark.line,
                "column": n.mark.column,
                "message": n.message,
            }
            for n in finding.notes
        ],
    }


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _summary(errors: int, warnings: int, files: int) -> str:
    where = f"in {_count(files, 'file')}"
    if not errors and not warnings:
        return f"no problems {where}"
    return f"{_count(errors, 'error')}, {_count(warnings, 'warning')} {where}"
