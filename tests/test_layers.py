"""The package's layering, read from its source: no module imports one above it, no cycle, and
each outside engine is imported by the one module or folder that owns it (DESIGN.md).

A folder of the package (``render/``, ``export/``, ...) is one layer: its modules may import
each other, without a cycle, and the layers below."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "smsdocs"

LAYERS = {
    # leaves: data and helpers that know nothing of the rest
    "errors": 0,
    "model": 0,
    "standards": 0,
    "codes": 0,
    "runnable": 0,
    "running": 0,
    "workers": 0,
    "sanitise": 0,
    "fonts": 0,
    "words": 0,
    "output": 1,
    "signing": 1,
    "packcheck": 2,
    "schema": 1,
    "load": 1,
    "project": 2,
    "validate": 2,
    "__init__": 3,
    "render": 3,
    "history": 3,
    "plugin": 4,
    "site": 4,
    "export": 4,
    "pipeline": 5,
    "pack": 6,
    "sheets": 6,
    "cli": 6,
}
"""Each top-level module or folder's layer: it may import its own layer or those below."""

OWNERS = {
    # The engine (MkDocs, or ProperDocs in its place) is set up in one module before anything
    # imports it; the rest of site/ takes what it uses from there.
    "mkdocs": "site.engine",
    "properdocs": "site.engine",
    "material": "site",
    "mkdocs_macros": "site",
    "pypandoc": "export.pandoc",
    # The worker each Typst process runs holds Typst's one call, apart so it imports little.
    "typst": ("export.typst", "export.typstrun"),
    "pikepdf": "export.pdf",
    "click": "cli",
    "fontTools": "fonts",
    "openpyxl": "sheets.table",
    "ruamel": "sheets.merge",
}
"""The one module or folder (or the two modules) that may import each engine, so a change of engine touches one
place (a dotted name, such as ``export.pdf``, names one module of a folder)."""


def module_name(path: Path) -> str:
    """'render', 'render.links', 'export' (for export/__init__.py), '__init__'."""
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if len(parts) > 1 and parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(SRC.rglob("*.py"))}


def resolve(name: str, known: dict[str, Path]) -> str:
    """The module a dotted name under smsdocs denotes (a name inside a module is that module)."""
    while name and name not in known:
        name = name.rpartition(".")[0]
    return name


def imports(path: Path, known: dict[str, Path]) -> tuple[set[str], set[str]]:
    """(smsdocs modules, top-level outside packages) that a module imports, anywhere in it."""
    here = module_name(path)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    ours: set[str] = set()
    outside: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:  # relative: from . import x, from .x import y
                base = package.split(".") if package else []
                base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
                prefix = ".".join([*base, *(node.module.split(".") if node.module else [])])
            elif node.module and node.module.partition(".")[0] == "smsdocs":
                prefix = node.module.partition(".")[2]
            else:
                if node.module:
                    outside.add(node.module.partition(".")[0])
                continue
            for alias in node.names:
                full = f"{prefix}.{alias.name}" if prefix else alias.name
                target = resolve(full, known) or resolve(prefix, known) or "__init__"
                ours.add(target)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                top, _, rest = alias.name.partition(".")
                if top == "smsdocs":
                    ours.add(resolve(rest, known) or "__init__")
                else:
                    outside.add(top)
    return ours - {here}, outside


def top(module: str) -> str:
    return module.partition(".")[0]


def graph() -> dict[str, set[str]]:
    """Each module's imports of other smsdocs modules, by dotted name."""
    known = modules()
    return {name: imports(path, known)[0] for name, path in known.items()}


def test_every_module_has_a_layer() -> None:
    assert {top(m) for m in graph()} == set(LAYERS)


def test_no_module_imports_one_above_it() -> None:
    uphill = sorted(
        f"{module} (layer {LAYERS[top(module)]}) imports {dep} (layer {LAYERS[top(dep)]})"
        for module, deps in graph().items()
        for dep in deps
        if LAYERS[top(dep)] > LAYERS[top(module)]
    )
    assert uphill == []


def test_no_import_cycle() -> None:
    edges = graph()
    done: set[str] = set()

    def visit(module: str, path: tuple[str, ...]) -> None:
        if module in path:
            raise AssertionError("import cycle: " + " -> ".join((*path, module)))
        if module in done:
            return
        for dep in sorted(edges.get(module, ())):
            visit(dep, (*path, module))
        done.add(module)

    for module in sorted(edges):
        visit(module, ())


