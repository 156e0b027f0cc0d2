"""The join that makes Typst's pieces one PDF, read as bytes: text that looks like PDF syntax
stays text, the file is one a strict reader opens without a repair, and a piece it cannot
read stops the export with a message rather than a broken file."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pytest

from helpers.export import export, pdf_text
from helpers.pdftags import read as read_tags
from helpers.projects import PROJECTS, commit_all, make_project
from smsdocs.export.pdfsyntax import PdfFormatError, Source, Writer, entries, text_string

pytestmark = [pytest.mark.export]

# A name made of what the join parses: references, dictionary and stream keywords, strings
# with escapes and unbalanced parentheses, a backslash, and text beyond ASCII.
TRICKY = r"Backup (12 0 R) << /Type /Page >> endobj stream \ (( )"
"""Written by Typst as a literal string, where the join reads it."""
NESTED = "Hosting (2 0 R (a (b (c (d)))))"
"""Balanced, so written with its parentheses unescaped, five deep."""
UNICODE = "Print (3 0 R) Ünïcødé ✓"
"""Written as UTF-16, in a hex string."""


def test_text_that_looks_like_pdf_syntax_survives_the_join(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", scope=PROJECTS / "minimal" / "scope")
    services = project / "scope" / "services.yaml"
    text = services.read_text(encoding="utf-8")
    for old, new in (("Backup", TRICKY), ("Print", UNICODE), ("Managed Hosting", NESTED)):
        text = text.replace(f"name: {old}\n", "name: '" + new.replace("'", "''") + "'\n")
    services.write_text(text, encoding="utf-8")
    commit_all(project)
    code, output = export(project, "--format", "pdf")
    assert code == 0, output
    (pdf_path,) = (project / "dist").glob("*.pdf")

    with pikepdf.open(pdf_path) as pdf:
        assert pdf.check_pdf_syntax() == []  # no repair, no damaged object
        with pdf.open_outline() as outline:
            titles = []
            stack = list(outline.root)
            while stack:
                item = stack.pop()
                titles.append(item.title)
                stack.extend(item.children)
    for name in (TRICKY, UNICODE, NESTED):
        assert any(name in title for title in titles), titles
        assert " ".join(name.split()) in pdf_text(pdf_path)
    tagged = read_tags(pdf_path)
    assert tagged.problems == {}
    for name in (TRICKY, UNICODE, NESTED):  # the figure's alt text, a string of its own
        assert any(name in alt for alt in tagged.alts), tagged.alts
    assert tagged.metadata["pages"] == str(tagged.metadata["page_count"])


def test_a_piece_that_is_not_typsts_pdf_is_refused_by_name() -> None:
    out = io.BytesIO()
    with pikepdf.new() as pdf:
        pdf.add_blank_page()
        pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    with pytest.raises(PdfFormatError, match="piece 3 has a cross-reference stream"):
        Source(out.getvalue(), "piece 3")
    with pytest.raises(PdfFormatError, match="piece 3 has no cross-reference table"):
        Source(b"%PDF-1.7\n", "piece 3")


def test_dictionaries_are_read_with_their_strings_whole() -> None:
    value = rb"<</Title(a \) (1 0 R) >> b)/K[1 0 R<</MCID 3>>]/Alt<414243>/Next 7 0 R>>"
    assert entries(b"<</T(a (b (c)) d)/N 1>>") == {b"/T": b"(a (b (c)) d)", b"/N": b"1"}
    assert entries(value) == {
        b"/Title": rb"(a \) (1 0 R) >> b)",
        b"/K": b"[1 0 R<</MCID 3>>]",
        b"/Alt": b"<414243>",
        b"/Next": b"7 0 R",
    }
    assert text_string("A (b) \\ c") == rb"(A \(b\) \\ c)"
    assert text_string("Ü") == b"<feff00dc>"


def test_a_stream_that_ends_in_a_carriage_return_keeps_its_length() -> None:
    """A reader takes CR LF before ``endstream`` as one end of line: after data that ends in
    CR, a line feed alone would make the stream one byte shorter than its /Length to a
    PDF/A validator (page-validation found one such stream in the example's PDF)."""
    writer = Writer(5)
    writer.put_stream(5, {}, b"q Q\r")
    writer.put_stream(6, {}, b"q Q\n")
    written, _ = writer.written()
    assert b"/Length 4>>\nstream\nq Q\r\r\nendstream\n" in written
    assert b"/Length 4>>\nstream\nq Q\n\nendstream\n" in written


def test_jobs_side_by_side_stay_within_their_memory() -> None:
    """Conversions run two at a time only while their sizes (the memory they take) add up to
    no more than the limit; one larger than it runs alone; results come back in order, and
    a failure is raised in the caller once the jobs running have stopped."""
    import threading
    import time

    from smsdocs.export.parts import in_parallel, workers

    sizes = [3, 12, 6, 4, 2, 5, 1]
    running: list[int] = []
    seen: list[list[int]] = []
    lock = threading.Lock()

    def run(size: int) -> int:
        with lock:
            running.append(size)
            seen.append(sorted(running))
        time.sleep(0.05)
        with lock:
            running.remove(size)
        return size * 10

    assert in_parallel(run, sizes, lambda size: size, 10) == [size * 10 for size in sizes]
    assert [12] in seen and not any(12 in now and len(now) > 1 for now in seen)
    assert all(len(now) == 1 or sum(now) <= 10 for now in seen)
    if workers() > 1:
        assert any(len(now) == 2 for now in seen)  # still two at a time where they fit

    def fail(size: int) -> int:
        if size == 4:
            raise ValueError("job 4 failed")
        return size

    with pytest.raises(ValueError, match="job 4 failed"):
        in_parallel(fail, sizes, lambda size: size, 10)
