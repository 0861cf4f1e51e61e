"""Security events (logins, refused requests) as one line each on the ``coprod.security`` log.

A line is ``event key=value …`` with each value JSON-encoded (a user name typed with a line
break cannot forge a second line). ``coprod serve`` sends the log to standard error with UTC
times; the audit trail keeps the changes themselves.
"""

from __future__ import annotations

import json
import logging
import sys
import time

LOGGER = logging.getLogger("coprod.security")
FORMAT = "%(asctime)sZ %(levelname)s %(name)s %(message)s"


def security_event(event: str, *, level: int = logging.INFO, **fields: object) -> None:
    """Log one security event with its fields."""
    if not LOGGER.isEnabledFor(level):
        return
    text = " ".join(
        f"{name}={json.dumps(value, ensure_ascii=True, default=str)}"
        for name, value in fields.items()
    )
    LOGGER.log(level, "%s %s", event, text)


def send_security_log_to_stderr() -> None:
    """Show the security log (INFO and up, UTC times) on standard error, once per process."""
    if any(getattr(h, "coprod_security", False) for h in LOGGER.handlers):
        return
    handler = logging.StreamHandler(sys.stderr)
    formatter = logging.Formatter(FORMAT, datefmt="%Y-%m-%dT%H:%M:%S")
    formatter.converter = time.gmtime
    handler.setFormatter(formatter)
    handler.coprod_security = True  # type: ignore[attr-defined]
    LOGGER.addHandler(handler)
    LOGGER.setLevel(logging.INFO)
