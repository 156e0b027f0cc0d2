"""What a build may read: files inside the project, reached without leaving it.

A build of the manual (the site, the PDF and DOCX, the offline bundle, the audit pack) reads
the folders mkdocs.yml names (``docs_dir``, the theme's ``custom_dir``, the macros plugin's
include folder and module) and the export templates in ``overrides/``. Every file there is
reached through ``WorkingTree``, the same rule ``scope_files`` applies to ``scope/``: links
are followed while they stay inside the project; a link out of it (to ``/proc/self/environ``,
to a file elsewhere on the build machine), a link that leads nowhere or back into a folder
that contains it, and anything that is not a regular file or folder (a named pipe, a device)
is a finding with its path, so no build publishes what the project does not hold.

Imports ``errors``, ``load.project`` and ``load.site``, nothing else of the package.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from smsdocs.errors import Finding, Mark
from smsdocs.load.project import KIND_NAMES, Broken, Outside, WorkingTree, child_path, is_within
from smsdocs.load.site import CONFIG, Setting, SiteConfig

EXPORT_TEMPLATES: Final = "overrides"
"""Where the exports read their templates, logo and fonts (``overrides/export``), whatever
the theme's ``custom_dir``."""
CODE: Final = "file-unreadable"


def reach_findings(root: Path, config: SiteConfig | None) -> list[Finding]:
    """Every file or folder a build would read that leads out of the project or is not a
    regular file, sorted by path; none for a project whose files all stay inside it."""
    tree = WorkingTree(root)
    folders = list(config.folders()) if config is not None else []
    if not any(f.value.rstrip("/") == EXPORT_TEMPLATES for f in folders):
        folders.append(Setting(EXPORT_TEMPLATES, Mark(CONFIG), given=False))
    findings: list[Finding] = []
    walked: set[str] = set()
    for folder in folders:
        findings.extend(_folder_findings(root, tree, folder, walked))
    return sorted(findings, key=Finding.sort_key)


def _folder_findings(
    root: Path, tree: WorkingTree, folder: Setting, walked: set[str]
) -> list[Finding]:
    findings: list[Finding] = []
    top = folder.value.rstrip("/") or "."
    shown_top = top.removeprefix("./")

    def refuse(display: str, message: str) -> None:
        findings.append(Finding(Mark(display), "error", CODE, message))

    try:
        path = tree.resolve(top)
    except Outside as exc:
        target = _target(root / top, exc.target)
        if folder.given:
            findings.append(
                Finding(
                    folder.mark,
                    "error",
                    CODE,
                    f"'{folder.value}' is {target}, outside the project; a build reads only "
                    "files inside the project, so keep this folder in it",
                )
            )
        else:
            refuse(
                shown_top + "/",
                f"links to {target}, outside the project; keep this folder in the project",
            )
        return findings
    except Broken:
        return findings  # absent: MkDocs says so where it needs the folder
    if tree.entry(path).kind == "file":
        return findings  # the macros module as a single .py file inside the project
    if tree.entry(path).kind != "folder" or path in walked:
        return findings

    def walk(display: str, folder_path: str, fix_folder: str) -> None:
        walked.add(folder_path)
        try:
            names = tree.names(folder_path)
        except Broken as exc:
            refuse(display + "/", f"cannot read this folder ({exc}); check its permissions")
            return
        for name in sorted(names):
            shown = f"{display}/{name}"
            try:
                resolved = tree.resolve(child_path(folder_path, name))
            except Outside as exc:
                target = _target(root / shown, exc.target)
                is_dir = (root / shown).is_dir()
                fix = (
                    f"copy what it links to into {fix_folder}/ instead"
                    if is_dir
                    else f"copy the file into {fix_folder}/ instead"
                )
                refuse(shown, f"links to {target}, outside the project; {fix}")
                continue
            except Broken as exc:
                refuse(shown, f"is a link that cannot be followed ({exc}); fix or remove it")
                continue
            entry = tree.entry(resolved)
            if entry.kind == "folder" and is_within(folder_path, resolved):
                refuse(
                    shown,
                    f"links to {resolved or 'the project folder'}, which contains it, so its "
                    "files would be read for ever; remove the link",
                )
            elif entry.kind == "folder":
                if resolved not in walked:
                    walk(shown, resolved, fix_folder)
            elif entry.kind != "file":
                refuse(
                    shown,
                    f"is {KIND_NAMES[entry.kind]}, not a regular file; a build reads only "
                    "regular files, so remove it",
                )

    walk(shown_top, path, shown_top)
    return findings


def _target(link: Path, resolved: str) -> str:
    """Where a link leads, as written in it (``/proc/self/environ`` rather than the process
    it resolved to), else the resolved path."""
    try:
        return str(link.readlink())
    except OSError:
        return resolved
