"""The one table of record kinds: every kind of registry record, named once.

Each ``Kind`` says what the other layers need to know about a kind of record: its name in the
domain (``production_line``, also what a fact proposal stores as the record it became), its
plural (the list name of import and export files, the API's ``/api/<plural>`` routes and the
pages' ``/records/<plural>``), its entity class and key field, its command name where the CLI
keeps an older, shorter one (``coprod lines``), the fields that name other records, the rules a
record must satisfy on its own, who may see its records and which roles may change them.

The store (``db/repositories.py``: the row and its mapping), the unit of work
(``uow.records(kind)``), access (``services/accounts/access.py``), the records format, the
API, the pages and the CLI all read this table; a new kind of record is one entry here plus
its row, mapping and migration (``docs/architecture.md``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields
from enum import Enum
from typing import Any, Generic, TypeVar, cast

from coprod.domain import entities as d
from coprod.domain import rules
from coprod.domain.enums import AccountRole
from coprod.domain.partial import whole_class

E = TypeVar("E")


class Catalogue(Enum):
    """Codes a reference may hold that the catalogue, not the registry, defines."""

    COUNTRY = "ISO 3166-1 alpha-2 country code"
    CATEGORY = "catalogue category"


class Audience(Enum):
    """Who sees a kind's records besides ministry and admin accounts (which see every record).
    How each audience becomes a query is ``services/accounts/access.py``."""

    EVERYONE = "every account: public reference records"
    PARTIES = (
        "every account the public ones; the others the organisations party to them (or whose"
        " state is), but no analyst"
    )
    NOT_ANALYSTS = "every account but analysts"
    MAKER_OR_FUNDER = (
        "the manufacturer whose production line makes it and the funder whose instrument pays"
        " for it (through their orders)"
    )


@dataclass(frozen=True)
class Reference:
    """A field whose value names records of other kinds (or catalogue codes) by key."""

    field: str
    kinds: tuple[str, ...] = ()  # the names of the kinds of record it may name
    catalogue: Catalogue | None = None  # a code of the catalogue instead of a record
    states: bool = False  # a country code names a state (then no foreign key guards it)
    through: str | None = None  # each item's attribute that holds the key (evidence.document)
    words: str = ""  # what it names, for messages ("state (country code) or organisation")
    role: str = ""  # what a record named by key is to the referrer ("a party to")


def to(kind: str, f: str, *, through: str | None = None) -> Reference:
    """``f`` names a record of kind ``kind`` (``through`` an attribute of each item)."""
    return Reference(f, (kind,), through=through, words=kind.replace("_", " "))


def code(catalogue: Catalogue, f: str) -> Reference:
    """``f`` holds a code of the catalogue."""
    return Reference(f, catalogue=catalogue, words=catalogue.value)


def party(f: str, role: str) -> Reference:
    """``f`` names a state (a country code) or an organisation, by key."""
    return Reference(
        f, ("organisation",), states=True, words="state (country code) or organisation", role=role
    )


def participant(f: str, role: str) -> Reference:
    """``f`` names a state (a country code), an organisation or a person, by key."""
    return Reference(
        f,
        ("organisation", "person"),
        states=True,
        words="state, organisation or person",
        role=role,
    )


def evidence() -> Reference:
    """The record's evidence: each item names a source document."""
    return to("source_document", "evidence", through="document")


# Ministry and admin accounts see and change every kind of record (within the rules).
STEWARDS = frozenset({AccountRole.MINISTRY, AccountRole.ADMIN})


