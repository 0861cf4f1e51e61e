"""Use cases take a unit of work (or the store the commands open), never a raw SQLAlchemy
``Session``, ``Engine`` or ``Connection``: what a caller may see and change travels with the
unit of work, and a handle to the database around it would carry nobody."""

from __future__ import annotations

import ast
from pathlib import Path

import coprod.services

SERVICES = Path(coprod.services.__file__).parent
RAW = frozenset({"Session", "Engine", "Connection"})
# The store is where a database is opened for the commands: it holds the engine on purpose.
OPENS_THE_STORE = SERVICES / "store"


def raw_parameters(source: str) -> list[str]:
    """``name(parameter)`` of each public function or method of public classes in ``source``
    whose parameter is annotated with a raw database handle (alone or inside another type)."""
    found: list[str] = []

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef) and not child.name.startswith("_"):
                visit(child, f"{prefix}{child.name}.")
            elif isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                if child.name.startswith("_") and child.name != "__init__":
                    continue
                every = child.args.posonlyargs + child.args.args + child.args.kwonlyargs
                for argument in every:
                    names = {
                        n.id
                        for n in ast.walk(argument.annotation or ast.Constant(None))
                        if isinstance(n, ast.Name)
                    }
                    if names & RAW:
                        found.append(f"{prefix}{child.name}({argument.arg})")

    visit(ast.parse(source), "")
    return found


def test_the_scan_finds_raw_handles() -> None:
    source = (
        "def a(session: Session) -> None: ...\n"
        "def b(uow: UnitOfWork, use: Callable[[Session], T]) -> None: ...\n"
        "def _c(engine: Engine) -> None: ...\n"
        "class D:\n    def e(self, conn: Connection | None) -> None: ...\n"
        "def f(uow: UnitOfWork, units: UnitsOfWork) -> None: ...\n"
    )
    assert raw_parameters(source) == ["a(session)", "b(use)", "D.e(conn)"]


def test_no_use_case_takes_a_session_an_engine_or_a_connection() -> None:
    found = {
        f"{path.relative_to(SERVICES)}: {name}"
        for path in sorted(SERVICES.rglob("*.py"))
        if OPENS_THE_STORE not in path.parents
        for name in raw_parameters(path.read_text(encoding="utf-8"))
    }
    assert found == set()
