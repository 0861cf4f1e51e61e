"""The domain's rule of fact identity (domain/facts.py) on its boundaries: the key each fact type
is stored under, the kinds an untyped agreement may also be, and when a later report in one
article tells the same event. The extractor's Fact and ingestion's Report read the same."""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence
from decimal import Decimal

import pytest

from coprod.domain.facts import (
    Report,
    event_keys,
    identity,
    kind_variants,
    lookup_keys,
    merge,
    same_event,
)
from coprod.extraction.model import Fact


def agreement(**values: object) -> Report:
    base: dict[str, object] = {
        "parties": ("FR", "UA"),
        "agreement_type": "letter_of_intent",
        "status": "signed",
    }
    return Report("agreement", **{**base, **values})  # type: ignore[arg-type]


# ------------------------------------------------------------------------------------ identity


def test_an_agreement_is_its_set_of_parties_kind_and_systems() -> None:
    one = agreement(parties=("UA", "FR"), systems=("Caesar", "AASM"))
    assert identity(one) == (
        "agreement | parties=FR,UA | agreement_type=letter_of_intent | systems=AASM,Caesar"
    )
    # status and date are not part of it: a later article may tell the agreement in force
    assert identity(agreement(status="in_force", date="2025-01")) == identity(agreement())
    assert identity(agreement(agreement_type="contract")) != identity(agreement())
    assert identity(agreement(parties=("FR", "UA", "DE"))) != identity(agreement())


def test_funding_supply_and_production_keys() -> None:
    funding = Report("funding", funder="FR", recipient="UA", amount=Decimal("200000000"))
    assert identity(funding) == "funding | funder=FR | recipient=UA | amount=200000000 | currency="
    supply = Report("supply", supplier="FR", recipient="UA", status="delivered", systems=("M",))
    assert identity(supply) == "supply | supplier=FR | recipient=UA | status=delivered | systems=M"
    planned = Report("supply", supplier="FR", recipient="UA", status="planned", systems=("M",))
    assert identity(planned) != identity(supply)
    production = Report("production", parties=("FR",), systems=("B", "A"), status="ongoing")
    assert identity(production) == "production | parties=FR | systems=A,B"


@pytest.mark.parametrize("ftype", ["meeting", "initiative"])
def test_a_name_is_the_whole_key_of_meetings_and_initiatives(ftype: str) -> None:
    named = Report(ftype, name="Réunion de RAMSTEIN", parties=("FR",), date="2025-04-11")
    assert identity(named) == f"{ftype} | name=reunion de ramstein"
    assert identity(Report(ftype, name="reunion de Ramstein", parties=("DE",))) == identity(named)


def test_unnamed_meetings_by_parties_and_date_initiatives_by_parties_and_scope() -> None:
    meeting = Report("meeting", parties=("UA", "FR"), date="2025-04-11", scope=("x",))
    assert identity(meeting) == "meeting | parties=FR,UA | date=2025-04-11"
    assert identity(Report("meeting", parties=("FR", "UA"))) == "meeting | parties=FR,UA | date="
    initiative = Report("initiative", parties=("FR", "UA"), scope=("co_development",))
    assert identity(initiative) == "initiative | parties=FR,UA | scope=co_development"


def test_unknown_names_are_compared_folded_known_references_as_they_are() -> None:
    report = Report("production", parties=("Rhéinmetall Waffen", "FR"))
    assert identity(report, unknown={"Rhéinmetall Waffen"}) == (
        "production | parties=FR,name:rheinmetall waffen | systems="
    )
    assert identity(report) == "production | parties=FR,Rhéinmetall Waffen | systems="


def test_an_untyped_agreement_may_be_each_stated_kind_and_nothing_else_has_variants() -> None:
    untyped = agreement(agreement_type="agreement")
    variants = kind_variants(untyped)
    assert len(variants) == 6
    assert identity(agreement(agreement_type="contract")) in variants
    assert identity(untyped) not in variants
    assert kind_variants(agreement()) == []
    assert kind_variants(Report("funding", agreement_type="agreement")) == []


def test_the_extractors_fact_and_a_stored_report_have_one_identity() -> None:
    fact = Fact("agreement", parties=["UA", "FR"], agreement_type="contract", systems=["Caesar"])
    report = Report(
        "agreement", parties=("FR", "UA"), agreement_type="contract", systems=("Caesar",)
    )
    assert identity(fact) == identity(report)


# ---------------------------------------------------------------------------------- same event


def test_reports_of_different_types_are_never_one_event() -> None:
    assert not same_event(Report("meeting", name="Ramstein"), Report("initiative", name="Ramstein"))


def test_two_names_decide_alone() -> None:
    assert same_event(agreement(name="Accord Caesar"), agreement(name="accord caesar"))
    assert not same_event(agreement(name="Accord Caesar"), agreement(name="Accord Mistral"))


