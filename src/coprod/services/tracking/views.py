"""One function per tracking view: the tables of what the caller may see, from the sums the
queries of ``reading`` give, converted as ``figures`` says."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from statistics import mean
from typing import Any

from coprod.db.uow import UnitOfWork
from coprod.domain import tracking as t
from coprod.domain.months import of as month_of_day
from coprod.services.accounts.access import Principal
from coprod.services.tracking import reading
from coprod.services.tracking.figures import (
    NOBODY,
    Cell,
    Column,
    Reporting,
    Sums,
    Table,
    cents,
    figures_row,
    totals_of,
)
from coprod.services.tracking.reading import AgreementFacts, Columns, OwnershipFacts, PlantFacts

UKRAINE = "UA"
C = Columns


@dataclass(frozen=True)
class Source:
    """What a view reads from: the unit of work, whose view it is, the reporting currency and
    the day it is judged on."""

    uow: UnitOfWork
    principal: Principal
    money: Reporting
    today: date

    def orders(
        self, *dims: Any, units: bool = True, months: bool = False
    ) -> list[reading.OrderGroup]:
        """The ordered orders' sums per ``dims`` and currency (and month where converted, or
        ``months``), with the units produced and delivered on them when ``units``."""
        return reading.order_groups(
            self.uow, self.principal, dims, self.money.currency, units=units, months=months
        )

    def payments(self, *dims: Any, days: bool = False) -> list[reading.PaymentGroup]:
        """The payments' sums per ``dims`` and currency (and day where converted, or
        ``days``)."""
        return reading.payment_groups(
            self.uow, self.principal, dims, self.money.currency, days=days
        )


def _money(*names: str) -> tuple[Column, ...]:
    return tuple(Column(n, "money") for n in names)


def _units(*names: str) -> tuple[Column, ...]:
    return tuple(Column(n, "units") for n in names)


ORDER_FIGURES = (
    *_units("ordered"),
    *_money("allocated"),
    *_units("produced"),
    *_money("produced_value"),
    *_units("delivered"),
    *_money("delivered_value"),
    *_money("disbursed"),
)
FIGURE_NAMES = [c.name for c in ORDER_FIGURES]


def _table(
    name: str, first: Column, extra: tuple[Column, ...], rows: list[dict[str, Cell]]
) -> Table:
    columns = (first, *extra)
    return Table(name, columns, rows, totals_of(rows, columns))


def grouped(
    source: Source,
    dims: tuple[Any, ...],
    key: Callable[[tuple[Any, ...]], str],
    groups: list[reading.OrderGroup] | None = None,
) -> dict[str, Sums]:
    """The ordered orders' figures (``groups`` when read already) and the payments on them,
    per group."""
    sums: dict[str, Sums] = defaultdict(Sums)
    for group in source.orders(*dims) if groups is None else groups:
        sums[key(group.keys)].add(group, source.money)
    for paid in source.payments(*dims):
        sums[key(paid.keys)].disbursed += source.money.paid(paid)
    return sums


def by_funder(source: Source) -> list[Table]:
    """Per funder: pledged, allocated, ordered, produced, delivered (units and value),
    disbursed, and the gap between what was pledged and what was delivered."""
    sums = grouped(source, (C.instrument.funder,), lambda k: k[0] or NOBODY)
    for instrument in reading.instruments(source.uow, source.principal):
        group = sums[instrument.funder]
        group.instruments += 1
        group.pledged += source.money.pledged(instrument, source.today)
    rows = []
    for funder in sorted(sums):
        s = sums[funder]
        row: dict[str, Cell] = {"funder": funder, "instruments": s.instruments}
        row |= {"pledged": cents(s.pledged), **figures_row(s, FIGURE_NAMES)}
        row["gap"] = cents(s.pledged) - cents(s.delivered_value)
        rows.append(row)
    extra = (Column("instruments", "count"), *_money("pledged"), *ORDER_FIGURES, *_money("gap"))
    return [_table("funders", Column("funder", "text"), extra, rows)]


def _by_product(source: Source, name: str, dim: Any, plural: str) -> list[Table]:
    sums = grouped(source, (dim,), lambda k: str(k[0]))
    for key, units in reading.needed(source.uow, source.principal, dim).items():
        sums[key].needed += units
    rows = []
    for group in sorted(sums):
        row: dict[str, Cell] = {name: group, "needed": sums[group].needed}
        rows.append(row | figures_row(sums[group], FIGURE_NAMES))
    return [_table(plural, Column(name, "text"), (*_units("needed"), *ORDER_FIGURES), rows)]


def by_category(source: Source) -> list[Table]:
    """Per category of system: needed, ordered, produced, delivered, disbursed."""
    return _by_product(source, "category", C.system.category, "categories")


def by_system(source: Source) -> list[Table]:
    """Per system: needed, ordered, produced, delivered, disbursed."""
    return _by_product(source, "system", C.system.key, "systems")


def by_producer(source: Source) -> list[Table]:
    """Per producer: what it was ordered and delivered, and how punctually: the share of
    its orders delivered in full by their expected month, and their mean delay in months."""
    dims = (C.producer.key, C.line.company_country)
    groups = source.orders(*dims)
    country = {group.keys[0]: group.keys[1] for group in groups}
    sums = grouped(source, dims, lambda k: str(k[0]), groups)
    delays: dict[str, list[int]] = defaultdict(list)
    for done in reading.punctuality(source.uow, source.principal):
        delays[done.producer] += [done.delay] * done.orders
    rows = []
    for producer in sorted(sums):
        late = delays[producer]
        row: dict[str, Cell] = {
            "producer": producer,
            "country": country.get(producer),
            "orders": sums[producer].orders,
            **figures_row(sums[producer], FIGURE_NAMES),
            "delivered_in_full": len(late),
            "on_time": round(100.0 * late.count(0) / len(late), 1) if late else None,
            "mean_delay_months": round(mean(late), 2) if late else None,
        }
        rows.append(row)
    extra = (
        Column("country", "text"),
        Column("orders", "count"),
        *ORDER_FIGURES,
        Column("delivered_in_full", "count"),
        Column("on_time", "percent"),
        Column("mean_delay_months", "months"),
    )
    return [_table("producers", Column("producer", "text"), extra, rows)]


def by_month(source: Source) -> list[Table]:
    """Per month: orders placed (units and allocated value, by the order's month), deliveries
    (units and value, by the delivery's month) and payments (by their date)."""
    sums: dict[str, Sums] = defaultdict(Sums)
    for group in source.orders(units=False, months=True):
        month = sums[str(group.month)]
        month.orders += group.orders
        month.ordered += group.ordered
        month.allocated += source.money.ordered(group.cost, group.currency, group.month)
    for handed in reading.delivery_months(source.uow, source.principal):
        sums[handed.month].delivered += handed.delivered
        sums[handed.month].delivered_value += source.money.ordered(
            handed.value, handed.currency, handed.order_month
        )
    for paid in source.payments(days=True):
        if paid.paid_on is not None:
            sums[month_of_day(paid.paid_on)].disbursed += source.money.paid(paid)
    names = ["orders", "ordered", "allocated", "delivered", "delivered_value", "disbursed"]
    rows: list[dict[str, Cell]] = [
        {"month": m, **figures_row(sums[m], names)} for m in sorted(sums)
    ]
    extra = (
        Column("orders", "count"),
        *_units("ordered"),
        *_money("allocated"),
        *_units("delivered"),
        *_money("delivered_value"),
        *_money("disbursed"),
    )
    return [_table("months", Column("month", "text"), extra, rows)]


def by_stage(
    agreements: list[AgreementFacts], today: date, stalled_months: int = t.STALLED_MONTHS
) -> list[Table]:
    """The agreements as a pipeline: how many at each stage, how many months they have sat
    there, how long the steps that left it took, and which are stalled (at a stage before the
    end for more than ``stalled_months``)."""
    at: dict[t.Stage, list[float]] = defaultdict(list)
    took: dict[t.Stage, list[float]] = defaultdict(list)
    stalled_rows: list[dict[str, Cell]] = []
    stalled: dict[t.Stage, int] = defaultdict(int)
    for agreement in agreements:
        stage = t.stage(agreement.type, agreement.status)
        times = t.stage_times(agreement.history)
        at[stage].append(t.months_between(times.since, today) if times.since else -1.0)
        for status, months in times.took.items():
            took[t.stage(agreement.type, status)].append(months)
        if t.is_stalled(stage, times.since, today, stalled_months):
            stalled[stage] += 1
            stalled_rows.append(_stalled(agreement, stage, times.since, today))
    rows: list[dict[str, Cell]] = []
    for stage in t.Stage:
        ages = [a for a in at[stage] if a >= 0]
        rows.append(
            {
                "stage": stage.value,
                "agreements": len(at[stage]),
                "stalled": stalled[stage],
                "months_at_stage": round(mean(ages), 1) if ages else None,
                "months_taken": round(mean(took[stage]), 1) if took[stage] else None,
            }
        )
    extra = (
        Column("agreements", "count"),
        Column("stalled", "count"),
        Column("months_at_stage", "months"),
        Column("months_taken", "months"),
    )
    stalled_columns = (
        Column("agreement", "text"),
        Column("title", "text"),
        Column("stage", "text"),
        Column("since", "date"),
        Column("months", "months"),
    )
    stalled_rows.sort(key=lambda r: (str(r["since"]), str(r["agreement"])))
    return [
        _table("stages", Column("stage", "text"), extra, rows),
        Table("stalled", stalled_columns, stalled_rows),
    ]


def _stalled(
    agreement: AgreementFacts, stage: t.Stage, since: date | None, today: date
) -> dict[str, Cell]:
    return {
        "agreement": agreement.key,
        "title": agreement.title,
        "stage": stage.value,
        "since": since.isoformat() if since else None,
        "months": round(t.months_between(since, today), 1) if since else None,
    }


def direction(company_country: str, site_country: str) -> str:
    """Where production happens relative to Ukraine and the producer's country."""
    if company_country == UKRAINE:
        return "ukrainian_at_home" if site_country == UKRAINE else "ukrainian_abroad"
    if site_country == UKRAINE:
        return "partner_in_ukraine"
    return "partner_at_home" if site_country == company_country else "partner_abroad"


def by_site_country(source: Source) -> list[Table]:
    """Co-production geography: producer's country → site country, own design vs licensed
    (units and value ordered), units delivered and their value; joint ventures with their
    owners; plants outside their operator's country."""
    dims = (C.line.company_country, C.line.site_country, C.licensed)
    pairs: dict[tuple[str, str], dict[str, Sums]] = defaultdict(lambda: defaultdict(Sums))
    for group in source.orders(*dims):
        company, site, licensed = group.keys
        pairs[(company, site)]["licensed" if licensed else "own"].add(group, source.money)
    rows: list[dict[str, Cell]] = []
    for (company, site), kinds_of in sorted(pairs.items()):
        own, licensed = kinds_of["own"], kinds_of["licensed"]
        rows.append({
            "company_country": company,
            "site_country": site,
            "direction": direction(company, site),
            "own_units": own.ordered,
            "own_value": cents(own.allocated),
            "licensed_units": licensed.ordered,
            "licensed_value": cents(licensed.allocated),
            "delivered": own.delivered + licensed.delivered,
            "delivered_value": cents(own.delivered_value + licensed.delivered_value),
        })  # fmt: skip
    extra = (
        Column("site_country", "text"),
        Column("direction", "text"),
        *_units("own_units"),
        *_money("own_value"),
        *_units("licensed_units"),
        *_money("licensed_value"),
        *_units("delivered"),
        *_money("delivered_value"),
    )
    owners = reading.ownerships(source.uow, source.principal)
    sites = reading.plants(source.uow, source.principal)
    return [
        _table("sites", Column("company_country", "text"), extra, rows),
        directions(rows, extra[2:]),
        joint_ventures(owners, source.today),
        plants_abroad(sites),
    ]


DIRECTIONS = (
    "ukrainian_abroad",
    "partner_in_ukraine",
    "ukrainian_at_home",
    "partner_at_home",
    "partner_abroad",
)


def directions(pairs: list[dict[str, Cell]], figures: tuple[Column, ...]) -> Table:
    """The country pairs summed by where production happens: Ukrainian companies on partner
    soil, partners in Ukraine, each at home, partners in a third country."""
    rows: list[dict[str, Cell]] = []
    for where in DIRECTIONS:
        chosen = [p for p in pairs if p["direction"] == where]
        if chosen:
            rows.append({"direction": where, **totals_of(chosen, figures)})
    return _table("directions", Column("direction", "text"), figures, rows)


def joint_ventures(owners: list[OwnershipFacts], today: date) -> Table:
    """Companies with owners named, one row per owner holding a stake on ``today``: a joint
    venture (several owners) or a subsidiary (one)."""
    current = [o for o in owners if (o.start or date.min) <= today <= (o.end or date.max)]
    count: dict[str, int] = defaultdict(int)
    for ownership in current:
        count[ownership.owned] += 1
    rows: list[dict[str, Cell]] = [
        {
            "company": o.owned,
            "country": o.owned_country,
            "kind": "joint_venture" if count[o.owned] > 1 else "subsidiary",
            "owner": o.owner,
            "owner_country": o.owner_country,
            "stake": o.stake,
        }
        for o in current
    ]
    columns = (
        Column("company", "text"),
        Column("country", "text"),
        Column("kind", "text"),
        Column("owner", "text"),
        Column("owner_country", "text"),
        Column("stake", "percent"),
    )
    return Table("owners", columns, rows)


def plants_abroad(sites: list[PlantFacts]) -> Table:
    """Plants in another country than their operator's."""
    rows: list[dict[str, Cell]] = [
        {
            "plant": p.key,
            "name": p.name,
            "operator": p.operator,
            "operator_country": p.operator_country,
            "country": p.country,
            "kind": p.kind.value,
            "status": p.status.value,
        }
        for p in sites
        if p.operator_country is not None and p.country != p.operator_country
    ]
    columns = tuple(
        Column(n, "text")
        for n in ("plant", "name", "operator", "operator_country", "country", "kind", "status")
    )
    return Table("plants_abroad", columns, rows)
