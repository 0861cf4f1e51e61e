"""Strategies shared by the fuzz tests and ``benchmarks/reliability/fuzz.py``: arbitrary JSON,
and valid documents with one value replaced by arbitrary JSON (deep mutations find more)."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import strategies as st

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30)
    | st.sampled_from(["2026-01", "2026-13", "0000-00", "EUR", "UA", "", "drones", "1e400"])
)

JSON: st.SearchStrategy[Any] = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for k, v in value.items():
            found += _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            found += _paths(v, (*prefix, i))
    return found


def _replace(doc: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    doc = copy.deepcopy(doc)
    parent = doc
    for part in path[:-1]:
        parent = parent[part]
    parent[path[-1]] = new
    return doc


@st.composite
def mutated(draw: st.DrawFn, valid: Any, times: int = 3) -> Any:
    """``valid`` with up to ``times`` values (or whole sub-documents) replaced by any JSON."""
    doc = valid
    for _ in range(draw(st.integers(min_value=1, max_value=times))):
        path = draw(st.sampled_from(_paths(doc)))
        doc = _replace(doc, path, draw(JSON | st.sampled_from([None, [], {}, "", -1, 0, 10**30])))
    return doc
