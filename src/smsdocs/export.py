"""Export the manual to PDF (pandoc -> Typst -> the typst compiler) and DOCX (pandoc).

The input is what a site build captured: every page in navigation order with the Markdown the
site rendered after macros, so the exports hold the same chapters, in the same order, from the
same text. Nothing here imports MkDocs.

Safety and reproducibility:

* pandoc runs with ``--sandbox`` and Typst with its root confined to a temporary folder, so no
  text can read files; values from the scope reach the Typst template as ``sys.inputs``
  strings, which Typst shows literally, never as markup;
* the same input and ``SOURCE_DATE_EPOCH`` give the same bytes, and ``SHA256SUMS`` records them;
* every file is written under a temporary name and renamed, so a failed export leaves the
  previous files untouched.
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
import json
import os
import posixpath
import re
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from smsdocs.errors import ExportError
from smsdocs.output import write_atomic, zip_time

FORMATS: Final = ("pdf", "docx")


@dataclass(frozen=True, slots=True)
class Part:
    """One entry of the navigation: a page with its Markdown, or a section heading."""

    title: str
    level: int
    src_uri: str | None = None
    markdown: str | None = None


@dataclass(frozen=True, slots=True)
class Cover:
    """The front matter of the exported document, as plain text."""

    organization: str
    title: str
    document_id: str
    version: str
    status: str
    classification: str
    date: str
    owner: str
    next_review: str
    approvals: tuple[tuple[str, str, str, str], ...] = ()
    """(version, approver, date, record) of every approval, newest first."""

    @property
    def approved(self) -> bool:
        return self.status == "Approved"


@dataclass(frozen=True, slots=True)
class Manual:
    cover: Cover
    parts: tuple[Part, ...]
    site_dir: Path
    """The built site, where the images the pages refer to are found."""
    template_dir: Path | None = None
    """Folder holding smsdocs.typ and reference.docx overrides (overrides/export)."""


@dataclass(frozen=True, slots=True)
class Options:
    formats: Sequence[str] = FORMATS
    epoch: int = 0
    """SOURCE_DATE_EPOCH: the date written into the files, for byte-identical exports."""
    pdf_standard: str | None = None
    """A PDF standard Typst supports, such as 'a-2b' (PDF/A-2b) for archiving."""
    font_paths: tuple[Path, ...] = field(default_factory=tuple)


DATA: Final = Path(__file__).parent / "data" / "project" / "overrides" / "export"
"""The example project's export templates, used when a project has none of its own."""


def file_stem(cover: Cover) -> str:
    """The exported files' name: the document id and version, safe on any file system."""
    raw = f"{cover.document_id}-{cover.version}"
    return re.sub(r"[^A-Za-z0-9._-]+", "-", raw).strip("-.") or "manual"


def export(manual: Manual, out_dir: Path, options: Options) -> list[Path]:
    """Write the requested formats and a SHA256SUMS manifest into ``out_dir``."""
    unknown = [f for f in options.formats if f not in FORMATS]
    if unknown:
        raise ExportError(f"unknown export format {unknown[0]!r}; use pdf, docx or all")
    pandoc = _pandoc()
    stem = file_stem(manual.cover)
    outputs: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory(prefix="smsdocs-export-") as tmp:
        work = Path(tmp)
        images = _Images(manual.site_dir, work)
        if "pdf" in options.formats:
            body = combine(manual, images, raster=False)
            outputs[f"{stem}.pdf"] = _pdf(manual, body, work, pandoc, options)
        if "docx" in options.formats:
            body = images.rasterise(combine(manual, images, raster=True))
            outputs[f"{stem}.docx"] = _docx(manual, body, work, pandoc, options)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = [write_atomic(out_dir / name, data) for name, data in outputs.items()]
    _update_manifest(out_dir, outputs)
    return written


# --------------------------------------------------------------------------------------------
# One Markdown document from the pages.

