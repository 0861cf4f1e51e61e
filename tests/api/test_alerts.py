"""Alerts and the watchlist over the platform world (``platform_world.py``), judged on a
fixed day: each role gets alerts on what it may see only, with figures of its own records;
a ledger breach reaches only those who see the record it names; a followed record's alerts
come first, and nobody follows what it may not see."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import text

from coprod.db.uow import UnitOfWork
from coprod.domain import kinds
from coprod.domain import ledger as book
from coprod.domain.entities import StatusChange
from coprod.domain.enums import AccountRole
from coprod.services import ledger, registry
from coprod.services.accounts.access import SYSTEM, Principal
from coprod.services.alerts import reading
from coprod.services.ledger import breaches, read_ledger
from tests.api.conftest import Platform
from tests.api.platform_world import USERS, VISIBLE
from tests.api.test_access import cookie_login

TODAY = "2026-12-06"


def _alerts(platform: Platform, role: str, **params: str) -> list[dict[str, Any]]:
    answer = platform.client.get(
        "/api/alerts", params={"today": TODAY, **params}, headers=platform.headers(role)
    )
    assert answer.status_code == 200, answer.text
    found: list[dict[str, Any]] = answer.json()
    return found


def _named(found: list[dict[str, Any]]) -> set[tuple[str, str, str]]:
    return {(a["kind"], a["record"], a["key"]) for a in found}


# On 2026-12-06 every order of the world (made in 2026-01, lead time 0) is overdue, the need
# (due 2026-01) is past due, and every agreement (signed 2025-03-01) has stalled.
SEEN = {
    "ministry": {
        ("delivery_overdue", "orders", "acme-order"),
        ("delivery_overdue", "orders", "rival-order"),
        ("need_past_due", "needs", "need-drones"),
        *(
            ("agreement_stalled", "agreements", a)
            for a in ("a-public", "a-acme", "a-rival", "a-fr")
        ),
    },
    "funder": {
        ("delivery_overdue", "orders", "acme-order"),
        ("need_past_due", "needs", "need-drones"),
        ("agreement_stalled", "agreements", "a-public"),
        ("agreement_stalled", "agreements", "a-fr"),
    },
    "manufacturer": {
        ("delivery_overdue", "orders", "acme-order"),
        ("need_past_due", "needs", "need-drones"),
        ("agreement_stalled", "agreements", "a-public"),
        ("agreement_stalled", "agreements", "a-acme"),
    },
    "analyst": {("agreement_stalled", "agreements", "a-public")},
}


@pytest.mark.parametrize("role", list(SEEN))
def test_each_role_gets_the_alerts_on_what_it_may_see(platform: Platform, role: str) -> None:
    assert _named(_alerts(platform, role)) == SEEN[role]


def test_a_need_alert_counts_only_the_callers_orders(platform: Platform) -> None:
    def need(role: str) -> dict[str, Any]:
        return next(a for a in _alerts(platform, role) if a["kind"] == "need_past_due")

    # Acme ordered 50 and delivered 10, Rival 60 and 20: a funder of Acme's order sees its own.
    assert need("funder")["details"] == {
        "due": "2026-01",
        "needed": 500,
        "ordered": 50,
        "delivered": 10,
    }
    assert need("ministry")["details"]["ordered"] == 110
    assert need("ministry")["severity"] == "high"  # 390 units not even ordered


def test_the_day_and_the_horizon_move_the_boundaries(platform: Platform) -> None:
    # Orders made in 2026-01 with no lead time are expected in 2026-01: late from February.
    assert _named(_alerts(platform, "ministry", today="2026-01-31", months="12")) == set()
    early = _named(_alerts(platform, "ministry", today="2026-02-01", months="12"))
    assert ("delivery_overdue", "orders", "acme-order") in early
    # Signed 2025-03-01: stalled after more than 12 months on 2026-03-02, not on 2026-03-01.
    assert not any(k == "agreement_stalled" for k, _, _ in early)
    stalled = _named(_alerts(platform, "ministry", today="2026-03-02", months="12"))
    assert ("agreement_stalled", "agreements", "a-public") in stalled
    on_the_day = _named(_alerts(platform, "ministry", today="2026-03-01", months="12"))
    assert ("agreement_stalled", "agreements", "a-public") not in on_the_day


@pytest.mark.parametrize(("by", "found"), [("2025-02-28", set()), ("2025-03-01", {"a-public"})])
def test_the_database_finds_stalled_agreements_up_to_the_day(
    platform: Platform, by: str, found: set[str]
) -> None:
    # Every agreement of the world was signed on 2025-03-01; an analyst sees a-public only.
    user, organisation = USERS["analyst"]
    principal = Principal(user, AccountRole.ANALYST, organisation)
    with UnitOfWork(platform.engine, access=principal) as uow:
        candidates = reading.stalled_candidates(uow, principal, date.fromisoformat(by))
    assert {a.key for a in candidates} == found
    assert all(a.history == [StatusChange(a.status, date(2025, 3, 1))] for a in candidates)


def _verified(platform: Platform) -> list[book.Breach]:
    """What a migration's upgrade (or ``coprod ledger verify``) does: verify and store."""
    with UnitOfWork(platform.engine, access=SYSTEM, write=True) as uow:
        found = ledger.record_verify(uow)
        uow.commit()
    return found


