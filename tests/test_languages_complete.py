"""The example in each language smsdocs ships, as a site, a PDF and a DOCX: its chapter titles,
headings, tables' headers, labels and furniture in that language, and no English string of
smsdocs's own left in any of the three.

What smsdocs writes itself is found by building the same example twice, in English and in the
language, and reading from the English one the text smsdocs generates (a page's headings,
table headers, captions, record names, notes, chart text and accessible names; each block of
the PDF's text and each paragraph and cell of the DOCX's). The organisation's own text (every
value in ``scope/``, the chapters' prose in ``docs/``, ``mkdocs.yml`` and the project's
macros) is English in the example by design and is left out; so is a word whose translation is
spelled as in English (the catalogue's own ``msgid == msgstr``: "Status" in German). Whatever is
left and reads the same in the other language's build is a string smsdocs did not translate:
an untranslated catalogue entry or a string never marked."""

from __future__ import annotations

import ast
import html
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pymupdf
import pytest
import yaml
from babel.messages.pofile import read_po
from docx import Document

from helpers.export import Exported, export, exported_files
from helpers.languages import draft_site, in_language
from helpers.projects import REPO, commit_all, make_project
from smsdocs.model import label, labelled
from smsdocs.words import LANGUAGES, LOCALE, SOURCE, translator

SHIPPED = [language for language in LANGUAGES if language != SOURCE]

NAMES = frozenset({"SHA-256", "PDF", "DOCX", "ISO/IEC 20000-1"})
"""Names no language translates, which smsdocs writes as they are."""


# -- a build, as a reader finds it --------------------------------------------------------------


@dataclass(frozen=True)
class Manual:
    """One build of the example: the text smsdocs may have generated in each output (the
    units ``generated_html``, ``pdf_blocks`` and ``docx_units`` read), and the whole text."""

    language: str
    project: Path
    site: dict[str, str]
    """Each page's HTML by its path in the site."""
    html: frozenset[str]
    pdf: frozenset[str]
    docx: frozenset[str]
    pdf_text: str
    docx_text: str

    def units(self, output: str) -> frozenset[str]:
        found: frozenset[str] = getattr(self, output)
        return found

    def page(self, path: str) -> str:
        """The visible text of the page at ``path``, whitespace collapsed."""
        return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", self.site[path])).split())


def build_site(project: Path) -> dict[str, str]:
    """The project's site (not strict: a draft's approvals are untagged), by page."""
    draft_site(project)
    site = project / "site"
    return {
        str(page.relative_to(site)): page.read_text(encoding="utf-8")
        for page in sorted(site.rglob("*.html"))
        if page.name != "404.html"
    }


def read(language: str, project: Path, pdf: Path, docx: Path) -> Manual:
    site = build_site(project)
    shown = frozenset(unit for page in site.values() for unit in generated_html(page))
    return Manual(
        language,
        project,
        site,
        shown,
        frozenset(pdf_blocks(pdf)),
        frozenset(docx_units(docx)),
        " ".join(" ".join(pdf_blocks(pdf)).split()),
        " ".join(docx_units(docx)),
    )


@pytest.fixture(scope="module")
def english(example_draft: Exported, tmp_path_factory: pytest.TempPathFactory) -> Manual:
    """The English example, committed (a draft), exported and built: a copy of the session's
    exported draft, so its site is built beside it without changing the shared one."""
    project = tmp_path_factory.mktemp("en") / "p"
    shutil.copytree(example_draft.project, project, symlinks=True)
    return read(SOURCE, project, *exported_files(project))


