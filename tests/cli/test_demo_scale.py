"""``coprod demo --scale N``: the demo plus a generated registry of N × 1 000 orders, keeping
the ledger's rules."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from coprod.cli.main import app
from coprod.errors import InvalidInput
from coprod.services.demo.scale import Sizes

runner = CliRunner()


def test_the_sizes_of_a_scale() -> None:
    ten = Sizes.of(10)
    assert (ten.orders, ten.needs) == (10_000, 2_000)
    for wrong in (0, 101):
        with pytest.raises(InvalidInput, match="--scale"):
            Sizes.of(wrong)


def test_a_scale_out_of_bounds_is_refused_before_anything_is_built(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    result = runner.invoke(app, ["demo", "--database-url", url, "--no-serve", "--scale", "101"])
    assert result.exit_code == 2
    assert not (tmp_path / "demo.db").exists()


@pytest.mark.slow
def test_scale_one_builds_a_registry_that_keeps_the_ledger_rules(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    result = runner.invoke(app, ["demo", "--database-url", url, "--no-serve", "--scale", "1"])
    assert result.exit_code == 0, result.output
    assert "1000 orders" in result.output and "200 needs" in result.output
    verified = runner.invoke(app, ["--database-url", url, "ledger", "verify"])
    assert verified.exit_code == 0, verified.output
    assert "every record keeps the ledger's rules" in verified.output
