"""Merging: a fact told several times in an article (anaphora, same parties, same event) is
one fact, with every sentence as evidence. Which reports tell the same event is the domain's
rule (``domain/facts.py``, ``same_event``); this module decides which earlier fact a sentence
refers back to and what it adds."""

from __future__ import annotations

from typing import Any

from coprod.domain.facts import merge, same_event
from coprod.extraction.facts.article import Draft
from coprod.extraction.model import Fact

MERGE_LOOKBACK = 200  # facts of a type a new one is compared with


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
    """The facts of an article so far, in order, and by type (merging looks at one type)."""

    def __init__(self) -> None:
        self.all: list[Draft] = []
        self.by_type: dict[str, list[Draft]] = {}

    def append(self, draft: Draft) -> None:
        """Add a new fact."""
        self.all.append(draft)
        self.by_type.setdefault(draft.fact.type, []).append(draft)

    def recent(self, ftype: str) -> list[Draft]:
        """The latest facts of ``ftype`` a new one may merge into (a bounded look-back keeps a
        huge page linear)."""
        return self.by_type.get(ftype, [])[-MERGE_LOOKBACK:]


def _merge_or_add(drafts: Drafts, draft: Draft) -> None:
    target = _merge_target(drafts, draft)
    if target is None:
        if draft.anaphoric and draft.fact.type == "initiative" and not draft.fact.name:
            return  # "the same programme" with nothing before it to refer to
        earlier = drafts.recent("agreement")
        if draft.fact.type == "agreement" and not draft.fact.parties and earlier:
            # another document between the parties of the agreement before ("both sides also
            # want to sign a declaration of intent")
            draft.fact.parties = list(earlier[-1].fact.parties)
        drafts.append(draft)
        return
    _absorb(target.fact, draft.fact)
    target.people += [p for p in draft.people if p not in target.people]


def _merge_target(drafts: Drafts, draft: Draft) -> Draft | None:
    fact = draft.fact
    same = drafts.recent(fact.type)
    if not same:
        return None
    if draft.anaphoric or (draft.borrowed and _same_kind(same[-1].fact, fact)):
        return same[-1]
    for other in reversed(same):
        if set(other.fact.parties) == set(fact.parties) and _same_event(other, draft):
            return other
    for other in reversed(same):
        if _same_event(other, draft):
            return other
    if _repair(fact):
        # repairs by the same hands told again, of a model or the family: one repair work
        for other in reversed(same):
            if _repair(other.fact) and set(other.fact.parties) == set(fact.parties):
                return other
    if fact.type in ("agreement", "initiative", "meeting") and not fact.parties and not fact.name:
        return same[-1] if _same_kind(same[-1].fact, fact) else None
    return None


def _repair(fact: Fact) -> bool:
    return fact.type == "production" and "maintenance_repair" in fact.scope


def _same_kind(old: Fact, new: Fact) -> bool:
    """Whether an agreement told without parties can be the one before: not when both name
    different kinds of document in different states ("a contract was signed; both sides also
    want to sign a declaration of intent")."""
    kinds = {old.agreement_type, new.agreement_type} - {"agreement", None}
    return len(kinds) <= 1 or old.status == new.status


def _same_event(old: Draft, new: Draft) -> bool:
    return same_event(old.fact, new.fact, (old.people, new.people))


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
    return bool(fact.parties)
