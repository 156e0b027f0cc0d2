"""The commands of ``smsdocs``: each reads its options, calls the library and says what
happened; errors go through ``funnel``, findings through ``report``."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Final

import click

from smsdocs import __version__
from smsdocs.cli import report
from smsdocs.cli.funnel import (
    EXIT_FINDINGS,
    EXIT_INPUT,
    EXIT_OK,
    UNREADABLE_CODES,
    Fail,
    Funnel,
    Unreadable,
    stoppable,
)
from smsdocs.cli.report import Format
from smsdocs.errors import ScopeError, printable
from smsdocs.output import among_sources, work_folder, write_atomic
from smsdocs.project import Project
from smsdocs.runnable import runnable


@click.group(
    cls=Funnel,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, "-V", "--version", prog_name="smsdocs")
def cli() -> None:
    """Keep an ISO/IEC 20000 SMS manual as code: check the scope data, build the manual."""


project_option = click.option(
    "-C",
    "--project",
    "directory",
    type=click.Path(file_okay=False),
    help="The project folder (default: the current folder).",
)
"""-C DIR for commands whose arguments are git refs rather than the project folder."""


def _project(directory: str | None) -> Project:
    """The project, its folders as absolute paths: the tools smsdocs runs (git, pandoc,
    Typst, MkDocs) work in folders of their own, where a relative path would name something
    else. A folder with no ``scope/`` (one inside the project, say) is refused here, named as
    the user wrote it, before a command reads it or versions of it from git."""
    from smsdocs.load import require_project

    root = Path(directory) if directory else Path()
    if not root.is_dir():
        raise Unreadable(f"{root}: no such folder")
    require_project(root)
    return Project.at(root)


@cli.command()
@click.argument("directory", required=False, type=click.Path(file_okay=False))
@click.option("--strict", is_flag=True, help="Fail on warnings as well as errors.")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Date to check review dates against (YYYY-MM-DD), for reproducible checks.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "github", "json", "sarif", "gitlab"]),
    default="text",
    show_default=True,
    help="text for people, github for workflow annotations, json for tools, sarif (SARIF "
    "2.1.0) for code scanning, gitlab for GitLab's Code Quality report.",
)
def check(directory: str | None, strict: bool, today: dt.datetime | None, fmt: Format) -> None:
    """Validate the scope data under DIRECTORY/scope (default: the current folder).

    Every problem is reported with file:line:column; errors fail, warnings fail with --strict.
    """
    from smsdocs import history
    from smsdocs.validate import check as run_check

    project = _project(directory)
    root = project.root
    releases = history.repository_releases(root, project.release_pattern)
    checked = run_check(root, today=today.date() if today else None, releases=releases)
    findings = checked.findings
    report.show(
        findings,
        root,
        fmt,
        errors=checked.errors,
        warnings=checked.warnings,
        files=len(checked.files),
        strict=strict,
    )
    if any(f.code in UNREADABLE_CODES for f in findings):
        sys.exit(EXIT_INPUT)
    sys.exit(EXIT_FINDINGS if checked.failed(strict=strict) else EXIT_OK)


@cli.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Write the schema to this file instead of standard output.",
)
def schema(output: Path | None) -> None:
    """Print the JSON Schema (draft 2020-12) of a scope file, for editor completion.

    Point yaml-language-server at it with a first line such as
    '# yaml-language-server: $schema=scope.schema.json'.
    """
    from smsdocs.schema import json_schema

    text = json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
    if output is None:
        click.echo(text, nl=False)
        return
    if output.is_dir():
        raise Unreadable(f"{output}: is a folder; name a file to write the schema to")
    write_atomic(output, text.encode())
    click.echo(f"wrote {output}", err=True)


@cli.command()
@click.argument("directory", required=False, type=click.Path(file_okay=False))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["pdf", "docx", "all"]),
    default="all",
    show_default=True,
    help="Which documents to write.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help="Folder to write into (default: dist/ in the project).",
)
@click.option(
    "--pdf-a",
    is_flag=True,
    help="Accepted for scripts that pass it: every PDF is PDF/A-2a (archival) and PDF/UA-1 "
    "(accessible) already.",
)
@click.option(
    "--paper",
    type=click.Choice(["a4", "letter"]),
    default="a4",
    show_default=True,
    help="The paper the PDF and the DOCX are laid out for.",
)
@stoppable
def export(directory: str | None, fmt: str, output: Path | None, pdf_a: bool, paper: str) -> None:
    """Export the manual as PDF and DOCX for auditors, with a SHA256SUMS manifest.

    The documents hold the site's chapters in navigation order, built from the same Markdown.
    Two exports of the same commit are byte-identical (SOURCE_DATE_EPOCH, or the commit date).
    The folder holds one version: the PDF and DOCX of another version that SHA256SUMS lists
    are removed as the new files arrive; files no export wrote are left alone.
    """
    import time

    from smsdocs import export as exporter
    from smsdocs.pipeline import export_project

    project = _project(directory)
    started = time.perf_counter()
    formats = list(exporter.FORMATS) if fmt == "all" else [fmt]
    target = output or project.as_named(project.dist)  # in messages as the user would say it
    _own_output(target, project.root)
    # The steps of a long export, for someone watching a terminal; a log gets the result.
    step = _steps(started, shown=sys.stderr.isatty())
    exported = export_project(project, target, formats=formats, paper=paper, step=step)
    if exported.epoch is None:
        click.echo("warning: not a git checkout, so the date in the files is the epoch", err=True)
    for path in exported.files:
        click.echo(f"wrote {_shown(path)} ({path.stat().st_size / 1024:.0f} KiB)")
    click.echo(f"wrote {_shown(target / 'SHA256SUMS')} in {time.perf_counter() - started:.1f} s")


def _steps(started: float, *, shown: bool = True) -> Callable[[str], None]:
    """What shows each step of a long command on stderr, with the seconds since ``started``
    (unless not ``shown``)."""
    import time

    def step(what: str) -> None:
        if shown:
            click.echo(f"{what} ({time.perf_counter() - started:.0f} s)", err=True)

    return step


def _git_refs(need: str, *refs: str | None) -> None:
    """Refuse refs git would read as options, and say so when there is no git to ask."""
    from smsdocs import history

    for ref in refs:
        if ref is not None:
            try:
                history.refuse_option_ref(ref)
            except history.GitError as exc:
                raise Unreadable(f"{exc}; name a tag, branch or commit, such as v1.0.0") from None
    if not history.git_available():
        raise Unreadable(f"git is not installed (or not on PATH), and {need} from git; install git")


def _own_output(target: Path, root: Path) -> None:
    """Refuse an output folder that is not a folder, or is the project itself or inside its
    sources."""
    for folder in [target, *target.parents]:
        if folder.is_dir():
            break
        if folder.exists() or folder.is_symlink():
            what = "not a folder" if folder == target else f"{folder} is not a folder"
            raise Unreadable(f"{target}: {what}; --output names the folder to write the files into")
    place = among_sources(target, root)
    if place is not None:
        where = place if place == "the project folder" else f"inside {place}"
        raise Unreadable(
            f"{target}: refusing to write exports {where}, among the manual's sources; "
            "use a folder of their own, such as dist/"
        )


def _shown(path: Path) -> str:
    try:
        relative = os.path.relpath(path)
    except ValueError:  # pragma: no cover - another drive on Windows
        return str(path)
    return str(path.resolve()) if relative.startswith("..") else relative


@cli.command()
@click.argument("old")
@click.argument("new", required=False)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
    help="text for people, markdown for a pull-request comment, json for tools.",
)
@project_option
def diff(old: str, new: str | None, fmt: str, directory: str | None) -> None:
    """Show what changed in the scope between two git refs (NEW defaults to the working tree).

    Old versions are read from git objects; nothing is checked out.
    """
    from smsdocs import history
    from smsdocs.render.diff import diff_markdown, diff_text

    project = _project(directory)
    root = project.root
    _git_refs("smsdocs diff compares versions", old, new)
    if not history.in_repository(root):
        raise Unreadable(
            f"{_shown(root)}: not a git repository, so there are no versions to compare"
        )
    scopes = []
    for ref in (old, new):
        try:
            checked = history.scope_at(root, ref)
        except history.GitError as exc:
            raise Unreadable(f"cannot read the scope at {ref!r}: {exc}") from None
        if checked.scope is None:
            where = ref or "the working tree"
            raise Fail(
                f"the scope at {where} has {checked.errors} error"
                f"{'s' if checked.errors != 1 else ''}, so it cannot be compared; "
                f"run 'smsdocs check' on it"
            )
        scopes.append(checked.scope)
    # The Markdown is for the project's readers (a pull-request comment), in its language;
    # the text is the terminal's, in English as the rest of the tool's output, and the JSON
    # is for tools.
    language = project.language if fmt == "markdown" else None
    changes = history.diff(scopes[0], scopes[1], language)
    label = new or "working tree"
    if fmt == "json":
        payload = {
            "from": old,
            "to": new,
            "changes": [
                {
                    "section": c.section,
                    "id": c.id,
                    "name": c.name,
                    "change": c.change,
                    "fields": {name: {"old": a, "new": b} for name, a, b in c.fields},
                    "names": dict(c.names),
                }
                for c in changes
            ],
        }
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        text = (
            diff_markdown(changes, old, label, language=project.language)
            if fmt == "markdown"
            else diff_text(changes, old, label)
        )
        click.echo("\n".join(printable(line) for line in text.split("\n")), nl=False)


zip_output = click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder to write the zip into (default: dist/ in the project).",
)


@cli.command()
@click.argument("ref", required=False)
@project_option
@zip_output
@stoppable
def bundle(ref: str | None, directory: str | None, output: Path | None) -> None:
    """Zip one version of the manual as a site that works opened from the file system.

    REF is a git ref such as a release tag (default: the working tree). Unzip the file and
    open index.html: navigation and search work without a web server.
    """
    from smsdocs import history
    from smsdocs.pack import offline_site_zip

    project = _project(directory)
    root = project.root
    if ref is not None:
        _git_refs("smsdocs bundle reads the version", ref)
    target = output or project.dist
    with work_folder("bundle") as work:
        source = root
        worktree = work / "checkout"
        try:
            if ref is not None:
                try:
                    history.add_worktree(root, worktree, ref)
                except history.GitError as exc:
                    raise Unreadable(f"cannot check out {ref!r}: {exc}") from None
                source = worktree / history.project_in_repository(root)
            written = offline_site_zip(source, work / "site", target)
        finally:
            if ref is not None and worktree.exists():
                history.remove_worktree(root, worktree)
    click.echo(f"wrote {_shown(written)} ({written.stat().st_size / 1024:.0f} KiB)")


@cli.command("audit-pack")
@click.argument("ref", required=False)
@project_option
@zip_output
@click.option(
    "--draft",
    is_flag=True,
    help="Pack a ref that is not an approved release, marked DRAFT in every file.",
)
@click.option(
    "--sign",
    is_flag=True,
    help="Sign SHA256SUMS with the key git signs with (SSH or OpenPGP).",
)
@stoppable
def audit_pack(
    ref: str | None, directory: str | None, output: Path | None, draft: bool, sign: bool
) -> None:
    """Pack one approved release for auditors: one zip that verifies itself.

    REF is a release tag (default: the newest approved one). The zip holds the PDF and DOCX,
    the offline site, the changes since the previous approved release, the clause
    traceability and the register (XLSX and CSV), the approval record with the tag and its
    signature, a manifest, and SHA256SUMS over every file. Built from a checkout of REF:
    nothing of the working tree goes in.
    """
    import time

    from smsdocs import history, pack

    project = _project(directory)
    _git_refs("smsdocs audit-pack reads the release", ref)
    if not history.in_repository(project.root):
        raise Unreadable(
            f"{_shown(project.root)}: not a git repository, so there is no release to pack"
        )
    target = output or project.dist
    _own_output(target, project.root)
    started = time.perf_counter()
    try:
        written = pack.make_pack(project, ref, target, draft=draft, sign=sign, step=_steps(started))
    except (pack.PackError, history.GitError) as exc:
        raise Fail(str(exc)) from None
    click.echo(f"wrote {_shown(written)} ({written.stat().st_size / 1024:.0f} KiB)")


@cli.command("verify-pack")
@click.argument("pack", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--key",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The organisation's published public key (SSH .pub or OpenPGP .asc), obtained from "
    "it: the pack must be signed by that key.",
)
def verify_pack(pack: Path, key: Path | None) -> None:
    """Verify an audit pack, as its README.txt tells an auditor to.

    Every file of PACK must be listed once in SHA256SUMS, with its SHA-256, and nothing else
    be in it; a pack whose manifest says it is signed must carry that signature, and it must
    verify (with --key: by that key). Says what was proven and what was not; exits 1 with one
    error line naming what is wrong.
    """
    from smsdocs import packcheck, signing

    if not pack.is_file():
        raise Unreadable(f"{pack}: no such file")
    text = None
    if key is not None:
        try:
            text = key.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise Unreadable(f"{key}: cannot read the key ({exc})") from None
    try:
        verified = packcheck.verify_pack(pack, text)
    except (packcheck.PackRefused, signing.SigningError) as exc:
        raise Fail(f"{pack.name}: {exc}") from None
    for line in packcheck.report(pack.name, verified):
        click.echo(line)


EXAMPLE: Final = Path(__file__).parent.parent / "data" / "project"
BLANK: Final = Path(__file__).parent.parent / "data" / "blank"
EXAMPLE_RELEASES: Final = Path(__file__).parent.parent / "data" / "example-releases.yaml"
"""What each of the example's releases changed since the one before (``history.release_edits``)."""
"""A new organisation's scope/: every section, with "<fill in: ...>" where its values go."""
GITIGNORE: Final = """\
.venv/
__pycache__/
/site/
/dist/
/build/
/.cache/
# what a build or an export killed with kill -9 leaves, until the next run removes it
.*.smsdocs-*
"""
SITE_URL: Final = re.compile(r"^site_url:.*$", re.MULTILINE)
OWN_SITE_URL: Final = (
    "# site_url: https://sms.intranet.example/  # where your intranet serves the manual: set it"
)


