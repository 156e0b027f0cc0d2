"""The exports' writer of the document model (``smsdocs.export.ast``): pandoc's JSON AST, the
same tree pandoc's reader makes of the site's Markdown for the same blocks."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from helpers.export import pandoc_run
from helpers.projects import TODAY, make_project
from smsdocs import render
from smsdocs.errors import ExportError
from smsdocs.export import ast, walk
from smsdocs.export.images import Images
from smsdocs.export.markdown import _placed, _prepared, read_markup
from smsdocs.export.pandoc import PANDOC_PDF, find_pandoc
from smsdocs.model import Release, Scope
from smsdocs.render import doc, material
from smsdocs.render.links import KIND_PAGES, dependency_path, service_path
from smsdocs.render.service import service_blocks
from smsdocs.validate import check

SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>'

AWKWARD = [
    "- a leading dash",
    "1. a number",
    "> a quote",
    "# a hash",
    "&amp; an entity & an ampersand",
    "*stars* and _underscores_ and `ticks` and ~tilde~ and ^caret^ and $dollars$",
    "<b>tag</b> {#braces} [brackets](x.md) | pipe \\ backslash @cite",
    "two  spaces\tand a tab",
    "control \x1b and \x07 bell",
    "direction \u202eoverride",
    "non\u00a0breaking",
    "\"quotes\" and 'apostrophes' -- dashes ... dots",
]
"""Free text that Markdown reads as markup unless it is escaped."""


def test_the_api_version_is_the_one_pandoc_writes() -> None:
    tree = json.loads(pandoc_run("x", "markdown", "json"))
    assert tuple(tree["pandoc-api-version"]) == ast.API_VERSION


@pytest.fixture(scope="module")
def awkward_scope(tmp_path_factory: pytest.TempPathFactory) -> Scope:
    """The example, its services' and stakeholders' free text made of AWKWARD."""
    project = make_project(tmp_path_factory.mktemp("awkward"))
    count = 0
    for path in sorted((project / "scope").rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))

        def walk(node: Any) -> None:
            nonlocal count
            if isinstance(node, dict):
                for key, value in node.items():
                    if key in ("summary", "hours", "sla", "role", "agreement") and isinstance(
                        value, str
                    ):
                        node[key] = AWKWARD[count % len(AWKWARD)]
                        count += 1
                    else:
                        walk(value)
            elif isinstance(node, list):
                for item in node:
                    walk(item)

        walk(data)
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    checked = check(project, today=TODAY)
    assert checked.scope is not None, [str(f) for f in checked.findings]
    assert count > len(AWKWARD)
    return checked.scope


def _pages(scope: Scope) -> list[tuple[str, doc.Blocks]]:
    """The service pages and the fragments written as blocks, each with its page."""
    out: list[tuple[str, doc.Blocks]] = []
    for service in scope.services:
        page = service_path(service)
        links = render.Links(page=page)
        out.append((page, service_blocks(scope, service, links, doc.Ref(dependency_path(service)))))
    links = render.Links(page="stakeholders.md")
    ctx = render.Context(scope, links, TODAY, Release("v1.0.0", "Draft"))
    for fragment in render.macros().values():
        result = fragment(ctx)
        if not isinstance(result, str):
            out.append(("stakeholders.md", result))
    return out


@pytest.mark.parametrize("word", [False, True], ids=["pdf", "docx"])
@pytest.mark.parametrize("which", ["example", "awkward"])
def test_the_writer_gives_the_tree_pandoc_reads_from_the_sites_markdown(
    which: str, word: bool, awkward_scope: Scope, scope: Scope, tmp_path: Path
) -> None:
    """What the exports read before the document model (the site's Markdown, read by pandoc
    as a chapter is) and what the writer writes are the same tree, for every service page and
    every fragment built of blocks: headings, records, tables, links and anchors, figures,
    admonitions, authored Markdown, and text that Markdown would read as markup.

    Read without pandoc's 'emoji' extension: free text is shown as written (":smile:" stays
    those words, as on the site), which the reader of the Markdown did not do."""
    scope = awkward_scope if which == "awkward" else scope
    pages = _pages(scope)
    site = tmp_path / "site"
    for service in scope.services:
        figure = site / dependency_path(service)
        figure.parent.mkdir(parents=True, exist_ok=True)
        figure.write_text(SVG, encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    everything = [b for _, blocks in pages for b in blocks]
    markup = read_markup(find_pandoc(), dict.fromkeys(walk.markup(everything)), work)
    manual_pages = frozenset({*KIND_PAGES.values(), *(page for page, _ in pages)})
    anchors = frozenset(walk.anchors(everything))
    target = ast.Target(manual_pages, anchors, Images(site, work), word, markup)
    assert len(pages) > len(scope.services)  # the fragments too
    for page, shown in pages:
        # A drawing is the site's alone (inline SVG); the exports show its fallback.
        blocks = tuple(
            b
            for item in shown
            for b in (item.fallback if isinstance(item, doc.Drawing) else (item,))
        )
        written = ast.Writer(target, page).blocks(blocks)
        markdown = _prepared(material.blocks(blocks, page))
        tree = json.loads(pandoc_run(markdown, PANDOC_PDF + "-emoji", "json"))
        read = ast.resolve(tree["blocks"], page, target)
        assert list(map(ast.text, written)) == list(map(ast.text, read)), page


def test_a_fragment_stands_where_its_placeholder_is(tmp_path: Path) -> None:
    """A chapter's placeholders are replaced by the fragments' written blocks, in a list or
    an admonition too; one pandoc could not read as a block is an error naming the page."""
    from smsdocs.render.context import placeholder

    chapter = (
        "# Title\n\nBefore.\n"
        + placeholder(0)
        + "- an item\n\n"
        + "\n".join("    " + line for line in placeholder(1).strip().split("\n"))
        + "\n\nAfter.\n"
    )
    tree = json.loads(pandoc_run(chapter, PANDOC_PDF, "json"))
    first = [{"t": "Para", "c": [{"t": "Str", "c": "first"}]}]
    second = [{"t": "Para", "c": [{"t": "Str", "c": "second"}]}]
    placed = ast.document(list(map(ast.text, _placed(tree["blocks"], [first, second], "p.md"))))
    text = pandoc_run(placed, "json", "plain")
    assert [line for line in text.split("\n") if line.strip()] == [
        "Title",
        "Before.",
        "first",
        "- an item",
        "  second",
        "After.",
    ]
    # In a line of text, the placeholder is words, not a fenced div.
    inline = json.loads(pandoc_run("Text " + placeholder(0).strip(), PANDOC_PDF, "json"))
    assert [b["t"] for b in inline["blocks"]] == ["Para"]
    with pytest.raises(ExportError, match=r"docs/p\.md: 1 of its macros' content"):
        _placed(inline["blocks"], [first], "p.md")
    # A fragment of one paragraph, called in a sentence, stands in it: still one paragraph.
    within = json.loads(
        pandoc_run("Before " + placeholder(0, inline=True) + " after.", PANDOC_PDF, "json")
    )
    placed = ast.document(list(map(ast.text, _placed(within["blocks"], [first], "p.md"))))
    assert pandoc_run(placed, "json", "plain").strip() == "Before first after."


@pytest.mark.export
def test_admonitions_from_the_scope_and_from_a_chapter_are_boxes_with_their_title(
    tmp_path: Path,
) -> None:
    """A service outside the SMS says so in a warning box (written as blocks), and a note a
    chapter writes in Material's dialect (read by pandoc) is one too, in the PDF and the
    DOCX alike: the title in bold above the words, a link in it kept, no '!!!' shown."""
    from docx import Document

    from helpers.export import docx_text, export, exported_files, pdf_text
    from helpers.projects import PROJECTS, commit_all

    project = make_project(tmp_path / "p", PROJECTS / "minimal" / "scope")
    chapter = project / "docs" / "context.md"
    chapter.write_text(
        chapter.read_text(encoding="utf-8")
        + '\n\n!!! note "Read this first"\n    The note\'s words, in [the risks](risks.md).\n',
        encoding="utf-8",
    )
    commit_all(project)
    code, output = export(project)
    assert code == 0, output
    pdf, docx = exported_files(project)
    printed, word = pdf_text(pdf), docx_text(docx)
    for text in (printed, word):
        assert "Outside the SMS This service is excluded from the scope." in text
        assert "Read this first The note's words, in the risks" in text  # "(7, p. 15)" in print
        assert "!!!" not in text
    bold = {
        run.text
        for paragraph in Document(str(docx)).paragraphs
        for run in paragraph.runs
        if run.bold
    }
    assert {"Outside the SMS", "Read this first"} <= bold
    assert re.search(r"in the risks \(\d+, p\.\s\d+\)", printed)  # a cross-reference


def test_an_image_in_a_table_or_a_list_gets_its_alt_text_in_the_pdf(tmp_path: Path) -> None:
    """Typst refuses a tagged PDF with an image that has no alt text: every image in running
    text, in a table cell or a list item too, is drawn with its description, or "Image"."""
    chapter = (
        "Before ![](a.svg) after.\n\n| a | b |\n|---|---|\n| ![](a.svg) | x |\n\n- ![](a.svg)\n"
    )
    site = tmp_path / "site"
    site.mkdir()
    (site / "a.svg").write_text(SVG, encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    target = ast.Target(frozenset({"p.md"}), frozenset(), Images(site, work), word=False)
    tree = json.loads(pandoc_run(chapter, PANDOC_PDF, "json"))
    blocks = ast.finish(ast.resolve(tree["blocks"], "p.md", target), word=False)
    typst = pandoc_run(ast.document(list(map(ast.text, blocks))), "json", "typst")
    assert typst.count('alt: "Image"') == 3
    assert "#image(" not in typst.replace("#box(image(", "")
