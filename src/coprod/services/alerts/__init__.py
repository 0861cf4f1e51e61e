"""Alerts over what the caller may see (``domain/alerts.py`` defines each kind).

The figures are the ledger's (``domain/ledger``: delivered per order and per need, allocated
per instrument), read from the caller's scoped unit of work, so an alert never names or counts
a record the caller may not see. Ledger rule breaches are the stored ones
(``services/ledger/breaches.py``: what the last full verify found, every organisation's
records weighed, less what writes through the use cases fixed since; nothing is verified
here), kept only where the caller sees the record they name, with the rule's words and never
the figures of others. The records the caller follows (``watchlist``) come first. "Today" is
the caller's: a parameter, so tests fix the clock.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from coprod.db.uow import UnitOfWork
from coprod.domain import alerts as rules
from coprod.domain import kinds, months, tracking
from coprod.domain.alerts import (
    DEFAULT_HORIZON,
    HORIZON,
    PAGING,
    POSITION,
    Alert,
    AlertKind,
    NeedProgress,
)
from coprod.domain.ledger import Breach, NeedFigures
from coprod.services.accounts.access import Principal, caller
from coprod.services.alerts import reading, watchlist
from coprod.services.ledger import breaches
from coprod.services.registry.summary import Overview, overview

DASHBOARD = 15  # the alerts the dashboard lists (the counts per kind cover all of them)
PAGE = 50  # the alerts a page of the "all alerts" list shows


@dataclass(frozen=True)
class AlertPage:
    """Part of the caller's alerts, in their order, with how many there are of each kind."""

    alerts: list[Alert]
    counts: dict[AlertKind, int]  # every alert of the caller per kind (kinds with none: 0)
    total: int  # the alerts of the kind asked (of every kind when none was)
    offset: int
    limit: int

    @property
    def everything(self) -> int:
        """How many alerts the caller has, of every kind."""
        return sum(self.counts.values())


def alerts(uow: UnitOfWork, *, today: date, horizon: int = DEFAULT_HORIZON) -> list[Alert]:
    """Every alert on what the caller may see on ``today``, the watched records' first;
    ``horizon`` months: how soon a window's end counts as close, how long a stalled step."""
    principal = caller(uow)
    HORIZON.check(horizon, "months")
    by = tracking.stalled_by(today, horizon)
    found = [
        *rules.overdue_orders(reading.overdue_orders(uow, principal, today), today),
        *rules.past_due_needs(reading.past_due_needs(uow, principal, today), today),
        *_closing(uow, principal, today, horizon),
        *rules.stalled_agreements(reading.stalled_candidates(uow, principal, by), today, horizon),
        *rules.breaches(_visible_breaches(uow, principal)),
    ]
    return rules.ordered(found, set(watchlist.watched(uow)))


@dataclass(frozen=True)
class _Asked:
    """What a page asks of each kind of alert: the caller, the day, the horizon and the
    records it follows."""

    uow: UnitOfWork
    principal: Principal
    today: date
    horizon: int
    watched: set[tuple[str, str]]
    needs: list[NeedFigures] | None = None  # the ledger's, when the caller summed them already

    def followed(self, plural: str) -> set[str]:
        """The keys of the records of kind ``plural`` the caller follows."""
        return {key for record, key in self.watched if record == plural}


# Each kind's count and, of its alerts, those on followed records and the first ``reach``
# of the others in ``rules.ordered``'s order (the database counts and cuts the thousands).
Part = tuple[int, list[Alert]]


def _overdue_part(asked: _Asked, reach: int) -> Part:
    uow, principal, today = asked.uow, asked.principal, asked.today
    count = reading.overdue_count(uow, principal, today)
    if not count or not reach:
        return count, []
    first = reading.overdue_orders(uow, principal, today, first=reach)
    return count, rules.overdue_orders(first, today)


def _past_due_part(asked: _Asked, reach: int) -> Part:
    uow, principal, today = asked.uow, asked.principal, asked.today
    if asked.needs is not None:
        # The ledger's figures per need, summed once for the dashboard's charts: the rules
        # judge each need (a few thousand at most) rather than querying them again.
        found = rules.past_due_needs(map(NeedProgress.of, asked.needs), today)
        return len(found), found if reach else []
    count = reading.past_due_count(uow, principal, today)
    if not count or not reach:
        return count, []
    followed = asked.followed("needs")
    needs = reading.past_due_needs(uow, principal, today, keys=followed) if followed else []
    needs += reading.past_due_needs(uow, principal, today, skip=followed, first=reach)
    return count, rules.past_due_needs(needs, today)


def _closing_part(asked: _Asked, reach: int) -> Part:
    found = _closing(asked.uow, asked.principal, asked.today, asked.horizon)
    return len(found), found if reach else []


