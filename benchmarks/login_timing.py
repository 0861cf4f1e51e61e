"""How long a failed login takes, by who is named: a real user, an unknown one, a deactivated one.

    .venv/bin/python benchmarks/login_timing.py [--tries 20]

Each failed login calls ``auth.authenticate`` on a fresh SQLite store (the throttle set high
enough never to refuse), as the login page does. Before issue 15 an unknown user skipped the
Argon2 verification (~15 ms against ~226 ms, as the probe measured over HTTP); the table shows
the median and spread per case, so the two can be compared on this machine.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import update

from coprod.db import migrate
from coprod.db.auth_models import UserRow
from coprod.db.engine import make_engine
from coprod.db.uow import UnitOfWork
from coprod.errors import Unauthenticated
from coprod.services.accounts import auth
from coprod.services.accounts.access import SYSTEM

PASSWORD = "correct horse battery"


def _store(folder: Path):  # type: ignore[no-untyped-def]
    engine = make_engine(f"sqlite:///{folder / 'coprod.db'}")
    migrate.upgrade(engine)
    with UnitOfWork(engine, access=SYSTEM) as uow:
        for key in ("mira", "olga"):
            auth.create_user(
                uow, key, name=key, role="analyst", organisation="ua", password=PASSWORD
            )
        uow.session.execute(update(UserRow).where(UserRow.key == "olga").values(active=False))
        uow.commit()
    return engine


def _failed_login_ms(engine, user: str, tries: int) -> list[float]:  # type: ignore[no-untyped-def]
    throttle = auth.LoginThrottle(limit=10**6)
    times = []
    for n in range(tries):
        start = time.perf_counter()
        with UnitOfWork(engine, access=SYSTEM) as uow, contextlib.suppress(Unauthenticated):
            auth.authenticate(uow, user, "wrong-password", f"192.0.2.{n % 250}", throttle)
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tries", type=int, default=20)
    tries = parser.parse_args().tries
    logging.getLogger("coprod.security").setLevel(logging.ERROR)  # one line per try otherwise
    with tempfile.TemporaryDirectory() as folder:
        engine = _store(Path(folder))
        _failed_login_ms(engine, "mira", 2)  # warm up (and the dummy hash, where there is one)
        print(f"{'who is named':<22} {'median ms':>10} {'min ms':>8} {'max ms':>8}")
        for label, user in [
            ("real user", "mira"),
            ("unknown user", "nobody"),
            ("deactivated user", "olga"),
        ]:
            times = _failed_login_ms(engine, user, tries)
            print(
                f"{label:<22} {statistics.median(times):>10.1f} {min(times):>8.1f} "
                f"{max(times):>8.1f}"
            )
        engine.dispose()


if __name__ == "__main__":
    main()
