"""scripts/architecture_graph.py: the import graph it reads and the picture it draws."""

from __future__ import annotations

import importlib.util
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "architecture_graph.py"
SVG = "{http://www.w3.org/2000/svg}"


def load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("architecture_graph", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / "coprod" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root / "coprod"


def test_imports_are_counted_per_pair_of_modules_and_grouped(tmp_path: Path) -> None:
    graph_of = load()
    source = write(
        tmp_path,
        {
            "__init__.py": "",
            "cli/__init__.py": "",
            "cli/run.py": (
                "from coprod.db.uow import UnitOfWork\n"
                "import coprod.db.uow\n"  # the same pair again: counted once
                "def go():\n    from coprod.services import plan\n"  # a lazy import counts
            ),
            "services/__init__.py": "",
            "services/plan.py": "from coprod.db import uow\nfrom coprod import __version__\n",
            "db/__init__.py": "",
            "db/uow.py": "from coprod.db import models\n",  # inside its own group: no edge
            "db/models.py": "",
        },
    )
    graph = graph_of.read_graph(source)
    assert dict(graph.edges) == {("cli", "db"): 1, ("cli", "services"): 1, ("services", "db"): 1}
    assert graph.modules == {"cli": 2, "services": 2, "db": 3}
    assert graph.into_db == [
        ("coprod.cli.run", "coprod.db.uow", 1),
        ("coprod.cli.run", "coprod.db.uow", 2),
    ]


def test_the_picture_of_coprod_has_every_layer_and_no_import_between_api_and_web() -> None:
    graph_of = load()
    graph = graph_of.read_graph()
    root = ET.fromstring(graph_of.render(graph))
    boxes = {g.get("id") for g in root.iter(f"{SVG}g") if g.get("class") == "layer"}
    every = [group for row in graph_of.LAYERS for group in row] + graph_of.SHARED
    assert boxes == {f"group-{group}" for group in every}
    edges = {
        (g.get("data-from"), g.get("data-to"))
        for g in root.iter(f"{SVG}g")
        if g.get("class") == "edge"
    }
    assert ("api", "http") in edges and ("web", "http") in edges
    assert not {("api", "web"), ("web", "api")} & edges
    table = graph_of.db_table(graph)
    assert table.count("\n| `") == len(graph_of.ENTRY_POINTS)
