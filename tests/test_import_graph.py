"""No import circles in `pipeline/`: the modules form a graph whose arrows all point one way.

Every module is parsed with `ast` (nothing is imported) and every import statement counts: at the
top, inside a function, under `if TYPE_CHECKING:`. An import names a module of the package
(`import pipeline.read.excel`, `from pipeline.read import early`, `from . import schema`); the
parent packages Python loads on the way are not arrows of their own.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "pipeline"

Graph = dict[str, dict[str, str]]      # module -> imported module -> where ("read/excel.py:21")


def _modules(package: Path) -> dict[str, tuple[Path, list[str]]]:
    """Every module's dotted name -> its file and the package its relative imports start from."""
    modules = {}
    for path in sorted(package.rglob("*.py")):
        parts = list(path.relative_to(package.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
            home = parts
        else:
            home = parts[:-1]
        modules[".".join(parts)] = (path, home)
    return modules


def import_graph(package: Path) -> Graph:
    """Which modules of `package` each of its modules imports, and on which line."""
    modules = _modules(package)
    graph: Graph = {}
    for name, (path, home) in modules.items():
        arrows: dict[str, str] = {}
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = home[:len(home) - node.level + 1] + (node.module.split(".") if node.module else [])
                    source = ".".join(base)
                else:
                    source = node.module or ""
                targets = [source, *(f"{source}.{alias.name}" for alias in node.names)]
            else:
                continue
            where = f"{path.relative_to(package.parent).as_posix()}:{node.lineno}"
            for target in targets:
                if target in modules and target != name:
                    arrows.setdefault(target, where)
        graph[name] = arrows
    return graph


def cycles(graph: Graph) -> list[list[str]]:
    """One shortest circle through each group of modules that import each other (a strongly
    connected component), as the modules in order, the first repeated at the end."""
    found, done = [], set()
    for start in sorted(graph):
        if start in done:
            continue
        reach = _reachable(graph, start)
        group = {m for m in reach if start in _reachable(graph, m)}
        done |= group | {start}
        if start in reach:
            found.append(_shortest_path(graph, start, start))
    return found


def _reachable(graph: Graph, start: str) -> set[str]:
    seen, todo = set(), list(graph[start])
    while todo:
        module = todo.pop()
        if module not in seen:
            seen.add(module)
            todo.extend(graph[module])
    return seen


def _shortest_path(graph: Graph, start: str, end: str) -> list[str]:
    paths, seen = [[start]], set()
    while paths:
        path = paths.pop(0)
        for module in sorted(graph[path[-1]]):
            if module == end:
                return [*path, module]
            if module not in seen:
                seen.add(module)
                paths.append([*path, module])
    raise ValueError(f"no path from {start} to {end}")


def described(graph: Graph, circle: list[str]) -> str:
    return "\n".join(f"  {a} -> {b}   ({graph[a][b]})" for a, b in zip(circle, circle[1:]))


def test_pipeline_has_no_import_cycle():
    graph = import_graph(PACKAGE)
    assert "pipeline.read.excel" in graph["pipeline.read.inputs"]     # the graph sees the imports
    circles = cycles(graph)
    assert not circles, "Import circles in pipeline/:\n" + "\n\n".join(described(graph, c) for c in circles)


def test_a_circle_through_a_function_level_import_is_found(tmp_path):
    package = tmp_path / "pkg"
    (package / "read").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "read" / "__init__.py").write_text("")
    (package / "read" / "a.py").write_text("from pkg.read import b\n")
    (package / "read" / "b.py").write_text("def later():\n    from .c import name\n")
    (package / "read" / "c.py").write_text("import pkg.read.a\n")
    (package / "read" / "d.py").write_text("from pkg.read.a import thing\n")
    graph = import_graph(package)
    assert cycles(graph) == [["pkg.read.a", "pkg.read.b", "pkg.read.c", "pkg.read.a"]]
    assert described(graph, cycles(graph)[0]) == (
        "  pkg.read.a -> pkg.read.b   (pkg/read/a.py:1)\n"
        "  pkg.read.b -> pkg.read.c   (pkg/read/b.py:2)\n"
        "  pkg.read.c -> pkg.read.a   (pkg/read/c.py:1)")
