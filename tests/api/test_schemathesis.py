"""A bounded schemathesis run over the OpenAPI document, as each role: no server error, and
every answer matches the documented status codes and schemas."""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from tests.api.conftest import ROLES, Platform

EXAMPLES = int(os.environ.get("COPROD_SCHEMATHESIS_EXAMPLES", "3"))
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]


@pytest.mark.slow
@pytest.mark.parametrize("role", ROLES)
def test_the_api_answers_every_generated_request_without_a_server_error(
    platform: Platform, role: str
) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", platform.client.app)
    headers = platform.headers(role)
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        def exercise(case: schemathesis.Case) -> None:
            try:
                case.call_and_validate(headers=headers, checks=CHECKS)
            except AssertionError as failure:  # collect every operation's failure, then report
                failures.append(f"{case.operation.label}: {str(failure).splitlines()[0]}")
                raise

        try:
            exercise()
        except AssertionError:
            continue
    assert not failures, "\n".join(failures)
