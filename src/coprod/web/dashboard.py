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
from coprod.domain import ledger as book
from coprod.domain.enums import AgreementStatus, AgreementType
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
    ledger: book.Ledger  # the figures the money and needs charts draw


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


def funding(instruments: list[book.InstrumentFigures], names: dict[str, str]) -> Markup:
    """Pledged, allocated (the cost of its orders) and disbursed per instrument, each in its
    own currency."""
    labels = [f"{names.get(fi.key, fi.key)} ({fi.currency})" for fi in instruments]
    series = [
        Series("pledged", [float(fi.pledged) for fi in instruments]),
        Series("allocated", [float(fi.allocated) for fi in instruments]),
        Series("disbursed", [float(fi.disbursed) for fi in instruments]),
    ]
    return bar_chart("Funding per instrument", labels, series, stacked=False)


def share(part: int, whole: int) -> float:
    """``part`` in % of ``whole``; 0 for a need of nothing (stored before needs had to be for
    at least one unit), which must not take the dashboard down."""
    return 100.0 * part / whole if whole > 0 else 0.0


def coverage(needs: list[book.NeedFigures]) -> Markup:
    """Ordered (placed or later, not cancelled) and proposed, in % of each need.

    Shares rather than units: 2 SAMP/T batteries and 150 000 shells share one axis.
    """
    labels = [f"{n.system} {n.due} ({n.needed:,})" for n in needs]
    series = [
        Series("ordered, % of need", [share(n.ordered, n.needed) for n in needs]),
        Series("proposed, % of need", [share(n.proposed, n.needed) for n in needs]),
    ]
    return bar_chart("Needs coverage", labels, series, stacked=False, fmt=percent, axis_max=100.0)


def production(
    lines: dict[str, d.ProductionLine], orders: list[d.Order], deliveries: list[d.Delivery]
) -> Markup:
    """Ordered (placed or later, not cancelled) and delivered quantity per system."""
    system_of_order = {
        o.key: lines[o.production_line].system
        for o in orders
        if o.production_line in lines and book.is_ordered(o)
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
    figures = book.ledger(needs, instruments, orders, deliveries)
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
        funding=funding(figures.instruments, {fi.key: fi.name for fi in instruments}),
        coverage=coverage(figures.needs),
        production=production(lines, orders, deliveries),
        ledger=figures,
    )
