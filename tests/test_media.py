"""Images and templates judged before pandoc and Typst see them (``smsdocs.load.media``), and
the export's own guard where a file changed after the check."""

from __future__ import annotations

import base64
import io
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from helpers.projects import REPO
from smsdocs.errors import ExportError
from smsdocs.export.images import Images
from smsdocs.load.media import docx_problem, embed_images, image_problem, svg_images

LFS = b"version https://git-lfs.github.com/spec/v1\noid sha256:00\nsize 1\n"


def image_bytes(kind: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (10, 120, 200)).save(buffer, kind)
    return buffer.getvalue()


@pytest.mark.parametrize(("suffix", "kind"), [(".png", "PNG"), (".jpg", "JPEG"), (".gif", "GIF")])
def test_whole_images_pass_and_cut_ones_are_named(suffix: str, kind: str) -> None:
    data = image_bytes(kind)
    assert image_problem(suffix, data) is None
    assert image_problem(suffix, data[: len(data) // 2]) is not None
    assert image_problem(suffix, data[:-12]) is not None
    assert image_problem(suffix, LFS) == (
        "is a Git LFS pointer, not the file itself; fetch it with 'git lfs pull' (Git LFS "
        "must be installed where the manual is built)"
    )


def test_a_png_with_a_damaged_byte_fails_its_checksum() -> None:
    data = bytearray(image_bytes("PNG"))
    data[40] ^= 0xFF
    assert image_problem(".png", bytes(data)) == (
        "is damaged: a part of the PNG image fails its checksum; save or export it again "
        "from the program that made it"
    )


def test_an_image_of_another_format_is_named_with_the_suffix_it_needs() -> None:
    assert image_problem(".png", image_bytes("GIF")) == (
        "is a GIF image, not a PNG image as its name says; rename it to end in .gif"
    )
    assert image_problem(".jpg", b"hello") == (
        "is not a JPEG image (its first bytes are not an image's); save or export it again "
        "from the program that made it"
    )


def test_a_zip_that_is_not_a_word_document_is_no_template() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    reference = REPO / "overrides" / "export" / "reference.docx"
    assert docx_problem(reference.read_bytes()) is None
    assert docx_problem(buffer.getvalue()) == (
        "is a zip file but not a Word document (no [Content_Types].xml); save it again from "
        "Word as a .docx, or delete it to use the template smsdocs ships"
    )


def test_linked_images_are_found_with_their_lines_and_embedded() -> None:
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">\n'
        b'  <image xlink:href="a.png" width="4"/><image href=\'#x\'/>\n'
        b'  <svg:image href="b.png"/><image href="data:image/png;base64,AA=="/>\n'
        b"</svg>\n"
    )
    found = svg_images(svg)
    assert [(i.href, i.line, i.column) for i in found.images] == [
        ("a.png", 2, 3),
        ("b.png", 3, 3),
    ]
    flat = embed_images(svg, {"a.png": "data:image/png;base64,QQ==", "b.png": "data:x,B"})
    assert b'<image xlink:href="data:image/png;base64,QQ==" width="4"/>' in flat
    assert b'<svg:image href="data:x,B"/>' in flat
    assert svg_images(flat).images == ()


def test_the_export_refuses_an_image_that_changed_after_the_check(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "office.png").write_bytes(LFS)
    (site / "ok.png").write_bytes(image_bytes("PNG"))
    (tmp_path / "work").mkdir()
    images = Images(site, tmp_path / "work")
    with pytest.raises(ExportError, match=r"^the image office.png is a Git LFS pointer"):
        images.get("office.png", raster=True)
    uri = images.get("ok.png", raster=True)
    assert uri == "data:image/png;base64," + base64.b64encode(image_bytes("PNG")).decode()


def test_without_mkdocs_yml_the_check_still_judges_docs(tmp_path: Path) -> None:
    from smsdocs.load import site_findings

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "office.png").write_bytes(LFS)
    (tmp_path / "docs" / "env.md").symlink_to("/proc/self/environ")
    assert [str(f) for f in site_findings(tmp_path)] == [
        "docs/env.md: error[file-unreadable]: links to /proc/self/environ, outside the project; "
        "copy the file into docs/ instead",
        "docs/office.png: error[image-invalid]: is a Git LFS pointer, not the file itself; fetch "
        "it with 'git lfs pull' (Git LFS must be installed where the manual is built)",
    ]


def test_xml_that_is_no_svg_is_named_where_it_starts() -> None:
    found = svg_images(b'<?xml version="1.0"?>\n<html><body/></html>\n')
    assert (found.problem, found.line, found.column) == (
        "is XML but not an SVG drawing (it starts with <html>, not <svg>); save or export it "
        "again from the program that made it",
        2,
        1,
    )


@pytest.mark.export
def test_the_word_documents_drawings_failing_never_speak_of_a_pdf(tmp_path: Path) -> None:
    from smsdocs.export.manual import Options
    from smsdocs.export.typst import Typesetter

    (tmp_path / "bad.svg").write_text("<html><body/></html>\n")
    main = tmp_path / "raster-0.typ"
    main.write_text('#image("bad.svg")\n')
    with pytest.raises(ExportError) as failed:
        Typesetter(tmp_path, Options()).draw([main], 96)
    assert str(failed.value).startswith("Typst could not draw the diagrams for the Word document")
    assert "PDF" not in str(failed.value)
