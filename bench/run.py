"""Measure smsdocs against what a user would otherwise run, side by side in one run.

Usage: python bench/run.py [--sizes 250,500,1000,2000] [--repeat 7] [--json FILE]
                           [--what check,site,export,export-engines,pack,serve,long-chapter]
                           [--export-sizes ...] [--chapter-lines 100000]
                           [--weasyprint PATH]

check (below); site: the smsdocs build against plain MkDocs + Material building the same final
page Markdown with the same navigation, and the site's size; export: PDF and DOCX time and peak
memory; export-engines (not in the default --what): smsdocs' PDF against what a user would
otherwise run on the same Markdown (below); pack (not in the default --what either): the audit
pack of an approved release against the PDF and DOCX export it contains; serve: mkdocs serve's
edit-to-rebuild latency on the example project; long-chapter (not in the default --what): the
PDF and DOCX of a 20-service manual with one chapter of --chapter-lines lines (bench/generate.py
--chapter-lines), with numbered sections and without headings: time, and the peak memory of the
largest process and of all of them together (the exports cut such a chapter into parts).

export-engines times, in one interleaved loop (median of --repeat runs), with the time and
memory of all of each command's processes, at --export-sizes:

* ``smsdocs export --format pdf``, the whole command (it also reads the scope and renders the
  pages, which the others are given ready);
* pandoc -> LaTeX -> PDF: pandoc with ``--pdf-engine=pdflatex`` if pdflatex typesets every
  character of the text, else xelatex (pdflatex's inputenc has no definition for characters
  such as U+2194), with a system font (DejaVu Serif, ...) if Latin Modern lacks a glyph; a
  one-page probe of the text's characters decides, before the timing. A4 with
  ``geometry:margin=2cm``, and a Lua filter giving each table's columns equal widths:
  CommonMark tables have none, so pandoc writes ``l`` columns, and a long "used by" list on one
  line stops LaTeX with "Dimension too large";
* pandoc -> WeasyPrint: ``pandoc -t html5 --pdf-engine=weasyprint``, the ``weasyprint`` on PATH
  or given by --weasyprint (install it in a venv of its own; nothing is downloaded here).

The input for both is the document smsdocs typesets its PDF from: the pages as
``smsdocs.site.capture`` captures them, made into pandoc's tree by
``smsdocs.export.markdown.chunks`` (the PDF's variant, so the long lists of links in tables
are thinned alike), joined into one and written out by pandoc as its own Markdown.
The tree's ``smsdocs:`` links become ``#anchor`` links and its ``smsdocs-anchor:`` places
spans with that id; the images (the services' dependency charts) stay the SVG files
smsdocs places, by absolute path: WeasyPrint reads SVG, and pandoc converts it for LaTeX with
rsvg-convert (Debian's librsvg2-bin; without it the LaTeX row says "failed: ..."). The
summary line says how many images there are. Both get ``--toc`` and
``-N`` (smsdocs' PDF has a contents and numbered headings) and the manual's title. A tool that
is missing is reported as "skipped: ..." and one that fails as "failed: <its error>", in the
table, rather than stopping the run. Ratios are smsdocs' time and memory over each tool's.

For each size a project is generated with bench/generate.py, then these are timed in one
interleaved loop (so machine noise hits every variant alike) and reported as medians:

* ``check``: the ``smsdocs check`` command, as a user runs it (interpreter start included);
* ``safe_load``: a Python process doing ``yaml.safe_load`` of every file (PyYAML's default,
  pure-Python loader), the least a tool reading the same YAML must pay;
* ``csafe_load``: the same with PyYAML's C loader (``CSafeLoader``), the fastest plain parse;

and peak memory (max RSS) of the check. Ratios compare ``check`` with each parse.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import IO

HERE = Path(__file__).resolve().parent
PARSE = """
import sys, pathlib, yaml
loader = getattr(yaml, sys.argv[2])
for path in sorted(pathlib.Path(sys.argv[1], "scope").rglob("*.yaml")):
    yaml.load(path.read_bytes(), Loader=loader)
"""


def timed(
    cmd: list[str], cwd: Path | None = None, env: dict[str, str] | None = None
) -> tuple[float, int]:
    """Wall time in seconds and this child's own peak RSS in KiB."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, cwd=cwd, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise subprocess.CalledProcessError(proc.returncode, cmd)
    return elapsed, usage.ru_maxrss


