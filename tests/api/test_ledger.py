"""The ledger's regression cases (issue 11), through the API on the demo registry: every write
is held to the ledger's rules, the refusal names record, field and rule without another
organisation's figures, and the summary and the dashboard read one definition of "ordered"."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from coprod.app import bind
from coprod.db.auth_models import UserRow
from coprod.db.engine import make_engine
from coprod.db.uow import UnitOfWork
from coprod.domain import entities as d
from coprod.domain.enums import AccountRole, OrderStatus
from coprod.errors import Forbidden, NotFound, RuleViolation
from coprod.services import ledger, planning
from coprod.services.accounts import auth
from coprod.services.accounts.access import SYSTEM, Principal
from coprod.services.accounts.demo_accounts import ensure_demo_accounts
from coprod.services.ledger import orders, rates
from coprod.services.registry.summary import overview, summary
from coprod.services.store import Store
from coprod.web.dashboard import build_dashboard
from tests.api.conftest import Platform, settings_for
from tests.stores import copy_sqlite


@pytest.fixture(scope="module")
def demo_template(demo_sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo registry (tests/conftest.py: its dates laid from 2026-12-06, so no test reads
    the clock) with one API token per demo account, made once per module."""
    folder = tmp_path_factory.mktemp("ledger-demo")
    url = copy_sqlite(demo_sqlite_template, folder / "coprod.db")
    engine = make_engine(url)
    Store(url, engine).write(ensure_demo_accounts)
    with UnitOfWork(engine, access=SYSTEM) as uow:
        tokens = [
            f"{user.role}={auth.issue_token(uow, user, 'tests')}"
            for user in uow.session.query(UserRow).all()
        ]
        uow.commit()
    engine.dispose()
    (folder / "tokens").write_text("\n".join(tokens))
    return folder


@pytest.fixture
def demo(shared_app: FastAPI, demo_template: Path, tmp_path: Path) -> Iterator[Platform]:
    """A fresh copy of the demo registry behind a test client (the shared app bound to it)."""
    copy_sqlite(demo_template / "coprod.db", tmp_path / "coprod.db")
    lines = (demo_template / "tokens").read_text().splitlines()
    tokens = dict(line.split("=", 1) for line in lines)
    settings = settings_for(tmp_path)
    engine = make_engine(settings.database_url)
    with TestClient(bind(shared_app, settings, engine=engine)) as client:
        yield Platform(client, engine, tokens)
    engine.dispose()


def order(*parts: Any, **more: Any) -> dict[str, Any]:
    """An order body: key, need, line, instrument, quantity, unit price (EUR), then fields."""
    key, need, line, instrument, quantity, price = parts
    return {
        "key": key,
        "need": need,
        "production_line": line,
        "instrument": instrument,
        "quantity": quantity,
        "unit_price": {"amount": price, "currency": "EUR"},
        "month": "2026-06",
        **more,
    }


def post(demo: Platform, role: str, plural: str, body: dict[str, Any]) -> Any:
    return demo.client.post(f"/api/{plural}", headers=demo.headers(role), json=body)


def get(demo: Platform, plural: str, key: str) -> Any:
    answer = demo.client.get(f"/api/{plural}/{key}", headers=demo.headers("ministry"))
    assert answer.status_code == 200, answer.text
    return answer


def put(demo: Platform, role: str, plural: str, key: str, **changes: Any) -> Any:
    current = get(demo, plural, key)
    body = {k: v for k, v in current.json().items() if k != "version"} | changes
    headers = demo.headers(role, **{"If-Match": current.headers["ETag"]})
    return demo.client.put(f"/api/{plural}/{key}", headers=headers, json=body)


def allocated(demo: Platform, key: str) -> Decimal:
    return Decimal(get(demo, "funding_instruments", key).json()["allocated"]["amount"])


def refused(answer: Any, *words: str) -> str:
    assert answer.status_code == 422, answer.text
    detail: str = answer.json()["detail"]
    for word in words:
        assert word in detail, detail
    return detail


def test_the_drone_need_on_a_mistral_line_is_refused(demo: Platform) -> None:
    body = order(
        "drones-on-mistral",
        "need-drones-autumn-2026",
        "line-fr-mistral",
        "fr-direct-order-fund",  # one it sees: another funder's is unknown to it
        5000,
        "450",
        status="delivered",
    )
    answer = post(demo, "manufacturer", "orders", body)
    refused(answer, "orders 'drones-on-mistral'", "production_line", "makes 'mistral'")
    # The ministry's next real order for drones is not refused as over-ordered.
    real = order("drones-real", "need-drones-autumn-2026", "line-ua-drones-ua", None, 40000, "450")
    assert post(demo, "ministry", "orders", real).status_code == 201


