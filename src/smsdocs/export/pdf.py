"""The PDF: the manual typeset in parts by Typst, joined into one document with pikepdf."""

from __future__ import annotations

import bisect
import json
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

from smsdocs import __version__
from smsdocs.errors import ExportError
from smsdocs.export.ast import (
    ANCHOR_SCHEME,
    LINK_SCHEME,
    NAV_ANCHOR,
    PAGE_ANCHOR,
    REF_SCHEME,
    page_anchor,
)
from smsdocs.export.images import cover_logo
from smsdocs.export.join import join
from smsdocs.export.manual import PAPERS, Cover, Manual, Options, template_path
from smsdocs.export.pandoc import run_pandoc
from smsdocs.export.parts import in_parallel, numbers_before
from smsdocs.export.pdflinks import Bookmark, Links
from smsdocs.export.typst import Typesetter, Where
from smsdocs.export.typsttables import fit_columns
from smsdocs.validate.text import places_of

PART_BYTES: Final = 250_000
"""The most Markdown typeset as one piece (a hundred or so service pages). Typst holds a
whole document in memory, and its time grows faster than the document; pieces of this size
keep a manual of thousands of services to a few hundred MiB per process."""
CONTENTS_LEVELS: Final = 2
"""Heading levels the table of contents lists: chapters and their sections."""
BOOKMARK_LEVELS: Final = 3
"""Heading levels within pages the PDF's bookmarks hold: the numbered ones."""
ARCHIVAL: Final = ("a-2a",)
"""The standard the body's pieces and the furniture are typeset to: PDF/A-2a, archival and
tagged (Typst checks the fonts, colours and alt text it needs). A piece cannot claim PDF/UA-1
on its own, as its first heading may be a section's; the joined document does."""
ACCESSIBLE: Final = ("a-2a", "ua-1")
"""PDF/A-2a with PDF/UA-1 (accessible): the front, whose catalogue and metadata the joined
document keeps, so the whole is identified as both."""
# Headings as pandoc writes them in Typst: '== Title', or '#heading(level: 2, ...)[Title]'.
_TYPST_HEADING: Final = re.compile(r"^(?:(=+) |#heading\(level: (\d+)(.*?)\)\[)")
_TYPST_FENCE: Final = re.compile(r"^(`{3,})")


def _pikepdf() -> Any:
    try:
        import pikepdf
    except ImportError:
        raise ExportError(
            "pikepdf is not available: install it with 'pip install pikepdf'"
        ) from None
    return pikepdf


def make_pdf(
    manual: Manual,
    parts: list[str],
    labels: dict[str, str],
    work: Path,
    pandoc: str,
    options: Options,
) -> bytes:
    """Typeset the manual in parts, then join them into one PDF.

    The chapters are converted by pandoc and typeset by Typst a part at a time, two at once;
    then the front matter (cover, document control, contents with the pages found) is
    typeset, the parts that hold cross-references are typeset again with the pages they lead
    to, and everything is joined with the links, bookmarks and named destinations of the
    whole document; the page furniture (header, footer, watermark) is typeset beside those
    last two steps.
    """
    sources = in_parallel(
        lambda text: breakable(
            fit_columns(run_pandoc(pandoc, text, "typst", work, [], "json", filters=False))
        ),
        parts,
        len,
    )
    shutil.copyfile(template_path(manual, "smsdocs.typ"), work / "smsdocs.typ")
    inputs = {**_cover_inputs(manual.cover, _logo(manual, work)), "paper": PAPERS[options.paper][0]}
    jobs: list[_Job] = []
    scanned = [list(_headings(source)) for source in sources]
    starts = _starts(sources, scanned)
    for number, (source, start) in enumerate(zip(sources, starts, strict=True)):
        main = work / f"part-{number}.typ"
        main.write_text(
            '#import "smsdocs.typ": part, horizontalrule\n#show: part\n\n' + source,
            encoding="utf-8",
        )
        jobs.append((main, {**inputs, "start": json.dumps(start)}, ARCHIVAL))
    typeset = Typesetter(work, options)
    typeset.where = origin(manual)
    body = typeset.map_read(jobs, _Typeset.read)
    levels = [[level for level, _ in part] for part in scanned]
    fronts: dict[str, _Typeset] = {}
    front, headings = _front(typeset, inputs, list(zip(body, levels, strict=True)), fronts)
    # The furniture needs only the number of pages, which the cross-references rarely change:
    # it is typeset beside them and beside the join's writers, not after them.
    total = front.pages + sum(piece.pages for piece in body)
    main = work / "furniture.typ"
    main.write_text(FURNITURE, encoding="utf-8")
    with typeset.beside(main, {**inputs, "pages": str(total)}, ARCHIVAL) as furniture:
        front, headings = _settle(
            typeset, inputs, jobs, sources, body, levels, fronts, (front, headings)
        )
        settled = front.pages + sum(piece.pages for piece in body)
        if settled == total:
            return _join(front, body, headings, furniture, labels)
    main = work / "furniture-again.typ"
    main.write_text(FURNITURE, encoding="utf-8")
    (path,) = typeset.map([(main, {**inputs, "pages": str(settled)}, ARCHIVAL)])
    return _join(front, body, headings, lambda: path, labels)


