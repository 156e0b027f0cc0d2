"""The first hour after `make manual`: the commands smsdocs prints run as written, `make manual`
says where its outputs are, `make serve` shows the example, and a run says what it skipped."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from helpers.projects import GIT_ENV, REPO
from helpers.runs import SMSDOCS
from helpers.skips import closing_lines, missing
from smsdocs.runnable import commands_runnable, runnable

BIN = Path(sys.executable).parent
"""The folder of this environment's scripts, as `.venv/bin` after `make manual`."""
BARE_PATH = os.pathsep.join(p for p in ("/usr/local/bin", "/usr/bin", "/bin") if Path(p).is_dir())
"""A PATH without this environment's scripts on it, as a shell has before activating it."""


# -- the commands smsdocs names ------------------------------------------------------------------


def test_a_command_found_on_path_is_named_bare(tmp_path: Path) -> None:
    (tmp_path / "smsdocs").write_text("")
    assert runnable("smsdocs", tmp_path, lambda name: str(tmp_path / name)) == "smsdocs"


def test_a_command_not_on_path_is_named_by_its_full_path(tmp_path: Path) -> None:
    (tmp_path / "smsdocs").write_text("")
    assert runnable("smsdocs", tmp_path, lambda name: None) == str(tmp_path / "smsdocs")
    # Another installation's smsdocs first on PATH is not this one.
    other = tmp_path / "other"
    other.mkdir()
    (other / "smsdocs").write_text("")
    assert runnable("smsdocs", tmp_path, lambda name: str(other / name)) == str(
        tmp_path / "smsdocs"
    )


def test_a_folder_with_a_space_is_quoted_for_the_shell(tmp_path: Path) -> None:
    spaced = tmp_path / "my tools"
    spaced.mkdir()
    (spaced / "smsdocs").write_text("")
    assert runnable("smsdocs", spaced, lambda name: None) == f"'{spaced / 'smsdocs'}'"


def test_without_a_script_beside_the_interpreter_the_name_is_all_there_is(
    tmp_path: Path,
) -> None:
    assert runnable("smsdocs", tmp_path, lambda name: None) == "smsdocs"


def test_commands_quoted_in_a_message_are_named_as_they_run() -> None:
    full = lambda name: f"/opt/sms/.venv/bin/{name}"  # noqa: E731
    assert commands_runnable(
        "run 'smsdocs check' to see where, then 'mkdocs serve'; 'smsdocs' alone is a name", full
    ) == (
        "run '/opt/sms/.venv/bin/smsdocs check' to see where, then "
        "'/opt/sms/.venv/bin/mkdocs serve'; 'smsdocs' alone is a name"
    )


def test_an_error_line_names_smsdocs_as_it_runs_before_activation(tmp_path: Path) -> None:
    """The error funnel's hint to create a project runs as written from a bare shell."""
    done = _run_as_written(f"{BIN / 'smsdocs'} check", tmp_path, BARE_PATH)
    assert done.returncode == 2
    assert f"create a project with '{BIN / 'smsdocs'} init DIR'" in done.stderr