def owns(owner: str | tuple[str, ...], module: str) -> bool:
    owners = (owner,) if isinstance(owner, str) else owner
    return any(module == name or module.startswith(name + ".") for name in owners)


def test_each_engine_is_imported_by_its_owner_alone() -> None:
    known = modules()
    strays = sorted(
        f"{name} imports {package}"
        for name, path in known.items()
        for package in imports(path, known)[1]
        if package in OWNERS and not owns(OWNERS[package], name)
    )
    assert strays == []


def test_the_layering_test_sees_imports() -> None:
    """The checks above are only as good as the import graph: it holds known edges."""
    edges = graph()
    assert "validate" in edges["history.tree"]
    assert "history.git" in edges["history.releases"]
    assert any("errors" in deps for module, deps in edges.items() if top(module) == "load")


WORKERS = {
    "smsdocs.export.typstrun": ["smsdocs.export.typstrun"],
    "smsdocs.export.pdfpiece": [
        "smsdocs.errors",
        "smsdocs.export.pdfcells",
        "smsdocs.export.pdflinks",
        "smsdocs.export.pdfpiece",
        "smsdocs.export.pdfsyntax",
    ],
}
"""The modules of smsdocs a worker process loads for each job module, beside ``smsdocs``,
``smsdocs.export`` and the protocol, ``smsdocs.workers``."""


def test_workers_import_little_of_smsdocs() -> None:
    """A manual is typeset in many fresh processes, and joined in others: each paid for
    importing the whole renderer when the worker sat beside the code that prepares the jobs."""
    import subprocess
    import sys

    for module, expected in WORKERS.items():
        loaded = subprocess.run(
            [
                sys.executable,
                "-c",
                "import sys, importlib, smsdocs.workers; "
                f"importlib.import_module({module!r}); "
                "print(' '.join(sorted(m for m in sys.modules if m.startswith('smsdocs'))))",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        assert loaded == sorted(["smsdocs", "smsdocs.export", "smsdocs.workers", *expected])


def test_export_never_imports_the_site() -> None:
    """The exports read what a build captured through ``export.Captured``: nothing of the
    engine, so the same export runs whichever engine built the site."""
    strays = sorted(
        f"{module} imports {dep}"
        for module, deps in graph().items()
        if top(module) == "export"
        for dep in deps
        if top(dep) == "site"
    )
    assert strays == []


PIPELINE_STEPS = ("capture", "manual_from")
"""The calls that make the exported manual: only ``pipeline`` makes them."""


def test_one_pipeline_makes_the_exported_manual() -> None:
    """``smsdocs export`` and the audit pack export through ``pipeline.export_project``:
    no other module above the site and the export captures pages or makes a manual."""
    callers: dict[str, set[str]] = {}
    for name, path in modules().items():
        if top(name) in ("site", "export", "history") or name == "pipeline":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                func = node.func
                called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if called in PIPELINE_STEPS:
                    callers.setdefault(called, set()).add(name)
    assert callers == {}
    edges = graph()
    assert "pipeline" in edges["cli.commands"]
    assert "pipeline" in edges["pack.make"]


def test_the_settings_of_a_project_are_read_in_one_place() -> None:
    """The project's folders and settings come from ``project.Project``: no other module
    spells the export templates' folder or reads the release pattern from mkdocs.yml."""
    spelled = sorted(
        name
        for name, path in modules().items()
        if name != "project"
        and top(name) != "site"  # the engine reads its own config (the plugin's options)
        and any(
            text in path.read_text(encoding="utf-8")
            for text in ('"overrides" / "export"', 'get("release_pattern")')
        )
    )
    assert spelled == []


def test_the_exports_never_import_the_sites_writer() -> None:
    """The exports write the document model with their own writer (export.ast): nothing of
    the export reaches the site's Markdown writer, directly or through another module, so
    nothing there can come to read the site's Markdown back."""
    edges = graph()
    reached: dict[str, tuple[str, ...]] = {}
    waiting = [(m, (m,)) for m in edges if top(m) == "export"]
    while waiting:
        module, path = waiting.pop()
        if module in reached:
            continue
        reached[module] = path
        waiting.extend((dep, (*path, dep)) for dep in sorted(edges.get(module, ())))
    assert "render.material" in edges  # the writer the rule is about exists
    assert " -> ".join(reached.get("render.material", ())) == ""
