"""The MkDocs plugin: the events of a build, from the configuration to the site folder.

The plugin loads and validates the scope once per build (errors stop the build, warnings are
logged so ``mkdocs build --strict`` fails on them), generates a page and a dependency diagram
per service, files the service pages under the catalogue in the navigation, provides the
document-control banner to the theme, and rebuilds on ``mkdocs serve`` when ``scope/``
changes. The macros the chapters in ``docs/`` call come from ``site.macros``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import logging
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

from smsdocs import history, render, running, sanitise
from smsdocs.errors import InputError, printable
from smsdocs.load import SCOPE_DIR
from smsdocs.model import Release, ReleaseRecord, Scope
from smsdocs.output import among_sources, replace_folder, staging_for, sweep
from smsdocs.project import Project
from smsdocs.render import doc
from smsdocs.render.chapters.control import DOWNLOADS, HISTORY_LISTED
from smsdocs.render.charts import dark_path, dark_variant, dependency_svg, figures
from smsdocs.render.context import Medium, placeholder
from smsdocs.render.links import ASSETS, KIND_PAGES, dependency_path, service_path
from smsdocs.render.service import service_blocks, service_page, service_stub
from smsdocs.render.text import html_text
from smsdocs.runnable import runnable
from smsdocs.site import engine
from smsdocs.site.engine import (
    BasePlugin,
    File,
    Files,
    InclusionLevel,
    MkDocsConfig,
    Navigation,
    Page,
    PluginError,
    Section,
    base,
    event_priority,
)
from smsdocs.site.engine import config_options as c
from smsdocs.site.failures import MacroError, error_line, front_matter_lines, template_line
from smsdocs.site.nav import CapturedPage, grouped, outline, relink
from smsdocs.site.tables import row_headings
from smsdocs.site.themes import themed_figures
from smsdocs.validate import Checked, check
from smsdocs.words import N_, words

log = logging.getLogger("mkdocs.plugins.smsdocs")

VENDOR = Path(__file__).parent.parent / "data" / "vendor"
SHIM = f"{ASSETS}/iframe-worker-shim.js"
""""Material's offline plugin loads this from a CDN; the manual serves its own copy."""


_MARKS: Final[dict[render.AsOf, str]] = {
    "built": N_("Today"),
    "approved": N_("Approved"),
    "configured": N_("As of"),
}
"""How the implementation timeline labels the day the manual is worked out for."""


class SmsdocsConfig(base.Config):  # type: ignore[no-untyped-call]
    """Options of the ``smsdocs`` plugin in mkdocs.yml."""

    today = c.Optional(c.Type(str))
    """Date (YYYY-MM-DD) that review checks compare against, for reproducible builds."""
    catalogue_page = c.Type(str, default="catalogue/index.md")
    """The page under which the generated service pages are filed in the navigation."""
    pages = c.DictOfItems(c.Type(str), default={})
    """Page listing each kind of entry (unit, party, risk, ...), where links to it point."""
    release_pattern = c.Type(str, default="v*")
    """Glob of the git tags that are releases of the scope."""
    title_from_document = c.Type(bool, default=True)
    """Use the document title from scope/ as the site name."""
    language = c.Optional(c.Type(str))
    """The language of the manual's text as a BCP 47 tag ('en-GB'), which the DOCX and the
    PDF declare (spelling checkers and screen readers go by it), and whose catalogue gives
    the words smsdocs writes itself (README "Languages"); the theme's ``language`` when not
    set, which is where a project names its language."""


LOGO: Final = f"{ASSETS}/logo"
"""Where the organisation's logo is published, without its suffix."""


