"""One piece of the PDF (the front, or a part of the body Typst typeset on its own) copied into
the joined document: its pages drawn over their furniture, its links resolved, its structure
tree gathered into the whole (a record's fields made the headers of their rows,
:mod:`smsdocs.export.pdfcells`); and the job of the worker processes that copy the body's pieces
side by side (:mod:`smsdocs.workers`).

A worker imports this module and what it imports, nothing else of smsdocs: it starts quickly.
"""

from __future__ import annotations

import re
import zlib
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from smsdocs.export.pdfcells import as_row_header, row_headers
from smsdocs.export.pdflinks import STRUCT_PARENT, URI_ACTION, Resolver, annotation
from smsdocs.export.pdfsyntax import (
    STRING,
    PdfFormatError,
    Source,
    Writer,
    as_array,
    dictionary,
    entries,
    literal,
    object_number,
    outside_strings,
    ref,
)
from smsdocs.workers import Failed

FURNITURE: Final = b"/SmsdocsFurniture"
"""The resource name each page's furniture form is drawn by."""
_NESTED: Final = re.compile(rb"\((?:[^()\\]|\\.)*\(")
"""A string that holds a parenthesis of its own (a pattern does not see where it
ends, and it is read byte by byte)."""
_BARE_SPLIT: Final = re.compile(rb"(\d+) \d+ R\b")
_REFERENCE_SPLIT: Final = re.compile(rb"(" + STRING + rb"|<[0-9A-Fa-f\s]*>)|(\d+) \d+ R\b")
_STRINGS: Final = re.compile(STRING)
_ID: Final = re.compile(rb"/ID\s*(" + STRING + rb")")
_HEADERS: Final = re.compile(rb"/Headers\s*\[((?:\s*" + STRING + rb")*)\s*\]")
_OBJR: Final = re.compile(rb"<<\s*/Type\s*/OBJR[^<>()]*>>")
_LINK_ROLE: Final = re.compile(rb"/S\s*/Link\b")


class _Copy:
    """The objects of one source as they go into the joined document: each object reached
    is numbered there the first time something refers to it, and written once."""

    def __init__(self, writer: Writer, source: Source, fixed: dict[int, int]) -> None:
        self.writer = writer
        self.source = source
        self.numbers = dict(fixed)
        self.known: dict[bytes, bytes] = {}
        """The joined reference of each local object number met, by its digits."""
        self.queue: deque[int] = deque()
        self.edit: Callable[[int, bytes], bytes] = lambda _, value: value
        """Changes to an object before its references are renumbered."""
        self.after: dict[int, Callable[[bytes], bytes]] = {}
        """Changes to an object after, which may name objects by their joined numbers."""

    def number(self, local: int) -> int:
        found = self.numbers.get(local)
        if found is None:
            found = self.numbers[local] = self.writer.reserve()
            self.queue.append(local)
        return found

    def renumbered(self, data: bytes) -> bytes:
        if b" R" not in data:
            return data
        # Without a string, the references are all there is to find.
        if b"(" not in data:
            return self._bare(data)
        if _NESTED.search(data) is None:
            # Split, every third part is a string or a reference's number (the other None).
            parts = _REFERENCE_SPLIT.split(data)
            out = [parts[0]]
            for index in range(1, len(parts), 3):
                string, local = parts[index], parts[index + 1]
                out.append(string if local is None else self._reference(local))
                out.append(parts[index + 2])
            return b"".join(out)
        return outside_strings(data, self._bare)

    def _bare(self, data: bytes) -> bytes:
        """``data``, which holds no string, with its references renumbered."""
        # Split by the pattern's one group, every other part is a reference's number: the
        # numbers are looked up without a match object each, which is most of the join's time.
        parts = _BARE_SPLIT.split(data)
        known = self.known
        for index in range(1, len(parts), 2):
            local = parts[index]
            reference = known.get(local)
            parts[index] = reference if reference is not None else self._reference(local)
        return b"".join(parts)

    def _reference(self, local: bytes) -> bytes:
        reference = self.known.get(local)
        if reference is None:
            reference = self.known[local] = ref(self.number(int(local)))
        return reference

    def drain(self) -> None:
        """Write every object reached so far, and what they reach."""
        while self.queue:
            local = self.queue.popleft()
            value, data = self.source.get(local)
            value = self.renumbered(self.edit(local, value))
            if local in self.after:
                value = self.after[local](value)
            if data is None:
                self.writer.put(self.numbers[local], value)
            else:
                items = entries(value)
                del items[b"/Length"]
                self.writer.put_stream(self.numbers[local], items, data)


