"""The adversarial corpus: hostile or broken scope files, through the commands a user runs.

Each case goes into a copy of the minimal project and through ``smsdocs check`` and
``mkdocs build``, as separate processes. Every one ends in a clean error that names the
file and line (where there is one), with no traceback, in a few seconds and bounded memory,
and a failed build leaves no site behind. The small cases are files in tests/adversarial/;
the large ones are made here.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from helpers.projects import PROJECTS, make_project
from helpers.runs import SMSDOCS

CORPUS = Path(__file__).parent / "adversarial"
SECONDS = 10.0
"""The most a case may take, per command (a check takes well under one; a build a few)."""
MEMORY_MIB = 400
"""The most memory a command may use on a case (the minimal project needs about 100 MiB)."""


@dataclass(frozen=True)
class Case:
    name: str
    make: Callable[[Path], None]
    shown: tuple[str, ...]
    """Text that ``smsdocs check`` must print (the file, line and column, and the code)."""


def corpus(name: str) -> Callable[[Path], None]:
    def make(scope: Path) -> None:
        (scope / name).write_bytes((CORPUS / name).read_bytes())

    return make


def deep_nesting(scope: Path) -> None:
    depth = 100_000
    (scope / "deep.yaml").write_text("units: " + "[" * depth + "]" * depth + "\n")


def sixty_megabytes(scope: Path) -> None:
    with (scope / "huge.yaml").open("w", encoding="utf-8") as handle:
        line = "# " + "x" * 98 + "\n"
        for _ in range(60 * 1024 * 1024 // len(line)):
            handle.write(line)


def empty_scope(scope: Path) -> None:
    for path in scope.iterdir():
        path.unlink()


def outside_link(scope: Path) -> None:
    outside = scope.parent.parent / "outside.yaml"
    outside.write_text("units: []\n", encoding="utf-8")
    (scope / "linked.yaml").symlink_to(outside)


def folder(scope: Path) -> None:
    (scope / "drafts.yaml").mkdir()


def named_pipe(scope: Path) -> None:
    os.mkfifo(scope / "pipe.yaml")


def upper_case_extension(scope: Path) -> None:
    (scope / "DRAFT.YAML").write_text("units: [\n", encoding="utf-8")


def long_text_aliased(scope: Path) -> None:
    # A few thousand nodes pass the node budget, but each repeats a megabyte of text.
    lines = [f'x-text: &long "{"a" * 1_000_000}"', "objectives:"]
    lines += [f"  - {{id: o{i}, kind: business, statement: *long}}" for i in range(3000)]
    (scope / "text-bomb.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


CASES = [
    Case(
        "unclosed-bracket",
        corpus("unclosed-bracket.yaml"),
        ("scope/unclosed-bracket.yaml:2:", "error[yaml-syntax]"),
    ),
    Case(
        "unclosed-quote",
        corpus("unclosed-quote.yaml"),
        ("scope/unclosed-quote.yaml:3:11: error[yaml-syntax]",),
    ),
    Case("tab-indent", corpus("tab-indent.yaml"), ("scope/tab-indent.yaml:2:1: error[yaml-tab]",)),
    Case(
        "duplicate-section",
        corpus("duplicate-section.yaml"),
        ("scope/duplicate-section.yaml:2:1: error[key-duplicate]",),
    ),
    Case(
        "duplicate-field",
        corpus("duplicate-field.yaml"),
        ("scope/duplicate-field.yaml:4:5: error[key-duplicate]",),
    ),
    Case(
        "duplicate-nested",
        corpus("duplicate-nested.yaml"),
        ("scope/duplicate-nested.yaml:7:7: error[key-duplicate]",),
    ),
    Case(
        "unknown-field",
        corpus("unknown-field.yaml"),
        ("scope/unknown-field.yaml:4:5: error[key-unknown]", "did you mean 'manager'"),
    ),
    Case(
        "wrong-type",
        corpus("wrong-type.yaml"),
        ("scope/wrong-type.yaml:3:11: error[type-mismatch]",),
    ),
    Case(
        "impossible-date",
        corpus("impossible-date.yaml"),
        (
            "scope/impossible-date.yaml:2:42: error[date-invalid]",
            "2026-02-30, which is not a real date",
        ),
    ),
    Case(
        "alias-bomb",
        corpus("alias-bomb.yaml"),
        (
            "scope/alias-bomb.yaml:",
            "error[yaml-alias]: aliases in this file expand to more than 100,000 nodes",
        ),
    ),
    Case("python-tag", corpus("python-tag.yaml"), ("scope/python-tag.yaml:1:8: error[yaml-tag]",)),
    Case("bom", corpus("bom.yaml"), ("scope/bom.yaml:1:1: error[yaml-bom]",)),
    Case(
        "latin1",
        corpus("latin1.yaml"),
        ("scope/latin1.yaml:3:14: error[yaml-encoding]: byte 0xe9",),
    ),
    Case("empty-file", corpus("empty.yaml"), ("scope/empty.yaml:1:1: error[yaml-empty]",)),
    Case("deep-nesting", deep_nesting, ("scope/deep.yaml:1:", "error[yaml-too-deep]")),
    Case(
        "sixty-megabytes",
        sixty_megabytes,
        ("scope/huge.yaml: error[yaml-too-large]: file is 60.0 MiB",),
    ),
    Case("empty-scope", empty_scope, ("scope/", "error[")),
    Case(
        "link-outside",
        outside_link,
        ("scope/linked.yaml: error[file-unreadable]: links to", "outside the project"),
    ),
    Case("folder-named-yaml", folder, ("scope/drafts.yaml: error[file-unreadable]: is a folder",)),
    Case(
        "named-pipe",
        named_pipe,
        (
            "scope/pipe.yaml: error[file-unreadable]: is a named pipe, not a regular file; scope "
            "files are regular files, so remove it or rename it so it does not end in .yaml",
        ),
    ),
    Case(
        "upper-case-extension", upper_case_extension, ("scope/DRAFT.YAML:2:1: error[yaml-syntax]",)
    ),
    Case(
        "long-text-aliased",
        long_text_aliased,
        (
            "scope/text-bomb.yaml:7:41: error[yaml-alias]: aliases in this file repeat more "
            "than 4 MiB of text; write long text once (a description belongs to one entry), "
            "or use fewer aliases",
        ),
    ),
    Case(
        "year-zero",
        corpus("year-zero.yaml"),
        (
            "scope/year-zero.yaml:2:39: error[date-invalid]: 'date' of approval 'v0.9.0' is "
            "0000-01-01, which is not a real date; years run from 0001 to 9999",
        ),
    ),
    Case(
        "review-past-9999",
        corpus("review-past-9999.yaml"),
        (
            "scope/review-past-9999.yaml:2:39: error[date-invalid]: approval 'v9.0.0' is dated "
            "9999-12-01, so the review 12 months later falls after the year 9999; "
            "correct the date",
        ),
    ),
    Case(
        "huge-integer",
        corpus("huge-integer.yaml"),
        (
            "scope/huge-integer.yaml:2:44: error[value-range]: 'likelihood' of risk 'risk-big' "
            "is a 5000-digit number; use 1 to 5",
        ),
    ),
    Case(
        "block-scalar-id",
        corpus("block-scalar-id.yaml"),
        (
            "scope/block-scalar-id.yaml:2:9: error[id-invalid]: id 'carol\\n' is not valid; "
            "ids start with a letter or digit and use only letters, digits, '.', '_' and '-' "
            "(try 'carol')",
        ),
    ),
    Case(
        "long-id",
        corpus("long-id.yaml"),
        (
            "scope/long-id.yaml:2:10: error[id-invalid]: id 'auditor-xxxxxxxxxxxxxxxx...' is 100 "
            "characters long; ids are at most 64 characters, because they become file names "
            "and links",
        ),
    ),
    Case(
        "ids-differing-in-case",
        corpus("case-duplicate-id.yaml"),
        (
            "scope/people.yaml:2:10: error[id-duplicate]: id 'boss' differs from stakeholder "
            "'Boss' only in letter case; their pages would be one file on Windows and macOS "
            "and in a zip, so rename one",
            "  scope/case-duplicate-id.yaml:2:10: note: stakeholder 'Boss' is defined here",
        ),
    ),
]


@dataclass
class Run:
    code: int
    output: str
    seconds: float
    mib: int


# Runs the command and reports its peak memory (and that of anything it starts) last.
MEASURE = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[1:]).returncode\n"
    "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    "print(f'\\nPEAK {peak}')\n"
    "sys.exit(code)\n"
)


def run(cmd: list[str], cwd: Path) -> Run:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", MEASURE, *cmd],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=120,
        check=False,
    )
    seconds = time.perf_counter() - start
    output, _, peak = proc.stdout.rpartition("\nPEAK ")
    return Run(proc.returncode, output, seconds, int(peak) // 1024)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
@pytest.mark.slow
def test_broken_scope_gives_a_clean_error(case: Case, tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", scope=PROJECTS / "minimal" / "scope")
    case.make(project / "scope")

    check = run([SMSDOCS, "check"], project)
    assert check.code in (1, 2), check.output
    for text in case.shown:
        assert text in check.output, check.output
    assert "Traceback" not in check.output
    assert check.seconds < SECONDS
    assert check.mib < MEMORY_MIB

    build = run([sys.executable, "-m", "mkdocs", "build", "-d", str(tmp_path / "site")], project)
    assert build.code == 1, build.output
    assert case.shown[0] in build.output, build.output
    assert "Traceback" not in build.output
    assert build.seconds < SECONDS
    assert build.mib < MEMORY_MIB
    assert not (tmp_path / "site").exists()
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")]


def test_crlf_line_endings_are_fine(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", scope=PROJECTS / "minimal" / "scope")
    corpus("crlf.yaml")(project / "scope")
    check = run([SMSDOCS, "check", "--today", "2026-11-02"], project)
    assert check.code == 0, check.output


@pytest.mark.parametrize("value", ["99999999999999", "-5", "soon", ""])
@pytest.mark.export
def test_source_date_epoch_no_output_can_hold_is_one_error(value: str, tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", scope=PROJECTS / "minimal" / "scope")
    message = (
        f"SOURCE_DATE_EPOCH is '{value}', not a time the outputs can hold; set it to the "
        "seconds since 1970 (0 to 4294967295), such as the commit date from "
        "'git log -1 --format=%ct', or unset it"
    )
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": value}
    commands = {
        "build": [sys.executable, "-m", "mkdocs", "build", "-d", str(tmp_path / "site")],
        "export": [SMSDOCS, "export", "-o", str(tmp_path / "dist")],
        "bundle": [SMSDOCS, "bundle", "-o", str(tmp_path / "dist")],
    }
    for name, cmd in commands.items():
        proc = subprocess.run(
            cmd, cwd=project, env=env, capture_output=True, text=True, timeout=120, check=False
        )
        output = proc.stdout + proc.stderr
        assert proc.returncode != 0, (name, output)
        assert message in output, (name, output)
        assert "Traceback" not in output, (name, output)
    assert not (tmp_path / "site").exists()
    assert not (tmp_path / "dist").exists()


@pytest.mark.slow
def test_today_at_the_end_of_the_calendar_still_builds(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", scope=PROJECTS / "minimal" / "scope")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "\n  - smsdocs:\n" in text
    config.write_text(
        text.replace("\n  - smsdocs:\n", '\n  - smsdocs:\n      today: "9999-12-31"\n'),
        encoding="utf-8",
    )
    build = run([sys.executable, "-m", "mkdocs", "build", "-d", str(tmp_path / "site")], project)
    assert build.code == 0, build.output
    assert "Error" not in (tmp_path / "site" / "dashboard" / "index.html").read_text("utf-8")


@pytest.mark.export
def test_long_names_still_make_legal_paths(tmp_path: Path) -> None:
    """A 500-character category and document id become folder and file names well inside the
    255-byte limit, so the site builds and the export writes, with no traceback."""
    project = make_project(tmp_path / "p", scope=PROJECTS / "minimal" / "scope")
    long_category = "Infrastructure and platform services " * 14
    long_id = "EX-SMS-" + "0123456789" * 50
    for name, old, new in (
        ("services.yaml", "category: Workplace", f"category: {long_category.strip()}"),
        ("org.yaml", "id: EX-SMS-001", f"id: {long_id}"),
    ):
        path = project / "scope" / name
        text = path.read_text(encoding="utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    build = run([sys.executable, "-m", "mkdocs", "build", "-d", str(tmp_path / "site")], project)
    assert build.code == 0, build.output
    catalogue = tmp_path / "site" / "catalogue"
    (folder,) = [p for p in catalogue.iterdir() if p.name.startswith("infrastructure-and")]
    assert len(folder.name) <= 60 and (folder / "print" / "index.html").is_file()

    export = run([SMSDOCS, "export", "-o", str(tmp_path / "dist")], project)
    assert export.code == 0, export.output
    assert "Traceback" not in export.output
    names = [p.name for p in (tmp_path / "dist").iterdir()]
    assert len(names) == 3 and all(len(name) < 140 for name in names)
