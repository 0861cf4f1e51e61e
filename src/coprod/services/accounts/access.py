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
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, and_, exists, false, or_, select, true

from coprod.db import models as m
from coprod.domain.enums import AccountRole, OrganisationKind, Visibility
from coprod.errors import Forbidden

# Public reference records: everyone with an account sees them.
PUBLIC_MODELS: frozenset[type[m.Entity]] = frozenset(
    {
        m.SourceDocumentRow,
        m.OrganisationRow,
        m.PersonRow,
        m.SystemRow,
        m.EventRow,
        m.InnovationProjectRow,
    }
)
EVERYTHING = frozenset({AccountRole.MINISTRY, AccountRole.ADMIN})
STATE_KINDS = (OrganisationKind.GOVERNMENT_BODY, OrganisationKind.ARMED_FORCES)

# What each role may create, change and delete (always within its scope).
WRITABLE: dict[AccountRole, frozenset[type[m.Entity]]] = {
    AccountRole.FUNDER: frozenset({m.FundingInstrumentRow}),
    AccountRole.MANUFACTURER: frozenset({m.ProductionLineRow, m.OrderRow, m.DeliveryRow}),
    AccountRole.ANALYST: frozenset(),
}


@dataclass(frozen=True)
class Principal:
    """The caller: a user key, a role and the account organisation (a registry key)."""

    user: str
    role: AccountRole
    organisation: str

    @property
    def sees_everything(self) -> bool:
        """Ministry and admin accounts see every record."""
        return self.role in EVERYTHING

    def scope(self, model: type[m.Entity]) -> ColumnElement[bool] | None:
        """The condition a row of ``model`` must meet to be visible; None: no condition."""
        return visible_rows(self, model)

    def check_write(self, model: type[m.Entity], what: str) -> None:
        """Forbidden unless this role may create, change and delete ``what`` records."""
        require_write(self, model, what)


SYSTEM = Principal(user="system", role=AccountRole.ADMIN, organisation="")


def _own_line_ids(org: str) -> ColumnElement[bool]:
    own_org = select(m.OrganisationRow.id).where(m.OrganisationRow.key == org)
    return m.ProductionLineRow.organisation_id.in_(own_org)


def _state_of(org: str) -> Select[tuple[str | None]]:
    # A state's ministry speaks for its state: party to what its country signs and funds.
    return select(m.OrganisationRow.country).where(
        m.OrganisationRow.key == org, m.OrganisationRow.kind.in_([k.value for k in STATE_KINDS])
    )


def _own_instrument_ids(org: str) -> ColumnElement[bool]:
    funder = m.FundingInstrumentRow.funder
    return or_(funder == org, funder.in_(_state_of(org)))


def _orders_of(principal: Principal) -> ColumnElement[bool]:
    if principal.role is AccountRole.MANUFACTURER:
        lines = select(m.ProductionLineRow.id).where(_own_line_ids(principal.organisation))
        return m.OrderRow.production_line_id.in_(lines)
    if principal.role is AccountRole.FUNDER:
        paid = select(m.FundingInstrumentRow.id).where(_own_instrument_ids(principal.organisation))
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


def _lines(principal: Principal) -> ColumnElement[bool]:
    if principal.role is AccountRole.MANUFACTURER:
        return _own_line_ids(principal.organisation)
    if principal.role is AccountRole.FUNDER:
        funded = select(m.OrderRow.production_line_id).where(_orders_of(principal))
        return m.ProductionLineRow.id.in_(funded)
    return false()


def _instruments(principal: Principal) -> ColumnElement[bool]:
    if principal.role is AccountRole.FUNDER:
        return _own_instrument_ids(principal.organisation)
    if principal.role is AccountRole.MANUFACTURER:
        paying = select(m.OrderRow.instrument_id).where(_orders_of(principal))
        return m.FundingInstrumentRow.id.in_(paying)
    return false()


def _deliveries(principal: Principal) -> ColumnElement[bool]:
    return m.DeliveryRow.order_id.in_(select(m.OrderRow.id).where(_orders_of(principal)))


def _needs(principal: Principal) -> ColumnElement[bool]:
    return true() if principal.role is not AccountRole.ANALYST else false()


SCOPES: dict[type[m.Entity], Callable[[Principal], ColumnElement[bool]]] = {
    m.AgreementRow: _agreements,
    m.ProductionLineRow: _lines,
    m.FundingInstrumentRow: _instruments,
    m.OrderRow: _orders_of,
    m.DeliveryRow: _deliveries,
    m.NeedRow: _needs,
}


def visible_rows(principal: Principal, model: type[m.Entity]) -> ColumnElement[bool] | None:
    """The SQL condition for the rows of ``model`` that ``principal`` may see."""
    if principal.sees_everything or model in PUBLIC_MODELS:
        return None
    rule = SCOPES.get(model)
    return and_(rule(principal)) if rule else false()


def may_write(principal: Principal, model: type[m.Entity]) -> bool:
    """Whether ``principal``'s role may create, change or delete records of ``model``."""
    if principal.sees_everything:
        return True
    return model in WRITABLE.get(principal.role, frozenset())


def require_write(principal: Principal, model: type[m.Entity], what: str) -> None:
    """Forbidden unless the role may change records of ``model``."""
    if not may_write(principal, model):
        raise Forbidden(f"a {principal.role.value} account may not change {what}s")


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