_HEADING: Final = re.compile(r"^(#{1,6})(\s+.*?)(\s*\{[^}]*\})?\s*$")
_FENCE: Final = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_LINK: Final = re.compile(
    r"(!?)\[((?:[^\[\]]|\[[^\]]*\])*)\]\(\s*<?([^)\s>]+)>?(\s+\"[^\"]*\")?\s*\)"
)
_ADMONITION: Final = re.compile(r'^(\s*)(?:!!!|\?\?\?\+?)\s+([\w-]+)(?:\s+"(.*)")?\s*$')


def page_anchor(src_uri: str) -> str:
    return "page-" + re.sub(r"[^A-Za-z0-9]+", "-", src_uri.removesuffix(".md")).strip("-")


def combine(manual: Manual, images: _Images, *, raster: bool) -> str:
    """The whole manual as one pandoc Markdown document, headings nested as in the nav."""
    pages = {p.src_uri for p in manual.parts if p.src_uri}
    chunks: list[str] = []
    for part in manual.parts:
        if part.src_uri is None or part.markdown is None:
            hashes = "#" * min(part.level, 6)
            title = html.escape(html.unescape(part.title), quote=False)
            chunks.append(f"{hashes} {_plain(title)}\n")
            continue
        chunks.append(_page(part, pages, images, raster=raster))
    return "\n\n".join(chunks) + "\n"


def _plain(text: str) -> str:
    """Heading text from a nav title: Markdown punctuation neutralised with entities."""
    return re.sub(r"[\\`*_\[\]{}#|<>$@~^!]", lambda m: f"&#{ord(m.group())};", text)


def _page(part: Part, pages: set[str], images: _Images, *, raster: bool) -> str:
    assert part.src_uri is not None and part.markdown is not None
    shift = part.level - 1
    out: list[str] = []
    fence: str | None = None
    titled = False
    lines = _admonitions(part.markdown.split("\n"))
    for line in lines:
        marker = _FENCE.match(line)
        if fence is not None:
            out.append(line)
            if marker and marker.group(1).startswith(fence):
                fence = None
            continue
        if marker:
            fence = marker.group(1)
            out.append(line)
            continue
        heading = _HEADING.match(line)
        if heading:
            depth = min(len(heading.group(1)) + shift, 6)
            text = heading.group(2).strip()
            if not titled:
                titled = True
                out.append(f"{'#' * depth} {text} {{#{page_anchor(part.src_uri)}}}")
            else:
                out.append(f"{'#' * depth} {text}")
            continue
        linked = _links(line, part.src_uri, pages, images, raster=raster)
        if not raster and linked.startswith("|"):
            linked = _thin_links(linked)
        out.append(_ANCHOR.sub(r"[\2]{#\1}", linked))
    if not titled:
        depth = min(part.level, 6)
        title = _plain(html.escape(html.unescape(part.title), quote=False))
        out.insert(0, f"{'#' * depth} {title} {{#{page_anchor(part.src_uri)}}}\n")
    return "\n".join(out)


