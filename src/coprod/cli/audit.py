"""``coprod audit``: read the audit trail and verify its hash chain."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Annotated

import typer

from coprod.cli.database import open_store
from coprod.errors import Conflict, InvalidInput
from coprod.services import audit
from coprod.services.audit import changes as feed

audit_app = typer.Typer(help="The append-only, hash-chained audit trail.", no_args_is_help=True)


@audit_app.command("verify")
def verify(
    head: Annotated[
        str | None, typer.Option(help="the head hash recorded earlier, to compare against")
    ] = None,
    anchor: Annotated[
        Path | None,
        typer.Option(
            help="a file written from `coprod audit anchor` earlier: the chain must still hold "
            "that entry unchanged",
            dir_okay=False,
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """Recompute the chain: exit 4 if any entry was edited, deleted, reordered or inserted."""
    kept = _read_anchor(anchor) if anchor is not None else None
    report = open_store().read(lambda uow: audit.verify_chain(uow, expected_head=head, anchor=kept))
    if as_json:
        body = {"intact": report.intact, "length": report.length, "head_hash": report.head_hash}
        typer.echo(json.dumps({**body, "problems": report.problems}, indent=2))
    else:
        for problem in report.problems:
            typer.echo(f"  ! {problem}")
        typer.echo(f"{report.length} entries, head {report.head_hash}")
    if not report.intact:
        raise Conflict(f"the audit chain is broken: {len(report.problems)} problem(s)")
    if not as_json:
        typer.echo("the audit chain is intact")


def _read_anchor(path: Path) -> audit.Anchor:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InvalidInput(f"{path}: cannot read the anchor: {exc.strerror}") from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise InvalidInput(f"{path}: not an audit anchor (JSON): {exc}") from None
    return audit.read_anchor(str(path), document)


@audit_app.command("anchor")
def anchor() -> None:
    """Print the chain's last entry (seq, hash, time) as JSON, to keep outside the database;
    `coprod audit verify --anchor FILE` later checks the chain still holds it unchanged."""
    kept = open_store().read(audit.intact_anchor)
    typer.echo(json.dumps(kept.to_json(), indent=2))


@audit_app.command("log")
def log(
    key: Annotated[str | None, typer.Option("--key", help="only this object key")] = None,
    limit: Annotated[int, typer.Option(help="how many entries, newest first")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """The newest audit entries: who changed what, when, as a JSON Patch."""
    entries = open_store().read(lambda uow: audit.entries(uow, object_key=key, limit=limit))
    if as_json:
        typer.echo(json.dumps(entries, indent=2, ensure_ascii=False))
        return
    for e in entries:
        patch = json.dumps(e["patch"], ensure_ascii=False)[:80]
        typer.echo(
            f"{e['seq']:>6} {e['at']} {e['actor']:<16} {e['action']:<6} "
            f"{e['object_type']}/{e['object_key']} [{e['channel'] or '?'}] {patch}"
        )


def changes(
    since: Annotated[
        str | None,
        typer.Option(help="the cursor: the 'next' an earlier run printed; none: from the start"),
    ] = None,
    limit: Annotated[
        int, typer.Option(min=1, max=feed.MAX_LIMIT, help="changes to print at most")
    ] = feed.DEFAULT_LIMIT,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """The change feed: the records changed after the cursor, oldest first, and the next
    cursor (the same as GET /api/changes)."""
    page = open_store().read(lambda uow: feed.changes(uow, since, limit))
    if as_json:
        body = [dataclasses.asdict(c) | {"fields": list(c.fields)} for c in page.changes]
        document = {"changes": body, "since": str(page.since), "next": str(page.next)}
        typer.echo(json.dumps(document | {"more": page.more}, indent=2, ensure_ascii=False))
        return
    for c in page.changes:
        who = f" by {c.actor}" if c.actor else ""
        if c.channel:
            who += f" through {c.channel}" + (f" ({c.channel_detail})" if c.channel_detail else "")
        typer.echo(f"{c.seq:>8}  {c.at}  {c.kind} {c.key} {c.operation}{who}")
    more = " (more follow)" if page.more else ""
    typer.echo(f"next: --since {page.next}{more}")


def register(app: typer.Typer) -> None:
    """Add this area's commands to ``app``."""
    app.add_typer(audit_app, name="audit")
    app.command()(changes)
