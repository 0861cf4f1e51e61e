"""``coprod users``: platform accounts (organisation, role, password) and their API tokens."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from typing import Annotated

import typer

from coprod.cli.database import open_store
from coprod.domain.enums import AccountRole
from coprod.errors import InvalidInput
from coprod.services.accounts import auth

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
    open_store().write(
        lambda uow: auth.create_user(
            uow,
            key,
            name=name or key,
            role=role.value,
            organisation=organisation,
            password=secret,
        )
    )
    typer.echo(f"user {key} ({role.value}, {organisation}) created")


@users_app.command("list")
def list_users(
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """Every account with its role and organisation."""
    rows = open_store().read(
        lambda uow: [
            {"key": u.key, "name": u.name, "role": u.role, "organisation": u.organisation}
            for u in auth.list_users(uow)
        ]
    )
    if as_json:
        typer.echo(json.dumps(rows, indent=2))
        return
    for row in rows:
        typer.echo(f"{row['key']:<20} {row['role']:<13} {row['organisation']:<24} {row['name']}")


@users_app.command("token")
def token(
    key: Annotated[str, typer.Argument(help="the user the token acts as")],
    name: Annotated[str, typer.Option(help="a name for the token")] = "default",
    expires: Annotated[
        str | None,
        typer.Option(
            help="when the token stops working: a duration (90d, 12h, 30m) from now, or a "
            "UTC date or time (2027-03-31, 2027-03-31T18:00) [default: never]"
        ),
    ] = None,
) -> None:
    """Issue an API token (printed once; only its digest is stored)."""
    expires_at = expiry_of(expires) if expires is not None else None
    issued = open_store().write(
        lambda uow: auth.issue_token_to(uow, key, name, expires_at=expires_at)
    )
    typer.echo(issued)
    if os.isatty(1):
        typer.echo("use it as: Authorization: Bearer <token>", err=True)


_UNITS = {"d": "days", "h": "hours", "m": "minutes"}


def expiry_of(text: str) -> datetime:
    """The moment ``--expires`` names: a duration from now (90d, 12h, 30m) or a UTC date or
    time; InvalidInput otherwise."""
    value = text.strip()
    amount, unit = value[:-1], value[-1:].lower()
    if unit in _UNITS and amount.isascii() and amount.isdigit():
        try:
            return datetime.now(UTC) + timedelta(**{_UNITS[unit]: int(amount)})
        except OverflowError:
            raise InvalidInput(f"--expires {text!r}: too far in the future") from None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidInput(
            f"--expires {text!r}: give a duration (90d, 12h, 30m) or a date (2027-03-31)"
        ) from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def _when(moment: datetime | None) -> str | None:
    return moment.strftime("%Y-%m-%dT%H:%MZ") if moment is not None else None


@users_app.command("tokens")
def tokens(
    key: Annotated[str | None, typer.Argument(help="only this user's tokens")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """API tokens (never the tokens themselves): state, creation, expiry and last use."""
    now = datetime.now(UTC)
    found = open_store().read(lambda uow: auth.list_tokens(uow, key))
    rows = [
        {
            "token": t.key,
            "user": t.user,
            "state": t.state(now),
            "created": _when(t.created_at),
            "expires": _when(t.expires_at),
            "last_used": _when(t.last_used_at),
        }
        for t in found
    ]
    if as_json:
        typer.echo(json.dumps(rows, indent=2))
        return
    for row in rows:
        typer.echo(
            f"{row['token']:<30} {row['state']:<8} created {row['created']}  "
            f"expires {row['expires'] or 'never':<17}  last used {row['last_used'] or 'never'}"
        )


@users_app.command("revoke")
def revoke(
    token_name: Annotated[
        str | None, typer.Argument(help="the token, as USER/NAME (`coprod users tokens`)")
    ] = None,
    all_of: Annotated[
        str | None,
        typer.Option(
            "--all", metavar="USER", help="every token of USER, and end USER's browser sessions"
        ),
    ] = None,
) -> None:
    """Revoke an API token, or every token of a user: refused (401) from the next request."""
    if (token_name is None) == (all_of is None):
        raise InvalidInput("name one token (USER/NAME) or give --all USER")
    if token_name is not None:
        open_store().write(lambda uow: auth.revoke_token(uow, token_name))
        typer.echo(f"token {token_name} revoked")
        return
    ended = open_store().write(lambda uow: auth.revoke_all(uow, str(all_of)))
    typer.echo(
        f"{ended.tokens} token(s) of {all_of} revoked, {ended.sessions} browser session(s) ended"
    )


@users_app.command("purge")
def purge() -> None:
    """Delete expired browser sessions and failed logins older than the throttle's minute."""
    purged = open_store().write(auth.purge_expired)
    typer.echo(
        f"{purged.sessions} expired session(s) and {purged.login_failures} old failed "
        "login(s) deleted"
    )


def register(app: typer.Typer) -> None:
    """Add this area's commands to ``app``."""
    app.add_typer(users_app, name="users")
