"""Scenario validation: everything the spec refuses is refused, naming record and field."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from planner_cases import problem_of, tiny

from coprod.errors import InvalidInput
from coprod.planner.problem import load_scenario

SEED = Path(__file__).parent.parent / "data" / "seed-scenario.json"


def refused(data: dict[str, object]) -> str:
    with pytest.raises(InvalidInput) as info:
        problem_of(data)
    return str(info.value)


def test_seed_scenario_becomes_arrays() -> None:
    problem = load_scenario(SEED)
    assert len(problem.need_ids) == 6
    assert problem.capacity.shape == (8, 12)
    assert problem.capacity[1].tolist()[:4] == [0, 0, 0, 1000]
    assert problem.need_due[0] == 3  # 2026-04 after a 2026-01 start
    brave1 = problem.instrument_ids.index("brave1-grants")
    assert problem.active[brave1].tolist() == [False, False] + [True] * 10
    # Brave1 pays Ukrainian drone makers only
    eligible = [problem.producer_ids[p] for p in np.nonzero(problem.eligible[brave1])[0]]
    assert eligible == ["ua-drones-home", "ua-drones-dk"]


def test_unknown_field_names_record_and_field() -> None:
    data = tiny()
    data["needs"][0]["colour"] = "red"
    assert "needs[0] (id 'N1'): unknown field 'colour'" in refused(data)


def test_unknown_top_level_field() -> None:
    assert "unknown field 'extra'" in refused(tiny(extra=1))


def test_unknown_product_reference() -> None:
    data = tiny()
    data["producers"][0]["product"] = "tank"
    assert "producers[0] (id 'P1'): field 'product': unknown product 'tank'" in refused(data)


@pytest.mark.parametrize(
    ("list_name", "field", "value"),
    [
        ("needs", "quantity", -5),
        ("needs", "quantity", 0),
        ("needs", "priority", -1.0),
        ("producers", "unit_cost", 0),
        ("producers", "lead_time", -1),
        ("producers", "lead_time", 10**30),  # once an OverflowError building the arrays
        ("producers", "lead_time", 1201),
        ("producers", "lot_size", 10**16),
        ("needs", "max_suppliers", 10**16),
        ("producers", "capacity", -3),
        ("instruments", "budget", -1.0),
        ("needs", "quantity", True),
        ("needs", "quantity", "10"),
    ],
)
def test_bad_numbers(list_name: str, field: str, value: object) -> None:
    data = tiny()
    data[list_name][0][field] = value
    message = refused(data)
    assert f"{list_name}[0]" in message
    assert f"field '{field}'" in message


@pytest.mark.parametrize(("field", "value"), [("months", 1201), ("max_lateness", 10**20)])
def test_horizons_longer_than_a_century_are_refused(field: str, value: int) -> None:
    assert f"field '{field}'" in refused(tiny(**{field: value}))


def test_a_century_is_accepted() -> None:
    problem = problem_of(tiny(months=1200))
    assert problem.months == 1200


def test_bad_month() -> None:
    data = tiny()
    data["needs"][0]["due"] = "2026-13"
    assert "needs[0] (id 'N1'): field 'due': '2026-13' is not a month" in refused(data)


def test_duplicate_ids() -> None:
    data = tiny()
    data["needs"].append(dict(data["needs"][0]))
    assert "needs[1] (id 'N1'): field 'id': duplicate of needs[0]" in refused(data)


def test_capacity_list_of_wrong_length() -> None:
    data = tiny()
    data["producers"][0]["capacity"] = [1, 2]
    assert "producers[0] (id 'P1'): field 'capacity': a list of 2 numbers" in refused(data)


def test_lateness_penalty_times_max_lateness_above_one() -> None:
    message = refused(tiny(lateness_penalty=0.4, max_lateness=3))
    assert "'lateness_penalty' and 'max_lateness'" in message


def test_bad_country_and_window() -> None:
    data = tiny()
    data["instruments"][0]["site_countries"] = ["France"]
    data["instruments"][0]["first_month"] = "2026-05"
    data["instruments"][0]["last_month"] = "2026-02"
    message = refused(data)
    assert "instruments[0] (id 'I1'): field 'site_countries': 'France'" in message
    assert "field 'last_month': before 'first_month'" in message


def test_wrong_schema_and_kind() -> None:
    assert "expected 'coprod.scenario/1'" in refused(tiny(schema="coprod.scenario/2"))
    data = tiny()
    data["instruments"][0]["kind"] = "gift"
    assert "instruments[0] (id 'I1'): field 'kind'" in refused(data)


def test_every_problem_is_listed() -> None:
    data = tiny()
    data["needs"][0]["quantity"] = -1
    data["producers"][0]["unit_cost"] = -1
    message = refused(data)
    assert "2 problems" in message


def test_file_errors(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"schema": "coprod.scenario/1",\n "name": }', encoding="utf-8")
    with pytest.raises(InvalidInput, match=r"broken.json: not valid JSON: .*line 2"):
        load_scenario(path)
    with pytest.raises(InvalidInput, match="cannot read scenario"):
        load_scenario(tmp_path / "missing.json")
    path.write_bytes(b"\xff\xfe{")
    with pytest.raises(InvalidInput, match="not UTF-8"):
        load_scenario(path)
    path.write_text(json.dumps(tiny(months=0)), encoding="utf-8")
    with pytest.raises(InvalidInput, match="field 'months'"):
        load_scenario(path)