def test_an_order_past_the_instruments_pledge_is_refused(demo: Platform) -> None:
    before = allocated(demo, "fr-direct-order-fund")
    # €410M (100 Mistral at €4.1M) on the €200M direct-order fund.
    body = order(
        "mistral-410m", "need-mistral-2026", "line-fr-mistral", "fr-direct-order-fund", 100,
        "4100000",
    )  # fmt: skip
    detail = refused(
        post(demo, "ministry", "orders", body),
        "orders 'mistral-410m'",
        "field instrument",
        "allocated never exceeds its pledged",
    )
    assert "43" not in detail and "200" not in detail  # neither allocated nor pledged figures
    assert allocated(demo, "fr-direct-order-fund") == before
    assert get_missing(demo, "orders", "mistral-410m")


def get_missing(demo: Platform, plural: str, key: str) -> bool:
    answer = demo.client.get(f"/api/{plural}/{key}", headers=demo.headers("ministry"))
    return bool(answer.status_code == 404)


def test_a_long_range_instrument_cannot_pay_french_shells(demo: Platform) -> None:
    body = order(
        "shells-on-long-range", "need-shells-155mm-2026", "line-fr-155mm",
        "de-long-range-production", 1000, "4100",
    )  # fmt: skip
    refused(
        post(demo, "ministry", "orders", body),
        "orders 'shells-on-long-range'",
        "field instrument",
        "site_countries UA",
        "a site in FR",
    )
    # The same shells paid by French aid (no rule against them) are admitted.
    body["key"], body["instrument"] = "shells-on-aid", "fr-aid-2025"
    assert post(demo, "ministry", "orders", body).status_code == 201


def test_a_valid_order_raises_the_instruments_allocated(demo: Platform) -> None:
    before = allocated(demo, "fr-aid-2025")
    body = order(
        "shells-4m", "need-shells-155mm-2026", "line-fr-155mm", "fr-aid-2025", 1000, "4100"
    )
    assert post(demo, "ministry", "orders", body).status_code == 201
    assert allocated(demo, "fr-aid-2025") == before + Decimal("4100000")
    # Cancelling it gives the money back; a proposal allocates nothing.
    assert put(demo, "ministry", "orders", "shells-4m", status="cancelled").status_code == 200
    assert allocated(demo, "fr-aid-2025") == before
    proposal = body | {"key": "shells-proposed", "status": "proposed"}
    assert post(demo, "ministry", "orders", proposal).status_code == 201
    assert allocated(demo, "fr-aid-2025") == before


def test_summary_and_dashboard_count_only_placed_or_later_orders(demo: Platform) -> None:
    need = "need-shells-155mm-2026"  # 15 000 placed; the demo proposes 27 000 more
    cancelled = order("shells-cancelled", need, "line-fr-155mm", None, 5000, "4100",
                      status="cancelled")  # fmt: skip
    assert post(demo, "ministry", "orders", cancelled).status_code == 201
    with UnitOfWork(demo.engine, access=SYSTEM) as uow:
        from_summary = {n["key"]: n for n in summary(uow)["needs"]}[need]
        board = build_dashboard(overview(uow))
        figures = ledger.read_ledger(uow)
    assert from_summary["ordered"] == 15000 and from_summary["proposed"] == 27000
    shells = {n.key: n for n in board.ledger.needs}[need]
    assert (shells.ordered, shells.proposed) == (15000, 27000)
    assert board.ledger == figures
    for n in board.ledger.needs:
        shown = {m["key"]: m for m in summary_needs(demo)}[n.key]
        assert (shown["ordered"], shown["delivered"]) == (n.ordered, n.delivered)
    # The coverage chart draws 10% ordered (15 000 of 150 000) and 18% proposed for shells.
    assert "10%" in board.coverage and "18%" in board.coverage


def summary_needs(demo: Platform) -> list[dict[str, Any]]:
    with UnitOfWork(demo.engine, access=SYSTEM) as uow:
        needs: list[dict[str, Any]] = summary(uow)["needs"]
    return needs


