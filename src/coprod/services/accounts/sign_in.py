"""Browser sessions as use cases: log in, log out, change one's own password.

Logging in and changing a password check a password with Argon2 and count a failed attempt on
a connection of their own (``auth.authenticate``), which must not wait for a write lock the
use case holds: they own their transactions and write in a plain unit of work, not one that
takes SQLite's write lock at BEGIN.
"""

from __future__ import annotations

from coprod.db.uow import UnitOfWork, UnitsOfWork
from coprod.errors import InvalidInput
from coprod.services.accounts import auth
from coprod.services.accounts.access import caller


def log_in(
    units: UnitsOfWork,
    user: str,
    password: str,
    *,
    address: str,
    throttle: auth.LoginThrottle,
    previous: str | None = None,
) -> auth.BrowserSession:
    """Check the password (throttled per account and address) and open a new browser
    session; the session of the cookie ``previous`` the browser still sent (if any) ends.
    The password is the proof of who calls: ``units`` carries nobody yet."""
    with UnitOfWork(units.engine) as uow:
        account = auth.authenticate(uow, user, password, address, throttle)
        if previous:
            auth.close_session(uow, previous)
        opened = auth.open_session(uow, account)
        uow.commit()
    return opened


def log_out(uow: UnitOfWork, token: str | None) -> None:
    """End the caller's browser session of the cookie ``token`` (the caller's unit of work
    commits)."""
    caller(uow)
    if token:
        auth.close_session(uow, token)


def change_password(
    units: UnitsOfWork,
    current: str,
    new: str,
    confirm: str,
    *,
    address: str,
    throttle: auth.LoginThrottle,
    keep_session: str | None = None,
) -> int:
    """Check the caller's current password and set ``new`` (typed twice: ``confirm``); the
    caller's other browser sessions end (``keep_session`` stays). The number ended."""
    principal = caller(units)
    if new != confirm:
        raise InvalidInput("the new password and its confirmation differ: type them again")
    with UnitOfWork(units.engine, access=units.access, actor=units.actor) as uow:
        ended = auth.change_password(
            uow,
            principal.user,
            current=current,
            new=new,
            address=address,
            throttle=throttle,
            keep_session=keep_session,
        )
        uow.commit()
    return ended