@cli.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--example",
    is_flag=True,
    help="Make the worked example (Northwind IT Services, fictional) with its releases, "
    "rather than a blank project.",
)
@click.option(
    "--commit",
    is_flag=True,
    help="Commit the blank project's files as you (git's user.name); without it nothing is "
    "committed. The example is always committed, with its releases.",
)
@click.option(
    "--language",
    metavar="TAG",
    help="The manual's language as a BCP 47 tag ('de', 'fr-CH'): the theme's language, and "
    "the smsdocs plugin's where the tag names a region. The words smsdocs writes follow it; "
    "your chapters and scope text stay yours to write (README 'Languages').",
)
def init(directory: Path, example: bool, commit: bool, language: str | None) -> None:
    """Start a new manual in DIRECTORY for your organisation.

    The manual's chapters, theme and export templates come with it; scope/ holds every section
    with "<fill in: ...>" placeholders that 'smsdocs check' lists, each with its file:line and
    what to write there. The folder becomes a git repository (unless another repository keeps
    it), with nothing committed unless --commit is given, and no release: the first approved
    version is tagged by you.

    With --example, DIRECTORY gets the worked example instead: the fictional Northwind IT
    Services, which passes 'smsdocs check --strict' and 'mkdocs build --strict' as it is, with
    its approved versions committed and tagged (unless another repository keeps the folder).
    """
    if language is not None:
        from smsdocs.load.site import LANGUAGE_TAG

        if not LANGUAGE_TAG.fullmatch(language):
            raise Fail(
                f"--language '{language}' is not a language tag; write a BCP 47 tag: a "
                "language and, optionally, its country ('de', 'fr-CH')"
            )
    if directory.exists() and any(directory.iterdir()):
        raise Unreadable(f"{directory}: not empty; choose a new folder for the manual")
    if not (EXAMPLE / "scope").is_dir() or not (BLANK / "scope").is_dir():  # pragma: no cover
        raise Fail("the example project is missing from this installation; reinstall smsdocs")
    _copy_project(directory, blank=not example)
    if language is not None:
        _in_language(directory / "mkdocs.yml", language)
    if example:
        _example_releases(directory)
    else:
        _blank_repository(directory, commit)
    if language is not None:
        from smsdocs.words import catalogue

        click.echo(
            f"the manual's language is '{language}': smsdocs writes its own words in it"
            if catalogue(language)
            else f"the manual's language is '{language}', which smsdocs has no catalogue for: "
            "its own words stay English until one is added (README 'Languages')"
        )


