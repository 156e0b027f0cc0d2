"""Escaping: values from YAML made safe as plain text, inline code, HTML text or Markdown,
and the CommonMark fence scanner every Markdown reader of smsdocs shares. Imports nothing of
smsdocs but the link rule (``sanitise.LINK_SCHEMES``)."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from typing import Final, Literal

from smsdocs.sanitise import LINK_SCHEMES

_ENTITIES: Final = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    "\\": "&#92;",
    "`": "&#96;",
    "*": "&#42;",
    "_": "&#95;",
    "[": "&#91;",
    "]": "&#93;",
    "{": "&#123;",
    "}": "&#125;",
    "|": "&#124;",
    "#": "&#35;",
    "~": "&#126;",
    "^": "&#94;",
    "$": "&#36;",
    "@": "&#64;",
    "!": "&#33;",
    '"': "&quot;",
    "'": "&#39;",
}


_ENTITY_RE: Final = re.compile("[" + re.escape("".join(_ENTITIES)) + "]")


_SPACE_RE: Final = re.compile(r"\s+")


def one_line(value: object) -> str:
    """A value as text on one line: each run of white space becomes a single space."""
    return _SPACE_RE.sub(" ", str(value)).strip()


CONTROL_RE: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""The control characters (C0 but tab and line ends, DEL, C1): no font draws them, and Typst
refuses a PDF that holds one; where they reach a page they are shown as escapes (``\\x1b``)."""

BIDI_RE: Final = re.compile("[\u202a-\u202e\u2066-\u2069]")
"""The bidirectional embeddings, overrides and isolates, which reorder the text after them."""

_OPENERS: Final = "\u2066\u2067\u2068"
_PDI: Final = "\u2069"
FSI: Final = "\u2068"
"""First strong isolate: the text up to the next PDI is laid out apart from what surrounds it."""


def isolated(value: str) -> str:
    """``value`` as a bidirectional isolate when it holds a direction control: an embedding,
    override or isolate it opens ends with it, so it cannot reverse or reorder the text after
    it (on the site, in the PDF and in the DOCX alike). Isolates it closes but never opened
    are dropped, so none closes the isolate around it; those it leaves open are closed."""
    if not BIDI_RE.search(value):
        return value
    depth = 0
    kept: list[str] = []
    for char in value:
        if char in _OPENERS:
            depth += 1
        elif char == _PDI:
            if depth == 0:
                continue
            depth -= 1
        kept.append(char)
    return FSI + "".join(kept) + _PDI * (depth + 1)


def visible_controls(value: str, backslash: str = "\\") -> str:
    """``value`` with each control character shown as an escape (``\\x1b``), ``backslash``
    written for the backslash (an entity where the text is Markdown)."""
    return CONTROL_RE.sub(lambda m: f"{backslash}x{ord(m.group()):02x}", value)


def shown(value: object) -> str:
    """Plain text from YAML or git as every output shows it: on one line, control characters
    as escapes, a direction control isolated."""
    return isolated(visible_controls(one_line(value)))


def text(value: object) -> str:
    """Plain text from YAML, safe in Markdown, HTML and pandoc; whitespace collapsed to spaces.

    A leading '-', '+', digit run with '.' or '>' cannot start a list or quote either, because
    the result is always used inline (table cells, link text, headings).
    """
    flat = isolated(one_line(value))
    escaped = visible_controls(
        _ENTITY_RE.sub(lambda m: _ENTITIES[m.group()], flat), _ENTITIES["\\"]
    )
    # Line-start constructs matter in headings and list items: neutralise them too.
    return re.sub(
        r"^([-+=]|\d+[.)])", lambda m: "".join(f"&#{ord(c)};" for c in m.group()), escaped
    )


def code(value: object) -> str:
    """Plain text as an inline code span: nothing in it is read as Markdown or as an entity,
    so it is delimited by more backticks than it holds instead of being escaped."""
    flat = shown(value)
    longest = max((len(run) for run in re.findall(r"`+", flat)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") else ""
    return f"{fence}{pad}{flat}{pad}{fence}"


def html_text(value: object) -> str:
    """Text for places a theme inserts verbatim into HTML: page and section titles, site name."""
    return html.escape(shown(value))


_FENCE_RE: Final = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})(?P<info>.*)$")


