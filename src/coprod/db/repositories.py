"""Repositories: one predictable set of methods per entity (``get``, ``get_by_key``, ``list_``,
``add``, ``update``, ``delete``), mapping rows to the domain's dataclasses and back."""

from __future__ import annotations

import calendar
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Generic, Protocol, TypeVar

from sqlalchemy import ColumnElement, Select, func, inspect, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import InstrumentedAttribute, Session
from sqlalchemy.orm.exc import StaleDataError

from coprod.db import mapping as mp
from coprod.db import models as m
from coprod.db import search
from coprod.db.engine import savepoint
from coprod.domain import entities as d
from coprod.domain import kinds
from coprod.domain.kinds import Kind
from coprod.errors import Conflict, Forbidden, InvalidInput, NotFound, StaleVersion

E = TypeVar("E")
R = TypeVar("R", bound=m.Entity)

# Keys per IN (...) query: well under SQLite's 32 766 bound parameters and PostgreSQL's 65 535.
KEYS_PER_QUERY = 500

Filter = Callable[[Select[Any], Any], Select[Any]]
SEARCH = "q"  # the filter that searches the records' keys, names and aliases (db/search.py)
RELEVANCE = "relevance"  # the sort of a search's matches, best first (``Repository.list_``)


class Access(Protocol):
    """What the caller may see and change (``services/accounts/access.Principal``)."""

    def scope(self, kind: Kind[Any]) -> ColumnElement[bool] | None:
        """The condition the visible rows of ``kind`` meet; None: all rows are visible."""

    def check_write(self, kind: Kind[Any]) -> None:
        """Raise Forbidden unless the caller may change records of ``kind``."""


@dataclass(frozen=True)
class EntityMapping(Generic[E, R]):
    """How one kind of record is stored: its row class and the two mapping functions; the
    columns that hold the keys its references by key name (``kinds.named_by_key``)."""

    kind: Kind[E]
    model: type[R]
    to_domain: Callable[[R], E]
    fill: Callable[[R, E, mp.Refs], None]
    filters: Mapping[str, Filter]
    key_columns: Mapping[str, InstrumentedAttribute[str]] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """The kind in words, for messages: production line."""
        return self.kind.label