def _break_rival_order(platform: Platform) -> None:
    # A registry written before the rules held: Rival's delivery says 100 of an order of 60.
    with platform.engine.begin() as conn:
        conn.execute(text("UPDATE deliveries SET quantity = 100 WHERE key = 'rival-delivery'"))
    _verified(platform)


def test_a_ledger_breach_reaches_only_those_who_see_its_record(platform: Platform) -> None:
    _break_rival_order(platform)
    breached = [a for a in _alerts(platform, "ministry") if a["kind"] == "ledger_breach"]
    assert {(a["record"], a["key"]) for a in breached} == {("orders", "rival-order")}
    today = datetime.now(UTC).date().isoformat()  # the day the verify found it
    assert all(a["severity"] == "high" and a["since"] == today for a in breached)
    for role in ("funder", "manufacturer", "analyst"):
        found = _alerts(platform, role)
        assert not any(a["kind"] == "ledger_breach" for a in found), role
        assert "rival" not in str(found), role


def test_a_breach_on_a_visible_record_names_no_figures(platform: Platform) -> None:
    with platform.engine.begin() as conn:
        conn.execute(text("UPDATE deliveries SET quantity = 45 WHERE key = 'acme-delivery'"))
    _verified(platform)
    [breach] = [a for a in _alerts(platform, "manufacturer") if a["kind"] == "ledger_breach"]
    assert (breach["record"], breach["key"]) == ("orders", "acme-order")
    assert "45" not in breach["why"] and "40" not in breach["why"]  # delivered, produced


def test_alerts_need_an_account_and_a_sane_horizon(platform: Platform) -> None:
    assert platform.client.get("/api/alerts").status_code == 401
    bad = platform.client.get(
        "/api/alerts", params={"months": "0"}, headers=platform.headers("ministry")
    )
    assert bad.status_code == 422


def _follow(platform: Platform, role: str, record: str, key: str) -> Any:
    return platform.client.put(f"/api/watchlist/{record}/{key}", headers=platform.headers(role))


def test_a_followed_record_comes_first(platform: Platform) -> None:
    before = _alerts(platform, "funder")
    assert before[0]["key"] != "a-fr"
    answer = _follow(platform, "funder", "agreements", "a-fr")
    assert answer.status_code == 200, answer.text
    assert answer.json() == {
        "record": "agreements",
        "key": "a-fr",
        "followed": True,
        "changed": True,
    }
    assert _follow(platform, "funder", "agreements", "a-fr").json()["changed"] is False
    after = _alerts(platform, "funder")
    assert (after[0]["key"], after[0]["watched"]) == ("a-fr", True)
    assert not any(a["watched"] for a in after[1:])
    listed = platform.client.get("/api/watchlist", headers=platform.headers("funder")).json()
    assert listed == [{"record": "agreements", "key": "a-fr"}]
    # Another user's alerts and watchlist are their own.
    assert not any(a["watched"] for a in _alerts(platform, "ministry"))
    assert platform.client.get("/api/watchlist", headers=platform.headers("ministry")).json() == []
    gone = platform.client.delete(
        "/api/watchlist/agreements/a-fr", headers=platform.headers("funder")
    )
    assert gone.status_code == 204
    assert not any(a["watched"] for a in _alerts(platform, "funder"))


@pytest.mark.parametrize(
    ("role", "record", "key"),
    [
        ("funder", "agreements", "a-rival"),  # restricted to Rival and Ukraine
        ("manufacturer", "funding_instruments", "de-fund"),  # pays only Rival's order
        ("analyst", "needs", "need-drones"),  # analysts see public records only
        ("funder", "needs", "no-such-need"),
    ],
)
def test_nobody_follows_what_it_may_not_see(
    platform: Platform, role: str, record: str, key: str
) -> None:
    answer = _follow(platform, role, record, key)
    assert answer.status_code == 404, answer.text
    assert platform.client.get("/api/watchlist", headers=platform.headers(role)).json() == []


def test_only_needs_instruments_and_agreements_can_be_followed(platform: Platform) -> None:
    answer = _follow(platform, "ministry", "orders", "acme-order")
    assert answer.status_code == 422
    assert "can be followed" in answer.json()["detail"]


