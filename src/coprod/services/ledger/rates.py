"""Dated exchange rates in the registry: read them for a conversion, and import the ECB's
reference-rate CSV (``coprod rates import FILE.csv``): a ``Date`` column and one column per
currency code, one euro in each currency per row. A bad row refuses the whole file (line and
column named); nothing is stored then."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from sqlalchemy import select

from coprod.db import models as m
from coprod.db.uow import UnitOfWork, UnitsOfWork
from coprod.domain.bounds import check_date
from coprod.domain.rates import BASE, ExchangeRate, Rates
from coprod.errors import InvalidInput
from coprod.services.accounts.access import EVERYTHING, Principal, require_role

CURRENCY = re.compile(r"[A-Z]{3}")
PLACES = 6  # what the store keeps (ExactDecimal(20, 6))
MISSING = frozenset({"", "N/A", "-"})  # the ECB leaves a currency not quoted that day so
MAX_RATE = Decimal(10**12)


def read_rates(uow: UnitOfWork, currencies: Iterable[str]) -> Rates:
    """The stored rates of ``currencies`` (the euro needs none)."""
    wanted = sorted(set(currencies) - {BASE})
    if not wanted:
        return Rates()
    rows = uow.session.execute(
        select(m.ExchangeRateRow.currency, m.ExchangeRateRow.on, m.ExchangeRateRow.per_euro).where(
            m.ExchangeRateRow.currency.in_(wanted)
        )
    )
    return Rates(ExchangeRate(c, on, rate) for c, on, rate in rows)


def rate_key(rate: ExchangeRate) -> str:
    """The key of a stored rate: ``USD-2026-03-02``."""
    return f"{rate.currency}-{rate.on.isoformat()}"


@dataclass(frozen=True)
class RatesImported:
    """What an import did: rates added, changed, and already stored as they are."""

    added: int
    changed: int
    unchanged: int
    currencies: tuple[str, ...]
    first: date | None
    last: date | None


def parse_rates(text: str, name: str) -> list[ExchangeRate]:
    """The rates of an ECB reference-rate CSV; InvalidInput naming the file, line and column
    of the first bad cell."""
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None:
        raise InvalidInput(f"{name}: the file is empty (expected a header: Date,USD,GBP,…)")
    columns = [c.strip() for c in header]
    if not columns or columns[0] != "Date":
        raise InvalidInput(f"{name}: line 1: the first column must be 'Date', not {columns[0]!r}")
    currencies = _currencies(columns, name)
    found: list[ExchangeRate] = []
    for line, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(columns) and any(c.strip() for c in row[len(columns) :]):
            raise InvalidInput(f"{name}: line {line}: more cells than the header names")
        on = _date(row[0].strip(), name, line)
        for index, currency in currencies:
            cell = row[index].strip() if index < len(row) else ""
            if cell not in MISSING:
                found.append(ExchangeRate(currency, on, _rate(cell, name, line, currency)))
    if not found:
        raise InvalidInput(f"{name}: no rate in the file")
    return found


def _currencies(columns: list[str], name: str) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    seen: set[str] = set()
    for index, column in enumerate(columns[1:], start=1):
        if column == "":
            continue  # the ECB's files end each line with a comma
        if not CURRENCY.fullmatch(column) or column == BASE:
            raise InvalidInput(
                f"{name}: line 1, column {index + 1}: {column!r} is not a currency code "
                "(three capital letters, other than EUR, the base)"
            )
        if column in seen:
            raise InvalidInput(f"{name}: line 1, column {index + 1}: {column} appears twice")
        seen.add(column)
        found.append((index, column))
    if not found:
        raise InvalidInput(f"{name}: line 1: no currency column after 'Date'")
    return found


def _date(cell: str, name: str, line: int) -> date:
    try:
        on = date.fromisoformat(cell)
        check_date(on, field="Date")
    except (ValueError, InvalidInput) as exc:
        reason = exc.message if isinstance(exc, InvalidInput) else "write it YYYY-MM-DD"
        raise InvalidInput(
            f"{name}: line {line}, column Date: {cell!r} is not a date ({reason})"
        ) from None
    return on


def _rate(cell: str, name: str, line: int, currency: str) -> Decimal:
    where = f"{name}: line {line}, column {currency}"
    try:
        rate = Decimal(cell)
    except InvalidOperation:
        raise InvalidInput(f"{where}: {cell!r} is not a number") from None
    if not rate.is_finite() or rate <= 0 or rate >= MAX_RATE:
        raise InvalidInput(f"{where}: a rate must be a positive number, not {cell!r}")
    exponent = rate.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > PLACES:
        raise InvalidInput(f"{where}: {cell!r} has more than {PLACES} decimal places")
    return rate


def import_rates(uow: UnitOfWork, principal: Principal, text: str, name: str) -> RatesImported:
    """Store the rates of an ECB CSV (ministry, admin or the operator); a rate already stored
    for a currency and date is replaced by the file's. The caller commits."""
    require_role(principal, EVERYTHING, "import exchange rates")
    rates = parse_rates(text, name)
    seen: dict[str, ExchangeRate] = {}
    for rate in rates:
        key = rate_key(rate)
        if key in seen:
            raise InvalidInput(f"{name}: {rate.currency} on {rate.on} appears twice")
        seen[key] = rate
    stored = {
        row.key: row
        for chunk in _chunks(sorted(seen))
        for row in uow.session.scalars(
            select(m.ExchangeRateRow).where(m.ExchangeRateRow.key.in_(chunk))
        )
    }
    added = changed = 0
    for key, rate in seen.items():
        row = stored.get(key)
        if row is None:
            uow.session.add(
                m.ExchangeRateRow(
                    key=key, version=1, currency=rate.currency, on=rate.on, per_euro=rate.per_euro
                )
            )
            added += 1
        elif row.per_euro != rate.per_euro:
            row.per_euro, row.version = rate.per_euro, row.version + 1
            changed += 1
    uow.session.flush()
    dates = [r.on for r in rates]
    return RatesImported(
        added,
        changed,
        len(seen) - added - changed,
        tuple(sorted({r.currency for r in rates})),
        min(dates),
        max(dates),
    )


def _chunks(keys: list[str], size: int = 500) -> Iterable[list[str]]:
    for i in range(0, len(keys), size):
        yield keys[i : i + size]


def list_rates(uow: UnitOfWork, currency: str | None = None) -> list[ExchangeRate]:
    """The stored rates, by currency and date (every account may read them: public figures)."""
    stmt = select(m.ExchangeRateRow).order_by(m.ExchangeRateRow.currency, m.ExchangeRateRow.on)
    if currency is not None:
        stmt = stmt.where(m.ExchangeRateRow.currency == currency)
    return [ExchangeRate(r.currency, r.on, r.per_euro) for r in uow.session.scalars(stmt)]


def import_rates_file(
    units: UnitsOfWork, principal: Principal, text: str, name: str
) -> RatesImported:
    """Import an ECB CSV in one transaction of its own: the file is read and checked whole
    before the store is opened; a bad row stores nothing."""
    require_role(principal, EVERYTHING, "import exchange rates")
    parse_rates(text, name)  # every cell checked with no transaction open
    with units.writing() as uow:
        imported = import_rates(uow, principal, text, name)
        uow.commit()
    return imported


def stored_rates(units: UnitsOfWork, currency: str | None = None) -> list[ExchangeRate]:
    """The stored rates (of ``currency``), read in a unit of work of their own."""
    with units.reading() as uow:
        return list_rates(uow, currency)
