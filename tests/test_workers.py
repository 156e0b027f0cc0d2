"""Work in a process of its own (smsdocs.workers), the one way the Typst runs, the PDF join's
writers and the audit pack's offline site are run: the result comes back, and a failure
comes back as the message the user reads, whichever way the worker ended."""

from __future__ import annotations

from pathlib import Path

import pytest

from smsdocs import workers


def test_a_workers_result_comes_back() -> None:
    assert workers.run("json:dumps", {"services": [1, 2]}, timeout=60) == '{"services": [1, 2]}'
    with workers.beside("json:dumps", ["site"], timeout=60) as wait:
        assert wait() == '["site"]'


def test_what_a_worker_prints_does_not_spoil_its_result() -> None:
    # print() returns None: had its text reached the reply, the reply could not be read.
    assert workers.run("builtins:print", "a line MkDocs might print", timeout=60) is None


def test_a_typst_failure_comes_back_with_its_diagnostic(tmp_path: Path) -> None:
    main = tmp_path / "bad.typ"
    main.write_text('Some text.\n#panic("the scope is broken")\n', encoding="utf-8")
    job = {"input": str(main), "output": str(tmp_path / "bad.pdf"), "root": str(tmp_path)}
    with pytest.raises(workers.Failed) as failed:
        workers.run("smsdocs.export.typstrun:typeset", job, timeout=120)
    assert "the scope is broken" in failed.value.message
    assert "\n" not in failed.value.message
    assert "bad.typ:2:" in failed.value.detail
    assert not (tmp_path / "bad.pdf").exists()


def test_a_bug_in_a_worker_says_its_last_line() -> None:
    with pytest.raises(workers.Failed, match=r"^TypeError: the JSON object must be str"):
        workers.run("json:loads", 5, timeout=60)


def test_a_worker_that_stops_without_a_word_says_its_exit_code() -> None:
    with pytest.raises(workers.Failed, match=r"^it stopped with exit code 3$"):
        workers.run("sys:exit", 3, timeout=60)


def test_the_offline_sites_failure_comes_back_as_its_message(tmp_path: Path) -> None:
    """The pack says 'the offline site could not be built: ' and this message."""
    job = {"source": str(tmp_path), "work": str(tmp_path / "w"), "target": str(tmp_path / "t")}
    with (
        pytest.raises(workers.Failed) as failed,
        workers.beside("smsdocs.pack.site:offline_site", job, timeout=120) as built,
    ):
        built()
    assert failed.value.message == (
        f"{tmp_path}/mkdocs.yml: no mkdocs.yml here; run from the project root"
    )