FURNITURE: Final = '#import "smsdocs.typ": furniture\n#furniture()\n'
"""The main file of the furniture (header, footer, watermark): as many pages as ``pages``."""

_Job = tuple[Path, dict[str, str], tuple[str, ...]]


def _settle(
    typeset: Typesetter,
    inputs: dict[str, str],
    jobs: list[_Job],
    sources: list[str],
    body: list[_Typeset],
    levels: list[list[int]],
    fronts: dict[str, _Typeset],
    first: tuple[_Typeset, list[tuple[int, str, int, float]]],
) -> tuple[_Typeset, list[tuple[int, str, int, float]]]:
    """The front and headings (``first``, as the body was first typeset) once every cross-reference prints the section and page it
    leads to, known only once the pages are: a piece that holds one is typeset again with
    what its own references print, until none changes (as LaTeX reruns); ``body`` is
    updated in place."""
    referring = {
        number: set(_REF.findall(source))
        for number, source in enumerate(sources)
        if REF_SCHEME in source
    }
    targets = set().union(*referring.values())
    page_word = json.loads(inputs.get("words", "{}")).get("p. {page}", "p. {page}")
    given: dict[int, dict[str, str]] = {number: {} for number in referring}
    front, headings = first
    for rerun in range(1, 4):
        places = _places(front, body)
        wanted = _references(
            {name: places[name] for name in targets & places.keys()}, headings, page_word
        )
        shown = {
            number: {name: wanted[name] for name in sorted(names) if name in wanted}
            for number, names in referring.items()
        }
        stale = [number for number in referring if shown[number] != given[number]]
        if not stale:
            break
        again = []
        for number in stale:
            main, piece_inputs, standards = jobs[number]
            rerun_main = main.with_name(f"{main.stem}-{rerun}.typ")
            shutil.copyfile(main, rerun_main)
            refs = json.dumps(shown[number])
            again.append((rerun_main, {**piece_inputs, "refs": refs}, standards))
            given[number] = shown[number]
        for number, piece in zip(stale, typeset.map_read(again, _Typeset.read), strict=True):
            body[number] = piece
        front, headings = _front(
            typeset, inputs, list(zip(body, levels, strict=True)), fronts, guess=front.pages
        )
    return front, headings


_LABEL: Final = re.compile(r"<((?:page|nav)-[A-Za-z0-9_-]+)>")
_QUOTED: Final = re.compile(r'the text `"([^"\\]+)"`')


