"""No active content from scope text: links and images of every Markdown form, in every output.

A link may go to http, https, mailto or tel addresses or within the manual; an image must be a file
of the project. Everything else shows as its text, on the site, in the PDF and in the DOCX,
and ``smsdocs check`` warns about it where it is written. The decisions are checked here with
a reader of our own (the HTML as a browser decodes it, the PDF's link annotations, the Word
package's relationships), not with the functions that make them.
"""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pikepdf
import pymupdf
import pytest
import yaml

from helpers.hostile import ZOO, bad_addresses, scheme
from helpers.projects import PROJECTS, commit_all, make_project
from helpers.runs import ENV, SMSDOCS
from smsdocs import sanitise

WORDS = [re.search(r"[ai]\d\d|r1[01]", form).group() for form in ZOO]  # type: ignore[union-attr]
ALLOWED = (
    "[ok1](https://example.org/ok) and [ok2](mailto:someone@example.org) "
    "and [ok3](tel:+441632960000)"
)
TEL = "tel:+441632960000"
"""A phone number's link: allowed everywhere (``sanitise.LINK_SCHEMES``), from the scope data
and from a chapter alike."""
CHAPTER_TEL = "tel:+441632960036"
ZOO_TEXT = "\n\n".join([*ZOO, ALLOWED])


def test_the_reader_of_this_test_sees_what_a_browser_would() -> None:
    page = (
        '<a href="java&#115;cript:x">1</a><a href="jav&#x09;ascript:x">2</a>'
        '<img src="//evil.example/x.png"><a href="https://ok.example">3</a><b onclick="x">4</b>'
    )
    assert len(bad_addresses(page)) == 4


@pytest.mark.parametrize(
    ("url", "link", "image"),
    [
        ("https://example.org", True, False),
        ("mailto:a@example.org", True, False),
        ("tel:+44 1632 960000", True, False),
        ("TEL:+441632960000", True, False),
        ("../context/#unit-ops", True, True),
        ("#top", True, True),
        ("java&#115;cript:x", False, False),
        ("jav\tascript:x", False, False),
        ("\x00 javascript:x", False, False),
        ("javascript&colon;x", False, False),
        ("data:image/png;base64,AAAA", False, False),
        ("//tracker.example/p.gif", True, False),
        ("/etc/passwd", True, False),
        ("\\\\host\\share", True, False),
        ("", True, False),
    ],
)
def test_the_rule(url: str, link: bool, image: bool) -> None:
    assert (sanitise.link_allowed(url), sanitise.image_allowed(url)) == (link, image)


def hostile_project(tmp_path: Path) -> Path:
    """The minimal project with every form in the Markdown fields, and a chapter that uses
    raw HTML and attribute lists to the same end."""
    project = make_project(tmp_path / "p", scope=PROJECTS / "minimal" / "scope")
    services = project / "scope" / "services.yaml"
    data = yaml.safe_load(services.read_text(encoding="utf-8"))
    data["services"][0]["description"] = ZOO_TEXT
    services.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    org = project / "scope" / "org.yaml"
    data = yaml.safe_load(org.read_text(encoding="utf-8"))
    data["sms"]["purpose"] = ZOO_TEXT
    org.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    chapter = project / "docs" / "context.md"
    chapter.write_text(
        chapter.read_text(encoding="utf-8")
        + "\n\n<a href='javascript:alert(30)'>h30</a> <img src='https://tracker.example/31.gif'>\n"
        + "<iframe src='https://evil.example/32'></iframe><b onclick='alert(33)'>h33</b>\n\n"
        + "[h34](https://example.org){: onclick='alert(34)' href='javascript:alert(34)' }\n\n"
        + "<style>body{background:url(https://tracker.example/35.gif)}</style>\n\n"
        + f"Call [h36]({CHAPTER_TEL}).\n",
        encoding="utf-8",
    )
    commit_all(project)
    return project