def timed_tree(
    cmd: list[str],
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    stderr: IO[bytes] | None = None,
) -> tuple[float, int, int]:
    """Wall time, the largest single process's peak RSS and the peak RSS of the command and
    all its processes together (sampled every 50 ms), both in KiB. ``stderr`` keeps the
    command's messages (the reason, when it fails)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=stderr, cwd=cwd, env=env)
    together = 0
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        together = max(together, _tree_rss(proc.pid))
        time.sleep(0.05)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise subprocess.CalledProcessError(os.waitstatus_to_exitcode(status), cmd)
    return elapsed, usage.ru_maxrss, max(together, usage.ru_maxrss)


def _tree_rss(root: int) -> int:
    """RSS in KiB of a process and its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    pages: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_bytes()
        except OSError:
            continue
        fields = stat[stat.rindex(b")") + 2 :].split()  # from field 3, the state, on
        children.setdefault(int(fields[1]), []).append(int(entry.name))
        pages[int(entry.name)] = int(fields[21])
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += pages.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total * os.sysconf("SC_PAGE_SIZE") // 1024


def measure(size: int, workdir: Path, repeat: int) -> dict[str, float | int]:
    project = workdir / f"n{size}"
    subprocess.run(
        [sys.executable, str(HERE / "generate.py"), str(size), str(project), "--force"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    smsdocs = str(Path(sys.executable).parent / "smsdocs")
    variants = {
        "check": [smsdocs, "check", str(project), "--strict", "--today", "2026-06-01"],
        "safe_load": [sys.executable, "-c", PARSE, str(project), "SafeLoader"],
        "csafe_load": [sys.executable, "-c", PARSE, str(project), "CSafeLoader"],
    }
    times: dict[str, list[float]] = {name: [] for name in variants}
    peak = 0
    for _ in range(repeat):
        for name, cmd in variants.items():
            elapsed, rss = timed(cmd)
            times[name].append(elapsed)
            if name == "check":
                peak = max(peak, rss)
    median = {name: statistics.median(values) for name, values in times.items()}
    files = list((project / "scope").rglob("*.yaml"))
    return {
        "services": size,
        "files": len(files),
        "bytes": sum(p.stat().st_size for p in files),
        "check_s": round(median["check"], 3),
        "safe_load_s": round(median["safe_load"], 3),
        "csafe_load_s": round(median["csafe_load"], 3),
        "check_vs_safe_load": round(median["check"] / median["safe_load"], 2),
        "check_vs_csafe_load": round(median["check"] / median["csafe_load"], 2),
        "check_peak_rss_mib": round(peak / 1024, 1),
    }


REPO = HERE.parent
CAPTURE = """
import json, sys, shutil
from pathlib import Path
from smsdocs.site import build_site
root, out = Path(sys.argv[1]), Path(sys.argv[2])
captured = build_site(root, out / "captured-site")
docs = out / "plain" / "docs"
for src, text in captured.markdown.items():
    target = docs / src
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
shutil.copytree(out / "captured-site" / "assets" / "smsdocs", docs / "assets" / "smsdocs")
shutil.copytree(root / "docs" / "stylesheets", docs / "stylesheets")
print(json.dumps([[e.title, e.level, e.src_uri] for e in captured.outline]))
"""


def _nav(outline: list[list[object]]) -> list[object]:
    """MkDocs nav entries from the plugin's outline (title, level, page or None)."""
    root: list[object] = []
    stack: list[tuple[int, list[object]]] = [(0, root)]
    for title, level, page in outline:
        while stack[-1][0] >= int(level):  # type: ignore[call-overload]
            stack.pop()
        children: list[object] = [page] if page else []
        stack[-1][1].append({str(title): children if children or not page else page})
        stack.append((int(level), children))  # type: ignore[call-overload]
    return root


def _git_project(project: Path) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "bench",
        "GIT_AUTHOR_EMAIL": "bench@example.invalid",
        "GIT_COMMITTER_NAME": "bench",
        "GIT_COMMITTER_EMAIL": "bench@example.invalid",
    }
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "bench"]):
        subprocess.run(["git", *args], cwd=project, check=True, env=env, stdout=subprocess.DEVNULL)


