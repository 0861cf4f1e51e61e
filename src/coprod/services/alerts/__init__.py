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
    Severity,
)
from coprod.domain.ledger import Breach
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
    stalled = reading.stalled_candidates(uow, principal, by)
    found = [
        *_judged(uow, principal, today, horizon),
        *rules.stalled_agreements(stalled, today, horizon),
    ]
    return rules.ordered(found, set(watchlist.watched(uow)))


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
    order of ``alerts``, with the counts per kind of all of them. The stalled agreements
    (thousands in a large registry) are counted and cut by the database, never all built."""
    principal = caller(uow)
    HORIZON.check(horizon, "months")
    PAGING.check(limit, "limit")
    POSITION.check(offset, "offset")
    watched = set(watchlist.watched(uow))
    followed = {key for plural, key in watched if plural == "agreements"}
    by = tracking.stalled_by(today, horizon)
    stalled = reading.stalled_candidates(uow, principal, by, keys=followed) if followed else []
    head = rules.ordered(
        [
            *_judged(uow, principal, today, horizon),
            *rules.stalled_agreements(stalled, today, horizon),
        ],
        watched,
    )
    rest = reading.stalled_count(uow, principal, by, skip=followed)
    counts = {k: sum(1 for a in head if a.kind is k) for k in AlertKind}
    counts[AlertKind.AGREEMENT_STALLED] += rest
    if any(not a.watched and a.severity is Severity.LOW for a in head):
        # Another low alert would sort among the stalled ones: build them all (never so far).
        return _cut(alerts(uow, today=today, horizon=horizon), counts, kind, offset, limit)
    if kind is not None:
        head = [a for a in head if a.kind is kind]
    lazy = rest if kind in (None, AlertKind.AGREEMENT_STALLED) else 0
    shown = head[offset : offset + limit]
    wanted, start = limit - len(shown), max(offset - len(head), 0)
    if wanted > 0 and start < lazy:
        window = (start, wanted)
        later = reading.stalled_candidates(uow, principal, by, skip=followed, window=window)
        shown += rules.stalled_agreements(later, today, horizon)
    return AlertPage(shown, counts, len(head) + lazy, offset, limit)


def _cut(
    found: list[Alert],
    counts: dict[AlertKind, int],
    kind: AlertKind | None,
    offset: int,
    limit: int,
) -> AlertPage:
    """A page of alerts already built and ordered."""
    chosen = found if kind is None else [a for a in found if a.kind is kind]
    return AlertPage(chosen[offset : offset + limit], counts, len(chosen), offset, limit)


def _judged(uow: UnitOfWork, principal: Principal, today: date, horizon: int) -> list[Alert]:
    """The alerts judged in Python over what the database summed: deliveries overdue, needs
    past due, windows closing, ledger breaches (the stalled agreements apart)."""
    now = months.of(today)
    last = months.shift(now, horizon - 1)
    return [
        *rules.overdue_orders(reading.late_candidates(uow, principal, now), today),
        *rules.past_due_needs(reading.needs_due_before(uow, principal, now), today),
        *rules.closing_windows(reading.windows_ending(uow, principal, now, last), today, horizon),
        *rules.breaches(_visible_breaches(uow, principal)),
    ]


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
    ``today`` with the counts per kind, in one unit of work."""
    return overview(uow, currency), page(uow, today=today, limit=DASHBOARD)


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
