"""``coprod demo --scale N``: the demo registry plus a generated one N times 1 000 orders,
5 000 deliveries and 200 needs (N=10: 10 000 orders, about 50 000 deliveries, 2 000 needs), for
measuring tracking and alerts on a registry of a realistic size (``benchmarks/tracking.py``).

The generated records keep every ledger rule (``coprod ledger verify`` stays clean): each order
is for a need of its line's system, paid in its instrument's currency, ordered ≤ needed,
produced ≤ ordered, delivered ≤ produced, payments ≤ cost, and each instrument's stored
allocated and disbursed are those its orders and payments give. They are marked illustrative
and written in bulk, in one transaction, without audit entries (a measuring registry, not a
record of anyone's work). The same ``seed`` gives the same registry.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from coprod.db import models as m
from coprod.db.base import Base
from coprod.db.uow import UnitOfWork
from coprod.domain import tracking as t
from coprod.domain.enums import AgreementStatus, AgreementType, OrderStatus, PlantKind
from coprod.errors import InvalidInput

COUNTRIES = ("UA", "FR", "DE", "PL", "GB", "US", "DK", "CZ", "NL", "SE")
FUNDERS = {"FR": "EUR", "DE": "EUR", "GB": "GBP", "US": "USD", "DK": "EUR", "NL": "EUR"}
RATES = {"USD": Decimal("1.08"), "GBP": Decimal("0.86")}  # per euro, drifting month by month
FIRST_MONTH, MONTHS = "2024-01", 33  # orders from 2024-01 to 2026-09
STATUSES = (
    (OrderStatus.PROPOSED, 3),
    (OrderStatus.PLACED, 15),
    (OrderStatus.IN_PRODUCTION, 25),
    (OrderStatus.DELIVERED, 40),
    (OrderStatus.ACCEPTED, 15),
    (OrderStatus.CANCELLED, 2),
)
DELIVERIES_PER_ORDER = 7  # of an order delivered (6 of one in production)
MAX_SCALE = 100


@dataclass(frozen=True)
class Sizes:
    """How many records of each kind to generate."""

    companies: int
    instruments: int
    needs: int
    orders: int
    agreements: int

    @classmethod
    def of(cls, scale: int) -> Sizes:
        """The sizes of ``--scale N``: N × (1 000 orders, 200 needs, ~5 000 deliveries)."""
        if not 1 <= scale <= MAX_SCALE:
            raise InvalidInput(f"--scale: {scale} is not between 1 and {MAX_SCALE}")
        return cls(
            companies=10 + 4 * scale,
            instruments=6 + 2 * scale,
            needs=200 * scale,
            orders=1000 * scale,
            agreements=50 * scale,
        )


@dataclass
class Ids:
    """The next free id of each table (rows are written with their ids, in bulk)."""

    session: Session
    taken: dict[str, int] = field(default_factory=dict)

    def next(self, model: type[Base]) -> int:
        """A new id for a row of ``model``."""
        name = model.__tablename__
        if name not in self.taken:
            self.taken[name] = self.session.scalar(select(func.max(model.__table__.c.id))) or 0
        self.taken[name] += 1
        return self.taken[name]


def _month(index: int) -> str:
    """The month ``index`` months after the first order month."""
    return t.expected_month(FIRST_MONTH, index)


def _day(month: str, day: int) -> date:
    return date(int(month[:4]), int(month[5:7]), min(day, 28))


@dataclass
class Generated:
    """The rows to write, per model, in dependency order."""

    rows: dict[type[Base], list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))

    def add(self, model: type[Base], **row: Any) -> dict[str, Any]:
        """Keep a row of ``model`` (with ``version`` 1 for registry records)."""
        if issubclass(model, m.Entity):
            row.setdefault("version", 1)
        self.rows[model].append(row)
        return row


class Generator:
    """Builds the scale registry's rows, keeping the ledger's rules."""

    def __init__(self, uow: UnitOfWork, sizes: Sizes, seed: int) -> None:
        self.session, self.sizes = uow.session, sizes
        self.random = random.Random(seed)
        self.ids = Ids(uow.session)
        self.out = Generated()

    def _system_ids(self) -> list[tuple[int, str]]:
        rows = self.session.execute(
            select(m.SystemRow.id, m.SystemRow.key, m.SystemRow.name, m.SystemRow.manufacturer)
        )
        # Named products only: a generic entry ("drones") is a need's category, not a line's.
        return [
            (id_, key)
            for id_, key, name, maker in rows
            if maker is not None or name != name.lower()
        ]

    def companies(self) -> list[tuple[int, str, str]]:
        """Companies across the partner countries and Ukraine: (id, key, country)."""
        made = []
        for i in range(self.sizes.companies):
            country = COUNTRIES[i % len(COUNTRIES)]
            key = f"scale-company-{i:04d}"
            id_ = self.ids.next(m.OrganisationRow)
            self.out.add(
                m.OrganisationRow,
                id=id_,
                key=key,
                name=f"Scale company {i} ({country})",
                kind="company",
                country=country,
                aliases=[],
            )
            made.append((id_, key, country))
        return made

    def plants_and_owners(
        self, companies: list[tuple[int, str, str]]
    ) -> dict[int, tuple[int, str]]:
        """A plant abroad (or in Ukraine) for every fifth company; every tenth company a joint
        venture of the two companies before it (51/49). Company id -> (plant id, country)."""
        plants = {}
        for i, (id_, _key, country) in enumerate(companies):
            if i % 5 == 4:
                site = "UA" if country != "UA" else COUNTRIES[1 + i % (len(COUNTRIES) - 1)]
                plant = self.ids.next(m.PlantRow)
                self.out.add(
                    m.PlantRow,
                    id=plant,
                    key=f"scale-plant-{i:04d}",
                    name=f"Scale plant {i}",
                    operator_id=id_,
                    country=site,
                    city=None,
                    kind=PlantKind.PRODUCTION.value,
                    status="operating",
                    history=[{"status": "operating", "on": "2024-01-15"}],
                    annual_capacity=None,
                    capacity_unit=None,
                    notes=None,
                )
                plants[id_] = (plant, site)
            if i % 10 == 9 and i >= 2:
                for owner, stake in ((companies[i - 1][0], "51"), (companies[i - 2][0], "49")):
                    self.out.add(
                        m.OwnershipRow,
                        id=self.ids.next(m.OwnershipRow),
                        key=f"scale-ownership-{i:04d}-{owner}",
                        owner_id=owner,
                        owned_id=id_,
                        stake=Decimal(stake),
                        start=date(2024, 3, 1),
                        end=None,
                    )
        return plants

    def lines(
        self, companies: list[tuple[int, str, str]], plants: dict[int, tuple[int, str]]
    ) -> list[dict[str, Any]]:
        """Three lines per company, each making a named system: the first at the company's
        plant abroad where it has one, the second of a Ukrainian company in Denmark, one in
        six under licence from another company."""
        systems = self._system_ids()
        made = []
        for i, (id_, _key, country) in enumerate(companies):
            for j in range(3):
                system, _ = systems[(i * 3 + j) * 7 % len(systems)]
                plant, site = plants.get(id_, (None, country)) if j == 0 else (None, country)
                if country == "UA" and j == 1:
                    site = "DK"  # a Ukrainian maker's line on partner soil
                licensed = (i * 3 + j) % 6 == 5
                made.append(
                    self.out.add(
                        m.ProductionLineRow,
                        id=self.ids.next(m.ProductionLineRow),
                        key=f"scale-line-{i:04d}-{j}",
                        organisation_id=id_,
                        system_id=system,
                        company_country=country,
                        site_country=site,
                        unit_cost_amount=Decimal(self.random.choice((450, 3200, 25000, 350000))),
                        unit_cost_currency="EUR",
                        monthly_capacity=1000,
                        lead_time_months=self.random.randint(0, 4),
                        illustrative=True,
                        plant_id=plant,
                        licence_id=None,
                        licensor_id=companies[(i + 1) % len(companies)][0] if licensed else None,
                    )
                )
        return made

    def instruments(self) -> list[dict[str, Any]]:
        """Instruments of the partner states, each in its state's currency, paying for
        anything at any time (their rules are not what is measured)."""
        made = []
        funders = sorted(FUNDERS)
        for i in range(self.sizes.instruments):
            funder = funders[i % len(funders)]
            currency = FUNDERS[funder]
            zero = Decimal(0)
            made.append(
                self.out.add(
                    m.FundingInstrumentRow,
                    id=self.ids.next(m.FundingInstrumentRow),
                    key=f"scale-instrument-{i:03d}",
                    name=f"Scale fund {i} ({funder})",
                    funder=funder,
                    kind="direct_order_fund",
                    pledged_amount=zero,
                    pledged_currency=currency,
                    allocated_amount=zero,
                    allocated_currency=currency,
                    disbursed_amount=zero,
                    disbursed_currency=currency,
                    site_countries=None,
                    producer_countries=None,
                    categories=None,
                    first_month=None,
                    last_month=None,
                    illustrative=True,
                )
            )
        return made

    def needs(self, lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Needs for the systems the lines make, due over three years (quantity set once the
        orders are known: what they order and some more)."""
        made = []
        for i in range(self.sizes.needs):
            line = lines[i % len(lines)]
            made.append(
                self.out.add(
                    m.NeedRow,
                    id=self.ids.next(m.NeedRow),
                    key=f"scale-need-{i:05d}",
                    system_id=line["system_id"],
                    quantity=0,
                    priority=Decimal("1.0000"),
                    due=_month(6 + i % MONTHS),
                    recipient="UA",
                    illustrative=True,
                    max_suppliers=None,
                )
            )
        return made

    def _status(self) -> OrderStatus:
        statuses = [status for status, _ in STATUSES]
        chosen: OrderStatus = self.random.choices(statuses, [w for _, w in STATUSES])[0]
        return chosen

    def orders(
        self,
        needs: list[dict[str, Any]],
        lines: list[dict[str, Any]],
        instruments: list[dict[str, Any]],
    ) -> None:
        """Orders for the needs on lines making their systems, paid by the instruments in
        their currencies, with their production, deliveries and payments."""
        making: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for line in lines:
            making[line["system_id"]].append(line)
        for i in range(self.sizes.orders):
            need = needs[self.random.randrange(len(needs))]
            line = self.random.choice(making[need["system_id"]])
            instrument = instruments[self.random.randrange(len(instruments))]
            status = self._status()
            price = line["unit_cost_amount"]
            quantity = self.random.randint(12, max(int(4_000_000 // price), 24))
            month = _month(self.random.randrange(MONTHS))
            order = self.out.add(
                m.OrderRow,
                id=self.ids.next(m.OrderRow),
                key=f"scale-order-{i:05d}",
                need_id=need["id"],
                production_line_id=line["id"],
                instrument_id=instrument["id"],
                quantity=quantity,
                unit_price_amount=price,
                unit_price_currency=instrument["pledged_currency"],
                month=month,
                status=status.value,
                illustrative=True,
            )
            if status in (OrderStatus.PROPOSED, OrderStatus.CANCELLED):
                continue
            need["quantity"] += quantity + self.random.randint(0, 200)
            instrument["allocated_amount"] += price * quantity
            self._made_and_delivered(order, line, status)
            self._paid(order, instrument, price * quantity)

    def _made_and_delivered(
        self, order: dict[str, Any], line: dict[str, Any], status: OrderStatus
    ) -> None:
        """Production reported, then deliveries spread up to a few months after the expected
        month (two in five late)."""
        if status is OrderStatus.PLACED:
            return
        whole = status in (OrderStatus.DELIVERED, OrderStatus.ACCEPTED)
        delivered = order["quantity"] if whole else order["quantity"] // 2
        self.out.add(
            m.ProductionReportRow,
            id=self.ids.next(m.ProductionReportRow),
            key=f"scale-report-{order['key'][12:]}",
            production_line_id=line["id"],
            order_id=order["id"],
            month=order["month"],
            quantity=delivered,
            illustrative=True,
        )
        expected = t.expected_month(order["month"], line["lead_time_months"])
        late = self.random.randint(1, 5) if self.random.random() < 0.4 else 0
        last = _day(t.expected_month(expected, late), 25)
        first = _day(order["month"], 5)
        parts = min(DELIVERIES_PER_ORDER - (0 if whole else 1), delivered)
        step = max((last - first).days // max(parts - 1, 1), 0)
        for k in range(parts):
            units = delivered // parts + (1 if k < delivered % parts else 0)
            self.out.add(
                m.DeliveryRow,
                id=self.ids.next(m.DeliveryRow),
                key=f"scale-delivery-{order['key'][12:]}-{k}",
                order_id=order["id"],
                quantity=units,
                delivered_on=last if k == parts - 1 else first + timedelta(days=step * k),
                illustrative=True,
            )

    def _paid(self, order: dict[str, Any], instrument: dict[str, Any], cost: Decimal) -> None:
        """Seven orders in ten paid in part or in full, in the instrument's currency."""
        if self.random.random() >= 0.7:
            return
        amount = (cost * Decimal(self.random.randint(30, 100)) / 100).quantize(Decimal("0.01"))
        self.out.add(
            m.PaymentRow,
            id=self.ids.next(m.PaymentRow),
            key=f"scale-payment-{order['key'][12:]}",
            instrument_id=instrument["id"],
            order_id=order["id"],
            paid_on=_day(order["month"], 20),
            amount=amount,
            currency=instrument["pledged_currency"],
            illustrative=True,
        )
        instrument["disbursed_amount"] += amount

    def pledges(self, instruments: list[dict[str, Any]]) -> None:
        """Each instrument pledges a third more than its orders cost (a round sum)."""
        for instrument in instruments:
            pledged = instrument["allocated_amount"] * Decimal("1.35") + 1_000_000
            instrument["pledged_amount"] = pledged.quantize(Decimal(1_000_000))

    def rates(self) -> None:
        """Reference rates of the dollar and the pound on the first day of every month
        from 2023 to 2027 (drifting a little), for conversions into euros; a day the store
        already quotes (the demo's own rates) keeps its rate."""
        quoted = set(self.session.scalars(select(m.ExchangeRateRow.key)))
        for currency, start in RATES.items():
            for index in range(60):
                on = date(2023 + index // 12, index % 12 + 1, 1)
                drift = Decimal(index % 7 - 3) / 1000
                if f"{currency}-{on.isoformat()}" in quoted:
                    continue
                self.out.add(
                    m.ExchangeRateRow,
                    id=self.ids.next(m.ExchangeRateRow),
                    key=f"{currency}-{on.isoformat()}",
                    currency=currency,
                    on=on,
                    per_euro=(start + drift).quantize(Decimal("0.000001")),
                )

    def agreements(self, companies: list[tuple[int, str, str]]) -> None:
        """Agreements between Ukraine and the companies along the pipeline (letters of intent,
        memoranda, contracts; signed, in force, completed), with dated steps."""
        types = (
            AgreementType.LETTER_OF_INTENT,
            AgreementType.MEMORANDUM_OF_UNDERSTANDING,
            AgreementType.CONTRACT,
            AgreementType.CONTRACT,
        )
        path = (AgreementStatus.SIGNED, AgreementStatus.IN_FORCE, AgreementStatus.COMPLETED)
        for i in range(self.sizes.agreements):
            id_ = self.ids.next(m.AgreementRow)
            steps = 1 + i % 3
            status = path[steps - 1]
            self.out.add(
                m.AgreementRow,
                id=id_,
                key=f"scale-agreement-{i:04d}",
                title=f"Scale co-production agreement {i}",
                type=types[i % len(types)].value,
                status=status.value,
                quantity=None,
                value_amount=None,
                value_currency=None,
                visibility="public" if i % 2 else "restricted",
                notes=None,
            )
            for k, party in enumerate(("UA", companies[i % len(companies)][1])):
                self.out.add(m.AgreementPartyRow, agreement_id=id_, position=k, party=party)
            signed = date(2023, 1, 10) + timedelta(days=(i * 37) % 900)
            for k in range(steps):
                on = signed + timedelta(days=120 * k)
                self.out.add(
                    m.StatusChangeRow, agreement_id=id_, position=k, status=path[k].value, on=on
                )

    def build(self) -> Generated:
        """Every row of the scale registry."""
        self.rates()
        companies = self.companies()
        plants = self.plants_and_owners(companies)
        lines = self.lines(companies, plants)
        instruments = self.instruments()
        needs = self.needs(lines)
        self.orders(needs, lines, instruments)
        for need in needs:
            need["quantity"] = max(need["quantity"], 1)
        self.pledges(instruments)
        self.agreements(companies)
        return self.out


def add_scale(uow: UnitOfWork, scale: int, seed: int = 2026) -> dict[str, int]:
    """Write the scale registry of ``--scale scale`` into ``uow`` (the catalogue loaded);
    how many rows of each table it wrote."""
    return add_generated(uow, Sizes.of(scale), seed)


def add_generated(uow: UnitOfWork, sizes: Sizes, seed: int = 2026) -> dict[str, int]:
    """Write a generated registry of ``sizes`` into ``uow`` (the catalogue loaded); how many
    rows of each table it wrote."""
    rows = Generator(uow, sizes, seed).build().rows
    for model, batch in rows.items():
        for start in range(0, len(batch), 5000):
            uow.session.execute(insert(model), batch[start : start + 5000])
    return {model.__tablename__: len(batch) for model, batch in rows.items()}
