"""The manual's pages written for pandoc, held as JSON text, and the parts pandoc converts.

A page's blocks are held as the JSON of each top-level block, with the headings each holds and,
for the PDF, what its anchors mark: the Python objects of a 2,000-service manual's tree would
take gigabytes, its text a tenth of that. A part is pages run together, its document the text
of their blocks joined.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from smsdocs.export import ast, walk
from smsdocs.export.ast import Node

AST_PER_CHARACTER: Final = 6.5
"""About how many bytes of pandoc's JSON one character of Markdown makes, for a page written
from blocks (6.6 for the example's service pages): the parts are measured in characters of
Markdown, as pandoc's and Typst's memory was. A chapter read from Markdown is measured by its
Markdown (its tables of links make as little as 3.3 bytes of JSON a character)."""
CUT_LEAST: Final = 100_000
"""The shortest entry ``split`` cuts, whatever the size of a part: a cut starts a page in the
PDF (each part is typeset on its own), so only long chapters get one."""

Headings = tuple[tuple[int, bool], ...]


@dataclass(frozen=True, slots=True)
class Piece:
    """Pages (or part of one) written for pandoc."""

    blocks: tuple[str, ...]
    """Each top-level block as pandoc's JSON."""
    headings: tuple[Headings, ...]
    """(level, numbered) of the headings of each block."""
    sizes: tuple[int, ...]
    """Each block's size in characters of Markdown, about: what the parts are measured in."""
    labels: tuple[tuple[str, str], ...] = ()
    """What each anchor marks (a party's name), by anchor: the PDF's links say it."""

    @property
    def size(self) -> int:
        """The size in characters of Markdown, about."""
        return sum(self.sizes)

    def all_headings(self) -> list[tuple[int, bool]]:
        return [h for block in self.headings for h in block]

    def document(self, meta: ast.Meta | None = None) -> str:
        return ast.document(self.blocks, meta)

    def __add__(self, other: Piece) -> Piece:
        return Piece(
            self.blocks + other.blocks,
            self.headings + other.headings,
            self.sizes + other.sizes,
            self.labels + other.labels,
        )


def piece(blocks: Sequence[Node], *, labels: bool = False, markdown: int | None = None) -> Piece:
    """Blocks held as text; with ``labels``, what their anchors mark; ``markdown``, the size
    of the Markdown they were read from, shared out among them by their size."""
    texts = tuple(ast.text(b) for b in blocks)
    total = sum(len(t) for t in texts)
    per = total / markdown if markdown and total else AST_PER_CHARACTER
    return Piece(
        texts,
        tuple(tuple(walk.headings([b])) for b in blocks),
        tuple(round(len(t) / per) for t in texts),
        tuple(walk.anchor_labels(list(blocks), {}).items()) if labels else (),
    )


def split(pieces: Sequence[Piece], most: int) -> list[Piece]:
    """The nav entries in runs of about ``most`` characters, each run one part; an entry
    larger than that (and than ``CUT_LEAST``) is cut into several first, at headings where it
    can be, so that no part, and no process that typesets or converts one, holds a whole long
    chapter."""
    parts: list[Piece] = []
    run = Piece((), (), ())
    longest = max(most, CUT_LEAST)
    for whole in pieces:
        for cut in _cut(whole, most) if whole.size > longest else [whole]:
            if run.blocks and run.size + cut.size > most:
                parts.append(run)
                run = Piece((), (), ())
            run = run + cut
    parts.append(run)
    return parts


def _cut(whole: Piece, most: int) -> list[Piece]:
    """A long entry in pieces of about ``most`` characters: each cut before a heading where
    one comes late enough (half the piece), else before any block."""
    sizes = whole.sizes
    out: list[Piece] = []
    start = 0
    count = len(sizes)
    while start < count:
        end, total, heading = start, 0, None
        while end < count and (end == start or total + sizes[end] <= most):
            if end > start and whole.blocks[end].startswith('{"t":"Header"') and total >= most / 2:
                heading = end
            total += sizes[end]
            end += 1
        if end < count and heading is not None:
            end = heading
        labels = whole.labels if start == 0 else ()
        cut = slice(start, end)
        out.append(Piece(whole.blocks[cut], whole.headings[cut], whole.sizes[cut], labels))
        start = end
    return out
