"""``GET /api/export.xlsx``: the workbook holds exactly the records the caller may see, and
its ledger sheets only the caller's figures (a manufacturer never sees a competitor's price)."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from coprod.services.records.workbook import MEDIA_TYPE
from tests.api.conftest import ROLES, Platform
from tests.api.platform_world import RIVAL_PRICE, VISIBLE


def _keys(data: bytes, sheet: str) -> set[str]:
    rows = list(load_workbook(io.BytesIO(data), read_only=True)[sheet].iter_rows(values_only=True))
    column = [str(h) for h in rows[0]].index("key")
    return {str(row[column]) for row in rows[1:]}


@pytest.mark.parametrize("role", ROLES)
def test_each_sheet_holds_only_what_the_role_may_see(platform: Platform, role: str) -> None:
    response = platform.client.get("/api/export.xlsx", headers=platform.headers(role))
    assert response.status_code == 200
    assert response.headers["content-type"] == MEDIA_TYPE
    for plural, keys in VISIBLE[role].items():
        assert _keys(response.content, plural) == keys, plural
    instruments = _keys(response.content, "ledger instruments")
    assert instruments == VISIBLE[role]["funding_instruments"]


def test_a_manufacturer_workbook_has_no_competitor_price(platform: Platform) -> None:
    response = platform.client.get("/api/export.xlsx", headers=platform.headers("manufacturer"))
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    cells = {cell for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row}
    assert not {RIVAL_PRICE, float(RIVAL_PRICE), str(RIVAL_PRICE), "rival-line"} & cells


def test_without_credentials_the_workbook_answers_401(platform: Platform) -> None:
    response = platform.client.get("/api/export.xlsx")
    assert response.status_code == 401
    assert set(response.json()) == {"error", "detail"}


@pytest.mark.parametrize("role", ["funder", "manufacturer", "analyst"])
def test_tracking_sheets_hold_the_callers_view(platform: Platform, role: str) -> None:
    data = platform.client.get("/api/export.xlsx", headers=platform.headers(role)).content
    book = load_workbook(io.BytesIO(data), read_only=True)
    for by in ("funder", "producer"):
        view = platform.client.get(
            "/api/tracking", params={"by": by}, headers=platform.headers(role)
        ).json()
        for table in view["tables"]:
            rows = list(book[f"track {table['name']}"].iter_rows(values_only=True))
            first = table["columns"][0]["name"]
            keys = [r[0] for r in rows[1:] if r[0] != "total"]
            assert keys == [row[first] for row in table["rows"]], (role, by)