def test_the_dashboard_shows_the_alerts_and_a_page_follows(platform: Platform) -> None:
    csrf = cookie_login(platform, "felix")  # the French funder
    page = platform.client.get("/").text
    assert "Alerts" in page and "acme-order" in page and "rival-order" not in page
    record = platform.client.get("/records/needs/need-drones").text
    assert ">Follow<" in record
    answer = platform.client.post(
        "/watchlist/needs/need-drones",
        data={"action": "follow", "csrf_token": csrf},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    assert ">Unfollow<" in platform.client.get("/records/needs/need-drones").text
    assert "(followed)" in platform.client.get("/").text
    without_token = platform.client.post(
        "/watchlist/needs/need-drones", data={"action": "unfollow"}, follow_redirects=False
    )
    assert without_token.status_code == 403
    assert ">Unfollow<" in platform.client.get("/records/needs/need-drones").text


def test_the_dashboard_speaks_ukrainian_and_french(platform: Platform) -> None:
    cookie_login(platform, "mira")
    uk = platform.client.get("/", headers={"Accept-Language": "uk"}).text
    assert "Сповіщення" in uk and "Поставку прострочено" in uk
    fr = platform.client.get("/", headers={"Accept-Language": "fr"}).text
    assert "Alertes" in fr and "Livraison en retard" in fr


@pytest.mark.parametrize("role", ["ministry", "funder", "manufacturer", "analyst"])
def test_the_alerts_figures_are_the_ledgers(platform: Platform, role: str) -> None:
    user, organisation = USERS[role]
    principal = Principal(user, AccountRole(role), organisation)
    with UnitOfWork(platform.engine, access=principal) as uow:
        needs = {n.key: n for n in read_ledger(uow).needs}
        delivered = book.delivered_by_order(uow.deliveries.list_())
        progress = reading.past_due_needs(uow, principal, date(2100, 1, 1))
        late = reading.overdue_orders(uow, principal, date(2100, 1, 1))
    assert {p.key for p in progress} == {n.key for n in needs.values() if n.delivered < n.needed}
    assert progress or not needs
    for need in progress:
        assert (need.ordered, need.delivered) == (
            needs[need.key].ordered,
            needs[need.key].delivered,
        )
    assert {o.key: o.delivered for o in late} == {
        key: delivered.get(key, 0) for key in {o.key for o in late}
    }
    assert len(late) == len(VISIBLE[role]["orders"])  # none is delivered in full


def _breach_alerts(platform: Platform) -> list[dict[str, Any]]:
    return [a for a in _alerts(platform, "ministry") if a["kind"] == "ledger_breach"]


def test_a_breach_left_by_a_raw_write_is_an_alert_once_verified_until_a_write_fixes_it(
    platform: Platform, monkeypatch: pytest.MonkeyPatch
) -> None:
    with platform.engine.begin() as conn:  # a migration's raw write: 100 of an order of 60
        conn.execute(text("UPDATE deliveries SET quantity = 100 WHERE key = 'rival-delivery'"))
    assert _breach_alerts(platform) == []  # nothing verifies on the alert path
    _verified(platform)

    def no_verify(_uow: object) -> None:
        raise AssertionError("the alerts verified the ledger")

    monkeypatch.setattr(ledger, "verify", no_verify)
    found = _breach_alerts(platform)
    today = datetime.now(UTC).date().isoformat()
    assert {(a["record"], a["key"], a["since"]) for a in found} == {
        ("orders", "rival-order", today)
    }
    with UnitOfWork(platform.engine, access=SYSTEM, write=True) as uow:
        delivery = uow.deliveries.get_by_key("rival-delivery")
        registry.update(uow, dataclasses.replace(delivery, quantity=20))  # through the rules
        uow.commit()
    assert _breach_alerts(platform) == []
    with UnitOfWork(platform.engine, access=SYSTEM) as uow:
        assert breaches.stored(uow) == []


def test_deleting_the_record_that_broke_a_rule_clears_its_orders_breach(
    platform: Platform,
) -> None:
    _break_rival_order(platform)
    assert _breach_alerts(platform) != []
    with UnitOfWork(platform.engine, access=SYSTEM, write=True) as uow:
        registry.delete(uow, kinds.DELIVERY, "rival-delivery")
        uow.commit()
    assert _breach_alerts(platform) == []


def test_a_later_verify_keeps_the_day_a_breach_was_found_and_clears_a_fixed_one(
    platform: Platform,
) -> None:
    _break_rival_order(platform)
    with platform.engine.begin() as conn:
        conn.execute(text("UPDATE ledger_breach SET found_on = '2026-11-02'"))
    _verified(platform)
    assert {a["since"] for a in _breach_alerts(platform)} == {"2026-11-02"}
    with platform.engine.begin() as conn:  # fixed past the rules too: the next verify sees it
        conn.execute(text("UPDATE deliveries SET quantity = 20 WHERE key = 'rival-delivery'"))
    assert _verified(platform) == []
    assert _breach_alerts(platform) == []


def test_judging_some_records_finds_what_the_whole_verify_finds_on_them(
    platform: Platform,
) -> None:
    with platform.engine.begin() as conn:
        conn.execute(text("UPDATE deliveries SET quantity = 100 WHERE key = 'rival-delivery'"))
        conn.execute(text("UPDATE needs SET quantity = 100 WHERE key = 'need-drones'"))
        conn.execute(text("UPDATE funding_instruments SET allocated_amount = 1"))
    with UnitOfWork(platform.engine, access=SYSTEM) as uow:
        everything = ledger.verify(uow)
        records = {b.record for b in everything}
        assert len(records) >= 3, everything
        for record in records:
            assert ledger.verify_records(uow, {record}) == [
                b for b in everything if b.record == record
            ], record