class Repository(Generic[E, R]):
    """Reads and writes one kind of entity in a session; never commits."""

    def __init__(
        self, session: Session, mapping: EntityMapping[E, R], access: Access | None = None
    ) -> None:
        self.session = session
        self.mapping = mapping
        self.refs = mp.Refs.of(session)
        self.access = access
        self.visible = access.scope(mapping.kind) if access else None
        # What ``prefetch`` learnt, so that an import asks once per entity, not once per
        # record: the visible rows by key, and keys no record has (visible or not).
        self._rows: dict[str, R] = {}
        self._absent: set[str] = set()
        # The version of each record when this unit of work first read it: an update made
        # from what was read fails if another writer changed the record since (no lost update
        # even when PostgreSQL's read committed shows the newer row at write time).
        self.read_versions: dict[str, int] = {}

    def _seen(self, row: R) -> E:
        self.read_versions.setdefault(row.key, row.version)
        return self.mapping.to_domain(row)

    def unscoped(self) -> Repository[E, R]:
        """This repository without the caller's scope: for rules that weigh every record
        (ordered ≤ needed counts every organisation's orders); never for showing records."""
        return Repository(self.session, self.mapping)

    def _scoped(self, stmt: Select[Any]) -> Select[Any]:
        # Rows outside the caller's scope do not exist for it: NotFound, never Forbidden.
        return stmt if self.visible is None else stmt.where(self.visible)

    def scoped(self, stmt: Select[Any]) -> Select[Any]:
        """``stmt`` (an aggregate over this kind's rows, say) kept to the rows the caller may
        see: the same condition every read of this repository carries."""
        return self._scoped(stmt)

    def check_write(self) -> None:
        """Forbidden unless the caller may create, change and delete these records."""
        if self.access is not None:
            self.access.check_write(self.mapping.kind)

    @contextmanager
    def _kept_in_scope(self, key: str) -> Iterator[None]:
        # A write must leave the record among the caller's own (no order on a competitor's
        # line, no instrument for another funder): checked in a savepoint, undone if not.
        if self.visible is None:
            yield
            self.session.flush()
            return
        with savepoint(self.session):
            yield
            self.session.flush()
            if not self._stored_in_scope(key):
                raise Forbidden(
                    f"{self.mapping.name} {key!r} would be outside your organisation's records: "
                    "not saved"
                )

    def _stored_in_scope(self, key: str) -> bool:
        # Asks the database (as written so far), never the rows remembered.
        stmt = self._scoped(select(self.model.id).where(self.model.key == key))
        return self.session.scalar(stmt) is not None

    @property
    def filters(self) -> Mapping[str, Filter]:
        """The kind's named filters (``FILTERS``), beside equality on its text columns."""
        return FILTERS[self.mapping.kind]

    @property
    def model(self) -> type[R]:
        """The row class."""
        return self.mapping.model

    def prefetch(self, keys: Iterable[str]) -> None:
        """Load the records of ``keys`` in one query per 500 keys: later reads, checks and
        writes of these keys in this unit of work need no query of their own."""
        wanted = sorted({k for k in keys if k not in self._absent and self._cached(k) is None})
        for i in range(0, len(wanted), KEYS_PER_QUERY):
            chunk = wanted[i : i + KEYS_PER_QUERY]
            stmt = self._scoped(select(self.model).where(self.model.key.in_(chunk)))
            for row in self.session.scalars(stmt).unique():
                self._remember(row)
            taken = set(chunk)
            if self.visible is not None:  # an invisible record still holds its key
                keys_stmt = select(self.model.key).where(self.model.key.in_(chunk))
                taken = set(self.session.scalars(keys_stmt))
            else:
                taken = {k for k in chunk if k in self._rows}
            self._absent |= set(chunk) - taken

    def _remember(self, row: R) -> None:
        self._rows[row.key] = row
        self._absent.discard(row.key)
        self.refs.remember(row)

    def _cached(self, key: str) -> R | None:
        row = self._rows.get(key)
        if row is None:
            return None
        state = inspect(row)
        if (state.persistent or state.pending) and row.key == key:
            return row
        del self._rows[key]  # deleted, rolled back or renamed since: ask the database
        return None

    def _row_by_key(self, key: str) -> R | None:
        cached = self._cached(key)
        if cached is not None or key in self._absent:
            return cached
        stmt = self._scoped(select(self.model).where(self.model.key == key))
        row = self.session.scalars(stmt).unique().one_or_none()
        if row is not None:
            self._remember(row)  # the rules that follow a write read it again: no second query
        return row

    def _row(self, key: str) -> R:
        row = self._row_by_key(key)
        if row is None:
            raise NotFound(f"no {self.mapping.name} with key {key!r}")
        return row

    def get(self, id_: int) -> E:
        """The entity with surrogate id ``id_``."""
        stmt = self._scoped(select(self.model).where(self.model.id == id_))
        row = self.session.scalars(stmt).unique().one_or_none()
        if row is None:
            raise NotFound(f"no {self.mapping.name} with id {id_}")
        return self._seen(row)

    def get_by_key(self, key: str) -> E:
        """The entity with ``key``; NotFound when there is none."""
        return self._seen(self._row(key))

    def exists(self, key: str) -> bool:
        """Whether an entity with ``key`` exists (a light query: nothing is loaded)."""
        if self._cached(key) is not None:
            return True
        if key in self._absent:
            return False
        stmt = self._scoped(select(self.model.id).where(self.model.key == key))
        return self.session.scalar(stmt) is not None

    def find_by_key(self, key: str) -> E | None:
        """The entity with ``key``, or None."""
        row = self._row_by_key(key)
        return None if row is None else self._seen(row)

    def version_of(self, key: str) -> int:
        """The stored version of the entity with ``key`` (for ETag / If-Match)."""
        return self._row(key).version

    def id_of(self, key: str) -> int:
        """The surrogate id of the entity with ``key``."""
        return self._row(key).id

    def _select(self, filters: Mapping[str, Any] | None) -> Select[Any]:
        stmt: Select[Any] = self._scoped(select(self.model))
        for name, value in (filters or {}).items():
            if value is None:
                continue
            if name == SEARCH:
                stmt = self._matching(stmt, str(value))
            elif name in self.filters:
                stmt = self.filters[name](stmt, value)
            elif name in self.model.__table__.c:
                stmt = stmt.where(self.model.__table__.c[name] == value)
            else:
                raise InvalidInput(f"{self.mapping.name}s cannot be filtered by {name!r}")
        return stmt

    def _matching(self, stmt: Select[Any], query: str) -> Select[Any]:
        # Every word of the query starts a word of the record's key, name, title or aliases
        # (no case, no accents: db/search.py); a query of no words leaves the list as it is.
        words = search.words_of(query)
        if not words:
            return stmt
        index = search.index_for(self.session)
        return stmt.where(self.model.id.in_(index.matching(self.model.__tablename__, words)))

    def list_(
        self,
        filters: Mapping[str, Any] | None = None,
        *,
        sort: str = "key",
        limit: int | None = None,
        offset: int = 0,
    ) -> list[E]:
        """Entities matching ``filters`` (column = value), sorted by a column (``-col`` for
        descending) or, when searched, by ``relevance`` (``_ranked``), a page of ``limit``
        from ``offset``."""
        words = search.words_of(str((filters or {}).get(SEARCH) or ""))
        if sort == RELEVANCE and words:
            stmt = self._ranked(filters or {}, words)
        else:
            column_name = "key" if sort == RELEVANCE else sort.removeprefix("-")
            if column_name not in self.model.__table__.c:
                raise InvalidInput(f"{self.mapping.name}s cannot be sorted by {column_name!r}")
            column = self.model.__table__.c[column_name]
            stmt = self._select(filters).order_by(
                column.desc() if sort.startswith("-") else column, self.model.id
            )
        stmt = stmt.offset(offset).limit(limit)
        return [self._seen(r) for r in self.session.scalars(stmt).unique()]

    def _ranked(self, filters: Mapping[str, Any], words: list[str]) -> Select[Any]:
        # The search's matches, best first: the query is the record's key, then its name,
        # then the backend's score (BM25 on SQLite, ts_rank on PostgreSQL), then by key.
        index = search.index_for(self.session)
        ranked = index.ranked(self.model.__tablename__, words).subquery()
        others = {name: value for name, value in filters.items() if name != SEARCH}
        return (
            self._select(others)
            .join(ranked, ranked.c.record_id == self.model.id)
            .order_by(ranked.c.tier, ranked.c.score, self.model.key, self.model.id)
        )

    def matching(self, text: str, limit: int) -> list[tuple[str, str]]:
        """Up to ``limit`` (key, name) pairs of the caller's records that the list's search
        finds for ``text`` (every word starts a word of the key, name, title or aliases; no
        case, no accents), best first as ``_ranked`` orders them: the choices a form offers.
        A text of no words offers the first records by key."""
        table = self.model.__table__.c
        named = next((table[c] for c in ("name", "title") if c in table), table["key"])
        stmt = self._scoped(select(table["key"], named).select_from(self.model))
        words = search.words_of(text)
        if words:
            ranked = search.index_for(self.session).ranked(self.model.__tablename__, words)
            found = ranked.subquery()
            stmt = stmt.join(found, found.c.record_id == self.model.id).order_by(
                found.c.tier, found.c.score, table["key"]
            )
        else:
            stmt = stmt.order_by(table["key"])
        return [(str(key), str(name)) for key, name in self.session.execute(stmt.limit(limit))]

    def list_in(self, column: str, values: Collection[Any]) -> list[E]:
        """Entities whose ``column`` holds one of ``values``: one query per 500 values."""
        if column not in self.model.__table__.c:
            raise InvalidInput(f"{self.mapping.name}s cannot be filtered by {column!r}")
        field = self.model.__table__.c[column]
        ordered = sorted(set(values))
        found: list[E] = []
        for i in range(0, len(ordered), KEYS_PER_QUERY):
            chunk = ordered[i : i + KEYS_PER_QUERY]
            stmt = self._scoped(select(self.model)).where(field.in_(chunk)).order_by(self.model.id)
            found += [self._seen(r) for r in self.session.scalars(stmt).unique()]
        return found

    def count(self, filters: Mapping[str, Any] | None = None) -> int:
        """How many entities match ``filters``."""
        sub = self._select(filters).subquery()
        return int(self.session.scalar(select(func.count()).select_from(sub)) or 0)

    def add(self, entity: E) -> E:
        """Store a new entity; Conflict when its key is taken."""
        key = self.mapping.kind.key_of(entity)
        self.check_write()
        # Keys are one namespace for everyone: a key taken by a record outside the scope is
        # still taken. The answer is the same whether the caller may see that record or not,
        # and says nothing of it (not even that it "exists" where a read answers 404).
        taken = select(self.model.id).where(self.model.key == key)
        if key not in self._absent and self.session.scalar(taken) is not None:
            raise Conflict(
                f"the key {key!r} is taken: choose another key for the new {self.mapping.name}",
                code="record.key_taken",
                field="key",
                params={"key": key},
            )
        with self._kept_in_scope(key), self.session.no_autoflush:
            row = self.model(version=1)
            self.mapping.fill(row, entity, self.refs)
            self.session.add(row)
        self._remember(row)
        return entity

    def update(self, entity: E, *, expected_version: int | None = None) -> bool:
        """Store a changed entity (found by key); False and no new version when nothing
        changed. StaleVersion when ``expected_version`` is not the stored one."""
        self.check_write()
        row = self._row(self.mapping.kind.key_of(entity))
        if expected_version is None:
            expected_version = self.read_versions.get(row.key)
        if expected_version is not None and row.version != expected_version:
            raise StaleVersion(
                f"{self.mapping.name} {row.key!r} is at version {row.version}, "
                f"not {expected_version}: reload it and try again",
                code="record.changed_meanwhile",
            )
        if self.mapping.to_domain(row) == entity:
            return False
        key = row.key
        try:
            # No flush while the row is half filled (a reference looked up on the way would
            # write it): one UPDATE with the new version, one audit entry per change.
            with self._kept_in_scope(key), self.session.no_autoflush:
                self.mapping.fill(row, entity, self.refs)
                row.version = row.version + 1
        except StaleDataError:
            # UPDATE … WHERE version = <read> matched nothing: another writer came first.
            raise self._changed_meanwhile(key) from None
        self.read_versions[key] = row.version
        return True

    def _changed_meanwhile(self, key: str) -> StaleVersion:
        return StaleVersion(
            f"{self.mapping.name} {key!r} was changed by someone else meanwhile: "
            "reload it and try again",
            code="record.changed_meanwhile",
        )

    def _forget_public(self, key: str) -> None:
        # A record deleted is no longer public: a later record of the same key is not.
        marker = self.session.scalar(
            select(m.PublicRecordRow).where(
                m.PublicRecordRow.kind == self.mapping.kind.plural,
                m.PublicRecordRow.record_key == key,
            )
        )
        if marker is not None:
            self.session.delete(marker)

    def delete(self, key: str, *, expected_version: int | None = None) -> None:
        """Remove the entity with ``key``."""
        self.check_write()
        row = self._row(key)
        if expected_version is not None and row.version != expected_version:
            raise StaleVersion(
                f"{self.mapping.name} {key!r} is at version {row.version}, not {expected_version}"
            )
        try:
            with savepoint(self.session):
                self._rows.pop(key, None)
                self._forget_public(key)
                self.session.delete(row)
                self.session.flush()
        except StaleDataError:
            raise self._changed_meanwhile(key) from None
        except IntegrityError:
            raise Conflict(
                f"{self.mapping.name} {key!r} is referenced by other records: "
                "delete or change those first"
            ) from None


