"""A plant's history out of order is refused on its row: the API's detail names the row's
field (``history.1.status``, ``history.1.on``) and the form says it beside that row's input,
in the reader's language, not beside the whole history."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.conftest import Platform
from tests.api.test_page_actions import login
from tests.api.test_plants_access import PLANT
from tests.api.test_record_forms import field_error, post

SAID = "Статус заводу та його дати змінюються лише вперед."


def _form(token: str, **rows: str) -> dict[str, str]:
    return {
        "csrf_token": token,
        "key": "form-plant",
        "name": "Завод у Львові",
        "operator": "acme",
        "country": "Україна",
        "kind": "production",
        "status": "operating",
        "history.rows": "3",
        **rows,
    }


@pytest.mark.parametrize(
    ("rows", "field"),
    [
        (
            {
                "history.0.status": "announced",
                "history.1.status": "operating",
                "history.2.status": "under_construction",
            },
            "history.2.status",
        ),
        (
            {
                "history.0.status": "announced",
                "history.0.on": "01.02.2025",
                "history.1.status": "under_construction",
                "history.1.on": "01.01.2025",
                "history.2.status": "operating",
            },
            "history.1.on",
        ),
    ],
)
def test_the_form_says_it_beside_the_row(
    platform: Platform, rows: dict[str, str], field: str
) -> None:
    token = login(platform, "ministry")
    answer = post(platform, "/records/plants/new", _form(token, **rows))
    assert answer.status_code == 422, answer.text
    assert field_error(answer.text, field) == SAID
    assert field_error(answer.text, "history") == ""


def test_the_api_names_the_row(platform: Platform) -> None:
    body: dict[str, Any] = {
        **PLANT,
        "key": "api-plant",
        "history": [
            {"status": "announced", "on": "2025-02-01"},
            {"status": "under_construction", "on": "2025-01-01"},
        ],
    }
    answer = platform.client.post("/api/plants", json=body, headers=platform.headers("ministry"))
    assert answer.status_code == 422, answer.text
    assert answer.json()["detail"].startswith("plants 'api-plant': field history.1.on: ")
