"""``coprod review list|show|accept|reject|edit|aliases``: extracted facts into the registry."""

from __future__ import annotations

import dataclasses
import json
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from coprod.cli.database import open_store
from coprod.domain.enums import FactType, ReviewState
from coprod.errors import InvalidInput
from coprod.services.facts import accepting, editing, proposals
from coprod.services.facts.aliases import list_aliases

console = Console()
review_app = typer.Typer(
    help="Review the facts extracted from ingested articles: accepted facts become registry "
    "records that keep their evidence.",
    no_args_is_help=True,
)
SUMMARY_FIELDS = ("agreement_type", "status", "systems", "amount", "currency", "date", "name")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _summary(view: proposals.ProposalView) -> str:
    parts = [
        f"{name}={_cell(view.fields[name])}"
        for name in SUMMARY_FIELDS
        if view.fields.get(name) not in (None, [], "")
    ]
    return " ".join(parts)


@review_app.command("list")
def list_(
    *,
    state: Annotated[
        ReviewState | None, typer.Option(help="only proposals in this state")
    ] = ReviewState.UNVERIFIED,
    type_: Annotated[
        FactType | None, typer.Option("--type", help="only facts of this type")
    ] = None,
    all_states: Annotated[bool, typer.Option("--all", help="every state")] = False,
    limit: Annotated[int | None, typer.Option(help="at most this many")] = None,
    offset: Annotated[int, typer.Option(help="skip this many")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """List fact proposals (unverified ones unless --state or --all says otherwise)."""
    chosen = None if all_states or state is None else state.value
    views = open_store().read(
        lambda uow: proposals.list_proposals(
            uow, chosen, type_.value if type_ else None, limit=limit, offset=offset
        )
    )
    if as_json:
        # A list shows how many documents report each fact; `show` gives the evidence itself.
        rows = [
            {k: v for k, v in dataclasses.asdict(view).items() if k not in ("evidence", "edits")}
            for view in views
        ]
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    table = Table(title=f"fact proposals ({len(views)})", title_justify="left")
    for column in ("id", "type", "state", "conf.", "docs", "parties", "fields", "record"):
        table.add_column(column, overflow="fold")
    for v in views:
        record = f"{v.record_kind} {v.record_key}" if v.record_key else ""
        table.add_row(
            str(v.id),
            v.type,
            v.state,
            f"{v.confidence:.2f}",
            str(v.documents),
            _cell(v.fields.get("parties")),
            _summary(v),
            record,
        )
    console.print(table)


@review_app.command("show")
def show(
    proposal: Annotated[str, typer.Argument(help="the proposal's id or key")],
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """Show a proposal: its fields, entities, edits and each evidence sentence in its text."""
    view = open_store().read(lambda uow: proposals.get_proposal(uow, proposal))
    if as_json:
        typer.echo(json.dumps(dataclasses.asdict(view), ensure_ascii=False, indent=2))
        return
    console.print(f"[bold]{view.id}[/] {view.key}  {view.type}  {view.state}", highlight=False)
    table = Table(show_header=False, box=None)
    for name, value in view.fields.items():
        if value not in (None, [], ""):
            table.add_row(name, _cell(value))
    console.print(table)
    for e in view.entities:
        ref = e["ref"] or "(not in the registry: created on accept)"
        console.print(f"  {e['type']} {e['name']} → {ref}  as {_cell(e['mentions'])}")
    for i, ev in enumerate(view.evidence, start=1):
        console.print(f"\n[bold]evidence {i}[/]: {ev.name} ({ev.document}) [{ev.start}:{ev.end}]")
        console.print(_quoted(ev))
    for edit in view.edits:
        console.print(
            f"  edited {edit['field']}: {edit['old']!r} → {edit['new']!r} by {edit['actor']}"
        )
    if view.record_key:
        console.print(f"record: {view.record_kind} {view.record_key}", highlight=False)
    if view.reason:
        console.print(f"reason: {view.reason}", highlight=False)


def _quoted(ev: proposals.EvidenceView) -> Text:
    text = Text("  …")
    text.append(" ".join(ev.before.split()[-12:]) + " ")
    text.append(ev.quote, style="bold black on yellow")
    text.append(" " + " ".join(ev.after.split()[:12]) + "…")
    return text


@review_app.command("accept")
def accept(
    proposal: Annotated[str, typer.Argument(help="the proposal's id or key")],
    as_key: Annotated[
        str | None,
        typer.Option("--as", help="key of the record to make (an existing one gets the evidence)"),
    ] = None,
) -> None:
    """Accept a proposal: make its registry record, with the evidence, and learn its aliases."""
    result = open_store().write(lambda uow: accepting.accept(uow, proposal, key=as_key))
    typer.echo(result.message)


@review_app.command("reject")
def reject(
    proposal: Annotated[str, typer.Argument(help="the proposal's id or key")],
    reason: Annotated[str | None, typer.Option(help="why the fact is wrong")] = None,
) -> None:
    """Reject a proposal; it stays, marked rejected, with the reason."""
    view = open_store().write(lambda uow: editing.reject(uow, proposal, reason=reason))
    typer.echo(f"{view.key}: rejected")


def parse_changes(pairs: list[str]) -> dict[str, str]:
    """``field=value`` pairs as a dict; InvalidInput naming a pair without ``=``."""
    changes: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise InvalidInput(f"--set {pair!r}: write field=value (or entity:NAME=KEY)")
        changes[name.strip()] = value
    return changes


@review_app.command("edit")
def edit(
    proposal: Annotated[str, typer.Argument(help="the proposal's id or key")],
    set_: Annotated[
        list[str],
        typer.Option(
            "--set",
            help="field=value (lists comma-separated; empty clears), or entity:NAME=KEY to say "
            "which registry entity a name is",
        ),
    ],
) -> None:
    """Correct fields of an unverified proposal; every change is kept with the old value.

    \b
      coprod review edit 3 --set status=planned --set systems=drones,samp-t
      coprod review edit 3 --set 'entity:Rheinmetal AG=rheinmetall'
    """
    changes = parse_changes(set_)  # a malformed --set is named before the database is opened
    view = open_store().write(lambda uow: editing.edit(uow, proposal, changes))
    typer.echo(f"{view.key}: " + ", ".join(f"{k}={_cell(v)}" for k, v in view.fields.items()))


@review_app.command("aliases")
def aliases(
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """List the aliases reviewers confirmed; the extractor uses them on the next ingest."""
    found = open_store().read(list_aliases)
    if as_json:
        typer.echo(json.dumps(found, ensure_ascii=False, indent=2))
        return
    table = Table(title=f"learned aliases ({len(found)})", title_justify="left")
    columns = ("alias", "type", "target", "name", "learned_from", "learned_by")
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in found:
        table.add_row(*(_cell(row[c]) for c in columns))
    console.print(table)


def register(app: typer.Typer) -> None:
    """Add ``coprod review`` to ``app``."""
    app.add_typer(review_app, name="review")
