"""``coprod public``: mark records public (readable without an account), withdraw them, list
them (``docs/platform.md``, "The public view")."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from coprod.cli.database import open_store
from coprod.domain import kinds
from coprod.domain.kinds import Kind
from coprod.errors import InvalidInput
from coprod.services import public

public_app = typer.Typer(
    help="Records readable without an account (/public): mark, withdraw, list.",
    no_args_is_help=True,
)
KindArgument = Annotated[str, typer.Argument(help="the kind, as in /api/<kind>: agreements, …")]
KeyArgument = Annotated[str, typer.Argument(help="the record's key")]


def _kind(plural: str) -> Kind[Any]:
    kind = kinds.BY_PLURAL.get(plural)
    if kind is None:
        names = ", ".join(k.plural for k in kinds.KINDS)
        raise InvalidInput(f"no kind of record called {plural!r}: choose one of {names}")
    return kind


@public_app.command("mark")
def mark(kind: KindArgument, key: KeyArgument) -> None:
    """Mark a record public (audited); its page is /public/KIND/KEY."""
    done = open_store().write(lambda uow: public.publish(uow, _kind(kind), key))
    typer.echo(f"/public/{done.kind}/{done.key} public since {done.published_at}")


@public_app.command("withdraw")
def withdraw(kind: KindArgument, key: KeyArgument) -> None:
    """Make a public record private again (audited)."""
    was = open_store().write(lambda uow: public.withdraw(uow, _kind(kind), key))
    typer.echo(f"{kind}/{key} " + ("is private again" if was else "was not public"))


@public_app.command("list")
def list_() -> None:
    """The records marked public, with when and by whom."""
    for found in open_store().read(public.marks):
        typer.echo(f"/public/{found.kind}/{found.key}  {found.published_at}  {found.published_by}")


def register(app: typer.Typer) -> None:
    """Add this area's commands to ``app``."""
    app.add_typer(public_app, name="public")
