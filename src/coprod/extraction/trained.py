"""The settings that choose the extractor's trained models, read one way for both
(``COPROD_ENTITY_MODEL``: ``extraction/entity_model.py``; ``COPROD_FACT_MODEL``:
``extraction/facts/sentences.py``): unset, the model's default; ``off``, the rules alone; a
path, the model written there."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from coprod.errors import InvalidInput

M = TypeVar("M")
OFF = "off"  # the rules alone
ON = "on"  # the shipped model, for a model off by default


def chosen(
    setting: str,
    *,
    unset: Callable[[], M | None],
    at: Callable[[str], M],
    shipped: Callable[[], M] | None = None,
) -> M | None:
    """The trained model the environment setting ``setting`` chooses: ``unset()`` when it is
    unset or empty, None (the rules alone) for ``off``, ``shipped()`` for ``on`` where the
    model is named so, else the model at the path it holds (``at``); spaces around it and
    the case of ``off`` and ``on`` do not matter. A path where nothing is, or a model there
    that cannot be read, is refused with the setting and the path named (InvalidInput)."""
    value = os.environ.get(setting, "").strip()
    if not value:
        return unset()
    if value.lower() == OFF:
        return None
    if shipped is not None and value.lower() == ON:
        return shipped()
    if not Path(value).exists():
        raise InvalidInput(f"{setting}={value}: {NO_MODEL}")
    try:
        return at(value)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InvalidInput(
            f"{setting}={value}: not a trained model that can be read ({exc})"
        ) from exc


NO_MODEL = (
    "no trained model there (off: the rules alone; on: the shipped model; else a model's path)"
)