def test_an_agreement_restated_with_some_of_its_parties_or_an_unstated_kind() -> None:
    assert same_event(agreement(), agreement(parties=("FR",), agreement_type="agreement"))
    assert same_event(agreement(parties=("FR",)), agreement())
    # an untyped agreement is the typed one only between the same parties
    untyped = agreement(agreement_type="agreement")
    assert same_event(untyped, agreement())
    assert not same_event(untyped, agreement(parties=("FR",)))


def test_agreements_of_other_kinds_states_or_partly_other_parties_are_apart() -> None:
    assert not same_event(agreement(), agreement(agreement_type="contract"))
    assert not same_event(agreement(), agreement(status="planned"))
    assert not same_event(agreement(), agreement(parties=("FR", "DE")))
    assert not same_event(agreement(), agreement(parties=()))


def test_the_same_identity_and_state_is_one_event_even_without_parties() -> None:
    bare = agreement(parties=(), systems=("Caesar",))
    assert same_event(bare, agreement(parties=(), systems=("Caesar",)))
    assert not same_event(bare, agreement(parties=(), systems=("Caesar",), status="planned"))
    assert not same_event(bare, agreement(parties=(), systems=("Mistral",)))
    named = agreement(parties=(), name="LoI drones")
    assert not same_event(named, agreement(parties=(), name="LoI data"))


def test_a_meeting_is_the_same_when_a_person_is_named_again_or_between_the_same_states() -> None:
    old, new = Report("meeting", parties=("FR",)), Report("meeting", parties=("NATO",))
    assert same_event(old, new, (["Sébastien Lecornu"], ["Sébastien Lecornu", "Rustem Umerov"]))
    assert not same_event(old, new, (["Sébastien Lecornu"], ["Rustem Umerov"]))
    states = Report("meeting", parties=("FR", "UA", "Thales"))
    assert same_event(states, Report("meeting", parties=("UA", "FR")))
    assert not same_event(states, Report("meeting", parties=("UA", "DE")))
    bodies = Report("meeting", parties=("NATO",))
    assert not same_event(bodies, Report("meeting", parties=("EU",)))


def test_an_initiative_restated_with_some_of_its_parties() -> None:
    brave = Report("initiative", parties=("FR", "UA"))
    assert same_event(brave, Report("initiative", parties=("UA",)))
    assert not same_event(brave, Report("initiative", parties=("UA", "DE")))
    assert not same_event(brave, Report("initiative"))


def test_funding_by_the_same_funder_to_the_same_recipient_unless_the_sums_differ() -> None:
    fund = Report("funding", funder="FR", recipient="UA", amount=Decimal("200"))
    assert same_event(fund, Report("funding", funder="FR", recipient="UA"))
    assert same_event(fund, Report("funding", funder="FR", recipient="UA", amount=Decimal("200")))
    assert not same_event(fund, Report("funding", funder="FR", recipient="UA", amount=Decimal(2)))
    assert not same_event(fund, Report("funding", funder="FR", recipient="DE"))
    assert not same_event(fund, Report("funding", funder="DE", recipient="UA"))


def supply(**values: object) -> Report:
    base: dict[str, object] = {
        "parties": ("FR", "UA"),
        "supplier": "FR",
        "recipient": "UA",
        "systems": ("A", "B"),
        "status": "delivered",
    }
    return Report("supply", **{**base, **values})  # type: ignore[arg-type]


def test_a_supply_is_its_supplier_recipient_state_and_systems() -> None:
    assert same_event(supply(), supply(systems=("B", "A")))
    # another sum with the same identity: the same delivery, as across articles
    assert same_event(supply(amount=Decimal(5)), supply(amount=Decimal(7)))
    assert not same_event(supply(), supply(systems=("A",)))
    assert not same_event(supply(), supply(status="planned"))
    assert not same_event(supply(), supply(supplier="DE", parties=("DE", "UA")))


def test_production_only_when_its_parties_and_systems_are_the_same() -> None:
    made = Report("production", parties=("FR",), systems=("A",))
    assert same_event(made, Report("production", parties=("FR",), systems=("A",)))
    assert not same_event(made, Report("production", parties=("FR", "DE"), systems=("A",)))
    assert not same_event(made, Report("production", parties=("FR",), systems=()))


# ------------------------------------------------------------------- finding the earlier report

PARTIES = [(), ("FR",), ("UA",), ("FR", "UA"), ("UA", "FR"), ("UA", "FR", "DE"), ("Thales", "FR")]
# the values each fact type's rule reads, few enough that many pairs tell one event
VALUES: dict[str, dict[str, Sequence[object]]] = {
    "agreement": {
        "parties": PARTIES,
        "agreement_type": [None, "agreement", "contract", "letter_of_intent"],
        "status": [None, "signed", "planned"],
        "systems": [(), ("Caesar",)],
        "name": [None, "Pacte drones", "PACTE DRONES", "Other"],
    },
    "meeting": {
        "parties": PARTIES,
        "status": [None, "held"],
        "date": [None, "2025-02"],
        "name": [None, "Ramstein", "Other"],
    },
    "initiative": {
        "parties": PARTIES,
        "scope": [(), ("co_production",)],
        "status": [None, "announced"],
        "name": [None, "Brave1", "brave1"],
    },
    "funding": {
        "funder": [None, "FR", "DE"],
        "recipient": [None, "UA"],
        "amount": [None, Decimal(200), Decimal("200.0"), Decimal(7)],
        "currency": [None, "EUR"],
        "status": [None, "announced"],
        "name": [None, "PURL"],
    },
    "supply": {
        "parties": PARTIES[:5],
        "supplier": [None, "FR"],
        "recipient": [None, "UA"],
        "systems": [(), ("A", "B"), ("B", "A")],
        "amount": [None, Decimal(5)],
        "status": [None, "delivered"],
    },
    "production": {
        "parties": PARTIES[:5],
        "systems": [(), ("A",), ("A", "B")],
        "scope": [(), ("maintenance_repair",)],
        "name": [None, "Caesar line"],
    },
}
PEOPLE = [(), ("Rustem Umerov",), ("Rustem Umerov", "Boris Pistorius"), ("Boris Pistorius",)]