def test_an_over_order_refusal_shows_no_other_organisations_figures(demo: Platform) -> None:
    # The missile maker opens a drone line and orders more drones than are left open: 13 000
    # of the 60 000 are ordered from its competitors.
    line = {
        "key": "line-missile-maker-drones",
        "organisation": "demo-fr-missile-maker",
        "system": "drones",
        "company_country": "FR",
        "site_country": "FR",
        "unit_cost": {"amount": "600", "currency": "EUR"},
        "monthly_capacity": 10000,
        "lead_time_months": 1,
    }
    assert post(demo, "manufacturer", "production_lines", line).status_code == 201
    body = order("too-many-drones", "need-drones-autumn-2026", line["key"], None, 50000, "600")
    detail = refused(
        post(demo, "manufacturer", "orders", body),
        "orders 'too-many-drones'",
        "field quantity",
        "a need is never over-ordered",
    )
    for figure in ("13000", "13 000", "13,000", "63000", "63,000", "4000", "9000", "60000"):
        assert figure not in detail, detail
    body["quantity"] = 47000  # exactly what is left
    assert post(demo, "manufacturer", "orders", body).status_code == 201


def test_an_order_status_moves_forward_only(demo: Platform) -> None:
    key = "order-fr-aasm-hammer-2026-02"  # delivered
    answer = put(demo, "ministry", "orders", key, status="placed")
    refused(answer, f"orders '{key}'", "field status", "cannot go from delivered to placed")
    refused(put(demo, "ministry", "orders", key, status="cancelled"), "delivered to cancelled")
    assert put(demo, "ministry", "orders", key, status="accepted").status_code == 200
    with UnitOfWork(demo.engine, access=SYSTEM) as uow:
        hammer = {n.key: n for n in ledger.read_ledger(uow).needs}["need-aasm-hammer-2026"]
    assert (hammer.ordered, hammer.delivered, hammer.accepted) == (120, 120, 120)


def test_maturity_stages_never_go_backwards(demo: Platform) -> None:
    key = "brave1-france-ukraine"
    backwards = [{"stage": "trl6", "on": "2026-03-01"}, {"stage": "trl4", "on": "2026-02-01"}]
    answer = put(demo, "ministry", "innovation_projects", key, stages=backwards)
    refused(answer, f"innovation_projects '{key}'", "field stages.1", "trl4 after trl6")
    late = [{"stage": "trl4", "on": "2026-03-01"}, {"stage": "trl6", "on": "2026-02-01"}]
    refused(put(demo, "ministry", "innovation_projects", key, stages=late), "stages.1.on")
    forward = [{"stage": "trl4", "on": "2026-02-01"}, {"stage": "trl6", "on": "2026-03-01"}]
    assert put(demo, "ministry", "innovation_projects", key, stages=forward).status_code == 200
    lower = [{"stage": "trl4", "on": "2026-02-01"}]
    refused(put(demo, "ministry", "innovation_projects", key, stages=lower), "below the recorded")


def test_the_demo_registry_keeps_every_ledger_rule(demo: Platform) -> None:
    with UnitOfWork(demo.engine, access=SYSTEM) as uow:
        assert ledger.verify(uow) == []


def test_a_change_to_a_line_need_or_instrument_holds_its_orders_to_the_rules(
    demo: Platform,
) -> None:
    # The Mistral order (60, in production) is on the French line, paid by the French fund.
    refused(
        put(demo, "ministry", "production_lines", "line-fr-mistral", system="samp-t"),
        "production_lines 'line-fr-mistral': orders 'order-fr-mistral-2026-02'",
        "the order's line makes the need's system",
    )
    refused(
        put(
            demo,
            "ministry",
            "funding_instruments",
            "fr-direct-order-fund",
            producer_countries=["UA"],
        ),
        "funding_instruments 'fr-direct-order-fund': orders 'order-fr-mistral-2026-02'",
        "producer_countries",
    )
    refused(
        put(
            demo,
            "ministry",
            "funding_instruments",
            "fr-direct-order-fund",
            pledged={"amount": "40000000", "currency": "EUR"},
        ),
        "funding_instruments 'fr-direct-order-fund'",
        "exceeds pledged",
    )
    refused(
        put(
            demo,
            "ministry",
            "funding_instruments",
            "fr-direct-order-fund",
            allocated={"amount": "30000000", "currency": "EUR"},
        ),
        "field allocated",
        "never typed in",
    )


