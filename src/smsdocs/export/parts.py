"""The manual in parts: split by size, numbered as one document would be, worked on in parallel."""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable, Iterable, Sequence
from typing import Final, TypeVar

from smsdocs.render.text import fenced

CUT_LEAST: Final = 100_000
"""The shortest entry ``split_parts`` cuts, whatever the size of a part: a cut starts a page
in the PDF (each part is typeset on its own), so only long chapters (some 1,500 lines) get
one."""


def split_parts(pieces: list[str], most: int) -> list[str]:
    """The nav entries' Markdown in runs of about ``most`` characters, each run one part; an
    entry larger than that (and than ``CUT_LEAST``) is cut into several first (``cut_piece``),
    so that no part, and no process that typesets or converts one, holds a whole long
    chapter."""
    parts: list[str] = []
    run: list[str] = []
    size = 0
    longest = max(most, CUT_LEAST)
    for whole in pieces:
        for piece in cut_piece(whole, most) if len(whole) > longest else [whole]:
            if run and size + len(piece) > most:
                parts.append("\n\n".join(run) + "\n")
                run, size = [], 0
            run.append(piece)
            size += len(piece)
    parts.append("\n\n".join(run) + "\n")
    return parts


_HEADING: Final = re.compile(r"#{1,6}\s")
_DIV: Final = re.compile(r"\s*:{3,}(.*)")
_LIST_ITEM: Final = re.compile(r"(?:[-*+]|\d+[.)])\s")
_DEFINITION: Final = re.compile(r"\[\^?[^\]]+\]:")
"""A link reference or footnote definition, which the whole entry's text may refer to."""
_HTML_BLOCK: Final = re.compile(r"<(/?)(?:div|details|figure|table|section|blockquote)\b", re.I)


def cut_piece(text: str, most: int) -> list[str]:
    """One nav entry's Markdown (a long chapter) in pieces of about ``most`` characters.

    A piece starts where a block does: at a heading where one comes late enough, else at a
    paragraph after a blank line; never inside fenced code, a fenced div (an admonition), an
    HTML block, a list, a table or a quote. A link or footnote definition stays where it is
    and is copied (its first line) into every other piece, since any of them may refer to
    it. An entry with nowhere to cut stays whole.
    """
    lines = text.split("\n")
    definitions: list[int] = []  # where, in ``kept``
    kept: list[str] = []
    headings: list[int] = []  # where a piece may start, in ``kept``: at a heading
    blocks: list[int] = []  # or at a paragraph
    divs = html = 0
    blank = False
    for line, state in fenced(lines):
        if state != "text":
            kept.append(line)
            blank = False
            continue
        if divs == html == 0 and _DEFINITION.match(line):
            definitions.append(len(kept))
        div = _DIV.fullmatch(line)
        if div:
            divs = divs + 1 if div.group(1).strip() else max(divs - 1, 0)
        if divs == html == 0 and blank and kept:
            if _HEADING.match(line):
                headings.append(len(kept))
            elif line[:1].isalnum() and not _LIST_ITEM.match(line):
                blocks.append(len(kept))
        for found in _HTML_BLOCK.finditer(line):
            html = max(html - 1, 0) if found.group(1) else html + 1
        kept.append(line)
        blank = not line.strip()
    starts = _cuts(kept, headings, blocks, most)
    pieces = []
    for start, end in zip(starts, [*starts[1:], len(kept)], strict=True):
        piece = "\n".join(kept[start:end]).rstrip("\n") + "\n"
        elsewhere = [kept[d] for d in definitions if not start <= d < end]
        pieces.append(piece + ("\n" + "\n".join(elsewhere) + "\n" if elsewhere else ""))
    return pieces


def _cuts(lines: list[str], headings: list[int], blocks: list[int], most: int) -> list[int]:
    """The lines the pieces start at: each piece as long as it may be, cut at its last
    heading if that leaves it at least half as long, else at its last paragraph."""
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    places = sorted({*headings, *blocks})
    preferred = set(headings)
    starts = [0]
    while True:
        start = starts[-1]
        limit = offsets[start] + most
        fitting = [p for p in places if start < p and offsets[p] <= limit]
        if offsets[-1] <= limit or (not fitting and not any(p > start for p in places)):
            return starts
        if not fitting:  # nowhere to cut within the limit: at the first place after it
            starts.append(next(p for p in places if p > start))
            continue
        late = [p for p in fitting if p in preferred and offsets[p] - offsets[start] >= most // 2]
        starts.append(late[-1] if late else fitting[-1])


def numbers_before(parts: Iterable[Iterable[tuple[int, bool]]]) -> list[list[int]]:
    """The section numbers reached before each part, had the parts been one document."""
    numbers: list[int] = []
    before = []
    for headings in parts:
        before.append(list(numbers))
        for level, numbered in headings:
            if numbered:
                numbers = (numbers + [0] * level)[:level]
                numbers[-1] += 1
    return before


_Job = TypeVar("_Job")
_Result = TypeVar("_Result")


def workers() -> int:
    return max(1, min(2, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1))


def in_parallel(
    run: Callable[[_Job], _Result],
    jobs: Sequence[_Job],
    size: Callable[[_Job], int],
    together: int | None = None,
) -> list[_Result]:
    """``run`` of each job, in order, ``workers()`` at a time, the largest jobs first (so
    that a large part started last does not keep the others waiting).

    With ``together``, jobs run beside each other only while their sizes add up to no more
    than it (a job larger than it runs alone): the size stands for the memory a job takes,
    and two of the largest at once would take more than the export may.
    """
    sizes = [size(job) for job in jobs]
    waiting = sorted(range(len(jobs)), key=lambda index: -sizes[index])
    limit = together if together is not None else sum(sizes)
    results: dict[int, _Result] = {}
    failures: dict[int, BaseException] = {}
    running = [0, 0]  # the sizes of the jobs running, and how many there are
    changed = threading.Condition()

    def fits(index: int) -> bool:
        return running[1] == 0 or running[0] + sizes[index] <= limit

    def worker() -> None:
        while True:
            with changed:
                while True:
                    if not waiting or failures:
                        return
                    chosen = next((index for index in waiting if fits(index)), None)
                    if chosen is not None:
                        break
                    changed.wait()
                waiting.remove(chosen)
                running[0] += sizes[chosen]
                running[1] += 1
            try:
                results[chosen] = run(jobs[chosen])
            except BaseException as exc:
                failures[chosen] = exc
            finally:
                with changed:
                    running[0] -= sizes[chosen]
                    running[1] -= 1
                    changed.notify_all()

    threads = [threading.Thread(target=worker) for _ in range(min(workers(), len(jobs)))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[min(failures)]
    return [results[index] for index in range(len(jobs))]
