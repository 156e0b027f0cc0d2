"""Running the site engine for smsdocs: a whole site build, or a build for the exports that
records every page's Markdown, with the engine's errors turned into smsdocs's."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from smsdocs.errors import InputError, SmsdocsError
from smsdocs.model import Release, Scope
from smsdocs.render import doc
from smsdocs.render.context import Medium
from smsdocs.site import engine
from smsdocs.site.engine import Abort, ConfigurationError, MkDocsConfig, PluginError
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
    return _build(root, site_dir, "site", offline=offline)


def capture(root: Path, assets_dir: Path) -> Captured:
    """Every page of the manual as the site would render it, for the exports.

    The exports run this rather than reading a site someone built earlier, so the PDF and
    DOCX always hold exactly what the current sources render. It is the engine's own build,
    every plugin's events included (so macros, generated pages and other plugins' changes to
    the Markdown are the same as the site's), with the smsdocs plugin in the medium "print":
    the pages word themselves for a printed manual (``medium`` in their templates,
    ``ctx.medium`` in the fragments), and the plugin leaves out through the build's events
    what only a site needs (each page's HTML and theme, the theme's assets). The images the
    pages show are written under ``assets_dir``, at the paths a site would have them.
    """
    return _build(root, assets_dir, "print")


def _build(root: Path, site_dir: Path, medium: Medium, *, offline: bool = False) -> Captured:
    # A warning of the site's (a link it would not find) does not stop the exports: the scope
    # data's own findings are judged by the check, as on every command.
    strict = None if medium == "site" else False
    with _engine(root, site_dir, strict=strict) as config:
        # The engine hands a plugin with on_startup the same instance on every load in a
        # process: each run says which medium it renders for.
        _smsdocs(config).medium = medium
        if offline and "material/offline" not in config.plugins:
            from material.plugins.offline.plugin import OfflinePlugin  # type: ignore[import-untyped]

            extra = OfflinePlugin()
            errors, _ = extra.load_config({}, str(config.config_file_path))
            if errors:  # pragma: no cover - the plugin has no required options
                raise SmsdocsError(f"the offline plugin could not be set up: {errors}")
            config.plugins["material/offline"] = extra
            extra.on_config(config)
        try:
            engine.build(config)
        except Abort:
            raise  # the engine's own (a SystemExit too): _engine says it as smsdocs's error
        except SystemExit as stop:
            # mkdocs-macros ends the process when a page's template fails (on_error_fail);
            # the error it stopped on is the context of its exit.
            macros = config.plugins.get("macros")
            page = getattr(macros, "page", None)
            raise SmsdocsError(_smsdocs(config).template_failure(page, stop.__context__)) from None
    return _captured(config, site_dir)


@contextlib.contextmanager
def _engine(root: Path, site_dir: Path, *, strict: bool | None) -> Iterator[MkDocsConfig]:
    """The project's configuration, loaded by the engine, with the engine's own errors turned
    into smsdocs's (``strict``: None keeps what mkdocs.yml says)."""
    config_file = root / "mkdocs.yml"
    if not config_file.is_file():
        raise InputError(f"{config_file}: no mkdocs.yml here; run from the project root")
    engine_log = engine.logger()
    level = engine_log.level
    engine_log.setLevel(logging.WARNING)
    # mkdocs-macros reports a failed page as a long warning with a traceback; smsdocs says
    # which macro, page and line in one error instead.
    macros_log = logging.getLogger("mkdocs.plugins.mkdocs_macros")
    macros_level = macros_log.level
    macros_log.setLevel(logging.ERROR)
    # A build that stops on smsdocs's own error says it as smsdocs's error line, once.
    build_log = engine.logger("commands.build")
    ours = _OwnErrors()
    build_log.addFilter(ours)
    try:
        config = engine.load_config(str(config_file), site_dir=str(site_dir))
        if strict is not None:
            config.strict = strict
        yield config
    except PluginError as exc:
        raise SmsdocsError(str(exc).removeprefix("smsdocs: ")) from None
    except (Abort, ConfigurationError) as exc:
        if ours.messages:
            raise SmsdocsError(ours.messages[-1].removeprefix("smsdocs: ")) from None
        raise SmsdocsError(f"the site could not be built: {exc}") from None
    finally:
        build_log.removeFilter(ours)
        engine_log.setLevel(level)
        macros_log.setLevel(macros_level)


class _OwnErrors(logging.Filter):
    """Holds back the errors of the smsdocs plugin the engine logs as a build stops, keeping
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