def _insert_furniture(resources: bytes, form: int) -> bytes:
    """A page's resources with its furniture form among their XObjects."""
    items = entries(resources)
    xobjects = entries(items[b"/XObject"]) if b"/XObject" in items else {}
    xobjects[FURNITURE] = ref(form)
    items[b"/XObject"] = dictionary(xobjects)
    return dictionary(items)


def _prefixed(string: bytes, prefix: bytes) -> bytes:
    return string if not prefix else b"(" + prefix + string.strip()[1:]


def furniture_forms(writer: Writer, source: Source, forms: list[int]) -> None:
    """Each page of the furniture as a form XObject of its own, numbered ``forms``."""
    copy = _Copy(writer, source, {})
    pages = source.pages()
    if len(pages) != len(forms):
        raise PdfFormatError("the furniture does not have a page for every page of the manual")
    for page, number in zip(pages, forms, strict=True):
        items = source.dictionary(page)
        parts = [
            source.get(object_number(item)) for item in as_array(items.get(b"/Contents", b"[]"))
        ]
        if len(parts) == 1 and entries(parts[0][0]).get(b"/Filter") in (None, b"/FlateDecode"):
            filters = entries(parts[0][0]).get(b"/Filter")
            data = parts[0][1] or b""
        else:
            content = b"\n".join(
                zlib.decompress(data or b"")
                if entries(value).get(b"/Filter") == b"/FlateDecode"
                else data or b""
                for value, data in parts
            )
            filters, data = b"/FlateDecode", zlib.compress(content, 6)
        form = {
            b"/Type": b"/XObject",
            b"/Subtype": b"/Form",
            b"/BBox": items[b"/MediaBox"],
            b"/Resources": copy.renumbered(items.get(b"/Resources", b"<<>>")),
        }
        if filters:
            form[b"/Filter"] = filters
        writer.put_stream(number, form, data)
    copy.drain()


@dataclass
class Whole:
    """The joined structure tree, gathered piece by piece."""

    children: list[bytes]
    parents: list[tuple[int, bytes]]
    ids: list[tuple[bytes, bytes]]
    roles: dict[bytes, bytes]
    document: dict[bytes, bytes] | None = None
    next_key: int = 0


@dataclass(frozen=True)
class Fixed:
    """The objects of the joined document every piece refers to."""

    pages: int
    document: int
    save: int
    draw: int


@dataclass(frozen=True)
class Job:
    """A piece of the body to write, and where its objects and keys go."""

    path: Path
    name: str
    pages: dict[int, int]
    forms: list[int]
    start: int
    room: int
    key: int
    prefix: bytes
    size: int


@dataclass(frozen=True)
class Shared:
    """What every piece's worker reads: the pages of the whole, the links' places, the
    objects every piece refers to."""

    every_page: list[int]
    resolve: Resolver
    fixed: Fixed


Written = tuple[bytes, dict[int, tuple[int, int, int]], "Whole"]
"""A piece as written: the bytes, where each object is (for ``Writer.absorb``), and its part
of the structure tree."""


def write_pieces(job: tuple[Shared, list[Job]]) -> list[Written]:
    """Each piece of a worker's share written (the job of a worker process); a piece that is
    not the PDF the join reads is its failure."""
    shared, group = job
    try:
        return [write_piece(piece, shared) for piece in group]
    except PdfFormatError as exc:
        raise Failed(str(exc)) from None


def write_piece(job: Job, shared: Shared) -> Written:
    """Write one piece of the body into its range of numbers."""
    writer = Writer(job.start)
    whole = Whole([], [], [], {}, next_key=job.key)
    copy_piece(
        writer,
        Source(job.path.read_bytes(), job.name),
        job.pages,
        job.forms,
        shared.every_page,
        shared.resolve,
        whole,
        shared.fixed,
        job.prefix,
    )
    if writer.count > job.start + job.room:
        raise PdfFormatError(f"{job.name} has more objects than its cross-reference table")
    return *writer.written(), whole