@pytest.fixture(scope="module", params=SHIPPED)
def translated(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Manual:
    """The example with ``theme.language`` set to the language, committed (a draft),
    exported and built."""
    language: str = request.param
    project = make_project(tmp_path_factory.mktemp(language) / "p")
    in_language(project, language)
    commit_all(project)
    code, output = export(project)
    assert code == 0, output
    return read(language, project, *exported_files(project))


# -- what smsdocs may have generated ------------------------------------------------------------

UNITS = frozenset(
    {"th", "td", "h1", "h2", "h3", "h4", "h5", "h6", "caption", "figcaption", "strong", "em"}
    | {"p", "li", "dt", "dd", "summary", "text", "title", "button"}
)
"""Elements whose text smsdocs writes in its chapters, records, charts and theme: each whole
(a cell, a paragraph) and each of its emphases on its own."""
SKIPPED = frozenset({"script", "style", "nav", "header", "footer", "head"})
"""Material's own furniture (translated by Material) and what is not shown."""
ATTRIBUTES = ("aria-label", "alt")


class _Units(HTMLParser):
    """The text of every unit element of a page (nested ones each on their own), and every
    accessible name, outside Material's header, navigation and footer."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, list[str]]] = []
        self.skip: list[str] = []
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if self.skip or tag in SKIPPED or "headerlink" in classes or "md-sidebar" in classes:
            if tag not in VOID:
                self.skip.append(tag)
            return
        for name, value in attrs:
            if name in ATTRIBUTES and value:
                self.found.append(value)
        if tag == "tspan":
            self.handle_data(" ")
        if tag in UNITS or "admonition-title" in classes:
            self.open.append((tag, []))

    def handle_endtag(self, tag: str) -> None:
        if self.skip:
            if self.skip[-1] == tag:
                self.skip.pop()
            return
        if self.open and self.open[-1][0] == tag:
            self.found.append("".join(self.open.pop()[1]))

    def handle_data(self, data: str) -> None:
        if not self.skip:
            for _, text in self.open:
                text.append(data)


VOID = frozenset({"img", "br", "hr", "input", "meta", "link", "source", "wbr", "col", "area"})


def generated_html(page: str) -> Iterator[str]:
    parser = _Units()
    parser.feed(page)
    for unit in parser.found:
        text = " ".join(unit.split())
        if text:
            yield text


def pdf_blocks(pdf: Path) -> list[str]:
    """Each block of text of the PDF (a paragraph, a heading, a table's cell, a line of the
    running header or footer), its lines joined and hyphenated words whole again (and words
    broken after a hyphen, a slash or a dot, as in an id or an address)."""
    flags = pymupdf.TEXTFLAGS_BLOCKS | pymupdf.TEXT_DEHYPHENATE
    with pymupdf.open(pdf) as document:
        return [
            re.sub(
                r"(?<=\w-) (?=\w)|(?<=\w/) (?=\w)|(?<=[a-z]\.) (?=[a-z])",
                "",
                " ".join(block[4].split()),
            )
            for page in document
            for block in page.get_text("blocks", flags=flags)
            if block[6] == 0 and block[4].strip()
        ]


def docx_units(docx: Path) -> list[str]:
    """Each paragraph of the DOCX's body, of its tables' cells and of its headers and footers."""
    document = Document(str(docx))
    paragraphs = list(document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs.extend(cell.paragraphs)
    for section in document.sections:
        paragraphs.extend(section.header.paragraphs)
        paragraphs.extend(section.footer.paragraphs)
    return [" ".join(p.text.split()) for p in paragraphs if p.text.strip()]


# -- the organisation's own text ---------------------------------------------------------------

SEPARATORS = re.compile(r"\x00|, |; |: | ↔ | → | — | \(|\)|\.$|\. |• ")
"""What smsdocs puts between the organisation's values in a unit: lists, labels, brackets."""
PROSE = {"html": 4, "docx": 4, "pdf": 2}
"""Words of a run of the organisation's prose long enough to be told from smsdocs's words, by
output. The PDF's charts break the organisation's titles into lines of two or three words
(the site's and the DOCX's units are whole elements and paragraphs, and catch a short
header of smsdocs's that a PDF line would let pass)."""


@dataclass(frozen=True)
class Organisation:
    """The organisation's text: its whole pieces (each value, and each paragraph, heading,
    cell and emphasis of its chapters between their macro calls), and all of them, one a
    line."""

    pieces: frozenset[str]
    corpus: str
    squashed: str
    """The corpus with its words joined across hyphens and slashes (``squash``)."""
    values: re.Pattern[str]
    """Any of its pieces that a unit of smsdocs's may hold (a name in a list, a title in a
    sentence), longest first."""

    def prose(self, text: str, run: int) -> bool:
        """Whether ``text`` is one of the pieces (or a sentence or a listed item of one), or a
        run of ``run`` words or more of one (a line of a paragraph). A shorter run is not: a
        table's header "Stage 2 audit" is smsdocs's even where a piece of the organisation's
        begins "Stage 2 audit plan agreed"."""
        text = plain(text).strip(" .:;,")
        if text in self.pieces or not words(text):
            return True
        # The PDF's text of a paragraph breaks its lines where the language's hyphenation
        # does: a word of the prose left alone on its line, in lower case, or two words joined
        # across a hyphen or a slash, are still the organisation's.
        if re.fullmatch(r"[a-z]+", text):
            return re.search(r"(?<!\w)" + text + r"(?!\w)", self.corpus) is not None
        return len(text.split()) >= run and (
            re.search(r"(?<!\w)" + re.escape(text) + r"(?!\w)", self.corpus) is not None
            or re.search(r"(?<!\w)" + re.escape(squash(text)) + r"(?!\w)", self.squashed)
            is not None
        )

    def wrote(self, unit: str, kept: frozenset[str] = frozenset(), run: int = 4) -> bool:
        """Whether all the words of ``unit`` are the organisation's: itself a piece of its
        text, or its pieces with only smsdocs's separators, and words of ``kept``, between
        them."""
        if self.prose(unit, run):
            return True
        rest = self.values.sub("\x00", plain(unit))
        parts = (part.strip() for part in SEPARATORS.split(rest))
        if all(self.prose(part, run) or part in kept for part in parts if part):
            return True
        # A PDF's row joins its cells: words of ``kept`` among dates and numbers.
        for word in sorted(kept, key=len, reverse=True):
            rest = re.sub(r"(?<!\w)" + re.escape(word) + r"(?!\w)", "\x00", rest)
        return not words(rest)


def plain(text: str) -> str:
    """``text`` without Markdown's marks, and with whitespace collapsed."""
    text = re.sub(r"\{[:#.][^}]*\}", "", text)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\*\*|__|(?<!\w)[*_]|[*_](?!\w)|`", "", text)
    text = re.sub(r"^\s*(#+|[-*+]|\d+\.|>)\s+", "", text, flags=re.M)
    return " ".join(text.split())


def strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)
    elif value is not None:
        yield str(value)


def segments(text: str) -> Iterator[str]:
    """The pieces of a Markdown text: its paragraphs, headings, list items and table cells,
    each cut where a macro's call or a variable stands in it (the build writes something
    else there)."""
    text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)
    for block in re.split(r"\n\s*\n|\n(?=\s*(?:#|[-*+] |\d+\. |\|))", text):
        for cell in block.split("|"):
            for piece in re.split(r"\{\{.*?\}\}|\{%.*?%\}", cell, flags=re.S):
                if plain(piece):
                    yield plain(piece)
        yield from (
            plain(m) for m in re.findall(r"\*\*(.+?)\*\*|\[([^\]]+)\]", block) for m in m if m
        )


def organisation(project: Path) -> Organisation:
    values: list[str] = []
    for data in sorted((project / "scope").rglob("*.yaml")):
        values.extend(strings(yaml.safe_load(data.read_text(encoding="utf-8"))))
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    values.extend(re.findall(r":\s*(.+)$", config, flags=re.M))
    for module in sorted((project / "macros").rglob("*.py")):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        values.extend(
            n.value
            for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str)
        )
    # A free kind ('data-centre') is shown as smsdocs labels it ('Data centre'): still the
    # organisation's word, in its language.
    values.extend(
        label(v)
        for v in list(values)
        if re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", v) and not labelled(v)
    )
    pieces = {piece for value in values for piece in segments(value)}
    for chapter in sorted((project / "docs").rglob("*.md")):
        pieces.update(segments(chapter.read_text(encoding="utf-8")))
    pieces.update(part.strip(" .:;,") for piece in list(pieces) for part in SEPARATORS.split(piece))
    named = sorted(
        (p for p in pieces if not re.fullmatch(r"[a-z0-9._-]*", p) and len(p) > 2),
        key=len,
        reverse=True,
    )
    pattern = re.compile("|".join(r"(?<!\w)" + re.escape(p) + r"(?!\w)" for p in named))
    corpus = "\n".join(sorted(pieces))
    return Organisation(frozenset(pieces), corpus, squash(corpus), pattern)


def squash(text: str) -> str:
    """``text`` with its words joined across a hyphen or a slash, and the space after one,
    as a PDF's line breaks may or may not keep them: 'Second- and' and 'Second-and' alike."""
    return re.sub(r"(?<=\w)[-/]\s*(?=\w)", "", text)


def messages(language: str) -> dict[str, object]:
    """The language's catalogue: each message's translation by its English (a plural one's
    forms by its singular)."""
    with (LOCALE / language / "LC_MESSAGES" / "smsdocs.po").open("rb") as text:
        catalog = read_po(text)
    return {m.id if isinstance(m.id, str) else m.id[0]: m.string for m in catalog if m.id}


def same_spelled(language: str) -> frozenset[str]:
    """The catalogue's messages whose translation is spelled as the English."""
    return frozenset(english for english, said in messages(language).items() if said == english)


def words(unit: str) -> bool:
    """Whether ``unit`` holds words (not only numbers, dates, versions, hashes, sizes or
    signs)."""
    rest = re.sub(r"\b[0-9a-f]{7,64}\b|\b\d[\d.,]*\s?[KMG]iB\b", "", unit)
    return re.search(r"[^\W\d_]{2,}", rest) is not None


def english_left(english: Manual, other: Manual, output: str) -> list[str]:
    """smsdocs's English text of ``output`` that ``other`` shows unchanged."""
    theirs = organisation(english.project)
    kept = same_spelled(other.language) | NAMES
    # A sentence the language words as English does ("Sponsor: {sponsor}."), whatever fills it.
    templates = [
        re.compile(re.sub(r"\\\{[a-z_]+\\\}", ".+", re.escape(k))) for k in kept if "{" in k
    ]
    return sorted(
        unit
        for unit in english.units(output) & other.units(output)
        if unit not in kept
        and not any(t.fullmatch(unit) for t in templates)
        and not theirs.wrote(unit, kept, PROSE[output])
    )


def say(language: str, english: str) -> str:
    """``english`` in ``language``, its spaces (a no-break one before French colons) as text
    extraction reads them."""
    return " ".join(translator(language).gettext(english).split())


# -- each catalogue's plural forms --------------------------------------------------------------

PLURALS = {"de": [1, 0, 1, 1], "es": [1, 0, 1, 1], "fr": [0, 0, 1, 1], "nl": [1, 0, 1, 1]}
"""The form each language's catalogue takes for 0, 1, 2 and 1000000 of a thing: French counts
0 as one ("0 service"), the others as many; a million takes the plural's one form."""


@pytest.mark.parametrize("language", SHIPPED)
def test_each_catalogue_counts_as_its_language_does(language: str) -> None:
    plural = translator(language).plural  # type: ignore[attr-defined]
    assert [plural(n) for n in (0, 1, 2, 1000000)] == PLURALS[language]


# -- the language's words, where smsdocs writes them --------------------------------------------

SERVICE = "catalogue/infrastructure/managed-hosting/index.html"
"""A service's page: its record, its dependencies and the objectives, risks and requirements."""


@pytest.mark.export
@pytest.mark.slow
def test_the_site_speaks_the_language(translated: Manual) -> None:
    language = translated.language
    service = translated.page(SERVICE)
    for english in (
        "Category",
        "Depends on",
        "Operated by",
        "Dependencies",
        "Components",
        "Component",
        "Provided by",
        "Objectives, risks and requirements",
        "Entries",
    ):
        assert say(language, english) in service, english
    for english in ("Depends on", "Provided by", "Objectives, risks and requirements"):
        assert english not in service
    catalogue = translated.page("catalogue/index.html")
    assert catalogue.count(say(language, "Live")) >= 12
    plan = translated.page("implementation/index.html")
    assert say(language, "In progress") in plan and say(language, "Complete") in plan
    home = translated.site["index.html"]
    assert f'aria-label="{say(language, "Document control")}"' in home
    banner = home[home.index('class="smsdocs-banner') :]
    banner = " ".join(re.sub(r"<[^>]+>", " ", banner[: banner.index("</div>")]).split())
    for english in ("Document", "Classification", "Status", "Draft"):
        assert say(language, english) in banner, english
    note = "This manual is opened from the file system, where its links lead to folders"
    (message,) = (m for m in messages(language) if m.startswith(note))
    assert " ".join(say(language, message).split()) in translated.page("index.html")
    assert say(language, "Communication of approved versions") in translated.page("index.html")


@pytest.mark.export
@pytest.mark.slow
def test_the_pdf_speaks_the_language(translated: Manual) -> None:
    language, text = translated.language, translated.pdf_text
    page = say(language, "Page {page} of {total}")
    assert page.split("{total}")[0].format(page=3) in text
    front = text[: text.index(say(language, "Contents"))]
    for english in (
        "Document control",
        "Next review",
        "Owner",
        "Approved by",
        "Communicated",
        "Classification",
        "DRAFT",
    ):
        assert say(language, english) in front, english
    draft = "This version has not been approved by management and must not be quoted"
    (message,) = (m for m in messages(language) if m.startswith(draft))
    assert say(language, message) in front
    for english in ("Depends on", "Provided by", "Operated by", "Dependencies"):
        assert say(language, english) in text, english
    # A cross-reference prints its section and page in the language's words ('2, S. 7').
    cited = re.escape(say(language, "p. {page}")).replace(r"\ ", r"\s").replace(r"\{page\}", r"\d+")
    assert re.search(r"\(\d+, " + cited + r"\)", text), cited


@pytest.mark.export
@pytest.mark.slow
def test_the_docx_speaks_the_language(translated: Manual) -> None:
    language, text = translated.language, translated.docx_text
    for english in (
        "Document control",
        "Next review",
        "Owner",
        "Approved by",
        "DRAFT: not an approved version",
        "Provided by",
        "Objectives, risks and requirements",
    ):
        assert say(language, english) in text, english
    # The footer's page numbers are fields, which Word fills in: "Seite  von ".
    before, _, rest = say(language, "Page {page} of {total}").partition("{page}")
    between = rest.partition("{total}")[0]
    footer = rf"{re.escape(before.strip())}\s*\d*\s*{re.escape(between.strip())}(?!\w)"
    assert re.search(footer, translated.docx_text), footer


# -- no English of smsdocs's left --------------------------------------------------------------


@pytest.mark.export
@pytest.mark.slow
def test_the_english_read_is_what_smsdocs_wrote(english: Manual) -> None:
    """The comparison reads smsdocs's words and leaves the organisation's out: a table's
    header and a note of smsdocs's count, a service's name, a chapter's heading and a line
    of its prose do not."""
    theirs = organisation(english.project)
    assert "Provided by" in english.html and not theirs.wrote("Provided by")
    assert "No interfaces recorded in the scope data." in english.html
    assert not theirs.wrote("No interfaces recorded in the scope data.")
    assert not theirs.wrote("Customer: Apex Integration Partners Ltd")
    for theirs_too in (
        "Managed Private Cloud Hosting",
        "Risk register",
        "Managed Application Support, Managed Database Service",
        "Few colocation providers near Reading with capacity to spare.",
    ):
        assert theirs.wrote(theirs_too), theirs_too


def test_what_reads_the_same_is_smsdocs_english_only_where_it_is_its_own() -> None:
    """A header of smsdocs's read unchanged is English left, and every other kind of unit the
    same in both languages is not: the organisation's name of a service, a list of its names,
    a word the catalogue spells alike, a date."""

    def built(language: str, *units: str) -> Manual:
        return Manual(language, REPO, {}, frozenset(units), frozenset(), frozenset(), "", "")

    alike = (
        "Managed Private Cloud Hosting",
        "Managed Application Support, Managed Database Service",
        "Status",
        "2026-11-30",
    )
    english = built(SOURCE, "Provided by", "Service components", "Services outside it", *alike)
    assert english_left(english, built("de", "Bereitgestellt von", *alike), "html") == []
    german = built("de", "Provided by", "Service components", "Services outside it", *alike)
    # "Service" is German too, but "Service components" is English.
    assert english_left(english, german, "html") == [
        "Provided by",
        "Service components",
        "Services outside it",
    ]
    # "Status" is "Statut" in French: the same word there is English left.
    french = built("fr", "Fourni par", *alike)
    assert english_left(english, french, "html") == ["Status"]
    # A PDF's row joins its cells: "Open" is Dutch as well, not German.
    row = Manual(SOURCE, REPO, {}, frozenset(), frozenset({"2026-11-25 Open"}), frozenset(), "", "")
    assert english_left(row, replace(row, language="nl"), "pdf") == []
    assert english_left(row, replace(row, language="de"), "pdf") == ["2026-11-25 Open"]


@pytest.mark.export
@pytest.mark.slow
@pytest.mark.parametrize("output", ["html", "pdf", "docx"])
def test_no_english_string_of_smsdocs_is_left(
    english: Manual, translated: Manual, output: str
) -> None:
    left = english_left(english, translated, output)
    assert not left, (
        f"{len(left)} strings of smsdocs's are the same in English and in "
        f"{translated.language} ({output}):\n" + "\n".join(left)
    )
