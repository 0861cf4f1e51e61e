"""Small scenarios for the planner tests: hand-made ones and seeded random ones."""

from __future__ import annotations

import copy
from typing import Any

import numpy as np

from coprod.planner.problem import Problem, parse_scenario

COUNTRIES = ["UA", "FR", "DE", "PL"]
CATEGORIES = ["drones", "air_defence", "artillery_ammunition"]
KINDS = ["direct_order_fund", "partner_financed", "grant", "loan", "aid"]


def tiny(**top: Any) -> dict[str, Any]:
    """One product, one need, one producer, one instrument; override anything with ``top``."""
    data: dict[str, Any] = {
        "schema": "coprod.scenario/1",
        "name": "tiny",
        "currency": "EUR",
        "start": "2026-01",
        "months": 3,
        "lateness_penalty": 0.0,
        "max_lateness": 0,
        "cost_weight": 0.0,
        "products": [{"id": "drone", "name": "Drone", "category": "drones"}],
        "needs": [
            {"id": "N1", "product": "drone", "quantity": 10, "priority": 2.0, "due": "2026-03"}
        ],
        "producers": [
            {
                "id": "P1",
                "country": "UA",
                "site_country": "UA",
                "product": "drone",
                "unit_cost": 100.0,
                "capacity": 100,
                "lead_time": 0,
            }
        ],
        "instruments": [{"id": "I1", "funder": "FR", "kind": "grant", "budget": 1e9}],
    }
    data.update(copy.deepcopy(top))
    return data


def problem_of(data: dict[str, Any]) -> Problem:
    """Validate a scenario dictionary."""
    return parse_scenario(data)


def random_scenario(
    seed: int, *, needs: int = 6, producers: int = 5, instruments: int = 3, months: int = 4
) -> dict[str, Any]:
    """A small random scenario exercising every feature of the spec."""
    rng = np.random.default_rng(seed)
    n_products = int(rng.integers(1, 3))
    max_lateness = int(rng.integers(0, 3))
    penalty = float(rng.uniform(0, 1 / max_lateness)) if max_lateness else float(rng.uniform(0, 2))
    return {
        "schema": "coprod.scenario/1",
        "name": f"random-{seed}",
        "currency": "EUR",
        "start": "2026-01",
        "months": months,
        "lateness_penalty": round(penalty, 4),
        "max_lateness": max_lateness,
        "cost_weight": float(rng.choice([0.0, 0.0, 0.001, 0.01])),
        "products": [
            {"id": f"g{k}", "name": f"product {k}", "category": CATEGORIES[k % len(CATEGORIES)]}
            for k in range(n_products)
        ],
        "needs": [_random_need(rng, k, n_products, months) for k in range(needs)],
        "producers": [_random_producer(rng, k, n_products, months) for k in range(producers)],
        "instruments": [_random_instrument(rng, k, months) for k in range(instruments)],
    }


def _month(index: int) -> str:
    absolute = 2026 * 12 + index
    return f"{absolute // 12:04d}-{absolute % 12 + 1:02d}"


def _random_need(rng: np.random.Generator, k: int, n_products: int, months: int) -> dict[str, Any]:
    return {
        "id": f"n{k}",
        "product": f"g{rng.integers(n_products)}",
        "quantity": int(rng.integers(1, 40)),
        "priority": float(np.round(rng.uniform(0.5, 5.0), 3)),
        "due": _month(int(rng.integers(-1, months + 2))),
    }


def _random_producer(
    rng: np.random.Generator, k: int, n_products: int, months: int
) -> dict[str, Any]:
    capacity: int | list[int] = int(rng.integers(0, 15))
    if rng.random() < 0.4:
        capacity = [int(c) for c in rng.integers(0, 15, size=months)]
    return {
        "id": f"p{k}",
        "country": str(rng.choice(COUNTRIES)),
        "site_country": str(rng.choice(COUNTRIES)),
        "product": f"g{rng.integers(n_products)}",
        "unit_cost": float(rng.choice([1.0, 2.0, 3.5, 5.0])),
        "capacity": capacity,
        "lead_time": int(rng.integers(0, 3)),
    }


def _random_instrument(rng: np.random.Generator, k: int, months: int) -> dict[str, Any]:
    instrument: dict[str, Any] = {
        "id": f"i{k}",
        "funder": str(rng.choice(COUNTRIES)),
        "kind": KINDS[k % len(KINDS)],
        "budget": float(rng.integers(0, 120)),
    }
    for field, pool in (
        ("producer_countries", COUNTRIES),
        ("site_countries", COUNTRIES),
        ("categories", CATEGORIES),
    ):
        if rng.random() < 0.4:
            instrument[field] = sorted({str(c) for c in rng.choice(pool, size=2)})
    if rng.random() < 0.4:
        first = int(rng.integers(0, months))
        instrument["first_month"] = _month(first)
        instrument["last_month"] = _month(int(rng.integers(first, months + 1)))
    return instrument


def with_contracts(data: dict[str, Any], seed: int, *, gap: float = 1e-9) -> dict[str, Any]:
    """The scenario with contract fields drawn at random (lots, minimum orders, suppliers)."""
    rng = np.random.default_rng([seed, 17])
    result = copy.deepcopy(data)
    result["integral"] = True
    result["mip_gap"] = gap
    for producer in result["producers"]:
        if rng.random() < 0.4:
            producer["lot_size"] = int(rng.integers(2, 5))
        if rng.random() < 0.5:
            producer["min_order"] = int(rng.integers(1, 12))
    for need in result["needs"]:
        if rng.random() < 0.6:
            need["max_suppliers"] = int(rng.integers(1, 3))
    return result
