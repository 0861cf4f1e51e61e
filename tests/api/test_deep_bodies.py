"""A JSON body nested deeper than Python can parse or walk is the client's error: a 422 with a
clear message in the usual error shape, never a 500, and the store is left as it was."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import httpx
import pytest

from coprod.http.errors import TOO_DEEP
from tests.api.conftest import Platform

LEVELS = 100_000
WRITES = [
    ("POST", "/api/import"),
    ("POST", "/api/organisations"),
    ("PUT", "/api/needs/need-drones"),
]


def _lists(levels: int) -> str:
    return "[" * levels + "]" * levels


def _objects(levels: int) -> str:
    return '{"a":' * levels + "1" + "}" * levels


def _headers(platform: Platform) -> dict[str, str]:
    return platform.headers("admin", **{"Content-Type": "application/json", "If-Match": '"1"'})


def _store(platform: Platform) -> str:
    answer = platform.client.get("/api/export", headers=platform.headers("admin"))
    assert answer.status_code == 200, answer.text
    text: str = answer.text
    return text


@pytest.mark.parametrize(("method", "path"), WRITES, ids=[path for _, path in WRITES])
@pytest.mark.parametrize("nested", [_lists, _objects], ids=["lists", "objects"])
def test_a_body_too_deep_to_parse_is_refused(
    platform: Platform, method: str, path: str, nested: Callable[[int], str]
) -> None:
    before = _store(platform)
    answer = platform.client.request(
        method, path, content=nested(LEVELS), headers=_headers(platform)
    )
    assert answer.status_code == 422, answer.text
    assert answer.json() == {"error": "InvalidInput", "detail": TOO_DEEP}
    assert _store(platform) == before


async def _imports(platform: Platform, levels: range) -> dict[int, httpx.Response]:
    transport = httpx.ASGITransport(app=platform.client.app)  # app errors are raised here
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        answers = {}
        for n in levels:
            body = '{"schema": "coprod.records/1", "x": ' + _objects(n) + "}"
            answers[n] = await client.post("/api/import", content=body, headers=_headers(platform))
        return answers


def test_a_body_just_deep_enough_to_parse_is_refused_too(platform: Platform) -> None:
    # Around the recursion limit a body is parsed, then fails where the import walks it (its
    # digest): every depth answers 422, too deep or invalid, and nothing is stored.
    before = _store(platform)
    answers = asyncio.run(_imports(platform, range(850, 1000)))
    assert {a.status_code for a in answers.values()} == {422}
    details = {n: a.json()["detail"] for n, a in answers.items()}
    assert details[850] != TOO_DEEP and details[999] == TOO_DEEP
    assert _store(platform) == before
