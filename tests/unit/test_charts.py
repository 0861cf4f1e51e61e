"""The dashboard's SVG charts: labels that fit, and coverage in shares of each need."""

from __future__ import annotations

from decimal import Decimal

from coprod.domain.entities import Need, Order
from coprod.domain.enums import OrderStatus
from coprod.domain.ledger import need_figures
from coprod.domain.money import Money
from coprod.web.charts import short_label
from coprod.web.dashboard import coverage


def test_short_label_cuts_at_a_word_and_marks_the_cut() -> None:
    assert short_label("Partner-financed production", 40) == "Partner-financed production"
    cut = short_label("French fund for Ukraine's direct orders from French makers (EUR)", 36)
    assert cut == "French fund for Ukraine's direct…"
    assert len(cut) <= 36


def order(key: str, need: str, quantity: int, status: OrderStatus) -> Order:
    price = Money(Decimal(1), "EUR")
    return Order(key, need, "line", None, quantity, price, "2026-01", status)


def test_coverage_is_a_share_of_each_need_with_the_full_label_kept() -> None:
    needs = [
        Need("shells", "shell-155mm", 150_000, Decimal(6), "2026-08"),
        Need("samp", "samp-t", 2, Decimal(900), "2026-12"),
    ]
    orders = [
        order("o1", "shells", 15_000, OrderStatus.PLACED),
        order("o2", "shells", 27_000, OrderStatus.PROPOSED),
        order("o3", "samp", 1, OrderStatus.DELIVERED),
        order("o4", "samp", 1, OrderStatus.CANCELLED),
    ]
    svg = str(coverage(need_figures(needs, orders, [])))
    assert "shell-155mm 2026-08 (150,000): 10%" in svg  # ordered
    assert "shell-155mm 2026-08 (150,000): 18%" in svg  # proposed
    assert "samp-t 2026-12 (2): 50%" in svg  # the cancelled order does not count


def test_shares_are_drawn_on_a_full_hundred_percent_axis() -> None:
    from coprod.web.charts import CHART_W, Series, bar_chart

    svg = str(bar_chart("c", ["a"], [Series("s", [50.0])], stacked=False, axis_max=100.0))
    assert f'width="{(CHART_W - 60) / 2:.1f}"' in svg
