"""A record read only in part (``domain/partial.py``): the rules that need none of its unread
fields judge it as they judge a whole record; a rule that reads an unread field stops there
(``Unread``), so that a placeholder never makes a rule say something false."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from coprod.domain import entities as d
from coprod.domain import kinds, lifecycle
from coprod.domain.enums import AgreementStatus, AgreementType, InstrumentKind
from coprod.domain.money import Money
from coprod.domain.partial import Unread, hiding, known, partial, unread_of
from coprod.errors import CoprodError, InvalidInput, RuleViolation
from coprod.services.records import Where, read_in_part, to_partial

AGREEMENT = {
    "key": "a-1",
    "title": "Contract",
    "type": AgreementType.CONTRACT,
    "status": AgreementStatus.SIGNED,
    "parties": ["FR", "UA"],
    "history": [
        d.StatusChange(AgreementStatus.PLANNED, date(2025, 3, 15)),
        d.StatusChange(AgreementStatus.SIGNED, date(2025, 2, 1)),
    ],
}


def test_a_partial_record_is_of_its_kind_and_refuses_its_unread_fields() -> None:
    record = partial(d.Agreement, AGREEMENT, {"quantity"})
    assert isinstance(record, d.Agreement) and kinds.kind_of(record) is kinds.AGREEMENT
    assert unread_of(record) == {
        "quantity",
        "scope",
        "systems",
        "value",
        "evidence",
        "visibility",
        "notes",
    }
    assert record.title == "Contract" and known(record, "quantity", "-") == "-"
    with pytest.raises(Unread) as unread:
        _ = record.quantity
    assert isinstance(unread.value, InvalidInput)  # should one escape: a refusal, no crash


def test_a_record_with_every_field_read_is_whole() -> None:
    given = {"key": "a-2", "title": "T", "type": "contract", "status": "signed", "parties": ["UA"]}
    whole = to_partial(d.Agreement, given, ())
    assert type(whole) is d.Agreement and unread_of(whole) == frozenset()
    assert whole == d.Agreement("a-2", "T", AgreementType.CONTRACT, AgreementStatus.SIGNED, ["UA"])


def test_the_rules_that_read_only_read_fields_judge_a_partial_record() -> None:
    record = partial(
        d.Agreement,
        {**AGREEMENT, "scope": [], "systems": [], "value": None, "evidence": [], "notes": None},
        {"quantity", "visibility"},
    )
    with pytest.raises(CoprodError) as refused:
        kinds.AGREEMENT.check(record)  # the bounds skip the unread fields; the history is read
    assert (refused.value.code, refused.value.field) == (
        "agreement.history_date_back",
        "history.1.on",
    )


def test_a_rule_that_reads_an_unread_field_is_not_judged() -> None:
    """Allocated exceeds pledged only against a pledged that read: its placeholder (0) would
    say it does."""
    eur = Money(Decimal(100), "EUR")
    instrument = d.FundingInstrument(
        "f-1", "Fund", "FR", InstrumentKind.GRANT, Money(Decimal(0), "EUR"), eur, eur
    )
    with pytest.raises(CoprodError):
        kinds.FUNDING_INSTRUMENT.check(instrument)  # the placeholder breaks the rule...
    with pytest.raises(Unread):
        kinds.FUNDING_INSTRUMENT.check(hiding(instrument, {"pledged"}))  # ...unread, it stops


def test_to_partial_leaves_unread_each_field_the_format_refuses() -> None:
    record = {
        "key": "a-3",
        "title": "T",
        "type": "no-such-type",
        "status": "signed",
        "parties": ["UA"],
        "quantity": "many",
    }
    made = to_partial(d.Agreement, record, {"title"})
    assert {"type", "quantity", "title"} <= unread_of(made)
    assert made.status is AgreementStatus.SIGNED and made.parties == ["UA"]


def test_read_in_part_gives_the_format_s_refusal_and_the_record_as_far_as_it_reads() -> None:
    where = Where("agreements")
    record = {"key": "a-3", "title": "T", "type": "contract", "status": "signed", "parties": []}
    whole, none = read_in_part(d.Agreement, record, where)
    assert none is None and not unread_of(whole) and whole.title == "T"
    made, refused = read_in_part(d.Agreement, {**record, "quantity": "many"}, where)
    assert refused is not None
    assert [(p.code, p.field) for p in refused.each()] == [("format.whole_number", "quantity")]
    assert "quantity" in unread_of(made) and made.title == "T"
    # An unknown field refuses the record, whose every field still reads.
    extra, refused = read_in_part(d.Agreement, {**record, "colour": "red"}, where)
    assert refused is not None and refused.field == "colour"
    assert not unread_of(extra)


def test_a_step_read_in_part_is_judged_by_the_rules_that_need_none_of_its_unread_fields() -> None:
    """An action's step whose date could not be read: the lifecycle still refuses the step
    (signed cannot go straight to completed); a step it allows stops at the date rule."""
    history = [
        d.StatusChange(AgreementStatus.PLANNED, date(2025, 2, 1)),
        d.StatusChange(AgreementStatus.SIGNED, date(2025, 3, 15)),
    ]
    signed = d.Agreement(**{**AGREEMENT, "history": history})
    undated = {"status": AgreementStatus.COMPLETED, "on": date.min}
    with pytest.raises(RuleViolation) as refused:
        lifecycle.advance_by(signed, partial(d.StatusChange, undated, {"on"}))
    assert refused.value.code == "agreement.step"
    allowed = {"status": AgreementStatus.IN_FORCE, "on": date.min}
    with pytest.raises(Unread):
        lifecycle.advance_by(signed, partial(d.StatusChange, allowed, {"on"}))
