"""Whether a file the pages show, or the exports take as a template, is what its name says.

pandoc and Typst stop on a damaged image with words that name no file, and Word embeds
whatever bytes it is given; so every image a build reads (PNG, JPEG, GIF, SVG), the logo and
``reference.docx`` are judged here first: a Git LFS pointer saved under an image's name, a
truncated or damaged file, a file of another format, an SVG that is not well-formed XML. An
SVG may link an image beside it (as Inkscape and draw.io save them): ``svg_images`` finds
those links with their lines, so the check can judge where each leads and the exports can
embed it (``embed_images``).

Pure functions of bytes; imports nothing of the package.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from typing import Final
from xml.parsers import expat

IMAGE_SUFFIXES: Final = frozenset({".png", ".jpg", ".jpeg", ".gif", ".svg"})
"""The files a page may show as an image."""
RASTER_MIME: Final = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
}
LFS_POINTER: Final = b"version https://git-lfs.github.com/spec/"
_PNG: Final = b"\x89PNG\r\n\x1a\n"
_FORMATS: Final = (
    (_PNG, "a PNG image", ".png"),
    (b"\xff\xd8\xff", "a JPEG image", ".jpg"),
    (b"GIF87a", "a GIF image", ".gif"),
    (b"GIF89a", "a GIF image", ".gif"),
    (b"PK\x03\x04", "a zip file", ".zip"),
    (b"%PDF", "a PDF", ".pdf"),
)
_AGAIN: Final = "save or export it again from the program that made it"


def lfs_pointer(data: bytes) -> bool:
    """Whether ``data`` is a Git LFS pointer (the file itself was never fetched)."""
    return data.startswith(LFS_POINTER)


_LFS: Final = (
    "is a Git LFS pointer, not the file itself; fetch it with 'git lfs pull' (Git LFS "
    "must be installed where the manual is built)"
)


def image_problem(suffix: str, data: bytes) -> str | None:
    """What is wrong with an image file named ``*suffix`` holding ``data``, as the end of a
    sentence that starts with its name; None for a whole image of the format its name says."""
    suffix = suffix.lower()
    if lfs_pointer(data):
        return _LFS
    if not data:
        return f"is empty, not an image; {_AGAIN}, or remove it"
    if suffix == ".svg":
        return svg_images(data).problem
    found = _format(data)
    expected = {".png": "a PNG image", ".jpg": "a JPEG image", ".jpeg": "a JPEG image"}.get(
        suffix, "a GIF image"
    )
    if found is None:
        return f"is not {expected} (its first bytes are not an image's); {_AGAIN}"
    if found[0] != expected:
        what, right = found
        fix = f"rename it to end in {right}" if right in RASTER_MIME else _AGAIN
        return f"is {what}, not {expected} as its name says; {fix}"
    reader = {"a PNG image": _png, "a JPEG image": _jpeg}.get(expected, _gif)
    return reader(data)


def _format(data: bytes) -> tuple[str, str] | None:
    for magic, what, suffix in _FORMATS:
        if data.startswith(magic):
            return what, suffix
    return None


def _png(data: bytes) -> str | None:
    view = memoryview(data)
    pos, first = len(_PNG), True
    while True:
        if pos + 12 > len(data):
            return f"is cut short: the PNG image ends before its last part; {_AGAIN}"
        length = int.from_bytes(view[pos : pos + 4], "big")
        kind = bytes(view[pos + 4 : pos + 8])
        end = pos + 12 + length
        if end > len(data):
            return f"is cut short: the PNG image ends before its last part; {_AGAIN}"
        crc = int.from_bytes(view[end - 4 : end], "big")
        if zlib.crc32(view[pos + 4 : end - 4]) != crc or (first and kind != b"IHDR"):
            return f"is damaged: a part of the PNG image fails its checksum; {_AGAIN}"
        if kind == b"IEND":
            return None
        pos, first = end, False


def _jpeg(data: bytes) -> str | None:
    pos = 2
    while True:
        while (
            pos < len(data) and data[pos] == 0xFF and pos + 1 < len(data) and data[pos + 1] == 0xFF
        ):
            pos += 1  # fill bytes
        if pos + 4 > len(data) or data[pos] != 0xFF:
            return f"is cut short or damaged: the JPEG image ends inside its header; {_AGAIN}"
        marker = data[pos + 1]
        if marker == 0xD8 or 0xD0 <= marker <= 0xD7 or marker == 0x01:
            pos += 2
            continue
        length = int.from_bytes(data[pos + 2 : pos + 4], "big")
        pos += 2 + length
        if marker == 0xDA:  # start of scan: the image data, then the end marker
            break
    if data.find(b"\xff\xd9", pos) < 0:
        return f"is cut short: the JPEG image has no end; {_AGAIN}"
    return None


def _gif(data: bytes) -> str | None:
    if not data.rstrip(b"\x00").endswith(b";"):
        return f"is cut short: the GIF image has no end; {_AGAIN}"
    return None


def docx_problem(data: bytes) -> str | None:
    """What is wrong with a Word template (``reference.docx``), as the end of a sentence
    that starts with its name; None for a whole .docx."""
    fix = "save it again from Word as a .docx, or delete it to use the template smsdocs ships"
    if lfs_pointer(data):
        return _LFS
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            missing = {"[Content_Types].xml", "word/document.xml", "word/styles.xml"} - names
            if missing:
                return f"is a zip file but not a Word document (no {sorted(missing)[0]}); {fix}"
            damaged = archive.testzip()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        return f"is not a Word document (not a whole zip file); {fix}"
    if damaged is not None:
        return f"is damaged ({damaged} fails its checksum); {fix}"
    return None


# -- SVGs that link images --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SvgImage:
    """An image an SVG links (``<image href="pic.png">``): where, and to what."""

    href: str
    line: int
    column: int
    start: int
    """The offset of the element's start tag in the file's bytes."""
    end: int
    """The offset just past the start tag."""


@dataclass(frozen=True, slots=True)
class SvgImages:
    """What an SVG file links; ``problem`` (with its line and column) when it is not
    well-formed XML."""

    images: tuple[SvgImage, ...] = ()
    problem: str | None = None
    line: int = 0
    column: int = 0


_HREF_NAMES: Final = ("href", "xlink:href")
_LINKING: Final = frozenset({"image", "feImage"})


def svg_images(data: bytes) -> SvgImages:
    """The images an SVG links by address (not ``data:`` or ``#`` ones), or its problem."""
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    found: list[SvgImage] = []
    roots: list[tuple[str, int, int]] = []

    def start(name: str, attributes: dict[str, str]) -> None:
        if not roots:
            roots.append((name, parser.CurrentLineNumber, parser.CurrentColumnNumber + 1))
        if name.rpartition(":")[2] not in _LINKING:
            return
        href = next(
            (v for k, v in attributes.items() if k in _HREF_NAMES or k.endswith(":href")), None
        )
        if href is None or href.strip().startswith(("data:", "#")) or not href.strip():
            return
        begin = parser.CurrentByteIndex
        found.append(
            SvgImage(
                href.strip(),
                parser.CurrentLineNumber,
                parser.CurrentColumnNumber + 1,
                begin,
                _tag_end(data, begin),
            )
        )

    parser.StartElementHandler = start
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        return SvgImages(
            problem=f"is not a well-formed SVG ({expat.errors.messages[exc.code]}); {_AGAIN}",
            line=exc.lineno,
            column=exc.offset + 1,
        )
    if roots and roots[0][0].rpartition(":")[2] != "svg":
        name, line, column = roots[0]
        return SvgImages(
            problem=f"is XML but not an SVG drawing (it starts with <{name}>, not <svg>); {_AGAIN}",
            line=line,
            column=column,
        )
    return SvgImages(tuple(found))


def _tag_end(data: bytes, start: int) -> int:
    quote = 0
    for pos in range(start, len(data)):
        byte = data[pos]
        if quote:
            if byte == quote:
                quote = 0
        elif byte in (0x22, 0x27):
            quote = byte
        elif byte == 0x3E:  # '>'
            return pos + 1
    return len(data)


_HREF: Final = re.compile(rb"""(\s(?:[A-Za-z_][\w.-]*:)?href\s*=\s*)(["'])(.*?)\2""", re.S)


def embed_images(data: bytes, embedded: dict[str, str]) -> bytes:
    """The SVG ``data`` with each linked image replaced by the ``data:`` address
    ``embedded`` gives for its ``href``; links not in ``embedded`` are left as they are."""
    out: list[bytes] = []
    done = 0
    for image in svg_images(data).images:
        uri = embedded.get(image.href)
        if uri is None:
            continue
        tag = _replace_href(data[image.start : image.end], b'"' + uri.encode("ascii") + b'"')
        out += [data[done : image.start], tag]
        done = image.end
    out.append(data[done:])
    return b"".join(out)


def _replace_href(tag: bytes, value: bytes) -> bytes:
    return _HREF.sub(lambda m: m.group(1) + value, tag)
