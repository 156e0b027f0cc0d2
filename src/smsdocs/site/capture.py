"""Running MkDocs for smsdocs: a whole site build, or a capture of every page's Markdown for
the exports, with MkDocs's errors turned into smsdocs's."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.structure.files import InclusionLevel
from mkdocs.structure.pages import Page

from smsdocs.errors import InputError, SmsdocsError
from smsdocs.model import Release, Scope
from smsdocs.render import doc
from smsdocs.site.nav import CapturedPage
from smsdocs.site.plugin import SmsdocsPlugin


@dataclass(frozen=True, slots=True)
class Captured:
    """What a site build captured for the exports."""

    scope: Scope
    release: Release
    outline: list[CapturedPage]
    markdown: dict[str, str]
    site_dir: Path
    nav_pages: tuple[str, ...] = ()
    """Every page of the site's navigation, in order, by source path: what the exports
    must hold."""
    blocks: dict[str, doc.Blocks] = field(default_factory=dict)
    """The pages smsdocs generates (the services'), whole, by source path (in print)."""
    placed: dict[str, list[doc.Blocks]] = field(default_factory=dict)
    """The blocks of the fragments each chapter calls, by source path, in the order of
    their placeholders in its Markdown (in print)."""


def build_site(root: Path, site_dir: Path, *, offline: bool = False) -> Captured:
    """Build the manual of the project at ``root`` into ``site_dir`` and return its pages.

    ``offline`` builds a site that works opened from the file system (Material's offline
    plugin: file URLs, an inlined search index), for a bundle of one version.
    """
    from mkdocs.commands.build import build

    with _mkdocs(root, site_dir) as config:
        # MkDocs hands a plugin with on_startup the same instance on every load in a process:
        # a capture before this build must not leave it rendering for print.
        _smsdocs(config).medium = "site"
        if offline and "material/offline" not in config.plugins:
            from material.plugins.offline.plugin import OfflinePlugin  # type: ignore[import-untyped]

            extra = OfflinePlugin()
            errors, _ = extra.load_config({}, str(config.config_file_path))
            if errors:  # pragma: no cover - the plugin has no required options
                raise SmsdocsError(f"the offline plugin could not be set up: {errors}")
            config.plugins["material/offline"] = extra
            extra.on_config(config)
        try:
            build(config)
        except Abort:
            raise  # MkDocs's own (a SystemExit too): _mkdocs says it as smsdocs's error
        except SystemExit as stop:
            # mkdocs-macros ends the process when a page's template fails (on_error_fail);
            # the error it stopped on is the context of its exit.
            macros = config.plugins.get("macros")
            page = getattr(macros, "page", None)
            raise SmsdocsError(_smsdocs(config).template_failure(page, stop.__context__)) from None
    return _captured(config, site_dir)


def capture(root: Path, assets_dir: Path) -> Captured:
    """Every page of the manual as the site would render it, without building the site.

    The exports run this rather than reading a site someone built earlier, so the PDF and
    DOCX always hold exactly what the current sources render. It runs the same plugin events
    as a build up to each page's Markdown (so macros and generated pages are the same) and
    skips what only the site needs: Markdown to HTML, themes, search. The pages are rendered
    for the medium "print" (``medium`` in their templates, ``ctx.medium`` in the fragments).
    The images the pages show are written under ``assets_dir``, at the paths a site would
    have them.
    """
    from mkdocs.structure.files import get_files, set_exclusions
    from mkdocs.structure.nav import get_navigation

    with _mkdocs(root, assets_dir) as loaded:
        # The pages and fragments word themselves for a printed manual (no banner, no commands).
        _smsdocs(loaded).medium = "print"
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
            except SystemExit as stop:
                # mkdocs-macros ends the process when a page's macros fail (on_error_fail).
                failure = _smsdocs(config).template_failure(page, stop.__context__)
                raise SmsdocsError(failure) from None
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
    # A build that stops on smsdocs's own error says it as smsdocs's error line, once.
    build_log = logging.getLogger("mkdocs.commands.build")
    ours = _OwnErrors()
    build_log.addFilter(ours)
    try:
        yield load_config(str(config_file), site_dir=str(site_dir))
    except PluginError as exc:
        raise SmsdocsError(str(exc).removeprefix("smsdocs: ")) from None
    except (Abort, ConfigurationError) as exc:
        if ours.messages:
            raise SmsdocsError(ours.messages[-1].removeprefix("smsdocs: ")) from None
        raise SmsdocsError(f"the site could not be built: {exc}") from None
    finally:
        build_log.removeFilter(ours)
        mkdocs_log.setLevel(level)
        macros_log.setLevel(macros_level)


class _OwnErrors(logging.Filter):
    """Holds back the errors of the smsdocs plugin MkDocs logs as a build stops, keeping
    their text for the one error the command reports."""

    def __init__(self) -> None:
        super().__init__()
        self.messages: list[str] = []

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.levelno >= logging.ERROR and message.startswith("smsdocs: "):
            self.messages.append(message)
            return False
        return True


def _smsdocs(config: MkDocsConfig) -> SmsdocsPlugin:
    plugin = config.plugins.get("smsdocs")
    if not isinstance(plugin, SmsdocsPlugin):
        raise SmsdocsError("mkdocs.yml does not use the smsdocs plugin; add '- smsdocs' to plugins")
    return plugin


def _captured(config: MkDocsConfig, site_dir: Path) -> Captured:
    plugin = _smsdocs(config)
    return Captured(
        plugin.scope,
        plugin.release,
        plugin.outline,
        plugin.markdown,
        site_dir,
        plugin.nav_pages,
        plugin.blocks,
        plugin.placed,
    )
