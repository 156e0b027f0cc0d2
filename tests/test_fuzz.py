"""Property: whatever a user does to the scope files, load and validate return findings, never raise."""

from __future__ import annotations

import copy
import functools
import os
import posixpath
import re
import subprocess
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st

from helpers.contract import JsonLikeLoader, model_classes
from helpers.fonts import PNG, REFUSED, SHOWN
from helpers.hostile import TEXT_KEYS, ZOO, bad_addresses, render_everything
from helpers.projects import GIT_ENV, PROJECTS, REPO, TODAY, commit_all, make_project
from helpers.runs import run_export
from smsdocs import fonts, sanitise
from smsdocs.errors import Finding
from smsdocs.export.typst import drawn
from smsdocs.load import Source, load_bytes
from smsdocs.render.links import relative
from smsdocs.validate import Checked, check, validate
from smsdocs.validate.text import CONTROL_RE, MAX_NESTING

CODE = re.compile(r"^[a-z]+(-[a-z]+)+$")


def _read(root: Path) -> dict[str, Any]:
    return {
        p.relative_to(root).as_posix(): yaml.safe_load(p.read_text(encoding="utf-8"))
        for p in sorted((root / "scope").rglob("*.yaml"))
    }


def _dump(data: Any) -> bytes:
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(data, Dumper=dumper, allow_unicode=True).encode()


BASES = {"minimal": _read(PROJECTS / "minimal"), "example": _read(REPO)}

HOSTILE = [
    "<script>alert(1)</script>",
    "{{ 7*7 }}",
    "{% raw %}",
    "[click](javascript:alert(1))",
    "```{=html}\n<script>alert(2)</script>\n```",
    *ZOO,
    "2026-02-30",
    "NO",
    "1.10",
    "8.6.1",
    "process",
    "",
    " ",
    "a" * 500,
]
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(HOSTILE),
)
garbage = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.text(max_size=12), children, max_size=4),
    ),
    max_leaves=12,
)


def _ids(node: Any) -> list[str]:
    """Every id in a project, so a mutation can point a reference at the wrong kind of entry."""
    return sorted(
        {
            c["id"]
            for c in _containers(node, [])
            if isinstance(c, dict) and isinstance(c.get("id"), str)
        }
    )


def _containers(node: Any, out: list[Any]) -> list[Any]:
    if isinstance(node, dict | list):
        out.append(node)
        for child in node.values() if isinstance(node, dict) else node:
            _containers(child, out)
    return out


@st.composite
def mutated_project(draw: st.DrawFn) -> dict[str, bytes]:
    base = draw(st.sampled_from(sorted(BASES)))
    files: dict[str, Any] = copy.deepcopy(BASES[base])
    names = sorted(files)
    replacement = st.one_of(st.sampled_from(HOSTILE + _ids(files)), garbage)
    for _ in range(draw(st.integers(1, 6))):
        name = draw(st.sampled_from(names))
        containers = _containers(files[name], [])
        if not containers:
            continue
        target = draw(st.sampled_from(containers))
        action = draw(st.sampled_from(["drop", "swap", "rename", "insert", "ref"]))
        keys = list(target) if isinstance(target, dict) else list(range(len(target)))
        if not keys:
            continue
        key = draw(st.sampled_from(keys))
        if action == "drop":
            del target[key]
        elif action == "swap":
            target[key] = draw(replacement)
        elif action == "rename" and isinstance(target, dict):
            target[draw(st.text(min_size=1, max_size=15))] = target.pop(key)
        elif action == "insert":
            if isinstance(target, dict):
                target[draw(st.text(max_size=15))] = draw(replacement)
            else:
                target.insert(draw(st.integers(0, len(target))), draw(replacement))
        elif isinstance(target[key], str):
            # Break a reference (or any text) the way a typo would.
            target[key] = target[key][::-1] or "x"
    out = {name: _dump(data) for name, data in files.items()}
    if draw(st.booleans()):
        # Corrupt one file's raw bytes: the YAML itself may no longer parse.
        name = draw(st.sampled_from(names))
        data = out[name]
        at = draw(st.integers(0, len(data)))
        out[name] = data[:at] + draw(st.binary(max_size=8)) + data[at:]
    return out


