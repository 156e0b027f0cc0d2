"""Time a site build with thousands of release tags against the same build with none.

The history chapter shows what changed between consecutive releases. Those changes are kept
between builds (``.git/smsdocs/releases.json``), so a project with 2,000 annotated tags should
build nearly as fast as one with none. This script makes both projects (the example, in git;
one of them with TAGS commits, each changing the scope and tagged), then times their builds
side by side with farm-bench: warm (the cache in place, as every build after the first) and
cold (the cache removed before each build, as the first build after an upgrade).

    python bench/tags.py [--tags 2000] [--runs 5] [--what warm,cold] [--workdir DIR]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PARTS = ("mkdocs.yml", "docs", "macros", "overrides", "scope")
ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "Bench",
    "GIT_AUTHOR_EMAIL": "bench@example.org",
    "GIT_COMMITTER_NAME": "Bench",
    "GIT_COMMITTER_EMAIL": "bench@example.org",
    "NO_MKDOCS_2_WARNING": "1",
}


def project(dest: Path) -> Path:
    dest.mkdir(parents=True)
    for part in PARTS:
        src = REPO / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / part)
    (dest / ".gitignore").write_text("/site/\n/.cache/\n", encoding="utf-8")
    git(dest, "init", "-q", "-b", "main")
    git(dest, "add", "-A")
    git(dest, "commit", "-q", "-m", "scope")
    return dest


def git(root: Path, *args: str, data: bytes | None = None) -> None:
    subprocess.run(["git", *args], cwd=root, input=data, env=ENV, check=True)


def add_releases(root: Path, count: int) -> None:
    """``count`` commits on main, each changing the scope's purpose, each an annotated tag."""
    org = (root / "scope" / "organization.yaml").read_text(encoding="utf-8")
    marker = "  purpose: >-\n    "
    assert marker in org
    stream: list[bytes] = []

    def data(text: str) -> None:
        raw = text.encode("utf-8")
        stream.append(b"data %d\n" % len(raw) + raw + b"\n")

    for n in range(1, count + 1):
        when = 1_700_000_000 + n * 60
        stream.append(b"commit refs/heads/main\nmark :%d\n" % n)
        stream.append(b"committer Bench <bench@example.org> %d +0000\n" % when)
        data(f"release {n}")
        stream.append(b"from refs/heads/main^0\n" if n == 1 else b"from :%d\n" % (n - 1))
        stream.append(b"M 100644 inline scope/organization.yaml\n")
        data(org.replace(marker, f"{marker}Revision {n}. ", 1))
        stream.append(b"tag v0.%d.%d\nfrom :%d\n" % (n // 1000, n % 1000, n))
        stream.append(b"tagger Bench <bench@example.org> %d +0000\n" % when)
        data(f"Release {n}")
    git(root, "fast-import", "--quiet", data=b"".join(stream))
    git(root, "reset", "-q", "--hard", "main")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tags", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--what", default="warm,cold", help="warm, cold or both")
    args = parser.parse_args()
    if args.workdir is None:
        with tempfile.TemporaryDirectory(prefix="smsdocs-bench-tags-") as tmp:
            run(args, Path(tmp))
    else:
        run(args, args.workdir)


def run(args: argparse.Namespace, work: Path) -> None:
    tagged, plain = project(work / "tagged"), project(work / "plain")
    add_releases(tagged, args.tags)
    mkdocs = str(Path(sys.executable).parent / "mkdocs")
    build = f"{mkdocs} build -q --strict"
    print(f"# {args.tags} annotated tags against none, the example project, in {work}")
    wanted = args.what.split(",")
    for label, command in (
        ("warm", f"sh -c 'cd {tagged} && exec {build}'"),
        ("cold", f"sh -c 'cd {tagged} && rm -rf .git/smsdocs && exec {build}'"),
    ):
        if label not in wanted:
            continue
        print(f"\n## {label}: build with {args.tags} tags (A) vs with none (B)", flush=True)
        subprocess.run(
            [
                "farm-bench",
                "-n",
                str(args.runs),
                "--timeout",
                "3000",
                "--vs",
                f"sh -c 'cd {plain} && exec {build}'",
                "--",
                "sh",
                "-c",
                command.removeprefix("sh -c '").removesuffix("'"),
            ],
            check=True,
        )


if __name__ == "__main__":
    main()
