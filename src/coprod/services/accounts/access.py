"""Who may see and change what: the one place the platform decides access.

Reads are scoped in the database query itself (``scope``): a record outside a caller's scope is
never loaded, so it cannot leak through a list, a count, a sort, a filter, an aggregate or an
export, and asking for it by key answers NotFound exactly like a missing record. Writes are
allowed per role and entity (``require_write``) and must leave the record inside the caller's
scope, checked by the repository after the change and before the commit.

| role          | sees                                                                    |
|---------------|-------------------------------------------------------------------------|
| ministry      | everything                                                              |
| admin         | everything; manages accounts                                            |
| funder        | public records; its instruments, the orders they pay, their lines and    |
|               | deliveries; needs; agreements it (or its state) is party to              |
| manufacturer  | public records; its own lines, their orders and deliveries (never a      |
|               | competitor's price); instruments paying its orders; needs; agreements it |
|               | is party to                                                             |
| analyst       | public records only                                                     |

Production reports follow their line (a manufacturer's own; a funder sees those on the orders
it pays); payments follow their instrument (a funder's own; a manufacturer sees those on its
orders).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import ColumnElement, Select, and_, exists, false, or_, select, true

from coprod.db import models as m
from coprod.db.repositories import mapping_of
from coprod.domain import kinds
from coprod.domain.enums import AccountRole, OrganisationKind, Visibility
from coprod.domain.kinds import Audience, Kind
from coprod.errors import Forbidden

EVERYTHING = kinds.STEWARDS
STATE_KINDS = (OrganisationKind.GOVERNMENT_BODY, OrganisationKind.ARMED_FORCES)


@dataclass(frozen=True)
class Principal:
    """The caller: a user key, a role and the account organisation (a registry key)."""

    user: str
    role: AccountRole
    organisation: str
    public: bool = False  # nobody logged in: only the records marked public (``PUBLIC``)

    @property
    def sees_everything(self) -> bool:
        """Ministry and admin accounts see every record."""
        return self.role in EVERYTHING

    def scope(self, kind: Kind[Any]) -> ColumnElement[bool] | None:
        """The condition a row of ``kind`` must meet to be visible; None: no condition."""
        return visible_rows(self, kind)

    def check_write(self, kind: Kind[Any]) -> None:
        """Forbidden unless this role may create, change and delete records of ``kind``."""
        require_write(self, kind)


SYSTEM = Principal(user="system", role=AccountRole.ADMIN, organisation="")
"""The local operator (the CLI, the demo loader, migrations): system callers say so."""
PUBLIC = Principal(user="public", role=AccountRole.ANALYST, organisation="", public=True)
"""A reader without an account (``/public``): sees the records marked public, changes nothing."""


class Carries(Protocol):
    """A unit of work (or the units of work of a long use case): it carries its caller."""

    @property
    def access(self) -> object: ...


def caller(work: Carries) -> Principal:
    """The principal ``work`` carries; Forbidden when it carries none: nobody is trusted by
    default, system callers pass ``SYSTEM``."""
    principal = work.access
    if not isinstance(principal, Principal):
        raise Forbidden("no caller: a use case runs for an account (system callers: SYSTEM)")
    return principal


def _own_production_line_ids(org: str) -> ColumnElement[bool]:
    own_org = select(m.OrganisationRow.id).where(m.OrganisationRow.key == org)
    return m.ProductionLineRow.organisation_id.in_(own_org)


def _state_of(org: str) -> Select[tuple[str | None]]:
    # A state's ministry speaks for its state: party to what its country signs and funds.
    return select(m.OrganisationRow.country).where(
        m.OrganisationRow.key == org, m.OrganisationRow.kind.in_([k.value for k in STATE_KINDS])
    )


def _own_funding_instrument_ids(org: str) -> ColumnElement[bool]:
    funder = m.FundingInstrumentRow.funder
    return or_(funder == org, funder.in_(_state_of(org)))


def _orders_of(principal: Principal) -> ColumnElement[bool]:
    if principal.role is AccountRole.MANUFACTURER:
        lines = select(m.ProductionLineRow.id).where(
            _own_production_line_ids(principal.organisation)
        )
        return m.OrderRow.production_line_id.in_(lines)
    if principal.role is AccountRole.FUNDER:
        paid = select(m.FundingInstrumentRow.id).where(
            _own_funding_instrument_ids(principal.organisation)
        )
        return m.OrderRow.instrument_id.in_(paid)
    return false()


def _party_keys(org: str) -> list[ColumnElement[bool]]:
    return [m.AgreementPartyRow.party == org, m.AgreementPartyRow.party.in_(_state_of(org))]


def _agreements(principal: Principal) -> ColumnElement[bool]:
    public = m.AgreementRow.visibility == Visibility.PUBLIC.value
    if principal.role is AccountRole.ANALYST:
        return public
    party = exists().where(
        m.AgreementPartyRow.agreement_id == m.AgreementRow.id,
        or_(*_party_keys(principal.organisation)),
    )
    return or_(public, party)


def sees_agreement(
    principal: Principal, visibility: str, parties: Collection[str], state: str | None
) -> bool:
    """``_agreements``'s rule on an agreement's fields as the audit trail holds them (its
    ``visibility`` and ``parties``; ``state``: the country the caller's organisation speaks
    for, if any): the change feed judges with it whether the caller saw the agreement right
    after a change. ``tests/api/test_changes_feed.py`` holds it to the query."""
    if principal.public:
        return False  # the public's sight is the marks' (``published``)
    if principal.sees_everything or visibility == Visibility.PUBLIC.value:
        return True
    if principal.role is AccountRole.ANALYST:
        return False
    return principal.organisation in parties or (state is not None and state in parties)


def state_of(org: str) -> Select[tuple[str | None]]:
    """The country whose state the organisation ``org`` speaks for (a government body or the
    armed forces), as a query; no row otherwise."""
    return _state_of(org)


def _production_lines(principal: Principal) -> ColumnElement[bool]:
    if principal.role is AccountRole.MANUFACTURER:
        return _own_production_line_ids(principal.organisation)
    if principal.role is AccountRole.FUNDER:
        funded = select(m.OrderRow.production_line_id).where(_orders_of(principal))
        return m.ProductionLineRow.id.in_(funded)
    return false()


def _funding_instruments(principal: Principal) -> ColumnElement[bool]:
    if principal.role is AccountRole.FUNDER:
        return _own_funding_instrument_ids(principal.organisation)
    if principal.role is AccountRole.MANUFACTURER:
        paying = select(m.OrderRow.instrument_id).where(_orders_of(principal))
        return m.FundingInstrumentRow.id.in_(paying)
    return false()


def _deliveries(principal: Principal) -> ColumnElement[bool]:
    return m.DeliveryRow.order_id.in_(select(m.OrderRow.id).where(_orders_of(principal)))


def _production_reports(principal: Principal) -> ColumnElement[bool]:
    # A manufacturer's reports on its own lines; a funder's view: those on the orders it pays.
    if principal.role is AccountRole.MANUFACTURER:
        return m.ProductionReportRow.production_line_id.in_(
            select(m.ProductionLineRow.id).where(_own_production_line_ids(principal.organisation))
        )
    return m.ProductionReportRow.order_id.in_(select(m.OrderRow.id).where(_orders_of(principal)))


def _payments(principal: Principal) -> ColumnElement[bool]:
    # A funder's payments by its own instruments; a manufacturer's view: those on its orders.
    if principal.role is AccountRole.FUNDER:
        own = select(m.FundingInstrumentRow.id).where(
            _own_funding_instrument_ids(principal.organisation)
        )
        return m.PaymentRow.instrument_id.in_(own)
    return m.PaymentRow.order_id.in_(select(m.OrderRow.id).where(_orders_of(principal)))


# Who sees what is the kinds table's (``Kind.seen_by``); how each kind's audience becomes a
# query is written here, per kind where the rows differ (``tests/unit/test_kinds.py``: a rule
# for every kind of each audience).
THROUGH_PARTIES: dict[Kind[Any], Callable[[Principal], ColumnElement[bool]]] = {
    kinds.AGREEMENT: _agreements,
}
THROUGH_ORDERS: dict[Kind[Any], Callable[[Principal], ColumnElement[bool]]] = {
    kinds.PRODUCTION_LINE: _production_lines,
    kinds.FUNDING_INSTRUMENT: _funding_instruments,
    kinds.ORDER: _orders_of,
    kinds.DELIVERY: _deliveries,
    kinds.PRODUCTION_REPORT: _production_reports,
    kinds.PAYMENT: _payments,
}


def _audience_rule(principal: Principal, kind: Kind[Any]) -> ColumnElement[bool]:
    if kind.seen_by is Audience.PARTIES:
        return THROUGH_PARTIES[kind](principal)
    if kind.seen_by is Audience.NOT_ANALYSTS:
        return true() if principal.role is not AccountRole.ANALYST else false()
    return THROUGH_ORDERS[kind](principal)


def visible_rows(principal: Principal, kind: Kind[Any]) -> ColumnElement[bool] | None:
    """The SQL condition for the rows of ``kind`` that ``principal`` may see (the kind's
    audience: ``domain/kinds.py``)."""
    if principal.public:
        return published(kind)
    if principal.sees_everything or kind.seen_by is Audience.EVERYONE:
        return None
    return and_(_audience_rule(principal, kind))


def published(kind: Kind[Any]) -> ColumnElement[bool]:
    """The SQL condition for the rows of ``kind`` marked public."""
    row = mapping_of(kind).model
    marker = m.PublicRecordRow
    return exists().where(marker.kind == kind.plural, marker.record_key == row.key)


def may_write(principal: Principal, kind: Kind[Any]) -> bool:
    """Whether ``principal``'s role may create, change or delete records of ``kind``."""
    return kind.may_change(principal.role)


def require_write(principal: Principal, kind: Kind[Any]) -> None:
    """Forbidden unless the role may change records of ``kind``."""
    if not may_write(principal, kind):
        raise Forbidden(
            f"a {principal.role.value} account may not change {kind.label}s",
            code="role.may_not_change",
            params={"role": principal.role.value, "kind": kind.plural},
        )


def require_role(principal: Principal, roles: frozenset[AccountRole], what: str) -> None:
    """NotFound-free role gate for whole features (planner, review, audit, accounts)."""
    if principal.role not in roles:
        raise Forbidden(f"a {principal.role.value} account may not {what}")


def require_audit_reader(principal: Principal) -> None:
    """Only ministry and admin accounts read the audit trail."""
    require_role(principal, EVERYTHING, "read the audit trail")


def require_planner(principal: Principal) -> None:
    """Plans weigh every line's cost: only ministry and admin accounts run and read them."""
    require_role(principal, EVERYTHING, "run or read plans")


def require_reviewer(principal: Principal) -> None:
    """Fact review changes the registry for everyone: ministry and admin only."""
    require_role(principal, EVERYTHING, "review extracted facts")
