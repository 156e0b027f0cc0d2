"""``smsdocs import`` and ``smsdocs sheet``: a section of the scope in from a spreadsheet, and
out to one."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

import click

from smsdocs.cli.commands import _project, cli
from smsdocs.cli.funnel import Fail, Unreadable
from smsdocs.errors import printable
from smsdocs.output import write_atomic

_SECTIONS = click.Choice(["services", "parties", "units", "locations", "risks", "documents"])
_COLOURS = {"error": "red", "warning": "yellow"}


@cli.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("directory", required=False, type=click.Path(file_okay=False))
@click.option(
    "--section",
    type=_SECTIONS,
    help="The section the sheet holds (default: told by "
    "the sheet's or the file's name, or by the register's columns).",
)
@click.option(
    "--sheet",
    "sheet_name",
    help="The workbook's sheet to read (default: the one "
    "named after the section, or the only one).",
)
@click.option(
    "--mapping",
    type=click.Path(dir_okay=False, path_type=Path),
    help="A YAML file mapping the sheet's columns and values to the contract's.",
)
@click.option(
    "--into",
    help="The scope file new entries go to, e.g. scope/services/new.yaml "
    "(default: the last file that holds the section, or scope/SECTION.yaml).",
)
@click.option("--dry-run", is_flag=True, help="Say what would change; write nothing.")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Date to check review dates against (YYYY-MM-DD).",
)
def import_(
    file: Path,
    directory: str | None,
    section: str | None,
    sheet_name: str | None,
    mapping: Path | None,
    into: str | None,
    dry_run: bool,
    today: dt.datetime | None,
) -> None:
    """Bring the entries of a spreadsheet (XLSX or CSV) into the scope of DIRECTORY.

    Rows are matched to entries by id: an entry is updated where a value differs, a new
    one is added; entries the sheet lacks are kept. Nothing is written unless every cell
    converts and the scope still passes the check.
    """
    from smsdocs.sheets import columns as cols
    from smsdocs.sheets import intake
    from smsdocs.sheets.table import is_workbook, read_table, sheet_names

    project = _project(directory)
    if not file.is_file():
        raise Unreadable(f"{file}: no such file")
    rules = cols.Mapping()
    if mapping is not None:
        rules, findings = cols.read_mapping(mapping, str(mapping))
        if findings:
            _fail([str(f) for f in findings], mapping)
    section = section or rules.section
    sheet_name = sheet_name or rules.sheet
    if sheet_name is None and is_workbook(file):
        sheet_name = _sheet_of(file, sheet_names(file), section)
    table = read_table(file, str(file), sheet_name)
    if section is None:
        headers = [str(c.value) for c in table.header if c.value is not None]
        section = cols.section_of([n for n in (table.sheet, file.stem) if n], headers)
    if section is None:
        raise Fail(
            f"{file}: cannot tell which section it holds; pass --section "
            f"({', '.join(cols.SECTIONS)})"
        )
    if mapping is not None and (findings := cols.check_fields(rules, section, str(mapping))):
        _fail([str(f) for f in findings], mapping)
    target = _into(project.root, into)
    plan = intake.plan(project.root, table, section, rules, target, today.date() if today else None)
    for problem in plan.problems:
        _show(problem.where, problem.severity, problem.code, problem.message)
    if plan.failed:
        errors = sum(1 for p in plan.problems if p.severity == "error")
        raise Fail(f"{errors} error{'s' if errors != 1 else ''} in {file}; nothing was written")
    merged = plan.merged
    changed = {c.ident for c in merged.changes}
    click.echo(
        f"{section}: {plan.rows} row{'s' if plan.rows != 1 else ''} read; "
        f"{len(merged.added)} added, {len(changed)} updated "
        f"({len(merged.changes)} value{'s' if len(merged.changes) != 1 else ''}), "
        f"{plan.rows - len(merged.added) - len(changed)} unchanged"
    )
    for change in merged.changes:
        click.echo(f"  {change.ident}.{change.field}: {_value(change.old)} -> {_value(change.new)}")
    if merged.kept:
        shown = ", ".join(merged.kept[:10]) + (", ..." if len(merged.kept) > 10 else "")
        click.echo(f"kept {len(merged.kept)} {section} the sheet does not hold: {shown}")
    if not plan.texts:
        click.echo("nothing to change: the scope already says what the sheet says")
        return
    verb = "would write" if dry_run else "wrote"
    for path, text in plan.texts.items():
        if not dry_run:
            write_atomic(project.root / path, text.encode("utf-8"))
        click.echo(f"{verb} {path}")


def _sheet_of(file: Path, names: list[str], section: str | None) -> str:
    """The sheet to read: the one named after the section (or named after any section, when
    none is given), else the only one."""
    from smsdocs.sheets import columns as cols

    told = [n for n in names if cols.section_of([n], []) is not None]
    named = [n for n in told if section is None or cols.section_of([n], []) == section]
    if named:
        return named[0]
    if len(names) == 1:
        return names[0]
    raise Fail(
        f"{file}: which sheet? it has " + ", ".join(f"'{n}'" for n in names) + "; pass --sheet"
    )


def _into(root: Path, into: str | None) -> str | None:
    """``--into`` as a path from the project folder, refused unless it is a YAML file under
    its scope/ folder."""
    if into is None:
        return None
    path = Path(into)
    relative = ""
    # As written from the current folder, or else from the project's (scope/x.yaml).
    for full in (path,) if path.is_absolute() else (Path.cwd() / path, root / path):
        try:
            relative = full.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            continue
        if relative.startswith("scope/"):
            break
    if not relative.startswith("scope/") or path.suffix.lower() not in (".yaml", ".yml"):
        raise Fail(f"--into {into}: name a .yaml file under the project's scope/ folder")
    if not (root / relative).parent.is_dir():
        raise Fail(f"--into {into}: no folder {Path(relative).parent}; create it first")
    return relative


def _value(value: object) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, list):
        return "[" + ", ".join(str(v) for v in value) + "]"
    text = str(value)
    return printable(text if len(text) <= 60 else text[:57] + "...")


def _show(where: str, severity: str, code: str, message: str) -> None:
    head = click.style(f"{printable(where)}:", bold=True)
    kind = click.style(f"{severity}[{code}]", fg=_COLOURS[severity], bold=True)
    click.echo(f"{head} {kind}: {printable(message)}")


def _fail(lines: list[str], mapping: Path) -> None:
    for line in lines:
        click.echo(printable(line))
    raise Fail(
        f"{len(lines)} error{'s' if len(lines) != 1 else ''} in the mapping file {mapping}; "
        "nothing was read or written"
    )


@cli.command()
@click.argument("section", type=_SECTIONS)
@click.argument("output", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-C",
    "--project",
    "directory",
    type=click.Path(file_okay=False),
    help="The project folder (default: the current folder).",
)
def sheet(section: str, output: Path, directory: str | None) -> None:
    """Write SECTION's entries to OUTPUT (.xlsx or .csv) with the columns 'smsdocs import'
    reads back: edit the sheet, import it, and only what was edited changes."""
    from smsdocs.load import load_project
    from smsdocs.sheets.export import rows_of, sheet_bytes

    project = _project(directory)
    if output.suffix.lower() not in (".xlsx", ".csv"):
        raise Fail(f"{output}: name a .xlsx or .csv file")
    rows = rows_of(load_project(project.root), section)
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH") or time.time())
    write_atomic(output, sheet_bytes(rows, section, output, epoch))
    click.echo(f"wrote {output}: {len(rows) - 1} {section}")
