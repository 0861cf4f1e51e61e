"""Settings from the environment.

``COPROD_DATABASE_URL`` chooses the store. Without it coprod uses an embedded SQLite file,
``coprod.db`` in ``COPROD_HOME`` (default: ``~/.local/share/coprod``).
"""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass
from pathlib import Path

from coprod.errors import InvalidInput


def default_home() -> Path:
    """The folder that holds coprod's files when no URL is given."""
    explicit = os.environ.get("COPROD_HOME")
    if explicit:
        return Path(explicit).expanduser()
    xdg = os.environ.get("XDG_DATA_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".local" / "share"
    return base / "coprod"


def is_loopback(host: str) -> bool:
    """Whether ``host`` (an address or name to listen on) is reachable from this machine only."""
    if host.strip("[]").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _flag(value: str) -> bool | None:
    # "" (unset): None, let the default decide.
    text = value.strip().lower()
    if not text:
        return None
    if text in {"1", "true", "yes", "on"}:
        return True
    if text in {"0", "false", "no", "off"}:
        return False
    raise InvalidInput(f"COPROD_SECURE_COOKIES={value!r}: use 1 or 0 (or leave it unset)")


@dataclass(frozen=True)
class Settings:
    """The settings coprod runs with."""

    database_url: str
    secret_key: str
    host: str
    port: int
    # Whether cookies carry ``Secure`` (sent over HTTPS only). None: yes unless the server
    # listens on a loopback address only. COPROD_SECURE_COOKIES=1 or 0 decides explicitly.
    secure_cookies: bool | None = None
    # Proxies whose X-Forwarded-For / X-Forwarded-Proto are believed (comma-separated
    # addresses or networks); none by default: the client address is the connection's.
    forwarded_allow_ips: str = ""
    # The file in which the server's processes count the public view's requests together
    # (``http/public_limit.py``); "" : each process counts in its memory (one process: the
    # same). ``coprod serve --workers N`` names a fresh one when this is unset.
    public_limit_file: str = ""

    @classmethod
    def from_env(cls) -> Settings:
        """Read the settings from the environment, with the documented defaults."""
        url = os.environ.get("COPROD_DATABASE_URL")
        if not url:
            url = f"sqlite:///{default_home() / 'coprod.db'}"
        return cls(
            database_url=url,
            secret_key=os.environ.get("COPROD_SECRET_KEY", ""),
            host=os.environ.get("COPROD_HOST", "127.0.0.1"),
            port=int(os.environ.get("COPROD_PORT", "8000")),
            secure_cookies=_flag(os.environ.get("COPROD_SECURE_COOKIES", "")),
            forwarded_allow_ips=os.environ.get("COPROD_FORWARDED_ALLOW_IPS", ""),
            public_limit_file=os.environ.get("COPROD_PUBLIC_LIMIT_FILE", ""),
        )

    @property
    def cookies_secure(self) -> bool:
        """Whether cookies are sent with ``Secure``: as set, else unless on loopback only."""
        if self.secure_cookies is not None:
            return self.secure_cookies
        return not is_loopback(self.host)

    def to_env(self) -> dict[str, str]:
        """The environment variables ``from_env`` reads these settings back from (for server
        worker processes, which build their application from the environment)."""
        return {
            "COPROD_DATABASE_URL": self.database_url,
            "COPROD_SECRET_KEY": self.secret_key,
            "COPROD_HOST": self.host,
            "COPROD_PORT": str(self.port),
            "COPROD_SECURE_COOKIES": {True: "1", False: "0", None: ""}[self.secure_cookies],
            "COPROD_FORWARDED_ALLOW_IPS": self.forwarded_allow_ips,
            "COPROD_PUBLIC_LIMIT_FILE": self.public_limit_file,
        }
