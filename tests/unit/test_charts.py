"""The dashboard's charts: coverage in shares of each need, values written out, a logarithmic
axis when the values span orders of magnitude, texts in the reader's language."""

from __future__ import annotations

import re
from decimal import Decimal

from coprod.domain.entities import Need, Order
from coprod.domain.enums import OrderStatus
from coprod.domain.ledger import need_figures
from coprod.domain.money import Money
from coprod.web.charts import Series, bar_chart
from coprod.web.dashboard import coverage
from coprod.web.locales import reader

EN, UK = reader("en"), reader("uk")
WIDTH = re.compile(r'<rect x="[\d.]+" y="0" width="([\d.]+)"')


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
    html = str(coverage(need_figures(needs, orders, []), EN))
    shells = html.split("shell-155mm · Aug 2026 · 150,000")[1].split('class="row"', maxsplit=1)[0]
    assert "ordered, % of the need: </span>10%" in shells
    assert "proposed, % of the need: </span>18%" in shells
    samp = html.split("samp-t · Dec 2026 · 2<")[1].split('class="row"', maxsplit=1)[0]
    assert "ordered, % of the need: </span>50%" in samp  # the cancelled order does not count
    assert 'data-scale="linear"' in html


def test_shares_are_drawn_on_a_full_hundred_percent_axis() -> None:
    html = str(
        bar_chart(
            "c", ["a"], [Series("s", [50.0])], stacked=False, fmt=str, reader=EN, axis_max=100.0
        )
    )
    assert WIDTH.findall(html) == ["50.00"]


def test_values_spanning_orders_of_magnitude_get_a_labelled_logarithmic_axis() -> None:
    series = [Series("ordered", [60.0, 42_000.0])]
    html = str(
        bar_chart(
            "units", ["samp-t", "shells"], series, stacked=False, fmt="{:g}".format, reader=EN
        )
    )
    assert 'data-scale="log"' in html and "Logarithmic scale" in html
    small, large = (float(w) for w in WIDTH.findall(html))
    assert large == 100.0
    assert small > 30  # linear would draw 60 of 42 000 as 0.14 % of the row: invisible
    assert ">60<" in html and ">42000<" in html  # each bar's value is written out
    assert html.count('class="grid"') >= 2 * 5  # gridlines at 1, 10, 100, 1 000, 10 000


def test_close_values_stay_on_a_linear_axis() -> None:
    html = str(
        bar_chart("c", ["a", "b"], [Series("s", [40.0, 80.0])], stacked=False, fmt=str, reader=EN)
    )
    assert 'data-scale="linear"' in html
    assert WIDTH.findall(html) == ["50.00", "100.00"]


def test_a_chart_speaks_the_readers_language() -> None:
    needs = [Need("shells", "shell-155mm", 150_000, Decimal(6), "2026-08")]
    html = str(coverage(need_figures(needs, [], []), UK))
    assert "150\xa0000" in html  # the Ukrainian thousands separator, a no-break space
    assert "серп. 2026" in html


def test_an_empty_chart_says_so() -> None:
    html = str(bar_chart("Funding", [], [], stacked=False, fmt=str, reader=EN))
    assert "Nothing to show yet" in html


def test_small_multiples_put_each_row_on_its_own_scale() -> None:
    series = [Series("pledged", [2e9, 2e8]), Series("disbursed", [1e9, 5e7])]
    html = str(
        bar_chart("money", ["aid", "fund"], series, stacked=False, fmt=str, reader=EN, per_row=True)
    )
    assert 'data-scale="row"' in html and "its own scale" in html
    assert WIDTH.findall(html) == ["100.00", "50.00", "100.00", "25.00"]


def test_a_large_registry_draws_its_least_covered_needs_and_says_so() -> None:
    needs = [Need(f"n{i}", "shell-155mm", 100, Decimal(1), "2026-08") for i in range(30)]
    orders = [order(f"o{i}", f"n{i}", 1 + 3 * i, OrderStatus.PLACED) for i in range(30)]
    figures = need_figures(needs, orders, [])
    html = str(coverage(figures, EN))
    shares = re.findall(r"ordered, % of the need: </span>(\d+)%", html)
    assert shares == [str(1 + 3 * i) for i in range(25)]  # the 25 least covered, least first
    assert "The 25 least covered needs, least first (of 30 in all)." in html
    assert 'href="/records/needs"' in html
    ukrainian = str(coverage(figures, UK))
    assert "25 найменш забезпечених потреб, від найменш забезпеченої (усього — 30)." in ukrainian
    assert "Усі потреби" in ukrainian


def test_a_small_registry_draws_every_need_in_its_own_order() -> None:
    needs = [Need(f"n{i}", "shell-155mm", 100, Decimal(1), "2026-08") for i in range(3)]
    orders = [order(f"o{i}", f"n{i}", 50 - i, OrderStatus.PLACED) for i in range(3)]
    html = str(coverage(need_figures(needs, orders, []), EN))
    assert re.findall(r"ordered, % of the need: </span>(\d+)%", html) == ["50", "49", "48"]
    assert "least covered" not in html
