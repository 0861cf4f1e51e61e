"""Merging: a fact told several times in an article (anaphora, same parties, same event) is
one fact, with every sentence as evidence. Which reports tell the same event is the domain's
rule (``domain/facts.py``, ``same_event``); this module decides which earlier fact a sentence
refers back to and what it adds."""

from __future__ import annotations

from bisect import bisect_left, insort
from typing import Any

from coprod.domain.facts import EventKey, event_keys, lookup_keys, merge, same_event
from coprod.extraction import lexicon
from coprod.extraction.facts.article import Draft
from coprod.extraction.facts.parties import eu_among_itself
from coprod.extraction.model import Fact

MERGE_LOOKBACK = 200  # facts of a type a new one may merge into: the latest 200 of its type


MAX_EVIDENCE = 50  # sentences kept as evidence of one fact
# The fields of a Fact the domain's merge rule completes (evidence and confidence are the
# extractor's own).
MERGED = (
    "parties",
    "agreement_type",
    "status",
    "scope",
    "systems",
    "quantity",
    "quantity_text",
    "amount",
    "currency",
    "date",
    "name",
    "location",
    "funder",
    "recipient",
    "supplier",
    "growth",
)


class Drafts:
    """The facts of an article so far, in order, and by type (merging looks at one type), with
    an index from the domain's event keys to the facts filed under them: a new fact is compared
    only with the facts of the look-back that share a key with it (those that may tell its
    event), so its cost does not grow with the text before it."""

    def __init__(self) -> None:
        self.all: list[Draft] = []
        self.by_type: dict[str, list[Draft]] = {}
        # (type, key) -> positions in by_type[type], ascending, of the facts of the look-back
        # (a fact leaving it leaves the index: its size does not grow with the facts)
        self._filed: dict[tuple[str, EventKey], list[int]] = {}
        self._keys: dict[int, tuple[int, set[EventKey]]] = {}  # id(draft) -> position, keys

    def append(self, draft: Draft) -> None:
        """Add a new fact."""
        self.all.append(draft)
        same = self.by_type.setdefault(draft.fact.type, [])
        same.append(draft)
        self._keys[id(draft)] = (len(same) - 1, set())
        self.refile(draft)
        if len(same) > MERGE_LOOKBACK:
            self._unfile(same[-MERGE_LOOKBACK - 1], len(same) - MERGE_LOOKBACK)

    def refile(self, draft: Draft) -> None:
        """File a fact again after it absorbed another report (its keys may have grown; the
        keys it had stay: a stale one only adds a candidate the merge rule then refuses)."""
        if id(draft) not in self._keys:
            return  # past the look-back: no new fact is compared with it
        position, filed = self._keys[id(draft)]
        for key in _filing_keys(draft) - filed:
            insort(self._filed.setdefault((draft.fact.type, key), []), position)
            filed.add(key)

    def indexed(self) -> int:
        """How many facts the index holds: those of the look-backs, however many came before."""
        return len(self._keys)

    def last(self, ftype: str) -> Draft | None:
        """The latest fact of ``ftype``."""
        same = self.by_type.get(ftype)
        return same[-1] if same else None

    def candidates(self, draft: Draft) -> list[Draft]:
        """The facts of the look-back that may tell the event of ``draft``, latest first."""
        return self._found(draft.fact.type, lookup_keys(draft.fact, draft.people))

    def repairs(self, fact: Fact) -> list[Draft]:
        """The repairs of the look-back by the same parties as ``fact``, latest first."""
        return self._found(fact.type, {_repair_key(fact)})

    def _unfile(self, draft: Draft, first: int) -> None:
        """Take a fact that left the look-back (which now starts at ``first``) out of the index."""
        _, filed_under = self._keys.pop(id(draft))
        for key in filed_under:
            filed = self._filed.get((draft.fact.type, key), [])
            del filed[: bisect_left(filed, first)]
            if not filed:
                self._filed.pop((draft.fact.type, key), None)

    def _found(self, ftype: str, keys: set[EventKey]) -> list[Draft]:
        same = self.by_type.get(ftype, [])
        first = len(same) - MERGE_LOOKBACK
        positions: set[int] = set()
        for key in keys:
            filed = self._filed.get((ftype, key), [])
            positions.update(filed[bisect_left(filed, first) :])
        return [same[p] for p in sorted(positions, reverse=True)]


def _filing_keys(draft: Draft) -> set[EventKey]:
    keys = event_keys(draft.fact, draft.people)
    return keys | {_repair_key(draft.fact)} if _repair(draft.fact) else keys


def _repair_key(fact: Fact) -> EventKey:
    return ("repair", frozenset(fact.parties))


def _merge_or_add(drafts: Drafts, draft: Draft) -> None:
    target = _merge_target(drafts, draft)
    if target is None:
        if draft.anaphoric and draft.fact.type == "initiative" and not draft.fact.name:
            return  # "the same programme" with nothing before it to refer to
        earlier = drafts.last("agreement")
        if draft.fact.type == "agreement" and not draft.fact.parties and earlier:
            # another document between the parties of the agreement before ("both sides also
            # want to sign a declaration of intent")
            draft.fact.parties = list(earlier.fact.parties)
        drafts.append(draft)
        return
    _absorb(target.fact, draft.fact)
    target.people += [p for p in draft.people if p not in target.people]
    drafts.refile(target)


