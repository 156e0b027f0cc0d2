"""The MkDocs plugin and the mkdocs-macros glue: the only module that imports MkDocs.

The plugin loads and validates the scope once per build (errors stop the build, warnings are
logged so ``mkdocs build --strict`` fails on them), generates a page and a dependency diagram
per service, files the service pages under the catalogue in the navigation, provides the
document-control banner to the theme, and rebuilds on ``mkdocs serve`` when ``scope/``
changes. ``define_env`` registers the macros the chapters in ``docs/`` call.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import shutil
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from smsdocs import history, load, render, running, sanitise
from smsdocs.errors import InputError, SmsdocsError, printable
from smsdocs.load import SCOPE_DIR
from smsdocs.model import Release, ReleaseRecord, Scope
from smsdocs.output import among_sources, replace_folder, staging_for, sweep
from smsdocs.validate import check

log = logging.getLogger("mkdocs.plugins.smsdocs")

ASSETS = "assets/smsdocs"
VENDOR = Path(__file__).parent / "data" / "vendor"
SHIM = f"{ASSETS}/iframe-worker-shim.js"
""""Material's offline plugin loads this from a CDN; the manual serves its own copy."""


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


class SmsdocsPlugin(BasePlugin[SmsdocsConfig]):  # type: ignore[no-untyped-call]
    """Builds an ISO/IEC 20000 SMS manual from the scope data under ``scope/``."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.root = Path()
        self._scope: Scope | None = None
        self.release = Release("unversioned", "Draft")
        self.kind_pages: dict[str, str] = dict(render.KIND_PAGES)
        self.existing: frozenset[str] = frozenset()
        self._nav: Navigation | None = None
        self.outline: list[CapturedPage] = []
        """Every page and section in navigation order, for the PDF and DOCX exports."""
        self._releases: list[ReleaseRecord] | None = None
        self._today: dt.date | None = None
        self._page_date: str | None = None
        self._command: str | None = None
        self._staging: tuple[Path, Path] | None = None
        """(where the site is built, where it goes once the build has succeeded)."""
        self._signals = contextlib.ExitStack()
        self._built = False
        self.markdown: dict[str, str] = {}
        """Each page's Markdown as the site renders it (after macros), by source path."""
        self.macro_errors: list[str] = []
        """Errors of macros called wrongly, with their places, in the order they happened."""

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
        self._stage(config)
        # Links and images are judged on the tree Python-Markdown made of each page.
        if not any(isinstance(e, sanitise.SafeLinksExtension) for e in config.markdown_extensions):
            # MkDocs passes the list to Python-Markdown, which takes extension objects too.
            extensions: list[Any] = config.markdown_extensions
            extensions.append(sanitise.SafeLinksExtension())
        today = self._today = _date(self.config.today)
        self._releases = None
        try:
            checked = check(self.root, today=today)
        except InputError as exc:
            raise PluginError(f"smsdocs: {exc}") from None
        errors = [f for f in checked.findings if f.severity == "error"]
        if errors or checked.scope is None:
            lines = [printable(str(f)) for f in checked.findings]
            raise PluginError(
                f"smsdocs: the scope data has {len(errors)} "
                f"error{'s' if len(errors) != 1 else ''}; run 'smsdocs check' for details\n"
                + "\n".join(lines)
            )
        for finding in checked.findings:
            log.warning(printable(str(finding)))
        self._scope = checked.scope
        self.kind_pages = {**render.KIND_PAGES, **self.config.pages}
        self.release, problem = history.release_of(
            self.root, self.scope, self.config.release_pattern
        )
        if problem:
            log.warning(problem)
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
            config.site_name = render.html_text(self.scope.document.title)
        return config

    def page_clauses(self) -> dict[str, list[str]]:
        """The clauses each chapter declares in its front matter."""
        found: list[Any] = []
        pages = load.page_clauses(self.root, found)
        return {p.page: [c.value.strip() for c in p.clauses] for p in pages}

    @property
    def today(self) -> dt.date:
        return self._today or dt.date.today()

    def releases(self) -> list[ReleaseRecord]:
        """The release history, read from git once per build (only if a page shows it)."""
        if self._releases is None:
            self._releases, warnings = history.release_history(
                self.root, self.config.release_pattern, self._today, render.HISTORY_LISTED
            )
            for warning in warnings:
                log.warning(warning)
        return self._releases

    # -- generated pages and figures ----------------------------------------------------------

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        scope = self.scope
        # The chapters links may point at; service pages are linked by path, not through this.
        self.existing = frozenset(f.src_uri for f in files.documentation_pages())
        for service in scope.services:
            page = render.service_path(service)
            diagram = f"{ASSETS}/dependencies-{service.id}.svg"
            files.append(
                File.generated(config, diagram, content=render.dependency_svg(scope, service))
            )
            links = self.links(page)
            markdown = render.service_page(scope, service, links, links.to(diagram))
            # Not in the configured nav: on_nav files them under the catalogue page.
            files.append(
                File.generated(config, page, content=markdown, inclusion=InclusionLevel.NOT_IN_NAV)
            )
        files.append(
            File.generated(config, f"{ASSETS}/risk-heatmap.svg", content=render.heatmap_svg(scope))
        )
        if scope.implementation is not None:
            files.append(
                File.generated(config, f"{ASSETS}/maturity-gap.svg", content=render.gap_svg(scope))
            )
            files.append(
                File.generated(
                    config,
                    f"{ASSETS}/implementation-timeline.svg",
                    content=render.timeline_svg(scope),
                )
            )
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
        return files

    def links(self, page: str) -> render.Links:
        return render.Links(page=page, pages=self.kind_pages, existing=self.existing or None)

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
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
            file = files.get_file_from_path(render.service_path(service))
            if file is not None and isinstance(file.page, Page):
                sections.setdefault(service.category, []).append(file.page)
        children: list[Any] = [
            Section(render.html_text(title), _grouped(title, pages))
            for title, pages in sections.items()
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
        _relink(nav)
        self._nav = nav
        return nav

    def on_post_build(self, config: MkDocsConfig) -> None:
        # Page titles are known only once every page has been read, so the outline is
        # taken after the build rather than in on_nav.
        self.outline = _outline(self._nav.items) if self._nav is not None else []
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
        source = Path(page.file.abs_src_path or page.file.src_uri)
        where = (
            source.relative_to(self.root).as_posix()
            if source.is_relative_to(self.root)
            else str(source)
        )
        line = _template_line()
        if line is not None:
            where += f":{line + _front_matter_lines(page)}"
        text = f"{where}: {message}"
        self.macro_errors.append(text)
        if self._command is not None:  # a build or serve; an export reports it as its error
            log.error(text)
        return MacroError(text)

    @event_priority(-100)  # after mkdocs-macros, so this is the Markdown the site renders
    def on_page_markdown(
        self, markdown: str, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        self.markdown[page.file.src_uri] = markdown
        if self._page_date:
            page.update_date = self._page_date
        return markdown

    @event_priority(-100)  # after every plugin that changes the HTML
    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        return sanitise.clean_html(html)

    # -- theme and live reload ------------------------------------------------------------------

    def on_env(self, env: Any, config: MkDocsConfig, files: Files) -> Any:
        doc = self.scope.document
        env.globals["smsdocs"] = {
            "document_id": doc.id,
            "title": doc.title,
            "version": self.release.version,
            "status": self.release.status,
            "classification": doc.classification,
            "organization": self.scope.organization.name,
        }
        return env

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Callable[..., Any]) -> Any:
        server.watch(str(self.root / SCOPE_DIR))
        return server


class MacroError(SmsdocsError):
    """A macro called with arguments it does not take (raised inside the page's template)."""


def _template_line() -> int | None:
    """The line of the page's template being rendered, from the calling Jinja frame."""
    frame = sys._getframe(1)
    while frame is not None:
        template = frame.f_globals.get("__jinja_template__")
        if template is not None:
            return int(template.get_corresponding_lineno(frame.f_lineno))
        frame = frame.f_back  # type: ignore[assignment]
    return None


def _front_matter_lines(page: Page) -> int:
    """Lines of a page's file before the Markdown the macros see (its front matter)."""
    from mkdocs.utils.meta import get_data

    try:
        source = Path(page.file.abs_src_path or "").read_text(encoding="utf-8-sig")
    except OSError:
        return 0
    body, _ = get_data(source)
    return source.count("\n") - body.count("\n")


@dataclass(frozen=True, slots=True)
class CapturedPage:
    """One entry of the navigation: a page (with its source path) or a section heading."""

    title: str
    level: int
    src_uri: str | None = None


def _outline(items: list[Any], level: int = 1) -> list[CapturedPage]:
    out: list[CapturedPage] = []
    for item in items:
        if isinstance(item, Page):
            out.append(CapturedPage(item.title or "", level, item.file.src_uri))
        elif isinstance(item, Section):
            children = item.children
            # A section whose first page is its index page is that page, not a heading of its own.
            first = children[0] if children else None
            if isinstance(first, Page) and first.file.name == "index":
                out.append(CapturedPage(item.title or "", level, first.file.src_uri))
                out.extend(_outline(children[1:], level + 1))
            else:
                out.append(CapturedPage(item.title or "", level))
                out.extend(_outline(children, level + 1))
    return out


NAV_GROUP: int = 30
"""Most service pages shown together in the sidebar; larger categories are split in groups."""


def _grouped(category: str, pages: list[Any]) -> list[Any]:
    """A category's pages, in numbered groups of at most NAV_GROUP when there are more.

    Every service page's sidebar lists the pages beside it; with thousands of services in a
    few categories that list, and so every page, would grow with the catalogue. Groups keep
    each page's sidebar bounded, so the site grows in proportion to the catalogue.
    """
    if len(pages) <= NAV_GROUP:
        return pages
    groups = []
    for start in range(0, len(pages), NAV_GROUP):
        end = min(start + NAV_GROUP, len(pages))
        span = f"{start + 1}–{end}" if end > start + 1 else f"{end}"
        groups.append(Section(render.html_text(f"{category} {span}"), pages[start:end]))
    return groups


def _relink(nav: Navigation) -> None:
    """Recompute parents, the flat page order and previous/next links after changing the nav."""
    pages: list[Page] = []

    def walk(items: list[Any], parent: Section | None) -> None:
        for item in items:
            item.parent = parent
            if isinstance(item, Page):
                pages.append(item)
            if isinstance(item, Section):
                walk(item.children, item)

    walk(nav.items, None)
    bookended: list[Page | None] = [None, *pages, None]
    for before, page, after in zip(bookended, pages, bookended[2:], strict=False):
        page.previous_page, page.next_page = before, after
    nav.pages = pages


@dataclass(frozen=True, slots=True)
class Captured:
    """What a site build captured for the exports."""

    scope: Scope
    release: Release
    outline: list[CapturedPage]
    markdown: dict[str, str]
    site_dir: Path


def build_site(root: Path, site_dir: Path, *, offline: bool = False) -> Captured:
    """Build the manual of the project at ``root`` into ``site_dir`` and return its pages.

    ``offline`` builds a site that works opened from the file system (Material's offline
    plugin: file URLs, an inlined search index), for a bundle of one version.
    """
    from mkdocs.commands.build import build

    with _mkdocs(root, site_dir) as config:
        if offline and "material/offline" not in config.plugins:
            from material.plugins.offline.plugin import OfflinePlugin  # type: ignore[import-untyped]

            extra = OfflinePlugin()
            errors, _ = extra.load_config({}, str(config.config_file_path))
            if errors:  # pragma: no cover - the plugin has no required options
                raise SmsdocsError(f"the offline plugin could not be set up: {errors}")
            config.plugins["material/offline"] = extra
            extra.on_config(config)
        build(config)
    return _captured(config, site_dir)


def capture(root: Path, assets_dir: Path) -> Captured:
    """Every page of the manual as the site would render it, without building the site.

    The exports run this rather than reading a site someone built earlier, so the PDF and
    DOCX always hold exactly what the current sources render. It runs the same plugin events
    as a build up to each page's Markdown (so macros and generated pages are the same) and
    skips what only the site needs: Markdown to HTML, themes, search. The images the pages
    show are written under ``assets_dir``, at the paths a site would have them.
    """
    from mkdocs.structure.files import get_files, set_exclusions
    from mkdocs.structure.nav import get_navigation

    with _mkdocs(root, assets_dir) as loaded:
        config = loaded.plugins.on_config(loaded)
        config.plugins.on_pre_build(config=config)
        files = get_files(config)
        files.add_files_from_theme(config.theme.get_env(), config)
        files = config.plugins.on_files(files, config=config)
        set_exclusions(files, config)
        nav = get_navigation(files, config)
        nav = config.plugins.on_nav(nav, config=config, files=files)
        for file in files.documentation_pages(inclusion=InclusionLevel.is_included):
            page = file.page or Page(None, file, config)
            config._current_page = page
            try:
                page.read_source(config)
                assert page.markdown is not None
                page.markdown = config.plugins.on_page_markdown(
                    page.markdown, page=page, config=config, files=files
                )
            except SystemExit:
                # mkdocs-macros ends the process when a page's macros fail (on_error_fail).
                errors = _smsdocs(config).macro_errors
                raise SmsdocsError(
                    errors[-1]
                    if errors
                    else f"{file.src_uri}: its macros failed; run 'mkdocs build' to see why"
                ) from None
            finally:
                config._current_page = None
        for file in files:
            if Path(file.src_uri).suffix.lower() in IMAGES and not file.is_documentation_page():
                file.copy_file()
    plugin = _smsdocs(config)
    plugin.on_post_build(config)
    return _captured(config, assets_dir)


IMAGES = frozenset({".svg", ".png", ".jpg", ".jpeg", ".gif"})
"""Files pages may show as images, and so the exports need."""


@contextlib.contextmanager
def _mkdocs(root: Path, site_dir: Path) -> Iterator[MkDocsConfig]:
    """The project's MkDocs configuration, with MkDocs's own errors turned into smsdocs's."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    config_file = root / "mkdocs.yml"
    if not config_file.is_file():
        raise InputError(f"{config_file}: no mkdocs.yml here; run from the project root")
    mkdocs_log = logging.getLogger("mkdocs")
    level = mkdocs_log.level
    mkdocs_log.setLevel(logging.WARNING)
    # mkdocs-macros reports a failed page as a long warning with a traceback; smsdocs says
    # which macro, page and line in one error instead.
    macros_log = logging.getLogger("mkdocs.plugins.mkdocs_macros")
    macros_level = macros_log.level
    macros_log.setLevel(logging.ERROR)
    try:
        yield load_config(str(config_file), site_dir=str(site_dir))
    except PluginError as exc:
        raise SmsdocsError(str(exc).removeprefix("smsdocs: ")) from None
    except (Abort, ConfigurationError) as exc:
        raise SmsdocsError(f"the site could not be built: {exc}") from None
    finally:
        mkdocs_log.setLevel(level)
        macros_log.setLevel(macros_level)


def _smsdocs(config: MkDocsConfig) -> SmsdocsPlugin:
    plugin = config.plugins.get("smsdocs")
    if not isinstance(plugin, SmsdocsPlugin):
        raise SmsdocsError("mkdocs.yml does not use the smsdocs plugin; add '- smsdocs' to plugins")
    return plugin


def _captured(config: MkDocsConfig, site_dir: Path) -> Captured:
    plugin = _smsdocs(config)
    return Captured(plugin.scope, plugin.release, plugin.outline, plugin.markdown, site_dir)


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise PluginError(f"smsdocs: 'today: {value}' is not a date; write YYYY-MM-DD") from None


# --------------------------------------------------------------------------------------------
# mkdocs-macros glue.


def define_env(env: Any) -> None:
    """Register smsdocs's macros with mkdocs-macros; call it from the project's macros module."""

    def plugin() -> SmsdocsPlugin:
        found = env.conf.plugins.get("smsdocs")
        if not isinstance(found, SmsdocsPlugin):
            raise PluginError(
                "smsdocs: the macros need the smsdocs plugin; add '- smsdocs' before '- macros' "
                "under 'plugins:' in mkdocs.yml"
            )
        return found

    def links() -> render.Links:
        return plugin().links(env.page.file.src_uri)

    def register(name: str, fn: Callable[[], str]) -> None:
        def macro(*args: Any, **kwargs: Any) -> str:
            if args or kwargs:
                given = ", ".join([*map(repr, args), *(f"{k}={v!r}" for k, v in kwargs.items())])
                raise plugin().macro_error(
                    env.page,
                    f"macro '{name}' takes no arguments, but was called as {name}({given}); "
                    f"write {{{{ {name}() }}}}",
                )
            return fn()

        macro.__name__ = macro.__qualname__ = name
        macro.__doc__ = getattr(render, name, fn).__doc__
        env.macro(macro, name)

    register(
        "document_control",
        lambda: render.document_control(plugin().scope, links(), plugin().release),
    )
    register("approvals", lambda: render.approvals(plugin().scope, links()))
    register("sms_purpose", lambda: render.sms_purpose(plugin().scope))
    register("scope_statement", lambda: render.scope_statement(plugin().scope))
    register("boundaries", lambda: render.boundaries(plugin().scope, links()))
    register("service_catalogue", lambda: render.service_catalogue(plugin().scope, links()))
    register("parties", lambda: render.parties(plugin().scope, links()))
    register("interfaces", lambda: render.interfaces(plugin().scope, links()))
    register("inclusions", lambda: render.inclusions(plugin().scope, links()))
    register("exclusions", lambda: render.exclusions(plugin().scope, links()))
    register("alignment", lambda: render.alignment(plugin().scope, links()))
    register("risk_register", lambda: render.risk_register(plugin().scope, links()))
    register("requirements", lambda: render.requirements(plugin().scope, links()))
    register("stakeholders", lambda: render.stakeholders(plugin().scope, links()))
    register("communication_plan", lambda: render.communication_plan(plugin().scope, links()))
    register(
        "release_history",
        lambda: render.release_history(
            plugin().scope,
            links(),
            plugin().releases(),
            "" if history.git_available() else "git is not installed where the manual was built",
        ),
    )
    scope_only = {
        "implementation_approach": render.implementation_approach,
        "baseline_assessment": render.baseline_assessment,
        "milestones": render.milestones,
        "readiness_checklist": render.readiness_checklist,
    }

    def on_scope(fn: Callable[[Scope], str]) -> Callable[[], str]:
        return lambda: fn(plugin().scope)

    def on_scope_and_links(fn: Callable[[Scope, render.Links], str]) -> Callable[[], str]:
        return lambda: fn(plugin().scope, links())

    for name, fn in scope_only.items():
        register(name, on_scope(fn))
    with_links = {
        "implementation_phases": render.implementation_phases,
        "business_case": render.business_case,
        "maturity_table": render.maturity_table,
        "implementation_challenges": render.implementation_challenges,
        "post_audit_actions": render.post_audit_actions,
        "document_register": render.document_register,
    }
    for name, linked in with_links.items():
        register(name, on_scope_and_links(linked))
    register(
        "clause_matrix",
        lambda: render.clause_matrix(plugin().scope, links(), plugin().page_clauses()),
    )
    register(
        "review_dashboard",
        lambda: render.review_dashboard(plugin().scope, links(), plugin().today),
    )

    def figure(alt: str, name: str) -> Callable[[], str]:
        def show() -> str:
            if plugin().scope.implementation is None:
                return render.NO_PLAN
            return f"![{alt}]({links().to(f'{ASSETS}/{name}')})\n"

        show.__doc__ = f"{alt}: a static SVG figure drawn from the implementation plan."
        return show

    register(
        "maturity_gap_chart",
        figure("Process maturity: baseline against target", "maturity-gap.svg"),
    )
    register(
        "implementation_timeline",
        figure("Implementation timeline: phases and milestones", "implementation-timeline.svg"),
    )

    def risk_heatmap() -> str:
        """Risk heat map: likelihood against impact, a static SVG figure of the risk register."""
        return (
            "![Risk heat map: likelihood against impact]"
            f"({links().to(f'{ASSETS}/risk-heatmap.svg')})\n"
        )

    register("risk_heatmap", risk_heatmap)

    class _Lazy:
        """A scope section for templates, read when a page uses it, its text escaped like
        every other value from YAML ('{{ organization.name }}' cannot inject markup)."""

        def __init__(self, getter: Callable[[], Any]) -> None:
            self._getter = getter

        def __getattr__(self, name: str) -> str:
            value = getattr(self._getter(), name)
            return "" if value is None else render.text(value)

    env.variables["organization"] = _Lazy(lambda: plugin().scope.organization)
    env.variables["sms_document"] = _Lazy(lambda: plugin().scope.document)
