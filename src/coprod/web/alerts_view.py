"""Alerts written for the reader: each kind's reason in the reader's language, from the
alert's details (``domain/alerts.py``), with months, dates, units and money the reader's way."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from coprod.domain.alerts import Alert, AlertKind, Severity
from coprod.domain.enums import AgreementStatus
from coprod.errors import InvalidInput
from coprod.services.alerts import AlertPage
from coprod.web import formatting as fmt
from coprod.web.labels import N_, NC_, enum_label
from coprod.web.locales import Reader

KIND_LABELS = {
    AlertKind.DELIVERY_OVERDUE: N_("Delivery overdue"),
    AlertKind.NEED_PAST_DUE: N_("Need past due"),
    AlertKind.WINDOW_CLOSING: N_("Funding window closing"),
    AlertKind.AGREEMENT_STALLED: N_("Agreement stalled"),
    AlertKind.LEDGER_BREACH: N_("Ledger rule broken"),
}
SEVERITY_LABELS = {
    Severity.HIGH: NC_("Severity", "high"),
    Severity.MEDIUM: NC_("Severity", "medium"),
    Severity.LOW: NC_("Severity", "low"),
}
REASONS = {
    AlertKind.DELIVERY_OVERDUE: N_(
        "expected by %(expected)s; %(delivered)s of %(ordered)s units delivered"
    ),
    AlertKind.NEED_PAST_DUE: N_(
        "due %(due)s; %(delivered)s of %(needed)s units delivered, %(ordered)s ordered"
    ),
    AlertKind.WINDOW_CLOSING: N_(
        "the funding window closes at the end of %(last_month)s; %(unallocated)s not allocated"
    ),
    AlertKind.AGREEMENT_STALLED: N_("%(status)s since %(since)s, with no next step"),
    AlertKind.LEDGER_BREACH: N_("%(detail)s (rule: %(rule)s; field %(field)s)"),
}


@dataclass(frozen=True)
class AlertRow:
    """One alert as a page shows it."""

    severity: str  # the value, for styling
    severity_label: str
    kind_label: str
    record: str
    key: str
    href: str | None
    since: str
    why: str
    watched: bool


def _values(alert: Alert, reader: Reader) -> dict[str, str]:
    """The alert's details written the reader's way."""
    locale = reader.locale
    shown: dict[str, str] = {}
    for name, value in alert.details.items():
        if isinstance(value, int):
            shown[name] = fmt.units(value, locale)
        elif name in ("expected", "due", "last_month"):
            shown[name] = fmt.month(value, locale)
        elif name == "since":
            shown[name] = fmt.day(value, locale)
        else:
            shown[name] = value
    if alert.kind is AlertKind.WINDOW_CLOSING:
        amount, currency = str(alert.details["unallocated"]), str(alert.details["currency"])
        shown["unallocated"] = fmt.money(amount, currency, locale)
    if alert.kind is AlertKind.AGREEMENT_STALLED:
        shown["status"] = enum_label(AgreementStatus, str(alert.details["status"]), reader)
    return shown


def _since(value: str | None, reader: Reader) -> str:
    if value is None:
        return ""
    return fmt.month(value, reader.locale) if len(value) == 7 else fmt.day(value, reader.locale)


def rows(
    found: list[Alert], reader: Reader, href: Callable[[str, str], str | None]
) -> list[AlertRow]:
    """The alerts as the page's rows; ``href(plural, key)``: the link to the record, if any."""
    context, _ = SEVERITY_LABELS[Severity.HIGH]
    return [
        AlertRow(
            severity=a.severity.value,
            severity_label=reader.pgettext(context, SEVERITY_LABELS[a.severity][1]),
            kind_label=reader.gettext(KIND_LABELS[a.kind]),
            record=a.record,
            key=a.key,
            href=href(a.record, a.key) if a.key else None,
            since=_since(a.since, reader),
            why=reader.gettext(REASONS[a.kind]) % _values(a, reader),
            watched=a.watched,
        )
        for a in found
    ]


@dataclass(frozen=True)
class KindCount:
    """How many alerts of one kind the caller has, as the filter links show it."""

    kind: str  # the value, for the address (``/alerts?kind=…``)
    label: str
    count: int


def counts(found: AlertPage, reader: Reader) -> list[KindCount]:
    """The kinds of alert the caller has, each with its count, in the order of ``AlertKind``."""
    return [
        KindCount(kind.value, reader.gettext(KIND_LABELS[kind]), n)
        for kind, n in found.counts.items()
        if n
    ]


def chosen_kind(value: str | None) -> AlertKind | None:
    """The kind of alert an address asks for (none: every kind); InvalidInput otherwise."""
    if not value:
        return None
    try:
        return AlertKind(value)
    except ValueError:
        known = ", ".join(kind.value for kind in AlertKind)
        raise InvalidInput(f"kind: {value!r} is not a kind of alert ({known})") from None
