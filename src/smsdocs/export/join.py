"""The joined PDF, written object by object from the pieces Typst typeset.

Typst typesets the manual in pieces (a whole large manual in one run would take gigabytes);
this module makes them one document. It reads each piece's file as bytes, takes the objects
its pages and its structure tree reach, renumbers their references into one numbering and
writes them straight out, so no piece stays in memory once it is written, whatever the size
of the manual (holding every piece's tagged objects as a PDF library does takes some 2 GB at
2,000 services). On the way:

* each page is drawn over its furniture (header, footer, watermark), a form of its own
  marked as an artifact;
* the links the pieces address by name (``smsdocs:`` and the like) lead to the place they
  name, described in words, or keep only their text when the document has no such place;
* the pieces' structure trees become one under the front's Document element: the keys that
  tie page content and annotations to the tree are renumbered into one parent tree, the ids
  of table header cells (which every piece numbers from one) are made unique per piece, and
  the element of a link that is removed becomes a span;
* the bookmarks, the named destinations, the metadata (XMP and Info alike) and the catalogue
  are written for the whole.

The objects are read and written by :mod:`smsdocs.export.pdfsyntax`; a piece is copied by
:mod:`smsdocs.export.pdfpiece` (the body's pieces by worker processes, side by side); the
links, bookmarks and trees are :mod:`smsdocs.export.pdflinks`'s.
"""

from __future__ import annotations

import html
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from smsdocs import workers as processes
from smsdocs.errors import ExportError
from smsdocs.export.parts import in_parallel, workers
from smsdocs.export.pdflinks import Bookmark, Resolver, name_tree, outline
from smsdocs.export.pdfpiece import (
    FURNITURE,
    Fixed,
    Job,
    Shared,
    Whole,
    Written,
    copy_piece,
    furniture_forms,
    write_piece,
)
from smsdocs.export.pdfsyntax import (
    OBJECTS_PER_STREAM,
    PdfFormatError,
    Source,
    Writer,
    dictionary,
    entries,
    literal_bytes,
    object_number,
    real,
    ref,
    text_string,
)


@dataclass(frozen=True)
class _Plan:
    """What the join needs to know of a piece before writing it."""

    pages: list[int]
    """Its page objects, in order."""
    room: int
    """Object numbers kept for it: one for each of its objects, one for each page's own
    resources, and one for each object stream they are packed into."""
    span: int
    """Keys of the parent tree it uses."""
    size: int
    """Bytes of its file."""

    @staticmethod
    def of(source: Source) -> _Plan:
        objects = max(source.offsets, default=0) + 1
        catalog = source.catalog
        pages = source.pages()
        span = 0
        if b"/StructTreeRoot" in catalog:
            struct = entries(source.resolve(catalog[b"/StructTreeRoot"]))
            span = int(struct.get(b"/ParentTreeNextKey", b"0"))
            if b"/ParentTree" in struct and b"/ParentTreeNextKey" not in struct:
                keys = [int(key) for key, _ in source.tree(struct[b"/ParentTree"], b"/Nums")]
                span = max(span, max(keys, default=-1) + 1)
        room = objects + len(pages) + (objects + len(pages)) // OBJECTS_PER_STREAM + 2
        return _Plan(pages, room, span, len(source.data))


def _write_pieces(jobs: list[Job], shared: Shared) -> list[Written]:
    """Every piece written, in order: by worker processes, two at once, where there are
    two processors and more than one piece; else here, one after the other."""
    count = min(workers(), len(jobs))
    if count < 2:
        return [write_piece(job, shared) for job in jobs]
    # Processes of their own, not threads: the work is Python's, and one interpreter runs
    # Python on one processor at a time. Each is started afresh, holding only what it is
    # given, and takes pieces, the largest first, while its share is the smaller.
    groups: list[list[Job]] = [[] for _ in range(count)]
    for job in sorted(jobs, key=lambda job: -job.size):
        min(groups, key=lambda group: sum(given.size for given in group)).append(job)

    def run(group: list[Job]) -> list[Written]:
        try:
            written: list[Written] = processes.run(
                "smsdocs.export.pdfpiece:write_pieces", (shared, group), timeout=900
            )
        except processes.Failed as failed:
            raise ExportError(f"the PDF's pieces could not be joined: {failed.message}") from None
        return written

    done = in_parallel(run, groups, len)
    written = {
        id(job): result
        for group, results in zip(groups, done, strict=True)
        for job, result in zip(group, results, strict=True)
    }
    return [written[id(job)] for job in jobs]


