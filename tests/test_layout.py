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
