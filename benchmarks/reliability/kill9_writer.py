"""The writer of ``kill9.py``: creates organisations and imports batches of them through the
API, and appends each one the server acknowledged (2xx) to a file, flushed at once.

    kill9_writer.py BASE_URL TOKEN ACK_FILE STOP_FILE BATCH SECONDS

Stops when STOP_FILE exists or after SECONDS. Writes ``ACK_FILE.stats`` (answers by kind)."""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from pathlib import Path

import httpx


def body(i: int, batch: int) -> tuple[str, str, dict[str, object]]:
    """(kind, key or prefix, request body) of the i-th write: every 4th an import."""
    org = {"name": f"kill9 {i}", "kind": "company", "country": "FR"}
    if i % 4 == 3:
        prefix = f"k9b-{i}"
        orgs = [{"key": f"{prefix}-{j}", **org} for j in range(batch)]
        return "import", prefix, {"schema": "coprod.records/1", "organisations": orgs}
    return "create", f"k9-{i}", {"key": f"k9-{i}", **org}


def main() -> None:
    """Write until told to stop."""
    base, token, ack_path, stop, batch, seconds = sys.argv[1:7]
    headers = {"Authorization": f"Bearer {token}"}
    answers: Counter[str] = Counter()
    deadline = time.monotonic() + float(seconds)
    with (
        httpx.Client(base_url=base, headers=headers, timeout=10) as client,
        open(ack_path, "a") as ack,
    ):
        i = 0
        while not Path(stop).exists() and time.monotonic() < deadline:
            kind, key, payload = body(i, int(batch))
            i += 1
            path = "/api/import" if kind == "import" else "/api/organisations"
            try:
                answer = client.post(path, json=payload)
            except httpx.HTTPError as exc:
                answers[type(exc).__name__] += 1
                time.sleep(0.01)
                continue
            answers[str(answer.status_code)] += 1
            if answer.is_success:
                ack.write(f"{kind} {key}\n")
                ack.flush()
    Path(f"{ack_path}.stats").write_text(json.dumps(dict(answers)))


if __name__ == "__main__":
    main()