def origin(manual: Manual) -> Where:
    """Where a Typst failure at a line of a piece comes from: the page whose heading is the
    last before that line (its chapter file, or the page smsdocs makes from the scope), and
    the scope values that hold the text Typst names, where it names one."""
    pages = {page_anchor(p.src_uri): p.src_uri for p in manual.parts if p.src_uri}
    titles = {f"{NAV_ANCHOR}{n}": p.title for n, p in enumerate(manual.parts) if not p.src_uri}

    def where(main: Path, line: int, message: str) -> str:
        said: list[str] = []
        try:
            before = main.read_text(encoding="utf-8").split("\n")[:line]
        except OSError:
            before = []
        label = next((found for text in reversed(before) for found in _LABEL.findall(text)), None)
        if label in pages:
            page = pages[label]
            made = manual.root is None or not (manual.root / "docs" / page).is_file()
            said.append(f"in the page docs/{page}" + (", made from the scope" if made else ""))
        elif label in titles:
            said.append(f"in the section '{titles[label]}'")
        quoted = _QUOTED.search(message)
        if quoted and manual.root is not None:
            marks = places_of(manual.root, quoted.group(1))
            if marks:
                said.append("the text is in " + ", ".join(str(mark) for mark in marks))
        return "; ".join(said)

    return where


LONG_WORD: Final = 40
"""A run of this many characters without a space (an id, a path, a pasted hash) gets a break
opportunity, so it wraps rather than running off the page or out of its table cell."""
_LONG_RUN: Final = re.compile(
    rf'("(?:[^"\\\n]|\\.)*"|<[A-Za-z0-9_.:-]+>)|([^\s"<>\[\]()#\\]{{{LONG_WORD},}})'
)
"""A string or a label of Typst markup (kept as they are), or a long run of text."""


def breakable(source: str) -> str:
    """pandoc's Typst source with a zero-width space after every LONG_WORD characters of a
    long run of text. Done here, once, rather than by a show rule Typst would try on every
    piece of text of the manual (a quarter of its time on a large catalogue)."""

    def split(found: re.Match[str]) -> str:
        run = found.group(2)
        if run is None:
            return found.group(0)
        return "\u200b".join(run[i : i + LONG_WORD] for i in range(0, len(run), LONG_WORD))

    return _LONG_RUN.sub(split, source)


def typst_language(tag: str) -> tuple[str, str]:
    """Typst's text language and region for the BCP 47 tag ``tag`` ('en-GB' -> 'en', 'GB';
    'sr-Latn-RS' -> 'sr', 'RS'), the region empty where the tag names none a country code
    can give ('de', 'es-419'): what the template's ``set text`` hyphenates, quotes and
    declares the PDF's language (its /Lang) by."""
    language, *rest = tag.split("-")
    return language.lower(), next((p.upper() for p in rest if len(p) == 2), "")


def _cover_inputs(cover: Cover, logo: str) -> dict[str, str]:
    return {
        "organization": cover.organization,
        "title": cover.title,
        "document_id": cover.document_id,
        "version": cover.version,
        "status": cover.status,
        "classification": cover.classification,
        "date": cover.date,
        "owner": cover.owner,
        **dict(zip(("lang", "region"), typst_language(cover.language), strict=True)),
        "next_review": cover.next_review,
        "approvals": json.dumps([list(a) for a in cover.approvals]),
        "communications": json.dumps([list(c) for c in cover.communications]),
        "logo": logo,
        # The template's own words in the document's language, by their English.
        "words": json.dumps(cover.words, ensure_ascii=False, sort_keys=True),
    }


def _logo(manual: Manual, work: Path) -> str:
    """The cover's logo (``images.cover_logo``), put in the work folder; "" where the project
    has none."""
    logo = cover_logo(manual.template_dir, manual.shown)
    if logo is None:
        return ""
    (work / logo[0]).write_bytes(logo[1])
    return logo[0]


def _unfenced(text: str, fence: re.Pattern[str]) -> Iterator[str]:
    """The lines of ``text`` outside its fenced code blocks."""
    opened: str | None = None
    for line in text.split("\n"):
        marker = fence.match(line)
        if opened is not None:
            if marker and marker.group(1).startswith(opened):
                opened = None
        elif marker:
            opened = marker.group(1)
        else:
            yield line


def _headings(source: str) -> Iterator[tuple[int, bool]]:
    """(level, numbered) of each heading of a part's Typst source, in order."""
    for line in _unfenced(source, _TYPST_FENCE):
        found = _TYPST_HEADING.match(line)
        if found and found.group(1):
            yield len(found.group(1)), True
        elif found:
            yield int(found.group(2)), "numbering: none" not in found.group(3)