class SmsdocsPlugin(BasePlugin[SmsdocsConfig]):  # type: ignore[no-untyped-call]
    """Builds an ISO/IEC 20000 SMS manual from the scope data under ``scope/``."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.root = Path()
        self._scope: Scope | None = None
        self.release = Release("unversioned", "Draft")
        self.kind_pages: dict[str, str] = dict(KIND_PAGES)
        self.existing: frozenset[str] = frozenset()
        self.figures: frozenset[str] = frozenset()
        self._logo: Path | None = None
        self._downloads: list[render.Download] = []
        """The figures smsdocs draws (dependency diagrams, charts), by path under docs/."""
        self._nav: Navigation | None = None
        self.outline: list[CapturedPage] = []
        """Every page and section in navigation order, for the PDF and DOCX exports."""
        self._releases: list[ReleaseRecord] | None = None
        self._page_clauses: dict[str, list[str]] = {}
        self.left_out: frozenset[str] = frozenset()
        """The pages left out of the manual: those whose front matter 'requires' a section
        the scope data does not hold, by path relative to docs/."""
        self._history_unavailable = ""
        """Why the release history cannot be read at all, looked up once per build."""
        """The clauses each chapter declares in its front matter, as the check read them."""
        self._today = dt.date.today()
        self._as_of: render.AsOf = "built"
        self._release_problem: str | None = None
        self._page_date: str | None = None
        self.language = "en"
        """The manual's language (``Project.language``), read once per build."""
        self._command: str | None = None
        self._staging: tuple[Path, Path] | None = None
        """(where the site is built, where it goes once the build has succeeded)."""
        self._signals = contextlib.ExitStack()
        self._built = False
        self.markdown: dict[str, str] = {}
        """Each page's Markdown after macros, rendered for the medium, by source path."""
        self.blocks: dict[str, doc.Blocks] = {}
        """The generated pages (the services'), whole, by source path: in print only."""
        self.placed: dict[str, list[doc.Blocks]] = {}
        """The blocks of the fragments each page called, by source path, in order: in
        print only, where the page's Markdown holds a placeholder for each."""
        self.macro_errors: list[str] = []
        """Errors of macros called wrongly, with their places, in the order they happened."""
        self.page_titles: dict[str, str] = {}
        """The pages' titles as the navigation gives them, by source path."""
        self.medium: Medium = "site"
        """Where the pages will be read: "site" for a build or serve, "print" when the exports
        capture them (set before on_config); the fragments and the pages' templates see it."""

    @property
    def scope(self) -> Scope:
        if self._scope is None:  # pragma: no cover - on_config always runs first
            raise PluginError("smsdocs: the scope has not been loaded")
        return self._scope

    # -- configuration and data ----------------------------------------------------------------

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self._command = command

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.root = Path(config.config_file_path or ".").resolve().parent
        self.language = Project.at(self.root).language
        self._stage(config)
        # Links and images are judged on the tree Python-Markdown made of each page.
        if not any(isinstance(e, sanitise.SafeLinksExtension) for e in config.markdown_extensions):
            # MkDocs passes the list to Python-Markdown, which takes extension objects too.
            extensions: list[Any] = config.markdown_extensions
            extensions.append(sanitise.SafeLinksExtension())
        configured = _date(self.config.today)
        # Taken once, so a build that runs past midnight works out every page for one day.
        self._today = configured or dt.date.today()
        self._as_of = "configured" if configured else "built"
        self._releases = None
        try:
            releases = history.repository_releases(self.root, self.config.release_pattern)
            checked = check(self.root, today=configured, releases=releases)
            approved = self._approved(checked)
            if approved is not None:
                # An approved version is worked out for the day it was approved, whatever
                # the day it is built: its findings too, so --strict judges it the same.
                self._today, self._as_of = approved, "approved"
                checked = check(self.root, today=approved, releases=releases)
        except InputError as exc:
            raise PluginError(f"smsdocs: {exc}") from None
        errors = [f for f in checked.findings if f.severity == "error"]
        if errors or checked.scope is None:
            lines = [printable(str(f)) for f in checked.findings]
            # Files a build would read from outside the project are the project's errors.
            what = (
                "scope data" if all(f.mark.file.startswith("scope") for f in errors) else "project"
            )
            raise PluginError(
                f"smsdocs: the {what} has {len(errors)} "
                f"error{'s' if len(errors) != 1 else ''}; run '{runnable('smsdocs')} check' for details\n"
                + "\n".join(lines)
            )
        for finding in checked.findings:
            log.warning(printable(str(finding)))
        self._scope = checked.scope
        self._page_clauses = checked.page_clauses
        # A page that rests on a section the scope data does not hold ('requires:' in its
        # front matter) is left out of the navigation, the site and the exports.
        self.left_out = frozenset(checked.left_out)
        if config.nav and self.left_out:
            config.nav = _without(config.nav, self.left_out)
        self._history_unavailable = (
            "" if history.git_available() else N_("git is not installed where the manual was built")
        )
        self.kind_pages = {**KIND_PAGES, **self.config.pages}
        if self._release_problem:
            log.warning(self._release_problem)
        # The date MkDocs gives each page (in the sitemap) is the commit's, so two builds of
        # the same commit give the same files.
        try:
            epoch = history.commit_epoch(self.root)
        except InputError as exc:
            raise PluginError(f"smsdocs: {exc}") from None
        self._page_date = (
            dt.datetime.fromtimestamp(epoch, dt.UTC).date().isoformat() if epoch else None
        )
        if self.config.title_from_document:
            # Themes insert the site name into HTML verbatim.
            config.site_name = html_text(self.scope.document.title)
        if not config.copyright:
            # Every page's footer says whose manual it is and how it may be shared.
            config.copyright = html_text(
                f"{self.scope.organization.name} · {self.scope.document.classification}"
            )
        self._logo = self._find_logo()
        if self._logo is not None and not config.theme.get("logo"):
            config.theme["logo"] = LOGO + self._logo.suffix
        return config

    @event_priority(-100)  # after every plugin's on_config
    def on_pre_build(self, config: MkDocsConfig) -> None:
        if self.medium == "print":
            # The exports read each page's Markdown, not its HTML: no Markdown extension is
            # set up for every page (a fifth of the time at 2,000 services).
            config.markdown_extensions = []
            config.mdx_configs = {}

    def _approved(self, checked: Checked) -> dt.date | None:
        """The release this build shows (kept in ``self.release``), and, when it is an
        approved version, the day its approval records."""
        self._release_problem = None
        if checked.scope is None:
            return None
        self.release, self._release_problem = history.release_of(
            self.root, checked.scope, self.config.release_pattern
        )
        if self.release.status != "Approved":
            return None
        return next(
            (a.date for a in checked.scope.approvals if a.version == self.release.version), None
        )

    def _publish_downloads(self, config: MkDocsConfig, files: Files) -> list[render.Download]:
        """This version's PDF and DOCX from the export folder (dist/), published under
        downloads/: only files its SHA256SUMS lists, of this document and version, whose
        bytes still have the listed hash (a file of another version, or changed since the
        export, is left out)."""
        from smsdocs.export.publish import listed

        dist = Project.at(self.root).dist
        listing = listed(dist)
        if not listing:
            return []  # no export here: nothing more of the export is imported
        from smsdocs.export import Cover, file_stem

        doc = self.scope.document
        stem = file_stem(Cover("", "", doc.id, self.release.version, "", "", "", "", ""))
        found = []
        for name, digest in listing.items():
            if Path(name).suffix not in (".pdf", ".docx") or Path(name).stem != stem:
                continue
            try:
                data = (dist / name).read_bytes()
            except OSError:
                continue  # gone, unreadable, or not a file: not this version's file to offer
            if hashlib.sha256(data).hexdigest() != digest:
                continue
            files.append(File.generated(config, f"{DOWNLOADS}/{name}", content=data))
            found.append(render.Download(name, len(data), digest))
        return sorted(found, key=lambda d: d.name)

    def _find_logo(self) -> Path | None:
        """The organisation's logo, which the PDF's cover shows too: in the project's export
        folder (``export/`` in the theme's folder, ``Project.templates``)."""
        return Project.at(self.root).logo

    @property
    def today(self) -> dt.date:
        """The day the manual is worked out for (``as_of`` in the fragments' context)."""
        return self._today

    def releases(self) -> list[ReleaseRecord]:
        """The release history, read from git once per build (only if a page shows it)."""
        if self._releases is None:
            # An approved version's history ends with it: tags made later are not its past.
            self._releases, warnings = history.release_history(
                self.root,
                self.config.release_pattern,
                self._today,
                HISTORY_LISTED,
                upto=self.release.version if self.release.status == "Approved" else None,
            )
            for warning in warnings:
                log.warning(warning)
        return self._releases

    # -- generated pages and figures ----------------------------------------------------------

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        scope = self.scope
        # The chapters links may point at; service pages are linked by path, not through this.
        self.existing = frozenset(f.src_uri for f in files.documentation_pages())
        # The export folder (export/ in the theme's folder) holds the PDF's and the DOCX's
        # templates, not pages of the site: only the logo among them is published, for the
        # header. Both sides absolute and normalised alike: with a relative '-f mkdocs.yml'
        # the theme's files have relative paths, and a resolved folder never contained them.
        templates = _absolute(Project.at(self.root).templates)
        for file in list(files):
            source = _absolute(file.abs_src_path) if file.abs_src_path else None
            template = source is not None and source.is_relative_to(templates)
            if template or file.src_uri in self.left_out:
                files.remove(file)
        if self._logo is not None:
            logo = LOGO + self._logo.suffix
            files.append(File.generated(config, logo, content=self._logo.read_bytes()))
        if self.medium == "site":
            self._downloads = self._publish_downloads(config, files)
        drawn: list[tuple[str, str]] = []
        self.blocks, self.placed = {}, {}
        for service in scope.services:
            page = service_path(service)
            diagram = dependency_path(service)
            drawn.append((diagram, dependency_svg(scope, service, self.language)))
            links = self.links(page)
            if self.medium == "print":
                # The exports take the page's blocks; MkDocs needs only its title.
                self.blocks[page] = service_blocks(
                    scope, service, links, doc.Ref(diagram), self.language
                )
                markdown = service_stub(service)
            else:
                markdown = service_page(scope, service, links, links.to(diagram), self.language)
            # Not in the configured nav: on_nav files them under the catalogue page.
            files.append(
                File.generated(config, page, content=markdown, inclusion=InclusionLevel.NOT_IN_NAV)
            )
        drawn.extend(figures(scope, self.today, _MARKS[self._as_of], self.language))
        for path, svg in drawn:
            files.append(File.generated(config, path, content=svg))
            if self.medium == "site":
                files.append(File.generated(config, dark_path(path), content=dark_variant(svg)))
        self.figures = frozenset(path for path, _ in drawn)
        # An intranet has no CDN: the offline bundle's search-worker shim comes from the site.
        polyfills = config.extra.get("polyfills") or []
        if any("iframe-worker" in str(url) for url in polyfills):
            config.extra["polyfills"] = [
                SHIM if "iframe-worker" in str(url) else url for url in polyfills
            ]
            files.append(
                File.generated(
                    config, SHIM, content=(VENDOR / "iframe-worker-shim.js").read_bytes()
                )
            )
        self.existing = frozenset(f.src_uri for f in files.documentation_pages())
        if self.medium == "print":
            _keep_printed(files, config)
        return files

    def place(self, page: str, blocks: doc.Blocks) -> str:
        """A fragment's blocks kept for the exports, and the placeholder that stands for
        them in the page's Markdown (in print)."""
        placed = self.placed.setdefault(page, [])
        placed.append(blocks)
        inline = len(blocks) == 1 and isinstance(blocks[0], doc.Paragraph)
        return placeholder(len(placed) - 1, inline=inline)

    def links(self, page: str) -> render.Links:
        return render.Links(page=page, pages=self.kind_pages, existing=self.existing or None)

    def context(self, page: str) -> render.Context:
        """What the fragments on a page are rendered from."""
        return render.Context(
            scope=self.scope,
            links=self.links(page),
            today=self.today,
            as_of=self._as_of,
            release=self.release,
            page_clauses=self._page_clauses,
            page_titles=self.page_titles,
            releases=self.releases,
            history_unavailable=self._history_unavailable,
            downloads=self._downloads,
            dated=dt.date.fromisoformat(self._page_date) if self._page_date else None,
            medium=self.medium,
            language=self.language,
        )

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        # The titles mkdocs.yml gives: no page has been read yet, so a page the navigation
        # does not title has none here, whatever order the pages are read in.
        self.page_titles = {p.file.src_uri: p.title for p in nav.pages if p.title}
        self._nav = nav
        catalogue = files.get_file_from_path(self.config.catalogue_page)
        if catalogue is None or not isinstance(catalogue.page, Page):
            log.warning(
                f"smsdocs: catalogue page '{self.config.catalogue_page}' is not in docs/, so the "
                "service pages are not in the navigation; add it or set 'catalogue_page'"
            )
            return nav
        sections: dict[str, list[Any]] = {}
        for service in sorted(
            self.scope.services, key=lambda s: (s.category.lower(), s.name.lower())
        ):
            file = files.get_file_from_path(service_path(service))
            if file is not None and isinstance(file.page, Page):
                sections.setdefault(service.category, []).append(file.page)
        children: list[Any] = [
            Section(html_text(title), grouped(title, pages)) for title, pages in sections.items()
        ]
        page = catalogue.page
        parent = page.parent
        if parent is not None:
            parent.children.extend(children)
        elif page in nav.items:
            index = nav.items.index(page)
            nav.items[index] = Section(page.title or "Service catalogue", [page, *children])
        else:  # pragma: no cover - a catalogue page outside the nav
            nav.items.append(Section("Service catalogue", [page, *children]))
        relink(nav)
        self._nav = nav
        return nav

    @property
    def nav_pages(self) -> tuple[str, ...]:
        """Every page of the site's navigation, in order, by source path."""
        return tuple(p.file.src_uri for p in self._nav.pages) if self._nav is not None else ()

    def on_post_build(self, config: MkDocsConfig) -> None:
        # Page titles are known only once every page has been read, so the outline is
        # taken after the build rather than in on_nav.
        self.outline = outline(self._nav.items) if self._nav is not None else []
        self._built = True

    # -- the site folder --------------------------------------------------------------------------

    def _stage(self, config: MkDocsConfig) -> None:
        """Refuse a site folder that would mix the site with the sources, and have
        ``mkdocs build`` write the site beside its folder, to be swapped in when it succeeds."""
        site = Path(config.site_dir).resolve()
        place = among_sources(site, self.root)
        if place is not None:
            raise PluginError(
                f"smsdocs: site_dir '{config.site_dir}' would put the built site in {place}; "
                "set site_dir to a folder of its own, such as 'site'"
            )
        self._built = False
        if self._command == "build" and self._staging is None:
            sweep(site)
            staging = staging_for(site)
            self._staging = (staging, site)
            config.site_dir = str(staging)
            # SIGTERM and Ctrl-C end the build through on_shutdown, which removes the staging.
            self._signals.enter_context(running.interruptible())

    def on_build_error(self, error: Exception) -> None:
        self._built = False

    def on_shutdown(self) -> None:
        try:
            if self._staging is None:
                return
            staging, site = self._staging
            self._staging = None
            with running.held():
                # The build and its strict check passed (MkDocs calls this last), unstopped.
                if self._built and not running.stopping():
                    replace_folder(staging, site)
                else:
                    shutil.rmtree(staging, ignore_errors=True)
        finally:
            self._signals.close()

    def macro_error(self, page: Page, message: str) -> MacroError:
        """A macro's error, with the page and the line in its file as written (front matter
        counted); logged as an error, so ``mkdocs build -q`` shows it too."""
        where = self._page_file(page)
        line = template_line()
        if line is not None:
            where += f":{line + front_matter_lines(page)}"
        text = f"{where}: {message}"
        self.macro_errors.append(text)
        if self._command is not None:  # a build or serve; an export reports it as its error
            log.error(text)
        return MacroError(text)

    def template_failure(self, page: Page | None, error: BaseException | None) -> str:
        """Why mkdocs-macros stopped on ``page`` (it ends the process when a page's template
        fails), as one line: the page's file, the line (front matter counted) and Jinja's
        words, with what to do."""
        from jinja2 import TemplateSyntaxError

        if self.macro_errors:  # a macro said why itself
            return self.macro_errors[-1]
        if page is None:
            return f"a page's macros failed; run '{engine.COMMAND} build' to see which"
        where = self._page_file(page)
        line = error_line(error)
        if line is not None:
            where += f":{line + front_matter_lines(page)}"
        if isinstance(error, TemplateSyntaxError):
            return (
                f"{where}: the page's template is not valid Jinja ({error.message}); "
                "correct the '{{ }}' or '{% %}' there"
            )
        why = f" ({printable(str(error))})" if error is not None and str(error) else ""
        return f"{where}: its macros failed{why}; run '{engine.COMMAND} build' to see more"

    def _page_file(self, page: Page) -> str:
        """The page's file as the user names it: relative to the project where it is in it."""
        source = Path(page.file.abs_src_path or page.file.src_uri)
        return (
            source.relative_to(self.root).as_posix()
            if source.is_relative_to(self.root)
            else str(source)
        )

    @event_priority(-100)  # after mkdocs-macros, so this is the Markdown the site renders
    def on_page_markdown(
        self, markdown: str, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        self.markdown[page.file.src_uri] = markdown
        if self._page_date:
            page.update_date = self._page_date
        if self.medium == "print":
            # The exports have the page's Markdown: the engine need not make its HTML. The
            # title it would find in the Markdown (its first heading) is kept first.
            page.title = page.title
            return ""
        return themed_figures(markdown, page.file.src_uri, self.figures)

    @event_priority(-100)  # after every plugin that changes the HTML
    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        return sanitise.clean_html(row_headings(html))

    # -- theme and live reload ------------------------------------------------------------------

    def on_env(self, env: Any, config: MkDocsConfig, files: Files) -> Any:
        if self.medium == "print":
            # The exports typeset the pages themselves: every template of the theme renders
            # nothing, so no page, sitemap or 404 page is written for them.
            import jinja2

            return jinja2.Environment(loader=jinja2.FunctionLoader(lambda name: ""))
        doc = self.scope.document
        env.globals["smsdocs"] = {
            "document_id": doc.id,
            "title": doc.title,
            "version": self.release.version,
            "status": self.release.status,
            "classification": doc.classification,
            "organization": self.scope.organization.name,
            # The banners' own words in the manual's language, by their English (main.html).
            "words": words(self.language, *SITE_WORDS),
        }
        return env

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Callable[..., Any]) -> Any:
        server.watch(str(self.root / SCOPE_DIR))
        return server


