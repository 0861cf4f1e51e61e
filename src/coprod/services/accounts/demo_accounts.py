"""One demo account per role, for the demo registry (``coprod demo --serve``).

The passwords are printed by the demo and are for a local demonstration only.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from coprod.db.auth_models import UserRow
from coprod.db.uow import UnitOfWork
from coprod.services.accounts import auth
from coprod.services.accounts.access import EVERYTHING, caller, require_role


@dataclass(frozen=True)
class DemoAccount:
    """A demo login: user, password, role and account organisation."""

    user: str
    password: str
    role: str
    organisation: str
    name: str


DEMO_ACCOUNTS = (
    DemoAccount(
        "ministry", "ministry-demo-2026", "ministry", "ua-mod", "Ministry analyst (UA MoD)"
    ),
    DemoAccount(
        "funder", "funder-demo-2026", "funder", "fr-ministry-armed-forces", "French funder"
    ),
    DemoAccount(
        "manufacturer",
        "manufacturer-demo-2026",
        "manufacturer",
        "demo-fr-missile-maker",
        "Missile maker (FR)",
    ),
    DemoAccount("analyst", "analyst-demo-2026", "analyst", "brave1", "Public-records analyst"),
    DemoAccount("admin", "admin-demo-2026", "admin", "ua-mod", "Platform administrator"),
)


def ensure_demo_accounts(uow: UnitOfWork) -> tuple[DemoAccount, ...]:
    """Create the demo accounts that are missing (the caller commits); every demo account."""
    require_role(caller(uow), EVERYTHING, "create the demo accounts")
    existing = set(uow.session.scalars(select(UserRow.key)))
    for account in DEMO_ACCOUNTS:
        if account.user not in existing:
            auth.create_user(
                uow,
                account.user,
                name=account.name,
                role=account.role,
                organisation=account.organisation,
                password=account.password,
            )
    return DEMO_ACCOUNTS