def copy_piece(
    writer: Writer,
    source: Source,
    pages: dict[int, int],
    forms: list[int],
    every_page: list[int],
    resolve: Resolver,
    whole: Whole,
    fixed: Fixed,
    prefix: bytes,
) -> _Copy:
    """Write one piece's pages and what they and its structure tree reach; gather its tree
    into ``whole``."""
    catalog = source.catalog
    struct = (
        entries(source.resolve(catalog[b"/StructTreeRoot"]))
        if b"/StructTreeRoot" in catalog
        else {}
    )
    tops = [object_number(kid) for kid in as_array(struct.get(b"/K", b"[]"))]
    copy = _Copy(
        writer,
        source,
        {
            object_number(catalog[b"/Pages"]): fixed.pages,
            **pages,
            **dict.fromkeys(tops, fixed.document),
        },
    )
    keyed = {
        int(key): value
        for key, value in (
            source.tree(struct[b"/ParentTree"], b"/Nums") if b"/ParentTree" in struct else []
        )
    }
    offset = whole.next_key
    span = max(int(struct.get(b"/ParentTreeNextKey", b"0")), max(keyed, default=-1) + 1)
    removed: set[int] = set()
    unlinked: set[int] = set()
    page_items = {page: source.dictionary(page) for page in pages}
    for items in page_items.values():
        for annot in as_array(source.resolve(items.get(b"/Annots", b"[]"))):
            number = object_number(annot)
            value = source.get(number)[0]
            action = URI_ACTION.search(value)
            outcome = True if action is None else resolve(literal(action.group(1)))
            if outcome is None:
                removed.add(number)
                key = STRUCT_PARENT.search(value)
                element = keyed.pop(int(key.group(1)), None) if key else None
                if element is not None:
                    unlinked.add(object_number(element))
            else:
                copy.after[number] = annotation(outcome, every_page, offset)

    def rename(string: bytes) -> bytes:
        return _prefixed(string, prefix)

    heads = row_headers(source)

    def edit(local: int, value: bytes) -> bytes:
        if local in heads:
            value = as_row_header(value)
        if local in unlinked:
            value = _LINK_ROLE.sub(b"/S/Span", _OBJR.sub(b" ", value))
        if prefix and b"/ID" in value:
            value = _ID.sub(lambda found: b"/ID" + rename(found.group(1)), value)
        if prefix and b"/Headers" in value:
            value = _HEADERS.sub(
                lambda found: (
                    b"/Headers["
                    + b" ".join(rename(s) for s in _STRINGS.findall(found.group(1)))
                    + b"]"
                ),
                value,
            )
        return value

    copy.edit = edit
    for (page, number), form in zip(pages.items(), forms, strict=True):
        items = page_items[page]
        if b"/Annots" in items:
            kept = [
                annot
                for annot in as_array(source.resolve(items[b"/Annots"]))
                if object_number(annot) not in removed
            ]
            items[b"/Annots"] = b"[" + b" ".join(kept) + b"]"
        if b"/StructParents" in items:
            items[b"/StructParents"] = b"%d" % (int(items[b"/StructParents"]) + offset)
        contents = source.resolve(items[b"/Contents"]) if b"/Contents" in items else b"[]"
        if not contents.startswith(b"["):
            contents = items[b"/Contents"]
        resources = source.resolve(items.get(b"/Resources", b"<<>>"))
        items.pop(b"/Resources", None)
        items = entries(copy.renumbered(dictionary(items)))
        own = writer.reserve()
        writer.put(own, _insert_furniture(copy.renumbered(resources), form))
        items[b"/Resources"] = ref(own)
        items[b"/Parent"] = ref(fixed.pages)
        parts = [copy.renumbered(part) for part in as_array(contents)]
        items[b"/Contents"] = b"[" + b" ".join([ref(fixed.save), *parts, ref(fixed.draw)]) + b"]"
        writer.put(number, dictionary(items))
    for top in tops:
        top_items = source.dictionary(top)
        whole.children.extend(copy.renumbered(kid) for kid in as_array(top_items.get(b"/K", b"[]")))
        if whole.document is None:
            whole.document = {
                key: copy.renumbered(value)
                for key, value in top_items.items()
                if key not in (b"/K", b"/P")
            }
    whole.parents.extend((key + offset, copy.renumbered(value)) for key, value in keyed.items())
    if b"/IDTree" in struct:
        whole.ids.extend(
            (rename(name), copy.renumbered(value))
            for name, value in source.tree(struct[b"/IDTree"], b"/Names")
        )
    if b"/RoleMap" in struct:
        whole.roles.update(entries(source.resolve(struct[b"/RoleMap"])))
    whole.next_key = offset + span
    copy.drain()
    return copy
