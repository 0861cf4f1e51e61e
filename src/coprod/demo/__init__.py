"""The demo registry: the mechanism of the seed articles as ``coprod.records/1`` records.

``data/mechanism.json`` holds the records (package data); ``data/ecb-rates.csv`` the exchange
rates its money in pounds needs, in the ECB's reference-rate layout (illustrative rates, of the
order of the ECB's for 2025-2026; ``coprod rates import`` reads the same layout). Records drawn
from an article carry evidence spans into it; needs, production lines, orders, deliveries and
every figure the articles do not give are illustrative (``illustrative: true`` or said so in
``notes``).
"""

from __future__ import annotations

import json
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

from coprod.errors import InvalidInput

MECHANISM = "mechanism.json"
RATES = "ecb-rates.csv"


def mechanism_file() -> Traversable:
    """The packaged demo records file."""
    return resources.files("coprod.demo").joinpath("data", MECHANISM)


def rates_text() -> str:
    """The demo's exchange rates, an ECB reference-rate CSV."""
    return resources.files("coprod.demo").joinpath("data", RATES).read_text(encoding="utf-8")


def mechanism_records() -> dict[str, Any]:
    """The packaged demo records, parsed."""
    text = mechanism_file().read_text(encoding="utf-8")
    try:
        records: dict[str, Any] = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"{MECHANISM}: line {exc.lineno}: {exc.msg}") from exc
    return records