def test_an_order_already_paid_for_is_not_cancelled_behind_the_payment(demo: Platform) -> None:
    # The French fund disbursed €26.2M of its €43M: cancelling the €21M Mistral order would
    # leave it paid more than its orders cost; cancelling the €2.8M drone order would not.
    answer = put(demo, "ministry", "orders", "order-fr-mistral-2026-02", status="cancelled")
    refused(answer, "orders 'order-fr-mistral-2026-02'", "disbursed never exceeds allocated")
    drones = put(demo, "ministry", "orders", "order-fr-ua-drones-2026-06", status="cancelled")
    assert drones.status_code == 200, drones.text
    assert allocated(demo, "fr-direct-order-fund") == Decimal("40200000")


def test_only_the_ministry_confirms_acceptance(demo: Platform) -> None:
    key = "order-fr-mistral-2026-02"  # in production, on the missile maker's own line
    answer = put(demo, "manufacturer", "orders", key, status="accepted")
    assert answer.status_code == 403, answer.text
    assert "may not confirm acceptance" in answer.json()["detail"]
    assert put(demo, "manufacturer", "orders", key, status="delivered").status_code == 200
    assert put(demo, "ministry", "orders", key, status="accepted").status_code == 200


def disbursed(demo: Platform, key: str) -> Decimal:
    return Decimal(get(demo, "funding_instruments", key).json()["disbursed"]["amount"])


def audit_entries(demo: Platform) -> int:
    with demo.engine.connect() as conn:
        return int(conn.exec_driver_sql("select count(*) from audit_log").scalar() or 0)


def report(key: str, line: str, quantity: int, order_key: str | None) -> dict[str, Any]:
    return {
        "key": key,
        "production_line": line,
        "month": "2026-05",
        "quantity": quantity,
        "order": order_key,
    }


def test_a_manufacturer_reports_production_on_its_own_lines_before_delivering(
    demo: Platform,
) -> None:
    mistral = "order-fr-mistral-2026-02"  # 60 ordered, 40 reported produced, 20 delivered
    early = {"key": "mistral-early", "order": mistral, "quantity": 21, "delivered_on": "2026-06-20"}
    refused(post(demo, "manufacturer", "deliveries", early), "delivered never exceeds produced")
    before = audit_entries(demo)
    made = post(
        demo, "manufacturer", "production_reports", report("r-m", "line-fr-mistral", 20, mistral)
    )
    assert made.status_code == 201, made.text
    assert audit_entries(demo) == before + 1
    assert post(demo, "manufacturer", "deliveries", early).status_code == 201
    with UnitOfWork(demo.engine, access=SYSTEM) as uow:
        figures = {n.key: n for n in ledger.read_ledger(uow).needs}["need-mistral-2026"]
    assert (figures.ordered, figures.produced, figures.delivered) == (60, 60, 41)
    detail = refused(
        post(
            demo,
            "manufacturer",
            "production_reports",
            report("r-m2", "line-fr-mistral", 1, mistral),
        ),
        "production_reports 'r-m2'",
        "produced never exceeds ordered",
    )
    assert "60" not in detail and "61" not in detail
    # Another maker's line is unknown to it, like a line that does not exist.
    hammer = report("r-h", "line-fr-aasm-hammer", 1, "order-fr-aasm-hammer-2026-02")
    foreign = post(demo, "manufacturer", "production_reports", hammer)
    assert foreign.status_code == 422 and "unknown production line" in foreign.json()["detail"]
    assert post(demo, "ministry", "production_reports", hammer).status_code == 422  # over 120
    assert get_missing(demo, "production_reports", "r-h")