def _stalled_part(asked: _Asked, reach: int) -> Part:
    uow, principal, today = asked.uow, asked.principal, asked.today
    by = tracking.stalled_by(today, asked.horizon)
    count = reading.stalled_count(uow, principal, by)
    if not count or not reach:
        return count, []
    followed = asked.followed("agreements")
    steps = reading.stalled_candidates(uow, principal, by, keys=followed) if followed else []
    window = (0, reach)
    steps += reading.stalled_candidates(uow, principal, by, skip=followed, window=window)
    return count, rules.stalled_agreements(steps, today, asked.horizon)


def _breach_part(asked: _Asked, reach: int) -> Part:
    found = rules.breaches(_visible_breaches(asked.uow, asked.principal))
    return len(found), found if reach else []


PARTS = {
    AlertKind.DELIVERY_OVERDUE: _overdue_part,
    AlertKind.NEED_PAST_DUE: _past_due_part,
    AlertKind.WINDOW_CLOSING: _closing_part,
    AlertKind.AGREEMENT_STALLED: _stalled_part,
    AlertKind.LEDGER_BREACH: _breach_part,
}


def page(
    uow: UnitOfWork,
    *,
    today: date,
    horizon: int = DEFAULT_HORIZON,
    kind: AlertKind | None = None,
    offset: int = 0,
    limit: int = PAGE,
) -> AlertPage:
    """``limit`` of the caller's alerts (of ``kind`` only, if given) from ``offset``, in the
    order of ``alerts``, with the counts per kind of all of them. The database counts each
    kind and gives only its first ``offset + limit`` (the order's own: followed records,
    then severity, oldest, key), so thousands of overdue orders, needs past due and stalled
    agreements are counted, never all built; the first of each kind merged in that order
    are the first of all."""
    principal = caller(uow)
    HORIZON.check(horizon, "months")
    PAGING.check(limit, "limit")
    POSITION.check(offset, "offset")
    asked = _Asked(uow, principal, today, horizon, set(watchlist.watched(uow)))
    return _page(asked, kind, offset, limit)


def _page(asked: _Asked, kind: AlertKind | None, offset: int, limit: int) -> AlertPage:
    counts: dict[AlertKind, int] = {}
    found: list[Alert] = []
    for each, part in PARTS.items():
        reach = offset + limit if kind in (None, each) else 0
        counts[each], first = part(asked, reach)
        found += first
    shown = rules.ordered(found, asked.watched)[offset : offset + limit]
    total = sum(counts.values()) if kind is None else counts[kind]
    return AlertPage(shown, counts, total, offset, limit)


def _closing(uow: UnitOfWork, principal: Principal, today: date, horizon: int) -> list[Alert]:
    """The funding windows closing within ``horizon`` months with money unallocated (few:
    one per instrument at most, judged in Python)."""
    now = months.of(today)
    last = months.shift(now, horizon - 1)
    found = reading.windows_ending(uow, principal, now, last)
    return rules.closing_windows(found, today, horizon)


def _visible_breaches(
    uow: UnitOfWork, principal: Principal
) -> list[tuple[str, str, Breach, str | None]]:
    """The stored ledger breaches (``services/ledger/breaches.py``: what the last full verify
    found, less what writes fixed since) on records the caller may see: (plural, key,
    breach, the day it was found). One naming no single record is the operator's alone."""
    named: list[tuple[str, str, Breach, str | None]] = []
    for found in breaches.stored(uow):
        since = found.found_on.isoformat()
        if found.kind in kinds.BY_PLURAL:
            named.append((found.kind, found.key, found.breach, since))
        elif principal.sees_everything:
            named.append((found.breach.record, "", found.breach, since))
    if principal.sees_everything:
        return named
    keys: dict[str, set[str]] = defaultdict(set)
    for plural, key, _, _ in named:
        keys[plural].add(key)
    seen = {
        (plural, e.key)
        for plural, wanted in keys.items()
        for e in uow.records(kinds.BY_PLURAL[plural]).list_in("key", wanted)
    }
    return [n for n in named if (n[0], n[1]) in seen]


def dashboard(uow: UnitOfWork, *, today: date, currency: str = "EUR") -> tuple[Overview, AlertPage]:
    """What the caller's dashboard draws (money in ``currency``) and its first alerts on
    ``today`` with the counts per kind, in one unit of work: the needs past due judged on
    the ledger's figures the charts read (the same sums ``reading.past_due_needs`` makes)."""
    principal = caller(uow)
    view = overview(uow, currency)
    watched = set(watchlist.watched(uow))
    asked = _Asked(uow, principal, today, DEFAULT_HORIZON, watched, view.ledger.needs)
    return view, _page(asked, None, 0, DASHBOARD)


def document(found: list[Alert]) -> list[dict[str, object]]:
    """The alerts as JSON-ready data."""
    return [
        {
            "kind": a.kind.value,
            "record": a.record,
            "key": a.key,
            "severity": a.severity.value,
            "since": a.since,
            "why": a.why,
            "watched": a.watched,
            "details": dict(a.details),
        }
        for a in found
    ]
