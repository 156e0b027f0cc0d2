"""The DOCX: the manual converted to Word by pandoc in parts, joined into one package."""

from __future__ import annotations

import base64
import datetime as dt
import html
import io
import json
import posixpath
import re
import struct
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final, cast

from smsdocs.errors import ExportError
from smsdocs.export.images import PICTURE_PAGE, RASTER, Images, cover_logo, place_file
from smsdocs.export.manual import PAPERS, Cover, Manual, Options, template_path
from smsdocs.export.pandoc import PANDOC_FROM, run_pandoc
from smsdocs.export.parts import in_parallel, numbers_before
from smsdocs.export.pieces import Piece, piece, split
from smsdocs.export.typst import Typesetter
from smsdocs.export.wordstyles import (
    heading_numbering,
    numbered_headings,
    numbered_styles,
    with_language,
)
from smsdocs.export.wordtables import fit_tables, unbroken
from smsdocs.export.wordtoc import CONTENTS_DEPTH, arrange_front, fill_contents
from smsdocs.load.media import RASTER_MIME, docx_problem
from smsdocs.output import zip_time

DOCX_PART_BYTES: Final = 350_000
"""The most Markdown pandoc converts to Word at once: its memory grows with the document
(a gigabyte for 2,000 services), but each conversion also pays to write Word's package."""
PANDOC_TOGETHER: Final = 700_000
"""The most Markdown converted at once, by the conversions running side by side: pandoc
takes about a kilobyte of memory per byte of Markdown it converts to Word, and with the
export's own memory all of it stays under a gigabyte (a single page larger than this, a
catalogue's index of thousands of services, is converted alone)."""
RASTER_BATCH: Final = 200
"""Diagrams drawn as PNG by one Typst run (for Word)."""
RASTER_PPI: Final = 96
LOGO_HEIGHT: Final = "2cm"
"""The cover logo's height, as the PDF's cover draws it."""
LOGO_PPI: Final = 300
"""Pixels per inch of an SVG logo drawn as PNG for the cover: small, and looked at closely."""
"""Resolution of the diagrams drawn for Word: the size the site shows them at (a CSS pixel
is 1/96 inch). A manual's diagrams are drawn in a third of the time 144 ppi takes."""
PART_IDS: Final = 100_000
"""Ids (lists, footnotes, bookmarks, drawings) of each joined Word part are moved up by this
times the part's number, so no two parts share one."""
DRAWING_IDS: Final = 900_000_000
"""Ids of the diagrams' drawings, above any a part's pandoc gives."""
_PLACEHOLDERS: Final = ("document_id", "version", "status", "classification", "title", "draft")

# A diagram drawn for Word: pandoc is given its placeholder as a word (in a figure's styles,
# with its caption: ``ast.finish``), and the join puts the picture in its place. Handing
# pandoc 2,000 pictures, even small stand-ins, costs a quarter of its time.
_MARKED: Final = re.compile("\x00(" + RASTER + "[0-9a-f]{16})\\.([A-Za-z0-9_-]*)\x00")
"""A diagram's placeholder run, marked by _ready_body() (Word's XML holds no NUL): the
placeholder and its description (``ast._placeholder``)."""
_RASTER_RUN: Final = re.compile(
    r'<w:r>(?:<w:rPr>(?:(?!</w:rPr>).)*</w:rPr>)?<w:t(?: xml:space="preserve")?>'
    r"(" + RASTER + r"[0-9a-f]{16})\.([A-Za-z0-9_-]*)</w:t></w:r>"
)