def _init_says(target: Path, path: str, *options: str) -> str:
    """The command `smsdocs init` says to run next, run with ``path`` as PATH."""
    env = {**os.environ, **GIT_ENV, "PATH": path}
    done = subprocess.run(
        [SMSDOCS, "init", *options, str(target)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    (nxt,) = [line for line in done.stdout.splitlines() if line.startswith("next: ")]
    said = re.match(r"next: run '(.+?)' in ", nxt)
    assert said, nxt
    return said.group(1)


def _run_as_written(command: str, cwd: Path, path: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["/bin/sh", "-c", command],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "PATH": path},
        check=False,
    )


@pytest.mark.slow
def test_inits_next_step_runs_as_written_before_the_environment_is_activated(
    tmp_path: Path,
) -> None:
    target = tmp_path / "sms-manual"
    command = _init_says(target, BARE_PATH)
    assert command == f"{BIN / 'smsdocs'} check"
    done = _run_as_written(command, target, BARE_PATH)
    assert done.returncode == 1, done.stderr
    assert re.search(r"^scope/organization\.yaml:\d+:\d+: error\[placeholder\]", done.stdout, re.M)


@pytest.mark.slow
def test_inits_next_step_is_bare_once_the_environment_is_active(tmp_path: Path) -> None:
    active = f"{BIN}{os.pathsep}{BARE_PATH}"
    target = tmp_path / "sms-manual"
    command = _init_says(target, active)
    assert command == "smsdocs check"
    done = _run_as_written(command, target, active)
    assert done.returncode == 1, done.stderr
    assert "error[placeholder]" in done.stdout


@pytest.mark.slow
def test_the_examples_next_step_names_the_mkdocs_of_this_installation(tmp_path: Path) -> None:
    target = tmp_path / "example"
    command = _init_says(target, BARE_PATH, "--example")
    assert command == f"{BIN / 'mkdocs'} serve"
    # What it names runs as written (its help, rather than a server the test would wait on).
    done = _run_as_written(command + " --help", target, BARE_PATH)
    assert done.returncode == 0, done.stderr
    assert "Run the builtin development server" in done.stdout


# -- the Makefile --------------------------------------------------------------------------------


def _make(*args: str) -> str:
    done = subprocess.run(
        ["make", "--no-print-directory", "-C", str(REPO), *args],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_make_manual_ends_saying_where_the_outputs_are(tmp_path: Path) -> None:
    example = tmp_path / "example"
    (example / "dist").mkdir(parents=True)
    for name in ("NW-SMS-001-v1.2.0.pdf", "NW-SMS-001-v1.2.0.docx", "SHA256SUMS"):
        (example / "dist" / name).write_text("")
    dry = _make("-n", "manual")  # `make manual` says it last, after the site's build
    assert dry.index("mkdocs build --strict") < dry.index("the site: ")
    said = _make("where", f"EXAMPLE={example}").strip().splitlines()
    assert said == [
        f"the site: {example}/site/index.html (read it with 'make serve'; to read it from "
        f"disk, 'smsdocs bundle' in {example} packs it as a zip that works there)",
        f"the PDF: {example}/dist/NW-SMS-001-v1.2.0.pdf",
        f"the DOCX: {example}/dist/NW-SMS-001-v1.2.0.docx",
        "run smsdocs and mkdocs yourself after '. .venv/bin/activate'",
    ]


def test_make_installs_out_loud() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    installs = [line for line in makefile.splitlines() if "pip install" in line and "-e" in line]
    assert installs
    # Each install of smsdocs into .venv says what it fetches (the quiet one is ProperDocs's).
    for line in installs:
        assert "--quiet" not in line or "PROPERDOCS" in line, line
    assert makefile.count("(about a minute the first time)") == 2


def test_make_serve_serves_the_example_and_serve_repo_this_repository() -> None:
    serve = _make("-n", "serve").strip().splitlines()
    assert re.fullmatch(r"cd build/example && \S+/\.venv/bin/mkdocs serve", serve[-1]), serve
    repo = _make("-n", "serve-repo").strip().splitlines()
    assert repo[-1] == ".venv/bin/mkdocs serve", repo


# -- what a run skipped --------------------------------------------------------------------------


def test_skips_name_the_tools_and_the_commands_that_install_them() -> None:
    reasons = [
        "Chromium is not installed (apt-get install chromium); .ci/run installs it",
        "axe-core is not installed (npm install --prefix .cache/node axe-core); .ci/run "
        "installs it",
        "LibreOffice is not installed (apt-get install libreoffice-writer-nogui)",
        "ssh-keygen is not installed",
    ]
    nothing = lambda program: None  # noqa: E731
    assert [tool for tool, _ in missing(reasons, nothing)] == [
        "Chromium",
        "axe-core",
        "LibreOffice",
    ]
    assert closing_lines(reasons, nothing) == [
        "skipped 4 tests (each with its reason above)",
        "for want of Chromium, axe-core, LibreOffice: install with apt-get install chromium "
        "libreoffice-writer-nogui libreoffice-calc-nogui && npm install --prefix .cache/node "
        "axe-core (or run 'bash .ci/run' as root, which installs them and runs make test); "
        "the suite passes without them",
    ]
    assert closing_lines(["ssh-keygen is not installed"], nothing) == [
        "skipped 1 test (each with its reason above)"
    ]
    assert closing_lines([], nothing) == []


def test_a_tool_that_is_installed_is_not_named_for_a_skip_that_needs_another() -> None:
    vnu = [
        "the Nu Html Checker needs npm's vnu-jar (npm install --prefix .cache/node vnu-jar) "
        "and Java (apt-get install default-jre-headless); .ci/run installs both"
    ]
    java_only = lambda program: "/usr/bin/java" if program == "java" else None  # noqa: E731
    assert missing(vnu, java_only) == [
        ("the Nu Html Checker", "npm install --prefix .cache/node vnu-jar")
    ]
    assert [tool for tool, _ in missing(vnu, lambda program: None)] == [
        "Java",
        "the Nu Html Checker",
    ]


@pytest.mark.slow
def test_a_run_ends_with_what_it_skipped_and_how_to_get_it(tmp_path: Path) -> None:
    (tmp_path / "test_tools.py").write_text(
        "import pytest\n"
        "def test_accessibility():\n"
        "    pytest.skip('axe-core is not installed')\n"
        "def test_markup():\n"
        '    pytest.skip("the Nu Html Checker needs npm\'s vnu-jar")\n'
        "def test_passes():\n"
        "    pass\n"
    )
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "helpers.skips", "-p", "no:cacheprovider", "-ra"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO / "tests")},
        check=False,
    )
    assert done.returncode == 0, done.stdout
    lines = done.stdout.splitlines()
    at = lines.index("skipped 2 tests (each with its reason above)")
    assert lines[at - 1].startswith("SKIPPED [1] test_tools.py:")
    assert lines[at + 1] == (
        "for want of the Nu Html Checker, axe-core: install with npm install --prefix "
        ".cache/node vnu-jar axe-core (or run 'bash .ci/run' as root, which installs them and "
        "runs make test); the suite passes without them"
    )
    assert "1 passed, 2 skipped" in lines[-1]


