"""Draw the layers of coprod from its imports: docs/img/architecture.svg, and a table of the
imports that still cross the line the full redesign draws (entry points importing the store).

``python scripts/architecture_graph.py [--out docs/img/architecture.svg]``

Reads every module under src/coprod with ``ast`` (imports inside functions included, as the
CLI's lazy ones), groups modules by their top-level package, counts the module-to-module
imports between groups, and writes a hand-made SVG: one row per layer (the layers contract of
pyproject.toml), an arrow per pair of groups with how many imports it stands for. Nothing is
downloaded and nothing but the standard library is used.
"""

from __future__ import annotations

import argparse
import ast
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "src" / "coprod"
OUT = ROOT / "docs" / "img" / "architecture.svg"

# Top to bottom, as in pyproject.toml's layers contract; a row's groups may not import each other.
LAYERS: list[list[str]] = [
    ["cli"],
    ["app", "cluster"],
    ["api", "web"],
    ["http"],
    ["services"],
    ["planner", "extraction", "db"],
    ["domain"],
]
# Modules any layer may use: drawn beside the layers, without their arrows.
SHARED = ["errors", "config", "catalog", "demo", "testing"]
ENTRY_POINTS = ("api", "web", "cli")
ROLES = {
    "cli": "Typer commands",
    "app": "the app factory",
    "cluster": "work on a Dask cluster",
    "api": "routers, schemas",
    "web": "pages, templates",
    "http": "HTTP shell: caller, work, errors",
    "services": "use cases",
    "planner": "scenario → LP → HiGHS",
    "extraction": "article → facts",
    "db": "models, repositories, units of work",
    "domain": "entities, rules, lifecycle",
    "errors": "CoprodError hierarchy",
    "config": "settings",
    "catalog": "reference data",
    "demo": "demo registry",
    "testing": "browser launch",
}

BOX_W, BOX_H, ROW_GAP, COL_GAP, MARGIN = 240, 52, 62, 50, 30
WIDTH = 1240


@dataclass(frozen=True)
class Graph:
    """Modules per group and imports (module pairs) per pair of groups."""

    modules: Counter[str]
    edges: Counter[tuple[str, str]]
    # (importing module, imported module, line) of every entry point's import of coprod.db
    into_db: list[tuple[str, str, int]]