def _admonitions(lines: list[str]) -> list[str]:
    """Material admonitions (!!! note "Title") become pandoc fenced divs."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        match = _ADMONITION.match(lines[i])
        if not match:
            out.append(lines[i])
            i += 1
            continue
        indent, kind, title = match.group(1), match.group(2), match.group(3)
        body: list[str] = []
        i += 1
        inner = indent + "    "
        while i < len(lines) and (lines[i].startswith(inner) or not lines[i].strip()):
            body.append(lines[i][len(inner) :] if lines[i].startswith(inner) else "")
            i += 1
        while body and not body[-1].strip():
            body.pop()
        out.append(f"{indent}::: {{.admonition .{kind}}}")
        if title:
            out.append(f"{indent}**{title}**\n")
        out.extend(indent + line if line else "" for line in body)
        out.append(f"{indent}:::")
        out.append("")
    return out


# The anchors smsdocs writes (<span id="party-x">Name</span>) as CommonMark bracketed spans.
_ANCHOR: Final = re.compile(r'<span id="([A-Za-z0-9_.-]+)">(.*?)</span>')
_INTERNAL_LINK: Final = re.compile(r"\[((?:[^\[\]]|\[[^\]]*\])*)\]\(#[^)\s]+\)")
MAX_CELL_LINKS: Final = 3
"""Table cells listing more entries than this keep their text but not their links, in the PDF."""


def _thin_links(row: str) -> str:
    """Drop the internal links of long lists inside a table row's cells (PDF only).

    Typst's time and memory grow with every link: a 2,000-service manual has tens of
    thousands in 'used by' lists that no reader clicks in print. Running text, headings,
    catalogue rows and short lists keep theirs.
    """
    cells = row.split(" | ")
    for index, cell in enumerate(cells):
        if len(_INTERNAL_LINK.findall(cell)) > MAX_CELL_LINKS:
            cells[index] = _INTERNAL_LINK.sub(r"\1", cell)
    return " | ".join(cells)


def _links(line: str, src_uri: str, pages: set[str], images: _Images, *, raster: bool) -> str:
    base = posixpath.dirname(src_uri)

    def replace(m: re.Match[str]) -> str:
        bang, label, target = m.group(1), m.group(2), m.group(3)
        if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I):
            return m.group(0)  # a web or mail link stays as it is
        path, _, fragment = target.partition("#")
        if bang:
            if not path:
                return label
            found = images.get(posixpath.normpath(posixpath.join(base, path)), raster=raster)
            return f"![{label}]({found}){{width=100%}}" if found else label
        if not path:
            return m.group(0) if fragment else label
        resolved = posixpath.normpath(posixpath.join(base, path))
        if resolved.endswith("/"):
            resolved += "index.md"
        if resolved in pages:
            return f"[{label}](#{fragment or page_anchor(resolved)})"
        return label  # a link to a file that is not part of the manual: keep the words

    return _LINK.sub(replace, line)


_MIME: Final = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
}


class _Images:
    """Images of the site, copied into the export's work folder (SVG, or PNG for Word)."""

    def __init__(self, site_dir: Path, work: Path) -> None:
        self.site_dir = site_dir
        self.work = work
        self.dir = work / "img"
        self.dir.mkdir()
        self.done: dict[tuple[str, bool], str] = {}
        self.pending: dict[str, Path] = {}
        """SVGs to draw as PNG for Word, by the placeholder standing in for them."""

    def get(self, src: str, *, raster: bool) -> str | None:
        key = (src, raster)
        if key in self.done:
            return self.done[key]
        source = (self.site_dir / src).resolve()
        if not source.is_relative_to(self.site_dir.resolve()) or not source.is_file():
            return None
        name = hashlib.sha256(src.encode()).hexdigest()[:16]
        suffix = source.suffix.lower()
        if raster and suffix == ".svg":
            # Drawn all at once in rasterise(): one Typst run instead of one per image.
            placeholder = f"smsdocs-raster-{name}"
            self.pending[placeholder] = source
            self.done[key] = placeholder
        elif raster:
            # For Word: pandoc's sandbox reads no files, so images travel inside the
            # Markdown as data: URIs.
            mime = _MIME.get(suffix, "image/png")
            data = base64.b64encode(source.read_bytes()).decode("ascii")
            self.done[key] = f"data:{mime};base64,{data}"
        else:
            # For Typst, which reads the image itself from its root folder.
            target = self.dir / f"{name}{suffix}"
            shutil.copyfile(source, target)
            self.done[key] = f"img/{target.name}"
        return self.done[key]

    def rasterise(self, markdown: str) -> str:
        """Draw every pending SVG as PNG in one Typst run and put data: URIs in its place."""
        if not self.pending:
            return markdown
        names = list(self.pending)
        pages = []
        for number, placeholder in enumerate(names):
            copy = self.dir / f"src-{number}.svg"
            shutil.copyfile(self.pending[placeholder], copy)
            pages.append(f'#image("img/{copy.name}")')
        main = self.work / "raster.typ"
        main.write_text(
            "#set page(width: auto, height: auto, margin: 0pt)\n" + "\n#pagebreak()\n".join(pages),
            encoding="utf-8",
        )
        try:
            drawn = _typst().compile(str(main), root=str(self.work), format="png", ppi=144)
        except Exception as exc:  # typst raises its own error types
            raise ExportError(f"could not draw the diagrams as PNG: {exc}") from None
        images = drawn if isinstance(drawn, list) else [drawn]
        uris = {
            placeholder: "data:image/png;base64," + base64.b64encode(bytes(png)).decode("ascii")
            for placeholder, png in zip(names, images, strict=True)
        }
        return re.sub(r"smsdocs-raster-[0-9a-f]{16}", lambda m: uris[m.group()], markdown)


