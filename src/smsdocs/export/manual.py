"""The export's input: the manual (its cover and its pages in navigation order) and the options."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, Protocol

from smsdocs.errors import ExportError
from smsdocs.model import Release, Scope, Stakeholder, name_of
from smsdocs.project import EXPORT_TEMPLATES, Project, shown_from
from smsdocs.render import doc
from smsdocs.render.links import service_path
from smsdocs.render.text import shown
from smsdocs.words import N_, calendar_day, words

DATA: Final = Path(__file__).parent.parent / "data"
"""The package's data: the example project and the pandoc filters."""
TEMPLATES: Final = DATA / "project" / EXPORT_TEMPLATES
"""The example project's export templates, used when a project has none of its own."""
FORMATS: Final = ("pdf", "docx")
"""The formats smsdocs exports, in the order it writes them."""


@dataclass(frozen=True, slots=True)
class Part:
    """One entry of the navigation: a page with its Markdown or its blocks, or a section
    heading."""

    title: str
    level: int
    src_uri: str | None = None
    markdown: str | None = None
    """A chapter's Markdown after its macros, each fragment's blocks a placeholder in it."""
    blocks: doc.Blocks | None = None
    """A page smsdocs generates (a service's), whole: its Markdown is not read."""
    placed: tuple[doc.Blocks, ...] = ()
    """The blocks of the fragments the chapter calls, by their placeholders' numbers."""


FURNITURE: Final = (
    N_("Page {page} of {total}"),
    N_("DRAFT"),
    N_("Draft"),
    N_("Approved"),
    N_("Document control"),
    N_("Contents"),
    N_("Organisation"),
    N_("Document"),
    N_("Title"),
    N_("Owner"),
    N_("Version"),
    N_("Status"),
    N_("Classification"),
    N_("Date"),
    N_("Next review"),
    N_("Approved by"),
    N_("Record"),
    N_("Communicated"),
    N_("To"),
    N_("How"),
    N_("Logo of {organization}"),
    N_("Scope of the service management system"),
    N_("DRAFT: not an approved version"),
    N_("p. {page}"),
    N_("{organization}: service management system manual"),
    N_("service management system"),
    N_(
        "This version has not been approved by management and must not be quoted as the "
        "agreed scope of the SMS."
    ),
)
"""The words the PDF and the DOCX write around the manual's text (cover, document control,
contents, running header and footer), in English: ``Cover.words`` gives them in the
document's language, and the PDF's template looks each up by its English (a template
that does not keeps its own English)."""


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
    """The version's date, as the document's ``language`` writes dates
    (``words.calendar_day``), like every date below."""
    owner: str
    next_review: str
    """The next review's date, or empty where the scope gives none."""
    approvals: tuple[tuple[str, str, str, str], ...] = ()
    """(version, approver, date, record) of every approval, newest first."""
    communications: tuple[tuple[str, str, str, str], ...] = ()
    """(version, date, recipients, how) of every communication of an approved version the
    scope records, newest first."""
    language: str = "en"
    """The language of the document's text (BCP 47: 'en-GB'), the project's ``language``."""

    @property
    def approved(self) -> bool:
        return self.status == "Approved"

    @property
    def words(self) -> dict[str, str]:
        """The documents' own words (``FURNITURE``) in their ``language``, by their English."""
        return words(self.language, *FURNITURE)


@dataclass(frozen=True, slots=True)
class Manual:
    cover: Cover
    parts: tuple[Part, ...]
    site_dir: Path
    """The built site, where the images the pages refer to are found."""
    template_dir: Path | None = None
    """The project's export folder (``Project.own_templates``: ``export/`` in the theme's
    folder), holding its logo and its own smsdocs.typ and reference.docx."""
    root: Path | None = None
    """The project's folder, where a failure's text is looked for in the scope data."""

    def shown(self, path: Path) -> str:
        """A file of the project (its logo, a template) as messages name it, from the
        project's root (``theme/export/logo.svg``); any other path as it is."""
        return shown_from(self.root, path)


def template_path(manual: Manual, name: str) -> Path:
    """The project's own export template ``name`` (in its export folder), else the example's."""
    if manual.template_dir is not None and (manual.template_dir / name).is_file():
        return (manual.template_dir / name).absolute()
    return TEMPLATES / name


class CapturedEntry(Protocol):
    """One entry of the captured navigation: a page (with its source path) or a section."""

    @property
    def title(self) -> str: ...
    @property
    def level(self) -> int: ...
    @property
    def src_uri(self) -> str | None: ...


class Captured(Protocol):
    """What a site build captured for the exports (smsdocs.site.Captured): read here
    through this shape, so the export needs nothing of the site engine."""

    @property
    def scope(self) -> Scope: ...
    @property
    def release(self) -> Release: ...
    @property
    def outline(self) -> Sequence[CapturedEntry]: ...
    @property
    def markdown(self) -> Mapping[str, str]: ...
    @property
    def blocks(self) -> Mapping[str, doc.Blocks]: ...
    @property
    def placed(self) -> Mapping[str, Sequence[doc.Blocks]]: ...
    @property
    def site_dir(self) -> Path: ...
    @property
    def nav_pages(self) -> Sequence[str]: ...


