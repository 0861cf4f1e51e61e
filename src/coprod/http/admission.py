"""Admission: at most a few requests inside the application at once; the rest wait their turn
in the event loop, holding neither a worker thread nor a database connection.

Without it, a burst larger than the connection pool deadlocks: requests that hold a pooled
connection (their unit of work is open) wait for a worker thread to run their route, while
every worker thread waits for a connection (SQLAlchemy's pool timeout then answers 500s).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# Below SQLAlchemy's default pool (5 + 10 overflow), with room to spare: an API request holds
# one connection (authentication runs in its unit of work), but the pages still authenticate
# in a session of their own beside it, and the pool must never run dry.
DEFAULT_LIMIT = 7


class Admission:
    """ASGI middleware: HTTP requests enter the application ``limit`` at a time."""

    def __init__(self, app: ASGIApp, limit: int = DEFAULT_LIMIT) -> None:
        self.app = app
        self.limit = limit
        self._gate: asyncio.Semaphore | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on once a place is free."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self._gate is None:  # made here, in the server's event loop
            self._gate = asyncio.Semaphore(self.limit)
        async with self._gate:
            await self.app(scope, receive, send)
