"""The dashboard's figures, computed from what the caller may see (a scoped unit of work).

Nothing here filters by organisation: the unit of work's repositories only return the
caller's records, so totals and charts can never include a competitor's orders or prices.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from markupsafe import Markup

from coprod.db.uow import UnitOfWork
from coprod.domain import entities as d
from coprod.domain.enums import AgreementStatus, AgreementType, OrderStatus
from coprod.web.charts import Series, bar_chart, percent


@dataclass(frozen=True)
class Dashboard:
    """The charts of the dashboard and the counts above them."""

    counts: dict[str, int]
    agreements_over_time: Markup
    agreements_by_status: Markup
    funding: Markup
    coverage: Markup
    production: Markup


def _signed_year(agreement: d.Agreement) -> str:
    dates = [change.on for change in agreement.history if change.on is not None]
    return str(min(dates).year) if dates else "undated"


def agreements_over_time(agreements: list[d.Agreement]) -> Markup:
    """Agreements per year of their first dated step, stacked by type."""
    years = sorted({_signed_year(a) for a in agreements})
    types = [t for t in AgreementType if any(a.type is t for a in agreements)]
    counts = Counter((_signed_year(a), a.type) for a in agreements)
    series = [Series(t.value.replace("_", " "), [counts[(y, t)] for y in years]) for t in types]
    return bar_chart("Agreements by year and type", years, series, stacked=True)


def agreements_by_status(agreements: list[d.Agreement]) -> Markup:
    """Agreements per lifecycle status."""
    statuses = [s for s in AgreementStatus if any(a.status is s for a in agreements)]
    counts = Counter(a.status for a in agreements)
    series = [Series("agreements", [counts[s] for s in statuses])]
    return bar_chart("Agreements by status", [s.value for s in statuses], series, stacked=False)


def funding(instruments: list[d.FundingInstrument]) -> Markup:
    """Pledged, allocated and disbursed per instrument (each in its own currency)."""
    labels = [f"{fi.name} ({fi.pledged.currency})" for fi in instruments]
    series = [
        Series("pledged", [float(fi.pledged.amount) for fi in instruments]),
        Series("allocated", [float(fi.allocated.amount) for fi in instruments]),
        Series("disbursed", [float(fi.disbursed.amount) for fi in instruments]),
    ]
    return bar_chart("Funding per instrument", labels, series, stacked=False)


def share(part: int, whole: int) -> float:
    """``part`` in % of ``whole``; 0 for a need of nothing (stored before needs had to be for
    at least one unit), which must not take the dashboard down."""
    return 100.0 * part / whole if whole > 0 else 0.0


def coverage(needs: list[d.Need], orders: list[d.Order]) -> Markup:
    """Ordered (placed and later) and proposed by the latest plan, in % of each need.

    Shares rather than units: 2 SAMP/T batteries and 150 000 shells share one axis.
    """
    ordered: Counter[str] = Counter()
    planned: Counter[str] = Counter()
    for order in orders:
        if order.need and order.status is OrderStatus.PROPOSED:
            planned[order.need] += order.quantity
        elif order.need and order.status is not OrderStatus.CANCELLED:
            ordered[order.need] += order.quantity
    labels = [f"{n.system} {n.due} ({n.quantity:,})" for n in needs]
    series = [
        Series("ordered, % of need", [share(ordered[n.key], n.quantity) for n in needs]),
        Series(
            "proposed by the latest plan, % of need",
            [share(planned[n.key], n.quantity) for n in needs],
        ),
    ]
    return bar_chart("Needs coverage", labels, series, stacked=False, fmt=percent, axis_max=100.0)


def production(
    lines: dict[str, d.ProductionLine], orders: list[d.Order], deliveries: list[d.Delivery]
) -> Markup:
    """Ordered and delivered quantity per system."""
    system_of_order = {
        o.key: lines[o.production_line].system for o in orders if o.production_line in lines
    }
    totals: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for order in orders:
        if order.key in system_of_order:
            totals[system_of_order[order.key]][0] += order.quantity
    for delivery in deliveries:
        if delivery.order in system_of_order:
            totals[system_of_order[delivery.order]][1] += delivery.quantity
    systems = sorted(totals)
    series = [
        Series("ordered", [totals[s][0] for s in systems]),
        Series("delivered", [totals[s][1] for s in systems]),
    ]
    return bar_chart("Production and deliveries per system", systems, series, stacked=False)


def build_dashboard(uow: UnitOfWork) -> Dashboard:
    """The dashboard of what the caller's unit of work may see."""
    agreements = uow.agreements.list_()
    instruments = uow.instruments.list_()
    needs, orders = uow.needs.list_(), uow.orders.list_()
    lines = {line.key: line for line in uow.lines.list_()}
    deliveries = uow.deliveries.list_()
    counts = {
        "agreements": len(agreements),
        "funding instruments": len(instruments),
        "needs": len(needs),
        "production lines": len(lines),
        "orders": len(orders),
        "deliveries": len(deliveries),
    }
    return Dashboard(
        counts=counts,
        agreements_over_time=agreements_over_time(agreements),
        agreements_by_status=agreements_by_status(agreements),
        funding=funding(instruments),
        coverage=coverage(needs, orders),
        production=production(lines, orders, deliveries),
    )