# -- the README, followed literally ----------------------------------------------------------------


def _readme() -> str:
    return (REPO / "README.md").read_text(encoding="utf-8")


def _first_sections() -> str:
    """The introduction and 'Adopting smsdocs': what a new user copies in the first hour."""
    intro, adopting = _readme().split("\n## ")[:2]
    assert adopting.startswith("Adopting smsdocs\n")
    return f"{intro}\n## {adopting}"


def _commands(markdown: str) -> list[str]:
    """Each command the text shows: a line of a sh block, a `$ ` line of a console block, and
    an inline code span that starts with smsdocs, mkdocs or make."""
    found: list[str] = []
    for lang, body in re.findall(r"^```(\w*)\n(.*?)^```", markdown, re.S | re.M):
        for line in body.splitlines():
            if lang == "sh":
                found.append(line.split("#")[0].strip())
            elif lang == "console" and line.startswith("$ "):
                found.append(line[2:].strip())
    found += re.findall(r"`((?:smsdocs|mkdocs|make) [^`]+)`", markdown)
    return [c for c in found if c]


def test_the_readme_starts_with_the_two_set_up_commands_then_activates() -> None:
    blocks = re.findall(r"^```(\w*)\n(.*?)^```", _readme(), re.S | re.M)
    assert [line.split("#")[0].strip() for line in blocks[0][1].splitlines()] == [
        "make manual",
        "make test",
    ]
    assert blocks[1][1].strip() == ". .venv/bin/activate"
    assert re.search(r"^VENV \?= \.venv$", (REPO / "Makefile").read_text(), re.M)


@pytest.mark.slow
def test_the_first_sections_commands_exist_after_make_manual_and_activate(
    tmp_path: Path,
) -> None:
    """Every make target the introduction and 'Adopting smsdocs' name is in the Makefile, and
    every smsdocs and mkdocs command runs (its --help) with only .venv/bin added to PATH, as
    `. .venv/bin/activate` adds it: the commands work as written, without a path."""
    commands = _commands(_first_sections())
    targets = set(re.findall(r"^([a-z][\w-]*):", (REPO / "Makefile").read_text(), re.M))
    named = {c.split()[1] for c in commands if c.startswith("make ")}
    assert {"manual", "test"} <= named
    assert named <= targets, named - targets
    tools = {tuple(c.split()[:2]) for c in commands if c.split()[0] in ("smsdocs", "mkdocs")}
    assert ("smsdocs", "init") in tools and ("smsdocs", "check") in tools
    active = f"{BIN}{os.pathsep}{BARE_PATH}"
    for tool, sub in sorted(tools):
        if sub.startswith("-"):
            continue
        done = _run_as_written(f"{tool} {sub} --help", tmp_path, active)
        assert done.returncode == 0, (tool, sub, done.stderr)
        assert "Usage:" in done.stdout, (tool, sub)
