"""The CSV cell codec: lists joined with ';', nested fields with '|', backslash escapes."""

from __future__ import annotations

import pytest

from coprod.domain.entities import Agreement, FundingInstrument, Person
from coprod.services.records.csv_records import columns, escape, split


@pytest.mark.parametrize("text", ["plain", "a;b", "a|b", "back\\slash", "; | \\ ;;", ""])
def test_escaped_text_splits_back_to_itself(text: str) -> None:
    joined = ";".join([escape(text), escape("next")])
    assert split(joined, ";") == [text, "next"]


def test_outer_split_keeps_escapes_for_the_inner_one() -> None:
    cell = "doc|1|2|" + escape("a; b | c") + ";doc|3|4"
    items = split(cell, ";", unescape=False)
    assert [split(i, "|") for i in items] == [["doc", "1", "2", "a; b | c"], ["doc", "3", "4"]]


def test_money_takes_two_columns() -> None:
    assert columns(Agreement)[8:10] == ["value_amount", "value_currency"]
    assert "pledged_amount" in columns(FundingInstrument)
    assert columns(Person) == ["key", "name", "country", "aliases", "roles"]
