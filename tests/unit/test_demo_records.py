"""The packaged demo records: sound references, evidence where drawn from an article,
illustrative figures marked as such."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from coprod.demo import mechanism_records
from coprod.domain import kinds
from coprod.services.records import Where, to_entity

DRAWN_FROM_ARTICLES = ("agreements", "funding_instruments", "innovation_projects", "events")
INVENTED = {"gb-ua-drone-fund"}  # the demo's pound fund: no article states it, all illustrative


@pytest.fixture(scope="module")
def records() -> dict[str, Any]:
    return mechanism_records()


def test_every_record_is_valid(records: dict[str, Any]) -> None:
    assert records["schema"] == "coprod.records/1"
    for plural, rows in records.items():
        if plural != "schema":
            for i, row in enumerate(rows):
                where = Where(plural, source="mechanism.json", index=i)
                to_entity(kinds.BY_PLURAL[plural].entity, row, where)


def test_records_drawn_from_articles_cite_a_listed_document(records: dict[str, Any]) -> None:
    documents = {d["key"] for d in records["source_documents"]}
    assert documents == {f"seed-00{i}" for i in range(5)}
    for plural in DRAWN_FROM_ARTICLES:
        for row in records[plural]:
            if plural == "funding_instruments" and row["key"] in INVENTED:
                assert not row["evidence"] and row["illustrative"]
                continue
            assert row["evidence"], f"{plural} {row['key']} has no evidence"
            assert {e["document"] for e in row["evidence"]} <= documents


def test_needs_lines_and_invented_amounts_are_illustrative(records: dict[str, Any]) -> None:
    for plural in ("needs", "production_lines", "funding_instruments"):
        assert all(row["illustrative"] for row in records[plural]), plural
    for row in records["funding_instruments"]:
        # One drawn from an article says which of its figures the article does not give;
        # one no article states (the pound fund) carries no evidence at all.
        spans = row["evidence"]
        assert not spans or any("illustrative" in (e.get("note") or "") for e in spans)


def test_orders_and_deliveries_without_evidence_are_illustrative(
    records: dict[str, Any],
) -> None:
    # Orders and deliveries carry no evidence: none of the articles states one of them.
    for plural in ("orders", "deliveries"):
        assert records[plural], plural
        for row in records[plural]:
            if not row.get("evidence"):
                assert row.get("illustrative") is True, f"{plural} {row['key']}"


def test_remarks_are_notes_and_evidence_notes_qualify_the_span(records: dict[str, Any]) -> None:
    (brave1,) = [p for p in records["innovation_projects"] if p["key"] == "brave1-france-ukraine"]
    assert "March 2026" in brave1["notes"]
    assert not any("March 2026" in (e.get("note") or "") for e in brave1["evidence"])
    events = {e["key"]: e for e in records["events"]}
    nato = events["nato-ukraine-council-2025-06-05"]
    assert "Pentagon" in nato["notes"]
    assert [e.get("note") for e in nato["evidence"]] == ["scheduled for 5 June 2025"]
    for plural in ("events", "innovation_projects"):
        for row in records[plural]:
            for span in row["evidence"]:
                note = span.get("note") or ""
                assert "attend" not in note and "operational" not in note, row["key"]


def test_money_follows_the_rules(records: dict[str, Any]) -> None:
    for fi in records["funding_instruments"]:
        pledged, allocated, disbursed = (
            Decimal(fi[k]["amount"]) for k in ("pledged", "allocated", "disbursed")
        )
        assert disbursed <= allocated <= pledged, fi["key"]
    delivered: dict[str, int] = {}
    for d in records["deliveries"]:
        delivered[d["order"]] = delivered.get(d["order"], 0) + d["quantity"]
    for order in records["orders"]:
        assert delivered.get(order["key"], 0) <= order["quantity"]
        if order["status"] == "delivered":
            assert delivered[order["key"]] == order["quantity"]