def _copy_project(directory: Path, *, blank: bool) -> None:
    """The packaged project in ``directory``: the example's, or its site with the blank scope
    (and the example's schema, which the blank files name in their modelines)."""
    import shutil

    directory.mkdir(parents=True, exist_ok=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "make_reference_docx.py")
    for part in sorted(EXAMPLE.iterdir()):
        target = directory / part.name
        if part.name == "scope" and blank:
            shutil.copytree(BLANK / "scope", target, ignore=ignore)
            shutil.copyfile(part / "scope.schema.json", target / "scope.schema.json")
        elif part.is_dir():
            shutil.copytree(part, target, ignore=ignore)
        elif part.name == "mkdocs.yml" and blank:  # the example's address is not theirs
            text = part.read_text(encoding="utf-8")
            target.write_text(SITE_URL.sub(OWN_SITE_URL, text, count=1), encoding="utf-8")
        else:
            shutil.copyfile(part, target)
    (directory / ".gitignore").write_text(GITIGNORE, encoding="utf-8")


THEME_LANGUAGE: Final = re.compile(r"^(  language:) \S+$", re.MULTILINE)
PLUGIN_LANGUAGE: Final = re.compile(r"^(      language:) \S+(.*)\n", re.MULTILINE)


def _in_language(config: Path, tag: str) -> None:
    """The new project's ``mkdocs.yml`` naming ``tag``: the theme's language is its language
    (Material's words), and the smsdocs plugin's adds the region where the tag has one (the
    documents'); a tag without one leaves the plugin to the theme's."""
    language, _, region = tag.partition("-")
    text = THEME_LANGUAGE.sub(rf"\1 {language.lower()}", config.read_text("utf-8"), count=1)
    text = PLUGIN_LANGUAGE.sub(rf"\1 {tag}\2\n" if region else "", text, count=1)
    config.write_text(text, encoding="utf-8")