def check_bytes(files: dict[str, bytes]) -> Checked:
    source = Source(root=Path("/nonexistent"))
    for name, data in sorted(files.items()):
        source.files.append(name)
        load_bytes(name, data, source)
    return validate(source, today=TODAY)


# What no rendered page or chart may hold, whatever the scope says: markup that would run
# (the hostile strings above are among the values the fuzzer plants; as escaped text they
# are harmless). Pages also go through the macro engine, so no template delimiters either,
# except in a generated page's front matter, which is data for MkDocs and turns macros off.
FORBIDDEN = ("<script", "](javascript:", 'href="javascript:')
TEMPLATE = ("{{", "{%")


# Fenced code (in a quote too) is shown as code, HTML-escaped, so what it holds is inert.
CODE_BLOCK = re.compile(r"^(?:> ?)*(`{3,}|~{3,}).*?^(?:> ?)*\1[ \t]*$", re.M | re.S)


def assert_inert(name: str, shown: str) -> None:
    """No markup that would run, in a chart, a page's front matter (data for MkDocs, which
    also turns macros off for the page) or its body (Markdown that goes through macros)."""
    shown = CODE_BLOCK.sub("", shown)
    lowered = shown.lower().replace(" ", "")
    assert "<script" not in lowered and '="javascript:' not in lowered, name
    if shown.startswith("<svg"):
        return  # a chart: a file of its own, never Markdown or a template
    body = shown.split("\n---\n", 1)[1] if shown.startswith("---\n") else shown
    compact = body.lower().replace(" ", "")
    for bad in FORBIDDEN:
        assert bad not in compact, (name, bad)
    for bad in TEMPLATE:
        assert bad not in body, (name, bad)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_project())
@pytest.mark.fuzz
def test_mutations_only_ever_produce_findings(files: dict[str, bytes]) -> None:
    checked = check_bytes(files)
    for finding in checked.findings:
        assert isinstance(finding, Finding)
        assert finding.mark.file in files or finding.mark.file == "scope/"
        assert finding.mark.line >= 0
        assert CODE.match(finding.code), finding.code
        assert finding.message
        assert "Traceback" not in finding.message
    if checked.errors == 0:
        assert checked.scope is not None
        for name, shown in render_everything(checked.scope).items():
            assert isinstance(shown, str), name
            assert_inert(name, shown)


@st.composite
def hostile_text(draw: st.DrawFn) -> dict[str, bytes]:
    """A valid project whose free-text fields say hostile things."""
    files: dict[str, Any] = copy.deepcopy(BASES[draw(st.sampled_from(sorted(BASES)))])
    hostile = HOSTILE[: 5 + len(ZOO)]
    texts = st.one_of(
        st.sampled_from(hostile),
        st.lists(st.sampled_from(hostile), min_size=2, max_size=4).map("\n\n".join),
        st.text(min_size=1, max_size=40),
    )
    for name in sorted(files):
        for container in _containers(files[name], []):
            if not isinstance(container, dict):
                continue
            for key, value in container.items():
                if key in TEXT_KEYS and isinstance(value, str) and draw(st.booleans()):
                    container[key] = draw(texts)
    return {name: _dump(data) for name, data in files.items()}


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_text())
@pytest.mark.fuzz
def test_hostile_text_renders_inert(files: dict[str, bytes]) -> None:
    checked = check_bytes(files)
    if checked.scope is None:  # text that breaks a rule (an empty name, say) is a finding
        assert checked.errors > 0
        return
    for name, shown in render_everything(checked.scope).items():
        assert_inert(name, shown)
        if not shown.startswith("<svg") and _PLANTED.search(shown):
            page = sanitise.clean_html(_site_markdown().reset().convert(shown))
            assert bad_addresses(page) == [], (name, shown)


