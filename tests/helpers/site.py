"""Building real manual sites in temporary folders and reading them as a reader would."""

from __future__ import annotations

import functools
import html
import http.server
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from helpers.projects import release_all


@dataclass
class Build:
    returncode: int
    output: str
    site: Path


def mkdocs_build(project: Path, *extra: str) -> Build:
    site = project / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site), *extra],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=300,
    )
    return Build(proc.returncode, proc.stdout + proc.stderr, site)


class _Text(HTMLParser):
    """The visible text of a page's article, and every link and image in it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.skip = 0
        self.parts: list[str] = []
        self.links: list[str] = []
        self.images: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(found["id"] or "")
        if tag == "article":
            self.depth += 1
        if tag in ("script", "style"):
            self.skip += 1
        if self.depth and tag == "a" and found.get("href"):
            self.links.append(found["href"] or "")
        if self.depth and tag == "img" and found.get("src"):
            self.images.append(found["src"] or "")
        if tag in ("td", "th", "p", "li", "h1", "h2", "h3", "h4", "br", "tr"):
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.depth -= 1
        if tag in ("script", "style"):
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if self.depth and not self.skip:
            self.parts.append(data)


@dataclass
class Page:
    path: Path
    html: str
    text: str
    links: list[str]
    images: list[str]
    ids: set[str]


def read_page(site: Path, url: str) -> Page:
    """A built page by its URL path ('' for home, 'catalogue/' for a section)."""
    path = site / url / "index.html" if not url.endswith(".html") else site / url
    raw = path.read_text(encoding="utf-8")
    parser = _Text()
    parser.feed(raw)
    text = re.sub(r"\s+", " ", "".join(parser.parts)).strip()
    return Page(path, raw, text, parser.links, parser.images, parser.ids)


def unescape(value: str) -> str:
    return html.unescape(value)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 (a free port) while the block runs; yields the base URL."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def build_in_git(project: Path) -> Build:
    release_all(project)
    return mkdocs_build(project)


class _Elements(HTMLParser):
    """Elements and attributes a browser would act on (not text that merely looks like them)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.in_script = tag == "script"
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}={value!r}>")
            if name in ("href", "src") and (value or "").strip().lower().startswith(
                ("javascript:", "data:text", "vbscript:")
            ):
                self.problems.append(f"<{tag} {name}={value!r}>")
            if tag == "img" and name == "src" and re.match(r"(?:https?:)?//", value or ""):
                self.problems.append(f"<img src={value!r}>")

    def handle_endtag(self, tag: str) -> None:
        self.in_script = False

    def handle_data(self, data: str) -> None:
        if self.in_script and "alert(" in data:
            self.problems.append(f"<script>{data.strip()[:40]}")


def live_markup(page: str) -> list[str]:
    parser = _Elements()
    parser.feed(page)
    return parser.problems


def site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


CHAPTER = "---\ntitle: Context\nsomething: else\n---\n\n# Context\n\nSome text.\n\n{{ CALL }}\n"
"""The call is on line 10 of the file, line 5 of what the macros see after the front matter."""
