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

The objects that are not streams are packed into compressed object streams, with a
cross-reference stream, as PDF 1.5 and PDF/A-2 allow; the file's id is a digest of its
content, so the same pieces give the same bytes.

It reads the PDF Typst writes (a cross-reference table, objects written whole, stream lengths
written directly); anything else stops the export with a message rather than guessing.
"""

from __future__ import annotations

import bisect
import hashlib
import html
import io
import pickle
import re
import subprocess
import sys
import threading
import zlib
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from smsdocs import running
from smsdocs.errors import ExportError
from smsdocs.export.parts import in_parallel, workers

FURNITURE: Final = b"/SmsdocsFurniture"
"""The resource name each page's furniture form is drawn by."""
OBJECTS_PER_STREAM: Final = 200
"""Objects packed into each object stream (as qpdf does): small enough that a reader finds
one object without inflating much, large enough to compress well."""
TREE_LEAF: Final = 512
"""Entries in each leaf of the number and name trees written (parent tree, ids, names)."""

_STRING: Final = rb"\((?:[^()\\]|\\.|\((?:[^()\\]|\\.)*\))*\)"
"""A literal string, with escapes and one level of balanced parentheses."""
_REFERENCE: Final = re.compile(_STRING + rb"|<[0-9A-Fa-f\s]*>|(?P<n>\d+) \d+ R\b")
"""An indirect reference, or a string (which may look like one, and is left alone)."""
_TOKEN: Final = re.compile(
    rb"\s*(?:(<<)|(>>)|(\[)|(\])|(" + _STRING + rb")|(<[0-9A-Fa-f\s]*>)|"
    rb"(\d+ \d+ R\b)|(/[^\s/<>\[\]()%]*)|([^\s/<>\[\]()%]+))"
)
_STREAM_END: Final = re.compile(rb"endstream\s*endobj\s*$")
_STREAM_KEYWORD: Final = re.compile(rb"\s*stream(?:\r\n|\n)")
_ENDSTREAM: Final = re.compile(rb"\s*endstream")
_SIMPLE: Final = re.compile(
    _STRING + rb"|<[0-9A-Fa-f\s]*>|\d+ \d+ R\b|/[^\s/<>\[\]()%]*|[^\s/<>\[\]()%]+"
)
"""An item of an array that holds no array or dictionary."""
_SPACE: Final = re.compile(rb"\s*")
_NESTED: Final = re.compile(rb"\((?:[^()\\]|\\.)*\(")
"""A string that holds a parenthesis of its own (the simple patterns above do not see its
end, and it is read byte by byte)."""
_FLAT_ARRAY: Final = re.compile(rb"\s*\[[^\[\]()<>]*\]")
_PAGES_NODE: Final = re.compile(rb"/Type\s*/Pages\b")
_OBJECT: Final = re.compile(rb"\s*(\d+) (\d+) obj\s*")
_REFERENCE_ONLY: Final = re.compile(rb"\s*(\d+) (\d+) R\s*")
_BARE_REFERENCE: Final = re.compile(rb"(?P<n>\d+) \d+ R\b")
_BARE_SPLIT: Final = re.compile(rb"(\d+) \d+ R\b")
_REFERENCE_SPLIT: Final = re.compile(rb"(" + _STRING + rb"|<[0-9A-Fa-f\s]*>)|(\d+) \d+ R\b")
_STRINGS: Final = re.compile(_STRING)
_ESCAPE: Final = re.compile(rb"\\([0-7]{1,3}|.)", re.S)
_LENGTH: Final = re.compile(rb"/Length\s*(\d+)\b(?!\s+\d+\s+R)")
_URI_ACTION: Final = re.compile(
    rb"/A\s*<<(?:[^<>()]|"
    + _STRING
    + rb")*?/URI\s*("
    + _STRING
    + rb")(?:[^<>()]|"
    + _STRING
    + rb")*>>"
)
_CONTENTS: Final = re.compile(rb"/Contents\s*" + _STRING)
_STRUCT_PARENT: Final = re.compile(rb"/StructParent (\d+)")
_ID: Final = re.compile(rb"/ID\s*(" + _STRING + rb")")
_HEADERS: Final = re.compile(rb"/Headers\s*\[((?:\s*" + _STRING + rb")*)\s*\]")
_OBJR: Final = re.compile(rb"<<\s*/Type\s*/OBJR[^<>()]*>>")
_LINK_ROLE: Final = re.compile(rb"/S\s*/Link\b")


