"""The PDF's print rules (README "Print rules"), read from where its text falls on the pages:
no record split across pages, no table row split, no row alone at a page's foot or head, a
long table's header repeated on each of its pages, no heading (nor an admonition's title)
last on a page."""

from __future__ import annotations

import re
from pathlib import Path

import pymupdf
import pytest

from helpers import pdflayout
from helpers.export import Exported, export, exported_files, pdf_text
from helpers.projects import commit_all, make_project

pytestmark = pytest.mark.export

RULES = re.compile(r"^  show table: kept-table\n", re.MULTILINE)
"""The line of the template that applies the print rules to tables."""


def broken_rules(pdf: Path, titles: tuple[str, ...] = ()) -> list[str]:
    """Each place the PDF breaks a print rule, in words; ``titles`` are the titles of
    admonitions, which must not end a page either."""
    found: list[str] = []
    for number, table in enumerate(pdflayout.tables(pdf), start=1):
        pages = table.per_page()
        where = f"table {number} (pages {', '.join(map(str, table.pages))})"
        if table.record and len(pages) > 1:
            found.append(f"{where}: a record split across pages")
        found.extend(
            # (A header row repeated on the pages a table continues on is no split.)
            f"{where}: a row split across pages"
            for row in table.body
            if len(row.pages) > 1
        )
        if len(pages) > 1 and len(pages[0][1]) == 1:
            found.append(f"{where}: one row alone at the foot of page {pages[0][0]}")
        if len(pages) > 1 and len(pages[-1][1]) == 1:
            found.append(f"{where}: one row alone at the head of page {pages[-1][0]}")
    found.extend(
        f"heading '{h.title}' last on page {h.page}" for h in pdflayout.headings(pdf) if not h.below
    )
    found.extend(f"'{title}' last on page {page}" for title, page in _last_lines(pdf, titles))
    return found


def _last_lines(pdf: Path, titles: tuple[str, ...]) -> list[tuple[str, int]]:
    """The titles among ``titles`` that are the last text of a page's body."""
    out: list[tuple[str, int]] = []
    with pymupdf.open(pdf) as doc:
        for page in doc:
            foot = page.rect.height - pdflayout.FURNITURE
            blocks = [b for b in page.get_text("blocks") if b[3] <= foot + 1]
            if blocks:
                last = max(blocks, key=lambda b: b[1])
                text = " ".join(last[4].split())
                out.extend((t, page.number + 1) for t in titles if text == t)
    return out


def test_the_example_follows_the_print_rules(example_released: Exported) -> None:
    tables = pdflayout.tables(example_released.pdf)
    # Every table is read: the records (a service's facts, the exclusions, document control,
    # the baseline, each release) and those with a header row.
    assert sum(t.record for t in tables) == 26
    assert len(tables) > 100
    assert broken_rules(example_released.pdf, ("Outside the SMS",)) == []


def test_a_long_table_repeats_its_header_on_every_page(example_draft: Exported) -> None:
    with pymupdf.open(example_draft.pdf) as doc:
        pages = [
            page
            for page in doc
            if {"Clause", "Chapters", "Processes", "Owners"}
            <= {w[4] for w in page.get_text("words")}
        ]
        assert len(pages) >= 3  # the clause matrix runs over several pages
        for page in pages[1:]:  # where it continues
            words = page.get_text("words")
            header = [w for w in words if w[4] == "Chapters"]
            assert header, f"page {page.number + 1} has no header row"
            # The header row heads the table on each page it continues on: no row above it.
            clause_rows = [w for w in words if re.fullmatch(r"\d+\.\d+(\.\d+)?", w[4])]
            assert all(w[1] > header[0][1] for w in clause_rows), page.number + 1


TALL_END = "endoftherowtallerthanapage"
FILLER = "The service desk records every call and routes it to the team that owns it"


def _filler(n: int) -> str:
    words = FILLER.split()
    return " ".join(words[i % len(words)] for i in range(n)) + "."