def join(
    front: Path,
    body: list[Path],
    furniture: Callable[[], Path],
    resolve: Resolver,
    bookmarks: list[Bookmark],
    names: list[tuple[str, int, float]],
    producer: str,
) -> bytes:
    """One PDF: ``front`` (whose catalogue, metadata and Document element the whole keeps),
    then each piece of ``body``, every page drawn over the page of the furniture of the same
    number; links resolved by ``resolve``; with ``bookmarks`` and the named destinations
    ``names`` (name, page, top), pages counted from 0 in the joined document.

    ``furniture`` gives the furniture's file, waiting for it if need be: it is called once
    the body's writers have started, which need only its number of pages (the body's)."""
    writer = Writer()
    paths = [front, *body]
    fixed = Fixed(*(writer.reserve() for _ in range(4)))
    struct_root = writer.reserve()
    writer.put_stream(fixed.save, {}, b"q\n")
    writer.put_stream(fixed.draw, {}, b"Q /Artifact BMC q " + FURNITURE + b" Do Q EMC\n")
    # Every page is numbered before anything is written, so that a link can lead to a page
    # of a piece that comes later.
    plans = [_Plan.of(Source(path.read_bytes(), _name(index))) for index, path in enumerate(paths)]
    numbers = [[writer.reserve() for _ in plan.pages] for plan in plans]
    every_page = [number for part in numbers for number in part]
    forms = [writer.reserve() for _ in every_page]
    # Each piece of the body is written by a worker, into a range of object numbers kept
    # for it (as many as the piece has objects, and room for what the join adds), so the
    # pieces can be written side by side and the file is the same whatever the number of
    # workers; unused numbers are free entries.
    jobs = []
    first = len(numbers[0])
    key = plans[0].span
    for index, (plan, part) in enumerate(zip(plans[1:], numbers[1:], strict=True), start=1):
        jobs.append(
            Job(
                path=paths[index],
                name=_name(index),
                pages=dict(zip(plan.pages, part, strict=True)),
                forms=forms[first : first + len(part)],
                start=writer.count,
                room=plan.room,
                key=key,
                prefix=b"P%d-" % (index - 1),
                size=plan.size,
            )
        )
        writer.count += plan.room
        key += plan.span
        first += len(part)
    # The workers write the body while this process writes the front and the furniture.
    pieces: list[Written] = []
    failed: list[BaseException] = []

    def write_body() -> None:
        try:
            pieces.extend(_write_pieces(jobs, Shared(every_page, resolve, fixed)))
        except BaseException as exc:  # raised again below, in this thread
            failed.append(exc)

    body_writer = threading.Thread(target=write_body)
    body_writer.start()
    whole = Whole([], [], [], {})
    try:
        furniture_forms(writer, Source(furniture().read_bytes(), "the furniture"), forms)
        front_copy = copy_piece(
            writer,
            Source(front.read_bytes(), _name(0)),
            dict(zip(plans[0].pages, numbers[0], strict=True)),
            forms[: len(numbers[0])],
            every_page,
            resolve,
            whole,
            fixed,
            b"",
        )
    finally:
        body_writer.join()
    if failed:
        raise failed[0]
    for data, located, part_whole in pieces:
        writer.absorb(data, located)
        whole.children.extend(part_whole.children)
        whole.parents.extend(part_whole.parents)
        whole.ids.extend(part_whole.ids)
        whole.roles.update(part_whole.roles)
        whole.next_key = part_whole.next_key
    writer.put(
        fixed.pages,
        dictionary(
            {
                b"/Type": b"/Pages",
                b"/Count": b"%d" % len(every_page),
                b"/Kids": b"[" + b" ".join(ref(number) for number in every_page) + b"]",
            }
        ),
    )
    writer.put(
        fixed.document,
        dictionary(
            {
                **(whole.document or {b"/Type": b"/StructElem", b"/S": b"/Document"}),
                b"/P": ref(struct_root),
                b"/K": b"[" + b" ".join(whole.children) + b"]",
            }
        ),
    )
    root = {
        b"/Type": b"/StructTreeRoot",
        b"/K": b"[" + ref(fixed.document) + b"]",
        b"/ParentTree": ref(
            name_tree(
                writer, b"/Nums", [(b"%d" % key, value) for key, value in sorted(whole.parents)]
            )
        ),
        b"/ParentTreeNextKey": b"%d" % whole.next_key,
        b"/RoleMap": dictionary(whole.roles),
    }
    if whole.ids:
        ids = sorted(whole.ids, key=lambda item: literal_bytes(item[0]))
        root[b"/IDTree"] = ref(name_tree(writer, b"/Names", ids))
    writer.put(struct_root, dictionary(root))
    named = sorted((name.encode("utf-8"), page, top) for name, page, top in names)
    destinations = name_tree(
        writer,
        b"/Names",
        [
            (
                text_string(name.decode("utf-8")),
                b"[%s/XYZ null %s null]" % (ref(every_page[page]), real(top)),
            )
            for name, page, top in named
        ],
    )
    catalog = {
        key: value
        for key, value in front_copy.source.catalog.items()
        if key not in (b"/Pages", b"/StructTreeRoot", b"/Outlines", b"/Names", b"/Metadata")
    }
    catalog = {key: front_copy.renumbered(value) for key, value in catalog.items()}
    preferences = entries(front_copy.source.resolve(catalog.get(b"/ViewerPreferences", b"<<>>")))
    preferences[b"/DisplayDocTitle"] = b"true"
    catalog.update(
        {
            b"/Pages": ref(fixed.pages),
            b"/StructTreeRoot": ref(struct_root),
            b"/Outlines": ref(outline(writer, bookmarks, every_page)),
            b"/Names": dictionary({b"/Dests": ref(destinations)}),
            b"/ViewerPreferences": dictionary(preferences),
        }
    )
    metadata = front_copy.source.catalog.get(b"/Metadata")
    if metadata is not None:
        value, xmp = front_copy.source.get(object_number(metadata))
        items = entries(value)
        if b"/Filter" in items or xmp is None:
            raise PdfFormatError("the front's metadata is not the plain XMP Typst writes")
        del items[b"/Length"]
        number = writer.reserve()
        writer.put_stream(number, items, _xmp(xmp, len(every_page), producer))
        catalog[b"/Metadata"] = ref(number)
    front_copy.drain()
    catalog_number = writer.reserve()
    writer.put(catalog_number, dictionary(catalog))
    info = entries(front_copy.source.resolve(front_copy.source.trailer.get(b"/Info", b"<<>>")))
    info[b"/Producer"] = text_string(producer)
    info_number = writer.reserve()
    writer.put(info_number, dictionary(info))
    return writer.finish(catalog_number, info_number)


def _name(index: int) -> str:
    return "the front" if index == 0 else f"part {index} of the body"


def _xmp(data: bytes, pages: int, producer: str) -> bytes:
    """The front's XMP, counting the joined document's pages and naming its producer."""
    text = data.decode("utf-8")
    text = re.sub(
        r"<xmpTPg:NPages>[^<]*</xmpTPg:NPages>|<pdf:Producer>[^<]*</pdf:Producer>", "", text
    )
    for prefix, namespace in (
        ("xmpTPg", "http://ns.adobe.com/xap/1.0/t/pg/"),
        ("pdf", "http://ns.adobe.com/pdf/1.3/"),
    ):
        if f"xmlns:{prefix}=" not in text:
            text = text.replace(
                "<rdf:Description ", f'<rdf:Description xmlns:{prefix}="{namespace}" ', 1
            )
    added = (
        f"<xmpTPg:NPages>{pages}</xmpTPg:NPages>"
        f"<pdf:Producer>{html.escape(producer, quote=False)}</pdf:Producer>"
    )
    if "</rdf:Description>" not in text:
        raise PdfFormatError("the front's XMP has no description to add the page count to")
    return text.replace("</rdf:Description>", added + "</rdf:Description>", 1).encode("utf-8")
