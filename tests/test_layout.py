"""The package's layout rules: no import cycles, and the CLI uses only public analyzer names."""

from __future__ import annotations

import ast
from pathlib import Path

import slant

ROOT = Path(slant.__file__).resolve().parent


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in ROOT.rglob("*.py") if "migrations" not in p.parts}


def _imports(path: Path, name: str, known: set[str]) -> set[str]:
    """Every slant module that ``path`` imports, at module level or inside a function."""
    is_pkg = path.name == "__init__.py"
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                pkg = name.split(".")
                pkg = pkg if is_pkg else pkg[:-1]
                pkg = pkg[: len(pkg) - node.level + 1]
                base = ".".join([*pkg, base] if base else pkg)
            # ``from pkg import sub`` imports the submodule when there is one
            targets = [
                f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names
            ]
        else:
            continue
        out.update(t for t in targets if t in known and t != name)
    return out


def _graph() -> dict[str, set[str]]:
    mods = _modules()
    known = set(mods)
    return {name: _imports(path, name, known) for name, path in mods.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_layout_has_no_import_cycle() -> None:
    assert _cycles(_graph()) == []


def test_layout_cycle_finder_finds_a_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_layout_cli_imports_only_public_analyzer_names() -> None:
    graph = _graph()
    bad = {
        (mod, dep)
        for mod, deps in graph.items()
        if mod.startswith("slant.cli")
        for dep in deps
        if dep.startswith("slant.analyzers.")
        and (dep.count(".") > 2 or dep.rsplit(".", 1)[1].startswith("_"))
    }
    assert bad == set()


def test_layout_big_analyzers_are_packages_with_a_public_surface() -> None:
    from slant.analyzers import quotes, techniques

    for pkg in (quotes, techniques):
        assert Path(pkg.__file__).name == "__init__.py"
        assert all(hasattr(pkg, n) for n in pkg.__all__)
    assert "QuotesAnalyzer" in quotes.__all__ and "TechniquesAnalyzer" in techniques.__all__


# The layers, lowest first (docs: readers/fetch -> clean -> analyzers -> pipeline -> store ->
# stories/report/web/cli). A module may import its own package and those ranked at or below
# its package; a new top-level module or package must be ranked here.
LAYERS: dict[str, int] = {
    **dict.fromkeys(("errors", "version", "labels", "annotations", "config", "pool", "schema"), 0),
    "article": 1,
    **dict.fromkeys(("output", "language", "nlp", "sentence_vectors", "readers", "clean"), 2),
    "fetch": 3,
    "analyzers": 4,
    "pipeline": 5,
    "store": 6,
    **dict.fromkeys(("ingest", "stories"), 7),
    **dict.fromkeys(("scale", "report"), 8),
    **dict.fromkeys(("watch", "web", "training"), 9),
    **dict.fromkeys(("cli", "__main__", ""), 10),  # "": slant/__init__.py
}


def _layer_of(module: str) -> str:
    return module.split(".")[1] if module.count(".") else ""


def _upward(graph: dict[str, set[str]]) -> set[tuple[str, str]]:
    """Imports of a module ranked above the importer's package."""
    return {
        (mod, dep)
        for mod, deps in graph.items()
        for dep in deps
        if LAYERS[_layer_of(dep)] > LAYERS[_layer_of(mod)]
    }


def test_layout_imports_go_downward() -> None:
    graph = _graph()
    assert {_layer_of(m) for m in graph} <= set(LAYERS)  # a new package: rank it above
    assert _upward(graph) == set()


def test_layout_upward_finder_finds_an_upward_import() -> None:
    graph = {"slant.analyzers.b": {"slant.store.a", "slant.article"}, "slant.store.a": set()}
    assert _upward(graph) == {("slant.analyzers.b", "slant.store.a")}


def test_layout_store_never_imports_an_analyzer_or_a_model() -> None:
    graph = _graph()
    bad = {
        (mod, dep)
        for mod, deps in graph.items()
        if mod.startswith("slant.store")
        for dep in deps
        if dep.startswith(("slant.analyzers", "slant.pipeline", "slant.nlp", "slant.training"))
    }
    assert bad == set()


def _private_imports(source: str) -> set[tuple[str, str]]:
    """``(module, name)`` of every private name imported from a slant module."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and (node.level or node.module.startswith("slant")):
            found |= {
                (f"{'.' * node.level}{node.module or ''}", a.name)
                for a in node.names
                if a.name.startswith("_") and not a.name.startswith("__")
            }
    return found


def test_layout_no_module_imports_another_modules_private_names() -> None:
    found = {
        (name, *imp)
        for name, path in _modules().items()
        for imp in _private_imports(path.read_text(encoding="utf-8"))
    }
    assert found == set()


def test_layout_private_import_finder() -> None:
    source = (
        "from slant.a import _b, c, __version__\n"
        "def f():\n    from .d import _e\n    from numpy import _f\n"
    )
    assert _private_imports(source) == {("slant.a", "_b"), (".d", "_e")}