def test_a_funder_records_payments_on_its_own_instruments(demo: Platform) -> None:
    fund, mistral = "fr-direct-order-fund", "order-fr-mistral-2026-02"  # €21M, €7M paid
    assert disbursed(demo, fund) == Decimal("26200000")
    body = {
        "key": "pay-mistral-2",
        "instrument": fund,
        "order": mistral,
        "paid_on": "2026-06-01",
        "amount": {"amount": "14000000", "currency": "EUR"},
    }
    before = audit_entries(demo)
    assert post(demo, "funder", "payments", body).status_code == 201
    assert disbursed(demo, fund) == Decimal("40200000")
    assert audit_entries(demo) == before + 2  # the payment and the instrument's disbursed
    over = body | {"key": "pay-mistral-3", "amount": {"amount": "0.01", "currency": "EUR"}}
    detail = refused(
        post(demo, "funder", "payments", over),
        "payments 'pay-mistral-3': field amount",
        "the payments on an order never exceed its cost",
    )
    for figure in ("21000000", "21 000 000", "7000000", "40200000"):
        assert figure not in detail
    # Another funder's instrument is unknown to it; a manufacturer records no payment.
    other = body | {"key": "pay-other", "instrument": "partner-financed-ua-production",
                    "order": "order-ua-drones-de-2026-04"}  # fmt: skip
    answer = post(demo, "funder", "payments", other)
    assert answer.status_code == 422 and "unknown funding instrument" in answer.json()["detail"]
    assert post(demo, "manufacturer", "payments", over).status_code == 403
    # disbursed is never typed in; deleting the payment gives it back.
    refused(
        put(demo, "funder", "funding_instruments", fund,
            disbursed={"amount": "1", "currency": "EUR"}),
        "field disbursed", "never typed in",
    )  # fmt: skip
    current = get(demo, "payments", "pay-mistral-2")
    headers = demo.headers("funder", **{"If-Match": current.headers["ETag"]})
    assert demo.client.delete("/api/payments/pay-mistral-2", headers=headers).status_code == 204
    assert disbursed(demo, fund) == Decimal("26200000")
    with UnitOfWork(demo.engine, access=SYSTEM) as uow:
        assert ledger.verify(uow) == []


def test_a_pound_instrument_no_longer_makes_the_planner_refuse_the_registry(
    demo: Platform,
) -> None:
    gbp = {
        "key": "gb-drones-fund",
        "name": "British fund for drones made in Ukraine",
        "funder": "GB",
        "kind": "grant",
        "pledged": {"amount": "8500000", "currency": "GBP"},
        "allocated": {"amount": "0", "currency": "GBP"},
        "disbursed": {"amount": "0", "currency": "GBP"},
        "producer_countries": ["UA"],
        "categories": ["drones"],
    }
    assert post(demo, "ministry", "funding_instruments", gbp).status_code == 201
    # The demo holds pound rates (for its own pound fund); a franc fund has none yet.
    francs = gbp | {"key": "ch-drones-fund", "funder": "CH"}
    for figure in ("pledged", "allocated", "disbursed"):
        francs[figure] = gbp[figure] | {"currency": "CHF"}
    assert post(demo, "ministry", "funding_instruments", francs).status_code == 201
    ministry, run = demo.headers("ministry"), {"months": 6, "start": "2026-06"}
    # Without a rate the refusal names the instrument and what to do (no guessed rate).
    no_rate = demo.client.post("/api/plans/run", headers=ministry, json=run)
    assert no_rate.status_code == 422, no_rate.text
    detail = no_rate.json()["detail"]
    assert "funding instrument 'ch-drones-fund': pledged" in detail
    assert "no exchange rate of CHF" in detail and "coprod rates import" in detail
    with UnitOfWork(demo.engine, access=SYSTEM, write=True) as uow:
        text = "Date,GBP,CHF\n2026-05-29,0.8500,0.9400\n2026-06-01,0.8600,0.9300\n"
        rates.import_rates(uow, SYSTEM, text, "r")
        uow.commit()
    planned = demo.client.post("/api/plans/run", headers=ministry, json=run)
    assert planned.status_code == 200, planned.text
    assert planned.json()["status"] == "optimal"
    with UnitOfWork(demo.engine, access=SYSTEM) as uow:
        proposals = [o for o in uow.orders.list_() if o.key.startswith("plan-")]
        # The plan is in euros (the £8.5M at 0.86 GBP a euro on 2026-06-01) ...
        scenario = planning.export_scenario(uow, 6, "2026-06").scenario
    budget = {i["id"]: i["budget"] for i in scenario["instruments"]}["gb-drones-fund"]
    assert scenario["currency"] == "EUR" and abs(budget - 8500000 / 0.86) < 0.01
    assert "1 GBP = 1.162791 EUR (2026-06-01)" in scenario["notes"]
    # ... and a proposal it pays is priced in pounds, its instrument's currency.
    assert proposals
    for proposal in proposals:
        paid_in = {"gb-drones-fund": "GBP", "gb-ua-drone-fund": "GBP", "ch-drones-fund": "CHF"}
        assert proposal.unit_price.currency == paid_in.get(proposal.instrument or "", "EUR")