def test_check_names_each_refused_link_and_image(tmp_path: Path) -> None:
    project = hostile_project(tmp_path)
    proc = subprocess.run(
        [SMSDOCS, "check"], cwd=project, capture_output=True, text=True, env=ENV, check=False
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr  # warnings: the manual still builds
    lines = proc.stdout.splitlines()
    services = [line for line in lines if line.startswith("scope/services.yaml:")]
    assert (
        "warning[link-unsafe]: 'description' of service 'hosting' links to "
        "'javascript:alert(8)', which the manual shows as plain text" in "\n".join(services)
    )
    assert "warning[image-unsafe]: 'description' of service 'hosting' shows the image " in (
        "\n".join(services)
    )
    assert re.match(r"scope/services\.yaml:\d+:\d+: warning\[", services[0])
    assert any("javascript:alert(2)" in line for line in services)  # entity decoded
    assert not any("example.org" in line for line in lines)  # allowed links are not named
    assert not any("tel:" in line for line in lines)
    strict = subprocess.run(
        [SMSDOCS, "check", "--strict"], cwd=project, capture_output=True, env=ENV, check=False
    )
    assert strict.returncode == 1


@pytest.mark.export
def test_no_link_or_image_of_any_form_is_live_in_any_output(tmp_path: Path) -> None:
    project = hostile_project(tmp_path)
    site = tmp_path / "site"
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-d", str(site)],
        cwd=project,
        capture_output=True,
        text=True,
        env=ENV,
        check=False,
    )
    assert build.returncode == 0, build.stdout + build.stderr

    # The site: nothing live on any page, every word still shown, the allowed links kept.
    pages = {p: p.read_text(encoding="utf-8") for p in site.rglob("*.html")}
    assert {str(p): bad_addresses(h) for p, h in pages.items() if bad_addresses(h)} == {}
    service = pages[site / "catalogue" / "infrastructure" / "hosting" / "index.html"]
    text = re.sub(r"<[^>]+>", " ", service)
    assert [w for w in WORDS if w not in text] == []
    assert 'href="https://example.org/ok"' in service
    assert 'href="mailto:someone@example.org"' in service
    assert f'href="{TEL}"' in service
    context = pages[site / "context" / "index.html"]
    assert f'href="{CHAPTER_TEL}"' in context
    assert "h30" in context and "h33" in context and "h34" in context
    assert "<iframe" not in context and "<style>body" not in context

    export = subprocess.run(
        [SMSDOCS, "export"], cwd=project, capture_output=True, text=True, env=ENV, check=False
    )
    assert export.returncode == 0, export.stdout + export.stderr
    pdf_path = next((project / "dist").glob("*.pdf"))
    docx_path = next((project / "dist").glob("*.docx"))

    # The PDF: only web and mail links, no picture but the manual's own diagrams.
    with pikepdf.open(pdf_path) as pdf:
        uris = {
            str(annot.A.URI)
            for page in pdf.pages
            for annot in page.get("/Annots") or []
            if annot.get("/A") is not None and "/URI" in annot.A
        }
    assert {scheme(u) for u in uris} == {"https", "mailto", "tel"}
    assert {"https://example.org/ok", "mailto:someone@example.org", TEL, CHAPTER_TEL} <= uris
    with pymupdf.open(pdf_path) as doc:
        printed = "".join(page.get_text() for page in doc)
    assert [w for w in WORDS if w not in printed] == []

    # The DOCX: external relationships only to web and mail addresses, no picture from text.
    with zipfile.ZipFile(docx_path) as package:
        relations = package.read("word/_rels/document.xml.rels").decode()
        body = package.read("word/document.xml").decode()
        media = [n for n in package.namelist() if n.startswith("word/media/")]
    external = re.findall(r'<Relationship [^>]*TargetMode="External"[^>]*>', relations)
    targets = {re.search(r'Target="([^"]*)"', r).group(1) for r in external}  # type: ignore[union-attr]
    assert {scheme(t) for t in targets} == {"https", "mailto", "tel"}
    assert {"https://example.org/ok", "mailto:someone@example.org", TEL, CHAPTER_TEL} <= targets
    # Each figure the site draws, once: the DOCX has one colour scheme, the light one.
    drawn = [p for p in (site / "assets" / "smsdocs").glob("*.svg") if "-dark" not in p.name]
    assert len(media) == len(drawn)
    words = re.sub(r"<[^>]+>", "", body)
    assert [w for w in WORDS if w not in words] == []


def test_svg_in_a_page_keeps_shapes_and_text_and_loses_all_that_acts() -> None:
    """The heat map is drawn into its page, so the sanitiser keeps SVG shapes and text; an
    SVG written into a description keeps nothing that runs, loads, embeds or leaves the page."""
    from smsdocs.sanitise import clean_html

    hostile = (
        '<svg onload="alert(1)" viewBox="0 0 9 9" fill="url(https://tracker.example/p)">'
        '<script>alert(2)</script><foreignObject><iframe src="https://evil.example"></iframe>'
        '</foreignObject><image href="https://tracker.example/i.png"/>'
        '<use href="https://evil.example/s.svg#x"/><animate attributeName="href" to="javascript:x"/>'
        '<a href="javascript:alert(3)"><text x="1" y="2" onclick="alert(4)">bad</text></a>'
        '<a href="#risk-one"><text x="1" y="5" fill="#222222">good</text></a>'
        '<rect x="0" y="0" width="4" height="4" stroke="url(https://tracker.example/q)"/></svg>'
    )
    cleaned = clean_html(hostile)
    assert cleaned == (
        '<svg viewBox="0 0 9 9"><a><text x="1" y="2">bad</text></a>'
        '<a href="#risk-one"><text x="1" y="5" fill="#222222">good</text></a>'
        '<rect x="0" y="0" width="4" height="4"></rect></svg>'
    )
