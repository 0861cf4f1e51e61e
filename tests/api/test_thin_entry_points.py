"""Entry points that only parse, call one use case and render: a page request opens one
database connection (the caller is authenticated in the page's own unit of work), and every
use case the API and the pages call checks the caller its unit of work carries, refusing a
unit of work that carries nobody or a caller who may not."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import Engine, event

from coprod.db.uow import UnitOfWork, UnitsOfWork
from coprod.domain import entities as d
from coprod.domain import kinds
from coprod.domain.enums import AccountRole, AgreementStatus, MaturityStage, OrderStatus
from coprod.domain.money import Money
from coprod.errors import Forbidden
from coprod.services import alerts, audit, tracking
from coprod.services.accounts import preferences, sign_in
from coprod.services.accounts.access import SYSTEM, Principal
from coprod.services.alerts import watchlist
from coprod.services.audit import changes, history
from coprod.services.facts import fact_review
from coprod.services.planning import plan_runs
from coprod.services.records import exchange, workbook
from coprod.services.registry import actions, editing, related, search, summary, timeline
from tests.api.conftest import Platform
from tests.api.platform_world import USERS
from tests.api.test_access import cookie_login

PAGES = [
    "/",
    "/records/agreements",
    "/records/agreements/a-public",
    "/records/agreements/a-public/edit",
    "/records/systems/new",
    "/agreements/a-public/timeline",
    "/records/agreements/a-public/history",
    "/review",
    "/planner",
    "/account/password",
    "/tracking?by=funder",
    "/account",
    "/records/orders/acme-order/act/record-delivery",
    "/records/agreements/a-public/act/advance",
]


@contextmanager
def checkouts(engine: Engine) -> Iterator[list[object]]:
    """The connections taken from ``engine``'s pool inside the block."""
    taken: list[object] = []

    def count(dbapi_connection: object, record: object, proxy: object) -> None:
        taken.append(dbapi_connection)

    event.listen(engine, "checkout", count)
    try:
        yield taken
    finally:
        event.remove(engine, "checkout", count)


@pytest.mark.parametrize("path", PAGES)
def test_a_page_request_opens_one_database_connection(platform: Platform, path: str) -> None:
    cookie_login(platform, "mira")
    with checkouts(platform.engine) as taken:
        answer = platform.client.get(path)
    assert answer.status_code == 200, answer.text
    assert len(taken) == 1  # the caller and the page's records, in one unit of work


def test_a_form_post_opens_one_database_connection(platform: Platform) -> None:
    csrf = cookie_login(platform, "mira")
    form = {"key": "s-one", "name": "One", "category": "drones", "csrf_token": csrf}
    with checkouts(platform.engine) as taken:
        answer = platform.client.post("/records/systems/new", data=form, follow_redirects=False)
    assert answer.status_code == 303, answer.text
    assert len(taken) == 1


def _principal(role: str) -> Principal:
    user, organisation = USERS[role]
    return Principal(user, AccountRole(role), organisation)


SYSTEM_ROW = d.System(key="s-nobody", name="Nobody's", category="drones")
AGREEMENTS = kinds.AGREEMENT
SYSTEMS = kinds.SYSTEM