def make_docx(
    manual: Manual,
    pieces: list[Piece],
    images: Images,
    work: Path,
    pandoc: str,
    options: Options,
) -> bytes:
    """Convert the manual to Word in parts, two at once, and join them into one document.

    pandoc holds a whole document in memory (over a gigabyte for 2,000 services), so each
    part is converted on its own, numbered on from the parts before it (--number-offset),
    and the parts' bodies are joined under the first part's styles, header and contents.
    The diagrams are drawn by Typst runs among the conversions, and each part's body is made
    ready for the join (ids moved, tables laid out) as soon as pandoc has made it, while the
    other conversion runs.
    """
    cover = manual.cover
    parts = split(pieces, DOCX_PART_BYTES)
    typeset = Typesetter(work, options)
    logo = _logo_uri(manual, work, typeset)
    front = json.loads(
        run_pandoc(pandoc, _docx_front(cover, logo), "json", work, [], PANDOC_FROM, filters=False)
    )
    parts[0] = piece([_headless(block) for block in front["blocks"]]) + parts[0]
    reference = template_path(manual, "reference.docx")
    # pandoc's words for a damaged template name no file (Data/Binary/Get.hs).
    problem = docx_problem(reference.read_bytes())
    if problem is not None:
        raise ExportError(f"{manual.shown(reference)} {problem}")
    env = {"SOURCE_DATE_EPOCH": str(options.epoch)} if options.epoch else {}
    paper = PAPERS[options.paper][1]
    text_twips = paper[0] - 2 * paper[2]
    batches = _raster_batches(images)
    pictured = frozenset(images.pending)

    def convert(number: int, part: Piece, start: list[int]) -> tuple[bytes, str]:
        target = (work / f"part-{number}.docx").absolute()  # pandoc runs in work
        args = [f"--reference-doc={reference}", "--number-sections", f"--output={target}"]
        if number == 0:
            args += ["--toc", f"--toc-depth={CONTENTS_DEPTH}"]
        if start:
            args.append("--number-offset=" + ",".join(map(str, start)))
        text = part.document(front["meta"] if number == 0 else None)
        run_pandoc(pandoc, text, "docx", work, args, "json", env=env, filters=False)
        data = target.read_bytes()
        return data, _ready_body(data, number, pictured, text_twips)

    def run(
        job: tuple[int, Piece, list[int]] | list[Path],
    ) -> tuple[bytes, str] | list[bytes]:
        if isinstance(job, tuple):
            return convert(*job)
        return typeset.draw(job, RASTER_PPI)[0]

    numbers = numbers_before(part.all_headings() for part in parts)
    jobs: list[tuple[int, Piece, list[int]] | list[Path]] = [
        *zip(range(len(parts)), parts, numbers, strict=True),
        *([main] for main, _ in batches),
    ]
    # The conversions first, the largest first; the Typst runs, shorter, fill in at the end.
    done = in_parallel(
        run, jobs, lambda job: job[1].size if isinstance(job, tuple) else 0, PANDOC_TOGETHER
    )
    documents = [result for result in done[: len(parts)] if isinstance(result, tuple)]
    drawn: dict[str, bytes] = {}
    for (_, batch), pngs in zip(batches, done[len(parts) :], strict=True):
        drawn.update(zip(batch, cast("list[bytes]", pngs), strict=True))
    word = cover.words
    values = {
        "document_id": cover.document_id,
        "version": cover.version,
        "status": word["Approved"] if cover.approved else word["DRAFT"],
        "classification": cover.classification,
        "title": cover.title,
        "draft": "" if cover.approved else word["DRAFT: not an approved version"] + " · ",
        "organization": cover.organization,
        "owner": cover.owner,
    }
    return _join_docx(
        documents,
        drawn,
        values,
        options.epoch,
        paper,
        cover.language,
        word,
    )


def _raster_batches(images: Images) -> list[tuple[Path, list[str]]]:
    """Typst files drawing every pending SVG, one to a page, RASTER_BATCH to a file: each
    file with the placeholders of its diagrams, in page order."""
    names = list(images.pending)
    jobs = []
    for first in range(0, len(names), RASTER_BATCH):
        batch = names[first : first + RASTER_BATCH]
        pages = []
        for placeholder in batch:
            copy = images.dir / f"{placeholder}.svg"
            place_file(images.pending[placeholder], copy)
            pages.append(f'#image("img/{copy.name}")')
        main = images.work / f"raster-{first}.typ"
        main.write_text(
            PICTURE_PAGE + "\n#pagebreak()\n".join(pages),
            encoding="utf-8",
        )
        jobs.append((main, batch))
    return jobs