_PLANTED = re.compile(r"alert|tracker|script:|data:|file:", re.I)


@functools.cache
def _site_markdown() -> markdown.Markdown:
    """Python-Markdown as the example's mkdocs.yml sets it up, with smsdocs's extension."""
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    names = [e if isinstance(e, str) else next(iter(e)) for e in config["markdown_extensions"]]
    return markdown.Markdown(extensions=[*names, sanitise.SafeLinksExtension()])


def test_every_renderer_is_fuzzed() -> None:
    checked = check_bytes({name: _dump(data) for name, data in BASES["example"].items()})
    assert checked.scope is not None
    rendered = render_everything(checked.scope)
    names = {name.partition(":")[0] for name in rendered}
    assert {"service_page", "dependency_svg", "service_catalogue", "clause_matrix"} <= names
    assert len(names) > 30


def test_unmutated_bases_are_clean() -> None:
    for base in BASES.values():
        files = {name: _dump(data) for name, data in base.items()}
        assert check_bytes(files).findings == ()


_SEGMENT = st.sampled_from(["catalogue", "cloud", "cloud-platform", "a", "index.md", "x.md"])


@given(
    st.lists(_SEGMENT, min_size=1, max_size=4).map("/".join),
    st.lists(_SEGMENT, max_size=3).map("/".join),
)
@pytest.mark.fuzz
def test_relative_links_are_what_relpath_gives(target: str, here: str) -> None:
    assert relative(target, here) == posixpath.relpath(target, here or ".")


# -- the JSON Schema and the check judge every value alike ---------------------------------


def _contract_fields() -> dict[str, list[tuple[type, Any]]]:
    """Every field of the contract that holds a value (not a nested entry), by kind."""
    from smsdocs import model
    from smsdocs.schema import fields_of

    kinds: dict[str, list[tuple[type, Any]]] = {}
    for cls in model_classes():
        if cls is model.Scope:
            continue
        for spec in fields_of(cls).values():
            if spec.item is not None:
                continue
            reference = spec.is_id or spec.ref is not None or spec.target
            kind = {"str": "id" if reference else "text", "list": "list"}.get(
                spec.shape, spec.shape
            )
            if kind == "list" and spec.ref is not None:
                kind = "list-of-ids"
            kinds.setdefault(kind, []).append((cls, spec))
    return kinds


_FIELDS = _contract_fields()
_PRINTABLE = st.characters(blacklist_categories=("Cc", "Cs"))
_SCALARS = st.one_of(
    st.text(_PRINTABLE, max_size=12),
    st.sampled_from(["", "   ", "a-1", "Managed Hosting", "live", "2026-02-30", "yes", "1.5"]),
    st.integers(-(10**20), 10**20),
    # Below 1e16, where a YAML writer still writes a float with its digits (1e+16 is no id).
    st.floats(min_value=-1e15, max_value=1e15, allow_nan=False),
    st.sampled_from([2.0, -3.0, 0.5, 1e9]),
    st.booleans(),
    st.none(),
    st.dates(min_value=__import__("datetime").date(1, 1, 1)),
)


def _value_for(kind: str) -> st.SearchStrategy[Any]:
    if kind.startswith("list"):
        return st.one_of(st.lists(_SCALARS, max_size=3), _SCALARS)
    return _SCALARS


