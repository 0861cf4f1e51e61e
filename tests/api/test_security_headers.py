"""Security headers on every answer, coprod's error shape on unknown addresses, and links
rendered only to http(s) addresses (issue 15, findings 4 and 10)."""

from __future__ import annotations

import pytest

from tests.api.conftest import Platform
from tests.api.test_access import cookie_login

EXPECTED = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
}


def csp_directives(value: str) -> dict[str, list[str]]:
    directives = [part.split() for part in value.split(";") if part.strip()]
    return {name: sources for name, *sources in directives}


@pytest.mark.parametrize(
    "path", ["/login", "/api/needs", "/docs", "/openapi.json", "/static/coprod.css", "/nowhere"]
)
def test_every_answer_carries_the_security_headers(platform: Platform, path: str) -> None:
    answer = platform.client.get(path, headers=platform.headers("ministry"))
    for name, value in EXPECTED.items():
        assert answer.headers[name] == value, (path, name)
    policy = csp_directives(answer.headers["content-security-policy"])
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert "strict-transport-security" not in answer.headers  # plain HTTP: no HSTS


def test_hsts_is_sent_over_tls(platform: Platform) -> None:
    platform.client.base_url = platform.client.base_url.copy_with(scheme="https")
    answer = platform.client.get("/login")
    assert answer.headers["strict-transport-security"].startswith("max-age=")


def test_no_page_needs_inline_script_or_style(platform: Platform) -> None:
    cookie_login(platform, "mira")
    for path in [
        "/",
        "/login",
        "/docs",
        "/records/agreements",
        "/records/needs/need-drones",
        "/planner",
        "/review",
        "/nowhere",
    ]:
        page = platform.client.get(path, headers={"Accept": "text/html"}).text
        assert "<script>" not in page and "<style" not in page, path
        assert " style=" not in page and " onclick=" not in page and "javascript:" not in page


def test_a_stored_javascript_link_is_never_rendered(platform: Platform) -> None:
    # A document stored before links were checked (or written to the store directly).
    body = {"key": "doc-x", "name": "x", "sha256": "b" * 64, "url": "https://example.org/a"}
    headers = platform.headers("ministry")
    assert (
        platform.client.post("/api/source_documents", headers=headers, json=body).status_code == 201
    )
    with platform.engine.begin() as conn:
        conn.exec_driver_sql(
            "update source_documents set url = 'javascript:alert(document.domain)' "
            "where key = 'doc-x'"
        )
    cookie_login(platform, "mira")
    page = platform.client.get("/documents/doc-x")
    assert page.status_code == 200
    assert "doc-x" in page.text and "javascript:" not in page.text


def test_a_web_link_is_rendered(platform: Platform) -> None:
    body = {"key": "doc-y", "name": "y", "sha256": "c" * 64, "url": "https://example.org/a"}
    headers = platform.headers("ministry")
    assert (
        platform.client.post("/api/source_documents", headers=headers, json=body).status_code == 201
    )
    cookie_login(platform, "mira")
    page = platform.client.get("/documents/doc-y")
    assert page.status_code == 200
    assert 'href="https://example.org/a"' in page.text


@pytest.mark.parametrize(
    ("method", "path", "status", "error"),
    [
        ("GET", "/api/nowhere", 404, "NotFound"),
        ("DELETE", "/api/needs", 405, "MethodNotAllowed"),
        ("GET", "/static/nothing.css", 404, "NotFound"),
    ],
)
def test_unknown_addresses_answer_in_coprods_error_shape(
    platform: Platform, method: str, path: str, status: int, error: str
) -> None:
    answer = platform.client.request(method, path, headers=platform.headers("ministry"))
    assert answer.status_code == status
    assert answer.json()["error"] == error
    assert path in answer.json()["detail"]
    assert set(answer.json()) == {"error", "detail"}
    if status == 405:
        assert "GET" in answer.headers["allow"]


def test_a_page_not_found_is_an_html_page(platform: Platform) -> None:
    answer = platform.client.get("/nowhere", headers={"Accept": "text/html"})
    assert answer.status_code == 404 and "text/html" in answer.headers["content-type"]