FRANC_FUND = {
    "key": "ch-drones-fund",
    "name": "Swiss fund for drones made in Ukraine",
    "funder": "CH",
    "kind": "grant",
    "pledged": {"amount": "8500000", "currency": "CHF"},
    "allocated": {"amount": "0", "currency": "CHF"},
    "disbursed": {"amount": "0", "currency": "CHF"},
    "producer_countries": ["UA"],
    "categories": ["drones"],
    "first_month": "2026-03",
}


def test_totals_are_reported_in_one_currency_at_each_transactions_rate(demo: Platform) -> None:
    ministry = demo.headers("ministry")
    euros = demo.client.get("/api/ledger", headers=ministry).json()
    assert euros["currency"] == "EUR"
    assert {r["from"] for r in euros["total"]["rates"]} == {"GBP"}  # the demo's pound fund
    assert post(demo, "ministry", "funding_instruments", FRANC_FUND).status_code == 201
    # No rate stored: a clear refusal naming the record, the currency and the date.
    no_rate = demo.client.get("/api/ledger", headers=ministry)
    refused(no_rate, "funding_instruments 'ch-drones-fund'", "CHF", "2026-03-01")
    with UnitOfWork(demo.engine, access=SYSTEM, write=True) as uow:
        rates.import_rates(
            uow, SYSTEM, "Date,CHF,\n2026-03-02,0.8000,\n2026-04-01,0.8500,\n2026-05-04,0.9000,\n",
            "ecb.csv",
        )  # fmt: skip
        uow.commit()
    refused(demo.client.get("/api/ledger", headers=ministry), "CHF", "2026-03-01")  # before any
    with UnitOfWork(demo.engine, access=SYSTEM, write=True) as uow:
        rates.import_rates(uow, SYSTEM, "Date,CHF\n2026-02-27,0.7500\n", "ecb.csv")
        uow.commit()
    drones = order("o-chf", "need-drones-autumn-2026", "line-ua-drones-ua", "ch-drones-fund",
                   1000, "400", month="2026-04", status="placed")  # fmt: skip
    drones["unit_price"]["currency"] = "CHF"
    assert post(demo, "ministry", "orders", drones).status_code == 201
    payment = {"key": "p-chf", "instrument": "ch-drones-fund", "order": "o-chf",
               "paid_on": "2026-05-09",
               "amount": {"amount": "90000", "currency": "CHF"}}  # fmt: skip
    assert post(demo, "ministry", "payments", payment).status_code == 201
    answer = demo.client.get("/api/ledger", headers=ministry)
    assert answer.status_code == 200, answer.text
    report = answer.json()
    fund = {i["key"]: i for i in report["instruments"]}["ch-drones-fund"]
    own = fund["own"]
    assert own["currency"] == "CHF"
    assert [Decimal(own[k]) for k in ("pledged", "allocated", "disbursed")] == [
        8500000,
        400000,
        90000,
    ]
    # The pledge at its window's first day (Friday 27 February's rate, the last before it),
    # the order at its month's first day, the payment (a Saturday) at Monday 4 May's rate.
    assert Decimal(fund["pledged"]) == Decimal("11333333.33")  # 8.5M / 0.75
    assert Decimal(fund["allocated"]) == Decimal("470588.24")  # 400 000 / 0.85
    assert Decimal(fund["disbursed"]) == Decimal("100000.00")  # 90 000 / 0.90
    assert [r["text"] for r in fund["rates"]] == [
        "1 CHF = 1.333333 EUR (2026-02-27)",
        "1 CHF = 1.176471 EUR (2026-04-01)",
        "1 CHF = 1.111111 EUR (2026-05-04)",
    ]
    assert {"figure": "disbursed", "record": "p-chf", "on": "2026-05-09"}.items() <= {
        e["record"]: e for e in report["entries"]
    }["p-chf"].items()
    total = report["total"]
    for figure in ("pledged", "allocated", "disbursed"):
        assert Decimal(total[figure]) == Decimal(euros["total"][figure]) + Decimal(fund[figure])
    # The summary and the dashboard read the same figures.
    with UnitOfWork(demo.engine, access=SYSTEM) as uow:
        data = summary(uow)
        board = build_dashboard(overview(uow))
    assert data["money"] == {"EUR": {k: total[k] for k in ("pledged", "allocated", "disbursed")}}
    assert "1 CHF = 1.111111 EUR (2026-05-04)" in data["rates"]
    assert board.currency == "EUR" and "1 CHF = 1.176471 EUR (2026-04-01)" in board.rates
    page = dashboard_page(demo, "?currency=EUR")
    assert "1 CHF = 1.333333 EUR (2026-02-27)" in page
    in_another_currency(demo)


