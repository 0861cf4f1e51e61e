"""The audit trail names the command a change came through (``cli:<command>``), or the file
an import read (``import:<file>``); ``coprod audit log`` and ``coprod changes`` show it."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.runner import Coprod


def test_an_import_and_a_command_name_their_channel(coprod: Coprod, tmp_path: Path) -> None:
    path = tmp_path / "drones.json"
    system = {"key": "sys-ch", "name": "Channelled", "category": "drones"}
    path.write_text(json.dumps({"schema": "coprod.records/1", "systems": [system]}))
    coprod.ok("import", str(path))
    coprod.ok("public", "mark", "systems", "sys-ch")
    entries = json.loads(coprod.ok("audit", "log", "--json", "--limit", "2"))
    assert [(e["object_key"], e["channel"]) for e in entries] == [
        ("systems/sys-ch", "cli:public mark"),
        ("sys-ch", "import:drones.json"),
    ]
    assert "[cli:public mark]" in coprod.ok("audit", "log", "--limit", "1")
    since: list[str] = []  # the page that holds the import: the catalogue's records come first
    while True:
        page = json.loads(coprod.ok("changes", "--json", "--limit", "1000", *since))
        if any(c["key"] == "sys-ch" for c in page["changes"]) or not page["more"]:
            break
        since = ["--since", page["next"]]
    changes = coprod.ok("changes", "--limit", "1000", *since)
    assert (
        "systems sys-ch created by local:" in changes and "through import (drones.json)" in changes
    )
    assert "intact" in coprod.ok("audit", "verify")
