"""``coprod changes``: the change feed from a cursor, as GET /api/changes gives it."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.runner import Coprod


def _import(coprod: Coprod, path: Path, systems: list[dict[str, str]]) -> None:
    path.write_text(json.dumps({"schema": "coprod.records/1", "systems": systems}))
    coprod.ok("import", str(path))


def test_changes_after_a_cursor_and_the_next_cursor(coprod: Coprod, tmp_path: Path) -> None:
    start = json.loads(coprod.ok("changes", "--json", "--limit", "1000"))
    while start["more"]:
        start = json.loads(coprod.ok("changes", "--json", "--since", start["next"]))
    system = {"key": "sys-x", "name": "X", "category": "drones"}
    _import(coprod, tmp_path / "a.json", [system])
    _import(coprod, tmp_path / "b.json", [{**system, "name": "X2"}])
    page = json.loads(coprod.ok("changes", "--json", "--since", start["next"]))
    assert [(c["kind"], c["key"], c["operation"]) for c in page["changes"]] == [
        ("systems", "sys-x", "created"),
        ("systems", "sys-x", "updated"),
    ]
    assert page["changes"][1]["fields"] == ["name"] and page["more"] is False
    assert page["changes"][0]["actor"].startswith("local:")
    after = json.loads(coprod.ok("changes", "--json", "--since", page["next"]))
    assert after["changes"] == [] and after["next"] == page["next"]
    text = coprod.ok("changes", "--since", start["next"])
    assert "systems sys-x created" in text and f"next: --since {page['next']}" in text


def test_a_bad_cursor_is_refused_with_its_reason(coprod: Coprod) -> None:
    for cursor in ("abc", "999999"):
        result = coprod("changes", "--since", cursor)
        assert result.code != 0 and "cursor" in result.err and "Traceback" not in result.err
