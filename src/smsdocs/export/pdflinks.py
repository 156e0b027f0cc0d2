"""Where the joined PDF leads its reader: the links the pieces address by name, resolved to
places and described in words; the bookmarks; the number and name trees (parent tree, ids,
named destinations)."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from smsdocs.export.pdfsyntax import STRING, Writer, dictionary, real, ref, text_string

TREE_LEAF: Final = 512
"""Entries in each leaf of the number and name trees written (parent tree, ids, names)."""
URI_ACTION: Final = re.compile(
    rb"/A\s*<<(?:[^<>()]|"
    + STRING
    + rb")*?/URI\s*("
    + STRING
    + rb")(?:[^<>()]|"
    + STRING
    + rb")*>>"
)
CONTENTS: Final = re.compile(rb"/Contents\s*" + STRING)
STRUCT_PARENT: Final = re.compile(rb"/StructParent (\d+)")


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


INTERNAL_DESCRIPTION: Final = "Go to a place in this manual"
"""What a link within a piece (a footnote's) says it leads to."""


@dataclass(frozen=True)
class Bookmark:
    level: int
    title: str
    page: int
    top: float


def name_tree(writer: Writer, kind: bytes, items: list[tuple[bytes, bytes]]) -> int:
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


def outline(writer: Writer, bookmarks: list[Bookmark], pages: list[int]) -> int:
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


def _shift(offset: int) -> Callable[[re.Match[bytes]], bytes]:
    return lambda found: (
        found.group(0)[: found.start(1) - found.start(0)] + b"%d" % (int(found.group(1)) + offset)
    )


def annotation(
    outcome: Target | bool, every_page: list[int], offset: int
) -> Callable[[bytes], bytes]:
    """The change to a link annotation (once renumbered): to the place it leads to, described
    in words, and its key in the parent tree moved by ``offset``."""

    def change(value: bytes) -> bytes:
        value = STRUCT_PARENT.sub(_shift(offset), value)
        action = URI_ACTION.search(value)
        if isinstance(outcome, Target) and action is not None:
            dest = b"[%s/XYZ null %s null]" % (ref(every_page[outcome.page]), real(outcome.top))
            value = value[: action.start()] + b"/Dest" + dest + value[action.end() :]
            described = outcome.description
        elif action is None and b"/Dest" in value:
            described = INTERNAL_DESCRIPTION  # a link within its piece, a footnote's
        else:
            return value
        contents = b"/Contents" + text_string(described)
        value, found = CONTENTS.subn(lambda _: contents, value, count=1)
        return value if found else value[:-2] + contents + b">>"

    return change
