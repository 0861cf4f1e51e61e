"""``coprod plan risk``: the same seed gives the same sweep in one process, on a local cluster
started for the run and on a scheduler's cluster, even when a worker is killed mid-run."""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path
from typing import Any

import pytest

from coprod.planner.generate import generate_scenario
from tests.cli.runner import Coprod

distributed = pytest.importorskip("distributed")

SAMPLES = ("--samples", "16", "--seed", "4", "--shortfall-prob", "0.4")


@pytest.fixture
def scenario(tmp_path: Path) -> Path:
    path = tmp_path / "scenario.json"
    path.write_text(json.dumps(generate_scenario(80, 16, 5, 8, 2)), encoding="utf-8")
    return path


def _sweep(path: Path) -> dict[str, Any]:
    """The risk document without its solver timings."""
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document.pop("solver")["seconds"] >= 0
    return dict(document)


def test_one_process_a_local_cluster_and_a_scheduler_give_the_same_sweep(
    cli: Coprod, cluster: Any, scenario: Path, tmp_path: Path
) -> None:
    alone, local, remote = (tmp_path / f"{name}.json" for name in ("alone", "local", "remote"))
    cli.ok("plan", "risk", str(scenario), *SAMPLES, "--out", str(alone))
    cli.ok("plan", "risk", str(scenario), *SAMPLES, "--workers", "2", "--out", str(local))
    address = cluster.scheduler_address
    cli.ok(
        "plan", "risk", str(scenario), *SAMPLES, "--scheduler", address, "--batch-size", "3",
        "--out", str(remote),
    )  # fmt: skip
    assert _sweep(local) == _sweep(alone) == _sweep(remote)
    assert json.loads(local.read_text())["solver"]["workers"] == 2
    assert _sweep(alone)["at_risk"], "with a 40 % chance of shortfall some need is at risk"
    other_seed = tmp_path / "other.json"
    cli.ok(
        "plan", "risk", str(scenario), "--samples", "16", "--seed", "5", "--out", str(other_seed)
    )
    assert _sweep(other_seed)["needs"] != _sweep(alone)["needs"]


def test_a_worker_killed_mid_sweep_changes_nothing(cluster: Any, scenario: Path) -> None:
    from coprod.cluster.risk import sweep_on_cluster
    from coprod.planner.problem import load_scenario
    from coprod.planner.risk import Perturbations, Sweep, sweep_in_process

    problem = load_scenario(scenario)
    sweep = Sweep(40, 9, Perturbations(shortfall_prob=0.4))
    expected = sweep_in_process(problem, sweep)
    killed: list[int] = []
    with distributed.Client(cluster) as client:
        client.wait_for_workers(2, timeout=120)
        pids = client.run(os.getpid)

        def kill_one_busy_worker(_batch: object) -> None:
            busy = [w for w, tasks in client.processing().items() if tasks]
            if not killed and busy:
                os.kill(pids[busy[0]], signal.SIGKILL)
                killed.append(pids[busy[0]])

        document = sweep_on_cluster(client, problem, sweep, 1, kill_one_busy_worker)
        client.wait_for_workers(2, timeout=120)
    assert killed, "no worker was busy when the first batch finished"
    assert {**document, "solver": None} == {**expected, "solver": None}


def test_the_report_and_the_errors(cli: Coprod, scenario: Path) -> None:
    printed = cli("plan", "risk", str(scenario), *SAMPLES, "--report")
    assert printed.code == 0, printed.err
    assert "Needs most at risk" in printed.out and "How often each production line" in printed.out
    assert "16 perturbed plans (seed 4)" in printed.out
    unreachable = cli("plan", "risk", str(scenario), "--scheduler", "tcp://127.0.0.1:9")
    assert unreachable.code == 2
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in unreachable.err
    wrong = cli("plan", "risk", str(scenario), "--cut-min", "0.5", "--cut-max", "0.2")
    assert wrong.code == 2 and "cut_max: 0.2 is outside [0.5, 1]" in wrong.err
    missing = cli("plan", "risk", str(scenario.with_name("nonsuch.json")))
    assert missing.code == 2 and "nonsuch.json" in missing.err
    assert "coprod plan risk" in cli("plan", "risk", "--help").out
