"""The settings of the project's mkdocs.yml that say which files a build reads, with their
places in the file: the docs folder, the theme's ``custom_dir``, the macros plugin's include
folder and module, and the pages the smsdocs plugin expects (``catalogue_page``, ``pages``).

Read with the location-keeping composer, so a finding names ``mkdocs.yml:LINE:COLUMN``;
mkdocs.yml's own tags (``!ENV``, ``!!python/name:``) are read as plain values. Imports
``errors`` and ``load.yaml``, nothing else of the package.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from smsdocs.errors import Finding, Mark
from smsdocs.load.yaml import Map, Node, Scalar, Seq, compose
from smsdocs.words import LANGUAGES, catalogue, primary

CONFIG: Final = "mkdocs.yml"
THEME_DIR: Final = "overrides"
"""The folder taken for the theme's ``custom_dir`` where mkdocs.yml sets none, for the export
folder's sake only (the site then has no theme folder): where a project keeps its export
templates, logo and fonts unless its theme lives elsewhere."""
EXPORT_DIR: Final = "export"
"""The folder of the theme's ``custom_dir`` that holds the export templates, logo and fonts."""
DEFAULT_CATALOGUE: Final = "catalogue/index.md"
"""The smsdocs plugin's ``catalogue_page`` when mkdocs.yml does not set it."""


@dataclass(frozen=True, slots=True)
class Setting:
    """A value of mkdocs.yml and where it is written (or where it would be)."""

    value: str
    mark: Mark
    given: bool = True
    """False for a default: ``mark`` is then the entry it belongs to."""


@dataclass(frozen=True, slots=True)
class SiteConfig:
    """What a build of the project reads, as its mkdocs.yml says."""

    docs_dir: Setting
    custom_dir: Setting | None = None
    include_dir: Setting | None = None
    """The macros plugin's folder of Jinja includes (the docs folder when not set)."""
    macros_module: Setting | None = None
    """The macros plugin's local module (``module_name``): a folder or a ``.py`` file."""
    catalogue_page: Setting | None = None
    """None where mkdocs.yml does not use the smsdocs plugin."""
    pages: tuple[tuple[str, Setting], ...] = field(default=())
    """The smsdocs plugin's ``pages`` setting: (kind, page) of each entry."""
    language: Setting | None = None
    """The documents' language: the smsdocs plugin's ``language``, else the theme's."""
    theme_language: Setting | None = None
    """The theme's ``language``, in which Material writes its own words (search, navigation)."""

    def folders(self) -> list[Setting]:
        """The folders a build reads files from, each once, in the order written."""
        found: list[Setting] = []
        for setting in (self.docs_dir, self.custom_dir, self.include_dir, self.macros_module):
            if setting is not None and setting.value not in {s.value for s in found}:
                found.append(setting)
        return found


def read_site_config(root: Path) -> SiteConfig | None:
    """The settings of ``root/mkdocs.yml``; None where there is none or it cannot be read
    (MkDocs itself then says why, when the site is built)."""
    try:
        text = (root / CONFIG).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    node = compose(CONFIG, text, [])
    if not isinstance(node, Map):
        return None
    top = Mark(CONFIG, 1, 1)
    docs = _text(node, "docs_dir") or Setting("docs", top, given=False)
    theme = _get(node, "theme")
    custom = _text(theme, "custom_dir") if isinstance(theme, Map) else None
    language = theme_language = _text(theme, "language") if isinstance(theme, Map) else None
    plugins = _plugins(node)
    include = module = catalogue = None
    pages: list[tuple[str, Setting]] = []
    if "macros" in plugins:
        key, options = plugins["macros"]
        include = _text(options, "include_dir") if isinstance(options, Map) else None
        module = (_text(options, "module_name") if isinstance(options, Map) else None) or Setting(
            "main", key, given=False
        )
    if "smsdocs" in plugins:
        key, options = plugins["smsdocs"]
        catalogue = (
            _text(options, "catalogue_page") if isinstance(options, Map) else None
        ) or Setting(DEFAULT_CATALOGUE, key, given=False)
        listed = _get(options, "pages") if isinstance(options, Map) else None
        language = (_text(options, "language") if isinstance(options, Map) else None) or language
        if isinstance(listed, Map):
            for kind, (_key, value) in listed.entries.items():
                if isinstance(value, Scalar) and value.value.strip():
                    pages.append((kind, Setting(value.value.strip(), value.mark)))
    if module is not None:
        module = _module_path(root, module)
    return SiteConfig(
        docs, custom, include, module, catalogue, tuple(pages), language, theme_language
    )


