"""What a build may read: files inside the project, reached without leaving it.

A build of the manual (the site, the PDF and DOCX, the offline bundle, the audit pack) reads
the folders mkdocs.yml names (``docs_dir``, the theme's ``custom_dir``, the macros plugin's
include folder and module) and the export templates in ``export/`` of the theme's folder
(``overrides/`` where mkdocs.yml names none). Every file there is
reached through ``WorkingTree``, the same rule ``scope_files`` applies to ``scope/``: links
are followed while they stay inside the project; a link out of it (to ``/proc/self/environ``,
to a file elsewhere on the build machine), a link that leads nowhere or back into a folder
that contains it, and anything that is not a regular file or folder (a named pipe, a device)
is a finding with its path, so no build publishes what the project does not hold.

The files it reaches are then judged (``media_findings``): images that are not whole images of
their format (a Git LFS pointer, a truncated file), SVG image links that lead to no image inside
the project, a ``reference.docx`` that is not a Word document.

Imports ``errors``, ``load.media``, ``load.project`` and ``load.site``, nothing else of the
package.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Final
from urllib.parse import unquote

from smsdocs.errors import Finding, Mark
from smsdocs.load.media import (
    IMAGE_SUFFIXES,
    RASTER_MIME,
    docx_problem,
    image_problem,
    lfs_pointer,
    svg_images,
)
from smsdocs.load.project import KIND_NAMES, Broken, Outside, WorkingTree, child_path, is_within
from smsdocs.load.site import CONFIG, Setting, SiteConfig, export_folder

CODE: Final = "file-unreadable"


@dataclass(slots=True)
class Reached:
    """What a build of the project would read: the regular files (by the path a build names
    them, and their path in the project once links are followed), and the findings of what
    it may not read."""

    files: list[tuple[str, str]] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def reach_findings(root: Path, config: SiteConfig | None) -> list[Finding]:
    """Every file or folder a build would read that leads out of the project or is not a
    regular file, sorted by path; none for a project whose files all stay inside it."""
    return reach(root, config).findings


def reach(root: Path, config: SiteConfig | None) -> Reached:
    """The files a build of the project reads, and the findings of those it may not."""
    tree = WorkingTree(root)
    # Without a readable mkdocs.yml, MkDocs's default: docs/.
    default = [Setting("docs", Mark(CONFIG), given=False)]
    folders = list(config.folders()) if config is not None else default
    # The exports read their templates, logo and fonts from export/ in the theme's folder
    # (load.site.export_folder): overrides/export where mkdocs.yml names no theme folder.
    theme = export_folder(root, config).rsplit("/", 1)[0]
    if not any(f.value.rstrip("/") == theme for f in folders):
        folders.append(Setting(theme, Mark(CONFIG), given=False))
    reached = Reached()
    walked: set[str] = set()
    for folder in folders:
        _walk_folder(root, tree, folder, walked, reached)
    reached.findings.sort(key=Finding.sort_key)
    return reached


def _walk_folder(
    root: Path, tree: WorkingTree, folder: Setting, walked: set[str], reached: Reached
) -> None:
    findings = reached.findings
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
                    f"'{folder.value}' leads to {target}, outside the project; a build "
                    "reads only files inside the project, so keep this folder in it",
                )
            )
        else:
            refuse(
                shown_top + "/",
                f"links to {target}, outside the project; keep this folder in the project",
            )
        return
    except Broken:
        return  # absent: MkDocs says so where it needs the folder
    if tree.entry(path).kind == "file":
        reached.files.append((shown_top, path))  # the macros module as a single .py file
        return
    if tree.entry(path).kind != "folder" or path in walked:
        return

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
            else:
                reached.files.append((shown, resolved))

    walk(shown_top, path, shown_top)


def _target(link: Path, resolved: str) -> str:
    """Where a link leads, as written in it (``/proc/self/environ`` rather than the process
    it resolved to), else the resolved path."""
    try:
        return str(link.readlink())
    except OSError:
        return resolved


# -- what the files a build reads hold ----------------------------------------------------------

MEDIA_CODE: Final = "image-invalid"
TEMPLATE_CODE: Final = "template-invalid"
MAX_MEDIA_BYTES: Final = 256 * 1024 * 1024
"""Images larger than this are judged by their size alone: no page shows such a file."""
_SCHEME: Final = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def media_findings(root: Path, files: list[tuple[str, str]]) -> list[Finding]:
    """Every image a build reads (``load.media``) that is not a whole image of its format,
    every SVG image link that leads to no such image inside the project, and a
    ``reference.docx`` that is not a Word document: each at its file (and line)."""
    tree = WorkingTree(root)
    findings: list[Finding] = []
    for display, path in files:
        name = PurePosixPath(display).name
        suffix = PurePosixPath(name).suffix.lower()
        if suffix in IMAGE_SUFFIXES:
            data = _read(tree, path)
            if isinstance(data, str):
                findings.append(Finding(Mark(display), "error", MEDIA_CODE, data))
                continue
            if suffix == ".svg" and not lfs_pointer(data):
                found = svg_images(data)
                if found.problem is not None:
                    mark = Mark(display, found.line, found.column)
                    findings.append(Finding(mark, "error", MEDIA_CODE, found.problem))
                    continue
                for image in found.images:
                    message = _svg_link_problem(tree, display, image.href)
                    if message is not None:
                        mark = Mark(display, image.line, image.column)
                        findings.append(Finding(mark, "error", MEDIA_CODE, message))
            elif (problem := image_problem(suffix, data)) is not None:
                findings.append(Finding(Mark(display), "error", MEDIA_CODE, problem))
        elif name == "reference.docx":
            data = _read(tree, path)
            problem = data if isinstance(data, str) else docx_problem(data)
            if problem is not None:
                findings.append(Finding(Mark(display), "error", TEMPLATE_CODE, problem))
    return findings


def svg_link_target(display: str, href: str) -> str | None:
    """The project path an SVG at ``display`` links with ``href``, as a browser would
    resolve it beside the SVG; None for an address of another host or scheme."""
    if _SCHEME.match(href):
        return None
    path = unquote(href.partition("#")[0].partition("?")[0])
    if path.startswith("/"):
        return path  # absolute: outside the project, whatever it names
    return posixpath.normpath(posixpath.join(posixpath.dirname(display), path))


def _svg_link_problem(tree: WorkingTree, display: str, href: str) -> str | None:
    target = svg_link_target(display, href)
    fix = "put the image beside the SVG and link it by its name"
    if target is None:
        return (
            f"links the image '{href}' by an address, which the exports cannot embed and an "
            f"intranet may not reach; {fix}"
        )
    if target.startswith(("/", "../")) or target == "..":
        return f"links the image '{href}', which is outside the project; {fix}"
    try:
        path = tree.resolve(target)
    except Outside as exc:
        return f"links the image '{href}', which leads to {exc.target}, outside the project; {fix}"
    except Broken:
        return f"links the image '{href}', which is not there; {fix}, or remove the link"
    suffix = PurePosixPath(path).suffix.lower()
    if tree.entry(path).kind != "file" or suffix not in RASTER_MIME:
        return (
            f"links '{href}', which is not a PNG, JPEG or GIF image, so the exports cannot "
            "embed it; link such an image instead"
        )
    data = _read(tree, path)
    problem = data if isinstance(data, str) else image_problem(suffix, data)
    return None if problem is None else f"links the image '{href}', which {problem}"


def _read(tree: WorkingTree, path: str) -> bytes | str:
    """The file's bytes, or why they cannot be judged (as the end of a sentence)."""
    data = next(tree.read([path], MAX_MEDIA_BYTES))
    if isinstance(data, str):
        return f"cannot be read ({data}); check its permissions"
    if len(data) > MAX_MEDIA_BYTES:
        return f"is over {MAX_MEDIA_BYTES // 1048576} MiB; no page shows an image this large"
    return data
