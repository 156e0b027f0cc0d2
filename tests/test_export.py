"""PDF and DOCX exports: real pandoc and Typst, read back with pypdf, PyMuPDF and python-docx."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pymupdf
import pytest
from docx import Document
from pypdf import PdfReader

from helpers.export import (
    Exported,
    docx_text,
    expected_chapters,
    export,
    exported_files,
    pdf_text,
)
from helpers.projects import PROJECTS, REPO, commit_all, make_project
from smsdocs.model import Scope

PAGES = REPO / "build" / "pdf-pages"


# -- the PDF ------------------------------------------------------------------------------------


@pytest.mark.export
def test_files_are_named_after_the_document(example_draft: Exported, scope: Scope) -> None:
    version = subprocess.run(
        ["git", "describe", "--tags", "--always", "--dirty"],
        cwd=example_draft.project,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert example_draft.pdf.name == f"{scope.document.id}-{version}.pdf"
    assert example_draft.docx.name == f"{scope.document.id}-{version}.docx"
    assert f"wrote dist/{example_draft.pdf.name}" in example_draft.output


@pytest.mark.export
def test_pdf_cover_and_document_control(
    example_draft: Exported, example_draft_text: str, scope: Scope
) -> None:
    first = " ".join((PdfReader(example_draft.pdf).pages[0].extract_text() or "").split())
    for value in (
        scope.organization.name,
        scope.document.title,
        scope.document.id,
        scope.document.classification,
        "Draft",
    ):
        assert value in first
    text = example_draft_text
    assert "Document control" in text
    for approval in scope.approvals:
        assert approval.version in text


@pytest.mark.export
def test_pdf_holds_every_chapter_in_nav_order(example_draft_text: str, scope: Scope) -> None:
    text = example_draft_text
    chapters = [f"{i} {title}" for i, title in enumerate(expected_chapters(scope), 1)]
    # The first mention of the last chapter is its entry in the table of contents; the
    # chapters themselves follow, each after the one before.
    position = text.find(chapters[-1]) + len(chapters[-1])
    for chapter in chapters:
        position = text.find(chapter, position)
        assert position != -1, f"chapter {chapter!r} missing or out of order"
        position += len(chapter)


@pytest.mark.export
def test_pdf_outline_matches_the_nav(example_draft: Exported, scope: Scope) -> None:
    outline = PdfReader(example_draft.pdf).outline
    top = [item.title for item in outline if not isinstance(item, list)]
    numbered = [f"{i} {title}" for i, title in enumerate(expected_chapters(scope), 1)]
    assert top == ["Document control", *numbered]
    nested = [item for item in outline if isinstance(item, list)]
    catalogue_children = nested[2]
    categories = sorted({s.category for s in scope.services}, key=str.lower)
    titles = [c.title for c in catalogue_children if not isinstance(c, list)]
    assert [re.sub(r"^3\.\d+ ", "", t) for t in titles[-len(categories) :]] == categories


@pytest.mark.export
def test_pdf_has_every_service_and_exclusion_rationale(
    example_draft_text: str, scope: Scope
) -> None:
    text = example_draft_text
    for service in scope.in_scope_services():
        assert service.name in text
    for exclusion in scope.exclusions:
        assert " ".join(exclusion.rationale.split()) in text


@pytest.mark.export
def test_pdf_metadata(example_draft: Exported, scope: Scope) -> None:
    meta = PdfReader(example_draft.pdf).metadata
    assert meta is not None
    assert meta.title == scope.document.title
    assert meta.author == scope.organization.name
    assert scope.document.id in (meta.subject or "")


@pytest.mark.export
def test_pdf_xmp_and_info_agree_after_the_join(example_draft: Exported) -> None:
    """The joined PDF's XMP counts its real pages and names its producer, as Info does."""
    import pikepdf

    from smsdocs import __version__

    with pikepdf.open(example_draft.pdf) as pdf, pdf.open_metadata() as xmp:
        assert xmp["{http://ns.adobe.com/xap/1.0/t/pg/}NPages"] == str(len(pdf.pages))
        assert xmp["pdf:Producer"] == str(pdf.docinfo["/Producer"])
        assert xmp["pdf:Producer"].startswith(f"smsdocs {__version__} (Typst")
        # the window shows the title, in the document's language
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
        assert str(pdf.Root.Lang) == "en-GB"  # the example sets it in mkdocs.yml


@pytest.mark.export
def test_draft_pdf_has_a_watermark_and_header(example_draft: Exported) -> None:
    reader = PdfReader(example_draft.pdf)
    later = [" ".join((p.extract_text() or "").split()) for p in reader.pages[1:]]
    assert all("DRAFT" in page for page in later)
    assert all(re.search(r"Page \d+ of \d+", page) for page in later)


