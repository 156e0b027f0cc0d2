"""The package's layering, read from its source: no module imports one above it, no cycle, and
each outside engine is imported by the one module that owns it (DESIGN.md)."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "smsdocs"

LAYERS = {
    # leaves: data and helpers that know nothing of the rest
    "errors": 0,
    "model": 0,
    "standards": 0,
    "running": 0,
    "sanitise": 0,
    "output": 1,
    "schema": 1,
    "load": 1,
    "validate": 2,
    "__init__": 3,
    "render": 3,
    "history": 3,
    "plugin": 4,
    "export": 4,
    "cli": 5,
}
"""Each module's layer: a module may import its own layer or those below."""

OWNERS = {
    "mkdocs": "plugin",
    "material": "plugin",
    "mkdocs_macros": "plugin",
    "pypandoc": "export",
    "typst": "export",
    "pikepdf": "export",
    "click": "cli",
}
"""The one module that may import each engine, so a change of engine touches one place."""


def imports(path: Path) -> tuple[set[str], set[str]]:
    """(smsdocs modules, top-level outside packages) that a module imports, anywhere in it."""
    ours: set[str] = set()
    outside: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            top, _, rest = node.module.partition(".")
            if top != "smsdocs":
                outside.add(top)
            elif rest:
                ours.add(rest.split(".")[0])
            else:  # from smsdocs import x: a module, or a name of the package itself
                ours.update(
                    a.name if (SRC / f"{a.name}.py").exists() else "__init__" for a in node.names
                )
        elif isinstance(node, ast.Import):
            for alias in node.names:
                top, _, rest = alias.name.partition(".")
                if top == "smsdocs" and rest:
                    ours.add(rest.split(".")[0])
                elif top != "smsdocs":
                    outside.add(top)
    return ours, outside


def graph() -> dict[str, set[str]]:
    return {path.stem: imports(path)[0] - {path.stem} for path in sorted(SRC.glob("*.py"))}


def test_every_module_has_a_layer() -> None:
    assert set(graph()) == set(LAYERS)


def test_no_module_imports_one_above_it() -> None:
    uphill = sorted(
        f"{module} (layer {LAYERS[module]}) imports {dep} (layer {LAYERS[dep]})"
        for module, deps in graph().items()
        for dep in deps
        if LAYERS[dep] > LAYERS[module]
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


def test_each_engine_is_imported_by_its_owner_alone() -> None:
    strays = sorted(
        f"{path.stem} imports {package}"
        for path in sorted(SRC.glob("*.py"))
        for package in imports(path)[1]
        if package in OWNERS and OWNERS[package] != path.stem
    )
    assert strays == []
