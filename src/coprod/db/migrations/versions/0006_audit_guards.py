"""the audit head moves only forward to the last entry; no REPLACE over an audit entry

``audit_log`` already refuses UPDATE and DELETE (0002), but SQLite's ``INSERT OR REPLACE``
deletes the old row without firing DELETE triggers (recursive triggers are off), and
``audit_head`` had no trigger: together they let an entry be rewritten without dropping a
trigger. Now the database refuses an INSERT over an existing entry, any INSERT of a second
head, any DELETE of the head, and any UPDATE of it other than the append path: the length
grows and the hash becomes that of the entry at the new length, the last one.

Revision ID: 0006_audit_guards
Revises: 0005_login_failures
Create Date: 2026-12-06 09:00:00.000000

"""

from collections.abc import Sequence

from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0006_audit_guards"
down_revision: str | Sequence[str] | None = "0005_login_failures"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Comparisons use IS / IS DISTINCT FROM: a missing entry (NULL) must refuse, not slip through.
SQLITE_HEAD_MOVES_FORWARD = (
    "NEW.id IS NOT OLD.id OR NEW.length <= OLD.length "
    "OR NEW.hash IS NOT (SELECT hash FROM audit_log WHERE seq = NEW.length) "
    "OR EXISTS (SELECT 1 FROM audit_log WHERE seq > NEW.length)"
)
TRIGGERS = {
    "sqlite": (
        "CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log "
        "WHEN EXISTS (SELECT 1 FROM audit_log WHERE seq = NEW.seq) "
        "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: REPLACE refused'); END",
        "CREATE TRIGGER audit_head_no_replace BEFORE INSERT ON audit_head "
        "WHEN EXISTS (SELECT 1 FROM audit_head) "
        "BEGIN SELECT RAISE(ABORT, 'audit_head is append-only: a second head refused'); END",
        f"CREATE TRIGGER audit_head_append_only BEFORE UPDATE ON audit_head "
        f"WHEN {SQLITE_HEAD_MOVES_FORWARD} "
        "BEGIN SELECT RAISE(ABORT, 'audit_head is append-only: UPDATE refused "
        "(it moves only forward, to the last entry)'); END",
        "CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head "
        "BEGIN SELECT RAISE(ABORT, 'audit_head is append-only: DELETE refused'); END",
    ),
    "postgresql": (
        "CREATE OR REPLACE FUNCTION audit_head_guard() RETURNS trigger AS $$ "
        "BEGIN "
        "IF TG_OP = 'INSERT' AND NOT EXISTS (SELECT 1 FROM audit_head) THEN RETURN NEW; END IF; "
        "IF TG_OP = 'UPDATE' AND NEW.id = OLD.id AND NEW.length > OLD.length "
        "AND NEW.hash IS NOT DISTINCT FROM (SELECT hash FROM audit_log WHERE seq = NEW.length) "
        "AND NOT EXISTS (SELECT 1 FROM audit_log WHERE seq > NEW.length) THEN RETURN NEW; "
        "END IF; "
        "RAISE EXCEPTION USING MESSAGE = 'audit_head is append-only: ' || TG_OP || ' refused'; "
        "END; $$ LANGUAGE plpgsql",
        "CREATE TRIGGER audit_head_guard BEFORE INSERT OR UPDATE OR DELETE ON audit_head "
        "FOR EACH ROW EXECUTE FUNCTION audit_head_guard()",
        "CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON audit_head "
        "FOR EACH STATEMENT EXECUTE FUNCTION audit_head_guard()",
    ),
}
DROP_TRIGGERS = {
    "sqlite": (
        "DROP TRIGGER audit_log_no_replace",
        "DROP TRIGGER audit_head_no_replace",
        "DROP TRIGGER audit_head_append_only",
        "DROP TRIGGER audit_head_no_delete",
    ),
    "postgresql": (
        "DROP TRIGGER audit_head_no_truncate ON audit_head",
        "DROP TRIGGER audit_head_guard ON audit_head",
        "DROP FUNCTION audit_head_guard()",
    ),
}


def upgrade() -> None:
    """Upgrade schema."""
    for statement in TRIGGERS.get(op.get_bind().dialect.name, ()):
        op.execute(statement)


def downgrade() -> None:
    """Downgrade schema."""
    for statement in DROP_TRIGGERS.get(op.get_bind().dialect.name, ()):
        op.execute(statement)
