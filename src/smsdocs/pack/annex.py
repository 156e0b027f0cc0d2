"""The changes annex: what changed in the scope since the previous approved release, as Markdown
and as a PDF typeset as the manual is."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final

from smsdocs import history, standards
from smsdocs.fonts import coverage, drawable, shipped_dirs
from smsdocs.model import Scope
from smsdocs.pack.releases import Release
from smsdocs.pack.workbooks import _trace
from smsdocs.render.text import visible_controls


def _changes(
    scope: Scope,
    mark: str,
    release: Release | None,
    previous: Release | None,
    ref: str,
    was: Any,
    now: Any,
) -> str:
    """The changes annex: which document and releases it compares, then every entry added,
    removed or changed, by name, with old and new values, and the clauses whose coverage
    changed."""
    from smsdocs.render.diff import diff_markdown
    from smsdocs.render.text import code, text

    older = code(previous.tag.name) if previous else "—"
    title = f"# {mark}Changes in the scope from {older} to {code(ref)}\n"
    about = [
        f"{text(scope.organization.name)}, {text(scope.document.title)} "
        f"({text(scope.document.id)}).",
        _approved(ref, release)
        if release is not None
        else f"Version {code(ref)} is not an approved release: this annex is a DRAFT, for "
        "review only.",
    ]
    if previous is not None:
        about.append(
            "It is compared with "
            + _approved(previous.tag.name, previous, "the previous approved release")
            + "."
        )
    intro = "\n" + " ".join(about) + "\n\n"
    if previous is None or was is None or was.scope is None or now.scope is None:
        return title + intro + "No earlier approved release is in its history to compare with.\n"
    changes = history.diff(was.scope, now.scope)
    body = diff_markdown(changes, previous.tag.name, ref, heading="##")
    before = {r.clause: r.status for r in _trace(was.scope, was.page_clauses)}
    after = {r.clause: r.status for r in _trace(now.scope, now.page_clauses)}
    moved = [(c, before[c], after[c]) for c in after if before.get(c) != after[c]]
    coverage = "\n## Clause coverage\n\n" + (
        "\n".join(f"- {c} {standards.CLAUSES[c]}: {a} → {b}" for c, a, b in moved) + "\n"
        if moved
        else "No clause changed its status.\n"
    )
    return title + intro + body + coverage


def _approved(version: str, release: Release, what: str = "") -> str:
    """ "Version v1.1.0 was approved by … on … (record …)", or, with ``what``, "the previous
    approved release, v1.0.0, approved by … on …"."""
    from smsdocs.render.text import code, text

    record = f" (record {text(release.record)})" if release.record else ""
    said = f"approved by {text(release.by)} on {release.date}{record}"
    if what:
        return f"{what}, {code(version)}, {said}"
    return f"Version {code(version)} was {said}."


ANNEX: Final = """\
#set document(title: sys.inputs.title, date: auto)
#set text(lang: "en")
#set page(
  paper: "a4",
  margin: (x: 2.2cm, y: 2.5cm),
  header: text(8pt, fill: luma(90), sys.inputs.header),
  footer: context text(8pt, fill: luma(90))[
    #h(1fr) Page #counter(page).display() of #counter(page).final().first()
  ],
)
#set text(size: 10pt)
#set par(justify: false)
#set table(stroke: 0.5pt + luma(205), inset: (x: 5pt, y: 4pt), fill: (_, y) => if y == 0 { luma(236) })
#show table: set text(8.5pt)
#show table.cell.where(y: 0): set text(weight: "bold")
#show table.cell: set align(left)
#show figure: set align(left)
#show figure: set block(breakable: true)
"""
"""The changes annex's page: A4, the document id, version and classification above, the page
of the pages below, tables as the manual sets them."""


def annex_title(mark: str, previous: Release | None, ref: str) -> str:
    """The changes annex's title, as plain text."""
    return f"{mark}Changes in the scope from {previous.tag.name if previous else '—'} to {ref}"


def _annex_pdf(
    markdown: str, title: str, header: str, work: Path, epoch: int, fonts: tuple[Path, ...]
) -> bytes:
    """The changes annex as a PDF, from its Markdown, through pandoc and Typst as the manual
    is, PDF/A-2a and PDF/UA-1 as it is; dated with the release, so the same release gives
    the same bytes."""
    from smsdocs.export.pandoc import find_pandoc, run_pandoc
    from smsdocs.export.pdf import ACCESSIBLE
    from smsdocs.export.typst import compile_pdf

    # Values of the previous release, checked by the fonts of its day, may hold a character
    # no font has now: shown as its code point, as in the manual's PDF.
    shown = drawable(visible_controls(markdown), coverage(shipped_dirs() + fonts))
    body = run_pandoc(find_pandoc(), shown, "typst", work, [])
    return compile_pdf(
        ANNEX + body, {"title": title, "header": header}, ACCESSIBLE, epoch, font_paths=fonts
    )
