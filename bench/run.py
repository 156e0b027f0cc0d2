"""Measure smsdocs against what a user would otherwise run, side by side in one run.

Usage: python bench/run.py [--sizes 250,500,1000,2000] [--repeat 7] [--json FILE]
                           [--what check,site,export,serve] [--export-sizes ...]

check (below); site: the smsdocs build against plain MkDocs + Material building the same final
page Markdown with the same navigation, and the site's size; export: PDF and DOCX time and peak
memory; serve: mkdocs serve's edit-to-rebuild latency on the example project.

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
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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
    cmd: list[str], cwd: Path | None = None, env: dict[str, str] | None = None
) -> tuple[float, int, int]:
    """Wall time, the largest single process's peak RSS and the peak RSS of the command and
    all its processes together (sampled every 50 ms), both in KiB."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, cwd=cwd, env=env)
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


def _pages(pdf: Path) -> int:
    import pikepdf

    with pikepdf.open(pdf) as document:
        return len(document.pages)


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="250,500,1000,2000")
    parser.add_argument("--export-sizes", default=None, help="sizes to export (default: --sizes)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--what", default="check,site,export,serve")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
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