LEGACY_EXPORT: Final = f"{THEME_DIR}/{EXPORT_DIR}"
"""Where the exports read the templates, logo and fonts whatever the theme's ``custom_dir``,
before they followed it."""
EXPORT_FOLDER: Final = "export-folder"


def export_folder(root: Path, config: SiteConfig | None) -> str:
    """The project's export folder, relative to its ``root``: ``export/`` in the theme's
    ``custom_dir``, where the site finds its theme (``theme/export`` for ``custom_dir: theme``);
    ``overrides/export`` where mkdocs.yml sets no ``custom_dir`` or cannot be read. The one
    rule by which the PDF, the DOCX, the bundle, the pack and the site find the templates
    (``smsdocs.typ``, ``reference.docx``), the logo and the fonts. A project that kept them in
    ``overrides/export`` beside a theme elsewhere, as smsdocs once asked, and has no export
    folder in its theme, still has them read there (``export_findings`` says to move them)."""
    custom = config.custom_dir if config is not None else None
    theme = posixpath.normpath(custom.value) if custom is not None else THEME_DIR
    folder = posixpath.join(theme, EXPORT_DIR)
    if not (root / folder).exists() and (root / LEGACY_EXPORT).is_dir():
        return LEGACY_EXPORT
    return folder


def export_findings(root: Path, config: SiteConfig) -> list[Finding]:
    """A warning, at the theme's ``custom_dir``, where the exports still read the templates
    from ``overrides/export`` because the theme's folder has no ``export/``."""
    custom = config.custom_dir
    folder = export_folder(root, config)
    if custom is None or folder != LEGACY_EXPORT or posixpath.normpath(custom.value) == THEME_DIR:
        return []
    wanted = posixpath.join(posixpath.normpath(custom.value), EXPORT_DIR)
    return [
        Finding(
            custom.mark,
            "warning",
            EXPORT_FOLDER,
            f"the exports read the templates, logo and fonts from {LEGACY_EXPORT}/, but they "
            f"belong in {wanted}/, export/ in the theme's custom_dir '{custom.value}', where "
            f"the site finds its theme; move {LEGACY_EXPORT}/ to {wanted}/",
        )
    ]


def _get(node: Map, key: str) -> Node | None:
    entry = node.entries.get(key)
    return None if entry is None else entry[1]


def _text(node: Map, key: str) -> Setting | None:
    value = _get(node, key)
    if isinstance(value, Scalar) and not value.is_null and value.value.strip():
        return Setting(value.value.strip(), value.mark)
    return None


def _plugins(config: Map) -> dict[str, tuple[Mark, Node | None]]:
    """Each plugin of ``plugins:`` by name: where it is named, and its options."""
    found: dict[str, tuple[Mark, Node | None]] = {}
    listed = _get(config, "plugins")
    if isinstance(listed, Seq):
        for item in listed.items:
            if isinstance(item, Scalar):
                found[item.value.strip()] = (item.mark, None)
            elif isinstance(item, Map):
                for name, (key, options) in item.entries.items():
                    found[name.strip()] = (key.mark, options)
    elif isinstance(listed, Map):
        for name, (key, options) in listed.entries.items():
            found[name.strip()] = (key.mark, options)
    return found


def _module_path(root: Path, module: Setting) -> Setting | None:
    """The macros module as the path a build imports it from: ``name/`` or ``name.py``."""
    for candidate in (module.value, module.value + ".py"):
        if (root / candidate).exists() or (root / candidate).is_symlink():
            return Setting(candidate, module.mark, module.given)
    return None