def in_another_currency(demo: Platform) -> None:
    """The same ledger in francs: the euro figures at the same dates' rates."""
    ministry = demo.headers("ministry")
    in_francs = {"currency": "CHF"}
    early = demo.client.get("/api/ledger", headers=ministry, params=in_francs)
    refused(early, "no exchange rate of CHF against EUR on or before 2026-0")
    with UnitOfWork(demo.engine, access=SYSTEM, write=True) as uow:
        rates.import_rates(uow, SYSTEM, "Date,CHF\n2025-12-31,0.7600\n", "ecb.csv")
        uow.commit()
    francs = demo.client.get("/api/ledger", headers=ministry, params=in_francs).json()
    chf = {i["key"]: i for i in francs["instruments"]}["ch-drones-fund"]
    assert [Decimal(chf[k]) for k in ("pledged", "allocated", "disbursed")] == [
        8500000,
        400000,
        90000,
    ]
    assert francs["total"]["currency"] == "CHF" and francs["total"]["rates"]
    refused(demo.client.get("/api/ledger", headers=ministry, params={"currency": "JPY"}), "JPY")
    refused(demo.client.get("/api/ledger", headers=ministry, params={"currency": "pounds"}),
            "'pounds' is not a currency code")  # fmt: skip


def dashboard_page(demo: Platform, query: str = "") -> str:
    """The dashboard as the demo ministry login sees it."""
    form = demo.client.get("/login").text
    token = form.split('name="csrf_token" value="')[1].split('"')[0]
    login = {"user": "ministry", "password": "ministry-demo-2026", "csrf_token": token}
    answer = demo.client.post("/login", data=login, follow_redirects=False)
    assert answer.status_code == 303, answer.text
    page = demo.client.get(f"/{query}")
    assert page.status_code == 200, page.text
    return page.text


MINISTRY = Principal("ministry", AccountRole.MINISTRY, "ua-mod")
MAKER = Principal("maker", AccountRole.MANUFACTURER, "demo-fr-missile-maker")  # Mistral's


def moved(demo: Platform, who: Principal, move: Any, key: str, on: date | None) -> d.Order:
    """``move`` (a use case of services/ledger/orders) by ``who``, committed."""
    with UnitOfWork(demo.engine, access=who, write=True) as uow:
        order: d.Order = move(uow, key, on)
        uow.commit()
    return order