def _ready_body(data: bytes, number: int, pictured: frozenset[str], text_twips: int) -> str:
    """A part's body as the join takes it: ids moved (but the first part's), each diagram's
    placeholder run marked for its picture, tables laid out. The first part keeps all that
    comes before its section's properties."""
    with zipfile.ZipFile(io.BytesIO(data)) as part:
        doc = _text(part, "word/document.xml")
    if number:
        body = _moved(
            doc[doc.index("<w:body>") + len("<w:body>") : doc.rindex("<w:sectPr")], number
        )
    else:
        body = doc[: doc.rindex("<w:sectPr")]

    def mark(m: re.Match[str]) -> str:
        return f"\x00{m.group(1)}.{m.group(2)}\x00" if m.group(1) in pictured else m.group()

    return unbroken(fit_tables(_RASTER_RUN.sub(mark, body), text_twips))


def _headless(block: dict[str, Any]) -> dict[str, Any]:
    """A table whose header row is empty without it: a pipe table must have one, and pandoc
    writes an empty row, where a record (the document control) has none."""
    if block.get("t") != "Table":
        return block
    head = block["c"][3]
    cells = [cell for row in head[1] for cell in row[1]]
    if any(cell[4] for cell in cells):  # a cell's blocks
        return block
    return {"t": "Table", "c": [*block["c"][:3], [head[0], []], *block["c"][4:]]}


def _logo_uri(manual: Manual, work: Path, typeset: Typesetter) -> str:
    """The cover's logo (the PDF's: ``images.cover_logo``) as a data: address for pandoc,
    which reads no file; an SVG drawn as PNG first, as Word's diagrams are. "" without one."""
    logo = cover_logo(manual.template_dir, manual.shown)
    if logo is None:
        return ""
    name, data = logo
    if name.endswith(".svg"):
        (work / name).write_bytes(data)
        main = work / "logo.typ"
        main.write_text(
            PICTURE_PAGE + f'#image("{name}", height: {LOGO_HEIGHT})\n',
            encoding="utf-8",
        )
        data = typeset.draw([main], LOGO_PPI)[0][0]
        name = "logo.png"
    mime = RASTER_MIME[Path(name).suffix]
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def _docx_front(cover: Cover, logo: str = "") -> str:
    """Title block and document control table, as pandoc Markdown with every value escaped;
    the organisation's logo (a data: address) above the cover's details where it has one."""

    def esc(value: str) -> str:
        text = html.escape(value, quote=False)
        return re.sub(r"[\\`*_\[\]{}#|<>$@~^!]", lambda m: f"&#{ord(m.group())};", text)

    word = cover.words
    status = word.get(cover.status, cover.status)
    rows = [
        (word["Organisation"], cover.organization),
        (word["Document"], cover.document_id),
        (word["Version"], cover.version),
        (word["Status"], status),
        (word["Classification"], cover.classification),
        (word["Owner"], cover.owner),
        (word["Next review"], cover.next_review),
        (word["Date"], cover.date),
    ]
    logo_text = word["Logo of {organization}"].replace("{organization}", esc(cover.organization))
    lines = [
        "---",
        f"title: {json.dumps(esc(cover.title))}",
        f"subtitle: {json.dumps(esc(cover.organization))}",
        f"date: {json.dumps(esc(cover.date))}",
        f"toc-title: {json.dumps(esc(word['Contents']))}",  # as the PDF titles its contents
        "---",
        "",
        *(
            # A no-break space after it keeps the logo a picture, not a captioned figure.
            [f"![{logo_text}]({logo}){{height={LOGO_HEIGHT}}}\u00a0", ""] if logo else []
        ),
        '::: {custom-style="Cover Details"}',
        f"{esc(cover.document_id)} · {word['Version']} {esc(cover.version)} · {esc(status)}",
        "",
        f"{word['Classification']}: {esc(cover.classification)}",
        "",
        f"{word['Owner']}: {esc(cover.owner)}",
        ":::",
        "",
        f"# {esc(word['Document control'])} {{.unnumbered}}",
        "",
        # No header row: a record, its field names the row headers (as the PDF's).
        "|   |   |",
        "|---|---|",
        *(f"| **{k}** | {esc(v)} |" for k, v in rows),
        "",
    ]
    if cover.approvals:
        head = (word["Version"], word["Approved by"], word["Date"], word["Record"])
        lines += [f"| {' | '.join(esc(x) for x in head)} |", "|---|---|---|---|"]
        lines += [f"| {' | '.join(esc(x) for x in a)} |" for a in cover.approvals]
        lines.append("")
    if cover.communications:
        head = (word["Version"], word["Communicated"], word["To"], word["How"])
        lines += [f"| {' | '.join(esc(x) for x in head)} |", "|---|---|---|---|"]
        lines += [f"| {' | '.join(esc(x) for x in c)} |" for c in cover.communications]
        lines.append("")
    return "\n".join(lines) + "\n"