def named_as(session: Session, key: str) -> list[str]:
    """What the records that name ``key`` by key (every organisation's) name it as: "a party
    to an agreement" (the references of ``kinds.named_by_key``, no foreign key guards them)."""
    found = []
    for kind, reference in kinds.named_by_key():
        column = MAPPINGS[kind].key_columns[reference.field]
        if session.scalar(select(column).where(column == key).limit(1)) is not None:
            found.append(kinds.role_of(kind, reference))
    return found


def _party(stmt: Select[Any], value: Any) -> Select[Any]:
    return stmt.where(
        m.AgreementRow.id.in_(
            select(m.AgreementPartyRow.agreement_id).where(m.AgreementPartyRow.party == value)
        )
    )


def _system(model: type[m.NeedRow] | type[m.ProductionLineRow]) -> Filter:
    def where(stmt: Select[Any], value: Any) -> Select[Any]:
        return stmt.where(
            model.system_id.in_(select(m.SystemRow.id).where(m.SystemRow.key == value))
        )

    return where


def _agreement_system(stmt: Select[Any], value: Any) -> Select[Any]:
    ids = (
        select(m.AgreementSystemRow.agreement_id)
        .join(m.SystemRow, m.SystemRow.id == m.AgreementSystemRow.system_id)
        .where(m.SystemRow.key == value)
    )
    return stmt.where(m.AgreementRow.id.in_(ids))


