"""The manual in parts: split by size, numbered as one document would be, worked on in parallel."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar


def split_parts(pieces: list[str], most: int) -> list[str]:
    """The nav entries' Markdown in runs of about ``most`` characters, each run one part."""
    parts: list[str] = []
    run: list[str] = []
    size = 0
    for piece in pieces:
        if run and size + len(piece) > most:
            parts.append("\n\n".join(run) + "\n")
            run, size = [], 0
        run.append(piece)
        size += len(piece)
    parts.append("\n\n".join(run) + "\n")
    return parts


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


def _workers() -> int:
    return max(1, min(2, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1))


def in_parallel(
    run: Callable[[_Job], _Result], jobs: Sequence[_Job], size: Callable[[_Job], int]
) -> list[_Result]:
    """``run`` of each job, in order, ``_workers()`` at a time, the largest jobs first (so
    that a large part started last does not keep the others waiting)."""
    order = sorted(range(len(jobs)), key=lambda index: -size(jobs[index]))
    with ThreadPoolExecutor(_workers()) as threads:
        futures = {index: threads.submit(run, jobs[index]) for index in order}
        return [futures[index].result() for index in range(len(jobs))]
