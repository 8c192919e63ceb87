"""The package's shape: no import cycles, a small top level, no giant files.

The import graph is built with ``ast`` from every ``engine`` module. Imports
inside functions count (a cycle hidden in a function is still a cycle); imports
under ``if TYPE_CHECKING:`` do not, since they never run.
"""

from __future__ import annotations

import ast
from pathlib import Path

ENGINE = Path(__file__).resolve().parents[1] / "engine"
MAX_TOP_LEVEL = 8
MAX_LINES = 600


def module_name(p: Path) -> str:
    parts = list(p.relative_to(ENGINE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def imports_of(p: Path, modules: set[str]) -> set[str]:
    """Engine modules imported by file ``p`` (relative imports resolved)."""
    tree = ast.parse(p.read_text(), str(p))
    me = module_name(p)
    pkg = me if p.name == "__init__.py" else me.rsplit(".", 1)[0]
    out: set[str] = set()

    def add(name: str) -> None:
        while name and name not in modules:  # `import engine.a.b.func` -> engine.a.b
            name = name.rsplit(".", 1)[0] if "." in name else ""
        if name and name != me:
            out.add(name)

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for n in node.orelse:
                visit(n)
            return
        if isinstance(node, ast.Import):
            for a in node.names:
                add(a.name)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = pkg.split(".")
                anchor = anchor[:len(anchor) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            for a in node.names:
                full = f"{base}.{a.name}"
                add(full if full in modules else base)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return out


def import_graph() -> dict[str, set[str]]:
    files = sorted(ENGINE.rglob("*.py"))
    modules = {module_name(p) for p in files}
    return {module_name(p): imports_of(p, modules) for p in files}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    counter = [0]

    def strong(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                strong(w)
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
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            strong(v)
    return out


def test_cycle_finder_finds_a_planted_cycle():
    g = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(g) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_import_graph_sees_function_level_imports_and_skips_type_checking(tmp_path):
    g = import_graph()
    assert "engine.core.state" in g
    assert any(g.values())


def test_no_import_cycles():
    found = cycles(import_graph())
    assert found == [], "import cycles: " + "; ".join(" <-> ".join(c) for c in found)


def test_top_level_is_small():
    mods = sorted(p.name for p in ENGINE.glob("*.py"))
    assert len(mods) <= MAX_TOP_LEVEL, mods


def test_no_giant_modules():
    big = {str(p.relative_to(ENGINE.parent)): n for p in ENGINE.rglob("*.py")
           if (n := len(p.read_text().splitlines())) > MAX_LINES}
    assert big == {}


def test_core_imports_nothing_above_it():
    """core/ (and geo/, scenario/ below it) never import rules, game, ai, analysis, ui, editor or cli."""
    upper = ("engine.rules", "engine.game", "engine.ai", "engine.analysis", "engine.ui", "engine.cli", "engine.editor")
    g = import_graph()
    bad = {m: sorted(d for d in deps if d.startswith(upper)) for m, deps in g.items()
           if m.startswith(("engine.core", "engine.geo", "engine.scenario"))}
    assert {m: d for m, d in bad.items() if d} == {}


def test_nothing_outside_the_ui_imports_pygame():
    offenders = []
    # engine/net/table.py is the window of `eastflank join` (a thin view over engine/net/remote.py
    # that draws with engine/ui's modules); it imports pygame only inside its functions.
    allowed = {Path("net") / "table.py"}
    for p in ENGINE.rglob("*.py"):
        rel = p.relative_to(ENGINE)
        if rel.parts[0] in ("ui", "editor") or rel in allowed:  # the table, the scenario editor, the join window
            continue
        tree = ast.parse(p.read_text())
        for n in ast.walk(tree):
            names = [a.name for a in n.names] if isinstance(n, ast.Import) else (
                [n.module or ""] if isinstance(n, ast.ImportFrom) else [])
            if any(x.split(".")[0] == "pygame" for x in names):
                offenders.append(str(p))
    assert offenders == []
