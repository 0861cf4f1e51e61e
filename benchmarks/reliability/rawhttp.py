"""A lean HTTP/1.1 client for the load harness: keep-alive connections over asyncio streams.

A load generator written with a full client (httpx) spent more CPU per request than the server
it was measuring, on the same two cores, so the figures said more about the client than the
server. This one does only what the harness needs: one request per connection at a time,
``Content-Length`` bodies (what uvicorn sends for JSON), chunked bodies read for safety,
connections reused while they are fresh and dropped when the server closes them.
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass, field
from typing import Any

KEEPALIVE = 2.0  # below uvicorn's 5 s keep-alive: an idle connection is dropped before it is


class HTTPFailure(Exception):
    """The connection failed or the answer was not HTTP."""


@dataclass
class Answer:
    """One response: its status, headers (lower-case names) and body."""

    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def ok(self) -> bool:
        """A 2xx status."""
        return 200 <= self.status < 300

    def json(self) -> Any:
        """The body as JSON."""
        return json.loads(self.body)


@dataclass
class _Connection:
    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter
    used: float = field(default_factory=time.monotonic)

    def close(self) -> None:
        self.writer.close()


class Client:
    """Requests to one ``host:port`` with default headers, over a pool of connections."""

    def __init__(self, host: str, port: int, headers: dict[str, str] | None = None) -> None:
        self.host, self.port = host, port
        self._default = "".join(f"{k}: {v}\r\n" for k, v in (headers or {}).items())
        self._idle: list[_Connection] = []

    async def request(
        self,
        method: str,
        path: str,
        *,
        json_body: Any = None,
        headers: dict[str, str] | None = None,
    ) -> Answer:
        """Send one request and read its answer; HTTPFailure when the exchange fails."""
        body = b"" if json_body is None else json.dumps(json_body).encode()
        head = f"{method} {path} HTTP/1.1\r\nHost: {self.host}\r\n{self._default}"
        head += "".join(f"{k}: {v}\r\n" for k, v in (headers or {}).items())
        if json_body is not None:
            head += "Content-Type: application/json\r\n"
        head += f"Content-Length: {len(body)}\r\n\r\n"
        connection = await self._connection()
        try:
            connection.writer.write(head.encode() + body)
            answer = await _read_answer(connection.reader)
        except (OSError, asyncio.IncompleteReadError, ValueError) as exc:
            connection.close()
            raise HTTPFailure(f"{type(exc).__name__}: {exc}") from None
        if answer.headers.get("connection", "").lower() == "close":
            connection.close()
        else:
            connection.used = time.monotonic()
            self._idle.append(connection)
        return answer

    async def _connection(self) -> _Connection:
        now = time.monotonic()
        while self._idle:
            connection = self._idle.pop()
            if now - connection.used < KEEPALIVE:
                return connection
            connection.close()
        try:
            reader, writer = await asyncio.open_connection(self.host, self.port)
        except OSError as exc:
            raise HTTPFailure(f"connect: {exc}") from None
        return _Connection(reader, writer)

    def close(self) -> None:
        """Close every idle connection."""
        for connection in self._idle:
            connection.close()
        self._idle.clear()


async def _read_answer(reader: asyncio.StreamReader) -> Answer:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, sep, value = line.partition(":")
        if sep:
            headers[name.strip().lower()] = value.strip()
    if "content-length" in headers:
        body = await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        body = await _read_chunks(reader)
    else:
        body = b""
    return Answer(status, headers, body)


async def _read_chunks(reader: asyncio.StreamReader) -> bytes:
    parts = []
    while True:
        size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
        if size == 0:
            await reader.readuntil(b"\r\n")
            return b"".join(parts)
        parts.append(await reader.readexactly(size))
        await reader.readexactly(2)