def _example_releases(directory: Path) -> None:
    """Record the example's approvals as its releases, where the folder can have its own
    repository, and say what was made."""
    from smsdocs import history

    click.echo(f"created a manual in {_shown(directory)} from the Northwind example")
    if not history.git_available():
        click.echo(
            "git is not installed: the manual stays a Draft until its folder is a git "
            "repository with a release tag for each approved version"
        )
    elif history.in_repository(directory) and not history.is_ignored(directory):
        click.echo(
            "the folder is inside a git repository, so nothing was committed: commit it and "
            "tag the commit management approved with its version (git tag -a v1.2.0), or "
            "'smsdocs check' warns approval-untagged"
        )
    else:
        from smsdocs.validate import load_scope

        try:
            history.init_repository(directory)
            scope, _ = load_scope(directory)
            edits = history.release_edits(EXAMPLE_RELEASES.read_text(encoding="utf-8"))
            made = history.record_releases(directory, scope, edits)
        except (history.GitError, history.ReleaseEditError, ScopeError) as exc:
            raise Fail(
                f"{_shown(directory)}: could not record the example's releases: {exc}"
            ) from None
        if made:
            click.echo(
                f"committed the example's approved releases and tagged them {', '.join(made)}: "
                f"the manual shows {made[-1]} as approved"
            )
    click.echo(
        "the example is fictional: its organisation, people, approvals and releases are "
        f"invented; start your own manual with '{runnable('smsdocs')} init DIR' (without "
        "--example)"
    )
    shown = _shown(directory)
    where = "" if Path(shown) == Path() else f" in {shown}"
    click.echo(
        f"next: run '{runnable('mkdocs')} serve'{where} and read it at http://127.0.0.1:8000"
    )


