"""docs/cli.md is generated from the Typer app and must match it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from typer.testing import CliRunner

from coprod.cli.docs import help_markdown, render
from coprod.cli.main import app

DOCS = Path(__file__).resolve().parents[2] / "docs" / "cli.md"
runner = CliRunner()


def test_docs_cli_md_matches_the_commands() -> None:
    assert DOCS.read_text(encoding="utf-8") == render(app), (
        "docs/cli.md is out of date: run `coprod cli-docs --output docs/cli.md`"
    )


def test_every_visible_command_is_documented() -> None:
    text = render(app)
    for command in app.registered_commands:
        name = command.name or (command.callback.__name__ if command.callback else "")
        if not command.hidden:
            assert f"## `coprod {name.replace('_', '-')}" in text, name
    assert "cli-docs" not in text.split("-->", 1)[1]


def tiny_app() -> typer.Typer:
    tiny = typer.Typer(name="tiny", help="A tiny tool.", add_completion=False)
    things = typer.Typer(help="Work on things.")
    tiny.add_typer(things, name="things")

    @things.command("list")
    def list_(
        as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
    ) -> None:
        """List the things."""

    @tiny.command()
    def load(
        files: Annotated[list[Path], typer.Argument(help="files to load")],
        limit: Annotated[int, typer.Option(help="at most this many")] = 10,
    ) -> None:
        """Load files.

        Each file is all-or-nothing."""

    @tiny.command(hidden=True)
    def secret() -> None:
        """Not for users."""

    return tiny


def test_render_lists_commands_arguments_and_options() -> None:
    text = render(tiny_app(), "tiny")
    assert "## `tiny load`" in text and "## `tiny things list`" in text
    assert "Load files.\n\nEach file is all-or-nothing." in text
    assert "tiny load [OPTIONS] {files}..." in text
    assert "files to load" in text and "at most this many" in text and "10" in text
    assert "| `--json` | print JSON |" in text
    assert "secret" not in text


def test_the_hidden_command_writes_the_file(tmp_path: Path) -> None:
    out = tmp_path / "cli.md"
    result = runner.invoke(app, ["cli-docs", "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == render(app)


def test_verbatim_help_paragraphs_become_code_blocks() -> None:
    text = help_markdown("Plan.\n\n\b\n  tiny plan A.json\n  tiny plan B.json\n\nMore.\f\nhidden")
    assert text == "Plan.\n\n```\ntiny plan A.json\ntiny plan B.json\n```\n\nMore."
