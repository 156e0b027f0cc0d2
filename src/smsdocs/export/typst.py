"""Typst runs (the typst wheel), each in a process of its own: the one typesetter of the PDF
and of the diagrams drawn for Word."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, TypeVar

from smsdocs import fonts as fontfiles
from smsdocs import workers
from smsdocs.errors import ExportError
from smsdocs.export.parts import in_parallel
from smsdocs.fonts import shipped_dirs

if TYPE_CHECKING:
    from smsdocs.export.manual import Options

_T = TypeVar("_T")

Where = Callable[[Path, int, str], str]
"""Says where a failure in line N of a main file comes from, given Typst's message: the
chapter, and the scope value where the text is one ("in the page docs/context.md")."""

TYPESET: Final = "smsdocs.export.typstrun:typeset"
"""The job of the worker process that runs Typst once."""
_LOCATION: Final = re.compile(r"\u250c\u2500 (?P<file>[^\n]+?):(?P<line>\d+):(?P<column>\d+)")
"""Where Typst's diagnostic places an error: '┌─ part-0.typ:12:4'."""


def _typst() -> Any:
    try:
        import typst
    except ImportError:
        raise ExportError("Typst is not available: install it with 'pip install typst'") from None
    return typst


def typst_version() -> str:
    """The version of the Typst compiler that typst-py ships."""
    from importlib.metadata import version

    return version("typst")


def fonts(extra: Sequence[Path] = ()) -> dict[str, Any]:
    """Typst's font options: the fonts smsdocs ships and ``extra`` (the project's), never the
    build machine's, so a PDF has the same fonts, and the same bytes, on every machine."""
    return {
        "font_paths": [str(p) for p in (*shipped_dirs(), *extra)],
        "ignore_system_fonts": True,
    }


def compile_pdf(
    source: str,
    inputs: dict[str, str],
    standards: Sequence[str] = (),
    epoch: int | None = None,
    font_paths: Sequence[Path] = (),
) -> bytes:
    """A short document typeset in this process: Typst source to PDF, with ``inputs`` as
    ``sys.inputs`` (text that needs no escaping in the source), to the PDF ``standards``
    given ("a-2a", "ua-1"), dated ``epoch`` (a document date of ``auto``), with the shipped
    fonts and those in ``font_paths``."""
    options: dict[str, Any] = {"pdf_standards": list(standards), **fonts(font_paths)}
    if epoch is not None:
        options["timestamp"] = epoch
    return bytes(_typst().compile(source.encode(), format="pdf", sys_inputs=inputs, **options))


