"""The PDF's passes after the body is typeset: cross-references are printed once the pages
are known, which may lengthen the manual, and the furniture (typeset beside them, for the
page count known before) is typeset again for the count they settle on."""

from __future__ import annotations

import re
from pathlib import Path

import pymupdf
import pytest

from helpers.export import export
from helpers.projects import PROJECTS, commit_all, make_project

pytestmark = [pytest.mark.export]

WORDS = [
    "the",
    "service",
    "management",
    "system",
    "keeps",
    "its",
    "scope",
    "under",
    "review",
    "as",
    "services",
    "change",
]


def paragraphs(count: int, link: bool) -> str:
    """Paragraphs of many lengths, each ending in the catalogue's name, a reference to it
    (printed "service catalogue (3, p. N)", which wraps about one in eight of them onto a
    line more) or not."""
    said = []
    name = "[service catalogue](catalogue/index.md)" if link else "service catalogue"
    for number in range(count):
        words = " ".join(WORDS[i % len(WORDS)] for i in range(3 + number * 7 % 40))
        said.append(f"{words.capitalize()}, as the {name} says.")
    return "\n\n".join(said)


def pages(project: Path, link: bool) -> list[str]:
    """The text of each page of the project's PDF, with the paragraphs added to its first
    chapter."""
    index = project / "docs" / "index.md"
    text = index.read_text(encoding="utf-8").partition("\n\n## Running text")[0]
    added = "\n\n## Running text\n\n" + paragraphs(400, link) + "\n"
    index.write_text(text + added, encoding="utf-8")
    commit_all(project)
    dist = project / ("linked" if link else "plain")
    code, output = export(project, "--format", "pdf", "-o", str(dist))
    assert code == 0, output
    (pdf,) = dist.glob("*.pdf")
    return [" ".join(page.get_text().split()) for page in pymupdf.open(pdf)]


def test_references_that_add_pages_get_furniture_for_every_page(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", scope=PROJECTS / "minimal" / "scope")
    plain = pages(project, link=False)
    linked = pages(project, link=True)
    references = [re.findall(r"service catalogue \((\d+), p\. ?(\d+)\)", t) for t in linked]
    assert sum(map(len, references)) == 400
    # What the references print takes pages the text without them does not: the furniture
    # typeset beside them, for the pages counted before, would be short of pages.
    assert len(linked) > len(plain)
    for number, text in enumerate(linked[1:], start=2):
        assert f"Page {number} of {len(linked)}" in text, (number, text[-120:])
    catalogue = {number for number, text in enumerate(linked, 1) if text.startswith("3 ")}
    assert {int(page) for found in references for _, page in found} <= catalogue
