"""Another SQLite connection that holds the write lock, with a change, for a while: what a busy
server or command looks like to the code under test."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path


class Writer(threading.Thread):
    """Another connection that holds the SQLite write lock, with a change, until released."""

    def __init__(self, path: Path, hold_s: float) -> None:
        super().__init__(daemon=True)
        self.path, self.hold_s = path, hold_s
        self.locked = threading.Event()
        self.release = threading.Event()
        self.releasing_at = float("inf")  # monotonic time just before its COMMIT
        self.error: BaseException | None = None

    def run(self) -> None:
        conn = sqlite3.connect(self.path, isolation_level=None, timeout=30)
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("PRAGMA user_version = 7")  # a write: the file changes at COMMIT
            self.locked.set()
            self.release.wait(self.hold_s)
            self.releasing_at = time.monotonic()
            conn.execute("COMMIT")
        except BaseException as exc:  # reported by the test, not lost in the thread
            self.error = exc
            self.locked.set()
        finally:
            conn.close()

    def __enter__(self) -> Writer:
        self.start()
        assert self.locked.wait(10), "the writer never took the lock"
        assert self.error is None, self.error
        return self

    def __exit__(self, *_: object) -> None:
        self.release.set()
        self.join(10)
        assert self.error is None, self.error