_CODE_SPAN_RE: Final = re.compile(r"(`+)(?:.|\n)*?(?<!`)\1(?!`)")


_LINK_DEST_RE: Final = re.compile(r"(\]\(\s*<?)([A-Za-z][A-Za-z0-9+.-]*):", re.IGNORECASE)


_REF_DEF_RE: Final = re.compile(
    r"^( {0,3}\[[^\]]+\]:\s*<?)([A-Za-z][A-Za-z0-9+.-]*):", re.IGNORECASE | re.MULTILINE
)


_REMOTE_IMAGE_RE: Final = re.compile(
    r"!\[([^\]]*)\]\(\s*<?(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE
)


FenceState = Literal["text", "open", "code", "close"]


def fenced(lines: Iterable[str]) -> Iterator[tuple[str, FenceState]]:
    """Each line with its place in fenced code, by CommonMark's rules: a fence opens with three
    or more backticks or tildes (indented at most three spaces; a backtick fence's info string
    holds no backtick) and closes only with a run of the same character at least as long and
    nothing after it. Every reader of page Markdown in smsdocs uses this one scanner."""
    fence: str | None = None
    for line in lines:
        match = _FENCE_RE.match(line)
        if fence is None:
            if match and not (match["fence"][0] == "`" and "`" in match["info"]):
                fence = match["fence"]
                yield line, "open"
            else:
                yield line, "text"
        elif (
            match
            and match["fence"][0] == fence[0]
            and len(match["fence"]) >= len(fence)
            and not match["info"].strip()
        ):
            fence = None
            yield line, "close"
        else:
            yield line, "code"


def markdown(value: str) -> str:
    """Authored Markdown from YAML with raw HTML and other injection routes neutralised."""
    out: list[str] = []
    fence: str | None = None
    prose: list[str] = []

    def flush() -> None:
        if prose:
            out.append(_safe_prose("\n".join(prose)))
            prose.clear()

    for line, state in fenced(value.replace("\r\n", "\n").replace("\r", "\n").split("\n")):
        if state == "text":
            prose.append(line)
        elif state == "open":
            flush()
            match = _FENCE_RE.match(line)
            assert match is not None
            fence = match.group("fence")
            # An info string such as {=typst} or {=html} would make the block raw output.
            info = re.sub(r"[^A-Za-z0-9_+-]", "", match.group("info").strip().split(" ")[0])
            out.append(f"{match.group('indent')}{fence}{info}")
        else:
            out.append(line)
            if state == "close":
                fence = None
    flush()
    if fence is not None:
        out.append(fence)  # close a fence left open, so it cannot swallow the page
    return visible_controls("\n".join(out))


def _safe_prose(chunk: str) -> str:
    pieces: list[str] = []
    last = 0
    for span in _CODE_SPAN_RE.finditer(chunk):
        pieces.append(_safe_inline(chunk[last : span.start()]))
        pieces.append(span.group())
        last = span.end()
    pieces.append(_safe_inline(chunk[last:]))
    return "".join(pieces)


def _safe_inline(chunk: str) -> str:
    chunk = chunk.replace("<", "&lt;").replace("{", "&#123;").replace("}", "&#125;")
    # An image from another host would make every reader's browser fetch it: show a link.
    chunk = _REMOTE_IMAGE_RE.sub(lambda m: m.group(0)[1:], chunk)

    # A link to javascript:, data: or another non-web scheme is shown as the text it was
    # written as: the '(' or ':' that would make it a link becomes an entity.
    def inline(m: re.Match[str]) -> str:
        if m.group(2).lower() in LINK_SCHEMES:
            return m.group(0)
        return m.group(1).replace("(", "&#40;", 1) + m.group(2) + ":"

    def definition(m: re.Match[str]) -> str:
        if m.group(2).lower() in LINK_SCHEMES:
            return m.group(0)
        return m.group(1).replace("]:", "]&#58;", 1) + m.group(2) + ":"

    chunk = _LINK_DEST_RE.sub(inline, chunk)
    return _REF_DEF_RE.sub(definition, chunk)