def _page_of(text: str, page_of: str) -> str:
    """A header's or footer's XML with the words of the shipped footer around Word's page
    fields ('{title} · Page ', ' of ') as ``page_of`` ('Page {page} of {total}' in the
    document's language) words them; a footer of the organisation's own is left as it is."""
    before, _, rest = page_of.partition("{page}")
    between = rest.partition("{total}")[0]
    text = text.replace(">{title} · Page </w:t>", ">{title} · " + _xml_text(before) + "</w:t>")
    return text.replace("> of </w:t>", ">" + _xml_text(between) + "</w:t>")


def _join_docx(
    documents: list[tuple[bytes, str]],
    drawn: dict[str, bytes],
    values: dict[str, str],
    epoch: int,
    paper: tuple[int, int, int],
    language: str,
    word: Mapping[str, str] | None = None,
) -> bytes:
    """One Word document from pandoc's parts: the first part's package (styles, contents,
    header and footer) with the later parts' bodies, lists, footnotes, links and images
    added; the diagrams' stand-ins replaced by the diagrams, the header's {placeholders}
    filled in, the headings numbered by Word and the text in the project's ``language``, with
    the document's own words (``word``, by their English) in it."""
    with zipfile.ZipFile(io.BytesIO(documents[0][0])) as first:
        files = {info.filename: first.read(info.filename) for info in first.infolist()}
        modes = {info.filename: info.external_attr for info in first.infolist()}
    document = files["word/document.xml"].decode("utf-8")
    end = document.rindex("<w:sectPr")
    document = document[:end] + _on_paper(document[end:], *paper)
    width, _, margin = paper
    text_twips = width - 2 * margin
    bodies = [body for _, body in documents]
    relations, abstracts, numbers, notes, types = [], [], [], [], []
    for number, (data, _) in enumerate(documents[1:], 1):
        with zipfile.ZipFile(io.BytesIO(data)) as part:
            moved, media = _relations(part, number, files, modes)
            relations += moved
            types += media
            numbering = _moved(_text(part, "word/numbering.xml"), number)
            abstracts += re.findall(r"<w:abstractNum\b.*?</w:abstractNum>", numbering, re.S)
            numbers += re.findall(r"<w:num\b[^>]*>.*?</w:num>", numbering, re.S)
            footnotes = _moved(_text(part, "word/footnotes.xml"), number)
            notes += re.findall(r'<w:footnote w:id="\d+">.*?</w:footnote>', footnotes, re.S)
            types += re.findall(r"<Default\s[^>]*/>", _text(part, "[Content_Types].xml"))
    body = "".join(bodies)
    del bodies
    body = _MARKED.sub(_Drawings(drawn, text_twips, files, relations, types), body)
    # The headings' numbering: ids no part's lists use (theirs are moved below them).
    ident = len(documents) * PART_IDS
    body = numbered_headings(fill_contents(arrange_front(body), text_twips), ident)
    abstract, numbering = heading_numbering(ident)
    abstracts.append(abstract)
    numbers.append(numbering)
    styles, settings = with_language(
        files["word/styles.xml"].decode("utf-8"), _text_of(files, "word/settings.xml"), language
    )
    files["word/styles.xml"] = numbered_styles(styles, ident).encode("utf-8")
    if settings:
        files["word/settings.xml"] = settings.encode("utf-8")
    files["word/document.xml"] = (body + document[end:]).encode("utf-8")
    files["docProps/core.xml"] = _core_properties(values, epoch, language, word or {})
    _insert(files, "word/_rels/document.xml.rels", "</Relationships>", relations)
    _insert(files, "word/footnotes.xml", "</w:footnotes>", notes)
    _insert(files, "word/numbering.xml", "<w:num ", abstracts, or_before="</w:numbering>")
    _insert(files, "word/numbering.xml", "</w:numbering>", numbers)
    listed = files["[Content_Types].xml"].decode("utf-8")
    known = set(re.findall(r'(?:Extension|PartName)="([^"]+)"', listed))
    extra = {_attribute(t, "Extension") or _attribute(t, "PartName"): t for t in types}
    _insert(
        files, "[Content_Types].xml", "</Types>", [t for k, t in extra.items() if k not in known]
    )
    for name, data in files.items():
        if re.match(r"word/(header|footer)\d*\.xml$", name):
            # A filled-in placeholder may end in a space, which Word drops unless told not to.
            text = data.decode("utf-8").replace("<w:t>", '<w:t xml:space="preserve">')
            text = _page_of(
                text, (word or {}).get("Page {page} of {total}", "Page {page} of {total}")
            )
            for key in _PLACEHOLDERS:
                text = text.replace("{" + key + "}", _xml_text(values[key]))
            files[name] = text.encode("utf-8")
    out = io.BytesIO()
    stamp = zip_time(epoch)
    with zipfile.ZipFile(out, "w") as package:
        for name, data in files.items():
            entry = zipfile.ZipInfo(name, date_time=stamp)
            # Pictures are compressed already; deflating them again only costs time.
            entry.compress_type = (
                zipfile.ZIP_STORED if name.startswith("word/media/") else zipfile.ZIP_DEFLATED
            )
            entry.external_attr = modes.get(name, 0)
            package.writestr(entry, data)
    return out.getvalue()