@dataclass(frozen=True, eq=False)
class Kind(Generic[E]):
    """One kind of registry record (compared by identity: each kind is made once, here)."""

    name: str  # the domain's name: production_line
    plural: str  # file lists, API routes, pages: production_lines
    entity: type[E]
    command: str = ""  # the CLI's group name where it differs from the plural (lines)
    references: tuple[Reference, ...] = ()
    check: Callable[[E], None] = rules.check_record  # the rules a record satisfies on its own
    seen_by: Audience = Audience.EVERYONE
    writers: frozenset[AccountRole] = frozenset()  # roles besides ministry and admin
    key: str = "key"  # the field naming a record, unique within its kind
    # Fields kept out of the public view (``/public``): access settings and the planner's
    # knobs, which say nothing to a reader without an account.
    internal: frozenset[str] = frozenset()

    @property
    def label(self) -> str:
        """The kind in words: production line."""
        return self.name.replace("_", " ")

    @property
    def cli(self) -> str:
        """The CLI's name of the kind (``coprod <cli> list``)."""
        return self.command or self.plural

    @property
    def has_evidence(self) -> bool:
        """Whether its records carry evidence (and so can grow from documents)."""
        return any(f.name == "evidence" for f in fields(cast(Any, self.entity)))

    def key_of(self, record: E) -> str:
        """The key of ``record``."""
        key: str = getattr(record, self.key)
        return key

    def may_change(self, role: AccountRole) -> bool:
        """Whether accounts of ``role`` may create, change and delete these records."""
        return role in STEWARDS or role in self.writers


SOURCE_DOCUMENT = Kind("source_document", "source_documents", d.SourceDocument, "documents")
ORGANISATION = Kind(
    "organisation",
    "organisations",
    d.Organisation,
    references=(code(Catalogue.COUNTRY, "country"), to("organisation", "parent")),
)
PERSON = Kind(
    "person",
    "people",
    d.Person,
    references=(
        code(Catalogue.COUNTRY, "country"),
        to("organisation", "roles", through="organisation"),
    ),
)
SYSTEM = Kind("system", "systems", d.System, references=(code(Catalogue.CATEGORY, "category"),))
AGREEMENT = Kind(
    "agreement",
    "agreements",
    d.Agreement,
    references=(party("parties", "a party to"), to("system", "systems"), evidence()),
    check=rules.check_agreement,
    seen_by=Audience.PARTIES,
    internal=frozenset({"visibility"}),
)
PLANT = Kind(
    "plant",
    "plants",
    d.Plant,
    references=(
        to("organisation", "operator"),
        code(Catalogue.COUNTRY, "country"),
        evidence(),
    ),
    check=rules.check_plant,
)
OWNERSHIP = Kind(
    "ownership",
    "ownerships",
    d.Ownership,
    references=(to("organisation", "owner"), to("organisation", "owned"), evidence()),
    check=rules.check_ownership,
)
INVESTMENT = Kind(
    "investment",
    "investments",
    d.Investment,
    references=(
        to("organisation", "investor"),
        to("plant", "plant"),
        to("organisation", "company"),
        to("agreement", "agreement"),
        evidence(),
    ),
    check=rules.check_investment,
    seen_by=Audience.NOT_ANALYSTS,
)
NEED = Kind(
    "need",
    "needs",
    d.Need,
    references=(to("system", "system"), party("recipient", "the recipient of")),
    check=rules.check_need,
    seen_by=Audience.NOT_ANALYSTS,
    internal=frozenset({"priority", "max_suppliers"}),
)
PRODUCTION_LINE = Kind(
    "production_line",
    "production_lines",
    d.ProductionLine,
    "lines",
    references=(
        to("organisation", "organisation"),
        to("system", "system"),
        code(Catalogue.COUNTRY, "company_country"),
        code(Catalogue.COUNTRY, "site_country"),
        to("plant", "plant"),
        to("agreement", "licence"),
        to("organisation", "licensor"),
    ),
    check=rules.check_production_line,
    seen_by=Audience.MAKER_OR_FUNDER,
    writers=frozenset({AccountRole.MANUFACTURER}),
    internal=frozenset({"lot_size", "min_order"}),
)
FUNDING_INSTRUMENT = Kind(
    "funding_instrument",
    "funding_instruments",
    d.FundingInstrument,
    "instruments",
    references=(
        party("funder", "the funder of"),
        code(Catalogue.COUNTRY, "site_countries"),
        code(Catalogue.COUNTRY, "producer_countries"),
        code(Catalogue.CATEGORY, "categories"),
        evidence(),
    ),
    check=rules.check_funding_instrument,
    seen_by=Audience.MAKER_OR_FUNDER,
    writers=frozenset({AccountRole.FUNDER}),
)
ORDER = Kind(
    "order",
    "orders",
    d.Order,
    references=(
        to("need", "need"),
        to("production_line", "production_line"),
        to("funding_instrument", "instrument"),
    ),
    check=rules.check_order,
    seen_by=Audience.MAKER_OR_FUNDER,
    writers=frozenset({AccountRole.MANUFACTURER}),
)
DELIVERY = Kind(
    "delivery",
    "deliveries",
    d.Delivery,
    references=(to("order", "order"),),
    check=rules.check_delivery,
    seen_by=Audience.MAKER_OR_FUNDER,
    writers=frozenset({AccountRole.MANUFACTURER}),
)
PRODUCTION_REPORT = Kind(
    "production_report",
    "production_reports",
    d.ProductionReport,
    "reports",
    references=(to("production_line", "production_line"), to("order", "order")),
    seen_by=Audience.MAKER_OR_FUNDER,
    writers=frozenset({AccountRole.MANUFACTURER}),
)
PAYMENT = Kind(
    "payment",
    "payments",
    d.Payment,
    references=(to("funding_instrument", "instrument"), to("order", "order")),
    seen_by=Audience.MAKER_OR_FUNDER,
    writers=frozenset({AccountRole.FUNDER}),
)
INNOVATION_PROJECT = Kind(
    "innovation_project",
    "innovation_projects",
    d.InnovationProject,
    "projects",
    references=(party("partners", "a partner of"), to("need", "need"), evidence()),
)
EVENT = Kind(
    "event",
    "events",
    d.Event,
    references=(participant("participants", "a participant of"), evidence()),
)

