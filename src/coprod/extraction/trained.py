"""The settings that choose the extractor's trained models, read one way for both
(``COPROD_ENTITY_MODEL``: ``extraction/entity_model.py``; ``COPROD_FACT_MODEL``:
``extraction/facts/sentences.py``): unset, the model's default; ``off``, the rules alone; a
path, the model written there."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TypeVar

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
    the case of ``off`` and ``on`` do not matter."""
    value = os.environ.get(setting, "").strip()
    if not value:
        return unset()
    if value.lower() == OFF:
        return None
    if shipped is not None and value.lower() == ON:
        return shipped()
    return at(value)
