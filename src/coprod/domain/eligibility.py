"""Which production a funding instrument may pay for: the one rule the planner and every order
write share (``planner/problem.py`` builds its eligibility table with ``admits``)."""

from __future__ import annotations

from collections.abc import Collection


def admits(
    *,
    producer_countries: Collection[str] | None,
    site_countries: Collection[str] | None,
    categories: Collection[str] | None,
    country: str,
    site_country: str,
    category: str,
) -> bool:
    """Whether an instrument's rules admit a producer; a missing list means any."""
    return not refused_by(
        producer_countries=producer_countries,
        site_countries=site_countries,
        categories=categories,
        country=country,
        site_country=site_country,
        category=category,
    )


def refused_by(
    *,
    producer_countries: Collection[str] | None,
    site_countries: Collection[str] | None,
    categories: Collection[str] | None,
    country: str,
    site_country: str,
    category: str,
) -> str | None:
    """The first of the instrument's lists that leaves the producer out; None when all admit it."""
    rules = (
        ("producer_countries", producer_countries, country),
        ("site_countries", site_countries, site_country),
        ("categories", categories, category),
    )
    for name, allowed, value in rules:
        if allowed is not None and value not in allowed:
            return name
    return None


def in_window(first: str | None, last: str | None, month: str) -> bool:
    """Whether ``month`` (YYYY-MM) lies in the window ``first``..``last`` (None: open)."""
    return (first is None or first <= month) and (last is None or month <= last)
