"""Text the documents cannot hold as written, found before any export: control characters,
direction controls, characters no font of the PDF has, and quotes and lists nested deeper
than the PDF's typesetter goes. Each finding names the scope value or the chapter's line.

- ``text-control``: a control character (ESC, NUL, the C1 controls; not tab or line ends).
  No document shows one, Typst refuses a PDF that holds one, and in a terminal it can rewrite
  the line around it. In a scope value it is a warning: the manual shows it as an escape
  (``\\x1b``), as it shows one in a release tag's message, which no check can refuse. In a
  chapter it is an error: the site shows the chapter's text as written.
- ``text-bidi`` (warning): a bidirectional embedding, override or isolate (U+202A to U+202E,
  U+2066 to U+2069). The manual isolates every value that holds one, so it cannot reorder
  the text after it; the warning says where it is, since it can still disguise the value.
- ``text-font`` (error): characters no font of the PDF has (CJK, emoji, scripts smsdocs
  ships no font for): the export would stop there, so the check names them first, with the
  fix: a font in ``fonts/`` of the project's export folder (``overrides/export/fonts/``).
- ``text-nesting`` (error): quotes and lists nested more than ``MAX_NESTING`` deep.

Imports ``errors``, ``fonts``, ``load``, ``project`` and, in this folder, ``placeholders`` and ``report``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Final

from smsdocs import fonts
from smsdocs.errors import Finding, Mark, SmsdocsError, printable
from smsdocs.load import Scalar, load_project
from smsdocs.load.site import LEGACY_EXPORT
from smsdocs.project import Project
from smsdocs.validate.placeholders import scope_values
from smsdocs.validate.report import Report

CONTROL: Final = "text-control"
BIDI: Final = "text-bidi"
FONT: Final = "text-font"
NESTING: Final = "text-nesting"

MAX_NESTING: Final = 10
"""How deep quotes and lists may nest. Typst stops at about 20 levels of the manual's quotes
(and a little deeper for lists); no reader follows more than a few."""

CONTROL_RE: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""Control characters: C0 but tab and line ends, DEL, C1 (as ``render.text.CONTROL_RE``)."""
_ASCII_CONTROL: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
BIDI_RE: Final = re.compile("[\u202a-\u202e\u2066-\u2069]")
"""Direction embeddings, overrides and isolates (as ``render.text.BIDI_RE``)."""

_FIX_CONTROL: Final = (
    "remove it (in YAML, a double-quoted escape such as \\e, \\x1b or \\0 writes one)"
)


def _control(char: str) -> str:
    name = unicodedata.name(char, "") or _CONTROL_NAMES.get(ord(char), "")
    return f"{printable(char)} (U+{ord(char):04X}{' ' + name if name else ''})"


_CONTROL_NAMES: Final = {
    0x00: "NULL",
    0x07: "BELL",
    0x08: "BACKSPACE",
    0x0B: "LINE TABULATION",
    0x0C: "FORM FEED",
    0x1B: "ESCAPE",
    0x7F: "DELETE",
}


def _direction(char: str) -> str:
    return f"U+{ord(char):04X} {unicodedata.name(char, '')}"


def check_value(report: Report, node: Scalar, label: str) -> None:
    """Report the control characters and direction controls of one value of the scope,
    ``label`` naming it ("'name' of 'hosting' in 'services'")."""
    text = node.value
    control = CONTROL_RE.search(text)
    if control:
        report.add(
            node,
            CONTROL,
            f"{label} holds the control character {_control(control.group())}, which the "
            f"manual shows as the escape {printable(control.group())}; {_FIX_CONTROL}",
            "warning",
        )
    bidi = BIDI_RE.search(text)
    if bidi:
        report.add(
            node,
            BIDI,
            f"{label} holds the direction control {_direction(bidi.group())}, which can make "
            "text read in another order than it is stored; the manual shows the value "
            "isolated so nothing after it is reordered, but remove the control unless the "
            "value needs it",
            "warning",
        )


def check_nesting(report: Report, node: Scalar, label: str) -> None:
    """Report a Markdown value of the scope whose quotes and lists nest too deep."""
    # Each level needs a marker character of its own: most values have too few to count.
    if sum(node.value.count(c) for c in ">-*+.)") <= MAX_NESTING:
        return
    deepest = max((depth for depth, _ in nesting(node.value.split("\n"))), default=0)
    if deepest > MAX_NESTING:
        report.add(node, NESTING, f"in {label}, {_nested(deepest)}")


def screened(
    values: Iterable[tuple[str, Scalar]], report: Report, wide: list[tuple[str, Scalar]]
) -> Iterator[tuple[str, Scalar]]:
    """The text values of the scope, each labelled, passed on as they come, their control
    characters and direction controls reported on the way; those beyond ASCII are added to
    ``wide`` for ``check_fonts``."""
    for label, node in values:
        value = node.value
        if not value.isascii():
            check_value(report, node, label)
            wide.append((label, node))
        elif _ASCII_CONTROL.search(value):
            check_value(report, node, label)
        yield label, node


def check_fonts(wide: Iterable[tuple[str, Scalar]], root: Path | None, report: Report) -> None:
    """Report each value (with its label) that holds characters no font of the PDF has."""
    listed = list(wide)
    if not listed:
        return
    covered = coverage(root)
    folder = font_folder(root)
    for label, node in listed:
        found = fonts.missing(node.value, covered)
        if found:
            report.add(node, FONT, f"{label} {_uncovered([char for _, char in found], folder)}")


