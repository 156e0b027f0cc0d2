"""Hostile text in every free-text field of the scope, through all three outputs.

Every free-text field of the minimal project gets markup for HTML, Jinja, Typst and Markdown
links, numbered so each can be found. The site, the PDF and the DOCX must each show every one
of them as written; the site must hold no element or attribute a browser would act on."""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pymupdf
import pytest
import yaml

from helpers.export import docx_text, export, exported_files, pdf_text
from helpers.hostile import TEXT_KEYS
from helpers.projects import PROJECTS, commit_all, make_project
from helpers.site import live_markup

pytestmark = [pytest.mark.export]

CORE = '<script>alert(1)</script> {{ 7*7 }} #read("/etc/passwd") [x](javascript:alert(1))'


def plant(project: Path) -> list[str]:
    """Put a numbered payload in every free-text field; the payloads planted."""
    planted: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                reference = key == "target" and "rationale" in node  # an exclusion's target
                if key in TEXT_KEYS and isinstance(value, str) and not reference:
                    node[key] = f"{CORE} n{len(planted):03d}"
                    if key == "statement" and "purpose" in node:  # keep naming the catalogue
                        node[key] += " It covers the services in the service catalogue."
                    planted.append(node[key])
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    for path in sorted((project / "scope").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        walk(data)
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return planted


def flat(text: str) -> str:
    """Text without its spacing: PDF text extraction may add a space between glyph runs."""
    return "".join(text.split())


def test_hostile_text_in_every_field_shows_as_written_everywhere(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", scope=PROJECTS / "minimal" / "scope")
    planted = plant(project)
    assert len(planted) > 40
    commit_all(project)

    site = tmp_path / "site"
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-d", str(site)],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert build.returncode == 0, build.stdout + build.stderr
    pages = [p.read_text(encoding="utf-8") for p in site.rglob("*.html")]
    for page in pages:
        assert live_markup(page) == []
    shown = flat(html.unescape(re.sub(r"<[^>]+>", " ", "\n".join(pages))))

    code, output = export(project)
    assert code == 0, output
    pdf, docx = exported_files(project)
    printed, word = flat(pdf_text(pdf)), flat(docx_text(docx))

    # every one is shown as written, in each output
    missing = {
        name: [p for p in planted if flat(p) not in text]
        for name, text in (("site", shown), ("PDF", printed), ("DOCX", word))
    }
    assert missing == {"site": [], "PDF": [], "DOCX": []}
    assert "root:" not in printed and "root:" not in word


def test_a_very_long_word_and_a_10000_row_table(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", scope=PROJECTS / "minimal" / "scope")
    services = project / "scope" / "services.yaml"
    rows = "\n".join(f"      | {n} | row {n} | {'x' * 20} |" for n in range(10_000))
    services.write_text(
        services.read_text(encoding="utf-8").replace(
            "summary: Virtual servers run for customers.",
            f"summary: Virtual servers {'W' * 3000}.\n"
            "    description: |\n"
            "      | n | name | note |\n"
            "      |---|---|---|\n" + rows,
        ),
        encoding="utf-8",
    )
    commit_all(project)
    code, output = export(project)
    assert code == 0, output
    pdf, docx = exported_files(project)
    doc = pymupdf.open(pdf)
    spans = [
        (page.number, span["bbox"])
        for page in doc
        for block in page.get_text("dict")["blocks"]
        for line in block.get("lines", [])
        for span in line["spans"]
        if span["size"] < 40  # not the watermark
    ]
    assert all(x1 <= doc[number].rect.width for number, (_, _, x1, _) in spans)
    printed = flat(pdf_text(pdf))
    assert "W" * 200 in printed.replace("\u200b", "")
    assert "row9999" in printed
    assert zipfile.ZipFile(docx).read("word/document.xml").count(b"<w:tr>") > 10_000
