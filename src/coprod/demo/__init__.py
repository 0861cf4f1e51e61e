"""The demo registry: the mechanism of the seed articles as ``coprod.records/1`` records.

``data/mechanism.json`` holds the records (package data). Records drawn from an article carry
evidence spans into it; needs, production lines, orders, deliveries and every figure the
articles do not give are illustrative (``illustrative: true`` or said so in ``notes``).
"""

from __future__ import annotations

import json
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

from coprod.errors import InvalidInput

MECHANISM = "mechanism.json"


def mechanism_file() -> Traversable:
    """The packaged demo records file."""
    return resources.files("coprod.demo").joinpath("data", MECHANISM)


def mechanism_records() -> dict[str, Any]:
    """The packaged demo records, parsed."""
    text = mechanism_file().read_text(encoding="utf-8")
    try:
        records: dict[str, Any] = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"{MECHANISM}: line {exc.lineno}: {exc.msg}") from exc
    return records
