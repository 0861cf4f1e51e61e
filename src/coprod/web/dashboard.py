"""The dashboard's charts, drawn from what the caller may see (``summary.overview``).

Nothing here filters by organisation: the use case's scoped unit of work only returns the
caller's records, so totals and charts can never include a competitor's orders or prices.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup

from coprod.domain import ledger as book
from coprod.domain.enums import AgreementStatus, AgreementType
from coprod.services.registry.summary import Overview
from coprod.web import formatting as fmt
from coprod.web.charts import Series, bar_chart
from coprod.web.labels import N_, NP_, label
from coprod.web.locales import DEFAULT, Reader
from coprod.web.locales import reader as reader_for

ENGLISH = reader_for(DEFAULT)
UNDATED = "~"  # sorts after the years


@dataclass(frozen=True)
class Dashboard:
    """The charts of the dashboard and the counts above them."""

    counts: dict[str, int]  # record kind (plural) -> how many the caller may see
    agreements_over_time: Markup
    agreements_by_status: Markup
    funding: Markup
    coverage: Markup
    production: Markup
    ledger: book.Ledger  # the figures the money and needs charts draw
    currency: str = "EUR"  # the reporting currency of the money chart
    rates: tuple[str, ...] = ()  # the rates its figures were converted at


def _count(reader: Reader) -> Callable[[float], str]:
    return lambda value: fmt.units(value, reader.locale)


def agreements_over_time(
    by_year: dict[tuple[int | None, AgreementType], int], reader: Reader
) -> Markup:
    """Agreements per year of their first dated step, stacked by type."""
    years = sorted({UNDATED if y is None else str(y) for y, _ in by_year})
    types = [t for t in AgreementType if any(t is kind for _, kind in by_year)]
    counts = {(UNDATED if y is None else str(y), t): n for (y, t), n in by_year.items()}
    series = [Series(label(t, reader), [counts.get((y, t), 0) for y in years]) for t in types]
    undated = reader.gettext(N_("undated"))
    return bar_chart(
        reader.gettext(N_("Agreements by year of their first dated step and type")),
        [undated if year == UNDATED else year for year in years],
        series,
        stacked=True,
        fmt=_count(reader),
        reader=reader,
        log=False,
    )


def agreements_by_status(by_status: dict[AgreementStatus, int], reader: Reader) -> Markup:
    """Agreements per lifecycle status."""
    statuses = [s for s in AgreementStatus if by_status.get(s)]
    series = [Series(reader.gettext(N_("agreements")), [by_status[s] for s in statuses])]
    return bar_chart(
        reader.gettext(N_("Number of agreements at each step of their lifecycle")),
        [label(s, reader) for s in statuses],
        series,
        stacked=False,
        fmt=_count(reader),
        reader=reader,
        log=False,
    )


def funding(
    instruments: list[book.InstrumentReport], names: dict[str, str], reader: Reader
) -> Markup:
    """Pledged, allocated (the cost of its orders) and disbursed per instrument, in the
    reporting currency (each pledge, order and payment at the rate of its date); an
    instrument in another currency says which."""
    labels = [
        names.get(fi.key, fi.key)
        + ("" if fi.own.currency == fi.reported.currency else f" ({fi.own.currency})")
        for fi in instruments
    ]
    figures = [fi.reported for fi in instruments]
    series = [
        Series(reader.gettext(N_("pledged")), [float(f.pledged) for f in figures]),
        Series(reader.gettext(N_("allocated")), [float(f.allocated) for f in figures]),
        Series(reader.gettext(N_("disbursed")), [float(f.disbursed) for f in figures]),
    ]
    currency = figures[0].currency if figures else "EUR"

    def amount(value: float) -> str:
        return fmt.compact_money(Decimal(str(round(value, 2))), currency, reader.locale)

    return bar_chart(
        reader.gettext(N_("Funding per instrument: allocated and disbursed against the pledge")),
        labels,
        series,
        stacked=False,
        fmt=amount,
        reader=reader,
        per_row=True,
    )


def share(part: int, whole: int) -> float:
    """``part`` in % of ``whole``; 0 for a need of nothing (stored before needs had to be for
    at least one unit), which must not take the dashboard down."""
    return 100.0 * part / whole if whole > 0 else 0.0


COVERAGE_SHOWN = 25  # needs drawn on the dashboard; the needs list holds every one


def least_covered(
    needs: list[book.NeedFigures], shown: int = COVERAGE_SHOWN
) -> list[book.NeedFigures]:
    """The ``shown`` needs with the smallest ordered share (then the earliest due), in that
    order; every need when there are no more than ``shown``, in their own order."""
    if len(needs) <= shown:
        return needs
    return sorted(needs, key=lambda n: (share(n.ordered, n.needed), n.due, n.key))[:shown]


def coverage(all_needs: list[book.NeedFigures], reader: Reader) -> Markup:
    """Ordered (placed or later, not cancelled) and proposed, in % of each need: every need
    of a small registry, the least covered of a large one (2 000 bars read as nothing), with
    a sentence saying so and linking to the needs list.

    Shares rather than units: 2 SAMP/T batteries and 150 000 shells share one axis.
    """
    needs = least_covered(all_needs)
    labels = [
        f"{n.system} · {fmt.month(n.due, reader.locale)} · {fmt.units(n.needed, reader.locale)}"
        for n in needs
    ]
    series = [
        Series(
            reader.gettext(N_("ordered, % of the need")),
            [share(n.ordered, n.needed) for n in needs],
        ),
        Series(
            reader.gettext(N_("proposed, % of the need")),
            [share(n.proposed, n.needed) for n in needs],
        ),
    ]
    chart = bar_chart(
        reader.gettext(N_("Needs coverage")),
        labels,
        series,
        stacked=False,
        fmt=lambda value: fmt.percent(value, reader.locale),
        reader=reader,
        axis_max=100.0,
        log=False,
    )
    if len(needs) == len(all_needs):
        return chart
    forms = NP_(
        "The %(shown)s least covered need (of %(total)s in all).",
        "The %(shown)s least covered needs, least first (of %(total)s in all).",
    )
    sentence = reader.ngettext(*forms, len(needs)) % {
        "shown": fmt.units(len(needs), reader.locale),
        "total": fmt.units(len(all_needs), reader.locale),
    }
    every = reader.gettext(N_("Every need"))
    return chart + Markup('<p class="chart-note">{} <a href="/records/needs">{}</a></p>').format(
        sentence, every
    )


def production(totals: dict[str, tuple[int, int]], reader: Reader) -> Markup:
    """Ordered (placed or later, not cancelled) and delivered quantity per system."""
    systems = sorted(totals)
    series = [
        Series(reader.gettext(N_("ordered")), [float(totals[s][0]) for s in systems]),
        Series(reader.gettext(N_("delivered")), [float(totals[s][1]) for s in systems]),
    ]
    return bar_chart(
        reader.gettext(N_("Units ordered and delivered per system")),
        systems,
        series,
        stacked=False,
        fmt=_count(reader),
        reader=reader,
        per_row=True,
    )


def build_dashboard(view: Overview, reader: Reader = ENGLISH) -> Dashboard:
    """The dashboard of what the caller may see (``services/registry/summary.overview``),
    written for ``reader``."""
    figures = view.ledger
    return Dashboard(
        counts=dict(view.counts),
        agreements_over_time=agreements_over_time(view.agreements_by_year, reader),
        agreements_by_status=agreements_by_status(view.agreements_by_status, reader),
        funding=funding(view.report.instruments, view.instrument_names, reader),
        coverage=coverage(figures.needs, reader),
        production=production(view.production, reader),
        ledger=figures,
        currency=view.report.currency,
        rates=tuple(str(rate) for rate in view.report.total.rates),
    )
