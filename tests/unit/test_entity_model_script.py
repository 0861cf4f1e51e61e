"""benchmarks/entity_model.py trains on batches 1-52 only: the blind batches (53-57 this
session) are refused before any of their files is read."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _script() -> ModuleType:
    # the benchmarks' ``extraction`` module, not the test package of the same name
    names = ("extraction", "extraction_devset", "entity_model")
    saved = {n: sys.modules.pop(n) for n in names if n in sys.modules}
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        return importlib.import_module("entity_model")
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
        for n in names:
            sys.modules.pop(n, None)
        sys.modules.update(saved)


@pytest.mark.parametrize("blind", [53, 55, 57])
def test_blind_batches_are_refused(tmp_path: Path, blind: int) -> None:
    script = _script()
    with pytest.raises(SystemExit, match="blind"):
        script.articles(["batch-3", f"batch-{blind}"], tmp_path)


def test_training_batches() -> None:
    script = _script()
    assert [f"batch-{n}" for n in range(1, 53)] == script.ALLOWED
    assert not set(script.ALLOWED) & set(script.BLIND)
    with pytest.raises(SystemExit, match="only batches"):
        script.articles(["batch-58"], Path("/nonexistent"))