_AFTER_PAGE: Final = re.compile(
    r"<w:(?:paperSrc|pgBorders|lnNumType|pgNumType|cols|formProt|vAlign|noEndnote|titlePg"
    r"|textDirection|bidi|rtlGutter|docGrid|printerSettings|sectPrChange)\b"
)


def _on_paper(section: str, width: int, height: int, margin: int) -> str:
    """The document's section laid out on this paper, with these margins (all in twips)."""
    size = f'<w:pgSz w:w="{width}" w:h="{height}" />'
    margins = (
        f'<w:pgMar w:top="{margin}" w:right="{margin}" w:bottom="{margin}" '
        f'w:left="{margin}" w:header="680" w:footer="680" w:gutter="0" />'
    )
    section = re.sub(r"<w:pgMar\b[^>]*/>", "", section)
    if re.search(r"<w:pgSz\b[^>]*/>", section):
        return re.sub(r"<w:pgSz\b[^>]*/>", lambda _: size + margins, section, count=1)
    # After the headers, footers and notes' settings, before the rest, as the schema orders.
    later = _AFTER_PAGE.search(section)
    at = later.start() if later else section.rindex("</w:sectPr>")
    return section[:at] + size + margins + section[at:]


class _Drawings:
    """Replaces a diagram's placeholder in Word's XML with the picture, as wide as the text."""

    def __init__(
        self,
        drawn: dict[str, bytes],
        text_twips: int,
        files: dict[str, bytes],
        relations: list[str],
        types: list[str],
    ) -> None:
        self.drawn, self.files, self.relations = drawn, files, relations
        self.done: dict[str, str] = {}
        """Relationship id of each picture added, by placeholder."""
        self.drawings = 0
        types.append('<Default Extension="png" ContentType="image/png" />')
        # As wide as pandoc makes a picture of width 100%: the text width, in EMU.
        self.width = text_twips * 635

    def __call__(self, m: re.Match[str]) -> str:
        placeholder = m.group(1)
        png = self.drawn.get(placeholder)
        if png is None:
            return m.group()
        if placeholder not in self.done:
            name = f"smsdocs-{len(self.done) + 1}.png"
            ident = self.done[placeholder] = f"rIdSmsdocs{len(self.done) + 1}"
            self.files[f"word/media/{name}"] = png
            self.relations.append(
                f'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                f'relationships/image" Id="{ident}" Target="media/{name}" />'
            )
        self.drawings += 1
        number = self.drawings
        described = base64.urlsafe_b64decode(m.group(2) + "=" * (-len(m.group(2)) % 4))
        alt = _xml_text(described.decode("utf-8"))
        width, height = struct.unpack(">II", png[16:24])
        cx, cy = self.width, self.width * height // max(width, 1)
        return (
            f'<w:r><w:drawing><wp:inline><wp:extent cx="{cx}" cy="{cy}" />'
            '<wp:effectExtent b="0" l="0" r="0" t="0" />'
            f'<wp:docPr id="{DRAWING_IDS + number}" name="Picture {number}" descr="{alt}" />'
            '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
            f'<pic:pic><pic:nvPicPr><pic:cNvPr id="0" name="Picture {number}" />'
            '<pic:cNvPicPr><a:picLocks noChangeArrowheads="1" noChangeAspect="1" /></pic:cNvPicPr>'
            f'</pic:nvPicPr><pic:blipFill><a:blip r:embed="{self.done[placeholder]}" />'
            "<a:stretch><a:fillRect /></a:stretch></pic:blipFill>"
            f'<pic:spPr bwMode="auto"><a:xfrm><a:off x="0" y="0" /><a:ext cx="{cx}" cy="{cy}" />'
            '</a:xfrm><a:prstGeom prst="rect"><a:avLst /></a:prstGeom><a:noFill /></pic:spPr>'
            "</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
        )