def _nested(depth: int) -> str:
    return (
        f"quotes and lists nest {depth} levels deep here, and the PDF's typesetter stops at "
        f"about 20; nest at most {MAX_NESTING} levels (a table or a sub-heading carries deep "
        "structure better)"
    )


_MARKER: Final = re.compile(r"[ \t]{0,3}(?:>[ \t]?|(?:[-+*]|\d{1,9}[.)])(?:[ \t]+|$))")
_FENCE: Final = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def nesting(lines: Iterable[str]) -> Iterator[tuple[int, int]]:
    """How deep quotes and lists nest at each line of Markdown that opens one (depth, line
    number from 1): a list item counts the items it is indented under, and each quote
    marker and list marker at the start of the line counts one more. Fenced code is skipped."""
    items: list[int] = []  # the indents of the list items the line may be inside
    fence: str | None = None
    for number, line in enumerate(lines, 1):
        opened = _FENCE.match(line)
        if fence is not None:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = None
            continue
        if opened:
            fence = opened.group(1)
            continue
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip(" "))
        while items and items[-1] >= indent:
            items.pop()
        markers = 0
        rest = line[indent:]
        while True:
            found = _MARKER.match(rest)
            if not found or not found.group():
                break
            markers += 1
            rest = rest[found.end() :]
        if markers == 0:
            if indent == 0:
                items.clear()  # a paragraph at the margin ends every list
            continue
        if not line[indent:].lstrip().startswith(">"):
            items.append(indent)
            yield len(items) + markers - 1, number
        else:
            yield len(items) + markers, number


def places_of(root: Path, needle: str, most: int = 3) -> list[Mark]:
    """Where the scope of the project at ``root`` holds ``needle``: the first ``most``
    values that do, for an error of an engine that names the text it failed on."""
    try:
        source = load_project(root)
    except SmsdocsError:
        return []
    found: list[Mark] = []
    for _, node in scope_values(source.pieces):
        if needle in node.value:
            found.append(node.mark)
            if len(found) == most:
                break
    return found


def font_folder(root: Path | None) -> str:
    """Where the project at ``root`` puts fonts of its own, as its messages name it."""
    if root is None:
        return f"{LEGACY_EXPORT}/{fonts.PROJECT_FONTS}"
    project = Project.at(root)
    return project.shown(project.templates / fonts.PROJECT_FONTS)


def coverage(root: Path | None) -> frozenset[int]:
    """The characters some font of the PDF of the project at ``root`` has."""
    return fonts.coverage(fonts.shipped_dirs() + (Project.at(root).fonts if root else ()))


def _uncovered(chars: list[str], folder: str) -> str:
    kinds: dict[str, list[str]] = {}
    for char in chars:
        kinds.setdefault(fonts.script(char), []).append(char)
    shown = "; ".join(
        f"{kind} ('{printable(''.join(dict.fromkeys(found))[:12])}')"
        for kind, found in kinds.items()
    )
    suggested = " or ".join(dict.fromkeys(fonts.suggested_font(kind) for kind in kinds))
    return (
        f"holds text no font of the PDF can show: {shown}; add a font that covers it to "
        f"{folder}/, such as {suggested}, or write the text another way"
    )


def check_pages(root: Path, chapters: list[tuple[str, str]], findings: list[Finding]) -> None:
    """Report control characters, direction controls, characters no font has and deep
    nesting in the chapters (as ``load.chapter_texts`` gives them), each at its line and
    column."""
    covered: Callable[[], frozenset[int]] = _once(lambda: coverage(root))
    folder = font_folder(root)
    for display, text in chapters:
        findings.extend(page_findings(display, text, covered, folder))


def page_findings(
    display: str, text: str, covered: Callable[[], frozenset[int]], folder: str
) -> list[Finding]:
    """The findings of one chapter's text, ``display`` naming its file; ``folder`` is where
    the project puts fonts of its own (``font_folder``)."""
    out: list[Finding] = []
    lines = text.split("\n")
    for number, line in enumerate(lines, 1):
        control = CONTROL_RE.search(line.rstrip("\r"))
        if control:
            out.append(
                Finding(
                    Mark(display, number, control.start() + 1),
                    "error",
                    CONTROL,
                    f"the control character {_control(control.group())} cannot be shown in "
                    f"the manual and stops the PDF; {_FIX_CONTROL.split(' (')[0]}",
                )
            )
        bidi = BIDI_RE.search(line)
        if bidi:
            out.append(
                Finding(
                    Mark(display, number, bidi.start() + 1),
                    "warning",
                    BIDI,
                    f"the direction control {_direction(bidi.group())} makes the text after "
                    "it read in another order than it is written; remove it unless the text "
                    "needs it",
                )
            )
        if not line.isascii():
            found = fonts.missing(line, covered())
            if found:
                out.append(
                    Finding(
                        Mark(display, number, found[0][0] + 1),
                        "error",
                        FONT,
                        "this line " + _uncovered([char for _, char in found], folder),
                    )
                )
    for depth, number in nesting(lines):
        if depth > MAX_NESTING:
            out.append(Finding(Mark(display, number, 1), "error", NESTING, _nested(depth)))
            break
    return out


def _once(make: Callable[[], frozenset[int]]) -> Callable[[], frozenset[int]]:
    kept: list[frozenset[int]] = []

    def get() -> frozenset[int]:
        if not kept:
            kept.append(make())
        return kept[0]

    return get
