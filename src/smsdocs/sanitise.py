"""Which links and images the manual may hold, judged where a parser has decided what they are.

The rule, the same on the site, in the PDF and in the DOCX: a link may go to ``http``,
``https``, ``mailto`` or ``tel`` addresses (``LINK_SCHEMES``, the one list every output reads),
or within the manual (a relative or in-page link); an image
may only be one of the project's own files (a relative address). Anything else is shown as
its text: a link as its words, an image as its description. Nothing here decides by
pattern-matching Markdown source, which cannot agree with a real parser on every input (a
reference definition inside a quote, an entity-encoded scheme, a reference-style image);
the decision is made on the address a parser produced, decoded as a browser decodes it:

* on the site, a Python-Markdown tree processor judges every ``a`` and ``img`` element the
  Markdown produced, and an allowlist HTML sanitiser (nh3, the Ammonia library) then cleans
  each page's HTML, so raw HTML, attribute lists and anything a tree processor cannot see
  hold no script, event handler, style sheet, frame or remote image either;
* in the exports, the same rule is applied to pandoc's document tree before it writes Typst
  or Word (``smsdocs.export.ast``; for a pack's changes annex, written from Markdown
  straight to Typst, the Lua filter ``data/filters/links.lua``, given ``LINK_SCHEMES``);
* in the authored Markdown of the scope data, ``render.text.markdown`` neutralises any other
  scheme before a page is written.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from typing import Final

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

LINK_SCHEMES: Final = frozenset({"http", "https", "mailto", "tel"})
"""Address schemes a link in the manual may use; any other is shown as the link's text.

``tel`` is among them: a phone number is the usual way to reach a supplier's service desk,
and a ``tel:`` address only offers to dial it (no script, no file, nothing fetched)."""


def schemes_in_words() -> str:
    """The schemes a link may use, as a finding names them ("http, https, mailto or tel")."""
    names = sorted(LINK_SCHEMES)
    return ", ".join(names[:-1]) + " or " + names[-1]


_SCHEME: Final = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
# What a browser ignores in an address before reading its scheme: tabs and newlines anywhere,
# control characters and spaces at either end (the WHATWG URL standard).
_IGNORED: Final = re.compile(r"[\t\n\r]")
_EDGES: Final = "".join(chr(c) for c in range(0x21))

_AMP: Final = "\x02amp\x03"
"""Python-Markdown's stand-in for '&' inside attribute values until it serialises them."""


def _address(url: str) -> str:
    """An address as a browser reads it: entities decoded once, ignored characters gone."""
    return _IGNORED.sub("", html.unescape(url.replace(_AMP, "&"))).strip(_EDGES)


def scheme(url: str) -> str | None:
    """The scheme of an address (lower case), or None for a relative one."""
    match = _SCHEME.match(_address(url))
    return match.group(1).lower() if match else None


def link_allowed(url: str) -> bool:
    """Whether a link may point at ``url``: a web or mail address, or within the manual."""
    found = scheme(url)
    return found is None or found in LINK_SCHEMES


def image_allowed(url: str) -> bool:
    """Whether an image may be loaded from ``url``: only a file of the site, by a relative
    address (no scheme, no '//host', no '/path' that could lie outside the site)."""
    address = _address(url)
    return bool(address) and scheme(address) is None and not address.startswith(("/", "\\"))


# --------------------------------------------------------------------------------------------
# The site: Python-Markdown's tree, then the page's HTML.


def refused(root: etree.Element) -> list[tuple[etree.Element, str, str]]:
    """(element, ``"link"`` or ``"image"``, address) of every link and image in a tree of
    Python-Markdown's that the rule does not allow, in document order."""
    found: list[tuple[etree.Element, str, str]] = []
    for element in root.iter():
        if element.tag == "a" and not link_allowed(href := element.get("href", "")):
            found.append((element, "link", href))
        elif element.tag == "img" and not image_allowed(src := element.get("src", "")):
            found.append((element, "image", src))
    return found


class SafeLinks(Treeprocessor):
    """Shows every link and image of a page that the rule does not allow as its text."""

    def run(self, root: etree.Element) -> None:
        for element, kind, _ in refused(root):
            _as_text(element, element.text if kind == "link" else element.get("alt", ""))


class SafeLinksExtension(Extension):
    """The Python-Markdown extension the smsdocs plugin adds to every site it builds."""

    def extendMarkdown(self, md: Markdown) -> None:
        # After every processor that makes or changes links (inline 20, attr_list 8, toc 5),
        # before MkDocs's own rewriting of links between pages (0).
        md.treeprocessors.register(SafeLinks(md), "smsdocs_safe_links", 1)


