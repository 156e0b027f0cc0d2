"""The chapters as a reader sees them: what the scope data says, shown as it says it."""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from helpers.hostile import TEXT_KEYS
from helpers.projects import PROJECTS, REPO, TODAY, make_project
from helpers.site import build_in_git, read_page
from smsdocs import render
from smsdocs.model import Change, Release, ReleaseRecord
from smsdocs.render import doc
from smsdocs.render.context import MEDIA, Download
from smsdocs.validate import check

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


# -- smsdocs's own words never carry the scope data's ------------------------------------------

PLANTED = "*planted* <b>|x|</b> [y](#z) `q` {{ w }} \\ _u_"
"""Text with every character a writer reads as markup, planted in every free-text field."""

MARKUP = set("*_[]<>{}|#`\\")
"""What :class:`doc.Words` never holds: a writer writes its words as they are."""


def _plant(node: Any, section: str = "") -> None:
    """Every free-text field of ``node`` (and a component's or location's kind) says PLANTED."""
    if isinstance(node, dict):
        for key, value in node.items():
            free = key in TEXT_KEYS or (key == "kind" and section in ("components", "locations"))
            if key in ("approach", "target") and section in ("implementation", "exclusions"):
                free = False  # one of the contract's words; an exclusion's target is an id
            if free and isinstance(value, str):
                node[key] = f"{PLANTED} {key}: {value}"
            else:
                _plant(value, key if isinstance(value, list | dict) else section)
    elif isinstance(node, list):
        for item in node:
            _plant(item, section)


def _words(node: object) -> Iterator[str]:
    """Every :class:`doc.Words` in a fragment's blocks, however deep."""
    if isinstance(node, doc.Words):
        yield node.value
    elif isinstance(node, tuple):
        for item in node:
            yield from _words(item)
    elif dataclasses.is_dataclass(node):
        for field in dataclasses.fields(node):
            yield from _words(getattr(node, field.name))


@pytest.mark.parametrize("project", ["minimal", "example"])
def test_no_fragment_writes_the_scope_datas_text_as_its_own_words(
    project: str, tmp_path: Path
) -> None:
    """Text from YAML is Text, which each writer escapes for its output; a fragment that put
    it in Words (written as it is) would show a name with a '*' or a '|' as markup."""
    root = tmp_path / project
    source = PROJECTS / "minimal" if project == "minimal" else REPO
    shutil.copytree(source / "scope", root / "scope")
    for path in sorted((root / "scope").rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        _plant(data)
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    checked = check(root, today=TODAY)
    assert checked.scope is not None, [str(f) for f in checked.findings if "error" in str(f)]
    records = [
        ReleaseRecord(
            f"v1.{n}.0",
            f"2026-0{n + 1}-01",
            PLANTED,
            PLANTED,
            (Change("services", "x", "changed", (("name", PLANTED, "b"),), name=PLANTED),),
            signature=f"verified: {PLANTED}",
        )
        for n in range(3)
    ]
    checked_words = 0
    for medium in MEDIA:
        ctx = render.Context(
            checked.scope,
            render.Links(page="index.md"),
            TODAY,
            Release(PLANTED, "Approved", PLANTED),
            page_clauses={"index.md": ["4.3"]},
            page_titles={"index.md": PLANTED},
            releases=lambda: records,
            history_unavailable="",
            downloads=(Download(PLANTED, 1, "ab"),),
            dated=TODAY,
            medium=medium,
        )
        for name, fragment in render.macros().items():
            shown = fragment(ctx)
            if isinstance(shown, str):
                assert name == "scope_statement"  # Markdown until the model has a quotation
                continue
            for words in _words(shown):
                checked_words += 1
                assert not MARKUP & set(words), f"{name} writes {words!r} as its own words"
    assert checked_words > 500