def test_an_order_moves_forward_with_dated_steps_by_whom_the_ledger_names(demo: Platform) -> None:
    mistral = "order-fr-mistral-2026-02"  # placed 2026-01-20, in production 2026-02-02
    before = audit_entries(demo)
    done = moved(demo, MAKER, orders.dispatch_order, mistral, date(2026, 6, 15))
    assert done.status is OrderStatus.DELIVERED
    assert done.history == [
        d.OrderStep(OrderStatus.PLACED, date(2026, 1, 20)),
        d.OrderStep(OrderStatus.IN_PRODUCTION, date(2026, 2, 2)),
        d.OrderStep(OrderStatus.DELIVERED, date(2026, 6, 15)),
    ]
    assert audit_entries(demo) == before + 1
    # The manufacturer does not accept; the ministry does, forward and dated.
    with pytest.raises(Forbidden):
        moved(demo, MAKER, orders.accept_order, mistral, date(2026, 6, 20))
    with pytest.raises(RuleViolation, match=r"orders 'order-fr-mistral-2026-02': field history"):
        moved(demo, MINISTRY, orders.accept_order, mistral, date(2026, 6, 1))  # before dispatch
    with pytest.raises(RuleViolation, match="cannot go from delivered to cancelled"):
        moved(demo, MINISTRY, orders.cancel_order, mistral, date(2026, 6, 20))
    accepted = moved(demo, MINISTRY, orders.accept_order, mistral, date(2026, 6, 20))
    assert accepted.history[-1] == d.OrderStep(OrderStatus.ACCEPTED, date(2026, 6, 20))
    # Another maker's order is unknown to the manufacturer; the ministry places a proposal.
    with pytest.raises(NotFound):
        moved(demo, MAKER, orders.start_production, "order-ua-long-range-2026-03", None)
    with pytest.raises(Forbidden):
        moved(demo, MAKER, orders.place_order, "order-us-ua-155mm-2026-05", None)
    placed = moved(demo, MINISTRY, orders.place_order, "order-us-ua-155mm-2026-05", None)
    assert [s.status for s in placed.history] == [OrderStatus.PROPOSED, OrderStatus.PLACED]
    assert placed.history[-1].on == date.today()
    # Receipt: the ministry records what arrived (never more than was reported produced).
    mistral_made = 40  # two reports of 20; 20 delivered in the demo
    too_many = pytest.raises(RuleViolation, match="delivered never exceeds produced")
    with too_many, UnitOfWork(demo.engine, access=MINISTRY, write=True) as uow:
        orders.confirm_receipt(uow, mistral, mistral_made - 19, date(2026, 6, 21))
    with UnitOfWork(demo.engine, access=MINISTRY, write=True) as uow:
        got = orders.confirm_receipt(uow, mistral, mistral_made - 20, date(2026, 6, 21))
        uow.commit()
    assert got.key == "receipt-order-fr-mistral-2026-02-20260621"
    with pytest.raises(Forbidden), UnitOfWork(demo.engine, access=MAKER, write=True) as uow:
        orders.confirm_receipt(uow, mistral, 1, date(2026, 6, 22))
    cancelled = moved(demo, MINISTRY, orders.cancel_order, "order-fr-155mm-2026-03", None)
    assert cancelled.status is OrderStatus.CANCELLED
    with UnitOfWork(demo.engine, access=SYSTEM) as uow:
        assert ledger.verify(uow) == []


def test_a_status_written_through_the_api_is_dated_and_its_history_kept(demo: Platform) -> None:
    key = "order-fr-155mm-2026-03"  # placed on 2026-02-20
    answer = put(demo, "ministry", "orders", key, status="in_production")
    assert answer.status_code == 200, answer.text
    history = get(demo, "orders", key).json()["history"]
    assert history == [
        {"status": "placed", "on": "2026-02-20"},
        {"status": "in_production", "on": date.today().isoformat()},
    ]
    # A stored step is never rewritten, nor a step added that goes back.
    rewritten = [{"status": "placed", "on": "2026-01-01"}, history[1]]
    refused(put(demo, "ministry", "orders", key, history=rewritten), "field history", "kept")
    back = [*history, {"status": "placed", "on": "2026-12-31"}]
    refused(put(demo, "ministry", "orders", key, history=back, status="placed"), "field status")
    # A new order without a history gets its status dated the day it is written.
    new = order("o-new", "need-shells-155mm-2026", "line-fr-155mm", None, 10, "4100")
    assert post(demo, "ministry", "orders", new).status_code == 201
    assert get(demo, "orders", "o-new").json()["history"] == [
        {"status": "placed", "on": date.today().isoformat()}
    ]


def test_an_order_with_production_reported_is_not_cancelled_behind_the_reports(
    demo: Platform,
) -> None:
    # Production reported on an order holds only while the order is placed or later and not
    # cancelled: the cancel is refused naming the report (it once went through, and
    # `ledger verify` then found the report breaking its rule).
    shells = "order-fr-155mm-2026-03"  # placed, nothing paid
    made = post(demo, "ministry", "production_reports", report("r-s", "line-fr-155mm", 100, shells))
    assert made.status_code == 201, made.text
    before = audit_entries(demo)
    refused(
        put(demo, "ministry", "orders", shells, status="cancelled"),
        "orders 'order-fr-155mm-2026-03': production_reports 'r-s'",
        f"order {shells!r} is cancelled",
    )
    assert get(demo, "orders", shells).json()["status"] == "placed"
    assert audit_entries(demo) == before
    with UnitOfWork(demo.engine, access=SYSTEM) as uow:
        assert ledger.verify(uow) == []
    etag = get(demo, "production_reports", "r-s").headers["ETag"]
    headers = demo.headers("ministry", **{"If-Match": etag})
    assert demo.client.delete("/api/production_reports/r-s", headers=headers).status_code == 204
    assert put(demo, "ministry", "orders", shells, status="cancelled").status_code == 200