def _check_accepts(cls: type, spec: Any, written: str) -> bool:
    """Whether the check's reading of one field (pass 1; a reference's form, since no schema
    can know which ids exist) accepts the value as ``written`` in a file."""
    from smsdocs.load.yaml import Map, Scalar, Seq, compose
    from smsdocs.sanitise import Refusals
    from smsdocs.validate.report import Report
    from smsdocs.validate.shape import _INVALID, _Fields, _value, valid_id

    findings: list[Finding] = []
    root = compose("scope/x.yaml", written, findings)
    if findings or not isinstance(root, Map):
        return False
    node = root.entries["v"][1]
    report = Report([])
    got = _value(_Fields(report, Refusals(), [], []), spec, node, "the field", cls)
    if got is _INVALID or report.has_errors():
        return False
    if got is None:  # left empty: as if not given
        return not spec.required
    if spec.ref is not None or spec.target:
        texts = [i.value for i in node.items] if isinstance(node, Seq) else [node.value]
        return isinstance(node, Scalar | Seq) and all(valid_id(t) for t in texts)
    if spec.pattern is not None:  # text of a fixed form, which its own rule checks (a hash)
        return isinstance(got, str) and re.fullmatch(spec.pattern, got) is not None
    return True


@functools.cache
def _field_validator(cls: type, name: str) -> Any:
    import jsonschema

    from smsdocs.schema import json_schema

    schema = json_schema()
    prop = schema["$defs"][cls.__name__]["properties"][name]
    # Formats are asserted, as check-jsonschema and editors do: 2026-02-30 is no date.
    return jsonschema.Draft202012Validator(
        {"$defs": schema["$defs"], **prop},
        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
    )


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def _agreement(kind: str, data: st.DataObject) -> None:

    cls, spec = data.draw(st.sampled_from(_FIELDS[kind]), label="field")
    value = data.draw(_value_for(kind), label="value")
    written = yaml.safe_dump({"v": value}, allow_unicode=True)
    as_json = yaml.load(written, Loader=JsonLikeLoader)["v"]
    schema = _field_validator(cls, spec.name).is_valid(as_json)
    check = _check_accepts(cls, spec, written)
    assert schema == check, (cls.__name__, spec.name, written, "schema" if schema else "check")


@pytest.mark.parametrize("kind", sorted(_FIELDS))
@pytest.mark.fuzz
def test_the_schema_and_the_check_agree_on_every_field(kind: str) -> None:
    """For every field of the contract, by kind of field (text, id, whole number, date, one
    of a set, list): a value the JSON Schema accepts, the check accepts, and the reverse.
    `hours: 24`, `id: 123` and `likelihood: 2.0` pass both; `name: "   "`, `likelihood: true`
    and `id: 1.5` fail both."""
    _agreement(kind)


# -- text the documents must hold, planted in a whole project and exported ----------------------

CONTROLS = ["\x1b[2J", "\x00", "\x07", "\x08", "\x0b", "\x7f", "\x85", "\x9b31m"]
DIRECTIONS = ["\u202e", "\u202b", "\u2067", "\u2069", "\u200f", "\u2066\u202d"]
WORDS = [*SHOWN.values(), *(name for name, _ in REFUSED.values()), "\ue000", "plain"]
_planted_text = st.lists(
    st.one_of(st.sampled_from(WORDS), st.sampled_from(CONTROLS), st.sampled_from(DIRECTIONS)),
    min_size=1,
    max_size=4,
).map(" ".join)


@st.composite
def planted_chapter(draw: st.DrawFn) -> str:
    """Lines added to a chapter: an image in running text (in a list, a quote or a table
    too), quotes and lists nested 1 to 30 deep, and text in any script, with controls."""
    alt = draw(st.one_of(st.just(""), st.sampled_from(WORDS)))
    image = f"![{alt}](chart.png" + draw(st.sampled_from(["", ' "a title"'])) + ")"
    around = draw(st.sampled_from(["Before {} after.", "- item {} here", "> {} quoted", "{}"]))
    lines = [around.format(image), ""]
    if draw(st.booleans()):
        lines += ["| a | b |", "| --- | --- |", f"| {image} | x |", ""]
    depth = draw(st.one_of(st.integers(1, MAX_NESTING), st.integers(1, 30)))
    kind = draw(st.sampled_from(["quote", "list", "mixed"]))
    for level in range(depth):
        if kind == "quote" or (kind == "mixed" and level % 2):
            lines.append("> " * (level + 1) + "deep")
        else:
            lines.append("  " * level + "- deep")
    words = draw(st.one_of(st.sampled_from(list(SHOWN.values())), _planted_text))
    lines += ["", "Words: " + words, ""]
    return "\n".join(lines)


