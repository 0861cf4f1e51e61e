"""When the contract plan's products' phase ends: early enough for the stages after it.

After the products' phase come the fill, the whole-unit placement and the fixed LPs (then the
products' compact LPs, which stop at the deadline). On a quiet machine they take less than the
fifth of the phase's time kept for them (:data:`RESERVE`); on a loaded one they take as much
longer as the process gets less of a CPU (on the 2 000-need case at load 10: 29-32 s against
7.7 s quiet), so a fixed fifth let whole 120 s plans run 123-126 s (docs/planner.md).

The reserve therefore follows the CPU this process gets: :class:`CpuShare` measures it (CPU
seconds over wall seconds while the process works, idle waits not counted: the stretch before
the phase and each product's plan; the most recent stretches weigh, so a load that rises during
the phase shortens what is left of it), and :class:`ProductsTime` keeps ``RESERVE`` of the
phase's time while the share is at least :data:`FULL_SHARE` (a quiet machine: the phase ends
where it always did) and ``RESERVE * FULL_SHARE / share`` below it, at most
:data:`RESERVE_CAP`. The share is read again before each product and each pass; a product's
time, once given, is not shortened (its search stops at the end it was given).

With several processes in the phase (:mod:`coprod.planner.contract_workers`) and the kernel's
autogroups on (Linux's default: the CPU is shared between sessions, then between a session's
processes), the phase's processes share one session's part of the CPU, and the stages after
it, in this process alone, get all of it: the share read is this process's times the number of
processes (on the 2 000-need case at load 9-10 with two workers: 0.12 of a CPU in the phase,
0.22 in the stages after it).

Both clocks (wall and CPU) are injectable, so tests drive the share with a fake.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

Clock = Callable[[], float]

RESERVE = 0.2  # share of the phase's time kept for the stages after it, quiet machine
FULL_SHARE = 0.5  # a CPU share at or above which the process counts as unhindered
RESERVE_CAP = 0.6  # the most of the phase's time kept, however little CPU the process gets
WINDOW = 10.0  # wall seconds of the most recent work the share is measured over (at least)
MIN_MEASURED = 0.5  # wall seconds of work below which nothing is measured yet (share 1)
AUTOGROUP = Path("/proc/sys/kernel/sched_autogroup_enabled")


def sessions_share_the_cpu(flag: Path = AUTOGROUP) -> bool:
    """Whether the kernel shares the CPU between sessions first (autogroups on): then a
    session's processes share its part, and one of them alone gets all of it."""
    try:
        return flag.read_text().strip() == "1"
    except OSError:  # not Linux, or not readable: each process counted alone
        return False


def processes_sharing(workers: int, flag: Path = AUTOGROUP) -> int:
    """By how many processes' work the share one process gets is multiplied to give what
    this process gets alone once the phase's ``workers`` processes are done."""
    return max(1, workers) if sessions_share_the_cpu(flag) else 1


def reserve_share(cpu_share: float) -> float:
    """Share of the products' phase's time kept for the stages after it, for a process that
    gets ``cpu_share`` of a CPU: :data:`RESERVE` at :data:`FULL_SHARE` or more, in inverse
    proportion to the share below it, at most :data:`RESERVE_CAP`."""
    if cpu_share >= FULL_SHARE:
        return RESERVE
    return min(RESERVE_CAP, RESERVE * FULL_SHARE / max(cpu_share, 1e-6))


@dataclass
class CpuShare:
    """The share of a CPU this process got while it worked: CPU seconds over wall seconds
    of its stretches of work (:meth:`begin` .. :meth:`end`), the most recent first until
    they cover :data:`WINDOW` wall seconds, times ``processes`` (the processes sharing the
    CPU the stages after the phase get in this one alone: :func:`processes_sharing`).
    Picklable with the default clocks (a child process gets the parent's stretches so far
    and adds its own)."""

    wall: Clock = time.perf_counter
    cpu: Clock = time.process_time
    stretches: list[tuple[float, float]] = field(default_factory=list)  # (CPU s, wall s)
    processes: int = 1
    _mark: tuple[float, float] | None = field(default=None, init=False, repr=False)

    @classmethod
    def working(cls) -> CpuShare:
        """A share measured with the process's clocks, its first stretch of work begun."""
        share = cls()
        share.begin()
        return share

    def begin(self) -> None:
        """A stretch of work starts."""
        self._mark = (self.cpu(), self.wall())

    def end(self) -> None:
        """The stretch of work begun last ends (nothing when none is open)."""
        if self._mark is not None:
            cpu, wall = self._mark
            self.stretches.append((self.cpu() - cpu, self.wall() - wall))
            self._mark = None

    def share(self) -> float:
        """CPU over wall seconds of the most recent work (the open stretch included); 1.0
        while under :data:`MIN_MEASURED` wall seconds are measured."""
        recent = list(self.stretches)
        if self._mark is not None:
            recent.append((self.cpu() - self._mark[0], self.wall() - self._mark[1]))
        cpu = wall = 0.0
        for spent, took in reversed(recent):
            if wall >= WINDOW:
                break
            cpu, wall = cpu + spent, wall + took
        return 1.0 if wall < MIN_MEASURED else max(self.processes * cpu / wall, 0.0)

    def copy(self) -> CpuShare:
        """The stretches measured so far, to be measured on apart (no stretch open)."""
        return CpuShare(self.wall, self.cpu, list(self.stretches), self.processes)


@dataclass
class ProductsTime:
    """The products' phase's time: from ``start`` until :meth:`stop`, which keeps for the
    stages after it, before ``deadline``, a reserve that follows ``share`` (the CPU this
    process gets: :func:`reserve_share`)."""

    start: float
    deadline: float
    share: CpuShare = field(default_factory=CpuShare)

    def stop(self) -> float:
        """When the phase ends, at the CPU share measured now."""
        kept = reserve_share(self.share.share())
        return self.deadline - kept * max(self.deadline - self.start, 0.0)

    def copy(self) -> ProductsTime:
        """The same phase, its CPU share measured on apart (for another process)."""
        return replace(self, share=self.share.copy())

    def now(self) -> float:
        """The wall clock the stops are read against."""
        return self.share.wall()
