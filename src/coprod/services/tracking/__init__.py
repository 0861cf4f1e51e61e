"""Tracking: what a funder, a ministry and an analyst follow, as tables of the ledger's figures
(``docs/tracking.md``).

``track(uow, by)`` is the one use case of ``coprod track``, ``GET /api/tracking`` and the
tracking pages: the records the caller may see, read in a few aggregating queries
(``reading``), their money converted into one reporting currency as the ledger converts it
(``figures``), grouped by funder, category, system, producer, month, agreement stage or
country of production (``views``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import select, union

from coprod.db import models as m
from coprod.db.uow import UnitOfWork
from coprod.domain.rates import REPORTING
from coprod.domain.tracking import STALLED_MONTHS, check_stalled_months
from coprod.errors import Forbidden, InvalidInput, NotFound
from coprod.services.accounts import auth
from coprod.services.accounts.access import Principal, caller
from coprod.services.ledger import reporting_currency
from coprod.services.ledger.rates import read_rates
from coprod.services.tracking import reading, views
from coprod.services.tracking.figures import Cell, Column, Reporting, Table

__all__ = ["VIEWS", "By", "Cell", "Column", "Table", "View", "track", "view_csv", "view_document"]


class By(StrEnum):
    """The tracking views."""

    FUNDER = "funder"
    CATEGORY = "category"
    SYSTEM = "system"
    PRODUCER = "producer"
    MONTH = "month"
    AGREEMENT_STAGE = "agreement-stage"
    SITE_COUNTRY = "site-country"


VIEWS = tuple(b.value for b in By)


@dataclass(frozen=True)
class View:
    """A tracking view: its tables in one reporting currency, with the rates used."""

    by: str
    currency: str
    on: date  # the day stalls and current stakes are judged on, and undated pledges converted
    tables: list[Table]
    rates: list[str]
    stalled_months: int = STALLED_MONTHS  # how long at a stage makes an agreement stalled

    def table(self, name: str) -> Table:
        """The table called ``name``; NotFound naming the tables there are."""
        for table in self.tables:
            if table.name == name:
                return table
        names = ", ".join(t.name for t in self.tables)
        raise NotFound(f"view {self.by!r} has no table {name!r} (it has {names})")


def check_view(by: str) -> str:
    """``by`` if it names a view; InvalidInput naming the views otherwise."""
    if by not in VIEWS:
        raise InvalidInput(f"by: {by!r} is not a tracking view: choose one of {', '.join(VIEWS)}")
    return by


def parse_day(text: str) -> date:
    """A ``YYYY-MM-DD`` day; InvalidInput naming the option otherwise."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"on: {text!r} is not a day as YYYY-MM-DD") from None


def _principal(uow: UnitOfWork, as_user: str | None) -> Principal:
    """The caller, or the account ``as_user`` when the caller (the operator) sees everything
    and asks to see what that account sees."""
    principal = caller(uow)
    if as_user is None:
        return principal
    if not principal.sees_everything:
        raise Forbidden(f"a {principal.role.value} account may not look as another account")
    return auth.principal_of(auth.get_user(uow, as_user))


def _currencies(uow: UnitOfWork) -> set[str]:
    """Every currency money is kept in (rates are read for these)."""
    found = uow.session.execute(
        union(
            select(m.OrderRow.unit_price_currency),
            select(m.PaymentRow.currency),
            select(m.FundingInstrumentRow.pledged_currency),
        )
    )
    return set(found.scalars())


VIEW_OF: dict[By, Callable[[views.Source], list[Table]]] = {
    By.FUNDER: views.by_funder,
    By.CATEGORY: views.by_category,
    By.SYSTEM: views.by_system,
    By.PRODUCER: views.by_producer,
    By.MONTH: views.by_month,
    By.SITE_COUNTRY: views.by_site_country,
}


def track(
    uow: UnitOfWork,
    by: str,
    *,
    currency: str = REPORTING,
    on: date | None = None,
    as_user: str | None = None,
    stalled_months: int = STALLED_MONTHS,
) -> View:
    """The tracking view ``by`` of what the caller may see (or, for the operator, what the
    account ``as_user`` may see), money in ``currency``; an agreement is stalled after
    ``stalled_months`` at a stage before the end."""
    principal = _principal(uow, as_user)
    check_view(by)
    check_stalled_months(stalled_months)
    currency = reporting_currency(currency)
    today = on or date.today()
    if by == By.AGREEMENT_STAGE:
        tables = views.by_stage(reading.agreements(uow, principal), today, stalled_months)
        return View(by, currency, today, tables, [], stalled_months)
    rates = read_rates(uow, _currencies(uow) | {currency})
    money = Reporting(rates, currency)
    tables = VIEW_OF[By(by)](views.Source(uow, principal, money, today))
    return View(by, currency, today, tables, money.rates_used(), stalled_months)


def _json(value: Cell) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    return value


def view_document(view: View) -> dict[str, Any]:
    """A view as JSON-ready data: money as decimal strings in ``currency``."""
    return {
        "by": view.by,
        "currency": view.currency,
        "on": view.on.isoformat(),
        "stalled_months": view.stalled_months,
        "rates": view.rates,
        "tables": [
            {
                "name": table.name,
                "columns": [{"name": c.name, "unit": c.unit} for c in table.columns],
                "rows": [{k: _json(v) for k, v in row.items()} for row in table.rows],
                "totals": None
                if table.totals is None
                else {k: _json(v) for k, v in table.totals.items()},
            }
            for table in view.tables
        ],
    }


def heading(column: Column, currency: str) -> str:
    """A column's CSV heading, with its unit: ``allocated (EUR)``, ``delivered (units)``."""
    unit = {"money": currency, "units": "units", "percent": "%", "months": "months"}
    return f"{column.name} ({unit[column.unit]})" if column.unit in unit else column.name


def view_csv(view: View, table: str) -> str:
    """One table of a view as CSV, each heading with its unit, totals last."""
    chosen = view.table(table)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([heading(c, view.currency) for c in chosen.columns])
    for row in chosen.rows:
        writer.writerow(["" if row.get(c.name) is None else row[c.name] for c in chosen.columns])
    if chosen.totals:
        first = chosen.columns[0].name
        writer.writerow(
            ["total" if c.name == first else chosen.totals.get(c.name, "") for c in chosen.columns]
        )
    return out.getvalue()