class PdfFormatError(ExportError):
    """A piece is not the PDF the join reads."""


@dataclass(frozen=True)
class Target:
    """Where a link leads in the joined document, and what it says it leads to."""

    page: int
    top: float
    description: str


Resolver = Callable[[str], "Target | bool | None"]
"""What becomes of a link with this URI: a Target, None to remove it (keeping its text), or
True to keep it as it is (a link to the web)."""


@dataclass(frozen=True)
class Links:
    """Where the manual's own links lead (a Resolver, given to the workers as data): a link
    whose scheme is one of ``schemes`` leads to the place its name has in ``places``, and
    says it goes to that place's title; one to an ``anchor`` (which only marks a place), or
    to a place the manual does not have, keeps only its text; any other stays as it is."""

    places: dict[str, tuple[int, float]]
    titles: dict[tuple[int, float], str]
    schemes: tuple[str, ...]
    anchor: str

    def __call__(self, uri: str) -> Target | bool | None:
        if uri.startswith(self.schemes):
            place = self.places.get(uri.partition(":")[2])
        elif uri.startswith(self.anchor):
            place = None
        else:
            return True  # a link to the web
        if place is None:
            return None
        return Target(*place, f"Go to {self.titles.get(place, 'a place in this manual')}")


# --- reading -----------------------------------------------------------------------------


def _string_end(data: bytes, start: int) -> int:
    """Where the literal string that opens at ``start`` ends: after the parenthesis that
    balances its first, past escaped ones (a string may hold balanced parentheses unescaped,
    to any depth)."""
    depth = 0
    position = start
    while position < len(data):
        byte = data[position]
        if byte == 0x5C:  # a backslash escapes the next byte
            position += 2
            continue
        if byte == 0x28:
            depth += 1
        elif byte == 0x29:
            depth -= 1
            if depth == 0:
                return position + 1
        position += 1
    raise PdfFormatError("a string of a piece of the PDF does not end")


def _tokens(data: bytes, start: int = 0) -> Iterable[tuple[int, bytes, int]]:
    """(kind, token, end) of the PDF tokens in ``data`` from ``start``."""
    position = start
    while True:
        position = _SPACE.match(data, position).end()  # type: ignore[union-attr]
        if data[position : position + 1] == b"(":
            end = _string_end(data, position)
            yield 5, data[position:end], end
            position = end
            continue
        found = _TOKEN.match(data, position)
        if found is None or found.end() == position:
            return
        kind = found.lastindex or 0
        yield kind, found.group(kind), found.end()
        position = found.end()


def _outside_strings(data: bytes, change: Callable[[bytes], bytes]) -> bytes:
    """``data`` with ``change`` made to every part of it that is not a literal string."""
    parts = []
    position = 0
    while (opened := data.find(b"(", position)) >= 0:
        end = _string_end(data, opened)
        parts.append(change(data[position:opened]))
        parts.append(data[opened:end])
        position = end
    parts.append(change(data[position:]))
    return b"".join(parts)


def _value_end(data: bytes, start: int) -> int:
    """Where the value starting at ``start`` (after any white space) ends."""
    flat = _FLAT_ARRAY.match(data, start)
    if flat is not None:
        return flat.end()  # an array of numbers, names and references: most of them
    depth = 0
    for kind, _, end in _tokens(data, start):
        if kind in (1, 3):
            depth += 1
        elif kind in (2, 4):
            depth -= 1
        if depth <= 0:
            return end
    raise PdfFormatError("a value of a piece of the PDF does not end")