def _merge_target(drafts: Drafts, draft: Draft) -> Draft | None:
    """The earlier fact of the look-back that ``draft`` tells again, if any (the rules below,
    in order; the same-event rules compare it only with the facts sharing an event key)."""
    fact = draft.fact
    last = drafts.last(fact.type)
    if last is None:
        return None
    if draft.anaphoric or (draft.borrowed and _same_kind(last.fact, fact)):
        return last
    kind = _generic_meeting(fact)
    if kind is not None and not draft.another:
        # "the forum", "the conference" named by its kind alone: the one of that kind before
        for other in reversed(drafts.by_type.get("meeting", [])[-MERGE_LOOKBACK:]):
            if other is not draft and _generic_meeting(other.fact) == kind:
                return other
    candidates = drafts.candidates(draft)  # only those that may be the same event
    for other in candidates:
        if set(other.fact.parties) == set(fact.parties) and _same_event(other, draft):
            return other
    for other in candidates:
        if _same_event(other, draft):
            return other
    if _repair(fact):
        # repairs by the same hands told again, of a model or the family: one repair work
        for other in drafts.repairs(fact):
            if _repair(other.fact) and set(other.fact.parties) == set(fact.parties):
                return other
    if fact.type in ("agreement", "initiative", "meeting") and not fact.parties and not fact.name:
        return last if _same_kind(last.fact, fact) else None
    return None


_KINDS = {kind for kind, _ in lexicon.MEETING_KINDS}
_DESCRIBING = set(lexicon.TOPIC_WORDS.values()) | {"industry"}


def _generic_meeting(fact: Fact) -> str | None:
    """The kind of a meeting named by its kind alone, with at most the states and topics that
    describe it ("forum", "UA forum", "defence industry conference"; not "Munich Security
    Conference", "NATO summit"): an article telling of "the forum" again tells of one forum."""
    if fact.type != "meeting" or not fact.name:
        return None
    *words, kind = fact.name.split()
    if kind not in _KINDS:
        return None
    describing = all(w in _DESCRIBING or (len(w) == 2 and w.isupper()) or "-" in w for w in words)
    return kind if describing else None


def _repair(fact: Fact) -> bool:
    return fact.type == "production" and "maintenance_repair" in fact.scope


def _same_kind(old: Fact, new: Fact) -> bool:
    """Whether an agreement told without parties can be the one before: not when both name
    different kinds of document in different states ("a contract was signed; both sides also
    want to sign a declaration of intent")."""
    kinds = {old.agreement_type, new.agreement_type} - {"agreement", None}
    return len(kinds) <= 1 or old.status == new.status


def _same_event(old: Draft, new: Draft) -> bool:
    if old.fact.type == "meeting" and _other_sides_differ(old.fact, new.fact):
        return False
    if _unpriced_fundings_differ(old.fact, new.fact):
        return False
    return same_event(old.fact, new.fact, (old.people, new.people))


def _unpriced_fundings_differ(old: Fact, new: Fact) -> bool:
    """Two fundings of one donor that write no sum, one told as done and one as to come, or
    for different goods ("agreed to pay for the terminals"; "plans to invest in missiles"):
    two commitments, not one told twice."""
    if old.type != "funding" or old.amount is not None or new.amount is not None:
        return False
    if old.status != new.status:
        return True
    return bool(old.systems and new.systems and not set(old.systems) & set(new.systems))


def _other_sides_differ(old: Fact, new: Fact) -> bool:
    """Two meetings of one side with different other states ("X and Estonia's prime minister
    signed…"; "X then saw the leaders of Latvia and Lithuania"; "he is to see Finland's
    president"): different meetings, whatever person they share. Not for named
    meetings told again, nor when one report names no other state (the states of two reports
    differ here by construction: the shared ones are set aside)."""
    if old.name and new.name:
        return False
    shared = set(old.parties) & set(new.parties)
    left = {p for p in set(old.parties) - shared if len(p) == 2}
    right = {p for p in set(new.parties) - shared if len(p) == 2}
    return bool(shared) and bool(left) and bool(right)


def _absorb(into: Fact, other: Fact) -> None:
    """Merge ``other`` into ``into`` (the domain's rule), keeping at most MAX_EVIDENCE
    sentences as evidence; each report makes the fact a little more certain."""
    merged = merge(_merged_fields(into), _merged_fields(other))
    for name, value in merged.items():
        setattr(into, name, value)
    room = MAX_EVIDENCE - len(into.evidence)
    if room > 0:
        known = set(into.evidence)
        into.evidence += [e for e in other.evidence if e not in known][:room]
    into.confidence = min(0.95, max(into.confidence, other.confidence) + 0.05)


def _merged_fields(fact: Fact) -> dict[str, Any]:
    return {name: getattr(fact, name) for name in MERGED}


def _keep(draft: Draft) -> bool:
    fact = draft.fact
    if fact.type == "meeting":
        # one side alone met no one ("the purpose of the visit was…")
        return len(fact.parties) >= 2 or bool(fact.name)
    if fact.type == "initiative":
        return bool(fact.parties or fact.name)
    if fact.type == "agreement" and eu_among_itself(fact.parties):
        return False
    return bool(fact.parties)
