"""PDF objects as bytes: reading the PDF files Typst writes, object by object, and writing a PDF
as objects come (the PDF join's syntax).

It reads the PDF Typst writes (a cross-reference table, objects written whole, stream lengths
written directly); anything else stops the export with a message rather than guessing. It
writes the objects that are not streams packed into compressed object streams, with a
cross-reference stream, as PDF 1.5 and PDF/A-2 allow; the file's id is a digest of its
content, so the same objects give the same bytes.
"""

from __future__ import annotations

import bisect
import hashlib
import io
import re
import zlib
from collections.abc import Callable, Iterable
from typing import Final

from smsdocs.errors import ExportError

OBJECTS_PER_STREAM: Final = 200
"""Objects packed into each object stream (as qpdf does): small enough that a reader finds
one object without inflating much, large enough to compress well."""

STRING: Final = rb"\((?:[^()\\]|\\.|\((?:[^()\\]|\\.)*\))*\)"
"""A literal string, with escapes and one level of balanced parentheses."""
_REFERENCE: Final = re.compile(STRING + rb"|<[0-9A-Fa-f\s]*>|(?P<n>\d+) \d+ R\b")
"""An indirect reference, or a string (which may look like one, and is left alone)."""
_TOKEN: Final = re.compile(
    rb"\s*(?:(<<)|(>>)|(\[)|(\])|(" + STRING + rb")|(<[0-9A-Fa-f\s]*>)|"
    rb"(\d+ \d+ R\b)|(/[^\s/<>\[\]()%]*)|([^\s/<>\[\]()%]+))"
)
_STREAM_END: Final = re.compile(rb"endstream\s*endobj\s*$")
_STREAM_KEYWORD: Final = re.compile(rb"\s*stream(?:\r\n|\n)")
_ENDSTREAM: Final = re.compile(rb"\s*endstream")
_SIMPLE: Final = re.compile(
    STRING + rb"|<[0-9A-Fa-f\s]*>|\d+ \d+ R\b|/[^\s/<>\[\]()%]*|[^\s/<>\[\]()%]+"
)
"""An item of an array that holds no array or dictionary."""
_SPACE: Final = re.compile(rb"\s*")
_FLAT_ARRAY: Final = re.compile(rb"\s*\[[^\[\]()<>]*\]")
_PAGES_NODE: Final = re.compile(rb"/Type\s*/Pages\b")
_OBJECT: Final = re.compile(rb"\s*(\d+) (\d+) obj\s*")
_REFERENCE_ONLY: Final = re.compile(rb"\s*(\d+) (\d+) R\s*")
_ESCAPE: Final = re.compile(rb"\\([0-7]{1,3}|.)", re.S)
_LENGTH: Final = re.compile(rb"/Length\s*(\d+)\b(?!\s+\d+\s+R)")


class PdfFormatError(ExportError):
    """A piece is not the PDF the join reads."""


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


def outside_strings(data: bytes, change: Callable[[bytes], bytes]) -> bytes:
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


def array_items(data: bytes) -> list[bytes]:
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
                for kid in array_items(self.resolve(entries(value)[b"/Kids"])):
                    walk(object_number(kid))
            else:
                found.append(number)

        walk(object_number(self.catalog[b"/Pages"]))
        return found

    def tree(self, value: bytes, kind: bytes) -> list[tuple[bytes, bytes]]:
        """The (key, value) pairs of a number tree (``kind`` ``/Nums``) or a name tree
        (``/Names``), in order, each as its bytes."""
        node = entries(self.resolve(value))
        pairs: list[tuple[bytes, bytes]] = []
        if kind in node:
            items = array_items(self.resolve(node[kind]))
            pairs.extend(zip(items[::2], items[1::2], strict=False))
        for kid in array_items(self.resolve(node[b"/Kids"])) if b"/Kids" in node else []:
            pairs.extend(self.tree(kid, kind))
        return pairs


def object_number(reference: bytes) -> int:
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
        self.out.write(_after(data) + b"endstream\nendobj\n")

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
        self.out.write(_after(data) + b"endstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % start)
        return self.out.getvalue()


def _after(data: bytes) -> bytes:
    """The end of line between a stream's data and ``endstream``: a reader takes a carriage
    return and line feed there as one end of line, so data ending in a carriage return is
    followed by both, or a PDF/A validator counts one byte fewer than its /Length."""
    return b"\r\n" if data.endswith(b"\r") else b"\n"


def as_array(value: bytes) -> list[bytes]:
    value = value.strip()
    return array_items(value) if value.startswith(b"[") else [value]


def literal(string: bytes) -> str:
    """The text of a literal string as Typst writes it (ASCII, with escapes)."""
    return literal_bytes(string).decode("latin-1")


_ESCAPES: Final = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def literal_bytes(string: bytes) -> bytes:
    inner = string.strip()[1:-1]
    return _ESCAPE.sub(
        lambda m: (
            bytes([int(m.group(1), 8) & 0xFF])
            if m.group(1)[:1].isdigit()
            else _ESCAPES.get(m.group(1), m.group(1))
        ),
        inner,
    )