def manual_project(size: int, workdir: Path) -> Path:
    """A generated scope with this repository's chapters, theme and macros, in git."""
    project = workdir / f"manual{size}"
    subprocess.run(
        [sys.executable, str(HERE / "generate.py"), str(size), str(project), "--force"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    for part in ("docs", "macros", "overrides"):
        shutil.copytree(REPO / part, project / part, dirs_exist_ok=True)
    shutil.copy2(REPO / "mkdocs.yml", project / "mkdocs.yml")
    _git_project(project)
    return project


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def measure_site(size: int, workdir: Path, repeat: int) -> dict[str, float | int]:

    import yaml

    project = manual_project(size, workdir)
    capture = workdir / f"capture{size}"
    outline = json.loads(
        subprocess.run(
            [sys.executable, "-c", CAPTURE, str(project), str(capture)],
            check=True,
            capture_output=True,
            text=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config["plugins"] = ["search"]
    config["nav"] = _nav(outline)
    config["site_name"] = "SMS manual"
    config["theme"]["custom_dir"] = str(project / "overrides")
    plain = capture / "plain"
    (plain / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    variants = {
        "smsdocs": (
            [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(workdir / "s1")],
            project,
        ),
        "plain": (
            [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(workdir / "s2")],
            plain,
        ),
    }
    times: dict[str, list[float]] = {name: [] for name in variants}
    peaks: dict[str, int] = dict.fromkeys(variants, 0)
    for _ in range(repeat):
        for name, (cmd, cwd) in variants.items():
            elapsed, rss = timed(cmd, cwd=cwd, env=env)
            times[name].append(elapsed)
            peaks[name] = max(peaks[name], rss)
    ours, theirs = statistics.median(times["smsdocs"]), statistics.median(times["plain"])
    return {
        "services": size,
        "site_s": round(ours, 2),
        "plain_material_s": round(theirs, 2),
        "site_vs_plain": round(ours / theirs, 2),
        "site_mib": round(_size(workdir / "s1") / 1048576, 1),
        "site_peak_rss_mib": round(peaks["smsdocs"] / 1024, 1),
        "plain_peak_rss_mib": round(peaks["plain"] / 1024, 1),
    }


def measure_export(size: int, workdir: Path, repeat: int) -> dict[str, float | int]:
    """PDF and DOCX export times (median of ``repeat`` interleaved runs) and peak memory."""
    project = workdir / f"manual{size}"
    if not project.exists():
        project = manual_project(size, workdir)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    smsdocs = str(Path(sys.executable).parent / "smsdocs")
    times: dict[str, list[float]] = {"pdf": [], "docx": []}
    row: dict[str, float | int] = {"services": size}
    for _ in range(repeat):
        for fmt, taken in times.items():
            cmd = [smsdocs, "export", "--format", fmt, "-o", str(workdir / f"dist{size}")]
            elapsed, largest, together = timed_tree(cmd, cwd=project, env=env)
            taken.append(elapsed)
            row[f"{fmt}_peak_rss_mib"] = max(row.get(f"{fmt}_peak_rss_mib", 0), largest // 1024)
            row[f"{fmt}_together_mib"] = max(row.get(f"{fmt}_together_mib", 0), together // 1024)
    for fmt, values in times.items():
        row[f"{fmt}_s"] = round(statistics.median(values), 1)
    pdf = next((workdir / f"dist{size}").glob("*.pdf"))
    row["pdf_pages"] = _pages(pdf)
    return row


def measure_long_chapter(lines: int, workdir: Path, headings: bool) -> dict[str, object]:
    """One export of each format of a small manual with one chapter of ``lines`` lines."""
    project = workdir / f"long{lines}{'' if headings else '-plain'}"
    subprocess.run(
        [
            sys.executable,
            str(HERE / "generate.py"),
            "20",
            str(project),
            "--force",
            "--chapter-lines",
            str(lines),
            *([] if headings else ["--chapter-plain"]),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    for part in ("docs", "macros", "overrides"):
        shutil.copytree(REPO / part, project / part, dirs_exist_ok=True)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8").rstrip("\n")
    (project / "mkdocs.yml").write_text(
        config + "\n  - A long chapter: long-chapter.md\n", encoding="utf-8"
    )
    _git_project(project)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    smsdocs = str(Path(sys.executable).parent / "smsdocs")
    row: dict[str, object] = {"lines": lines, "headings": headings}
    for fmt in ("pdf", "docx"):
        cmd = [smsdocs, "export", "--format", fmt, "-o", str(workdir / f"dist-{project.name}")]
        elapsed, largest, together = timed_tree(cmd, cwd=project, env=env)
        row[f"{fmt}_s"] = round(elapsed, 1)
        row[f"{fmt}_peak_rss_mib"] = largest // 1024
        row[f"{fmt}_together_mib"] = together // 1024
    return row


def measure_pack(size: int, workdir: Path, repeat: int) -> dict[str, float | int]:
    """The audit pack of an approved release against the export of the same project (PDF and
    DOCX, the pack's largest part): median of ``repeat`` interleaved runs."""
    project = workdir / f"manual{size}"
    if not project.exists():
        project = manual_project(size, workdir)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "GIT_COMMITTER_NAME": "bench"}
    env["GIT_COMMITTER_EMAIL"] = "bench@example.invalid"
    # The generated scope approves v1.0.0: its tag makes the commit that release.
    subprocess.run(
        ["git", "tag", "-a", "-f", "v1.0.0", "-m", "bench release"],
        cwd=project,
        env=env,
        check=True,
    )
    smsdocs = str(Path(sys.executable).parent / "smsdocs")
    commands = {
        "export": [smsdocs, "export", "-o", str(workdir / f"dist{size}")],
        "pack": [smsdocs, "audit-pack", "-o", str(workdir / f"pack{size}")],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, cmd in commands.items():
            times[name].append(timed_tree(cmd, cwd=project, env=env)[0])
    export_s, pack_s = (statistics.median(times[name]) for name in commands)
    return {
        "services": size,
        "export_s": round(export_s, 1),
        "pack_s": round(pack_s, 1),
        "pack_vs_export": round(pack_s / export_s, 2),
    }


def _pages(pdf: Path) -> int:
    import pikepdf

    with pikepdf.open(pdf) as document:
        return len(document.pages)


# The Markdown smsdocs typesets its PDF from, made standalone for other tools: the same
# pages, in the same order, with their links made pandoc's own. Prints a JSON summary.
EXPORT_MARKDOWN = r"""
import json, sys
from pathlib import Path
import pypandoc
from smsdocs.export import manual_from
from smsdocs.export.ast import ANCHOR_SCHEME, LINK_SCHEME, REF_SCHEME
from smsdocs.export.images import Images
from smsdocs.export.markdown import chunks
from smsdocs.export.pandoc import find_pandoc
from smsdocs.site.capture import capture
root, out = Path(sys.argv[1]), Path(sys.argv[2])
manual = manual_from(capture(root, out / "assets"), root, 0)
work = out / "work"
work.mkdir(parents=True, exist_ok=True)
pieces = chunks(manual, Images(manual.site_dir, out), find_pandoc(), work, word=False)
blocks = [json.loads(block) for piece in pieces for block in piece.blocks]
images = 0

def plain(node):
    # smsdocs' own link addresses made pandoc's: anchors as spans, links as #anchor links,
    # the images it places by absolute path.
    global images
    if isinstance(node, list):
        return [plain(n) for n in node]
    if not isinstance(node, dict) or "c" not in node:
        return node
    if node["t"] == "Link":
        attr, content, (href, title) = node["c"]
        if href.startswith(ANCHOR_SCHEME):
            return {"t": "Span", "c": [[href[len(ANCHOR_SCHEME):], [], []], plain(content)]}
        for scheme in (LINK_SCHEME, REF_SCHEME):
            if href.startswith(scheme):
                href = "#" + href[len(scheme):]
        return {"t": "Link", "c": [attr, plain(content), [href, title]]}
    if node["t"] == "Image":
        attr, alt, (src, title) = node["c"]
        if not Path(src).is_absolute():
            src = (out / src).as_posix()
        images += 1
        return {"t": "Image", "c": [[attr[0], [], [("width", "100%")]], plain(alt), [src, title]]}
    return {"t": node["t"], "c": plain(node["c"])}

tree = {"pandoc-api-version": json.loads(pieces[0].document())["pandoc-api-version"],
        "meta": {}, "blocks": plain(blocks)}
text = pypandoc.convert_text(json.dumps(tree), "markdown", format="json")
(out / "manual.md").write_text(text, encoding="utf-8")
print(json.dumps({"title": manual.cover.title, "pandoc": str(pypandoc.get_pandoc_path()),
    "reader": "markdown", "images": images, "bytes": len(text.encode())}))
"""

EQUAL_COLUMNS = """\
-- Tables whose columns have no width (every CommonMark table) share the line equally, so
-- LaTeX wraps their cells (p{} columns) instead of setting each row on one line.
function Table(t)
  for i, spec in ipairs(t.colspecs) do
    if spec[2] == nil or spec[2] == pandoc.ColWidthDefault then
      t.colspecs[i] = {spec[1], 1 / #t.colspecs}
    end
  end
  return t
end
"""
LATEX_FONTS = ("DejaVu Serif", "Noto Serif", "FreeSerif", "Libertinus Serif")
"""System fonts tried, in turn, for characters Latin Modern lacks (xelatex only)."""
INSTALL_LATEX = (
    "apt-get install texlive-latex-base texlive-latex-recommended "
    "texlive-fonts-recommended lmodern texlive-xetex"
)
ENGINES = {
    "smsdocs": "smsdocs (Typst)",
    "latex": "pandoc + LaTeX",
    "weasyprint": "pandoc + WeasyPrint",
}


def _reason(messages: str) -> str:
    """The line that says why a command failed: TeX's '! ...' error (with the line that
    continues it, indented), else the last line that is not a warning."""
    lines = [line.rstrip() for line in messages.splitlines() if line.strip()]
    for i, line in enumerate(lines):
        if line.startswith("! "):
            more = lines[i + 1].strip() if lines[i + 1 :] and lines[i + 1][:1].isspace() else ""
            return f"{line[2:]} {more}".strip()[:110]
    errors = [line for line in lines if not line.startswith("[WARNING]")]
    return (errors or lines or ["no message"])[-1].strip()[:110]


def latex_options(pandoc: str, reader: str, text: str, work: Path) -> tuple[list[str], str]:
    """pandoc's options for LaTeX that typeset every character of ``text``, and why them.

    pdflatex first; xelatex when pdflatex stops at a character it has no definition for;
    with a system font when Latin Modern has no glyph for one (xelatex leaves it out, with a
    warning). A page holding each character the text uses decides, in a second or two.
    Raises LookupError with the reason when no installed engine can.
    """
    sample = " ".join(sorted({c for c in text if ord(c) > 127})) or "x"
    tried: list[str] = []
    for engine in ("pdflatex", "xelatex"):
        if not shutil.which(engine):
            tried.append(f"{engine} is not installed")
            continue
        fonts: list[str | None] = [None]
        if engine == "xelatex":
            fonts += [f for f in LATEX_FONTS if _installed_font(f)]
        for font in fonts:
            options = [f"--pdf-engine={engine}", *(["-V", f"mainfont={font}"] if font else [])]
            proc = subprocess.run(
                [pandoc, "-f", reader, "-o", str(work / "probe.pdf"), *options],
                input=sample,
                capture_output=True,
                text=True,
                check=False,
            )
            if proc.returncode:
                tried.append(f"{engine}: {_reason(proc.stderr).rstrip('.')}")
                break
            missing = sorted(set(re.findall(r"There is no (\S+) \((U\+[0-9A-F]+)\)", proc.stderr)))
            if not missing:
                return options, "; ".join(
                    [*tried, f"using {engine}{f' with {font}' if font else ''}"]
                )
            glyphs = ", ".join(f"{c} ({code})" for c, code in missing)
            tried.append(f"{engine} with {font or 'Latin Modern'} has no {glyphs}")
    raise LookupError("; ".join(tried))


def _installed_font(family: str) -> bool:
    if not shutil.which("fc-list"):
        return False
    found = subprocess.run(
        ["fc-list", family, "family"], capture_output=True, text=True, check=False
    )
    return bool(found.stdout.strip())


def measure_engines(
    size: int, workdir: Path, repeat: int, weasyprint: str | None
) -> dict[str, object]:
    """smsdocs' PDF export against pandoc + LaTeX and pandoc + WeasyPrint on the same
    Markdown: median seconds of ``repeat`` interleaved runs, peak memory, pages, ratios."""
    project = workdir / f"manual{size}"
    if not project.exists():
        project = manual_project(size, workdir)
    work = workdir / f"engines{size}"
    work.mkdir()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    made = json.loads(
        subprocess.run(
            [sys.executable, "-c", EXPORT_MARKDOWN, str(project), str(work)],
            check=True,
            capture_output=True,
            text=True,
            env=env,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    markdown = work / "manual.md"
    (work / "columns.lua").write_text(EQUAL_COLUMNS, encoding="utf-8")
    pandoc = [made["pandoc"], "-f", made["reader"], str(markdown), "--toc", "-N"]
    pandoc += ["-M", f"title={made['title']}"]
    outputs = {name: work / f"{name}.pdf" for name in ENGINES}
    dist = workdir / f"engines-dist{size}"
    smsdocs = str(Path(sys.executable).parent / "smsdocs")
    variants: dict[str, list[str] | str] = {
        "smsdocs": [smsdocs, "export", "--format", "pdf", "-o", str(dist)]
    }
    latex_note = ""
    try:
        options, latex_note = latex_options(
            made["pandoc"], made["reader"], markdown.read_text(encoding="utf-8"), work
        )
        variants["latex"] = [
            *pandoc,
            "--lua-filter",
            str(work / "columns.lua"),
            "-V",
            "papersize=a4",
            "-V",
            "geometry:margin=2cm",
            *options,
            "-o",
            str(outputs["latex"]),
        ]
    except LookupError as exc:
        variants["latex"] = f"skipped: {exc}; install LaTeX with {INSTALL_LATEX}"
    found = weasyprint or shutil.which("weasyprint")
    if found and Path(found).is_file():
        variants["weasyprint"] = [
            *pandoc,
            "-t",
            "html5",
            f"--pdf-engine={Path(found).resolve()}",
            "-o",
            str(outputs["weasyprint"]),
        ]
    else:
        variants["weasyprint"] = (
            f"skipped: {found or 'weasyprint'} not found; install it with "
            "'python -m venv /tmp/wpvenv && /tmp/wpvenv/bin/pip install weasyprint' "
            "and pass --weasyprint /tmp/wpvenv/bin/weasyprint (or put it on PATH)"
        )
    times: dict[str, list[float]] = {name: [] for name in ENGINES}
    peaks = {name: [0, 0] for name in ENGINES}
    for _ in range(repeat):
        for name, cmd in variants.items():
            if isinstance(cmd, str):
                continue  # skipped, or failed in an earlier round
            log = work / f"{name}.log"
            with log.open("wb") as messages:
                try:
                    elapsed, largest, together = timed_tree(
                        cmd, cwd=project, env=env, stderr=messages
                    )
                except subprocess.CalledProcessError:
                    variants[name] = "failed: " + _reason(log.read_text(errors="replace"))
                    continue
            times[name].append(elapsed)
            peaks[name] = [max(peaks[name][0], largest), max(peaks[name][1], together)]
    outputs["smsdocs"] = next(dist.glob("*.pdf"), outputs["smsdocs"])
    medians = {name: statistics.median(taken) for name, taken in times.items() if taken}
    rows: dict[str, dict[str, object]] = {}
    for name, cmd in variants.items():
        if isinstance(cmd, str):
            rows[name] = {"status": cmd}
            continue
        row: dict[str, object] = {
            "s": round(medians[name], 1),
            "largest_mib": peaks[name][0] // 1024,
            "together_mib": peaks[name][1] // 1024,
            "pages": _pages(outputs[name]),
        }
        if name != "smsdocs" and not isinstance(variants["smsdocs"], str):
            row["time_ratio"] = round(medians["smsdocs"] / medians[name], 2)
            row["memory_ratio"] = round(peaks["smsdocs"][1] / peaks[name][1], 2)
        rows[name] = row
    return {
        "services": size,
        "markdown_mib": round(made["bytes"] / 1048576, 2),
        "images": made["images"],
        "latex": latex_note,
        "engines": rows,
    }


def measure_serve(workdir: Path, rounds: int = 5) -> dict[str, float]:
    """Seconds from saving a scope file to mkdocs serve returning the changed page."""
    import socket
    import urllib.request

    project = workdir / "example"
    for part in ("docs", "macros", "overrides", "scope"):
        shutil.copytree(REPO / part, project / part)
    shutil.copy2(REPO / "mkdocs.yml", project / "mkdocs.yml")
    _git_project(project)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    url = f"http://127.0.0.1:{port}/catalogue/infrastructure/managed-hosting/"

    def page() -> str:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return str(response.read().decode("utf-8"))
        except OSError:
            return ""

    latencies: list[float] = []
    try:
        deadline = time.monotonic() + 120
        while "Managed Private Cloud Hosting" not in page() and time.monotonic() < deadline:
            time.sleep(0.2)
        services = project / "scope" / "services" / "infrastructure.yaml"
        original = services.read_text(encoding="utf-8")
        for n in range(rounds):
            marker = f"Managed Private Cloud Hosting {n + 2}"
            services.write_text(
                original.replace("Managed Private Cloud Hosting", marker), encoding="utf-8"
            )
            start = time.perf_counter()
            while marker not in page() and time.perf_counter() - start < 60:
                time.sleep(0.05)
            latencies.append(time.perf_counter() - start)
            time.sleep(1)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {"edit_to_rebuild_s": round(statistics.median(latencies), 2)}


def print_engines(rows: list[dict[str, object]], repeat: int) -> None:
    print(f"\nPDF from the same Markdown: median of {repeat} interleaved runs; memory: the")
    print("largest process, and all of the command's processes together (sampled every 50 ms)")
    print(
        f"{'services':>8} {'engine':<20} {'pages':>5} {'time':>7} {'largest':>8} "
        f"{'together':>9} {'smsdocs/this: time':>18} {'memory':>6}"
    )
    for r in rows:
        engines = r["engines"]
        assert isinstance(engines, dict)
        for name, label in ENGINES.items():
            e = engines[name]
            if "status" in e:
                print(f"{r['services']:>8} {label:<20} {e['status']}")
                continue
            ratios = (
                f"{e['time_ratio']:>17.2f}x {e['memory_ratio']:>5.2f}x"
                if "time_ratio" in e
                else f"{'':>18} {'':>6}"
            )
            print(
                f"{r['services']:>8} {label:<20} {e['pages']:>5} {e['s']:>6.1f}s "
                f"{e['largest_mib']:>6}Mi {e['together_mib']:>7}Mi {ratios}"
            )
        print(
            f"{r['services']} services: {r['markdown_mib']} MiB of Markdown, "
            f"{r['images']} SVG images; LaTeX: {r['latex'] or 'not run'}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="250,500,1000,2000")
    parser.add_argument("--export-sizes", default=None, help="sizes to export (default: --sizes)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--what", default="check,site,export,serve")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    parser.add_argument("--chapter-lines", type=int, default=100_000)
    parser.add_argument(
        "--weasyprint", help="the weasyprint executable for export-engines (default: on PATH)"
    )
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    export_sizes = [int(s) for s in (args.export_sizes or args.sizes).split(",")]
    what = set(args.what.split(","))
    workdir = Path(tempfile.mkdtemp(prefix="smsdocs-bench-"))
    results: dict[str, object] = {"machine": f"{platform.machine()}, {os.cpu_count()} cores"}
    try:
        if "check" in what:
            rows = [measure(size, workdir, args.repeat) for size in sizes]
            results["check"] = rows
            print(f"check: median of {args.repeat} interleaved runs")
            print(
                f"{'services':>8} {'MiB':>6} {'check':>7} {'safe_load':>9} {'C parse':>8} "
                f"{'vs safe_load':>12} {'vs C parse':>10} {'peak RSS':>9}"
            )
            for r in rows:
                print(
                    f"{r['services']:>8} {int(r['bytes']) / 1048576:>6.1f} {r['check_s']:>6.2f}s "
                    f"{r['safe_load_s']:>8.2f}s {r['csafe_load_s']:>7.2f}s "
                    f"{r['check_vs_safe_load']:>11.2f}x {r['check_vs_csafe_load']:>9.2f}x "
                    f"{r['check_peak_rss_mib']:>7.1f}Mi"
                )
        if "site" in what:
            site_rows = [measure_site(size, workdir, max(1, args.repeat // 2)) for size in sizes]
            results["site"] = site_rows
            print("\nsite build: smsdocs against plain MkDocs + Material on the same pages")
            print(
                f"{'services':>8} {'smsdocs':>8} {'plain':>7} {'ratio':>6} {'site':>8} {'peak RSS':>9}"
            )
            for r in site_rows:
                print(
                    f"{r['services']:>8} {r['site_s']:>7.1f}s {r['plain_material_s']:>6.1f}s "
                    f"{r['site_vs_plain']:>5.2f}x {r['site_mib']:>6.1f}Mi {r['site_peak_rss_mib']:>7.1f}Mi"
                )
        if "export" in what:
            export_repeat = max(1, args.repeat // 2)
            export_rows = [measure_export(size, workdir, export_repeat) for size in export_sizes]
            results["export"] = export_rows
            print(f"\nexports: median of {export_repeat} interleaved runs; memory: the largest")
            print("process, and all of the export's processes together (sampled every 50 ms)")
            print(
                f"{'services':>8} {'pages':>6} {'PDF':>7} {'largest':>8} {'together':>9} "
                f"{'DOCX':>7} {'largest':>8} {'together':>9}"
            )
            for r in export_rows:
                print(
                    f"{r['services']:>8} {r['pdf_pages']:>6} {r['pdf_s']:>6.1f}s "
                    f"{r['pdf_peak_rss_mib']:>6}Mi {r['pdf_together_mib']:>7}Mi "
                    f"{r['docx_s']:>6.1f}s {r['docx_peak_rss_mib']:>6}Mi {r['docx_together_mib']:>7}Mi"
                )
            for before, after in itertools.pairwise(export_rows):
                growth = after["services"] / before["services"]
                print(
                    f"{before['services']} -> {after['services']} services ({growth:.0f}x): "
                    f"PDF {after['pdf_s'] / before['pdf_s']:.2f}x, "
                    f"DOCX {after['docx_s'] / before['docx_s']:.2f}x"
                )
        if "pack" in what:
            pack_repeat = max(1, args.repeat // 2)
            pack_rows = [measure_pack(size, workdir, pack_repeat) for size in export_sizes]
            results["pack"] = pack_rows
            print(f"\naudit pack against the PDF and DOCX export: median of {pack_repeat} runs")
            print(f"{'services':>8} {'export':>8} {'pack':>8} {'ratio':>6}")
            for r in pack_rows:
                print(
                    f"{r['services']:>8} {r['export_s']:>7.1f}s {r['pack_s']:>7.1f}s "
                    f"{r['pack_vs_export']:>5.2f}x"
                )
        if "export-engines" in what:
            engine_rows = [
                measure_engines(size, workdir, args.repeat, args.weasyprint)
                for size in export_sizes
            ]
            results["export_engines"] = engine_rows
            print_engines(engine_rows, args.repeat)
        if "long-chapter" in what:
            long_rows = [
                measure_long_chapter(args.chapter_lines, workdir, headings)
                for headings in (True, False)
            ]
            results["long_chapter"] = long_rows
            print(f"\none chapter of {args.chapter_lines} lines, 20 services: one export each")
            print(
                f"{'chapter':>10} {'PDF':>7} {'largest':>8} {'together':>9} "
                f"{'DOCX':>7} {'largest':>8} {'together':>9}"
            )
            for r in long_rows:
                print(
                    f"{'sections' if r['headings'] else 'no heads':>10} {r['pdf_s']:>6}s "
                    f"{r['pdf_peak_rss_mib']:>6}Mi {r['pdf_together_mib']:>7}Mi "
                    f"{r['docx_s']:>6}s {r['docx_peak_rss_mib']:>6}Mi {r['docx_together_mib']:>7}Mi"
                )
        if "serve" in what:
            serve = results["serve"] = measure_serve(workdir)
            print(f"\nmkdocs serve, edit to rebuilt page: {serve['edit_to_rebuild_s']} s")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    if args.json:
        import json

        args.json.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
