"""Another SQLite connection that holds the write lock, with a change, until it is released:
what a busy server or command looks like to the code under test.

No timing decides a test: the writer holds the lock until the test releases it, or, with
``released_when_asked``, until the code under test asks for the write lock (``BEGIN
IMMEDIATE``) — which proves that it asked while the lock was held and then waited for it."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event

# How long the writer holds at most when nobody releases it: only a hung test meets this.
FALLBACK_HOLD_S = 120.0
WRITER_MARK = 7  # the writer's change: SQLite's user_version, which nothing else sets


class Writer(threading.Thread):
    """Another connection that holds the SQLite write lock, with a change, until released."""

    def __init__(self, path: Path, hold_s: float = FALLBACK_HOLD_S) -> None:
        super().__init__(daemon=True)
        self.path, self.hold_s = path, hold_s
        self.locked = threading.Event()
        self.release = threading.Event()
        self.committed = threading.Event()
        self.asking = threading.Event()  # code under test asked for the lock
        self.asked: list[bool] = []  # the first BEGIN IMMEDIATE seen: was the lock held then?
        self.got: list[bool] = []  # and once it returned: had the writer committed?
        self.error: BaseException | None = None

    def run(self) -> None:
        conn = sqlite3.connect(self.path, isolation_level=None, timeout=30)
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute(f"PRAGMA user_version = {WRITER_MARK}")  # a write, seen after COMMIT
            self.locked.set()
            self.release.wait(self.hold_s)
            conn.execute("COMMIT")
            self.committed.set()
        except BaseException as exc:  # reported by the test, not lost in the thread
            self.error = exc
            self.locked.set()
        finally:
            conn.close()

    @property
    def holding(self) -> bool:
        """Whether the writer still holds the lock (not released, not committed)."""
        return self.is_alive() and not self.release.is_set() and not self.committed.is_set()

    @contextmanager
    def released_when_asked(self) -> Iterator[None]:
        """Release the lock once code in this process asks for it with ``BEGIN IMMEDIATE``."""
        with self._watched(release=True):
            yield

    @contextmanager
    def held_when_asked(self) -> Iterator[None]:
        """Set ``asking`` once code in this process asks for the lock; the test releases it."""
        with self._watched(release=False):
            yield

    @contextmanager
    def _watched(self, *, release: bool) -> Iterator[None]:
        def asked(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
            if statement == "BEGIN IMMEDIATE" and not self.asked:
                self.asked.append(self.holding)
                self.asking.set()
                if release:
                    # The COMMIT comes from the writer's thread, after this statement started
                    # to wait for the lock (or just before: both show it asked for the lock).
                    threading.Timer(0.05, self.release.set).start()

        def got(_conn: Any, cursor: Any, statement: str, *_: Any) -> None:
            if statement == "BEGIN IMMEDIATE" and len(self.got) < len(self.asked):
                # Inside the lock just taken: the writer's change is there iff it committed.
                version = cursor.connection.execute("PRAGMA user_version").fetchone()[0]
                self.got.append(version == WRITER_MARK)

        event.listen(Engine, "before_cursor_execute", asked)
        event.listen(Engine, "after_cursor_execute", got)
        try:
            yield
        finally:
            event.remove(Engine, "before_cursor_execute", asked)
            event.remove(Engine, "after_cursor_execute", got)

    @property
    def waited(self) -> bool:
        """Whether the code under test asked for the lock while it was held, and got it only
        after the writer's commit."""
        return self.asked == [True] and self.got == [True]

    def __enter__(self) -> Writer:
        self.start()
        assert self.locked.wait(30), "the writer never took the lock"
        assert self.error is None, self.error
        return self

    def __exit__(self, *_: object) -> None:
        self.release.set()
        self.join(30)
        assert self.error is None, self.error
