"""The chapters as a reader sees them: what the scope data says, shown as it says it."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.projects import PROJECTS, make_project
from helpers.site import build_in_git, read_page

KIND = "shared | rack <i>space</i> *for* [hire](https://example.com)"
"""A kind in the scope data's own words, with a table's cell divider and markup in it."""


@pytest.mark.slow
def test_a_kind_in_the_scope_datas_own_words_shows_as_written(tmp_path: Path) -> None:
    """A location's or a component's kind is free text: its cell shows it as written, with no
    cell split at its '|' and nothing in it read as markup."""
    project = make_project(tmp_path / "p", scope=PROJECTS / "minimal" / "scope")
    delivery = project / "scope" / "delivery.yaml"
    text = delivery.read_text(encoding="utf-8")
    for old in ("kind: office, country: GB", "kind: facility,"):
        assert old in text
        text = text.replace(old, old.replace(old.split()[1].rstrip(","), f'"{KIND}"'), 1)
    delivery.write_text(text, encoding="utf-8")
    build = build_in_git(project)
    assert build.returncode == 0, build.output
    shown = KIND[0].upper() + KIND[1:]
    context = read_page(build.site, "context/")
    assert f"Leeds office {shown} GB — Yes" in context.text
    inclusions = read_page(build.site, "inclusions/")
    assert f"Racks {shown} ColoCo Managed Hosting" in inclusions.text
    for page in (context, inclusions):
        assert "https://example.com" not in page.links
