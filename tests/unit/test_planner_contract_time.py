"""The products' phase's end follows the CPU the process gets (no timed test: the wall and CPU
clocks are a fake that the test advances)."""

from __future__ import annotations

import pickle
import time
from pathlib import Path
from unittest import mock

import numpy as np
import pytest

from coprod.planner import contracts
from coprod.planner.contract_time import (
    RESERVE,
    RESERVE_CAP,
    CpuShare,
    ProductsTime,
    processes_sharing,
    reserve_share,
)


class FakeClocks:
    """Wall and CPU seconds that move only when the test says: ``share`` of a CPU."""

    def __init__(self) -> None:
        self.wall_s, self.cpu_s = 1000.0, 0.0

    def wall(self) -> float:
        return self.wall_s

    def cpu(self) -> float:
        return self.cpu_s

    def work(self, seconds: float, share: float) -> None:
        self.wall_s += seconds
        self.cpu_s += share * seconds

    def meter(self) -> CpuShare:
        return CpuShare(wall=self.wall, cpu=self.cpu)


def test_the_reserve_is_today_s_fifth_on_a_quiet_machine_and_grows_as_the_share_falls() -> None:
    assert reserve_share(1.0) == reserve_share(0.9) == reserve_share(0.5) == RESERVE == 0.2
    assert reserve_share(0.25) == pytest.approx(0.4)
    assert reserve_share(0.2) == pytest.approx(0.5)
    assert reserve_share(0.05) == reserve_share(0.0) == RESERVE_CAP  # capped


def test_the_share_is_measured_over_the_most_recent_work_only() -> None:
    clocks = FakeClocks()
    meter = clocks.meter()
    assert meter.share() == 1.0  # nothing measured yet
    meter.begin()
    clocks.work(20.0, 0.9)
    meter.end()
    assert meter.share() == pytest.approx(0.9)
    clocks.work(50.0, 0.0)  # waiting (for the children): not counted
    assert meter.share() == pytest.approx(0.9)
    meter.begin()
    clocks.work(4.0, 0.2)  # the load rises: the open stretch counts at once
    assert meter.share() == pytest.approx((4 * 0.2 + 20 * 0.9) / 24)
    clocks.work(8.0, 0.2)
    meter.end()
    assert meter.share() == pytest.approx(0.2)  # the last 12 s cover the window alone


def test_a_quiet_phase_ends_where_it_did_before() -> None:
    # before: the phase stopped at four fifths of the time left when it started
    clocks = FakeClocks()
    meter = clocks.meter()
    meter.begin()
    clocks.work(10.0, 0.95)  # read, build, relaxation, bounds: most of a CPU
    meter.end()
    phase = ProductsTime(clocks.wall(), clocks.wall() + 100.0, meter)
    assert phase.stop() == pytest.approx(clocks.wall() + 80.0)
    quiet = contracts.products_time(time.perf_counter() + 100.0)  # no share measured: 1
    assert quiet is not None
    assert quiet.stop() - quiet.start == pytest.approx(80.0, abs=0.01)
    assert contracts.products_time(None) is None


def _group_run(
    clocks: FakeClocks, before: float, during: float, products: int = 4
) -> tuple[list[float], float]:
    """A group of ``products`` equal products planned in turn by ``_group_plans`` with the
    fake clocks: the work before the phase got ``before`` of a CPU, each product's plan
    ``during`` (and takes all the time it is given). The seconds each product was given
    and when the group ended, from the phase's start."""
    meter = clocks.meter()
    meter.begin()
    clocks.work(10.0, before)
    meter.end()
    start = clocks.wall()
    phase = ProductsTime(start, start + 100.0, meter)
    given: list[float] = []

    def plan(*args: object) -> tuple[np.ndarray, np.ndarray, float]:
        seconds = args[4]
        assert isinstance(seconds, float)
        given.append(seconds)
        clocks.work(max(seconds, 0.0), during)
        return np.zeros(0, dtype=np.int64), np.zeros(1), 0.0

    with mock.patch.object(contracts, "_product_plan", plan):
        contracts._group_plans(
            mock.Mock(),
            order=dict.fromkeys(range(products), 1.0),
            purse=np.ones(1),
            money=np.zeros((1, products)),
            keys=np.zeros(0, dtype=np.int64),
            phase=phase,
            carried=None,
            extra=contracts.EXTRA_LINES,
        )
    return given, clocks.wall() - start


def test_on_a_quiet_machine_each_product_gets_the_time_it_got_before() -> None:
    given, ended = _group_run(FakeClocks(), 0.95, 0.95)
    assert given == pytest.approx([20.0, 20.0, 20.0, 20.0])  # 80 s in four equal parts
    assert ended == pytest.approx(80.0)
    given, ended = _group_run(FakeClocks(), 0.6, 0.5)  # a busy machine, still half a CPU
    assert ended == pytest.approx(80.0)


def test_the_search_stops_earlier_when_the_process_gets_little_cpu() -> None:
    given, ended = _group_run(FakeClocks(), 0.2, 0.2)  # a fifth of a CPU from the start
    assert given[0] == pytest.approx(50.0 / 4)
    assert ended == pytest.approx(50.0)  # half the phase's time kept for what follows
    given, ended = _group_run(FakeClocks(), 0.95, 0.1)  # the load rises during the phase
    assert given[0] == pytest.approx(20.0)  # the first product's time was given quiet
    assert given[1] < 20.0 * 0.5
    assert ended == pytest.approx(40.0)  # stops at the capped reserve's end
    assert 100.0 - ended >= RESERVE_CAP * 100.0 - 1e-9


def test_no_pass_starts_when_a_low_share_leaves_under_a_quarter() -> None:
    for share, starts in ((0.95, True), (0.2, False)):
        clocks = FakeClocks()
        meter = clocks.meter()
        phase = ProductsTime(clocks.wall(), clocks.wall() + 100.0, meter)
        meter.begin()
        clocks.work(45.0, share)  # the first pass took 45 s
        meter.end()
        assert contracts._under_a_quarter_left(phase) is not starts


def test_a_child_gets_the_phase_with_the_shares_measured_so_far() -> None:
    phase = ProductsTime(10.0, 110.0)
    phase.share.stretches.append((2.0, 10.0))
    copy = pickle.loads(pickle.dumps(phase.copy()))  # as sent to a child process
    assert copy.share.stretches == [(2.0, 10.0)]
    assert copy.stop() == pytest.approx(phase.stop())
    copy.share.stretches.append((0.0, 1.0))
    assert phase.share.stretches == [(2.0, 10.0)]  # measured on apart


def test_with_autogroups_the_phase_s_processes_share_what_this_one_gets_alone_after_it(
    tmp_path: Path,
) -> None:
    on, off = tmp_path / "on", tmp_path / "off"
    on.write_text("1\n")
    off.write_text("0\n")
    assert processes_sharing(2, on) == 2
    assert processes_sharing(2, off) == processes_sharing(2, tmp_path / "absent") == 1
    assert processes_sharing(0, on) == 1
    clocks = FakeClocks()
    meter = clocks.meter()
    meter.begin()
    clocks.work(20.0, 0.12)  # two processes in one session's part: 0.12 of a CPU each
    meter.end()
    meter.processes = 2
    assert meter.share() == pytest.approx(0.24)  # what this one gets once the child is done
    assert meter.copy().share() == pytest.approx(0.24)  # a child reads the same
    assert contracts.products_time(None, meter, 2) is None
