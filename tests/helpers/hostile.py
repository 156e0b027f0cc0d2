"""Hostile input the fuzzers and the link tests share: free-text fields, link forms, and a reader of live addresses."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from helpers.projects import TODAY
from smsdocs import render
from smsdocs.model import Release, Scope
from smsdocs.render import charts, material
from smsdocs.render.service import service_page

# Fields of free text in the contract: whatever they say, the scope stays valid.
TEXT_KEYS = frozenset(
    [
        "name",
        "summary",
        "description",
        "title",
        "statement",
        "purpose",
        "rationale",
        "treatment",
        "role",
        "metric",
        "target",
        "hours",
        "sla",
        "agreement",
        "record",
        "mechanism",
        "channel",
        "frequency",
        "short_name",
        "parent",
        "classification",
        "approach",
    ]
)


def render_everything(scope: Scope) -> dict[str, str]:
    """Every chapter fragment, service page and chart smsdocs renders from a scope."""
    links = render.Links(page="index.md")
    ctx = render.Context(
        scope,
        links,
        TODAY,
        Release("v1.0.0", "Draft"),
        page_clauses={"index.md": ["4.3"]},
    )
    out: dict[str, str] = {
        name: material.fragment(fragment(ctx), links.page)
        for name, fragment in render.macros().items()
    }
    for service in scope.services:
        out[f"service_page:{service.id}"] = service_page(scope, service, links, "diagram.svg")
        out[f"dependency_svg:{service.id}"] = charts.dependency_svg(scope, service)
    for chart in (charts.heatmap_svg, charts.gap_svg):
        out[chart.__name__] = chart(scope)
    out["timeline_svg"] = charts.timeline_svg(scope, TODAY)
    return out


# Each form a link or image can take in Markdown, with a word to find it by (a01, i14, ...).
ZOO: list[str] = [
    "[a01](javascript:alert(1))",
    "[a02](java&#115;cript:alert(2))",
    "[a03](javascript&colon;alert(3))",
    "[a04](java\tscript:alert(4))",
    "[a05](JAVASCRIPT:alert(5))",
    "[a06](<javascript:alert(6)>)",
    "[a07][r07]\n\n[r07]: javascript:alert(7)",
    "> [a08][r08]\n>\n> [r08]: javascript:alert(8)",
    "- [a09][r09]\n\n    [r09]: javascript:alert(9)",
    "[r10][]\n\n[r10]: java&#115;cript:alert(10)",
    "[r11]\n\n[r11]: javascript:alert(11)",
    "[a12](data:text/html;base64,PHNjcmlwdD5hbGVydCgxMik8L3NjcmlwdD4=)",
    "[a13](vbscript:msgbox(13))",
    "![i14](https://tracker.example/14.gif)",
    "![i15][r15]\n\n[r15]: https://tracker.example/15.gif",
    "![i16](//tracker.example/16.gif)",
    "![i17](data:image/png;base64,iVBORw0KGgo=)",
    "![i18](https&#58;//tracker.example/18.gif)",
    "a19 <javascript:alert(19)>",
    "[a20](&#x6A;avascript:alert(20))",
    "> - [a21][r21]\n>\n>     [r21]: javascript:alert(21)",
    "[a22](smsdocs-page:abc)",
    "[a23](file:///etc/passwd)",
    "[![i24][r24]](javascript:alert(24))\n\n[r24]: https://tracker.example/24.gif",
    "[a25](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(25))",
    "[a26](\x01javascript:alert(26))",
]


class _Live(HTMLParser):
    """Every address in a page that a browser would follow or fetch, decoded as it decodes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.fetched: list[tuple[str, str]] = []
        self.handlers: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append(f"<{tag} {name}>")
            if value is None:
                continue
            if tag == "a" and name == "href":
                self.links.append(value)
            elif name in ("src", "srcset", "data", "poster") or (tag == "link" and name == "href"):
                # A canonical link names the page's address (the site_url's); nothing fetches it.
                if tag == "link" and dict(attrs).get("rel") == "canonical":
                    continue
                self.fetched.append((tag, value))


def scheme(url: str) -> str | None:
    url = re.sub(r"[\t\n\r]", "", url).strip("".join(chr(c) for c in range(33)))
    match = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", url)
    return match.group(1).lower() if match else None


def bad_addresses(page: str) -> list[str]:
    """Links to schemes other than http(s)/mailto/tel, fetches from anywhere but the site, and
    event handlers, in one page of HTML."""
    live = _Live()
    live.feed(page)
    bad = [
        f"link {u!r}"
        for u in live.links
        if scheme(u) not in (None, "http", "https", "mailto", "tel")
    ]
    for tag, url in live.fetched:
        if tag == "script" and not scheme(url) and not url.startswith("/"):
            continue  # the theme's own scripts, from the site
        if scheme(url) or url.lstrip().startswith(("//", "\\\\")):
            bad.append(f"<{tag}> fetches {url!r}")
    return bad + live.handlers
