"""Pages and documentation serve every asset themselves: no CDN, no external script."""

from __future__ import annotations

import re

from tests.api.conftest import Platform
from tests.api.test_access import cookie_login

ASSET = re.compile(r'(?:src|href)="([^"#]+)"')


def _assets(html: str) -> list[str]:
    return [url for url in ASSET.findall(html) if url.endswith((".js", ".css", ".png", ".svg"))]


def test_the_api_docs_load_swagger_ui_from_the_app(platform: Platform) -> None:
    page = platform.client.get("/docs")
    assert page.status_code == 200
    scripts = re.findall(r"(?:src|href)\s*=\s*['\"]([^'\"]+)['\"]", page.text)
    assert scripts and all(url.startswith("/") for url in scripts), scripts
    for url in scripts:
        assert platform.client.get(url).status_code == 200, url
    assert platform.client.get("/redoc").status_code == 404


def test_every_page_asset_is_served_by_the_app(platform: Platform) -> None:
    cookie_login(platform, "mira")
    for path in ("/login", "/", "/records/agreements", "/records/agreements/a-acme", "/planner"):
        html = platform.client.get(path).text
        assert "http://" not in html.replace("http://www.w3.org/2000/svg", "")
        assert "https://" not in html
        for url in _assets(html):
            assert url.startswith("/"), (path, url)
            assert platform.client.get(url).status_code == 200, url


def test_the_openapi_document_lists_every_area(platform: Platform) -> None:
    document = platform.client.get("/openapi.json").json()
    paths = set(document["paths"])
    for expected in (
        "/api/agreements",
        "/api/agreements/{key}",
        "/api/import",
        "/api/export",
        "/api/plans/run",
        "/api/plans/compare",
        "/api/documents",
        "/api/facts/{key}/accept",
        "/api/audit/verify",
    ):
        assert expected in paths, expected
    replace = document["paths"]["/api/agreements/{key}"]["put"]
    assert {"412", "428", "404", "422"} <= set(replace["responses"])
