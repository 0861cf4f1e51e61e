"""A Dask cluster that speaks TLS (``tls://`` addresses, certificates signed by the cluster's
CA): ``coprod plan risk`` on it, the certificates given as options or in Dask's configuration,
gives what one process gives; a client without the right certificates, or with files that are
none, is a clear error (exit 2) at once. Slow: it starts a cluster (``make test-slow``)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from coprod.planner.generate import generate_scenario
from tests.cli.runner import Coprod

distributed = pytest.importorskip("distributed")
pytest.importorskip("cryptography")  # Security.temporary() makes the test certificates with it

pytestmark = pytest.mark.slow

SAMPLES = ("--samples", "12", "--seed", "6", "--shortfall-prob", "0.4")


def _pem_files(folder: Path, security: Any) -> list[str]:
    """The CA certificate, the client's certificate and its key, written as PEM files."""
    folder.mkdir(parents=True, exist_ok=True)
    contents = (security.tls_ca_file, security.tls_client_cert, security.tls_client_key)
    paths = [folder / name for name in ("ca.pem", "client.pem", "client.key")]
    for path, text in zip(paths, contents, strict=True):
        path.write_text(text, encoding="utf-8")
    return [str(p) for p in paths]


@pytest.fixture(scope="module")
def tls_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list[str]]]:
    """A ``LocalCluster`` of two worker processes over TLS (a temporary self-signed CA), its
    address and the client's PEM files."""
    from distributed.security import Security

    security = Security.temporary()
    files = _pem_files(tmp_path_factory.mktemp("tls"), security)
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        protocol="tls://",
        security=security,
        dashboard_address=":0",
    ) as cluster:
        yield cluster.scheduler_address, files


def _tls_options(files: list[str]) -> list[str]:
    ca, cert, key = files
    return ["--tls-ca-file", ca, "--tls-cert", cert, "--tls-key", key]


def _sweep(path: Path) -> dict[str, Any]:
    """The risk document without its solver timings."""
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document.pop("solver")["workers"] >= 1
    return dict(document)


def test_a_sweep_on_a_tls_cluster_equals_one_process(
    cli: Coprod, tls_cluster: tuple[str, list[str]], tmp_path: Path
) -> None:
    import dask

    address, files = tls_cluster
    assert address.startswith("tls://")
    scenario = tmp_path / "scenario.json"
    scenario.write_text(json.dumps(generate_scenario(80, 16, 5, 8, 2)), encoding="utf-8")
    alone, given, configured = (tmp_path / f"{n}.json" for n in ("alone", "given", "configured"))
    cli.ok("plan", "risk", str(scenario), *SAMPLES, "--out", str(alone))
    run = ("plan", "risk", str(scenario), *SAMPLES, "--scheduler", address, "--batch-size", "2")
    cli.ok(*run, *_tls_options(files), "--out", str(given))
    ca, cert, key = files
    config = {
        "distributed.comm.tls.ca-file": ca,
        "distributed.comm.tls.client.cert": cert,
        "distributed.comm.tls.client.key": key,
    }
    with dask.config.set(config):  # what ~/.config/dask/*.yaml or DASK_* variables give
        cli.ok(*run, "--out", str(configured))
    assert _sweep(given) == _sweep(alone) == _sweep(configured)
    assert json.loads(given.read_text())["solver"]["workers"] == 2


def test_a_client_without_the_cluster_certificates_is_a_clear_error(
    cli: Coprod, tls_cluster: tuple[str, list[str]], tmp_path: Path
) -> None:
    from distributed.security import Security

    address, _files = tls_cluster
    scenario = tmp_path / "scenario.json"
    scenario.write_text(json.dumps(generate_scenario(20, 4, 2, 4, 1)), encoding="utf-8")
    risk = ("plan", "risk", str(scenario), "--samples", "2")
    bare = cli(*risk, "--scheduler", address)
    assert bare.code == 2
    assert f"the scheduler at {address} speaks TLS: give --tls-ca-file, --tls-cert" in bare.err
    plain = cli(*risk, "--scheduler", address.replace("tls://", "tcp://"))
    assert plain.code == 2 and "cannot reach the Dask scheduler at tcp://" in plain.err
    assert "A scheduler that uses TLS takes a tls:// address" in plain.err
    strangers = _pem_files(tmp_path / "other", Security.temporary())  # another CA's
    refused = cli(*risk, "--scheduler", address, *_tls_options(strangers))
    assert refused.code == 2 and f"cannot reach the Dask scheduler at {address}" in refused.err
    assert "signed by the cluster's CA" in refused.err


def test_tls_options_are_checked_before_anything_is_sent(
    cli: Coprod, tls_cluster: tuple[str, list[str]], tmp_path: Path
) -> None:
    address, files = tls_cluster
    article = tmp_path / "a.txt"
    article.write_text("Kyiv, 3 March 2026.", encoding="utf-8")
    alone = cli("extract", str(article), *_tls_options(files))
    assert alone.code == 2 and "go with a TLS scheduler's address" in alone.err
    plain = cli("extract", str(article), "--scheduler", "tcp://127.0.0.1:9", *_tls_options(files))
    assert plain.code == 2 and "not --scheduler tcp://127.0.0.1:9" in plain.err
    half = cli("extract", str(article), "--scheduler", address, "--tls-ca-file", files[0])
    assert half.code == 2 and "TLS needs --tls-ca-file and --tls-cert" in half.err
    missing = str(tmp_path / "nonsuch.pem")
    lost = cli(
        "extract", str(article), "--scheduler", address, *_tls_options([*files[:2], missing])
    )
    assert lost.code == 2 and f"--tls-key {missing}: no such file" in lost.err
    garbage = tmp_path / "garbage.pem"
    garbage.write_text("not a certificate\n", encoding="utf-8")
    wrong = cli("extract", str(article), "--scheduler", address, "--tls-ca-file", str(garbage),
                "--tls-cert", files[1], "--tls-key", files[2])  # fmt: skip
    assert wrong.code == 2 and "are not a CA certificate, a certificate and its key" in wrong.err
    assert str(garbage) in wrong.err
