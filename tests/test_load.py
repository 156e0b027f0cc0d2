"""The loader: every malformed file becomes one clear finding with its position, never a crash."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from helpers.projects import Project
from smsdocs import load
from smsdocs.errors import InputError
from smsdocs.load import Map, Scalar, Seq, Source, load_bytes, load_project


def parse(text: str | bytes, name: str = "scope/x.yaml") -> Source:
    source = Source(root=Path())
    load_bytes(name, text.encode() if isinstance(text, str) else text, source)
    return source


def findings(text: str | bytes) -> list[str]:
    out: list[str] = []
    for f in parse(text).findings:
        out.append(str(f))
        out.extend(f"  {n.mark}: note: {n.message}" for n in f.notes)
    return out


def test_uses_libyaml_when_present() -> None:
    import yaml

    if not getattr(yaml, "__with_libyaml__", False):
        pytest.skip("this PyYAML was built without libyaml")
    assert load.LIBYAML
    assert load.yaml._Parser is yaml.CSafeLoader


def test_positions_are_one_based_and_exact() -> None:
    source = parse("services:\n  - id: web\n    units: [ops, dev]\n")
    (piece,) = source.pieces
    assert (piece.key.line, piece.key.column) == (1, 1)
    assert isinstance(piece.value, Seq)
    entry = piece.value.items[0]
    assert isinstance(entry, Map)
    key, value = entry.entries["units"]
    assert (key.line, key.column) == (3, 5)
    assert isinstance(value, Seq)
    assert [(i.line, i.column) for i in value.items] == [(3, 13), (3, 18)]


def test_scalars_keep_their_text() -> None:
    # YAML 1.1 would read these as False, 1.1 and a date; the contract reads them by field type.
    source = parse("x: {country: NO, version: 1.10, when: 2026-01-02, q: 'yes'}\n")
    node = source.pieces[0].value
    assert isinstance(node, Map)
    values = {k: v[1] for k, v in node.entries.items()}
    assert all(isinstance(v, Scalar) for v in values.values())
    assert [v.value for v in values.values() if isinstance(v, Scalar)] == [
        "NO",
        "1.10",
        "2026-01-02",
        "yes",
    ]


def test_merge_keys_fill_in_missing_fields_only() -> None:
    source = parse("base: &b {kind: office, country: GB}\nloc:\n  <<: *b\n  country: FR\n")
    loc = source.pieces[1].value
    assert isinstance(loc, Map)
    assert {k: v[1].value for k, v in loc.entries.items() if isinstance(v[1], Scalar)} == {
        "country": "FR",
        "kind": "office",
    }
    assert source.findings == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "a: 1\nb:\n  c: 2\n  c: 3\n",
            [
                "scope/x.yaml:4:3: error[key-duplicate]: duplicate key 'c'; YAML keeps only one of them, so merge the two or remove one",
                "  scope/x.yaml:3:3: note: 'c' first appears here",
            ],
            id="key-duplicate-nested",
        ),
        pytest.param(
            "services:\n  - {id: a, name: A, name: B}\n",
            [
                "scope/x.yaml:2:22: error[key-duplicate]: duplicate key 'name'; YAML keeps only one of them, so merge the two or remove one",
                "  scope/x.yaml:2:13: note: 'name' first appears here",
            ],
            id="key-duplicate-flow",
        ),
        pytest.param(
            "units:\n\t- id: ops\n",
            [
                "scope/x.yaml:2:1: error[yaml-tab]: tab character in indentation; YAML indents with spaces only, so replace the tab with spaces"
            ],
            id="yaml-tab",
        ),
        pytest.param(
            "a: 'never closed\nb: 2\n",
            [
                "scope/x.yaml:1:4: error[yaml-syntax]: found unexpected end of stream while scanning a quoted scalar; a quoted value or bracket is never closed",
                "  scope/x.yaml:3:1: note: the problem was found here",
            ],
            id="yaml-syntax-unclosed-quote",
        ),
        pytest.param(
            "a: 1\nb\nc: 2\n",
            [
                "scope/x.yaml:2:1: error[yaml-syntax]: could not find expected ':' while scanning a simple key; a line in a mapping needs 'key: value'",
                "  scope/x.yaml:3:1: note: the problem was found here",
            ],
            id="yaml-syntax-missing-colon",
        ),
        pytest.param(
            "name: a: b\n",
            [
                "scope/x.yaml:1:8: error[yaml-syntax]: mapping values are not allowed in this context; quote a value that contains ': ', or fix the indentation"
            ],
            id="yaml-syntax-colon-in-value",
        ),
        pytest.param(
            "a: 1\n---\nb: 2\n",
            [
                "scope/x.yaml:2:1: error[yaml-syntax]: a second YAML document starts here; a scope file holds one document, so remove the '---' line or split the file"
            ],
            id="yaml-syntax-two-documents",
        ),
        pytest.param(
            "a: *nowhere\n",
            [
                "scope/x.yaml:1:4: error[yaml-syntax]: alias '*nowhere' names no anchor; define '&nowhere' before using it"
            ],
            id="yaml-syntax-undefined-alias",
        ),
        pytest.param(
            "a: &a [1, *a]\n",
            [
                "scope/x.yaml:1:11: error[yaml-alias]: alias '*a' refers to the node that contains it; recursive structures are not allowed"
            ],
            id="yaml-alias-recursive",
        ),
        pytest.param(
            "x: !!python/object/apply:os.system [ls]\n",
            [
                "scope/x.yaml:1:4: error[yaml-tag]: tag '!!python/object/apply:os.system' is not allowed in scope data; remove it and write plain values"
            ],
            id="yaml-tag",
        ),
        pytest.param(
            "x: !custom value\n",
            [
                "scope/x.yaml:1:4: error[yaml-tag]: tag '!custom' is not allowed in scope data; remove it and write plain values"
            ],
            id="yaml-tag-local",
        ),
        pytest.param(
            b"\xef\xbb\xbfa: 1\n",
            [
                "scope/x.yaml:1:1: error[yaml-bom]: file starts with a byte-order mark; save it as UTF-8 without BOM"
            ],
            id="yaml-bom",
        ),
        pytest.param(
            b"a: 1\nname: caf\xe9\n",
            [
                "scope/x.yaml:2:10: error[yaml-encoding]: byte 0xe9 is not valid UTF-8; save the file as UTF-8"
            ],
            id="yaml-encoding-latin1",
        ),
        pytest.param(
            "\ufeff".encode("utf-16"),
            ["scope/x.yaml:1:1: error[yaml-encoding]: file is UTF-16; save it as UTF-8"],
            id="yaml-encoding-utf16",
        ),
        pytest.param(
            "a: b\x07c\n",
            [
                "scope/x.yaml:1:5: error[yaml-encoding]: file contains control character U+0007; remove it or write it as an escape in double quotes"
            ],
            id="yaml-encoding-control",
        ),
        pytest.param(
            "# only a comment\n\n",
            [
                "scope/x.yaml:1:1: error[yaml-empty]: file holds no data; add a section such as 'services:' or delete the file"
            ],
            id="yaml-empty-comments",
        ),
        pytest.param(
            "",
            [
                "scope/x.yaml:1:1: error[yaml-empty]: file holds no data; add a section such as 'services:' or delete the file"
            ],
            id="yaml-empty",
        ),
        pytest.param(
            "- id: a\n",
            [
                "scope/x.yaml:1:1: error[type-mismatch]: a scope file is a mapping of sections (such as 'services:'), not a list"
            ],
            id="type-mismatch-root",
        ),
        pytest.param(
            "? [a, b]\n: c\n",
            [
                "scope/x.yaml:1:3: error[yaml-syntax]: a list cannot be a key; keys are plain names such as 'id'"
            ],
            id="yaml-syntax-complex-key",
        ),
    ],
)
def test_malformed_file(text: str | bytes, expected: list[str]) -> None:
    assert findings(text) == expected


def test_crlf_line_endings_are_fine() -> None:
    source = parse(b"a: 1\r\nb:\r\n  - x\r\n")
    assert source.findings == []
    assert [p.name for p in source.pieces] == ["a", "b"]


def test_deep_nesting_is_refused_without_crashing() -> None:
    # PyYAML's own C composer segfaults on this; the loader stops at its depth limit.
    depth = 100_000
    text = "a: " + "[" * depth + "]" * depth + "\n"
    # Where: at the 64th bracket, or at the 1,000th where libyaml (0.2.6 on) stops first.
    (found,) = findings(text)
    assert found in [
        f"scope/x.yaml:1:{column}: error[yaml-too-deep]: nesting deeper than "
        f"{load.MAX_DEPTH} levels; scope data never nests this deep, so check for runaway "
        "brackets or indentation"
        for column in (4 + load.MAX_DEPTH - 1, 4 + 1000 - 1, 4 + 1000)
    ]


def test_alias_bomb_is_refused_early() -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for i, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[i]
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    result = findings("\n".join(lines) + "\n")
    assert len(result) == 1
    assert "error[yaml-alias]: aliases in this file expand to more than 100,000 nodes" in result[0]
    assert result[0].startswith("scope/x.yaml:6:")


def test_small_aliases_are_allowed() -> None:
    source = parse("shared: &c [acme, globex]\nservices:\n  - {id: a, customers: *c}\n")
    assert source.findings == []


# -- whole projects ------------------------------------------------------------------------------


def test_missing_scope_folder_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no scope folder here"):
        load_project(tmp_path)


def test_empty_scope_folder(tmp_path: Path) -> None:
    (tmp_path / "scope").mkdir()
    (tmp_path / "scope" / "notes.txt").write_text("not yaml")
    assert [str(f) for f in load_project(tmp_path).findings] == [
        "scope/: error[scope-empty]: the scope folder holds no .yaml files; add the scope "
        "sections ('smsdocs init DIR' creates them, with placeholders to fill in)"
    ]


def test_files_are_read_sorted_and_recursively(minimal: Project) -> None:
    minimal.write("services/b.yml", "services: []\n")
    minimal.write("services/a.yaml", "services: []\n")
    minimal.write(".hidden.yaml", "not: [valid\n")
    minimal.write("README.md", "ignored")
    assert load_project(minimal.root).files == [
        "scope/delivery.yaml",
        "scope/documents.yaml",
        "scope/exclusions.yaml",
        "scope/org.yaml",
        "scope/people.yaml",
        "scope/processes.yaml",
        "scope/services.yaml",
        "scope/services/a.yaml",
        "scope/services/b.yml",
    ]


def test_list_sections_concatenate_across_files(minimal: Project) -> None:
    text = minimal.read("services.yaml")
    head, second = text.split("  - id: backup\n")
    minimal.write("services.yaml", head)
    # scope/services/more.yaml sorts after scope/services.yaml, so its entries come last.
    minimal.write("services/more.yaml", "services:\n  - id: backup\n" + second)
    checked = minimal.check()
    assert checked.findings == ()
    assert checked.scope is not None
    assert [s.id for s in checked.scope.services] == ["hosting", "backup", "print"]


def test_syntax_error_does_not_cascade_into_reference_errors(minimal: Project) -> None:
    # Every entry names stakeholders 'boss' or 'manager'; with people.yaml unparsable, a
    # reference check would bury the one real problem under thirty false ones.
    minimal.write("people.yaml", "stakeholders:\n  - {id: boss, name: [unclosed\n")
    assert minimal.findings() == [
        "scope/people.yaml:2:22: error[yaml-syntax]: did not find expected ',' or ']' while "
        "parsing a flow sequence; the '[' opened here is never closed, or items lack commas",
        "  scope/people.yaml:3:1: note: the problem was found here",
    ]


def test_folder_named_like_a_yaml_file(minimal: Project) -> None:
    (minimal.root / "scope" / "drafts.yaml").mkdir()
    assert minimal.findings() == [
        "scope/drafts.yaml: error[file-unreadable]: is a folder, not a file; rename it so it "
        "does not end in .yaml"
    ]


def test_symlink_outside_the_project(minimal: Project, tmp_path: Path) -> None:
    outside = tmp_path / "secret.yaml"
    outside.write_text("stakeholders: []\n")
    (minimal.root / "scope" / "link.yaml").symlink_to(outside)
    assert minimal.findings() == [
        f"scope/link.yaml: error[file-unreadable]: links to {outside.resolve()}, outside the "
        "project; copy the file into scope/ instead"
    ]


def test_dangling_symlink(minimal: Project, tmp_path: Path) -> None:
    (minimal.root / "scope" / "gone.yaml").symlink_to(tmp_path / "nowhere.yaml")
    (line,) = minimal.findings()
    assert line.startswith("scope/gone.yaml: error[file-unreadable]: cannot read this file (")


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read files whatever their mode")
def test_unreadable_file(minimal: Project) -> None:
    path = minimal.path("people.yaml")
    path.chmod(0)
    try:
        assert minimal.findings() == [
            "scope/people.yaml: error[file-unreadable]: cannot read this file (permission "
            "denied); check its permissions"
        ]
    finally:
        path.chmod(0o644)


def test_oversized_file_is_refused_before_reading(minimal: Project) -> None:
    with minimal.path("huge.yaml").open("w") as handle:
        handle.write("# padding\n" * (load.MAX_FILE_BYTES // 10 + 1))
    assert minimal.findings() == [
        "scope/huge.yaml: error[yaml-too-large]: file is 10.0 MiB, over the 10 MiB limit for "
        "a scope file; split it into several files under scope/"
    ]


def test_gc_pause_restores_the_collector_state() -> None:
    import gc

    assert gc.isenabled()
    with load.gc_paused():
        assert not gc.isenabled()
        with load.gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(RuntimeError), load.gc_paused():
        raise RuntimeError
    assert gc.isenabled()
    gc.disable()
    try:
        with load.gc_paused():
            pass
        assert not gc.isenabled(), "a caller's own pause must be left alone"
    finally:
        gc.enable()