def _starts(sources: list[str], headings: list[list[tuple[int, bool]]]) -> list[dict[str, Any]]:
    """The heading and footnote counters at the start of each part, as Typst would have them
    had the parts been one document."""
    numbers = numbers_before(headings)
    footnotes = [0]
    for source in sources[:-1]:
        footnotes.append(footnotes[-1] + source.count("#footnote["))
    return [
        {"headings": headings, "footnotes": notes}
        for headings, notes in zip(numbers, footnotes, strict=True)
    ]


@dataclass
class _Typeset:
    """A typeset piece, read back: how many pages it has, and the places the join needs."""

    path: Path
    pages: int
    bookmarks: list[tuple[str, int, float]] = field(default_factory=list)
    """(title, page, top) of every heading, in order, pages counted from this piece's first."""
    depths: list[int] = field(default_factory=list)
    """The depth of each bookmark in the piece's own outline, from 1."""
    places: dict[str, tuple[int, float]] = field(default_factory=dict)
    """Named anchors: (page, top)."""

    @staticmethod
    def read(path: Path) -> _Typeset:
        pikepdf = _pikepdf()
        with pikepdf.open(path) as pdf:
            index = {page.obj.objgen: number for number, page in enumerate(pdf.pages)}

            def place(dest: Any) -> tuple[int, float] | None:
                if isinstance(dest, pikepdf.Array) and len(dest) >= 4:
                    number = index.get(dest[0].objgen)
                    if number is not None:
                        top = dest[3]
                        return number, float(top) if isinstance(top, int | float | Decimal) else 0.0
                return None

            piece = _Typeset(path, len(pdf.pages))
            with pdf.open_outline() as outline:
                stack = [(1, item) for item in reversed(outline.root)]
                while stack:
                    depth, item = stack.pop()
                    found = place(item.destination)
                    if found:
                        piece.bookmarks.append((item.title.strip(), *found))
                        piece.depths.append(depth)
                    stack.extend((depth + 1, kid) for kid in reversed(item.children))
            if "/Names" in pdf.Root and "/Dests" in pdf.Root.Names:
                for name, dest in pikepdf.NameTree(pdf.Root.Names.Dests).items():
                    found = place(dest)
                    if found:
                        piece.places[str(name)] = found
            for number, page in enumerate(pdf.pages):
                for annot in page.obj.get("/Annots", []):
                    action = annot.get("/A")
                    uri = str(action.get("/URI", "")) if action is not None else ""
                    if uri.startswith(ANCHOR_SCHEME):
                        piece.places[uri.removeprefix(ANCHOR_SCHEME)] = (
                            number,
                            float(annot.Rect[3]),
                        )
        return piece


def _front(
    typeset: Typesetter,
    inputs: dict[str, str],
    body: list[tuple[_Typeset, list[int]]],
    fronts: dict[str, _Typeset],
    guess: int = 3,
) -> tuple[_Typeset, list[tuple[int, str, int, float]]]:
    """Cover, document control and contents, numbered to match the pages that follow; and
    every heading of the body as (level, title, page, top) in the joined document.

    The contents list the pages where chapters start, which depend on how many pages the
    front takes (``guess``: the pages it took last time); it is typeset again when the
    guess was wrong. A front typeset before with the same contents (``fronts``, by its
    contents) is not typeset again.
    """
    headings: list[tuple[int, str, int, float]] = []
    first = 0
    for piece, levels in body:
        if len(levels) != len(piece.bookmarks):
            raise ExportError(  # pragma: no cover - pandoc writes every heading on a line
                "Typst's headings do not match pandoc's; the bookmarks would be wrong"
            )
        for level, (title, page, top) in zip(levels, piece.bookmarks, strict=True):
            headings.append((level, title, first + page, top))
        first += piece.pages
    for _ in range(4):
        contents = json.dumps(
            [
                (level, title, guess + page + 1, f"heading-{number}")
                for number, (level, title, page, _) in enumerate(headings)
                if level <= CONTENTS_LEVELS
            ]
        )
        front = fronts.get(contents)
        if front is None:
            # A file for each, as each is kept.
            main = typeset.work / (f"front-{len(fronts)}.typ" if fronts else "front.typ")
            main.write_text('#import "smsdocs.typ": front\n#front()\n', encoding="utf-8")
            (path,) = typeset.map([(main, {**inputs, "contents": contents}, ACCESSIBLE)])
            front = fronts[contents] = _Typeset.read(path)
        if front.pages == guess:
            return front, [
                (level, title, guess + page, top) for level, title, page, top in headings
            ]
        guess = front.pages
    raise ExportError("the contents did not settle on a number of pages")  # pragma: no cover