def entries(data: bytes) -> dict[bytes, bytes]:
    """The entries of a dictionary, ``<< /Key value ... >>``, each value as its bytes."""
    found: dict[bytes, bytes] = {}
    tokens = iter(_tokens(data))
    kind, _, position = next(tokens, (0, b"", 0))
    if kind != 1:
        raise PdfFormatError("an object of a piece of the PDF is not a dictionary")
    while True:
        found_key = _TOKEN.match(data, position)
        if found_key is None or found_key.lastindex == 2:
            return found
        if found_key.lastindex != 8:
            raise PdfFormatError("a dictionary of a piece of the PDF has a key that is no name")
        end = _value_end(data, found_key.end())
        found[found_key.group(8)] = data[found_key.end() : end].strip()
        position = end


def dictionary(items: dict[bytes, bytes]) -> bytes:
    return b"<<" + b"".join(key + b" " + value for key, value in items.items()) + b">>"


def references(data: bytes) -> list[int]:
    """The object numbers ``data`` refers to, in order."""
    return [int(found.group("n")) for found in _REFERENCE.finditer(data) if found.group("n")]


def _array_items(data: bytes) -> list[bytes]:
    """The items of an array, ``[a b c]``, each as its bytes."""
    data = data.strip()
    if not data.startswith(b"["):
        raise PdfFormatError("a piece of the PDF has no array where one belongs")
    inner = data[1 : data.rindex(b"]")]
    if b"[" not in inner and b"<<" not in inner and b"(" not in inner:
        return list(_SIMPLE.findall(inner))
    items: list[bytes] = []
    position = 1
    while True:
        found = _TOKEN.match(data, position)
        if found is None or found.lastindex == 4:
            return items
        end = _value_end(data, position)
        items.append(data[position:end].strip())
        position = end


class Source:
    """A PDF Typst wrote, read as bytes: its objects by number."""

    def __init__(self, data: bytes, name: str) -> None:
        self.data = data
        self.name = name
        start = data.rfind(b"startxref")
        found = re.match(rb"startxref\s+(\d+)", data[start:]) if start >= 0 else None
        if found is None:
            raise PdfFormatError(f"{name} has no cross-reference table")
        xref = int(found.group(1))
        if not data.startswith(b"xref", xref):
            raise PdfFormatError(f"{name} has a cross-reference stream, not the table Typst writes")
        self.offsets: dict[int, int] = {}
        position = xref + 4
        while True:
            head = re.compile(rb"\s*(\d+) (\d+)\s*\n").match(data, position)
            if head is None:
                break
            first, count = int(head.group(1)), int(head.group(2))
            position = head.end()
            for number in range(first, first + count):
                row = data[position : position + 20]
                position += 20
                if row[17:18] == b"n":
                    self.offsets[number] = int(row[:10])
        trailer = data.find(b"trailer", position)
        if trailer < 0:
            raise PdfFormatError(f"{name} has no trailer")
        self.trailer = entries(data[trailer + 7 : data.find(b"startxref", trailer)].strip())
        self._starts = sorted(set(self.offsets.values()) | {xref})

    def get(self, number: int) -> tuple[bytes, bytes | None]:
        """Object ``number``: its value (a stream's dictionary), and a stream's raw data."""
        start = self.offsets.get(number)
        if start is None:
            raise PdfFormatError(f"{self.name} has no object {number}")
        data = self.data
        end = self._starts[bisect.bisect_right(self._starts, start)]
        head = _OBJECT.match(data, start, end)
        if head is None or int(head.group(1)) != number:
            raise PdfFormatError(f"{self.name}: object {number} is not where the table says")
        if not _STREAM_END.search(data, max(head.end(), end - 64), end):
            return data[head.end() : data.rfind(b"endobj", head.end(), end)].strip(), None
        body = data[head.end() : end]
        end = _value_end(body, 0)
        keyword = _STREAM_KEYWORD.match(body, end)
        length = _LENGTH.search(body, 0, end)
        if keyword is None or length is None:
            raise PdfFormatError(f"{self.name}: stream {number} has no direct /Length")
        data = body[keyword.end() : keyword.end() + int(length.group(1))]
        if not _ENDSTREAM.match(body, keyword.end() + len(data)):
            raise PdfFormatError(f"{self.name}: stream {number} is not as long as it says")
        return body[:end].strip(), data

    def dictionary(self, number: int) -> dict[bytes, bytes]:
        return entries(self.get(number)[0])

    def resolve(self, value: bytes) -> bytes:
        """``value``, or the object it refers to."""
        found = _REFERENCE_ONLY.fullmatch(value)
        return self.get(int(found.group(1)))[0] if found else value

    @property
    def catalog(self) -> dict[bytes, bytes]:
        return entries(self.resolve(self.trailer[b"/Root"]))

    def pages(self) -> list[int]:
        """The page objects, in order."""
        found: list[int] = []

        def walk(number: int) -> None:
            value = self.get(number)[0]
            if _PAGES_NODE.search(value):
                for kid in _array_items(self.resolve(entries(value)[b"/Kids"])):
                    walk(_number(kid))
            else:
                found.append(number)

        walk(_number(self.catalog[b"/Pages"]))
        return found

    def tree(self, value: bytes, kind: bytes) -> list[tuple[bytes, bytes]]:
        """The (key, value) pairs of a number tree (``kind`` ``/Nums``) or a name tree
        (``/Names``), in order, each as its bytes."""
        node = entries(self.resolve(value))
        pairs: list[tuple[bytes, bytes]] = []
        if kind in node:
            items = _array_items(self.resolve(node[kind]))
            pairs.extend(zip(items[::2], items[1::2], strict=False))
        for kid in _array_items(self.resolve(node[b"/Kids"])) if b"/Kids" in node else []:
            pairs.extend(self.tree(kid, kind))
        return pairs