@pytest.mark.export
def test_pdf_has_the_diagrams_as_vector_figures(example_draft_text: str, scope: Scope) -> None:
    text = example_draft_text
    for service in scope.services:
        assert f"Dependencies of {service.name}" in text
    assert "Risk heat map" in text


@pytest.mark.export
def test_pdf_pages_render(example_draft: Exported, scope: Scope) -> None:
    """Render the cover, the catalogue and a diagram page to PNG for a person to look at."""
    PAGES.mkdir(parents=True, exist_ok=True)
    doc = pymupdf.open(example_draft.pdf)
    wanted = {"cover": 0}
    for number, page in enumerate(doc):
        words = page.get_text()
        if "catalogue" not in wanted and "SLA" in words and "Customers" in words:
            wanted["catalogue"] = number
        if "diagram" not in wanted and len(page.get_drawings()) > 20 and "Dependencies" in words:
            wanted["diagram"] = number
    assert set(wanted) == {"cover", "catalogue", "diagram"}
    for name, number in wanted.items():
        pixmap = doc[number].get_pixmap(dpi=70)
        pixmap.save(PAGES / f"{name}.png")
        samples = pixmap.samples
        ink = sum(1 for i in range(0, len(samples), 3 * 97) if samples[i] < 200)
        assert ink > 30, f"{name} page looks blank"


# -- the DOCX -----------------------------------------------------------------------------------


@pytest.mark.export
def test_docx_title_headings_and_header(example_draft: Exported, scope: Scope) -> None:
    doc = Document(str(example_draft.docx))
    styles = [(p.style.name if p.style else "", p.text) for p in doc.paragraphs]
    assert ("Title", scope.document.title) in styles
    chapters = [re.sub(r"^\d+\t", "", text) for style, text in styles if style == "Heading 1"]
    assert chapters == ["Document control", *expected_chapters(scope)]
    header = " ".join(p.text for p in doc.sections[0].header.paragraphs)
    assert scope.document.id in header
    assert "DRAFT" in header
    assert scope.document.classification in header


@pytest.mark.export
def test_docx_has_a_word_table_of_contents_and_images(
    example_draft: Exported, scope: Scope
) -> None:

    archive = zipfile.ZipFile(example_draft.docx)
    document = archive.read("word/document.xml").decode("utf-8")
    # The contents: each entry a link to its heading and a PAGEREF field for its page.
    entries = re.findall(r'<w:hyperlink w:anchor="(_Toc\d+)"', document)
    assert len(entries) > 50
    assert set(entries) == set(re.findall(r"PAGEREF (_Toc\d+) \\h", document))
    media = [n for n in archive.namelist() if n.startswith("word/media/")]
    # a diagram per service, the heat map, the maturity gap chart and the timeline
    assert len(media) == len(scope.services) + 3


@pytest.mark.export
def test_docx_has_every_service_and_exclusion_rationale(
    example_draft: Exported, scope: Scope
) -> None:
    text = docx_text(example_draft.docx)
    for service in scope.in_scope_services():
        assert service.name in text
    for exclusion in scope.exclusions:
        assert " ".join(exclusion.rationale.split()) in text


# -- reproducible, atomic, approved ---------------------------------------------------------------


@pytest.mark.export
def test_second_export_is_byte_identical_and_in_the_manifest(draft_copy: Exported) -> None:
    before = {p.name: p.read_bytes() for p in (draft_copy.project / "dist").iterdir()}
    code, output = export(draft_copy.project)
    assert code == 0, output
    after = {p.name: p.read_bytes() for p in (draft_copy.project / "dist").iterdir()}
    assert after == before
    manifest = (draft_copy.project / "dist" / "SHA256SUMS").read_text(encoding="utf-8")
    expected = "".join(
        f"{hashlib.sha256(data).hexdigest()}  {name}\n"
        for name, data in sorted(after.items())
        if name != "SHA256SUMS"
    )
    assert manifest == expected


@pytest.mark.export
def test_a_failed_export_leaves_the_previous_files(draft_copy: Exported) -> None:
    before = {p.name: p.read_bytes() for p in (draft_copy.project / "dist").iterdir()}
    template = draft_copy.project / "overrides" / "export" / "smsdocs.typ"
    good = template.read_text(encoding="utf-8")
    template.write_text(good + "\n#let broken = (\n", encoding="utf-8")
    try:
        code, output = export(draft_copy.project)
    finally:
        template.write_text(good, encoding="utf-8")
    assert code == 1
    assert output.startswith("error: Typst could not typeset the PDF:")
    assert "Traceback" not in output
    after = {p.name: p.read_bytes() for p in (draft_copy.project / "dist").iterdir()}
    assert after == before


