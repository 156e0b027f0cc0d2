"""The project: the folders and settings each command takes from the project's root, read
once (``Project.at``) and handed to the site, the export, the bundle and the pack, so no two
of them derive one from the root in two ways.

Imports ``fonts`` and ``load``, nothing else of the package.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Final

from smsdocs.fonts import project_dirs
from smsdocs.load.site import CONFIG, LANGUAGE_TAG, export_folder, read_site_config

EXPORT_TEMPLATES: Final = Path("overrides") / "export"
"""Where the example project keeps its export templates (``smsdocs.typ``, ``reference.docx``):
``export/`` in its theme's folder, ``overrides`` (see ``load.site.export_folder``)."""
LOGOS: Final = ("logo.svg", "logo.png")
"""The names of the organisation's logo in the export folder, in order of choice."""
DIST: Final = "dist"
"""The folder the exports, the bundle and the audit pack are written to unless told otherwise."""
LANGUAGE: Final = "en"
"""The documents' language when mkdocs.yml names none (or names no language tag)."""
RELEASE_PATTERN: Final = "v*"
"""The release tags' pattern when mkdocs.yml gives the smsdocs plugin none."""


@dataclass(frozen=True, slots=True)
class Project:
    """Where a project's parts are, and the settings the commands share, as absolute paths:
    the tools smsdocs runs (git, pandoc, Typst, MkDocs) work in folders of their own."""

    root: Path
    """The project's folder (the one holding ``scope/`` and ``mkdocs.yml``)."""
    config: Path
    """Its ``mkdocs.yml``."""
    docs_dir: Path
    """The folder of its chapters: ``docs_dir`` in mkdocs.yml, ``docs`` unless set."""
    templates: Path
    """Its export folder, which it may not have (see ``own_templates``): ``export/`` in the
    theme's ``custom_dir``, where the site finds its theme; ``overrides/export`` where
    mkdocs.yml sets none. The PDF's cover logo (``logo.svg`` or ``logo.png``), the
    templates (``smsdocs.typ``, ``reference.docx``) and the fonts are found there."""
    fonts: tuple[Path, ...]
    """Its own font folders (``fonts/`` in ``templates``), those that exist."""
    dist: Path
    """Where its exports, bundle and audit pack go by default."""
    release_pattern: str
    """The glob its release tags match: the smsdocs plugin's ``release_pattern`` in
    mkdocs.yml, ``v*`` unless set."""
    language: str = LANGUAGE
    """The language of the manual's text, as a BCP 47 tag ('en-GB'), which the DOCX and the PDF
    declare: the smsdocs plugin's ``language`` in mkdocs.yml, else the theme's ``language``,
    else ``en``. Its primary language chooses the catalogue of the words smsdocs writes
    itself (``words.catalogue``: 'de-CH' reads the German one), English where there is none."""
    named: Path = Path()
    """The project's folder as the user named it (``.``, ``../manual``): messages show its
    paths through it (``as_named``)."""

    @classmethod
    def at(cls, root: Path) -> Project:
        """The project at ``root``, its settings read from its mkdocs.yml (without MkDocs:
        the check and the pack run where the site is never built)."""
        named, root = root, root.absolute()
        site = read_site_config(root)
        templates = root / export_folder(root, site)
        return cls(
            named=named,
            root=root,
            config=root / CONFIG,
            docs_dir=root / (site.docs_dir.value if site is not None else "docs"),
            templates=templates,
            fonts=project_dirs(templates) if _inside(templates, root) else (),
            dist=root / DIST,
            release_pattern=release_pattern(root / CONFIG),
            language=_language(site.language.value if site and site.language else LANGUAGE),
        )

    def as_named(self, path: Path) -> Path:
        """``path``, one of the project's, as the user would write it: through the folder
        as they named it (``dist`` from inside the project); a path outside it as it is."""
        try:
            return self.named / path.relative_to(self.root)
        except ValueError:
            return path

    @property
    def own_templates(self) -> Path | None:
        """The project's export folder, where it has one inside the project (a theme folder
        that leads out of it is the check's error, file-unreadable; nothing is read there)."""
        inside = _inside(self.templates, self.root)
        return self.templates if inside and self.templates.is_dir() else None

    @property
    def logo(self) -> Path | None:
        """The organisation's logo in the export folder (``logo_in``), where it has one."""
        return logo_in(self.own_templates)

    def shown(self, path: Path) -> str:
        """``path``, one of the project's, as messages name it (``shown_from``)."""
        return shown_from(self.root, path)


def shown_from(root: Path | None, path: Path) -> str:
    """``path`` as messages name it: from the project's ``root`` where it lies inside it
    (``theme/export/logo.svg``), any other path (or with no root) as it is."""
    if root is not None and path.is_relative_to(root):
        return path.relative_to(root).as_posix()
    return str(path)


def logo_in(folder: Path | None) -> Path | None:
    """The organisation's logo in the export folder ``folder``: ``logo.svg``, else
    ``logo.png``. The site's header and both exports' covers show this one file."""
    for name in LOGOS:
        if folder is not None and (folder / name).is_file():
            return folder / name
    return None


def _inside(path: Path, root: Path) -> bool:
    """Whether ``path`` stays inside ``root`` once its links are followed."""
    return path.resolve().is_relative_to(root.resolve())


def _language(tag: str) -> str:
    """A language tag as the documents write it ('en-GB'); the default for one that is none
    (``smsdocs check`` reports it)."""
    if not LANGUAGE_TAG.fullmatch(tag):
        return LANGUAGE
    language, _, rest = tag.partition("-")
    subtags = [language.lower()]
    for part in rest.split("-") if rest else []:
        subtags.append(part.upper() if len(part) == 2 else part.title() if len(part) == 4 else part)
    return "-".join(subtags)


def release_pattern(config: Path) -> str:
    """The ``release_pattern`` the mkdocs.yml at ``config`` gives the smsdocs plugin (``v*``
    unless set), read without MkDocs."""
    import yaml

    class Lenient(yaml.SafeLoader):
        """Reads mkdocs.yml's own tags (``!ENV``, ``!!python/name:``) as nothing."""

    Lenient.add_multi_constructor("", lambda loader, suffix, node: None)
    try:
        settings = yaml.load(config.read_bytes(), Lenient)
    except (OSError, yaml.YAMLError):
        return RELEASE_PATTERN
    plugins = settings.get("plugins") if isinstance(settings, dict) else None
    for plugin in plugins if isinstance(plugins, list) else []:
        options = plugin.get("smsdocs") if isinstance(plugin, dict) else None
        if isinstance(options, dict) and isinstance(options.get("release_pattern"), str):
            return str(options["release_pattern"])
    return RELEASE_PATTERN