def _number(reference: bytes) -> int:
    found = _REFERENCE_ONLY.fullmatch(reference)
    if found is None:
        raise PdfFormatError("a piece of the PDF has a value where a reference belongs")
    return int(found.group(1))


# --- writing -----------------------------------------------------------------------------


def ref(number: int) -> bytes:
    return b"%d 0 R" % number


def real(value: float) -> bytes:
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return (text if text not in ("-0", "") else "0").encode("ascii")


def text_string(value: str) -> bytes:
    """A PDF text string: literal when it is ASCII, else UTF-16 with its byte-order mark."""
    if value.isascii() and value.isprintable():
        escaped = value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        return b"(" + escaped.encode("ascii") + b")"
    return b"<feff" + value.encode("utf-16-be").hex().encode("ascii") + b">"


class Writer:
    """A PDF written as objects come: streams straight to the output, other objects packed
    into object streams, then a cross-reference stream."""

    def __init__(self, start: int = 1) -> None:
        self.out = io.BytesIO()
        if start == 1:
            self.out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        self.count = start
        self.located: dict[int, tuple[int, int, int]] = {}
        self.packed: list[tuple[int, bytes]] = []

    def written(self) -> tuple[bytes, dict[int, tuple[int, int, int]]]:
        """What this writer wrote (a part of a file, written by a writer given a ``start``),
        and where each object is, for ``absorb``."""
        self._pack()
        return self.out.getvalue(), self.located

    def absorb(self, data: bytes, located: dict[int, tuple[int, int, int]]) -> None:
        """Take in what another writer wrote, with object numbers of its own."""
        position = self.out.tell()
        self.out.write(data)
        for number, (kind, field, index) in located.items():
            self.located[number] = (kind, field + position if kind == 1 else field, index)

    def reserve(self) -> int:
        number = self.count
        self.count += 1
        return number

    def put(self, number: int, value: bytes) -> None:
        self.packed.append((number, value))
        if len(self.packed) >= OBJECTS_PER_STREAM:
            self._pack()

    def put_stream(self, number: int, items: dict[bytes, bytes], data: bytes) -> None:
        items = {**items, b"/Length": b"%d" % len(data)}
        self.located[number] = (1, self.out.tell(), 0)
        self.out.write(b"%d 0 obj\n%s\nstream\n" % (number, dictionary(items)))
        self.out.write(data)
        self.out.write(b"\nendstream\nendobj\n")

    def _pack(self) -> None:
        if not self.packed:
            return
        number = self.reserve()
        index = []
        body = io.BytesIO()
        for position, (member, value) in enumerate(self.packed):
            index.append(b"%d %d" % (member, body.tell()))
            self.located[member] = (2, number, position)
            body.write(value + b"\n")
        head = b" ".join(index) + b"\n"
        data = zlib.compress(head + body.getvalue(), 6)
        self.put_stream(
            number,
            {
                b"/Type": b"/ObjStm",
                b"/N": b"%d" % len(self.packed),
                b"/First": b"%d" % len(head),
                b"/Filter": b"/FlateDecode",
            },
            data,
        )
        self.packed = []

    def finish(self, root: int, info: int) -> bytes:
        self._pack()
        number = self.reserve()
        self.located[number] = (1, self.out.tell(), 0)
        rows = [b"\x00\x00\x00\x00\x00\xff\xff"]
        for member in range(1, self.count):
            kind, field, index = self.located.get(member, (0, 0, 0))
            rows.append(bytes([kind]) + field.to_bytes(4, "big") + index.to_bytes(2, "big"))
        digest = hashlib.md5(self.out.getvalue(), usedforsecurity=False).hexdigest()
        identity = b"<" + digest.encode("ascii") + b">"
        data = zlib.compress(b"".join(rows), 6)
        items = {
            b"/Type": b"/XRef",
            b"/Size": b"%d" % self.count,
            b"/W": b"[1 4 2]",
            b"/Root": ref(root),
            b"/Info": ref(info),
            b"/ID": b"[" + identity + identity + b"]",
            b"/Filter": b"/FlateDecode",
            b"/Length": b"%d" % len(data),
        }
        start = self.out.tell()
        self.out.write(b"%d 0 obj\n%s\nstream\n" % (number, dictionary(items)))
        self.out.write(data)
        self.out.write(b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % start)
        return self.out.getvalue()


