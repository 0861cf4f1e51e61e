"""The command → area table of ``cli/main.py`` matches what each area registers."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest
import typer

from coprod.cli.main import AREAS, areas_for, command_name


def registered_names(module: str) -> set[str]:
    app = typer.Typer()
    importlib.import_module(module).register(app)
    commands = {c.name or c.callback.__name__ for c in app.registered_commands if c.callback}
    groups = {g.name for g in app.registered_groups if g.name}
    return commands | groups


@pytest.mark.parametrize("module", sorted(AREAS))
def test_each_area_registers_exactly_the_commands_listed(module: str) -> None:
    assert registered_names(module) == set(AREAS[module])


def test_no_command_belongs_to_two_areas() -> None:
    names = [name for names in AREAS.values() for name in names]
    assert len(names) == len(set(names))


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["plan", "s.json"], "plan"),
        (["--database-url", "sqlite:///x.db", "agreements", "list"], "agreements"),
        (["--database-url=sqlite:///x.db", "summary"], "summary"),
        (["--help"], None),
        ([], None),
    ],
)
def test_command_name_skips_root_options(argv: list[str], expected: str | None) -> None:
    assert command_name(argv) == expected


def test_help_and_unknown_commands_load_every_area() -> None:
    assert areas_for(["--help"]) == list(AREAS)
    assert areas_for(["nonsuch"]) == list(AREAS)
    assert areas_for(["plan", "x"]) == ["coprod.cli.plan"]


def test_planning_a_file_does_not_import_the_web_stack() -> None:
    code = (
        "import sys; from coprod.cli.main import build_app, areas_for;"
        "build_app(areas_for(['plan', 'x.json']));"
        "print(sorted(m for m in ('fastapi', 'spacy', 'alembic') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_cli_docs_through_the_entry_point_covers_every_area(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from coprod.cli.main import main

    with pytest.raises(SystemExit) as done:
        main(["cli-docs"])
    assert done.value.code == 0
    reference = capsys.readouterr().out
    for names in AREAS.values():
        for name in names:
            if name != "cli-docs":  # hidden
                assert f"coprod {name}" in reference, name
