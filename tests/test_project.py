"""The project's folders and settings, read once from its root (``Project.at``): what the site,
the export, the bundle and the audit pack are all given, so none derives them another way."""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

from helpers.projects import PROJECTS, make_project
from smsdocs.project import Project


def test_a_project_is_read_from_its_root_as_absolute_paths(tmp_path: Path) -> None:
    root = make_project(tmp_path / "manual", PROJECTS / "minimal" / "scope")
    with contextlib.chdir(tmp_path):
        project = Project.at(Path("manual"))
    assert project.root == root.absolute()
    assert project.config == root / "mkdocs.yml"
    assert project.docs_dir == root / "docs"
    assert project.dist == root / "dist"
    assert project.templates == root / "overrides" / "export"
    assert project.own_templates == root / "overrides" / "export"
    assert project.release_pattern == "v*"
    assert project.fonts == ()  # the example ships no fonts of its own
    # Messages name the project's paths as the user named the project.
    assert project.as_named(project.dist) == Path("manual/dist")
    assert project.as_named(tmp_path / "elsewhere") == tmp_path / "elsewhere"
    assert Project.at(root).as_named(project.dist) == root / "dist"


def test_the_settings_follow_mkdocs_yml(tmp_path: Path) -> None:
    root = make_project(tmp_path / "manual", PROJECTS / "minimal" / "scope")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  - smsdocs:\n" in text
    text = text.replace("  - smsdocs:\n", "  - smsdocs:\n      release_pattern: 'scope-*'\n")
    config.write_text("docs_dir: chapters\n" + text, encoding="utf-8")
    (root / "overrides" / "export" / "fonts").mkdir()
    project = Project.at(root)
    assert project.docs_dir == root / "chapters"
    assert project.release_pattern == "scope-*"
    assert project.fonts == (root / "overrides" / "export" / "fonts",)


def test_the_documents_language_is_the_plugins_else_the_themes_else_english(
    tmp_path: Path,
) -> None:
    root = make_project(tmp_path / "manual", PROJECTS / "minimal" / "scope")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    plugin = re.compile(r"      language: en-GB\b.*\n")
    assert plugin.search(text) and "\n  language: en\n" in text
    assert Project.at(root).language == "en-GB"
    without = plugin.sub("", text)
    config.write_text(without, encoding="utf-8")
    assert Project.at(root).language == "en"
    config.write_text(without.replace("  language: en\n", "  language: de\n"), encoding="utf-8")
    assert Project.at(root).language == "de"
    config.write_text(plugin.sub("      language: pt-br\n", text), encoding="utf-8")
    assert Project.at(root).language == "pt-BR"
    config.write_text(plugin.sub("      language: British\n", text), encoding="utf-8")
    assert Project.at(root).language == "en"  # smsdocs check says why (language-tag)


def test_a_project_without_templates_or_a_readable_config_has_the_defaults(
    tmp_path: Path,
) -> None:
    (tmp_path / "scope").mkdir()
    (tmp_path / "mkdocs.yml").write_bytes(b"plugins: [\n")  # not YAML: MkDocs says why
    project = Project.at(tmp_path)
    assert project.own_templates is None
    assert project.docs_dir == tmp_path / "docs"
    assert project.release_pattern == "v*"