def manual_from(captured: Captured, project: Project | Path, epoch: int | None) -> Manual:
    """The export's input from what the site build captured, for ``project`` (or the
    project at that folder); ``epoch`` (SOURCE_DATE_EPOCH or the commit date) gives the date
    on the cover."""
    place = project if isinstance(project, Project) else Project.at(project)
    scope = captured.scope
    doc = scope.document
    when = dt.datetime.fromtimestamp(epoch or 0, dt.UTC).date() if epoch else dt.date.today()

    def person(ident: str | None) -> str:
        entry = scope.index.get(ident) if ident else None
        return shown(entry.name) if isinstance(entry, Stakeholder) else ident or ""

    approvals = tuple(
        (
            a.version,
            person(a.by),
            calendar_day(a.date, place.language),
            shown(a.record or ""),
        )
        for a in sorted(scope.approvals, key=lambda a: a.date, reverse=True)
    )
    told = tuple(
        (
            c.version,
            calendar_day(c.date, place.language),
            ", ".join(shown(name_of(scope, t)) for t in c.to),
            shown(c.how),
        )
        for c in sorted(scope.communications, key=lambda c: (c.date, c.version), reverse=True)
    )
    due = scope.review_due()
    cover = Cover(
        organization=shown(scope.organization.name),
        title=shown(doc.title),
        document_id=shown(doc.id),
        version=captured.release.version,
        status=captured.release.status,
        classification=shown(doc.classification),
        date=calendar_day(when, place.language),
        owner=person(doc.owner),
        next_review=calendar_day(due, place.language) if due else "",
        approvals=approvals,
        communications=told,
        language=place.language,
    )
    parts = tuple(
        Part(
            title=entry.title,
            level=entry.level,
            src_uri=entry.src_uri,
            markdown=captured.markdown.get(entry.src_uri) if entry.src_uri else None,
            blocks=captured.blocks.get(entry.src_uri) if entry.src_uri else None,
            placed=tuple(captured.placed.get(entry.src_uri, ())) if entry.src_uri else (),
        )
        for entry in captured.outline
    )
    lost = left_out(captured, parts)
    if lost:
        raise ExportError(lost)
    # Absolute: pandoc and Typst are given it while they run in a work folder of their own.
    return Manual(
        cover=cover,
        parts=parts,
        site_dir=captured.site_dir,
        template_dir=place.own_templates,
        root=place.root,
    )


def left_out(captured: Captured, parts: Sequence[Part]) -> str:
    """Why the documents would hold less than the site: the pages of its navigation, and the
    service pages of its scope, that no part of the manual carries; "" when they hold it all."""
    written = {
        p.src_uri
        for p in parts
        if p.src_uri is not None and (p.markdown is not None or p.blocks is not None)
    }
    if not written:
        return (
            "the manual has no pages to export; list the chapters under 'nav' in mkdocs.yml, "
            "or put them in docs/"
        )
    pages = [p for p in captured.nav_pages if p not in written]
    services = [s.name for s in captured.scope.services if service_path(s) not in written]
    problems = []
    if pages:
        problems.append(
            f"{_count(len(pages), 'page')} of the site's navigation would not be in the "
            f"documents ({_listed(pages)}); run 'mkdocs build' to see why"
        )
    if services:
        problems.append(
            f"{_count(len(services), 'service')} would have no page in the documents "
            f"({_listed(services)}); the service pages are filed under the smsdocs plugin's "
            "catalogue_page in mkdocs.yml, so name a page of the navigation there "
            "(run 'smsdocs check')"
        )
    return "; ".join(problems)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' if n != 1 else ''}"


def _listed(items: Sequence[str], most: int = 5) -> str:
    shown = ", ".join(items[:most])
    return shown + (f" and {len(items) - most} more" if len(items) > most else "")


PAPERS: Final = {
    "a4": ("a4", (11_906, 16_838, 1_417)),
    "letter": ("us-letter", (12_240, 15_840, 1_440)),
}
"""Each paper: (Typst's name for it, (Word's width, height and margins, in twips))."""


@dataclass(frozen=True, slots=True)
class Options:
    """How to export: the formats, the date in the files, the paper and the fonts."""

    formats: Sequence[str] = FORMATS
    epoch: int = 0
    """SOURCE_DATE_EPOCH: the date written into the files, for byte-identical exports."""
    paper: str = "a4"
    """The paper both documents are laid out for: a key of PAPERS."""
    font_paths: tuple[Path, ...] = field(default_factory=tuple)
    """The project's font folders (``fonts/`` in its export folder), beside those smsdocs
    ships."""