def _as_text(element: etree.Element, text: str | None) -> None:
    """Turn a link or image into a plain span holding its words, keeping what follows it."""
    element.tag = "span"
    element.attrib.clear()
    element.text = text


_TAGS: Final = frozenset(
    {
        *[
            "a",
            "abbr",
            "b",
            "bdi",
            "bdo",
            "blockquote",
            "br",
            "caption",
            "cite",
            "code",
            "col",
            "colgroup",
            "data",
            "dd",
            "del",
            "details",
            "dfn",
            "div",
            "dl",
            "dt",
            "em",
            "figcaption",
            "figure",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "hr",
            "i",
            "img",
            "input",
            "ins",
            "kbd",
            "label",
            "li",
            "mark",
            "ol",
            "p",
            "pre",
            "q",
            "rp",
            "rt",
            "ruby",
            "s",
            "samp",
            "small",
            "span",
            "strong",
            "sub",
            "summary",
            "sup",
            "table",
            "tbody",
            "td",
            "tfoot",
            "th",
            "thead",
            "time",
            "tr",
            "u",
            "ul",
            "var",
            "wbr",
        ]
    }
)
"""Elements a manual page's content may hold: what Markdown and its usual extensions make."""

_SVG: Final = {
    "svg": {"width", "height", "viewBox", "font-family", "font-size", "fill"},
    "g": {"transform", "fill", "font-size"},
    "title": set(),
    "rect": {"x", "y", "width", "height", "rx", "fill", "stroke", "stroke-width"},
    "line": {"x1", "y1", "x2", "y2", "stroke", "stroke-width", "stroke-dasharray"},
    "text": {
        "x",
        "y",
        "dy",
        "text-anchor",
        "font-size",
        "font-weight",
        "font-style",
        "fill",
        "text-decoration",
        "transform",
    },
    "tspan": {"x", "y", "dy"},
}
"""The SVG a figure drawn into a page holds (the heat map, whose risks are links): shapes,
text and presentation attributes, nothing that runs, loads or embeds."""

_ATTRIBUTES: Final = {
    "*": {"id", "class", "title", "lang", "dir", "role"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "loading"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "td": {"colspan", "rowspan", "align", "style"},
    "th": {"colspan", "rowspan", "align", "scope", "style"},
    "col": {"span", "width"},
    "colgroup": {"span"},
    "details": {"open"},
    "input": {"type", "name", "checked", "disabled"},
    "label": {"for"},
    "time": {"datetime"},
    "data": {"value"},
}


def _attribute(tag: str, name: str, value: str) -> str | None:
    if tag in _SVG and "url(" in value.lower():
        return None  # a paint from an address: a request the reader did not ask for
    if tag == "img" and name == "src":
        return value if image_allowed(value) else None
    if tag == "a" and name == "href":
        return value if link_allowed(value) else None
    return value


def clean_html(content: str) -> str:
    """A page's content HTML with nothing active left: only the elements and attributes of
    ``_TAGS`` and ``_ATTRIBUTES``, links by ``link_allowed``, images by ``image_allowed``;
    scripts and style sheets go with their content, and styles keep only text alignment."""
    import nh3

    return str(
        nh3.clean(
            content,
            tags=set(_TAGS) | set(_SVG),
            attributes={tag: set(names) for tag, names in [*_ATTRIBUTES.items(), *_SVG.items()]},
            attribute_filter=_attribute,
            generic_attribute_prefixes={"aria-", "data-"},
            url_schemes=set(LINK_SCHEMES),
            filter_style_properties={"text-align"},
            link_rel=None,
            strip_comments=True,
        )
    )


# --------------------------------------------------------------------------------------------
# The check: what a Markdown field holds that the manual will show as text.


class _Collect(Treeprocessor):
    def __init__(self, md: Markdown) -> None:
        super().__init__(md)
        self.found: list[tuple[str, str]] = []

    def run(self, root: etree.Element) -> None:
        self.found = [(kind, _address(address)) for _, kind, address in refused(root)]


class Refusals:
    """Finds the links and images of Markdown text that the manual would show as text.

    It parses the text as the site does (Python-Markdown), so it agrees with the site on what
    is a link, however the link is written. One parser serves a whole check.
    """

    def __init__(self) -> None:
        self._md: Markdown | None = None
        self._collect: _Collect | None = None

    def __call__(self, text: str) -> list[tuple[str, str]]:
        """(``"link"`` or ``"image"``, decoded address) of each one refused, in order."""
        if "]" not in text and "<" not in text:
            return []  # no link, image or autolink can be written without one of these
        if self._md is None or self._collect is None:
            self._md = Markdown()
            self._collect = _Collect(self._md)
            self._md.treeprocessors.register(self._collect, "smsdocs_collect", 1)
        self._collect.found = []
        self._md.reset().convert(text)
        return self._collect.found
