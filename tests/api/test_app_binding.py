"""``coprod.app.bind``: the tests share one app per process and bind it to each test's store
(tests/api/conftest.py), so a bound app must carry nothing of its earlier store."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from coprod.app import bind, create_app
from tests.api.conftest import Platform, settings_for
from tests.stores import copy_sqlite

# Made once from the package's files and holding nothing of a store.
STATELESS = {"templates", "page_language", "channel_words", "refusal_words"}


def test_binding_replaces_everything_an_app_holds_of_its_store(
    platform: Platform, tmp_path: Path
) -> None:
    app = platform.client.app
    assert platform.client.get("/api/needs", headers=platform.headers("admin")).status_code == 200
    before = dict(app.state._state)
    gate = app.middleware_stack
    assert gate is not None  # made by the request

    bind(app, settings_for(tmp_path))

    after = app.state._state
    assert after.keys() == before.keys() == create_app(settings_for(tmp_path)).state._state.keys()
    assert {name for name in before if after[name] is before[name]} == STATELESS
    assert app.state.settings.database_url == f"sqlite:///{tmp_path / 'coprod.db'}"
    assert app.middleware_stack is None  # made again, with a new admission gate


def test_a_bound_app_reads_and_writes_its_new_store_only(
    platform: Platform, tmp_path: Path
) -> None:
    copy = tmp_path / "other"
    copy_sqlite(Path(str(platform.engine.url.database)), copy / "coprod.db")
    headers = platform.headers("admin")
    body = {"key": "bound", "name": "Bound", "kind": "company", "country": "FR"}
    with TestClient(bind(platform.client.app, settings_for(copy))) as client:
        assert client.post("/api/organisations", headers=headers, json=body).status_code == 201
        assert client.get("/api/organisations/bound", headers=headers).status_code == 200
    bind(platform.client.app, settings_for(tmp_path), engine=platform.engine)
    assert platform.client.get("/api/organisations/bound", headers=headers).status_code == 404