# --- joining -----------------------------------------------------------------------------

INTERNAL_DESCRIPTION: Final = "Go to a place in this manual"
"""What a link within a piece (a footnote's) says it leads to."""


@dataclass(frozen=True)
class Bookmark:
    level: int
    title: str
    page: int
    top: float


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
        return _outside_strings(data, self._bare)

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


def _as_array(value: bytes) -> list[bytes]:
    value = value.strip()
    return _array_items(value) if value.startswith(b"[") else [value]


def _literal(string: bytes) -> str:
    """The text of a literal string as Typst writes it (ASCII, with escapes)."""
    return _literal_bytes(string).decode("latin-1")


_ESCAPES: Final = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _literal_bytes(string: bytes) -> bytes:
    inner = string.strip()[1:-1]
    return _ESCAPE.sub(
        lambda m: (
            bytes([int(m.group(1), 8) & 0xFF])
            if m.group(1)[:1].isdigit()
            else _ESCAPES.get(m.group(1), m.group(1))
        ),
        inner,
    )


def _prefixed(string: bytes, prefix: bytes) -> bytes:
    return string if not prefix else b"(" + prefix + string.strip()[1:]


def _tree(writer: Writer, kind: bytes, items: list[tuple[bytes, bytes]]) -> int:
    """A number tree (``/Nums``) or name tree (``/Names``) of ``items``, sorted by key: one
    level of leaves under a root, written whole."""

    def flat(part: list[tuple[bytes, bytes]]) -> bytes:
        return b"[" + b" ".join(key + b" " + value for key, value in part) + b"]"

    root = writer.reserve()
    if len(items) <= TREE_LEAF:
        writer.put(root, dictionary({kind: flat(items)}))
        return root
    kids = []
    for start in range(0, len(items), TREE_LEAF):
        leaf = items[start : start + TREE_LEAF]
        kid = writer.reserve()
        limits = b"[" + leaf[0][0] + b" " + leaf[-1][0] + b"]"
        writer.put(kid, dictionary({kind: flat(leaf), b"/Limits": limits}))
        kids.append(ref(kid))
    writer.put(root, dictionary({b"/Kids": b"[" + b" ".join(kids) + b"]"}))
    return root


