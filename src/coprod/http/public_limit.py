"""How often one client address may read the public view: at most ``limit`` requests in any
``window`` seconds (a sliding window), else 429 ``Throttled``.

Counted in the server process's memory (each ``coprod serve --workers N`` process counts its
own, so an address gets up to N times the limit), unlike failed logins, which the store counts
(``services/accounts/auth.LoginThrottle``): a read must not write to the database.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

from coprod.errors import Throttled

PUBLIC_LIMIT = 60  # requests per address
PUBLIC_WINDOW = 60.0  # seconds
FORGET_EVERY = 1000  # admissions between sweeps of the addresses gone quiet


class PublicLimit:
    """A sliding-window count of the public requests per client address."""

    def __init__(
        self,
        limit: int = PUBLIC_LIMIT,
        window: float = PUBLIC_WINDOW,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limit, self.window, self.clock = limit, window, clock
        self._seen: dict[str, deque[float]] = {}
        self._lock = threading.Lock()
        self._admitted = 0

    def admit(self, address: str) -> None:
        """Count one request from ``address``; Throttled when it already made ``limit``
        within the window (the refused request is not counted)."""
        now = self.clock()
        with self._lock:
            times = self._seen.setdefault(address, deque())
            while times and times[0] <= now - self.window:
                times.popleft()
            if len(times) >= self.limit:
                wait = int(times[0] + self.window - now) + 1
                raise Throttled(
                    f"too many requests to the public view from your address: wait {wait} s"
                )
            times.append(now)
            self._admitted += 1
            if self._admitted % FORGET_EVERY == 0:
                self._forget_quiet(now)

    def _forget_quiet(self, now: float) -> None:
        quiet = [a for a, t in self._seen.items() if not t or t[-1] <= now - self.window]
        for address in quiet:
            del self._seen[address]
