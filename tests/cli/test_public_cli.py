"""``coprod public mark|withdraw|list``: the local operator marks records public."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.runner import Coprod


def test_mark_list_and_withdraw(coprod: Coprod, tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    system = {"key": "sys-pub", "name": "Published", "category": "drones"}
    path.write_text(json.dumps({"schema": "coprod.records/1", "systems": [system]}))
    coprod.ok("import", str(path))
    assert "/public/systems/sys-pub public since" in coprod.ok(
        "public", "mark", "systems", "sys-pub"
    )
    listed = coprod.ok("public", "list")
    assert listed.startswith("/public/systems/sys-pub ") and "system" in listed
    changes = json.loads(coprod.ok("changes", "--json", "--limit", "1000"))
    assert all(c["kind"] != "public_records" for c in changes["changes"])
    assert "is private again" in coprod.ok("public", "withdraw", "systems", "sys-pub")
    assert coprod.ok("public", "list") == ""
    assert "was not public" in coprod.ok("public", "withdraw", "systems", "sys-pub")


def test_unknown_kinds_and_keys_are_named(coprod: Coprod) -> None:
    wrong = coprod("public", "mark", "gadgets", "x")
    assert wrong.code != 0 and "'gadgets'" in wrong.err and "agreements" in wrong.err
    missing = coprod("public", "mark", "systems", "no-such-system")
    assert missing.code != 0 and "no-such-system" in missing.err
