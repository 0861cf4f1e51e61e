"""``coprod audit anchor`` and ``coprod audit verify --anchor FILE`` (issue 15, finding 8).

An anchor kept outside the database catches what no trigger can: a chain rewritten from the
anchored entry on by someone who drops the triggers and recomputes every hash after it.
"""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session

from coprod.db.audit_models import GENESIS_HASH, AuditEntry, entry_fields, entry_hash
from coprod.db.engine import make_engine
from coprod.services.audit import ANCHOR_FORMAT
from tests.cli.runner import Coprod

PASSWORD = "north-river-lantern-42"
DROP = {
    "sqlite": [
        "DROP TRIGGER audit_log_no_update",
        "DROP TRIGGER audit_log_no_delete",
        "DROP TRIGGER audit_log_no_replace",
        "DROP TRIGGER audit_head_append_only",
    ],
    "postgresql": [
        "DROP TRIGGER audit_log_no_update ON audit_log",
        "DROP TRIGGER audit_log_no_delete ON audit_log",
        "DROP TRIGGER audit_head_guard ON audit_head",
    ],
}


def _rewrite_from(engine: Engine, seq: int) -> None:
    """Edit entry ``seq`` and recompute its hash and every later one, then the head."""
    with Session(engine) as session:
        for statement in DROP[engine.dialect.name]:
            session.execute(text(statement))
        later = select(AuditEntry).where(AuditEntry.seq >= seq).order_by(AuditEntry.seq)
        prev = session.get(AuditEntry, seq - 1)
        prev_hash = prev.hash if prev else GENESIS_HASH
        for entry in session.scalars(later):
            if entry.seq == seq:
                entry.actor = "forger"
            entry.prev_hash = prev_hash
            entry.hash = entry_hash(entry_fields(entry), prev_hash)
            prev_hash = entry.hash
        session.flush()
        session.execute(text(f"UPDATE audit_head SET hash = '{prev_hash}'"))
        session.commit()


def test_anchor_prints_the_last_entry_and_verify_checks_it(coprod: Coprod, tmp_path: Path) -> None:
    anchor = json.loads(coprod.ok("audit", "anchor"))
    assert anchor["format"] == ANCHOR_FORMAT
    assert anchor["seq"] > 0 and len(anchor["hash"]) == 64 and anchor["at"].endswith("Z")
    kept = tmp_path / "anchor.json"
    kept.write_text(json.dumps(anchor))
    # Later changes append after the anchor: it still holds.
    coprod.ok("users", "add", "nina", "--role", "analyst", "--org", "ua", "--password", PASSWORD)
    assert "intact" in coprod.ok("audit", "verify", "--anchor", str(kept))


def test_a_chain_rewritten_with_correct_hashes_fails_against_the_anchor(
    coprod: Coprod, tmp_path: Path
) -> None:
    anchor = json.loads(coprod.ok("audit", "anchor"))
    kept = tmp_path / "anchor.json"
    kept.write_text(json.dumps(anchor))
    engine = make_engine(coprod.url)
    try:
        _rewrite_from(engine, anchor["seq"] - 1)
    finally:
        engine.dispose()
    assert "intact" in coprod.ok("audit", "verify")  # consistent in itself
    result = coprod("audit", "verify", "--anchor", str(kept))
    assert result.code != 0
    assert f"seq {anchor['seq']} is not the anchored one" in result.out


def test_an_anchor_beyond_the_chain_or_malformed_is_refused(coprod: Coprod, tmp_path: Path) -> None:
    anchor = json.loads(coprod.ok("audit", "anchor"))
    kept = tmp_path / "anchor.json"
    kept.write_text(json.dumps({**anchor, "seq": anchor["seq"] + 5}))
    result = coprod("audit", "verify", "--anchor", str(kept))
    assert result.code != 0 and "is missing" in result.out
    kept.write_text(json.dumps({**anchor, "hash": "abc"}))
    result = coprod("audit", "verify", "--anchor", str(kept))
    assert result.code != 0 and "anchor.json: field 'hash'" in result.err