def _blank_repository(directory: Path, commit: bool) -> None:
    """Make a blank project a git repository of its own (committed with ``commit``), where it
    can have one, and say what to do next."""
    from smsdocs import history

    shown = _shown(directory)
    click.echo(
        f"created a manual in {shown} with a blank scope: every '<fill in: ...>' in scope/ "
        "is a placeholder for your organisation's own text"
    )
    if not history.git_available():
        click.echo(
            "git is not installed: install it and make the folder a git repository, so that "
            "approved versions can be released as tags"
        )
    elif history.in_repository(directory) and not history.is_ignored(directory):
        click.echo(
            "the folder is inside a git repository, which keeps its files: nothing was "
            "committed; commit them there"
        )
    else:
        try:
            history.init_repository(directory)
            if commit:
                history.commit_all(directory, "Start the SMS manual from smsdocs init")
        except history.GitError as exc:
            raise Fail(
                f"{shown}: could not make the new manual a git repository or commit it ({exc}); "
                "if git does not know who you are, set git config user.name and user.email, "
                "and commit the files yourself"
            ) from None
        click.echo(
            "made it a git repository and committed its files"
            if commit
            else "made it a git repository; nothing is committed yet"
        )
    where = "" if Path(shown) == Path() else f" in {shown}"
    click.echo(
        f"next: run '{runnable('smsdocs')} check'{where}, which lists every placeholder with "
        "its file:line and what to write there; then follow 'Adopting smsdocs' in the README "
        "to a first approved release"
    )


def main(argv: Iterable[str] | None = None) -> None:
    """Console entry point."""
    cli.main(args=list(argv) if argv is not None else None, prog_name="smsdocs")
