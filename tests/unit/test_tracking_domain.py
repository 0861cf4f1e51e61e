"""What tracking reads off the records: expected months, delays, pipeline stages, stalls."""

from __future__ import annotations

from datetime import date

import pytest

from coprod.domain import tracking as t
from coprod.domain.entities import StatusChange
from coprod.domain.enums import AgreementStatus as A
from coprod.domain.enums import AgreementType as T
from coprod.errors import InvalidInput
from coprod.services.tracking.reading import AgreementFacts
from coprod.services.tracking.views import by_stage

TODAY = date(2026, 12, 6)


@pytest.mark.parametrize(
    ("month", "lead", "expected"),
    [("2026-01", 0, "2026-01"), ("2026-11", 2, "2027-01"), ("2025-12", 13, "2027-01")],
)
def test_expected_month_is_the_order_month_plus_lead_time(
    month: str, lead: int, expected: str
) -> None:
    assert t.expected_month(month, lead) == expected


def test_delay_counts_whole_months_after_the_expected_one() -> None:
    assert t.delay_months("2026-03", date(2026, 3, 31)) == 0
    assert t.delay_months("2026-03", date(2026, 2, 1)) == 0
    assert t.delay_months("2026-03", date(2026, 4, 1)) == 1
    assert t.delay_months("2026-11", date(2027, 2, 1)) == 3


@pytest.mark.parametrize(
    ("kind", "status", "stage"),
    [
        (T.LETTER_OF_INTENT, A.SIGNED, t.Stage.LETTER_OF_INTENT),
        (T.DECLARATION_OF_INTENT, A.PLANNED, t.Stage.LETTER_OF_INTENT),
        (T.MEMORANDUM_OF_UNDERSTANDING, A.SIGNED, t.Stage.MEMORANDUM),
        (T.CONTRACT, A.SIGNED, t.Stage.CONTRACT),
        (T.JOINT_VENTURE, A.SIGNED, t.Stage.CONTRACT),
        (T.CONTRACT, A.IN_FORCE, t.Stage.IN_FORCE),
        (T.MEMORANDUM_OF_UNDERSTANDING, A.COMPLETED, t.Stage.COMPLETED),
        (T.LETTER_OF_INTENT, A.CANCELLED, t.Stage.CANCELLED),
    ],
)
def test_the_stage_of_an_agreement(kind: T, status: A, stage: t.Stage) -> None:
    assert t.stage(kind, status) is stage


def test_stalled_after_six_months_at_a_stage_before_the_end() -> None:
    assert t.is_stalled(t.Stage.MEMORANDUM, date(2026, 5, 1), TODAY)
    assert not t.is_stalled(t.Stage.MEMORANDUM, date(2026, 7, 1), TODAY)
    assert not t.is_stalled(t.Stage.COMPLETED, date(2020, 1, 1), TODAY)
    assert not t.is_stalled(t.Stage.CONTRACT, None, TODAY)


def agreement(key: str, kind: T, status: A, *steps: tuple[A, date]) -> AgreementFacts:
    return AgreementFacts(key, key, kind, status, [StatusChange(s, on) for s, on in steps])


def test_the_pipeline_counts_times_and_stalls() -> None:
    tables = by_stage(
        [
            agreement(
                "mou-old", T.MEMORANDUM_OF_UNDERSTANDING, A.SIGNED, (A.SIGNED, date(2025, 1, 1))
            ),
            agreement(
                "mou-new", T.MEMORANDUM_OF_UNDERSTANDING, A.SIGNED, (A.SIGNED, date(2026, 11, 1))
            ),
            agreement(
                "contract",
                T.CONTRACT,
                A.COMPLETED,
                (A.SIGNED, date(2025, 1, 1)),
                (A.IN_FORCE, date(2025, 4, 1)),
                (A.COMPLETED, date(2026, 4, 1)),
            ),
            agreement("undated", T.LETTER_OF_INTENT, A.SIGNED),
        ],
        TODAY,
    )
    stages, stalled = tables
    rows = {row["stage"]: row for row in stages.rows}
    assert [row["stage"] for row in stages.rows] == [s.value for s in t.Stage]
    assert rows["memorandum"]["agreements"] == 2 and rows["memorandum"]["stalled"] == 1
    assert rows["letter_of_intent"]["agreements"] == 1
    assert rows["letter_of_intent"]["months_at_stage"] is None
    assert rows["contract"]["months_taken"] == pytest.approx(3.0, abs=0.1)
    assert rows["in_force"]["months_taken"] == pytest.approx(12.0, abs=0.1)
    assert rows["completed"]["agreements"] == 1
    assert [row["agreement"] for row in stalled.rows] == ["mou-old"]
    assert stalled.rows[0]["since"] == "2025-01-01"
    assert stages.totals == {"agreements": 4, "stalled": 1}


def test_the_stall_threshold_is_a_setting_within_bounds() -> None:
    since = date(2026, 6, 1)  # six months and five days before TODAY
    assert t.is_stalled(t.Stage.MEMORANDUM, since, TODAY, 6)
    assert not t.is_stalled(t.Stage.MEMORANDUM, since, TODAY, 7)
    row = agreement("mou", T.MEMORANDUM_OF_UNDERSTANDING, A.SIGNED, (A.SIGNED, since))
    assert [r["agreement"] for r in by_stage([row], TODAY, 6)[1].rows] == ["mou"]
    assert by_stage([row], TODAY, 9)[1].rows == []
    assert t.check_stalled_months(1) == 1 and t.check_stalled_months(120) == 120
    for wrong in (0, 121, -6):
        with pytest.raises(InvalidInput, match=r"stalled_months: .* from 1 to 120"):
            t.check_stalled_months(wrong)
