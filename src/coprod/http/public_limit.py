"""How often one client address may read the public view: at most ``limit`` requests in any
``window`` seconds (a sliding window), else 429 ``Throttled``.

One count for the whole server, however many processes serve it. A single process counts in
its memory (``MemoryCounts``). ``coprod serve --workers N`` gives its processes one small
SQLite file of their own (``SharedCounts``; ``COPROD_PUBLIC_LIMIT_FILE``, a fresh temporary
file by default) in which each admission is counted in one short transaction, so an address
gets ``limit`` requests in all, not ``limit`` per process. The file is not the registry's
database: a public read never takes the registry's write lock (on SQLite the whole database)
nor writes to it; a lost count (a crash) only lets a few more requests through, so the file is
written without waiting for the disk. Servers on several machines behind one proxy count per
machine (``docs/platform.md``, "Rate limit").
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from coprod.errors import Throttled

PUBLIC_LIMIT = 60  # requests per address
PUBLIC_WINDOW = 60.0  # seconds
FORGET_EVERY = 1000  # admissions between sweeps of the addresses gone quiet
BUSY_MS = 5000  # how long a process waits for another's count (each takes microseconds)


class Counts(Protocol):
    """Where the admissions of the window are counted."""

    def admit(self, address: str, now: float, window: float, limit: int) -> float | None:
        """Count one request of ``address`` at ``now`` unless it already made ``limit`` in
        the window; None when admitted, else the seconds until the oldest one leaves it."""
        ...


class MemoryCounts:
    """The admissions of one process, in its memory."""

    def __init__(self) -> None:
        self._seen: dict[str, deque[float]] = {}
        self._lock = threading.Lock()
        self._admitted = 0

    def admit(self, address: str, now: float, window: float, limit: int) -> float | None:
        """Count one request (see ``Counts.admit``)."""
        with self._lock:
            times = self._seen.setdefault(address, deque())
            while times and times[0] <= now - window:
                times.popleft()
            if len(times) >= limit:
                return times[0] + window - now
            times.append(now)
            self._admitted += 1
            if self._admitted % FORGET_EVERY == 0:
                quiet = [a for a, t in self._seen.items() if not t or t[-1] <= now - window]
                for gone in quiet:
                    del self._seen[gone]
        return None


class SharedCounts:
    """The admissions of every process that names the same file (a SQLite database of its
    own): the count and the insert are one transaction, holding the file's write lock."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._connection: sqlite3.Connection | None = None
        self._lock = threading.Lock()
        self._admitted = 0

    def _open(self) -> sqlite3.Connection:
        if self._connection is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(
                self.path, timeout=BUSY_MS / 1000, isolation_level=None, check_same_thread=False
            )
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=OFF")
            connection.execute(
                "CREATE TABLE IF NOT EXISTS admitted (address TEXT NOT NULL, at REAL NOT NULL)"
            )
            connection.execute(
                "CREATE INDEX IF NOT EXISTS admitted_address_at ON admitted (address, at)"
            )
            self._connection = connection
        return self._connection

    def admit(self, address: str, now: float, window: float, limit: int) -> float | None:
        """Count one request (see ``Counts.admit``), across processes."""
        with self._lock:
            db = self._open()
            db.execute("BEGIN IMMEDIATE")
            try:
                oldest = self._count(db, address, now - window, limit)
                if oldest is None:
                    db.execute("INSERT INTO admitted VALUES (?, ?)", (address, now))
                    self._admitted += 1
                    if self._admitted % FORGET_EVERY == 0:
                        db.execute("DELETE FROM admitted WHERE at <= ?", (now - window,))
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        return None if oldest is None else oldest + window - now

    @staticmethod
    def _count(db: sqlite3.Connection, address: str, since: float, limit: int) -> float | None:
        """None when ``address`` made fewer than ``limit`` requests after ``since``; else the
        time of the oldest of them (its own old ones are forgotten first)."""
        db.execute("DELETE FROM admitted WHERE address = ? AND at <= ?", (address, since))
        count, oldest = db.execute(
            "SELECT count(*), min(at) FROM admitted WHERE address = ?", (address,)
        ).fetchone()
        return None if count < limit else float(oldest)

    def close(self) -> None:
        """Close this process's connection to the file."""
        with self._lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None


class PublicLimit:
    """A sliding-window count of the public requests per client address."""

    def __init__(
        self,
        limit: int = PUBLIC_LIMIT,
        window: float = PUBLIC_WINDOW,
        clock: Callable[[], float] = time.monotonic,  # one clock for every process of a machine
        counts: Counts | None = None,
    ) -> None:
        self.limit, self.window, self.clock = limit, window, clock
        self.counts: Counts = counts if counts is not None else MemoryCounts()

    @property
    def shared(self) -> bool:
        """Whether the count is kept outside this process (it then waits on a file)."""
        return not isinstance(self.counts, MemoryCounts)

    def admit(self, address: str) -> None:
        """Count one request from ``address``; Throttled when it already made ``limit``
        within the window (the refused request is not counted)."""
        wait = self.counts.admit(address, self.clock(), self.window, self.limit)
        if wait is not None:
            raise Throttled(
                f"too many requests to the public view from your address: wait {int(wait) + 1} s"
            )


def public_limit(shared_file: str) -> PublicLimit:
    """The server's limit: counted in ``shared_file`` when one is named (several processes),
    else in this process's memory."""
    return PublicLimit(counts=SharedCounts(Path(shared_file)) if shared_file else None)