def _named(column: InstrumentedAttribute[int]) -> Filter:
    """A filter by the key of the organisation ``column`` names."""

    def where(stmt: Select[Any], value: Any) -> Select[Any]:
        keyed = select(m.OrganisationRow.id).where(m.OrganisationRow.key == value)
        return stmt.where(column.in_(keyed))

    return where


def _by_key(column: InstrumentedAttribute[int], target: type[m.Entity]) -> Filter:
    """A filter by the key of the record ``column`` (a foreign key to ``target``) names."""

    def where(stmt: Select[Any], value: Any) -> Select[Any]:
        return stmt.where(column.in_(select(target.id).where(target.key == value)))

    return where


def _in_child(
    owner: InstrumentedAttribute[int],
    parent: InstrumentedAttribute[int],
    named: InstrumentedAttribute[str],
) -> Filter:
    """A filter by a key that a child row of the record names (a partner, a participant):
    ``parent`` is the child's column holding the owner's id (``owner``)."""

    def where(stmt: Select[Any], value: Any) -> Select[Any]:
        return stmt.where(owner.in_(select(parent).where(named == value)))

    return where


def _people_of(stmt: Select[Any], value: Any) -> Select[Any]:
    """People holding a role at the organisation ``value``."""
    held = (
        select(m.RoleRow.person_id)
        .join(m.OrganisationRow, m.OrganisationRow.id == m.RoleRow.organisation_id)
        .where(m.OrganisationRow.key == value)
    )
    return stmt.where(m.PersonRow.id.in_(held))