SITE_WORDS: Final = (
    N_("Document control"),
    N_("Document"),
    N_("Version"),
    N_("Status"),
    N_("Classification"),
    N_("Approved"),
    N_("Draft"),
    N_(
        "This manual is opened from the file system, where its links lead to folders instead "
        "of pages. Read it from its web server, or from its offline copy:"
    ),
    N_("writes the site as a zip that works opened from disk."),
)
"""The words the site's theme (``overrides/main.html``) writes around the manual: its
document-control banner and its note on a site opened from disk, in English; the theme is
handed them in the manual's language (``smsdocs.words``) and keeps its English without."""


IMAGES = frozenset({".svg", ".png", ".jpg", ".jpeg", ".gif"})
"""Files pages may show as images, and so the exports need."""


def _keep_printed(files: Files, config: MkDocsConfig) -> None:
    """Leave in ``files`` what the exports read: the pages, the images they show and the
    extra templates mkdocs.yml names (the theme's assets, styles and scripts are the site's)."""
    for file in list(files):
        printed = (
            file.is_documentation_page()
            or Path(file.src_uri).suffix.lower() in IMAGES
            or file.src_uri in config.extra_templates
        )
        if not printed:
            files.remove(file)


def _without(nav: Any, pages: frozenset[str]) -> Any:
    """The ``nav`` of mkdocs.yml without the entries that lead to one of ``pages``, and without
    a section left empty by that."""
    if isinstance(nav, str):
        return None if nav in pages else nav
    if isinstance(nav, dict):
        kept = {}
        for title, value in nav.items():
            found = _without(value, pages)
            if found is not None and found != []:
                kept[title] = found
        return kept or None
    if isinstance(nav, list):
        items = [_without(item, pages) for item in nav]
        return [item for item in items if item is not None]
    return nav


def _absolute(path: str | Path) -> Path:
    """``path`` made absolute and normalised, without following links: where the theme found
    a file, whatever it links to."""
    return Path(os.path.abspath(path))  # noqa: PTH100 - resolve() would follow links


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise PluginError(f"smsdocs: 'today: {value}' is not a date; write YYYY-MM-DD") from None