# --------------------------------------------------------------------------------------------
# PDF.


def _template(manual: Manual, name: str) -> Path:
    if manual.template_dir is not None and (manual.template_dir / name).is_file():
        return manual.template_dir / name
    return DATA / name


def _pdf(manual: Manual, body: str, work: Path, pandoc: str, options: Options) -> bytes:
    typ = _run_pandoc(pandoc, body, "typst", work, [])
    template = _template(manual, "smsdocs.typ")
    shutil.copyfile(template, work / "smsdocs.typ")
    logo = _logo(manual, work)
    (work / "manual.typ").write_text(
        '#import "smsdocs.typ": manual, horizontalrule\n#show: manual\n\n' + typ, encoding="utf-8"
    )
    cover = manual.cover
    inputs = {
        "organization": cover.organization,
        "title": cover.title,
        "document_id": cover.document_id,
        "version": cover.version,
        "status": cover.status,
        "classification": cover.classification,
        "date": cover.date,
        "owner": cover.owner,
        "next_review": cover.next_review,
        "approvals": json.dumps([list(a) for a in cover.approvals]),
        "logo": logo,
    }
    typst = _typst()
    kwargs: dict[str, Any] = {
        "root": str(work),
        "sys_inputs": inputs,
        "font_paths": [str(p) for p in options.font_paths],
    }
    if options.epoch:
        kwargs["timestamp"] = options.epoch
    if options.pdf_standard:
        kwargs["pdf_standards"] = options.pdf_standard
    try:
        data = typst.compile(str(work / "manual.typ"), **kwargs)
    except Exception as exc:
        raise ExportError(f"Typst could not typeset the PDF: {exc}") from None
    return bytes(data)


def _logo(manual: Manual, work: Path) -> str:
    for name in ("logo.svg", "logo.png"):
        if manual.template_dir is not None and (manual.template_dir / name).is_file():
            shutil.copyfile(manual.template_dir / name, work / name)
            return name
    return ""


# --------------------------------------------------------------------------------------------
# DOCX.

_PLACEHOLDERS: Final = ("document_id", "version", "status", "classification", "title")


def _docx(manual: Manual, body: str, work: Path, pandoc: str, options: Options) -> bytes:
    cover = manual.cover
    reference = _template(manual, "reference.docx")
    front = _docx_front(cover)
    target = work / "manual.docx"
    env = {"SOURCE_DATE_EPOCH": str(options.epoch)} if options.epoch else {}
    _run_pandoc(
        pandoc,
        front + body,
        "docx",
        work,
        [
            f"--reference-doc={reference}",
            "--toc",
            "--toc-depth=2",
            "--number-sections",
            f"--output={target}",
        ],
        env=env,
    )
    values = {
        "document_id": cover.document_id,
        "version": cover.version,
        "status": "Approved" if cover.approved else "DRAFT",
        "classification": cover.classification,
        "title": cover.title,
    }
    return _fill_headers(target.read_bytes(), values, options.epoch)


def _docx_front(cover: Cover) -> str:
    """Title block and document control table, as pandoc Markdown with every value escaped."""

    def esc(value: str) -> str:
        return _plain(html.escape(value, quote=False))

    rows = [
        ("Organisation", cover.organization),
        ("Document", cover.document_id),
        ("Version", cover.version),
        ("Status", cover.status),
        ("Classification", cover.classification),
        ("Owner", cover.owner),
        ("Next review", cover.next_review),
        ("Date", cover.date),
    ]
    lines = [
        "---",
        f"title: {json.dumps(esc(cover.title))}",
        f"subtitle: {json.dumps(esc(cover.organization))}",
        f"date: {json.dumps(esc(cover.date))}",
        "---",
        "",
        "# Document control {.unnumbered}",
        "",
        "| Field | Value |",
        "|---|---|",
        *(f"| {k} | {esc(v)} |" for k, v in rows),
        "",
    ]
    if cover.approvals:
        lines += ["| Version | Approved by | Date | Record |", "|---|---|---|---|"]
        lines += [f"| {' | '.join(esc(x) for x in a)} |" for a in cover.approvals]
        lines.append("")
    return "\n".join(lines) + "\n"