def module_name(path: Path, source: Path = SOURCE) -> str:
    """``coprod.x.y`` for src/coprod/x/y.py (``coprod.x`` for its __init__.py)."""
    parts = list(path.relative_to(source.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def group_of(module: str) -> str | None:
    """The top-level package of a coprod module (``coprod.api.routers.x`` → ``api``)."""
    parts = module.split(".")
    if parts[0] != "coprod" or len(parts) < 2:
        return None
    return parts[1]


def imported(tree: ast.AST) -> list[tuple[str, int]]:
    """The coprod modules a module imports, with the line of each import."""
    found: list[tuple[str, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # "from coprod.services import planning" imports the module coprod.services.planning
            found += [(f"{node.module}.{alias.name}", node.lineno) for alias in node.names]
    return [(name, line) for name, line in found if name.startswith("coprod.")]


def read_graph(source: Path = SOURCE) -> Graph:
    """The import graph of the package under ``source``, grouped."""
    modules: Counter[str] = Counter()
    pairs: set[tuple[str, str]] = set()
    into_db: list[tuple[str, str, int]] = []
    for path in sorted(source.rglob("*.py")):
        if "migrations" in path.parts:  # Alembic's scripts, run by db.migrate
            continue
        name = module_name(path, source)
        here = group_of(name)
        if here is None:
            continue
        modules[here] += 1
        for target, line in imported(ast.parse(path.read_text(encoding="utf-8"))):
            known = _known_module(target, source)
            there = group_of(known)
            if there is None or there == here:
                continue
            pairs.add((name, known))
            if here in ENTRY_POINTS and there == "db":
                into_db.append((name, known, line))
    edges = Counter((group_of(a) or "", group_of(b) or "") for a, b in pairs)
    return Graph(modules, edges, sorted(set(into_db)))


def _known_module(name: str, source: Path) -> str:
    """``name`` cut back to a module that exists (``coprod.db.uow.UnitOfWork`` → ``…uow``)."""
    parts = name.split(".")
    while len(parts) > 1:
        relative = Path(*parts[1:])
        base = source / relative
        if base.with_suffix(".py").exists() or (base / "__init__.py").exists():
            return ".".join(parts)
        parts.pop()
    return ".".join(parts)  # the package itself (``from coprod import __version__``)


def positions() -> dict[str, tuple[float, float]]:
    """The top-left corner of each group's box."""
    where: dict[str, tuple[float, float]] = {}
    layered_w = WIDTH - BOX_W - 2 * MARGIN - COL_GAP
    for row, groups in enumerate(LAYERS):
        span = len(groups) * BOX_W + (len(groups) - 1) * COL_GAP
        left = MARGIN + (layered_w - span) / 2
        for i, group in enumerate(groups):
            where[group] = (left + i * (BOX_W + COL_GAP), MARGIN + 40 + row * (BOX_H + ROW_GAP))
    for i, group in enumerate(SHARED):
        where[group] = (WIDTH - MARGIN - BOX_W, MARGIN + 40 + 40 + i * (BOX_H + 24))
    return where


def _row_of(group: str) -> int:
    return next((i for i, groups in enumerate(LAYERS) if group in groups), -1)


def render(graph: Graph) -> str:
    """The SVG picture of ``graph``."""
    where = positions()
    height = MARGIN + 40 + len(LAYERS) * (BOX_H + ROW_GAP) + 60
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" font-family="sans-serif" font-size="12">',
        "<title>coprod: layers and the imports between them (scripts/architecture_graph.py)"
        "</title>",
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        'fill="context-stroke"/></marker></defs>',
        f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>',
        f'<text x="{MARGIN}" y="{MARGIN + 8}" font-size="15" font-weight="bold">coprod: '
        "who imports whom (arrows point at what is imported; numbers count module pairs)</text>",
    ]
    lines, labels = _edges(graph, where)
    out += lines
    out += [_box(group, graph.modules[group], *where[group]) for group in where]
    out += labels
    shared_x = where[SHARED[0]][0]
    out.append(
        f'<text x="{shared_x}" y="{where[SHARED[0]][1] - 12}" font-style="italic">'
        "used from any layer (arrows not drawn)</text>"
    )
    out.append(_legend(MARGIN, height - 34))
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _box(group: str, modules: int, x: float, y: float) -> str:
    fill = "#e8f0fe" if group not in SHARED else "#f3f3f3"
    return (
        f'<g class="layer" id="group-{group}"><rect x="{x:.0f}" y="{y:.0f}" width="{BOX_W}" '
        f'height="{BOX_H}" rx="6" fill="{fill}" stroke="#3c4a5c"/>'
        f'<text x="{x + 10:.0f}" y="{y + 20:.0f}" font-weight="bold">coprod.{group}</text>'
        f'<text x="{x + BOX_W - 10:.0f}" y="{y + 20:.0f}" text-anchor="end" fill="#555">'
        f"{modules} module{'s' if modules != 1 else ''}</text>"
        f'<text x="{x + 10:.0f}" y="{y + 40:.0f}" fill="#333">{escape(ROLES.get(group, ""))}'
        "</text></g>"
    )


def _edges(graph: Graph, where: dict[str, tuple[float, float]]) -> tuple[list[str], list[str]]:
    drawn = [
        (a, b, n)
        for (a, b), n in sorted(graph.edges.items())
        if a in where and b in where and a not in SHARED and b not in SHARED
    ]
    leaving = Counter(a for a, _, _ in drawn)
    arriving = Counter(b for _, b, _ in drawn)
    left_at: Counter[str] = Counter()
    arrived_at: Counter[str] = Counter()
    out: list[str] = []
    labels: list[str] = []  # drawn last, over the boxes
    for a, b, n in sorted(drawn, key=lambda e: (where[e[1]][0], where[e[0]][0])):
        (ax, ay), (bx, by) = where[a], where[b]
        left_at[a] += 1
        arrived_at[b] += 1
        x1 = ax + BOX_W * left_at[a] / (leaving[a] + 1)
        x2 = bx + BOX_W * arrived_at[b] / (arriving[b] + 1)
        upward = _row_of(b) < _row_of(a)
        y1, y2 = (ay, by + BOX_H) if upward else (ay + BOX_H, by)
        pending = a in ENTRY_POINTS and b == "db"
        colour = "#c0392b" if upward else "#d35400" if pending else "#5a6b7d"
        dash = ' stroke-dasharray="5,3"' if pending else ""
        label_x, label_y = x1 + (x2 - x1) * 0.3 + 4, y1 + (y2 - y1) * 0.3 + 4
        out.append(
            f'<g class="edge" data-from="{a}" data-to="{b}" data-imports="{n}">'
            f'<line x1="{x1:.0f}" y1="{y1:.0f}" x2="{x2:.0f}" y2="{y2:.0f}" stroke="{colour}" '
            f'stroke-width="1.3"{dash} marker-end="url(#arrow)"/></g>'
        )
        labels.append(
            f'<text x="{label_x:.0f}" y="{label_y:.0f}" fill="{colour}" font-size="11" '
            f'stroke="#ffffff" stroke-width="3" paint-order="stroke">{n}</text>'
        )
    return out, labels


def _legend(x: float, y: float) -> str:
    return (
        f'<g class="legend"><line x1="{x}" y1="{y}" x2="{x + 30}" y2="{y}" stroke="#5a6b7d"/>'
        f'<text x="{x + 36}" y="{y + 4}">an import allowed by the layers</text>'
        f'<line x1="{x + 260}" y1="{y}" x2="{x + 290}" y2="{y}" stroke="#d35400" '
        'stroke-dasharray="5,3"/>'
        f'<text x="{x + 296}" y="{y + 4}">an entry point importing the store: allowed today, '
        "to go in the full redesign</text>"
        f'<line x1="{x}" y1="{y + 18}" x2="{x + 30}" y2="{y + 18}" stroke="#c0392b"/>'
        f'<text x="{x + 36}" y="{y + 22}">an import upwards (none may exist: lint-imports)'
        "</text></g>"
    )


def db_table(graph: Graph) -> str:
    """Markdown: per entry-point package, the modules importing coprod.db and how many imports."""
    per_module: Counter[str] = Counter(module for module, _, _ in graph.into_db)
    lines = [
        "| package | modules | imports of coprod.db | modules importing it |",
        "|---|---|---|---|",
    ]
    for package in ENTRY_POINTS:
        mine = sorted(m for m in per_module if group_of(m) == package)
        count = sum(per_module[m] for m in mine)
        names = ", ".join(f"`{m.removeprefix('coprod.')}` ({per_module[m]})" for m in mine)
        lines.append(f"| `{package}` | {len(mine)} | {count} | {names} |")
    return "\n".join(lines)


def main() -> None:
    """Write the SVG and print the table of entry points importing the store."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="where to write the SVG")
    args = parser.parse_args()
    graph = read_graph()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(render(graph), encoding="utf-8")
    print(f"wrote {args.out}")
    print(db_table(graph))


if __name__ == "__main__":
    main()