def _join(
    front: _Typeset,
    body: list[_Typeset],
    headings: list[tuple[int, str, int, float]],
    furniture: Callable[[], Path],
    labels: dict[str, str],
) -> bytes:
    """One PDF: the front, then the body's pieces, each page over its furniture, with the
    links resolved, the bookmarks of every heading, a named destination per anchor, and the
    pieces' structure trees made one."""
    places = _places(front, body)
    places.update(
        {f"heading-{number}": (page, top) for number, (_, _, page, top) in enumerate(headings)}
    )
    # What a link leads to, in words, for readers that speak the page: the heading there, or
    # the name the anchor marks.
    titles = {(page, top): title for _, title, page, top in headings}
    titles.update((place, labels[name]) for name, place in places.items() if name in labels)

    # The front's own bookmarks, then every entry of the navigation (a service filed deep in
    # a large catalogue too) and the numbered headings within pages.
    entries = {
        place for name, place in places.items() if name.startswith((PAGE_ANCHOR, NAV_ANCHOR))
    }
    bookmarks = [
        Bookmark(depth, title, page, top)
        for depth, (title, page, top) in zip(front.depths, front.bookmarks, strict=True)
    ]
    bookmarks.extend(
        Bookmark(level, title, page, top)
        for level, title, page, top in headings
        if level <= BOOKMARK_LEVELS or (page, top) in entries
    )
    names = [
        (name, page, top) for name, (page, top) in places.items() if not name.startswith("heading-")
    ]
    pikepdf = _pikepdf()
    producer = f"smsdocs {__version__} (Typst, pikepdf {pikepdf.__version__})"
    return join(
        front.path,
        [piece.path for piece in body],
        furniture,
        Links(places, titles, (LINK_SCHEME, REF_SCHEME), ANCHOR_SCHEME),
        bookmarks,
        names,
        producer,
    )


def _places(front: _Typeset, body: list[_Typeset]) -> dict[str, tuple[int, float]]:
    """Every named place of the document: (page, top), pages counted in the joined PDF."""
    places = dict(front.places)
    first = front.pages
    for piece in body:
        places.update({name: (first + page, top) for name, (page, top) in piece.places.items()})
        first += piece.pages
    return places


_REF: Final = re.compile(rf'#link\("{re.escape(REF_SCHEME)}([A-Za-z0-9_.:-]+)"\)')
_NUMBER: Final = re.compile(r"^(\d+(?:\.\d+)*)\s")


def _references(
    places: dict[str, tuple[int, float]],
    headings: list[tuple[int, str, int, float]],
    page_word: str = "p. {page}",
) -> dict[str, str]:
    """What a cross-reference to each place prints: the number of the section it is in (the
    last numbered heading at or above it) and its page, as the footer numbers pages, in the
    document's words for a page (``page_word``: 'p. {page}', 'S. {page}')."""
    numbered = sorted(
        ((page, -top), found.group(1))
        for _, title, page, top in headings
        if (found := _NUMBER.match(title))
    )
    keys = [key for key, _ in numbered]
    shown = {}
    for name, (page, top) in places.items():
        at = bisect.bisect_right(keys, (page, -top + 0.5)) - 1
        section = f"{numbered[at][1]}, " if at >= 0 else ""
        shown[name] = section + page_word.format(page=page + 1).replace(" ", "\u00a0")
    return shown