class Typesetter:
    """Typst runs, each in a process of its own, at most ``workers()`` at once.

    A Typst run keeps what it laid out in memory for the life of its process, so every
    piece gets a fresh one: memory is that of the largest piece, not of the manual.
    """

    def __init__(self, work: Path, options: Options) -> None:
        self.work = work
        # Absolute, as every path a process of its own is given: it may run elsewhere.
        self.options = dict[str, Any](
            root=str(work.absolute()), **fonts(tuple(p.absolute() for p in options.font_paths))
        )
        self.where: Where | None = None
        """Names the page (and scope value) a failure comes from, where it can."""
        if options.epoch:
            self.options["timestamp"] = options.epoch

    def map(self, jobs: Sequence[tuple[Path, dict[str, str], Sequence[str]]]) -> list[Path]:
        """Typeset each (main file, inputs, PDF standards) as a tagged PDF; the PDFs' paths,
        in the same order."""
        self._all(
            [
                (main, main.with_suffix(".pdf"), inputs, {"pdf_standards": list(standards)})
                for main, inputs, standards in jobs
            ]
        )
        return [main.with_suffix(".pdf") for main, _, _ in jobs]

    def map_read(
        self, jobs: Sequence[tuple[Path, dict[str, str], Sequence[str]]], read: Callable[[Path], _T]
    ) -> list[_T]:
        """As ``map``, each PDF then given to ``read`` as soon as it is made, in the thread that
        waited for it, while Typst typesets the next: what ``read`` returns, in order."""

        def run(job: tuple[Path, dict[str, str], Sequence[str]]) -> _T:
            main, inputs, standards = job
            output = main.with_suffix(".pdf")
            failure = self._run(main, output, inputs, {"pdf_standards": list(standards)})
            if failure:
                raise ExportError(f"Typst could not typeset the PDF: {failure}")
            return read(output)

        return in_parallel(run, jobs, lambda job: job[0].stat().st_size)

    def draw(self, mains: Sequence[Path], ppi: int) -> list[list[bytes]]:
        """Each page of each main file as PNG, at ``ppi`` pixels per inch."""
        self._all(
            [
                (
                    main,
                    main.with_name(f"{main.stem}-{{p}}.png"),
                    {},
                    {"format": "png", "ppi": ppi},
                )
                for main in mains
            ],
            "draw the diagrams for the Word document",
        )
        return [
            [
                path.read_bytes()
                for path in sorted(
                    main.parent.glob(f"{main.stem}-*.png"),
                    key=lambda path: int(path.stem.rpartition("-")[2]),
                )
            ]
            for main in mains
        ]

    def _all(
        self,
        jobs: list[tuple[Path, Path, dict[str, str], dict[str, Any]]],
        what: str = "typeset the PDF",
    ) -> None:
        failures = in_parallel(lambda job: self._run(*job), jobs, lambda job: job[0].stat().st_size)
        for failure in failures:
            if failure:
                raise ExportError(f"Typst could not {what}: {failure}")

    @contextlib.contextmanager
    def beside(
        self, main: Path, inputs: dict[str, str], standards: Sequence[str]
    ) -> Iterator[Callable[[], Path]]:
        """Typeset ``main`` as ``map`` does, while the block does other work: the block calls
        what it is given for the PDF's path, waiting for it if need be. A run the block did
        not wait for, or that outlives a failure, is stopped."""
        output = main.with_suffix(".pdf")
        job = self._job(main, output, inputs, {"pdf_standards": list(standards)})
        with workers.beside(TYPESET, job, timeout=900) as wait:

            def done() -> Path:
                try:
                    wait()
                except workers.Failed as failed:
                    said = self._said(main, failed)
                    raise ExportError(f"Typst could not typeset the PDF: {said}") from None
                return output

            yield done

    def _job(
        self, main: Path, output: Path, inputs: dict[str, str], extra: dict[str, Any]
    ) -> dict[str, Any]:
        return {
            "input": str(main.absolute()),
            "output": str(output.absolute()),
            "sys_inputs": inputs,
            **self.options,
            **extra,
        }

    def _run(self, main: Path, output: Path, inputs: dict[str, str], extra: dict[str, Any]) -> str:
        try:
            workers.run(TYPESET, self._job(main, output, inputs, extra), timeout=900)
        except workers.Failed as failed:
            return self._said(main, failed)
        return ""

    def _said(self, main: Path, failed: workers.Failed) -> str:
        """Typst's message, and where its failure comes from (``where``) if it can tell."""
        found = _LOCATION.search(failed.detail)
        if found and self.where is not None:
            place = (self.work / found["file"].lstrip("/")).resolve()
            origin = self.where(
                place if place.is_file() else main, int(found["line"]), failed.message
            )
            if origin:
                return f"{failed.message} ({origin})"
        return failed.message


def drawn(chars: Sequence[str]) -> list[str]:
    """The characters of ``chars`` Typst draws in the manual's text with no font but its own
    and those smsdocs ships (a PDF/A file must have a glyph for every one)."""
    if not chars:
        return []
    escaped = "".join(chars).replace("\\", "\\\\").replace('"', '\\"')
    try:
        compile_pdf(f'#set text(font: ("Libertinus Serif",))\n#"{escaped}"', {}, ("a-2a",))
    except Exception:  # typst raises its own error types
        if len(chars) == 1:
            return []
        half = len(chars) // 2
        return drawn(chars[:half]) + drawn(chars[half:])
    return list(chars)


def embedded_fonts() -> str:
    """``fonts.EMBEDDED`` as the installed Typst makes it: the code points of its own fonts,
    less those it does not draw text with (read from the library; see ``fonts.scan_typst``)."""
    version, found = fontfiles.scan_typst()
    shipped = fontfiles.files_coverage(shipped_dirs())
    doubtful = [chr(p) for p in sorted(found - shipped) if fontfiles.needs_glyph(chr(p))]
    kept = found - {ord(c) for c in doubtful} | {ord(c) for c in drawn(doubtful)}
    return "\n".join([f"typst {version}", *fontfiles.ranges(kept)]) + "\n"


if __name__ == "__main__":  # make typst-fonts
    fontfiles.EMBEDDED.write_text(embedded_fonts(), encoding="ascii")