def date_bound(value: Any, bound: str) -> date:
    """The day a ``from`` or ``to`` filter names: a day (YYYY-MM-DD) or a month (YYYY-MM: its
    first day for ``from``, its last for ``to``); InvalidInput naming the filter otherwise."""
    text = str(value).strip()
    try:
        if len(text) == len("2024-01"):
            first = date.fromisoformat(f"{text}-01")
            last = calendar.monthrange(first.year, first.month)[1]
            return first if bound == "from" else first.replace(day=last)
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(
            f"{bound} {text!r}: write a date as YYYY-MM-DD or a month as YYYY-MM",
            code="filter.date",
            field=bound,
            params={"value": text},
        ) from None


def _dated(column: Any, *, month: bool = False) -> dict[str, Filter]:
    """``from`` and ``to``: records whose date (or month, YYYY-MM) is within the bounds."""

    def value_of(given: Any, bound: str) -> Any:
        day = date_bound(given, bound)
        return day.isoformat()[:7] if month else day

    def since(stmt: Select[Any], given: Any) -> Select[Any]:
        return stmt.where(column >= value_of(given, "from"))

    def until(stmt: Select[Any], given: Any) -> Select[Any]:
        return stmt.where(column <= value_of(given, "to"))

    return {"from": since, "to": until}


def _first_step() -> ColumnElement[Any]:
    # An agreement's date is its first dated step (the dashboard's year).
    change = m.StatusChangeRow
    return (
        select(func.min(change.on))
        .where(change.agreement_id == m.AgreementRow.id, change.on.is_not(None))
        .scalar_subquery()
    )