def reports(ftype: str) -> list[tuple[Report, tuple[str, ...]]]:
    """Up to 160 reports of ``ftype`` (with the people they name), drawn from every
    combination of VALUES the same way on every run."""
    fields = VALUES[ftype]
    people = PEOPLE if ftype == "meeting" else [()]
    every = [
        (Report(ftype, **dict(zip(fields, combination, strict=True))), named)  # type: ignore[arg-type]
        for combination in itertools.product(*fields.values())
        for named in people
    ]
    return random.Random(ftype).sample(every, min(160, len(every)))


@pytest.mark.parametrize("ftype", sorted(VALUES))
def test_a_later_report_of_the_same_event_looks_up_a_key_the_earlier_one_is_filed_under(
    ftype: str,
) -> None:
    # the extractor compares a new report only with the earlier ones sharing a key with it:
    # a rule of same_event the keys do not follow would let it miss a merge
    drawn = reports(ftype)
    filed = [event_keys(report, people) for report, people in drawn]
    looked = [lookup_keys(report, people) for report, people in drawn]
    same = 0
    for (old, old_people), keys in zip(drawn, filed, strict=True):
        for (new, new_people), wanted in zip(drawn, looked, strict=True):
            if same_event(old, new, (old_people, new_people)):
                same += 1
                assert keys & wanted, f"{old} then {new}: same event, no shared key"
    assert same > len(drawn)  # more than each report with itself


def test_keys_sort_out_the_reports_that_cannot_be_one_event() -> None:
    fund = Report("funding", funder="FR", recipient="UA", amount=Decimal(200))
    assert event_keys(fund) & lookup_keys(Report("funding", funder="FR", recipient="UA"))
    assert not event_keys(fund) & lookup_keys(
        Report("funding", funder="FR", recipient="UA", amount=Decimal(7))
    )
    assert not event_keys(agreement()) & lookup_keys(agreement(status="planned"))
    assert not event_keys(agreement()) & lookup_keys(agreement(agreement_type="contract"))
    assert event_keys(agreement(agreement_type="agreement")) & lookup_keys(
        agreement(agreement_type="contract")
    )


# --------------------------------------------------------------------------------------- merge


def test_a_later_report_adds_the_list_values_it_names_in_order_without_repeats() -> None:
    known = {"parties": ["DE", "UA"], "scope": ["co_production"], "systems": [], "growth": []}
    later = {"parties": ["UA", "US"], "systems": ["Patriot"], "growth": [{"factor": 2}]}
    assert merge(known, later) == {
        "parties": ["DE", "UA", "US"],
        "scope": ["co_production"],
        "systems": ["Patriot"],
        "growth": [{"factor": 2}],
    }


def test_a_later_report_fills_what_was_unstated_and_overwrites_nothing() -> None:
    known = {"name": None, "date": "2025-04", "amount": None, "currency": None, "status": "signed"}
    later = {"name": "Ramstein", "date": "2025-05-01", "amount": "200", "currency": "EUR"}
    later["status"] = "planned"
    assert merge(known, later) == {
        "name": "Ramstein",
        "date": "2025-04",
        "amount": "200",
        "currency": "EUR",
        "status": "signed",
    }
    assert merge({"quantity": 12}, {"quantity": None}) == {"quantity": 12}


def test_an_agreement_of_unstated_kind_takes_the_kind_a_later_report_states() -> None:
    assert merge({"agreement_type": "agreement"}, {"agreement_type": "contract"}) == {
        "agreement_type": "contract"
    }
    stated = {"agreement_type": "letter_of_intent"}
    assert merge(stated, {"agreement_type": "contract"}) == stated
    assert merge(stated, {"agreement_type": "agreement"}) == stated


def test_fields_a_reviewer_edited_stay_as_the_reviewer_left_them() -> None:
    known = {"parties": ["FR"], "name": None, "scope": []}
    later = {"parties": ["UA"], "name": "Brave1", "scope": ["co_development"]}
    merged = merge(known, later, kept={"parties", "name"})
    assert merged == {"parties": ["FR"], "name": None, "scope": ["co_development"]}
    assert known == {"parties": ["FR"], "name": None, "scope": []}  # not changed in place