def _fill_headers(docx: bytes, values: dict[str, str], epoch: int) -> bytes:
    """Replace {placeholders} in the headers and footers the reference document provides."""
    source = zipfile.ZipFile(io.BytesIO(docx))
    out = io.BytesIO()
    stamp = zip_time(epoch)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if re.match(r"word/(header|footer)\d*\.xml$", info.filename):
                text = data.decode("utf-8")
                for key in _PLACEHOLDERS:
                    text = text.replace("{" + key + "}", _xml_text(values[key]))
                data = text.encode("utf-8")
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            target.writestr(entry, data)
    result: bytes = out.getvalue()
    return result


def _xml_text(value: str) -> str:
    return html.escape(value, quote=True)


# --------------------------------------------------------------------------------------------
# Tools and files.


def _pandoc() -> str:
    """The pandoc executable that pypandoc-binary ships."""
    try:
        import pypandoc  # type: ignore[import-untyped]
    except ImportError:
        raise ExportError(
            "pandoc is not available: install it with 'pip install pypandoc-binary'"
        ) from None
    try:
        path = str(pypandoc.get_pandoc_path())
    except OSError:
        path = ""
    if not path or not Path(path).is_file():
        raise ExportError(
            "pandoc is not available: reinstall it with "
            "'pip install --force-reinstall pypandoc-binary'"
        )
    return path


def _typst() -> Any:
    try:
        import typst
    except ImportError:
        raise ExportError("Typst is not available: install it with 'pip install typst'") from None
    return typst


# Markdown as smsdocs writes it: pandoc's own raw-output routes are switched off (```{=typst}
# blocks, `x`{=openxml} inlines, TeX), so no text can reach the output as markup.
PANDOC_FROM: Final = (
    "commonmark_x+implicit_figures-raw_html-raw_attribute-tex_math_dollars-tex_math_gfm"
)
"""CommonMark with pandoc's extensions: three times faster to read than pandoc's own Markdown
on a large manual, and with every raw-output route off (HTML, raw attributes, TeX maths)."""


def _run_pandoc(
    pandoc: str,
    text: str,
    to: str,
    work: Path,
    extra: Iterable[str],
    env: dict[str, str] | None = None,
) -> str:
    args = [
        pandoc,
        "--sandbox",
        f"--from={PANDOC_FROM}",
        f"--to={to}",
        "--wrap=none",
        f"--resource-path={work}",
        *extra,
    ]
    try:
        proc = subprocess.run(
            args,
            input=text.encode("utf-8"),
            cwd=work,
            capture_output=True,
            env={**os.environ, **(env or {})},
            timeout=900,
            check=False,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise ExportError(f"pandoc could not run ({exc}); reinstall pypandoc-binary") from None
    if proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ExportError(f"pandoc failed: {message[-1] if message else proc.returncode}")
    return proc.stdout.decode("utf-8")


def _update_manifest(out_dir: Path, outputs: dict[str, bytes]) -> None:
    manifest = out_dir / "SHA256SUMS"
    sums: dict[str, str] = {}
    if manifest.is_file():
        for line in manifest.read_text(encoding="utf-8").splitlines():
            digest, _, name = line.partition("  ")
            if name and (out_dir / name).is_file():
                sums[name] = digest
    for name, data in outputs.items():
        sums[name] = hashlib.sha256(data).hexdigest()
    text = "".join(f"{digest}  {name}\n" for name, digest in sorted(sums.items()))
    write_atomic(manifest, text.encode("utf-8"))