def _references(model: type[m.Entity], kind: Kind[Any]) -> dict[str, Filter]:
    """A filter per field of ``kind`` that names one kind of record through a foreign key
    (``order.instrument``: ``/api/orders?filter=instrument:KEY``), from the kinds table."""
    found: dict[str, Filter] = {}
    for reference in kind.references:
        column = getattr(model, f"{reference.field}_id", None)
        if len(reference.kinds) == 1 and reference.through is None and column is not None:
            target = kinds.BY_NAME[reference.kinds[0]]
            found[reference.field] = _by_key(column, MAPPINGS[target].model)
    return found


NO_FILTERS: dict[str, Filter] = {}

SOURCE_DOCUMENTS = EntityMapping[d.SourceDocument, m.SourceDocumentRow](
    kinds.SOURCE_DOCUMENT,
    m.SourceDocumentRow,
    mp.source_document_to_domain,
    mp.fill_source_document,
    NO_FILTERS,
)
ORGANISATIONS = EntityMapping[d.Organisation, m.OrganisationRow](
    kinds.ORGANISATION,
    m.OrganisationRow,
    mp.organisation_to_domain,
    mp.fill_organisation,
    NO_FILTERS,
)
PEOPLE = EntityMapping[d.Person, m.PersonRow](
    kinds.PERSON, m.PersonRow, mp.person_to_domain, mp.fill_person, {"roles": _people_of}
)
SYSTEMS = EntityMapping[d.System, m.SystemRow](
    kinds.SYSTEM, m.SystemRow, mp.system_to_domain, mp.fill_system, NO_FILTERS
)
AGREEMENTS = EntityMapping[d.Agreement, m.AgreementRow](
    kinds.AGREEMENT,
    m.AgreementRow,
    mp.agreement_to_domain,
    mp.fill_agreement,
    {
        "party": _party,
        "parties": _party,
        "system": _agreement_system,
        "systems": _agreement_system,
    },
    {"parties": m.AgreementPartyRow.party},
)
NEEDS = EntityMapping[d.Need, m.NeedRow](
    kinds.NEED,
    m.NeedRow,
    mp.need_to_domain,
    mp.fill_need,
    {"system": _system(m.NeedRow)},
    {"recipient": m.NeedRow.recipient},
)
PRODUCTION_LINES = EntityMapping[d.ProductionLine, m.ProductionLineRow](
    kinds.PRODUCTION_LINE,
    m.ProductionLineRow,
    mp.production_line_to_domain,
    mp.fill_production_line,
    {"system": _system(m.ProductionLineRow)},
)
PLANTS = EntityMapping[d.Plant, m.PlantRow](
    kinds.PLANT,
    m.PlantRow,
    mp.plant_to_domain,
    mp.fill_plant,
    {"operator": _named(m.PlantRow.operator_id)},
)
OWNERSHIPS = EntityMapping[d.Ownership, m.OwnershipRow](
    kinds.OWNERSHIP,
    m.OwnershipRow,
    mp.ownership_to_domain,
    mp.fill_ownership,
    {"owner": _named(m.OwnershipRow.owner_id), "owned": _named(m.OwnershipRow.owned_id)},
)
INVESTMENTS = EntityMapping[d.Investment, m.InvestmentRow](
    kinds.INVESTMENT,
    m.InvestmentRow,
    mp.investment_to_domain,
    mp.fill_investment,
    {"investor": _named(m.InvestmentRow.investor_id)},
)
FUNDING_INSTRUMENTS = EntityMapping[d.FundingInstrument, m.FundingInstrumentRow](
    kinds.FUNDING_INSTRUMENT,
    m.FundingInstrumentRow,
    mp.funding_instrument_to_domain,
    mp.fill_funding_instrument,
    NO_FILTERS,
    {"funder": m.FundingInstrumentRow.funder},
)
ORDERS = EntityMapping[d.Order, m.OrderRow](
    kinds.ORDER, m.OrderRow, mp.order_to_domain, mp.fill_order, NO_FILTERS
)