def _furniture_forms(writer: Writer, source: Source, forms: list[int]) -> None:
    """Each page of the furniture as a form XObject of its own, numbered ``forms``."""
    copy = _Copy(writer, source, {})
    pages = source.pages()
    if len(pages) != len(forms):
        raise PdfFormatError("the furniture does not have a page for every page of the manual")
    for page, number in zip(pages, forms, strict=True):
        items = source.dictionary(page)
        parts = [source.get(_number(item)) for item in _as_array(items.get(b"/Contents", b"[]"))]
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


def _outline(writer: Writer, bookmarks: list[Bookmark], pages: list[int]) -> int:
    """The bookmarks as an outline, every level open."""
    root = writer.reserve()
    numbers = [writer.reserve() for _ in bookmarks]
    parent_of: dict[int, int] = {}
    children: dict[int, list[int]] = {root: [], **{number: [] for number in numbers}}
    stack: list[tuple[int, int]] = [(0, root)]
    for mark, number in zip(bookmarks, numbers, strict=True):
        while stack[-1][0] >= mark.level:
            stack.pop()
        parent_of[number] = stack[-1][1]
        children[stack[-1][1]].append(number)
        stack.append((mark.level, number))
    counts: dict[int, int] = {}
    for number in [*reversed(numbers), root]:
        counts[number] = sum(1 + counts[kid] for kid in children[number])
    for mark, number in zip(bookmarks, numbers, strict=True):
        node = {
            b"/Title": text_string(mark.title),
            b"/Parent": ref(parent_of[number]),
            b"/Dest": b"[%s/XYZ null %s null]" % (ref(pages[mark.page]), real(mark.top)),
        }
        siblings = children[parent_of[number]]
        position = _position(siblings, number)
        if position > 0:
            node[b"/Prev"] = ref(siblings[position - 1])
        if position + 1 < len(siblings):
            node[b"/Next"] = ref(siblings[position + 1])
        kids = children[number]
        if kids:
            node[b"/First"], node[b"/Last"] = ref(kids[0]), ref(kids[-1])
            node[b"/Count"] = b"%d" % counts[number]
        writer.put(number, dictionary(node))
    items = {b"/Type": b"/Outlines", b"/Count": b"%d" % counts[root]}
    if children[root]:
        items[b"/First"], items[b"/Last"] = ref(children[root][0]), ref(children[root][-1])
    writer.put(root, dictionary(items))
    return root


def _position(siblings: list[int], number: int) -> int:
    """Where ``number`` is among ``siblings`` (numbered in order as they were reserved)."""
    return bisect.bisect_left(siblings, number)


@dataclass
class _Whole:
    """The joined structure tree, gathered piece by piece."""

    children: list[bytes]
    parents: list[tuple[int, bytes]]
    ids: list[tuple[bytes, bytes]]
    roles: dict[bytes, bytes]
    document: dict[bytes, bytes] | None = None
    next_key: int = 0


@dataclass(frozen=True)
class _Fixed:
    """The objects of the joined document every piece refers to."""

    pages: int
    document: int
    save: int
    draw: int


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


@dataclass(frozen=True)
class _Job:
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
class _Shared:
    """What every piece's worker reads: the pages of the whole, the links' places, the
    objects every piece refers to."""

    every_page: list[int]
    resolve: Resolver
    fixed: _Fixed


_shared: _Shared | None = None
"""In a worker process: what it was given when it started."""


def _start_worker(shared: _Shared) -> None:
    global _shared  # noqa: PLW0603 - one per worker process, set as it starts
    _shared = shared