_EXPORTS = {"fast": 2, "default": 8, "fuzz": 40}.get(os.environ.get("HYPOTHESIS_PROFILE", ""), 8)


@settings(
    deadline=None,
    max_examples=_EXPORTS,
    # An example is a whole export: a failing one is reported as found, not made smaller.
    phases=(Phase.explicit, Phase.reuse, Phase.generate),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    name=st.one_of(st.sampled_from(list(SHOWN.values())), _planted_text),
    chapter=planted_chapter(),
    message=_planted_text,
)
@pytest.mark.fuzz
@pytest.mark.export
@pytest.mark.slow
def test_planted_text_exports_or_is_refused_by_the_check(
    tmp_path_factory: pytest.TempPathFactory, name: str, chapter: str, message: str
) -> None:
    """Control characters, ten scripts and more, images in running text and deep nesting,
    planted in a name, a chapter and a release tag's message: the export writes the PDF and
    the DOCX, or the check refuses the project naming the place; never an engine's error."""
    project = make_project(
        tmp_path_factory.mktemp("planted") / "p", scope=PROJECTS / "minimal" / "scope"
    )
    person = {"id": "s-planted", "name": name, "role": "staff"}
    (project / "scope" / "names.yaml").write_bytes(_dump({"stakeholders": [person]}))
    context = project / "docs" / "context.md"
    context.write_text(context.read_text(encoding="utf-8") + "\n\n" + chapter, encoding="utf-8")
    (project / "docs" / "chart.png").write_bytes(PNG)
    commit_all(project)
    note = project.parent / "message.txt"  # a file, since an argument cannot hold a NUL
    note.write_text(f"v0.9.0: {message}\n", encoding="utf-8")
    subprocess.run(
        ["git", "tag", "-a", "v0.9.0", "-F", str(note)],
        cwd=project,
        check=True,
        env={**os.environ, **GIT_ENV},
    )
    checked = check(project, today=TODAY)
    errors = [f for f in checked.findings if f.severity == "error"]
    run = run_export(project)
    event("refused: " + ", ".join(sorted({f.code for f in errors})) if errors else "exported")
    if errors:
        # A name of controls and spaces alone is no name: 'field-missing'.
        planted = {"text-font", "text-control", "text-nesting", "field-missing"}
        assert {f.code for f in errors} <= planted, errors
        assert all(f.mark.line > 0 for f in errors), errors
        assert run.returncode == 1
        assert "Typst" not in run.stderr and "pandoc" not in run.stderr, run.stderr
        assert "Traceback" not in run.stderr, run.stderr
        return
    assert run.returncode == 0, run.stderr
    assert len(list((project / "dist").glob("*.pdf"))) == 1
    assert len(list((project / "dist").glob("*.docx"))) == 1


_CHECKS = {"fast": 20, "default": 100, "fuzz": 1000}.get(
    os.environ.get("HYPOTHESIS_PROFILE", ""), 100
)


@settings(deadline=None, max_examples=_CHECKS)
@given(st.lists(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=40))
@pytest.mark.fuzz
@pytest.mark.export
def test_every_character_the_check_accepts_is_drawn_in_the_pdf(chars: list[str]) -> None:
    """Any character the check lets through (one some font covers, or none needs) Typst
    draws in a PDF/A file with the fonts smsdocs gives it, and no others."""
    covered = fonts.coverage(fonts.shipped_dirs())
    accepted = [
        char
        for char in dict.fromkeys(chars)
        if not fonts.missing(char, covered) and not CONTROL_RE.search(char)
    ]
    assert drawn(accepted) == accepted
