"""Every 422 of the API says each of its problems, not only records refused by the registry: a
plan request or a query parameter the schema refuses is answered with ``problems``, each with
its code (``format.whole_number``…, the codes of the records format) where one applies, the
field (a body's field as the records format names it, a parameter by its name), where in the
request it is (``where_request``: ``body``, ``query``…) and the sentence in the reader's
language; ``detail`` keeps the English."""

from __future__ import annotations

from coprod.http import errors
from coprod.web import refusals
from tests.api.conftest import Platform, coded_problems


def test_a_plan_request_with_two_wrong_fields_says_both(platform: Platform) -> None:
    body = {"months": "six", "start": 2026, "edits": "none"}
    answer = platform.client.post("/api/plans/run", json=body, headers=platform.headers("ministry"))
    found = coded_problems(answer)
    assert ("format.whole_number", "months") in found
    assert ("format.text", "start") in found
    assert len(found) == 3
    assert "body.months" in answer.json()["detail"]


def test_a_query_parameter_of_the_wrong_type_is_a_coded_problem(platform: Platform) -> None:
    answer = platform.client.get(
        "/api/audit", params={"limit": "ten"}, headers=platform.headers("admin")
    )
    assert coded_problems(answer) == [("format.whole_number", "limit")]
    problem = answer.json()["problems"][0]
    assert problem["params"]["value"] == "'ten'"


def test_a_parameter_out_of_range_is_a_coded_problem_naming_its_bound(
    platform: Platform,
) -> None:
    headers = {**platform.headers("analyst"), "Accept-Language": "uk"}
    answer = platform.client.get("/api/facts", params={"limit": "0"}, headers=headers)
    assert coded_problems(answer) == [("format.at_least", "limit")]
    problem = answer.json()["problems"][0]
    assert "greater than or equal to 1" in problem["detail"]
    assert problem["params"]["limit"] == "1" and problem["params"]["value"] == "'0'"
    assert problem["said"] == "параметри запиту: поле «limit» має бути не менше ніж 1, а не '0'."


def test_every_part_of_a_request_is_said_in_the_readers_words() -> None:
    # http/errors names where a malformed value is; web/refusals says each such place
    assert set(errors.REQUEST_PARTS) == set(refusals.REQUEST_PARTS)


def test_the_problems_are_said_in_the_readers_language(platform: Platform) -> None:
    headers = {**platform.headers("admin"), "Accept-Language": "uk"}
    answer = platform.client.get("/api/audit", params={"limit": "ten"}, headers=headers)
    said = answer.json()["problems"][0]["said"]
    assert said.startswith("параметри запиту: ") and "limit" in said
    assert said != answer.json()["problems"][0]["detail"]


def test_a_body_that_is_no_json_keeps_one_problem_without_a_field(platform: Platform) -> None:
    answer = platform.client.post(
        "/api/plans/run",
        content=b"[1, 2",
        headers={**platform.headers("ministry"), "Content-Type": "application/json"},
    )
    assert answer.status_code == 422, answer.text
    problems = answer.json()["problems"]
    assert len(problems) == 1 and problems[0].get("code") is None