def _write_piece(job: _Job) -> tuple[bytes, dict[int, tuple[int, int, int]], _Whole]:
    """Write one piece of the body into its range of numbers: the bytes, where each object
    is, and its part of the structure tree."""
    shared = _shared
    assert shared is not None
    writer = Writer(job.start)
    whole = _Whole([], [], [], {}, next_key=job.key)
    _piece(
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


def _write_pieces(
    jobs: list[_Job], shared: _Shared
) -> list[tuple[bytes, dict[int, tuple[int, int, int]], _Whole]]:
    """Every piece written, in order: by worker processes, two at once, where there are
    two processors and more than one piece; else here, one after the other."""
    count = min(workers(), len(jobs))
    if count < 2:
        _start_worker(shared)
        return [_write_piece(job) for job in jobs]
    # Processes of their own, not threads: the work is Python's, and one interpreter runs
    # Python on one processor at a time. Each is started afresh, holding only what it is
    # given, and takes pieces, the largest first, while its share is the smaller.
    groups: list[list[_Job]] = [[] for _ in range(count)]
    for job in sorted(jobs, key=lambda job: -job.size):
        min(groups, key=lambda group: sum(given.size for given in group)).append(job)

    def run(group: list[_Job]) -> list[tuple[bytes, dict[int, tuple[int, int, int]], _Whole]]:
        try:
            proc = running.run(
                [sys.executable, "-c", "from smsdocs.export.join import serve; serve()"],
                input=pickle.dumps((shared, group), pickle.HIGHEST_PROTOCOL),
                timeout=900,
            )
        except (OSError, subprocess.SubprocessError) as exc:
            raise ExportError(f"the PDF's pieces could not be joined ({exc})") from None
        if proc.returncode != 0:
            message = proc.stderr.decode("utf-8", "replace").strip()
            raise ExportError(message or f"joining the PDF stopped (exit code {proc.returncode})")
        written: list[tuple[bytes, dict[int, tuple[int, int, int]], _Whole]]
        written = pickle.loads(proc.stdout)  # made by the worker started above
        return written

    done = in_parallel(run, groups, len)
    written = {
        id(job): result
        for group, results in zip(groups, done, strict=True)
        for job, result in zip(group, results, strict=True)
    }
    return [written[id(job)] for job in jobs]


def serve() -> None:
    """Write the pieces given on standard input (in a process of its own)."""
    shared, group = pickle.loads(sys.stdin.buffer.read())  # given by the export
    _start_worker(shared)
    try:
        written = [_write_piece(job) for job in group]
    except ExportError as exc:
        sys.stderr.write(str(exc))
        sys.exit(1)
    sys.stdout.buffer.write(pickle.dumps(written, pickle.HIGHEST_PROTOCOL))


def join(
    front: Path,
    body: list[Path],
    furniture: Path,
    resolve: Resolver,
    bookmarks: list[Bookmark],
    names: list[tuple[str, int, float]],
    producer: str,
) -> bytes:
    """One PDF: ``front`` (whose catalogue, metadata and Document element the whole keeps),
    then each piece of ``body``, every page drawn over the page of ``furniture`` of the same
    number; links resolved by ``resolve``; with ``bookmarks`` and the named destinations
    ``names`` (name, page, top), pages counted from 0 in the joined document."""
    writer = Writer()
    paths = [front, *body]
    fixed = _Fixed(*(writer.reserve() for _ in range(4)))
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
            _Job(
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
    pieces: list[tuple[bytes, dict[int, tuple[int, int, int]], _Whole]] = []
    failed: list[BaseException] = []

    def write_body() -> None:
        try:
            pieces.extend(_write_pieces(jobs, _Shared(every_page, resolve, fixed)))
        except BaseException as exc:  # raised again below, in this thread
            failed.append(exc)

    body_writer = threading.Thread(target=write_body)
    body_writer.start()
    whole = _Whole([], [], [], {})
    try:
        _furniture_forms(writer, Source(furniture.read_bytes(), "the furniture"), forms)
        front_copy = _piece(
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
            _tree(writer, b"/Nums", [(b"%d" % key, value) for key, value in sorted(whole.parents)])
        ),
        b"/ParentTreeNextKey": b"%d" % whole.next_key,
        b"/RoleMap": dictionary(whole.roles),
    }
    if whole.ids:
        ids = sorted(whole.ids, key=lambda item: _literal_bytes(item[0]))
        root[b"/IDTree"] = ref(_tree(writer, b"/Names", ids))
    writer.put(struct_root, dictionary(root))
    named = sorted((name.encode("utf-8"), page, top) for name, page, top in names)
    destinations = _tree(
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
            b"/Outlines": ref(_outline(writer, bookmarks, every_page)),
            b"/Names": dictionary({b"/Dests": ref(destinations)}),
            b"/ViewerPreferences": dictionary(preferences),
        }
    )
    metadata = front_copy.source.catalog.get(b"/Metadata")
    if metadata is not None:
        value, xmp = front_copy.source.get(_number(metadata))
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