# In dependency order: a record only references kinds listed before it (or its own kind).
KINDS: tuple[Kind[Any], ...] = (
    SOURCE_DOCUMENT,
    ORGANISATION,
    PERSON,
    SYSTEM,
    AGREEMENT,
    PLANT,
    OWNERSHIP,
    INVESTMENT,
    NEED,
    PRODUCTION_LINE,
    FUNDING_INSTRUMENT,
    ORDER,
    PRODUCTION_REPORT,
    DELIVERY,
    PAYMENT,
    INNOVATION_PROJECT,
    EVENT,
)
BY_NAME: dict[str, Kind[Any]] = {k.name: k for k in KINDS}
BY_PLURAL: dict[str, Kind[Any]] = {k.plural: k for k in KINDS}
BY_ENTITY: dict[type[Any], Kind[Any]] = {k.entity: k for k in KINDS}


def kind_of(record: E) -> Kind[E]:
    """The kind of a registry record; TypeError for anything else."""
    kind = BY_ENTITY.get(type(record)) or BY_ENTITY.get(whole_class(type(record)))
    if kind is None:
        raise TypeError(f"{type(record).__name__} is not a registry entity")
    return kind


def referenced(reference: Reference) -> tuple[Kind[Any], ...]:
    """The kinds of record ``reference`` may name."""
    return tuple(BY_NAME[name] for name in reference.kinds)


def named_by(kind: Kind[Any]) -> Iterator[tuple[Kind[Any], Reference]]:
    """The kinds of record a record of ``kind`` names, each with the reference naming it
    (an order: its need, its production line, its funding instrument)."""
    for reference in kind.references:
        for named in referenced(reference):
            yield named, reference


def named_by_key() -> Iterator[tuple[Kind[Any], Reference]]:
    """The references no foreign key guards (they may name a state instead), with their kind."""
    for kind in KINDS:
        for reference in kind.references:
            if reference.states:
                yield kind, reference


# The kinds others may name by key: deleting one of them asks those records first.
NAMED_BY_KEY: frozenset[Kind[Any]] = frozenset(
    k for _, reference in named_by_key() for k in referenced(reference)
)


def role_of(kind: Kind[Any], reference: Reference) -> str:
    """What a record named by ``reference`` of ``kind`` is: "a party to an agreement"."""
    article = "an" if kind.label[0] in "aeiou" else "a"
    return f"{reference.role} {article} {kind.label}"