def _text(part: zipfile.ZipFile, name: str) -> str:
    try:
        return part.read(name).decode("utf-8")
    except KeyError:
        return ""


def _relations(
    part: zipfile.ZipFile, number: int, files: dict[str, bytes], modes: dict[str, int]
) -> tuple[list[str], list[str]]:
    """A later part's links and pictures, renamed for the joined document (pictures copied):
    the relationships, and the content types of the pictures."""
    kinds = dict(
        re.findall(
            r'<Override PartName="([^"]+)" ContentType="([^"]+)"',
            _text(part, "[Content_Types].xml"),
        )
    )
    out, types = [], []
    for relation in re.findall(
        r"<Relationship\s[^>]*/>", _text(part, "word/_rels/document.xml.rels")
    ):
        kind = _attribute(relation, "Type").rpartition("/")[2]
        if kind not in ("image", "hyperlink"):
            continue
        ident = _attribute(relation, "Id")
        moved = relation.replace(f'Id="{ident}"', f'Id="p{number}{ident}"')
        if kind == "image":
            target = _attribute(relation, "Target")
            name = posixpath.join(
                posixpath.dirname(target), f"p{number}-{posixpath.basename(target)}"
            )
            moved = moved.replace(f'Target="{target}"', f'Target="{name}"')
            files[f"word/{name}"] = part.read(f"word/{target}")
            modes[f"word/{name}"] = 0
            kind = kinds.get(f"/word/{target}", "image/png")
            types.append(f'<Override PartName="/word/{name}" ContentType="{kind}" />')
        out.append(moved)
    return out, types