def page_findings(root: Path, config: SiteConfig) -> list[Finding]:
    """A page the smsdocs plugin files the service pages under (``catalogue_page``) or links
    a kind of entry to (``pages``) that is not in the docs folder: without it the manual
    loses its service pages, so the check says where the setting is and what to do."""
    findings: list[Finding] = []
    docs = config.docs_dir.value.rstrip("/")
    if config.catalogue_page is not None:
        page = config.catalogue_page
        if not _is_page(root, docs, page.value):
            setting = (
                f"catalogue_page '{page.value}'"
                if page.given
                else f"catalogue_page (by default '{page.value}')"
            )
            findings.append(
                Finding(
                    page.mark,
                    "error",
                    "page-missing",
                    f"the smsdocs plugin's {setting} is not a page in {docs}/, so the service "
                    "pages would have no place in the manual; set catalogue_page to the "
                    f"catalogue's page in {docs}/, or create {docs}/{page.value}",
                )
            )
    for kind, page in config.pages:
        if not _is_page(root, docs, page.value):
            findings.append(
                Finding(
                    page.mark,
                    "error",
                    "page-missing",
                    f"the smsdocs plugin's pages: {kind}: '{page.value}' is not a page in "
                    f"{docs}/, so links to each {kind} would lead nowhere; name a page in "
                    f"{docs}/, or remove the entry",
                )
            )
    return findings


LANGUAGE_TAG: Final = re.compile(
    r"[A-Za-z]{2,3}(-[A-Za-z]{4})?(-(?:[A-Za-z]{2}|[0-9]{3}))?(-[A-Za-z0-9]{5,8}|-[0-9][A-Za-z0-9]{3})*"
)
"""A BCP 47 language tag as documents name their language: a language, then optionally a
script, a region and variants ('en', 'en-GB', 'sr-Latn-RS', 'es-419')."""


def language_findings(config: SiteConfig) -> list[Finding]:
    """A documents' language that is no language tag: Word and the PDF would name their text's
    language wrongly, so the check says where it is set and what it takes. A tag of a
    language smsdocs has no catalogue for (``words.catalogue``) is a warning: its own words
    stay English."""
    setting = config.language
    if setting is None:
        return []
    if LANGUAGE_TAG.fullmatch(setting.value):
        theme = config.theme_language.value if config.theme_language else "en"
        if primary(theme) != primary(setting.value) and LANGUAGE_TAG.fullmatch(theme):
            # The plugin's language only adds what the theme has no choice for (a region).
            return [
                Finding(
                    setting.mark,
                    "warning",
                    "language-mismatch",
                    f"the smsdocs plugin's language '{setting.value}' is another language than "
                    f"the theme's '{theme}'"
                    + ("" if config.theme_language else " (Material's default)")
                    + ", so the site's navigation and search would speak one language around "
                    "smsdocs's words in the other; set theme: language: to "
                    f"'{primary(setting.value)}' (the plugin's language then only adds the "
                    "region), or remove the plugin's language",
                )
            ]
        if catalogue(setting.value) is not None:
            return []
        return [
            Finding(
                setting.mark,
                "warning",
                "language-unsupported",
                f"smsdocs has no text in the language of '{setting.value}', so the words it "
                "writes itself (headers, labels, tables' headings) stay in English while the "
                "documents declare your language; choose one of "
                + ", ".join(f"'{language}'" for language in LANGUAGES)
                + ", or add a catalogue for yours (README 'Languages')",
            )
        ]
    return [
        Finding(
            setting.mark,
            "error",
            "language-tag",
            f"'{setting.value}' is not a language tag, so the documents could not say which "
            "language their text is in; write a BCP 47 tag: a language and, optionally, its "
            "country ('en', 'en-GB', 'de-CH')",
        )
    ]


def _is_page(root: Path, docs: str, page: str) -> bool:
    path = root / docs / page
    return path.suffix.lower() == ".md" and path.is_file()
