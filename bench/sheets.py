"""Prepare the import benchmark: a generated project of N services (``bench/generate.py``)
and two workbooks of its services written by ``smsdocs sheet``: ``edited.xlsx``, the sheet
with one cell changed (an import updates one line), and ``new.xlsx``, every row under a new
id (an import appends N entries).

Usage::

    python bench/sheets.py N DIR

Then time the import (``--dry-run`` does all but the writing, so every run does the same
work) against the check of the same project, as README "Performance" does::

    farm-bench -n 3 --warmup 1 --vs "smsdocs check DIR/project --today 2026-06-01" \\
        -- smsdocs import DIR/edited.xlsx DIR/project --dry-run --today 2026-06-01
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent


def main(count: int, folder: Path) -> None:
    project = folder / "project"
    subprocess.run(
        [sys.executable, str(HERE / "generate.py"), str(count), str(project), "--force"],
        check=True,
    )
    sheet = folder / "sheet.xlsx"
    smsdocs = Path(sys.executable).with_name("smsdocs")
    subprocess.run([smsdocs, "sheet", "services", str(sheet), "-C", str(project)], check=True)
    book = openpyxl.load_workbook(sheet)
    rows = book.active
    assert rows is not None
    header = [c.value for c in rows[1]]
    rows.cell(row=2, column=header.index("Name") + 1).value = "A renamed service"
    book.save(folder / "edited.xlsx")
    for row in rows.iter_rows(min_row=2):
        row[header.index("Id")].value = f"new-{row[header.index('Id')].value}"
    book.save(folder / "new.xlsx")
    print(f"wrote {folder}/edited.xlsx and {folder}/new.xlsx for {project}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(int(sys.argv[1]), Path(sys.argv[2]))