def print_chapter(sections: int = 30) -> str:
    """A chapter of sections whose text runs to different lengths, so that their records,
    tables, headings and admonitions fall at every height of a page."""
    out = ["# Print rules", ""]
    for k in range(sections):
        out += [f"## Section {k + 1}", "", _filler(20 + 23 * k % 160), ""]
        out += ["| | |", "|---|---|"]
        out += [
            f"| **Field {r + 1}** | value {r + 1} of record {k + 1}: {_filler(6 + 5 * r % 14)} |"
            for r in range(7)
        ]
        out += ["", f'!!! note "Note {k + 1}"', "", f"    {_filler(30)}", ""]
        out += [f"### Register {k + 1}", "", "| Entry | Owner | Note |", "|---|---|---|"]
        out += [
            f"| entry {k + 1}.{r + 1} | owner {r} | {_filler(4 + 7 * r % 19)} |"
            for r in range(5 + k % 9)
        ]
        out.append("")
    # A table longer than a page, whose rows run to several lines, and one row taller than a
    # page, which must break rather than lose its end.
    out += ["## A long register", "", "| Entry | Owner | Note |", "|---|---|---|"]
    out += [f"| long {r + 1} | owner {r} | {_filler(10 + 17 * r % 60)} |" for r in range(70)]
    out += ["", "## A tall row", "", "| Entry | Note |", "|---|---|"]
    out += [f"| tall | {_filler(1600)} {TALL_END} |", "| short | one line |", ""]
    return "\n".join(out) + "\n"


def _project(dest: Path) -> Path:
    """The example with one chapter of print_chapter after its first."""
    project = make_project(dest)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    nav = re.search(r"^nav:\n(  - .*\n)+", text, re.MULTILINE)
    assert nav is not None
    text = text.replace(
        nav.group(0), "nav:\n  - About this manual: index.md\n  - Print: print.md\n"
    )
    config.write_text(text, encoding="utf-8")
    (project / "docs" / "print.md").write_text(print_chapter(), encoding="utf-8")
    return project


def test_the_print_rules_hold_wherever_a_table_falls(tmp_path: Path) -> None:
    project = _project(tmp_path / "print")
    commit_all(project)
    code, output = export(project)
    assert code == 0, output
    pdf, _ = exported_files(project)
    notes = tuple(f"Note {k + 1}" for k in range(30))
    # The row taller than a page (in the table after the long register, of 70 rows) is the
    # one row that breaks, losing nothing.
    tables = pdflayout.tables(pdf)
    tall = f"table {next(n for n, t in enumerate(tables, start=2) if len(t.body) == 70)} "
    assert [b for b in broken_rules(pdf, notes) if not b.startswith(tall)] == []
    assert TALL_END in pdf_text(pdf)

    # Without the rules for tables, the same chapter splits records and leaves rows alone:
    # the chapter puts the rules to the test.
    template = project / "overrides" / "export" / "smsdocs.typ"
    text, count = RULES.subn("", template.read_text(encoding="utf-8"))
    assert count == 1
    template.write_text(text, encoding="utf-8")
    commit_all(project, "without the print rules")
    code, output = export(project)
    assert code == 0, output
    pdf, _ = exported_files(project)
    broken = broken_rules(pdf, notes)
    assert any("a record split" in b for b in broken), broken
    assert any("alone" in b for b in broken), broken
    assert any("a row split" in b for b in broken), broken


def test_the_printed_clause_matrix_names_each_chapter_with_its_page_and_links_it(
    example_released: Exported,
) -> None:
    with pymupdf.open(example_released.pdf) as doc:
        chapters = {
            found.group(1): (found.group(2), page)
            for level, title, page in doc.get_toc()
            if level == 1 and (found := re.fullmatch(r"(\d+) (.+)", title))
        }
        named: list[tuple[str, str, int]] = []
        linked: list[int] = []
        printed = 0
        for page in doc:
            words = page.get_text("words")
            header = {w[4]: w for w in words}
            if not {"Clause", "Chapters", "Processes", "Owners"} <= header.keys():
                continue
            left, right = header["Chapters"][0], header["Processes"][0]
            column = [
                w for w in words if left - 1 <= w[0] < right - 1 and w[1] > header["Chapters"][3]
            ]
            text = " ".join(w[4] for w in column)
            printed += len(re.findall(r"\(\d+, p\.", text))
            named += [
                (m.group(1), m.group(2), int(m.group(3)))
                for m in re.finditer(r"([A-Z][^;()]*?) \((\d+), p\.\u00a0?\s?(\d+)\)", text)
            ]
            linked += [
                link["page"] + 1
                for link in page.get_links()
                if link.get("page") is not None and left - 1 <= link["from"].x0 < right - 1
            ]
    # The chapters that declare a clause (the clause 8 processes are named in their column).
    assert len(named) == printed > 30
    for title, number, page in named:
        # "Context and scope (2, p. 7)": the chapter's title, number and first page.
        assert chapters[number] == (title, page), (title, number, page)
    # Each chapter named is a link to its page (a name broken over two lines is two links).
    assert set(linked) == {page for _, _, page in named}
    assert len(linked) >= len(named)
