"""The manual's pages as pandoc's document tree, the PDF and the DOCX are made from.

A generated page (a service's) and the fragments a chapter calls come as blocks of the document
model and are written by :mod:`smsdocs.export.ast`. The chapters the user wrote in ``docs/``
are Markdown in the user's dialect (Material's admonitions, links between the files): pandoc's
Markdown reader reads them, each fragment standing in them as a placeholder (a fenced div
``smsdocs-blocks`` holding its number) that is replaced by the fragment's written blocks.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Final

from smsdocs.errors import ExportError
from smsdocs.export import ast, walk
from smsdocs.export.ast import NAV_ANCHOR, Node, page_anchor
from smsdocs.export.images import Images
from smsdocs.export.manual import Manual
from smsdocs.export.pandoc import PANDOC_FROM, PANDOC_PDF, run_pandoc
from smsdocs.export.parts import cut_piece, in_parallel
from smsdocs.export.pieces import AST_PER_CHARACTER, Piece, piece
from smsdocs.render.context import PLACEHOLDER
from smsdocs.render.text import fenced, markdown, visible_controls

_ADMONITION: Final = re.compile(r'^(\s*)(?:!!!|\?\?\?\+?)\s+([\w-]+)(?:\s+"(.*)")?\s*$')
# Anchors a chapter writes as the site does (<span id="party-x">Name</span>), as CommonMark
# bracketed spans: raw HTML is not read. smsdocs's own fragments reach the export as blocks.
_ANCHOR: Final = re.compile(r'<span id="([A-Za-z0-9_.-]+)">(.*?)</span>')
_MARKUP_BREAK: Final = "smsdocs-markup-break-5c1e"
"""A paragraph between the authored values read in one pandoc run."""


def chunks(manual: Manual, images: Images, pandoc: str, work: Path, *, word: bool) -> list[Piece]:
    """Each entry of the navigation as pandoc's blocks, its headings shifted to its depth.

    Links between pages point at the heading or anchor they name; one naming an anchor the
    manual does not have points at the page instead. For Word they are pandoc's internal
    links; for the PDF, which is typeset in pieces, they are ``smsdocs:`` addresses (and the
    anchors ``smsdocs-anchor:`` addresses) that the join turns into places in the document.
    """
    parts = manual.parts
    pages = frozenset(p.src_uri for p in parts if p.src_uri)
    written = {
        number: _prepared(part.markdown)
        for number, part in enumerate(parts)
        if part.src_uri and part.blocks is None and part.markdown is not None
    }
    read = dict(
        zip(written, read_pages(pandoc, list(written.values()), work, word=word), strict=True)
    )
    model = [b for p in parts for b in (p.blocks or ())] + [
        b for p in parts for placed in p.placed for b in placed
    ]
    anchors = {page_anchor(page) for page in pages}
    anchors.update(walk.anchors(model))
    for trees in read.values():  # held as pandoc's JSON text, parsed again where written
        for tree in trees:
            anchors.update(walk.ids(json.loads(tree)["blocks"]))
    markup = read_markup(pandoc, dict.fromkeys(walk.markup(model)), work)
    target = ast.Target(pages, frozenset(anchors), images, word, markup)
    out: list[Piece] = []
    for number, part in enumerate(parts):
        title = html.unescape(part.title)
        if part.src_uri is None or (part.markdown is None and part.blocks is None):
            out.append(piece([ast.section(title, min(part.level, 6), f"{NAV_ANCHOR}{number}")]))
            continue
        writer = ast.Writer(target, part.src_uri)
        measured = None
        if part.blocks is not None:
            blocks = writer.blocks(part.blocks)
        else:
            trees = read.pop(number)
            blocks = [b for tree in trees for b in json.loads(tree)["blocks"]]
            blocks = ast.resolve(blocks, part.src_uri, target)
            placed = [writer.blocks(b) for b in part.placed]
            blocks = _placed(blocks, placed, part.src_uri)
            # Measured as what was read, and the fragments' blocks as written blocks are.
            written_size = sum(len(ast.text(n)) for nodes in placed for n in nodes)
            measured = len(part.markdown or "") + round(written_size / AST_PER_CHARACTER)
        blocks = ast.page(blocks, part.src_uri, title, part.level)
        # Held as JSON text from here: as Python objects a large manual would take gigabytes.
        out.append(piece(ast.finish(blocks, word=word), labels=not word, markdown=measured))
    return out


def _prepared(text: str) -> str:
    """A chapter's Markdown as pandoc reads it: Material's admonitions as fenced divs, the
    anchors a chapter writes as spans of the class ``smsdocs-anchor``
    (``ast.resolve`` makes them the format's anchors), control characters shown."""
    lines = [
        _ANCHOR.sub(rf"[\2]{{#\1 .{ast.ANCHOR_CLASS}}}", line) if state == "text" else line
        for line, state in fenced(_admonitions(text.split("\n")))
    ]
    return visible_controls("\n".join(lines))


def _admonitions(lines: list[str]) -> list[str]:
    """Material admonitions (!!! note "Title") become pandoc fenced divs."""
    out: list[str] = []
    i = 0
    states = [state for _, state in fenced(lines)]
    while i < len(lines):
        match = _ADMONITION.match(lines[i]) if states[i] == "text" else None
        if not match:
            out.append(lines[i])
            i += 1
            continue
        indent, kind, title = match.group(1), match.group(2), match.group(3)
        body: list[str] = []
        i += 1
        inner = indent + "    "
        while i < len(lines) and (lines[i].startswith(inner) or not lines[i].strip()):
            body.append(lines[i][len(inner) :] if lines[i].startswith(inner) else "")
            i += 1
        while body and not body[-1].strip():
            body.pop()
        out.append(f"{indent}::: {{.admonition .{kind}}}")
        if title:  # kept with what follows in the PDF, as a heading is (see ast.STICKY)
            out.append(f'{indent}::: {{typst:sticky="true"}}\n{indent}**{title}**\n{indent}:::\n')
        out.extend(indent + line if line else "" for line in body)
        out.append(f"{indent}:::")
        out.append("")
    return out


def _placed(blocks: list[Node], written: Sequence[list[Node]], page: str) -> list[Node]:
    """A chapter's blocks with each fragment's placeholder replaced by its written blocks."""
    if not written:
        return blocks
    used: set[int] = set()

    def walk(nodes: Any) -> Any:
        if not isinstance(nodes, list):
            return nodes
        out: list[Any] = []
        for node in nodes:
            if isinstance(node, dict) and node.get("t") == "Div":
                (_, classes, _), content = node["c"]
                if PLACEHOLDER in classes:
                    number = int(ast.stringify(content[0]["c"]) if content else -1)
                    if 0 <= number < len(written):
                        used.add(number)
                        out.extend(written[number])
                        continue
            if isinstance(node, dict) and node.get("t") == "Span":
                (_, classes, _), content = node["c"]
                if PLACEHOLDER in classes:
                    # A paragraph's fragment, called in a sentence: its words stand in it.
                    said = ast.stringify(content).strip()
                    number = int(said) if said.isdigit() else -1
                    if 0 <= number < len(written):
                        used.add(number)
                        for para in written[number]:
                            out.extend(para["c"])
                        continue
            if isinstance(node, list):
                out.append(walk(node))
            elif isinstance(node, dict) and "c" in node and node.get("t") not in ast.LEAVES:
                out.append({"t": node["t"], "c": walk(node["c"])})
            else:
                out.append(node)
        return out

    result: list[Node] = walk(blocks)
    if len(used) != len(written):
        lost = len(written) - len(used)
        raise ExportError(
            f"docs/{page}: {lost} of its macros' content has no place in the page: call each "
            "macro on a line of its own, outside lists and tables"
        )
    return result


READ_TOGETHER: Final = 700_000
"""The most Markdown read at once by the pandoc runs side by side (characters): pandoc's
memory grows with the page it reads, and a 2,000-service catalogue's index is some 740 KB,
read alone."""


READ_MOST: Final = 250_000
"""The most of a chapter's Markdown one pandoc run reads (characters): a longer chapter is
read in pieces cut between its blocks (``parts.cut_piece``), since pandoc takes some 800 MiB
for a 2,000-service manual's 800 KB chapter of long table rows."""


def read_pages(pandoc: str, texts: Sequence[str], work: Path, *, word: bool) -> list[list[str]]:
    """The chapters' Markdown as pandoc reads it, each a document of its own (its link
    definitions and footnotes its own; a long one in pieces, each with the definitions), as
    pandoc's JSON text (a large manual's chapters as Python objects would take hundreds of
    megabytes), two pandoc runs at a time."""
    source = PANDOC_FROM if word else PANDOC_PDF
    jobs = [
        (number, piece)
        for number, text in enumerate(texts)
        for piece in (cut_piece(text, READ_MOST) if len(text) > READ_MOST else [text])
    ]

    def read(job: tuple[int, str]) -> str:
        return run_pandoc(pandoc, job[1], "json", work, [], source, filters=False)

    found: list[list[str]] = [[] for _ in texts]
    done = in_parallel(read, jobs, lambda job: len(job[1]), READ_TOGETHER) if jobs else []
    for (number, _), tree in zip(jobs, done, strict=True):
        found[number].append(tree)
    return found


MARKUP_BATCH: Final = 200_000
"""The most authored Markdown read by one pandoc run (characters): pandoc's memory grows with
what it reads, some 800 MiB for the 2,000-service manual's descriptions at once."""


def read_markup(pandoc: str, values: Iterable[str], work: Path) -> dict[str, list[Node]]:
    """Authored Markdown from YAML (descriptions, the statement) as pandoc reads it, made safe
    as the site makes it (``render.text.markdown``): many values in one pandoc run, apart
    from each other (one run each where a value would not stay apart: a fenced div it
    leaves open), up to MARKUP_BATCH characters a run, two runs at a time."""
    batches: list[list[tuple[str, str]]] = [[]]
    size = 0
    for value in values:
        safe = markdown(value)
        if batches[-1] and size + len(safe) > MARKUP_BATCH:
            batches.append([])
            size = 0
        batches[-1].append((value, safe))
        size += len(safe)

    def read(batch: list[tuple[str, str]]) -> list[list[Node]]:
        joined = f"\n\n{_MARKUP_BREAK}\n\n".join(safe for _, safe in batch)
        found: list[list[Node]] = [[]]
        for block in _read_blocks(pandoc, joined, work):
            if block == {"t": "Para", "c": [{"t": "Str", "c": _MARKUP_BREAK}]}:
                found.append([])
            else:
                found[-1].append(block)
        if len(found) != len(batch):
            found = [_read_blocks(pandoc, safe, work) for _, safe in batch]
        return found

    batches = [batch for batch in batches if batch]
    sizes = {id(batch): sum(len(safe) for _, safe in batch) for batch in batches}
    read_all = in_parallel(read, batches, lambda batch: sizes[id(batch)], READ_TOGETHER)
    return {
        value: blocks
        for batch, found in zip(batches, read_all, strict=True)
        for (value, _), blocks in zip(batch, found, strict=True)
    }


def _read_blocks(pandoc: str, text: str, work: Path) -> list[Node]:
    tree = json.loads(run_pandoc(pandoc, text, "json", work, [], PANDOC_PDF, filters=False))
    blocks: list[Node] = tree["blocks"]
    return blocks
