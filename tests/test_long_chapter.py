"""A chapter too long for one part of the exports is cut into parts, as a catalogue of
services is: at its headings, or between paragraphs when it has none, never inside a block.
Every line of it reaches the PDF and the DOCX, in order (before, one 100,000-line chapter was
one part, and typesetting it took a 2.4 GiB process)."""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from pypdf import PdfReader

from helpers.checkouts import copy_of, init_example
from helpers.export import docx_text, pandoc_run, pdf_text
from helpers.runs import SMSDOCS, environment
from smsdocs.export import ast
from smsdocs.export import pieces as written
from smsdocs.export.markdown import _prepared
from smsdocs.export.pandoc import PANDOC_PDF
from smsdocs.export.parts import CUT_LEAST, cut_piece, split_parts
from smsdocs.export.pdf import PART_BYTES

REPO = Path(__file__).resolve().parents[1]


def _bench() -> ModuleType:
    """bench/generate.py, whose long chapter the benchmark measures."""
    spec = importlib.util.spec_from_file_location("bench_generate", REPO / "bench" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


generate = _bench()
AT_LINE = re.compile(r"at\s+line\s+(\d+)")


@pytest.mark.parametrize("headings", [True, False], ids=["headings", "paragraphs"])
def test_a_long_chapter_is_cut_into_parts_between_blocks(headings: bool) -> None:
    text = generate.long_chapter(12_000, headings=headings)
    pieces = cut_piece(text, PART_BYTES)
    assert len(pieces) == 3
    assert all(len(piece) <= PART_BYTES for piece in pieces)
    # Every line, in order: only the blank lines where the pieces meet are gone.
    assert [line for line in "".join(pieces).split("\n") if line] == [
        line for line in text.split("\n") if line
    ]
    for piece in pieces[1:]:
        first = piece.split("\n", 1)[0]
        if headings:  # at a heading
            assert first.startswith("## Section at line "), first
        else:  # at a paragraph, after a blank line in the whole
            assert first.startswith("Text at line "), first
    # The parts the exports make hold no more than a part may.
    assert all(len(part) <= PART_BYTES + 2 for part in split_parts([text], PART_BYTES))


def test_only_long_chapters_are_cut() -> None:
    """A cut starts a page in the PDF: a page shorter than CUT_LEAST stays whole in a part of
    its own, however small the parts."""
    short = generate.long_chapter(1_000)
    assert len(short) < CUT_LEAST
    assert split_parts([short, short], 1_000) == [short + "\n", short + "\n"]
    long = generate.long_chapter(3_000)
    assert len(long) > CUT_LEAST
    assert len(split_parts([long], len(long) // 2)) in (2, 3)  # at headings: about half each


def test_a_chapter_is_never_cut_inside_a_block() -> None:
    """Fenced code, an admonition, a list and a table are kept whole; a link definition goes
    with every piece, so a link in any piece still finds its address."""
    code = "```\n" + "code line\n\ncode after a blank line\n" * 30 + "```\n"
    note = "::: {.admonition .note}\n" + "Inside the note.\n\nStill inside.\n" * 30 + ":::\n"
    listed = "".join(f"{n}. item {n}\n\n" for n in range(1, 60))
    table = "| a | b |\n| - | - |\n" + "| x | y |\n" * 60
    paragraph = "A paragraph, see [the policy][policy].\n\n"
    text = (paragraph + code + "\n" + note + "\n" + listed + table + "\n") * 6
    text += "[policy]: https://policy.example/\n"
    pieces = cut_piece(text, 2_000)
    assert len(pieces) > 1
    for piece in pieces:
        body = piece.removesuffix("[policy]: https://policy.example/\n").rstrip("\n")
        assert body.count("```") % 2 == 0
        lines = body.split("\n")
        assert lines.count(":::") == sum(line.startswith("::: {") for line in lines)
        assert body.startswith("A paragraph")  # the only block a piece may start at
        assert "[policy]: https://policy.example/" in piece


@pytest.mark.slow
@pytest.mark.export
@pytest.mark.parametrize("headings", [True, False], ids=["headings", "paragraphs"])
def test_every_line_of_a_long_chapter_reaches_the_exports_in_order(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path, headings: bool
) -> None:
    made = init_example(tmp_path_factory.mktemp("init") / "manual")
    project = copy_of(made, tmp_path / "manual")
    text = generate.long_chapter(9_000, headings=headings)
    assert len(text) > 2 * PART_BYTES  # three parts at least
    (project / "docs" / generate.CHAPTER).write_text(text, encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").rstrip("\n")
        + f"\n  - A long chapter: {generate.CHAPTER}\n",
        encoding="utf-8",
    )
    exported = subprocess.run(
        [SMSDOCS, "export", "-o", str(tmp_path / "out")],
        cwd=project,
        env=environment(tmp_path / "tmp"),
        capture_output=True,
        text=True,
        check=False,
    )
    assert exported.returncode == 0, exported.stderr
    expected = [int(n) for n in AT_LINE.findall(text)]
    (pdf,) = (tmp_path / "out").glob("*.pdf")
    (docx,) = (tmp_path / "out").glob("*.docx")
    # The chapter is the last: after the contents (which list its sections), its lines.
    for said in (pdf_text(pdf), docx_text(docx)):
        found = [int(n) for n in AT_LINE.findall(said)]
        assert found[-len(expected) :] == expected
    # Each part of the PDF is typeset on its own, from a page of its own: the chapter's
    # pieces (cut as the export cuts the blocks pandoc read from it) each start one.
    tree = json.loads(pandoc_run(_prepared(text), PANDOC_PDF, "json"))
    blocks = ast.finish(ast.page(tree["blocks"], generate.CHAPTER, "", 1), word=False)
    cuts = written.split([written.piece(blocks, markdown=len(text))], PART_BYTES)
    firsts = [
        int(AT_LINE.findall(pandoc_run(cut.document(), "json", "plain"))[0]) for cut in cuts[1:]
    ]
    assert len(firsts) >= 2
    starts = []
    for page in PdfReader(pdf).pages:
        found = AT_LINE.findall(page.extract_text() or "")
        starts.append(int(found[0]) if found else None)
    assert set(firsts) <= set(starts)
