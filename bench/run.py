"""Measure ``smsdocs check`` against a bare YAML parse of the same files, side by side.

Usage: python bench/run.py [--sizes 250,500,1000,2000] [--repeat 7] [--json FILE]

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


def timed(cmd: list[str]) -> tuple[float, int]:
    """Wall time in seconds and this child's own peak RSS in KiB."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise subprocess.CalledProcessError(proc.returncode, cmd)
    return elapsed, usage.ru_maxrss


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="250,500,1000,2000")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    workdir = Path(tempfile.mkdtemp(prefix="smsdocs-bench-"))
    try:
        rows = [measure(size, workdir, args.repeat) for size in sizes]
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    header = (
        f"{'services':>8} {'MiB':>6} {'check':>7} {'safe_load':>9} {'C parse':>8} "
        f"{'vs safe_load':>12} {'vs C parse':>10} {'peak RSS':>9}"
    )
    print(f"median of {args.repeat} interleaved runs; {platform.processor() or platform.machine()}")
    print(header)
    for r in rows:
        print(
            f"{r['services']:>8} {int(r['bytes']) / 1048576:>6.1f} {r['check_s']:>6.2f}s "
            f"{r['safe_load_s']:>8.2f}s {r['csafe_load_s']:>7.2f}s "
            f"{r['check_vs_safe_load']:>11.2f}x {r['check_vs_csafe_load']:>9.2f}x "
            f"{r['check_peak_rss_mib']:>7.1f}Mi"
        )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n")


if __name__ == "__main__":
    main()