def _text_of(files: dict[str, bytes], name: str) -> str:
    return files[name].decode("utf-8") if name in files else ""


def _attribute(element: str, name: str) -> str:
    found = re.search(rf'\b{name}="([^"]*)"', element)
    return found.group(1) if found else ""


# The ids _moved() renumbers. Each pattern starts with a literal, which the regex engine
# looks for at C speed; the attribute forms (a word boundary first) are rare, so they are
# looked for only where one can be.
_RELATION_IDS: Final = re.compile(r'r:(?:id|embed)="rId')
_IDS: Final = re.compile(
    r'(<w:(?:numId|abstractNumId) w:val="|<w:footnote(?:Reference)? w:id="'
    r'|<w:bookmark(?:Start|End) w:id="|<wp:docPr\b[^>]*?\bid=")(\d+)(")'
)
_IDS_ANYWHERE: Final = re.compile(
    r'(<w:(?:numId|abstractNumId) w:val="|\bw:(?:numId|abstractNumId)="'
    r'|<w:footnote(?:Reference)? w:id="|<w:bookmark(?:Start|End) w:id="|<wp:docPr\b[^>]*?\bid=")'
    r'(\d+)(")'
)
_NSID: Final = re.compile(r'(<w:nsid w:val=")([0-9A-Fa-f]{8})(")')
_WORD: Final = re.compile(r"\w")


def _moved(xml: str, number: int) -> str:
    """A later part's XML with its ids moved out of the way of the other parts'."""
    offset = number * PART_IDS

    def relation(m: re.Match[str]) -> str:
        at = m.start()
        if at and _WORD.match(m.string, at - 1):  # inside a longer name: not a relationship id
            return m.group()
        return f"{m.group()[:-3]}p{number}rId"

    def up(m: re.Match[str]) -> str:
        return f"{m.group(1)}{int(m.group(2)) + offset}{m.group(3)}"

    xml = _RELATION_IDS.sub(relation, xml)
    xml = (_IDS_ANYWHERE if 'umId="' in xml else _IDS).sub(up, xml)
    return _NSID.sub(
        lambda m: f"{m.group(1)}{(int(m.group(2), 16) + offset) & 0xFFFFFFFF:08X}{m.group(3)}",
        xml,
    )


def _insert(
    files: dict[str, bytes], name: str, before: str, items: list[str], or_before: str = ""
) -> None:
    if not items:
        return
    text = files[name].decode("utf-8")
    at = text.find(before)
    if at == -1:
        at = text.index(or_before)
    files[name] = (text[:at] + "".join(items) + text[at:]).encode("utf-8")


def _core_properties(
    values: dict[str, str], epoch: int, language: str, word: Mapping[str, str]
) -> bytes:
    """The document's properties as Word and file managers show them: title, subject, author
    (the document's owner), keywords, version, status, classification, its ``language`` (the
    BCP 47 tag its styles give its text), and the commit's date as the date it was made and
    last changed (ISO 8601, as the format requires, in any language)."""
    stamp = dt.datetime.fromtimestamp(epoch, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    system = word.get("service management system", "service management system")
    keywords = f"ISO/IEC 20000-1, {system}, {values['document_id']}"
    subject = word.get(
        "{organization}: service management system manual",
        "{organization}: service management system manual",
    ).format(organization=values["organization"])
    properties = (
        ("dc:title", values["title"]),
        ("dc:subject", subject),
        ("dc:creator", values["owner"]),
        ("cp:lastModifiedBy", values["owner"]),
        ("cp:keywords", keywords),
        ("dc:identifier", values["document_id"]),
        ("cp:version", values["version"]),
        ("cp:contentStatus", values["status"]),
        ("cp:category", values["classification"]),
        ("dc:language", language),
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        + "".join(f"<{tag}>{_xml_text(value)}</{tag}>" for tag, value in properties)
        + f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    ).encode("utf-8")


def _xml_text(value: str) -> str:
    return html.escape(value, quote=True)
