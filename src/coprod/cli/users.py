"""``coprod users``: platform accounts (organisation, role, password) and their API tokens."""

from __future__ import annotations

import json
import os
from typing import Annotated

import typer
from sqlalchemy.orm import Session

from coprod.cli.database import open_engine
from coprod.db.engine import write_session
from coprod.domain.enums import AccountRole
from coprod.services import auth

users_app = typer.Typer(help="Platform accounts and API tokens.", no_args_is_help=True)


@users_app.command("add")
def add(
    key: Annotated[str, typer.Argument(help="the user name used to log in")],
    role: Annotated[AccountRole, typer.Option(help="what the account may see and do")],
    organisation: Annotated[
        str, typer.Option("--organisation", "--org", help="the account organisation's key")
    ],
    name: Annotated[str | None, typer.Option(help="display name [default: the key]")] = None,
    password: Annotated[
        str | None,
        typer.Option(envvar="COPROD_PASSWORD", help="[default: asked for, hidden]"),
    ] = None,
) -> None:
    """Create an account; its password is stored as an Argon2 hash."""
    secret = password or typer.prompt("password", hide_input=True, confirmation_prompt=True)
    with write_session(open_engine()) as session:
        auth.create_user(
            session,
            key,
            name=name or key,
            role=role.value,
            organisation=organisation,
            password=secret,
        )
        session.commit()
    typer.echo(f"user {key} ({role.value}, {organisation}) created")


@users_app.command("list")
def list_users(
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """Every account with its role and organisation."""
    with Session(open_engine()) as session:
        rows = [
            {"key": u.key, "name": u.name, "role": u.role, "organisation": u.organisation}
            for u in auth.list_users(session)
        ]
    if as_json:
        typer.echo(json.dumps(rows, indent=2))
        return
    for row in rows:
        typer.echo(f"{row['key']:<20} {row['role']:<13} {row['organisation']:<24} {row['name']}")


@users_app.command("token")
def token(
    key: Annotated[str, typer.Argument(help="the user the token acts as")],
    name: Annotated[str, typer.Option(help="a name for the token")] = "default",
) -> None:
    """Issue an API token (printed once; only its digest is stored)."""
    with write_session(open_engine()) as session:
        issued = auth.issue_token(session, auth.get_user(session, key), name)
        session.commit()
    typer.echo(issued)
    if os.isatty(1):
        typer.echo("use it as: Authorization: Bearer <token>", err=True)


@users_app.command("purge")
def purge() -> None:
    """Delete expired browser sessions and failed logins older than the throttle's minute."""
    with write_session(open_engine()) as session:
        purged = auth.purge_expired(session)
        session.commit()
    typer.echo(
        f"{purged.sessions} expired session(s) and {purged.login_failures} old failed "
        "login(s) deleted"
    )


def register(app: typer.Typer) -> None:
    """Add this area's commands to ``app``."""
    app.add_typer(users_app, name="users")
