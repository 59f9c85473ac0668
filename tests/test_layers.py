"""No cycle between hub's packages, and each import goes down the declared layers (issue 24, point 4).

The graph is read from the source with `ast`, not from a running process, so it holds every import: at the top of a
module, inside a function (a late import still ties two packages together) and under `TYPE_CHECKING`. A node is a
package (`hub.content`) or a top module (`hub.config`); `hub` itself is `hub/__init__.py`."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

HUB = Path(__file__).resolve().parent.parent / "hub"

LAYERS: tuple[tuple[str, ...], ...] = (
    ("hub", "hub.problems", "hub.errors", "hub.models", "hub.timeparse", "hub.themes"),
    ("hub.i18n", "hub.safefiles", "hub.facets"),
    ("hub.config",),
    ("hub.content",),
    ("hub.plan",),
    ("hub.render",),
    ("hub.feeds",),
    ("hub.engines",),
    ("hub.publish",),
    ("hub.announce",),
    ("hub.build",),
    ("hub.commands",),
    ("hub.cli",),
    ("hub.__main__",),
)
"""Lowest first: a module may import from its own layer or one below, never from one above.
Problems, errors and small text helpers (did_you_mean); the words of the catalogs, the safe reading of files beside
the content (their kinds, the SVG sanitizer) and the facets' table, which the configuration reads; the configuration;
the content; the plan (the URL space, with the feeds and the OPML list as data); rendering; the feeds, made with the
pages' templates; the engines; publishing; announcing; the build; the commands; the command line."""

RANK = {node: rank for rank, layer in enumerate(LAYERS) for node in layer}

Edge = tuple[str, str]
Where = dict[Edge, list[str]]


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _node(module: str, root: Path) -> str:
    """`hub.content.fields` -> `hub.content`; `hub.config` -> `hub.config`; `hub.__version__`'s home -> `hub`."""
    parts = module.split(".")
    if len(parts) < 2:
        return parts[0]
    top = root / parts[1]
    return ".".join(parts[:2]) if top.is_dir() or top.with_suffix(".py").is_file() else parts[0]


def _imported(node: ast.Import | ast.ImportFrom, module: str, is_package: bool) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level:  # a relative import: from its package, one level up per extra dot
        base = module.split(".") if is_package else module.split(".")[:-1]
        base = base[:len(base) - (node.level - 1)]
        source = ".".join([*base, *([node.module] if node.module else [])])
    else:
        source = node.module or ""
    # `from hub import config` names a module; `from hub.content import fields` stays in hub.content either way
    return [f"{source}.{alias.name}" for alias in node.names] if source.count(".") == 0 else [source]


def import_graph(root: Path) -> Where:
    """Every edge between two nodes of the package at `root`, with the imports (`module:line`) that make it."""
    where: Where = defaultdict(list)
    package = root.name
    for path in sorted(root.rglob("*.py")):
        module = _module_name(path, root)
        source = _node(module, root)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if not isinstance(node, (ast.Import, ast.ImportFrom)):
                continue
            for name in _imported(node, module, path.name == "__init__.py"):
                if name == package or name.startswith(package + "."):
                    target = _node(name, root)
                    if target != source:
                        where[(source, target)].append(f"{module}:{node.lineno}")
    return dict(where)


def find_cycle(edges: Where) -> list[str] | None:
    """One cycle of the graph as a closed path (`[a, b, a]`), or None."""
    succ: dict[str, list[str]] = defaultdict(list)
    for a, b in sorted(edges):
        succ[a].append(b)
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    path: list[str] = []

    def visit(n: str) -> list[str] | None:
        state[n] = 1
        path.append(n)
        for m in succ[n]:
            if state.get(m) == 1:
                return [*path[path.index(m):], m]
            if m not in state and (found := visit(m)):
                return found
        path.pop()
        state[n] = 2
        return None

    for n in sorted(succ):
        if n not in state and (found := visit(n)):
            return found
    return None


def _shown(cycle: list[str], edges: Where) -> str:
    return "\n".join(f"  {a} -> {b}  ({', '.join(edges[(a, b)])})" for a, b in zip(cycle, cycle[1:], strict=False))


def test_no_cycle_between_packages() -> None:
    edges = import_graph(HUB)
    cycle = find_cycle(edges)
    assert cycle is None, "a cycle between hub's packages:\n" + _shown(cycle or [], edges)


def test_every_package_has_its_layer() -> None:
    nodes = {n for edge in import_graph(HUB) for n in edge}
    nodes |= {_node(_module_name(p, HUB), HUB) for p in HUB.rglob("*.py")}
    assert sorted(nodes - RANK.keys()) == [], "give each new package or top module its place in LAYERS"


def test_imports_go_down_the_layers() -> None:
    upward = sorted(f"  {a} (layer {RANK[a]}) imports {b} (layer {RANK[b]}): {', '.join(where)}"
                    for (a, b), where in import_graph(HUB).items() if a in RANK and b in RANK and RANK[b] > RANK[a])
    assert upward == [], "imports against the layers (lowest first: " + " < ".join(
        "/".join(layer) for layer in LAYERS) + "):\n" + "\n".join(upward)


def test_the_graph_sees_late_relative_and_type_checking_imports(tmp_path: Path) -> None:
    """The checks above are only as good as the graph: a small package of its own, whose only cycles hide in a
    function, a relative import and a `TYPE_CHECKING` block, is seen with each of them."""
    pkg = tmp_path / "pkg"
    (pkg / "low").mkdir(parents=True)
    (pkg / "__init__.py").write_text('"""The package."""\nVERSION = "1"\n')
    (pkg / "low" / "__init__.py").write_text("")
    (pkg / "low" / "a.py").write_text("def f():\n    from pkg.high import b\n    return b\n")
    (pkg / "low" / "c.py").write_text("from . import a\nfrom pkg import VERSION\n")
    (pkg / "high.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .low.c import a\n")
    (pkg / "top.py").write_text("from pkg import high, low\n")
    edges = import_graph(pkg)
    assert edges == {("pkg.low", "pkg.high"): ["pkg.low.a:2"], ("pkg.low", "pkg"): ["pkg.low.c:2"],
                     ("pkg.high", "pkg.low"): ["pkg.high:3"], ("pkg.top", "pkg.high"): ["pkg.top:1"],
                     ("pkg.top", "pkg.low"): ["pkg.top:1"]}
    assert find_cycle(edges) in (["pkg.high", "pkg.low", "pkg.high"], ["pkg.low", "pkg.high", "pkg.low"])
    del edges[("pkg.high", "pkg.low")]
    assert find_cycle(edges) is None