@pytest.mark.export
def test_approved_release_has_no_draft_marks(example_released: Exported, scope: Scope) -> None:
    latest = max(scope.approvals, key=lambda a: a.date)
    pdf, docx = example_released.pdf, example_released.docx
    assert pdf.name == f"{scope.document.id}-{latest.version}.pdf"
    assert "DRAFT" not in pdf_text(pdf)
    assert "Approved" in " ".join((PdfReader(pdf).pages[0].extract_text() or "").split())
    header = " ".join(p.text for p in Document(str(docx)).sections[0].header.paragraphs)
    assert "Approved" in header and "DRAFT" not in header


# -- hostile text -------------------------------------------------------------------------------

RAW_TYPST = '#read("/etc/passwd") #panic("boom")'


@pytest.mark.export
def test_raw_blocks_and_typst_markup_cannot_reach_the_output(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", scope=PROJECTS / "minimal" / "scope")
    services = project / "scope" / "services.yaml"
    text = services.read_text(encoding="utf-8").replace(
        "summary: Virtual servers run for customers.",
        f"summary: '{RAW_TYPST}'\n"
        "    description: |\n"
        "      Before.\n\n"
        "      ```{=typst}\n"
        '      #panic("fenced typst block")\n'
        "      ```\n\n"
        "      ```{=openxml}\n"
        "      <w:p><w:r><w:t>INJECTED</w:t></w:r></w:p>\n"
        "      ```\n\n"
        "      Inline `#panic(1)`{=typst} and `<b>x</b>`{=html} and \\\\input{/etc/passwd}"
        " and `\\\\textbf{latex}`{=latex}.",
    )
    services.write_text(text, encoding="utf-8")
    commit_all(project)
    code, output = export(project)
    assert code == 0, output
    pdf, docx = exported_files(project)
    shown = pdf_text(pdf)
    assert RAW_TYPST in shown
    assert '#panic("fenced typst block")' in shown
    assert "root:" not in shown
    words = docx_text(docx)
    assert RAW_TYPST in words
    assert "<w:p><w:r><w:t>INJECTED</w:t></w:r></w:p>" in words
    assert "#panic(1)" in words
    assert "\\textbf{latex}" in shown and "\\textbf{latex}" in words


@pytest.mark.export
def test_missing_pandoc_is_one_clear_line(
    draft_copy: Exported, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pypandoc

    monkeypatch.setattr(pypandoc, "get_pandoc_path", lambda: "/nonexistent/pandoc")
    code, output = export(draft_copy.project)
    assert code == 1
    assert output == (
        "error: pandoc is not available: reinstall it with "
        "'pip install --force-reinstall pypandoc-binary'\n"
    )


@pytest.mark.parametrize(
    ("output", "place"),
    [(".", "the project folder"), ("scope", "inside scope/"), ("docs/pdf", "inside docs/")],
)
@pytest.mark.export
def test_refuses_to_write_among_the_sources(
    example_draft: Exported, output: str, place: str
) -> None:
    before = sorted(p.relative_to(example_draft.project) for p in example_draft.project.rglob("*"))
    code, shown = export(example_draft.project, "--output", output)
    assert code == 2
    assert f"{output}: refusing to write exports {place}, among the manual's sources" in shown
    assert (
        sorted(p.relative_to(example_draft.project) for p in example_draft.project.rglob("*"))
        == before
    )


@pytest.mark.export
def test_two_exports_at_once_leave_whole_files(example_draft: Exported, tmp_path: Path) -> None:
    """Exports into one folder at the same time: every file whole, the manifest lists all."""
    smsdocs = str(Path(sys.executable).parent / "smsdocs")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    dist = tmp_path / "dist"
    runs = [
        subprocess.Popen(
            [smsdocs, "export", *args, "--output", str(dist)],
            cwd=example_draft.project,
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        for args in ([], ["--format", "pdf"], ["--format", "docx"])
    ]
    outputs = [run.communicate(timeout=600)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0, 0], outputs
    assert not [p.name for p in dist.iterdir() if p.name.startswith(".")]
    sums = (dist / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    assert sorted(line.partition("  ")[2] for line in sums) == [
        example_draft.docx.name,
        example_draft.pdf.name,
    ]
    for line in sums:
        digest, _, name = line.partition("  ")
        assert hashlib.sha256((dist / name).read_bytes()).hexdigest() == digest
    assert len(PdfReader(dist / example_draft.pdf.name).pages) > 10


@pytest.mark.export
def test_code_that_looks_like_a_fence_or_a_heading_stays_code(tmp_path: Path) -> None:
    """A fence closes only with a bare run of its character: a '```python' line inside code,
    and a '# comment' after it, stay code as written in the exports, as on the site, on a
    page deep in the navigation whose headings the export shifts."""
    project = make_project(tmp_path / "p", scope=PROJECTS / "minimal" / "scope")
    services = project / "scope" / "services.yaml"
    services.write_text(
        services.read_text(encoding="utf-8").replace(
            "    summary: Virtual servers run for customers.\n",
            "    summary: Virtual servers run for customers.\n"
            "    description: |\n      ```\n      ```python\n      # restart-the-cluster\n"
            "      ```\n\n      After the code.\n",
        ),
        encoding="utf-8",
    )
    commit_all(project)
    code, output = export(project)
    assert code == 0, output
    pdf, docx = exported_files(project)
    outline = [item.title for item in _flat(PdfReader(pdf).outline)]
    assert not any("restart-the-cluster" in title for title in outline)
    printed = pdf_text(pdf)
    assert "# restart-the-cluster" in printed and "## restart-the-cluster" not in printed
    assert "After the code." in printed
    document = Document(str(docx))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert not any("restart-the-cluster" in h for h in headings)
    word = docx_text(docx)
    assert "# restart-the-cluster" in word and "## restart-the-cluster" not in word


def _flat(outline: list[object]) -> list[object]:
    items: list[object] = []
    for item in outline:
        items.extend(_flat(item) if isinstance(item, list) else [item])
    return items


def test_a_table_column_has_links_in_every_row_or_in_none(tmp_path: Path) -> None:
    """Long lists lose their links in print; the rest of their column loses them too, so no
    column is half blue and half black."""
    from helpers.export import pandoc_run
    from smsdocs.export import ast
    from smsdocs.export.images import Images
    from smsdocs.render import doc

    def links(*names: str) -> doc.Inlines:
        return doc.joined((doc.Link(doc.inlines(n), doc.Ref("p.md", n)),) for n in names)

    pages = frozenset({"p.md", "q.md"})
    target = ast.Target(pages, frozenset("abcdx"), Images(tmp_path, tmp_path), word=False)
    writer = ast.Writer(target, "q.md")
    blocks = (
        doc.para("Text with ", links("x")),
        doc.Table(
            (doc.inlines("Service"), doc.inlines("Customers")),
            ((links("a"), links("a", "b", "c", "d")), (links("b"), links("a"))),
        ),
    )
    document = ast.document(list(map(ast.text, ast.finish(writer.blocks(blocks), word=False))))
    typst = pandoc_run(document, "json", "typst")
    assert '#link("smsdocs-ref:x")[x]' in typst  # running text keeps its link
    assert '#link("smsdocs:a")[a]' in typst and '#link("smsdocs:b")[b]' in typst
    assert "[a, b, c, d]" in typst and "[a]," in typst.replace(" ", "")  # the column: none


@pytest.mark.export
def test_pdf_table_columns_follow_their_content(example_draft: Exported) -> None:
    """The catalogue's short columns (status) are narrower than its long ones (customers),
    beside an Id column as wide as its longest id."""
    for page in pymupdf.open(example_draft.pdf):
        words = {w[4]: w[0] for w in page.get_text("words")}
        if {"Status", "Owner", "Customers", "Hours"} <= set(words) and "SLA-APP-01" in words:
            status = words["Owner"] - words["Status"]
            customers = words["Hours"] - words["Customers"]
            assert customers > 1.25 * status
            return
    raise AssertionError("no page holds the service catalogue's table")


@pytest.mark.export
def test_pdf_watermark_is_drawn_over_the_figures(example_draft: Exported) -> None:
    """The header, footer and translucent DRAFT watermark are drawn after each page's
    content, so a figure's opaque background cannot hide the watermark."""
    import pikepdf

    with pikepdf.open(example_draft.pdf) as pdf:
        for page in pdf.pages:
            streams = page.obj.Contents
            last = streams[-1] if isinstance(streams, pikepdf.Array) else streams
            assert last.read_bytes().rstrip().endswith(b"/SmsdocsFurniture Do Q EMC")


@pytest.mark.export
def test_pdf_cross_references_give_section_and_page(example_draft: Exported) -> None:
    """A link in running text prints where it leads, as print does ("Service catalogue
    (3, p. 8)"), the section's heading on the page it names; links in table cells do not."""
    texts = [" ".join(page.get_text().split()) for page in pymupdf.open(example_draft.pdf)]
    references = [
        (number, found.group(1), int(found.group(2)))
        for number, text in enumerate(texts, 1)
        for found in re.finditer(r"\(([\d.]+), p\.\s?(\d+)\)", text)
    ]
    assert len(references) > 30
    for _, section, page in references:
        assert re.search(rf"(^|\s){re.escape(section)} ", texts[page - 1]), (section, page)
    chapter_one = next(text for text in texts if text.startswith("1 About this manual"))
    assert re.search(r"Service catalogue\s?\(3, p\.\s?\d+\)", chapter_one)
    catalogue = next(text for text in texts if "SLA-APP-01" in text)
    assert not re.search(r"Managed Application Support\s?\(3\.2\.1", catalogue)