def _deliveries_for(stmt: Select[Any], value: Any) -> Select[Any]:
    """Deliveries on the orders for the need ``value``."""
    orders = (
        select(m.OrderRow.id)
        .join(m.NeedRow, m.NeedRow.id == m.OrderRow.need_id)
        .where(m.NeedRow.key == value)
    )
    return stmt.where(m.DeliveryRow.order_id.in_(orders))


DELIVERIES = EntityMapping[d.Delivery, m.DeliveryRow](
    kinds.DELIVERY,
    m.DeliveryRow,
    mp.delivery_to_domain,
    mp.fill_delivery,
    {"need": _deliveries_for},
)
PRODUCTION_REPORTS = EntityMapping[d.ProductionReport, m.ProductionReportRow](
    kinds.PRODUCTION_REPORT,
    m.ProductionReportRow,
    mp.report_to_domain,
    mp.fill_report,
    NO_FILTERS,
)
PAYMENTS = EntityMapping[d.Payment, m.PaymentRow](
    kinds.PAYMENT, m.PaymentRow, mp.payment_to_domain, mp.fill_payment, NO_FILTERS
)
INNOVATION_PROJECTS = EntityMapping[d.InnovationProject, m.InnovationProjectRow](
    kinds.INNOVATION_PROJECT,
    m.InnovationProjectRow,
    mp.innovation_project_to_domain,
    mp.fill_innovation_project,
    {
        "partners": _in_child(
            m.InnovationProjectRow.id,
            m.ProjectPartnerRow.innovation_project_id,
            m.ProjectPartnerRow.partner,
        )
    },
    {"partners": m.ProjectPartnerRow.partner},
)
EVENTS = EntityMapping[d.Event, m.EventRow](
    kinds.EVENT,
    m.EventRow,
    mp.event_to_domain,
    mp.fill_event,
    {
        "participants": _in_child(
            m.EventRow.id, m.EventParticipantRow.event_id, m.EventParticipantRow.participant
        )
    },
    {"participants": m.EventParticipantRow.participant},
)

# How each kind of record is stored; ``tests/unit/test_kinds.py``: one per kind.
MAPPINGS: dict[Kind[Any], EntityMapping[Any, Any]] = {
    mapping.kind: mapping
    for mapping in (
        SOURCE_DOCUMENTS,
        ORGANISATIONS,
        PEOPLE,
        SYSTEMS,
        AGREEMENTS,
        PLANTS,
        OWNERSHIPS,
        INVESTMENTS,
        NEEDS,
        PRODUCTION_LINES,
        FUNDING_INSTRUMENTS,
        ORDERS,
        DELIVERIES,
        PRODUCTION_REPORTS,
        PAYMENTS,
        INNOVATION_PROJECTS,
        EVENTS,
    )
}


# Each kind's named filters (beside equality on its text columns): the mapping's own, one per
# field naming one kind of record by a foreign key (from the kinds table), the search (``q``),
# and ``from`` / ``to`` where the kind has a date.
DATES: dict[Kind[Any], dict[str, Filter]] = {
    kinds.AGREEMENT: _dated(_first_step()),
    kinds.SOURCE_DOCUMENT: _dated(m.SourceDocumentRow.published),
    kinds.OWNERSHIP: _dated(m.OwnershipRow.start),
    kinds.INVESTMENT: _dated(m.InvestmentRow.on),
    kinds.NEED: _dated(m.NeedRow.due, month=True),
    kinds.ORDER: _dated(m.OrderRow.month, month=True),
    kinds.PRODUCTION_REPORT: _dated(m.ProductionReportRow.month, month=True),
    kinds.DELIVERY: _dated(m.DeliveryRow.delivered_on),
    kinds.PAYMENT: _dated(m.PaymentRow.paid_on),
    kinds.EVENT: _dated(m.EventRow.on),
}
FILTERS: dict[Kind[Any], dict[str, Filter]] = {
    kind: {**_references(mapping.model, kind), **DATES.get(kind, {}), **mapping.filters}
    for kind, mapping in MAPPINGS.items()
}


def mapping_of(kind: Kind[E]) -> EntityMapping[E, Any]:
    """How records of ``kind`` are stored."""
    mapping: EntityMapping[E, Any] = MAPPINGS[kind]
    return mapping