def _shift(offset: int) -> Callable[[re.Match[bytes]], bytes]:
    return lambda found: (
        found.group(0)[: found.start(1) - found.start(0)] + b"%d" % (int(found.group(1)) + offset)
    )


def _annotation(
    outcome: Target | bool, every_page: list[int], offset: int
) -> Callable[[bytes], bytes]:
    """The change to a link annotation (once renumbered): to the place it leads to, described
    in words, and its key in the parent tree moved by ``offset``."""

    def change(value: bytes) -> bytes:
        value = _STRUCT_PARENT.sub(_shift(offset), value)
        action = _URI_ACTION.search(value)
        if isinstance(outcome, Target) and action is not None:
            dest = b"[%s/XYZ null %s null]" % (ref(every_page[outcome.page]), real(outcome.top))
            value = value[: action.start()] + b"/Dest" + dest + value[action.end() :]
            described = outcome.description
        elif action is None and b"/Dest" in value:
            described = INTERNAL_DESCRIPTION  # a link within its piece, a footnote's
        else:
            return value
        contents = b"/Contents" + text_string(described)
        value, found = _CONTENTS.subn(lambda _: contents, value, count=1)
        return value if found else value[:-2] + contents + b">>"

    return change


def _piece(
    writer: Writer,
    source: Source,
    pages: dict[int, int],
    forms: list[int],
    every_page: list[int],
    resolve: Resolver,
    whole: _Whole,
    fixed: _Fixed,
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
    tops = [_number(kid) for kid in _as_array(struct.get(b"/K", b"[]"))]
    copy = _Copy(
        writer,
        source,
        {_number(catalog[b"/Pages"]): fixed.pages, **pages, **dict.fromkeys(tops, fixed.document)},
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
        for annot in _as_array(source.resolve(items.get(b"/Annots", b"[]"))):
            number = _number(annot)
            value = source.get(number)[0]
            action = _URI_ACTION.search(value)
            outcome = True if action is None else resolve(_literal(action.group(1)))
            if outcome is None:
                removed.add(number)
                key = _STRUCT_PARENT.search(value)
                element = keyed.pop(int(key.group(1)), None) if key else None
                if element is not None:
                    unlinked.add(_number(element))
            else:
                copy.after[number] = _annotation(outcome, every_page, offset)

    def rename(string: bytes) -> bytes:
        return _prefixed(string, prefix)

    def edit(local: int, value: bytes) -> bytes:
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
                for annot in _as_array(source.resolve(items[b"/Annots"]))
                if _number(annot) not in removed
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
        parts = [copy.renumbered(part) for part in _as_array(contents)]
        items[b"/Contents"] = b"[" + b" ".join([ref(fixed.save), *parts, ref(fixed.draw)]) + b"]"
        writer.put(number, dictionary(items))
    for top in tops:
        top_items = source.dictionary(top)
        whole.children.extend(
            copy.renumbered(kid) for kid in _as_array(top_items.get(b"/K", b"[]"))
        )
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
