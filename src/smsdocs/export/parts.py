"""The manual in parts: split by size, numbered as one document would be, worked on in parallel."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Sequence
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
