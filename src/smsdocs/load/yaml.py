"""The location-keeping YAML composer: text in, a tree of nodes that know their file, line and column.

The loader builds its own node tree from libyaml's event stream (PyYAML's C parser where
available) instead of using PyYAML's composer and constructor, because:

* every node must keep its file, line and column for compiler-style findings;
* PyYAML's C composer recurses per nesting level and crashes the interpreter on deeply
  nested input, so nesting is bounded here while the events stream in;
* aliases are kept as shared nodes and their expansion is counted, so an alias bomb is a
  finding after a few thousand events rather than an exhausted machine;
* scalars keep their source text, so ``country: NO`` stays the string ``NO`` and
  ``version: 1.10`` stays ``1.10``: the validator interprets each value by its field's type.

Problems are returned as findings, never raised. Imports PyYAML and ``errors``, nothing else
of the package.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Final

import yaml
import yaml.events as ev

from smsdocs.errors import Finding, Mark, Note

# libyaml's parser where PyYAML was built with it; the pure-Python loader otherwise. Both
# expose get_event() and dispose(), which is all the composer below uses.
_Parser: Any = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader
LIBYAML: Final = _Parser is not yaml.SafeLoader

MAX_DEPTH: Final = 64
"""Deepest nesting accepted; the contract itself never nests deeper than five levels."""
MAX_ALIAS_EXPANSION: Final = 100_000
"""How many nodes aliases may add to one file once expanded (bounds 'billion laughs')."""
MAX_ALIAS_CHARS: Final = 4 * 1024 * 1024
"""How many characters of text aliases may add to one file once expanded: a few nodes of
long text repeated by aliases cost as much to render as millions of small ones."""

NULLS: Final = frozenset({"", "~", "null", "Null", "NULL"})
_TOO_DEEP: Final = (
    f"nesting deeper than {MAX_DEPTH} levels; scope data never nests this deep, "
    "so check for runaway brackets or indentation"
)
_STANDARD_TAG_PREFIX: Final = "tag:yaml.org,2002:"
_NULL_TAG: Final = _STANDARD_TAG_PREFIX + "null"
_ALLOWED_TAGS: Final = frozenset(
    _STANDARD_TAG_PREFIX + name
    for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
)


class Node:
    """A YAML node with its position. Line and column are 1-based."""

    __slots__ = ("column", "file", "line", "size")

    def __init__(self, file: str, line: int, column: int) -> None:
        self.file = file
        self.line = line
        self.column = column
        self.size = 1

    @property
    def mark(self) -> Mark:
        return Mark(self.file, self.line, self.column)

    @property
    def kind(self) -> str:
        """What a user would call this node in a message."""
        raise NotImplementedError


class Scalar(Node):
    """A scalar with its source text; ``style`` is None for plain (unquoted) scalars."""

    __slots__ = ("style", "tag", "value")

    def __init__(
        self, file: str, line: int, column: int, value: str, style: str | None, tag: str | None
    ) -> None:
        # Assigned here rather than through Node.__init__: one call fewer per scalar matters
        # when a large scope has hundreds of thousands of them.
        self.file = file
        self.line = line
        self.column = column
        self.size = 1
        self.value = value
        self.style = style
        self.tag = tag

    @property
    def plain(self) -> bool:
        """Unquoted and untagged: YAML would resolve it to a null, bool or number if it looks like one."""
        return self.style is None and self.tag is None

    @property
    def is_null(self) -> bool:
        if self.tag is None:
            return self.style is None and self.value in NULLS
        return self.tag == _NULL_TAG

    @property
    def kind(self) -> str:
        return "null" if self.is_null else "text"


class Seq(Node):
    """A YAML sequence."""

    __slots__ = ("items",)

    def __init__(self, file: str, line: int, column: int) -> None:
        super().__init__(file, line, column)
        self.items: list[Node] = []

    @property
    def kind(self) -> str:
        return "list"


class Map(Node):
    """A YAML mapping; keys are the key text, values keep the key node for its position."""

    __slots__ = ("entries",)

    def __init__(self, file: str, line: int, column: int) -> None:
        super().__init__(file, line, column)
        self.entries: dict[str, tuple[Scalar, Node]] = {}

    @property
    def kind(self) -> str:
        return "mapping"


class _Fatal(Exception):
    """Stops composing one file; the finding is already recorded."""


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building a large acyclic tree.

    Every new container object counts towards the collector's thresholds, so building
    150,000 nodes that all stay alive triggers collections that re-scan the growing tree
    again and again: 40% of the time of composing a 2,000-service scope. The trees built
    here have no reference cycles (recursive aliases are refused), so reference counting
    frees them without the collector.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def compose(display: str, text: str, findings: list[Finding]) -> Node | None:
    """Build the node tree of a single-document YAML text, or return None after a finding."""
    composer = _Composer(display, text, findings)
    try:
        with gc_paused():
            return composer.run()
    except _Fatal:
        return None
    except yaml.MarkedYAMLError as exc:
        findings.append(_syntax_finding(display, text, exc))
        return None
    except yaml.YAMLError as exc:
        findings.append(_reader_finding(display, text, exc))
        return None


class _Composer:
    def __init__(self, display: str, text: str, findings: list[Finding]) -> None:
        self.file = display
        self.text = text
        self.findings = findings
        self.anchors: dict[str, Node] = {}
        self.open: set[int] = set()
        self.expanded = 0
        self.expanded_chars = 0
        self.chars: dict[int, int] = {}

    def fatal(self, line: int, column: int, code: str, message: str) -> _Fatal:
        self.findings.append(Finding(Mark(self.file, line, column), "error", code, message))
        return _Fatal()

    def run(self) -> Node | None:
        # The hot loop of a check: one iteration per YAML event (about 150,000 for a
        # 2,000-service scope), so names are bound to locals and classes compared by identity.
        file = self.file
        anchors = self.anchors
        scalar_event, alias_event = ev.ScalarEvent, ev.AliasEvent
        map_start, seq_start = ev.MappingStartEvent, ev.SequenceStartEvent
        map_end, seq_end = ev.MappingEndEvent, ev.SequenceEndEvent
        stack: list[Node] = []
        keys: list[Scalar | None] = []
        merges: list[list[tuple[Scalar, Node]]] = []
        root: Node | None = None
        documents = 0
        parser = _Parser(self.text)
        get_event = parser.get_event
        node: Node
        try:
            while (event := get_event()) is not None:
                cls = event.__class__
                if cls is scalar_event:
                    mark = event.start_mark
                    tag = event.tag
                    if tag is not None:
                        tag = None if tag == "!" else self._check_tag(tag, mark)
                    # libyaml reports plain scalars with style '' where PyYAML uses None.
                    node = Scalar(
                        file, mark.line + 1, mark.column + 1, event.value, event.style or None, tag
                    )
                    if event.anchor is not None:
                        anchors[event.anchor] = node
                elif cls is map_start or cls is seq_start:
                    mark = event.start_mark
                    if len(stack) >= MAX_DEPTH:
                        raise self.fatal(mark.line + 1, mark.column + 1, "yaml-too-deep", _TOO_DEEP)
                    if event.tag not in (None, "!"):
                        self._check_tag(event.tag, mark)
                    collection: Node = (Map if cls is map_start else Seq)(
                        file, mark.line + 1, mark.column + 1
                    )
                    if event.anchor is not None:
                        anchors[event.anchor] = collection
                        self.open.add(id(collection))
                    stack.append(collection)
                    keys.append(None)
                    merges.append([])
                    continue
                elif cls is map_end or cls is seq_end:
                    node = stack.pop()
                    keys.pop()
                    pending_merges = merges.pop()
                    self.open.discard(id(node))
                    if pending_merges:
                        self._merge(node, pending_merges)
                elif cls is alias_event:
                    node = self._alias(event)
                elif cls is ev.DocumentStartEvent:
                    documents += 1
                    if documents > 1:
                        mark = event.start_mark
                        raise self.fatal(
                            mark.line + 1,
                            mark.column + 1,
                            "yaml-syntax",
                            "a second YAML document starts here; a scope file holds one "
                            "document, so remove the '---' line or split the file",
                        )
                    continue
                else:
                    continue

                if not stack:
                    root = node
                    continue
                parent = stack[-1]
                parent.size += node.size
                if parent.__class__ is Seq:
                    parent.items.append(node)  # type: ignore[attr-defined,unused-ignore]
                    continue
                key = keys[-1]
                if key is None:
                    if node.__class__ is not Scalar:
                        raise self.fatal(
                            node.line,
                            node.column,
                            "yaml-syntax",
                            f"a {node.kind} cannot be a key; keys are plain names such as 'id'",
                        )
                    keys[-1] = node  # type: ignore[assignment,unused-ignore]
                    continue
                keys[-1] = None
                entries = parent.entries  # type: ignore[attr-defined]
                name = key.value
                if name == "<<" and key.plain:
                    merges[-1].append((key, node))
                elif name in entries:
                    self._duplicate(key, entries[name][0])
                else:
                    entries[name] = (key, node)
        finally:
            dispose = getattr(parser, "dispose", None)
            if dispose is not None:
                dispose()
        if root is None or (isinstance(root, Scalar) and root.is_null):
            return None
        return root

    def _duplicate(self, key: Scalar, first: Scalar) -> None:
        self.findings.append(
            Finding(
                key.mark,
                "error",
                "key-duplicate",
                f"duplicate key '{key.value}'; YAML keeps only one of them, "
                "so merge the two or remove one",
                (Note(first.mark, f"'{key.value}' first appears here"),),
            )
        )

    def _check_tag(self, tag: str, mark: Any) -> str:
        if tag not in _ALLOWED_TAGS:
            shown = (
                "!!" + tag.removeprefix(_STANDARD_TAG_PREFIX)
                if tag.startswith(_STANDARD_TAG_PREFIX)
                else tag
            )
            raise self.fatal(
                mark.line + 1,
                mark.column + 1,
                "yaml-tag",
                f"tag '{shown}' is not allowed in scope data; remove it and write plain values",
            )
        return tag

    def _alias(self, event: Any) -> Node:
        mark = event.start_mark
        line, column = mark.line + 1, mark.column + 1
        anchor = event.anchor or ""
        target = self.anchors.get(anchor)
        if target is None:
            raise self.fatal(
                line,
                column,
                "yaml-syntax",
                f"alias '*{anchor}' names no anchor; define '&{anchor}' before using it",
            )
        if id(target) in self.open:
            raise self.fatal(
                line,
                column,
                "yaml-alias",
                f"alias '*{anchor}' refers to the node that contains it; "
                "recursive structures are not allowed",
            )
        # Two budgets: nodes bound 'billion laughs', characters bound long text repeated.
        self.expanded += target.size
        self.expanded_chars += self._chars(target) if self.expanded <= MAX_ALIAS_EXPANSION else 0
        if self.expanded > MAX_ALIAS_EXPANSION:
            problem = f"expand to more than {MAX_ALIAS_EXPANSION:,} nodes (an alias bomb)"
            fix = "write the values out or use fewer nested aliases"
        elif self.expanded_chars > MAX_ALIAS_CHARS:
            problem = f"repeat more than {MAX_ALIAS_CHARS // 1048576} MiB of text"
            fix = "write long text once (a description belongs to one entry), or use fewer aliases"
        else:
            return target
        raise self.fatal(line, column, "yaml-alias", f"aliases in this file {problem}; {fix}")

    def _chars(self, node: Node) -> int:
        """The characters of text in ``node`` and everything under it, keys included.

        Only nodes an alias names are measured, and each once, so the walks together visit
        no more nodes than the node budget allows.
        """
        known = self.chars.get(id(node))
        if known is not None:
            return known
        if isinstance(node, Scalar):
            total = len(node.value)
        elif isinstance(node, Seq):
            total = sum(self._chars(item) for item in node.items)
        elif isinstance(node, Map):
            total = sum(len(k.value) + self._chars(v) for k, v in node.entries.values())
        else:  # pragma: no cover - every node is one of the three
            total = 0
        self.chars[id(node)] = total
        return total

    def _merge(self, node: Node, pending: list[tuple[Scalar, Node]]) -> None:
        if not isinstance(node, Map):  # pragma: no cover - merges are only collected in maps
            return
        for key, value in pending:
            sources = value.items if isinstance(value, Seq) else [value]
            for src in sources:
                if not isinstance(src, Map):
                    raise self.fatal(
                        key.line,
                        key.column,
                        "yaml-syntax",
                        "a merge key '<<' takes a mapping or a list of mappings "
                        "(usually an alias such as '<<: *defaults')",
                    )
                for name, entry in src.entries.items():
                    node.entries.setdefault(name, entry)


_HINTS: Final = (
    ("could not find expected ':'", "a line in a mapping needs 'key: value'"),
    (
        "mapping values are not allowed",
        "quote a value that contains ': ', or fix the indentation",
    ),
    ("did not find expected key", "check the indentation of this line against the lines above"),
    ("did not find expected '-' indicator", "check the indentation of this list item"),
    ("found unexpected end of stream", "a quoted value or bracket is never closed"),
    (
        "did not find expected ',' or ']'",
        "the '[' opened here is never closed, or items lack commas",
    ),
    (
        "did not find expected ',' or '}'",
        "the '{' opened here is never closed, or items lack commas",
    ),
    (
        "found unknown escape character",
        "inside double quotes a backslash starts an escape; use single quotes",
    ),
    ("found undefined alias", "define the anchor with '&name' before using '*name'"),
    ("found duplicate anchor", "each '&name' anchor may be defined once"),
    ("expected <block end>", "check the indentation of this line against the lines above"),
    ("found character '@' that cannot start any token", "quote values that start with '@'"),
    ("found character '`' that cannot start any token", "quote values that start with '`'"),
)


def _syntax_finding(display: str, text: str, exc: yaml.MarkedYAMLError) -> Finding:
    # Scanner errors ("while scanning a quoted scalar") are best shown where the construct
    # started: an unclosed quote is reported at the end of the file otherwise.
    scanning = bool(
        exc.context and exc.context.startswith(("while scanning", "while parsing a flow"))
    )
    primary, secondary = (
        (exc.context_mark, exc.problem_mark) if scanning else (exc.problem_mark, exc.context_mark)
    )
    mark = primary or secondary
    line = mark.line + 1 if mark else 0
    column = mark.column + 1 if mark else 0
    problem = (exc.problem or "invalid YAML").strip()
    if problem.startswith("exceeded maximum nesting depth"):
        # libyaml 0.2.6 and later stop at 1,000 levels while scanning ahead, before the
        # composer's own limit is reached: the same problem, so the same finding.
        return Finding(Mark(display, line, column), "error", "yaml-too-deep", _TOO_DEEP)
    # A tab in indentation shows up as one of several scanner errors; name the real cause.
    if mark is not None:
        source_line = _line(text, mark.line)
        indent = source_line[: len(source_line) - len(source_line.lstrip(" \t"))]
        if "\t" in indent:
            return Finding(
                Mark(display, line, indent.index("\t") + 1),
                "error",
                "yaml-tab",
                "tab character in indentation; YAML indents with spaces only, "
                "so replace the tab with spaces",
            )
    message = problem
    if exc.context:
        message = f"{problem} {exc.context.strip()}"
    hint = next((h for needle, h in _HINTS if needle in problem), None)
    if hint:
        message = f"{message}; {hint}"
    notes: tuple[Note, ...] = ()
    if (
        primary is not None
        and secondary is not None
        and exc.context
        and (primary.line, primary.column) != (secondary.line, secondary.column)
    ):
        where = "the problem was found here" if scanning else f"{exc.context.strip()} here"
        notes = (Note(Mark(display, secondary.line + 1, secondary.column + 1), where),)
    return Finding(Mark(display, line, column), "error", "yaml-syntax", message, notes)


def _reader_finding(display: str, text: str, exc: yaml.YAMLError) -> Finding:
    position = getattr(exc, "position", None)
    line = column = 0
    if isinstance(position, int):
        line = text.count("\n", 0, position) + 1
        column = position - (text.rfind("\n", 0, position) + 1) + 1
    character = getattr(exc, "character", None)
    if isinstance(character, int):
        what = f"control character U+{character:04X}"
    elif isinstance(character, str) and character:
        what = f"control character U+{ord(character):04X}"
    else:
        what = "a character YAML does not allow"
    return Finding(
        Mark(display, line, column),
        "error",
        "yaml-encoding",
        f"file contains {what}; remove it or write it as an escape in double quotes",
    )


def _line(text: str, index: int) -> str:
    start = 0
    for _ in range(index):
        nxt = text.find("\n", start)
        if nxt < 0:
            return ""
        start = nxt + 1
    end = text.find("\n", start)
    return text[start:] if end < 0 else text[start:end]
