"""Where a command's work runs (``--scheduler`` / ``--workers``, and the TLS files of a
``tls://`` scheduler), checked before anything is read or sent. Light to import: no Dask."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from coprod.errors import InvalidInput

CONNECT_TIMEOUT_S = 5.0
TLS_SCHEME = "tls://"


@dataclass(frozen=True)
class TlsFiles:
    """The client's side of a TLS cluster: the cluster's CA certificate, this client's
    certificate (signed by that CA) and its private key (None: in the certificate's file)."""

    ca_file: Path | None = None
    cert: Path | None = None
    key: Path | None = None

    @property
    def given(self) -> bool:
        """Whether any of the files was given."""
        return any(path is not None for path in (self.ca_file, self.cert, self.key))


@dataclass(frozen=True)
class ClusterChoice:
    """Where the work runs: a scheduler's address, or a local cluster of ``workers`` processes."""

    scheduler: str | None = None
    workers: int | None = None
    connect_timeout: float = CONNECT_TIMEOUT_S
    tls: TlsFiles = field(default_factory=TlsFiles)

    @property
    def wanted(self) -> bool:
        """Whether a cluster was asked for at all (else the work stays in this process)."""
        return self.scheduler is not None or self.workers is not None


def cluster_choice(
    scheduler: str | None,
    workers: int | None,
    connect_timeout: float = CONNECT_TIMEOUT_S,
    tls: TlsFiles | None = None,
) -> ClusterChoice:
    """The ``--scheduler`` / ``--workers`` / ``--tls-*`` options, checked (one of the first two
    at most; the TLS files only with a ``tls://`` scheduler, and readable)."""
    tls = tls or TlsFiles()
    if scheduler is not None and workers is not None:
        raise InvalidInput("give --scheduler ADDRESS or --workers N, not both")
    if workers is not None and workers < 1:
        raise InvalidInput(f"--workers {workers}: at least 1 worker process")
    if scheduler is not None and not scheduler.strip():
        raise InvalidInput("--scheduler: an address such as tcp://10.0.0.5:8786")
    if tls.given:
        _check_tls(scheduler, tls)
    return ClusterChoice(scheduler, workers, connect_timeout, tls)


def _check_tls(scheduler: str | None, tls: TlsFiles) -> None:
    if scheduler is None or not scheduler.startswith(TLS_SCHEME):
        where = "no --scheduler" if scheduler is None else f"--scheduler {scheduler}"
        raise InvalidInput(
            f"--tls-ca-file, --tls-cert and --tls-key go with a TLS scheduler's address "
            f"(--scheduler tls://HOST:8786), not {where}"
        )
    if tls.ca_file is None or tls.cert is None:
        raise InvalidInput(
            "TLS needs --tls-ca-file and --tls-cert (and --tls-key, unless the key is in the "
            "certificate's file)"
        )
    for option, path in (
        ("--tls-ca-file", tls.ca_file),
        ("--tls-cert", tls.cert),
        ("--tls-key", tls.key),
    ):
        if path is not None and not path.is_file():
            raise InvalidInput(f"{option} {path}: no such file")
