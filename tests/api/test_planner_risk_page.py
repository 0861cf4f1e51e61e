"""The planner page shows the risk of the registry's plan: a small sweep of perturbed re-plans
(needs at risk, what binds), for those who may plan; nothing is stored."""

from __future__ import annotations

from sqlalchemy import func, select

from coprod.db import models as m
from tests.api.conftest import Platform
from tests.api.test_access import cookie_login


def _orders(platform: Platform) -> int:
    with platform.engine.connect() as connection:
        return int(connection.scalar(select(func.count()).select_from(m.OrderRow)) or 0)


def test_the_planner_page_shows_the_risk_of_the_plan(platform: Platform) -> None:
    csrf = cookie_login(platform, "mira")
    form = {"csrf_token": csrf, "start": "2026-01", "months": "6", "samples": "12"}
    before = _orders(platform)
    page = platform.client.post("/planner/risk", data=form)
    assert page.status_code == 200, page.text
    assert 'data-testid="risk"' in page.text
    assert "Risk of the plan: 12 perturbed re-plans (seed 0)" in page.text
    assert "Needs most at risk" in page.text and "What binds most often" in page.text
    assert _orders(platform) == before
    too_many = platform.client.post("/planner/risk", data={**form, "samples": "5000"})
    assert too_many.status_code == 422 and "from 1 to 200" in too_many.text


def test_a_number_the_planner_cannot_read_keeps_the_form_with_the_reason(
    platform: Platform,
) -> None:
    csrf = cookie_login(platform, "mira")
    form = {"csrf_token": csrf, "start": "2026-01", "months": "twelve", "edits": "x=1"}
    for button in ("/planner/run", "/planner/compare", "/planner/risk"):
        answer = platform.client.post(
            button, data=form, headers={"Accept": "text/html", "Accept-Language": "uk"}
        )
        assert answer.status_code == 422, (button, answer.text)
        assert answer.headers["content-language"] == "uk"
        assert 'data-testid="refusal"' in answer.text and "Зазначте ціле число." in answer.text
        assert 'value="twelve"' in answer.text and ">x=1</textarea>" in answer.text
        assert 'data-testid="plan-result"' not in answer.text
