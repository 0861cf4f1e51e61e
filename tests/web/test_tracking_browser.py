"""The tracking pages in a real browser: each view's charts and tables drawn, its CSV
downloaded, no serious accessibility violation, no sideways scroll on a phone; a funder's
pages hold no competitor. Screenshots of each view (desktop, English), the funder view in
Ukrainian and French, and on a phone go to the artifacts folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from coprod.services.tracking import VIEWS
from tests.web.browsing import PHONE, logged_in, overflow, serious_violations

pytestmark = pytest.mark.browser


def test_each_view_draws_its_charts_and_tables_and_gives_its_csv(
    browser: Any, live_server: str, artifacts: Path
) -> None:
    page = logged_in(browser, live_server, "ministry")
    problems: dict[str, list[str]] = {}
    for by in VIEWS:
        page.goto(f"{live_server}/tracking?by={by}")
        chart = page.locator("figure.chart").first
        box = chart.bounding_box()
        assert box is not None and box["width"] > 200 and box["height"] > 20, by
        assert page.locator("section.tracking table.records tbody tr").count() >= 1, by
        assert page.locator("nav.views a[aria-current=page]").get_attribute("href") == (
            f"/tracking?by={by}&currency=EUR"
        )
        problems[by] = serious_violations(page)
        page.screenshot(path=str(artifacts / f"tracking-{by}.png"), full_page=True)
    assert {by: found for by, found in problems.items() if found} == {}
    page.goto(f"{live_server}/tracking?by=funder")
    with page.expect_download() as download:
        page.click("[data-testid=csv-funders]")
    saved = download.value.path()
    text = Path(saved).read_text(encoding="utf-8")
    assert text.splitlines()[0].startswith("funder,instruments,pledged (EUR)")
    assert text.splitlines()[-1].startswith("total,2,")
    page.close()


@pytest.mark.parametrize("language", ["uk", "fr"])
def test_the_funder_view_in_other_languages(
    browser: Any, live_server: str, artifacts: Path, language: str
) -> None:
    page = logged_in(browser, live_server, "ministry")
    page.goto(f"{live_server}/language/{language}?next=/tracking%3Fby%3Dfunder")
    heading = page.locator("h1").inner_text()
    assert heading.startswith({"uk": "Відстеження", "fr": "Suivi"}[language])
    page.screenshot(path=str(artifacts / f"tracking-funder-{language}.png"), full_page=True)
    page.close()


def test_tracking_fits_a_phone_and_a_funder_sees_only_its_own(
    browser: Any, live_server: str, artifacts: Path
) -> None:
    page = logged_in(browser, live_server, "funder", PHONE)
    wider = {}
    for by in VIEWS:
        page.goto(f"{live_server}/tracking?by={by}")
        wider[by] = overflow(page)
        assert "rival" not in page.content(), by
    page.goto(f"{live_server}/tracking?by=producer")
    page.screenshot(path=str(artifacts / "tracking-producer-phone-funder.png"), full_page=True)
    page.close()
    assert {by: px for by, px in wider.items() if px > 0} == {}
