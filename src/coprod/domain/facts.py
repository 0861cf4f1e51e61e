"""Fact identity: when two reports of a fact tell one event. One rule for the extractor (reports
in one article, ``extraction/facts/merge.py``) and for ingestion (reports in different articles,
``services/facts/ingestion.py``).

**Identity.** A report tells the event its identifying fields name (``identity``):

| fact type   | identifying fields                                                     |
|-------------|------------------------------------------------------------------------|
| agreement   | set of parties, agreement_type, set of systems                         |
| funding     | funder, recipient, amount, currency                                    |
| supply      | supplier, recipient, status, set of systems                            |
| production  | set of parties, set of systems                                         |
| meeting     | name when it has one; else set of parties and date                     |
| initiative  | name when it has one; else set of parties and set of scope             |

Names are folded (case, accents); a value the caller marks ``unknown`` (a name no catalogue or
registry knows) is compared by its folded name (``name:rheinmetal waffen``).

**Across articles** two reports are one event when their identities are equal; an agreement of
unstated kind is also the one agreement of a stated kind that ``kind_variants`` names (the
store looks the keys up: a later article may tell the same agreement signed, then in force).

**Merging** (``merge``): what a later report of the same event adds to what is known of it:
the parties, scope, systems and growth figures it names that were missing, the values left
unstated (amount, date, name, place, quantity…), and the kind of an agreement whose kind was
unstated. Nothing stated is overwritten, and fields a reviewer edited stay as they are.

**Within one article** (``same_event``) a report is also the event of an earlier one when it
restates it: the same identity with the same status and no other name (an article that tells a
planned and a signed agreement of the same parties tells two), or a partial restatement the
article's sentences make (same name; an agreement of a compatible kind and status between some
of the same parties; a meeting where the same person is named or between the same states; an
initiative between some of the same parties; funding by the same funder to the same recipient
with no other amount; the same supply or production).

**Finding the earlier report** (``event_keys``, ``lookup_keys``): an earlier report is filed under
its event keys, a later one looks up its lookup keys; when ``same_event`` holds, the two share a
key (its identity, its name, or the fields each partial restatement needs equal). The extractor
so compares a new report only with the earlier ones that may tell its event, not with all.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from coprod.domain.enums import AgreementType
from coprod.domain.text import fold

# The identifying fields of the fact types that have no name rule; values compared as sets.
IDENTIFYING: dict[str, tuple[str, ...]] = {
    "agreement": ("parties", "agreement_type", "systems"),
    "funding": ("funder", "recipient", "amount", "currency"),
    "supply": ("supplier", "recipient", "status", "systems"),
    "production": ("parties", "systems"),
}
GROUPS = frozenset({"parties", "systems", "scope"})
LISTS = ("parties", "scope", "systems", "growth")  # merged by adding the values missing
UNTYPED = AgreementType.AGREEMENT.value


class FactReport(Protocol):
    """What identity reads of a reported fact (an extracted ``Fact`` or a stored ``Report``)."""

    @property
    def type(self) -> str: ...
    @property
    def parties(self) -> Sequence[str]: ...
    @property
    def systems(self) -> Sequence[str]: ...
    @property
    def scope(self) -> Sequence[str]: ...
    @property
    def agreement_type(self) -> str | None: ...
    @property
    def status(self) -> str | None: ...
    @property
    def amount(self) -> object: ...
    @property
    def currency(self) -> str | None: ...
    @property
    def date(self) -> str | None: ...
    @property
    def name(self) -> str | None: ...
    @property
    def funder(self) -> str | None: ...
    @property
    def recipient(self) -> str | None: ...
    @property
    def supplier(self) -> str | None: ...


@dataclass(frozen=True)
class Report:
    """A reported fact as plain values (references or names), for callers that hold fields."""

    type: str
    parties: Sequence[str] = ()
    systems: Sequence[str] = ()
    scope: Sequence[str] = ()
    agreement_type: str | None = None
    status: str | None = None
    amount: object = None
    currency: str | None = None
    date: str | None = None
    name: str | None = None
    funder: str | None = None
    recipient: str | None = None
    supplier: str | None = None


def identifying_fields(report: FactReport) -> tuple[str, ...]:
    """The fields that name the event a report tells (the table of the module's doc)."""
    if report.type in IDENTIFYING:
        return IDENTIFYING[report.type]
    if report.name:
        return ("name",)
    return ("parties", "date") if report.type == "meeting" else ("parties", "scope")


def identity(report: FactReport, unknown: Collection[str] = ()) -> str:
    """The event's key: equal for two reports of one event (``agreement | parties=FR,UA |
    agreement_type=letter_of_intent | systems=``)."""

    def token(value: object) -> str:
        return f"name:{fold(str(value))}" if value in unknown else str(value)

    def value(name: str) -> str:
        found = getattr(report, name)
        if name in GROUPS:
            return ",".join(sorted({token(v) for v in found or ()}))
        if name == "name":
            return fold(str(found))
        if name == "date":
            return str(found or "")
        return "" if found is None else token(found)

    parts = [f"{name}={value(name)}" for name in identifying_fields(report)]
    return " | ".join([report.type, *parts])


def kind_variants(report: Report, unknown: Collection[str] = ()) -> list[str]:
    """The identities an agreement of unstated kind may also have: one per stated kind (none
    for any other report)."""
    if report.type != "agreement" or report.agreement_type != UNTYPED:
        return []
    return [
        identity(_with_kind(report, kind.value), unknown)
        for kind in AgreementType
        if kind is not AgreementType.AGREEMENT
    ]


def _with_kind(report: Report, kind: str) -> Report:
    fields = {name: getattr(report, name) for name in report.__dataclass_fields__}
    return Report(**{**fields, "agreement_type": kind})


def same_event(
    old: FactReport,
    new: FactReport,
    people: tuple[Collection[str], Collection[str]] = ((), ()),
) -> bool:
    """Whether ``new``, read later in the same article, tells the event of ``old``; ``people``
    are the people each report names (a meeting where one of them is named again is the same)."""
    if old.type != new.type:
        return False
    if _restates(old, new, people):
        return True
    return old.status == new.status and _names_agree(old, new) and identity(old) == identity(new)


def _names_agree(a: FactReport, b: FactReport) -> bool:
    return not (a.name and b.name) or fold(a.name) == fold(b.name)


def _restates(
    a: FactReport, b: FactReport, people: tuple[Collection[str], Collection[str]]
) -> bool:
    """A partial restatement, per fact type (the last paragraph of the module's doc)."""
    if a.name and b.name:
        return fold(a.name) == fold(b.name)
    if a.type == "agreement":
        typed = b.agreement_type in (a.agreement_type, UNTYPED) or (
            a.agreement_type == UNTYPED and set(a.parties) == set(b.parties)
        )
        return typed and a.status == b.status and _overlap(b.parties, a.parties)
    if a.type == "meeting":
        shared_people = set(people[0]) & set(people[1])
        return bool(shared_people) or _states(a.parties) == _states(b.parties) != set()
    if a.type == "initiative":
        return _overlap(a.parties, b.parties)
    if a.type == "funding":
        same_money = a.amount == b.amount or a.amount is None or b.amount is None
        return same_money and a.funder == b.funder and a.recipient == b.recipient
    same = list(a.parties) == list(b.parties) and set(a.systems) == set(b.systems)
    if a.type == "supply":
        return same and a.amount == b.amount and a.status == b.status
    return same


def _states(parties: Sequence[str]) -> set[str]:
    return {p for p in parties if len(p) == 2 and p.isupper()}


def _overlap(a: Sequence[str], b: Sequence[str]) -> bool:
    left, right = set(a), set(b)
    return bool(left and right) and (left <= right or right <= left)


EventKey = tuple[object, ...]
_ANY = "*"  # a key part that any value of a later report looks up


def event_keys(report: FactReport, people: Collection[str] = ()) -> set[EventKey]:
    """The keys an earlier report is filed under: a later report of the same event
    (``same_event``) looks up at least one of them (``lookup_keys``)."""
    return _keys(report, people, later=False)


def lookup_keys(report: FactReport, people: Collection[str] = ()) -> set[EventKey]:
    """The keys a later report looks up to find the earlier reports that may tell its event."""
    return _keys(report, people, later=True)


def _keys(report: FactReport, people: Collection[str], later: bool) -> set[EventKey]:
    """The status and identity (the last test of ``same_event``), the folded name (two names
    decide alone), and what each partial restatement of ``_restates`` needs equal."""
    keys: set[EventKey] = {("identity", report.status, identity(report))}
    if report.name:
        keys.add(("name", report.type, fold(report.name)))
    return keys | _restatement_keys(report, people, later)


def _restatement_keys(report: FactReport, people: Collection[str], later: bool) -> set[EventKey]:
    kind = report.type
    if kind == "agreement":
        # the same status; the same kind, or an unstated one on either side
        stated = report.agreement_type
        if not later:
            return {(kind, report.status, stated), (kind, report.status, _ANY)}
        if stated == UNTYPED:
            return {(kind, report.status, _ANY)}
        return {(kind, report.status, stated), (kind, report.status, UNTYPED)}
    if kind == "meeting":
        states = _states(report.parties)
        keys: set[EventKey] = {(kind, "person", person) for person in people}
        return keys | ({(kind, "states", frozenset(states))} if states else set())
    if kind == "initiative":
        return {(kind, "party", party) for party in report.parties}
    if kind == "funding":
        # the same funder and recipient; the same sum, or none on either side
        pair = (kind, report.funder, report.recipient)
        if not later:
            return {(*pair, report.amount), (*pair, _ANY)}
        return {(*pair, _ANY)} if report.amount is None else {(*pair, report.amount), (*pair, None)}
    same: EventKey = (kind, tuple(report.parties), frozenset(report.systems))
    return {(*same, report.amount, report.status)} if kind == "supply" else {same}


def merge(
    known: Mapping[str, Any], report: Mapping[str, Any], kept: Collection[str] = ()
) -> dict[str, Any]:
    """``known`` completed with what ``report`` (a later report of the same event) adds; the
    fields in ``kept`` (a reviewer's edits) are left as they are."""
    merged = dict(known)
    for name, value in report.items():
        if name in kept or value is None or value == []:
            continue
        current = merged.get(name)
        if name in LISTS:
            have = list(current or [])
            merged[name] = [*have, *(v for v in value if v not in have)]
        elif current is None or (name == "agreement_type" and current == UNTYPED):
            merged[name] = value
    return merged