# Every use case the API and the pages call in the request's unit of work, with arguments.
USE_CASES: dict[str, Callable[[UnitOfWork], Any]] = {
    "list records": lambda uow: editing.list_records(uow, AGREEMENTS, limit=5),
    "read a record": lambda uow: editing.read_record(uow, AGREEMENTS, "a-public"),
    "a record's page": lambda uow: related.record_with_related(uow, AGREEMENTS, "a-public"),
    "the records naming one": lambda uow: related.related(uow, AGREEMENTS, "a-public"),
    "search the registry": lambda uow: search.search(uow, "drone"),
    "create a record": lambda uow: editing.create_record(uow, SYSTEMS, SYSTEM_ROW),
    "replace a record": lambda uow: editing.replace_record(
        uow, SYSTEMS, "drone", SYSTEM_ROW, lambda: 1
    ),
    "delete a record": lambda uow: editing.delete_record(uow, SYSTEMS, "drone", lambda: 1),
    "judge a record read in part": lambda uow: editing.judge_record(uow, SYSTEMS, SYSTEM_ROW),
    "judge a replacement read in part": lambda uow: editing.judge_record(
        uow, SYSTEMS, SYSTEM_ROW, "drone"
    ),
    "the dashboard": summary.overview,
    "an agreement's timeline": lambda uow: timeline.agreement_steps(uow, "a-public"),
    "the review queue": fact_review.queue,
    "a proposal": lambda uow: fact_review.proposal(uow, "p-1"),
    "accept a proposal": lambda uow: fact_review.accept(uow, "p-1"),
    "reject a proposal": lambda uow: fact_review.reject(uow, "p-1", "no"),
    "a document": lambda uow: fact_review.document(uow, "d-1"),
    "import records": lambda uow: exchange.import_document(uow, {"schema": "x"}),
    "export records": exchange.export_document,
    "export a workbook": workbook.to_xlsx,
    "the change feed": changes.changes,
    "a tracking view": lambda uow: tracking.track(uow, "funder"),
    "audit entries": audit.entries,
    "verify the audit chain": audit.verify,
    "a record's history": lambda uow: history.record_history(uow, AGREEMENTS, "a-public"),
    "open the planner": plan_runs.open_planner,
    "log out": lambda uow: sign_in.log_out(uow, "a-cookie"),
    "set the account's language": lambda uow: preferences.set_language(uow, "uk"),
    "a record and its actions": lambda uow: actions.read_with_actions(uow, AGREEMENTS, "a-public"),
    "an action's form": lambda uow: actions.prepare(uow, actions.Action.ADVANCE, "a-public"),
    "choices": lambda uow: actions.choices(uow, AGREEMENTS, "a"),
    "attempt an action": lambda uow: actions.attempt(
        uow, actions.Action.ADVANCE, "a-public", lambda _uow: None
    ),
    "advance an agreement": lambda uow: actions.advance_agreement(
        uow, "a-public", AgreementStatus.IN_FORCE, date(2026, 1, 2), 1
    ),
    "place an order": lambda uow: actions.place_order(
        uow, "need-drones", "acme-line", None, 1, Money(Decimal(1), "EUR"), "2026-01"
    ),
    "move an order": lambda uow: actions.move_order(uow, "acme-order", OrderStatus.ACCEPTED, 1),
    "report production": lambda uow: actions.report_production(uow, "acme-order", "2026-01", 1),
    "record a delivery": lambda uow: actions.record_delivery(
        uow, "acme-order", 1, date(2026, 1, 2)
    ),
    "record a payment": lambda uow: actions.record_payment(
        uow, "acme-order", date(2026, 1, 2), Money(Decimal(1), "EUR")
    ),
    "move a project's stage": lambda uow: actions.move_stage(
        uow, "p-1", MaturityStage.TRL5, date(2026, 1, 2), 1
    ),
    "alerts": lambda uow: alerts.alerts(uow, today=date(2026, 12, 6)),
    "the dashboard with its alerts": lambda uow: alerts.dashboard(uow, today=date(2026, 12, 6)),
    "follow a record": lambda uow: watchlist.follow(uow, "agreements", "a-public"),
    "unfollow a record": lambda uow: watchlist.unfollow(uow, "agreements", "a-public"),
    "the watchlist": watchlist.watched,
    "a record and whether it is followed": lambda uow: watchlist.read_followed(
        uow, AGREEMENTS, "a-public"
    ),
}
LONG_USE_CASES: dict[str, Callable[[UnitsOfWork], Any]] = {
    "run a plan": plan_runs.run_plan,
    "compare a what-if": lambda units: plan_runs.compare_what_if(units, []),
    "assess a plan's risk": lambda units: plan_runs.assess_risk(units, samples=1),
    "ingest an article": lambda units: fact_review.ingest(units, "a.txt", b"text"),
    "change a password": lambda units: sign_in.change_password(units, "a", "b", "b", **PW),
}
PW: dict[str, Any] = {"address": "test", "throttle": None}


@pytest.mark.parametrize("name", list(USE_CASES))
def test_a_use_case_without_a_caller_is_refused(platform: Platform, name: str) -> None:
    refused = pytest.raises(Forbidden, match="no caller")
    with UnitOfWork(platform.engine, write=True) as uow, refused:  # nobody said who calls
        USE_CASES[name](uow)


@pytest.mark.parametrize("name", list(LONG_USE_CASES))
def test_a_long_use_case_without_a_caller_is_refused(platform: Platform, name: str) -> None:
    with pytest.raises(Forbidden, match="no caller"):
        LONG_USE_CASES[name](UnitsOfWork(platform.engine))


# Use cases of ministry and admin only, called by every other role.
GATED = [
    "the review queue",
    "a proposal",
    "accept a proposal",
    "reject a proposal",
    "audit entries",
    "verify the audit chain",
    "a record's history",
    "open the planner",
]


@pytest.mark.parametrize("role", ["funder", "manufacturer", "analyst"])
@pytest.mark.parametrize("name", GATED)
def test_a_use_case_refuses_a_caller_whose_role_may_not(
    platform: Platform, name: str, role: str
) -> None:
    principal = _principal(role)
    refused = pytest.raises(Forbidden, match=f"a {role} account may not")
    with UnitOfWork(platform.engine, access=principal, write=True) as uow, refused:
        USE_CASES[name](uow)


@pytest.mark.parametrize("name", ["run a plan", "ingest an article"])
def test_a_long_use_case_refuses_an_analyst(platform: Platform, name: str) -> None:
    units = UnitsOfWork(platform.engine, _principal("analyst"))
    with pytest.raises(Forbidden, match="a analyst account may not"):
        LONG_USE_CASES[name](units)


def test_the_system_principal_is_a_caller(platform: Platform) -> None:
    with UnitOfWork(platform.engine, access=SYSTEM) as uow:
        found = editing.list_records(uow, AGREEMENTS, limit=50)
    assert {item.key for item, _ in found.items} >= {"a-public", "a-acme", "a-rival"}
