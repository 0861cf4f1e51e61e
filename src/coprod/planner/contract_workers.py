"""The contract plan's products' phase on several processes.

Products share nothing but money (docs/planner.md, the Lagrangian bound): with each product's
money fixed up front, products can be planned side by side. A pass over the products is split
into as many *groups* as there are workers (:func:`split_products`: the products of most weight
first, each to the group with least weight so far, ties to the first group: fixed by the
products and the worker count alone). Each group gets a *purse* per instrument
(:func:`group_purses`): what its products spend in the plan the pass starts from plus a part
of what no product spends, in proportion to what its products spend of that instrument (in
equal parts where none spends it). The purses add up to the budgets less what the products
not visited spend, and a group's products are planned in turn within its purse (each with
what the group's other products leave), so the groups' plans together meet every budget.
With one worker there is one group, whose purse is the whole budget less what the products
not visited spend: the sequential pass as it was.

The parent process plans the first group itself; :class:`ProductWorkers` keeps the other
groups' child processes (``spawn``: no HiGHS state is copied by a fork), started before the
products' phase so that their start-up (importing the planner, receiving the scenario) runs
while the parent computes the bounds. Each group's plan depends only on its products, its
purse and the pass's inputs, so a run with a given scenario and worker count gives the same
contracts whichever process ran a group (when no time limit cuts the search).
"""

from __future__ import annotations

import os
import resource
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np

from coprod.planner.problem import FloatArray, Problem

if TYPE_CHECKING:  # imported when children start: a plan without them does not pay for it
    from concurrent.futures import Future, ProcessPoolExecutor

T = TypeVar("T")
_SCENARIO: dict[str, Problem] = {}  # a child process's scenario, set when it starts


def usable_cpus() -> int:
    """CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on Linux
        return os.cpu_count() or 1


def default_workers() -> int:
    """Processes for the products' phase: 2 where at least two CPUs are usable, else 1."""
    return 2 if usable_cpus() >= 2 else 1


def split_products(weights: dict[int, float], groups: int) -> list[dict[int, float]]:
    """``weights`` (product -> weight, in visiting order) split into at most ``groups``
    groups of about equal weight; each group keeps the visiting order. Deterministic."""
    count = max(1, min(groups, len(weights)))
    load = [0.0] * count
    member: dict[int, int] = {}
    for g in sorted(weights, key=lambda g: -weights[g]):  # stable: visiting order on ties
        k = min(range(count), key=lambda i: (load[i], i))
        member[g] = k
        load[k] += weights[g]
    return [{g: w for g, w in weights.items() if member[g] == k} for k in range(count)]


def group_purses(
    budget: FloatArray, money: FloatArray, groups: Sequence[Sequence[int]]
) -> list[FloatArray]:
    """Each group's money per instrument: what its products spend (``money``: instruments x
    products) plus its part of what no product spends (``budget`` less every product's
    money), in proportion to its products' spending of each instrument, in equal parts where
    the groups' products spend none of it. The purses add up to ``budget`` less what the
    products in no group spend."""
    spent = np.stack([money[:, list(members)].sum(axis=1) for members in groups], axis=1)
    unspent = budget - money.sum(axis=1)
    total = spent.sum(axis=1, keepdims=True)
    equal = np.full_like(spent, 1.0 / len(groups))
    part = np.divide(spent, total, out=equal, where=total > 0)
    return [spent[:, k] + part[:, k] * unspent for k in range(len(groups))]


def _load(problem: Problem, setup: Callable[[], None] | None) -> None:
    """A child process's start: keep the scenario (sent once) for the groups it plans, after
    ``setup``."""
    if setup is not None:
        setup()
    _SCENARIO["problem"] = problem


def _ready() -> None:
    """Nothing: submitted at start so the children are started (and import) at once."""


def _run(task: Callable[[Problem], T]) -> tuple[T, float]:
    """``task`` on the child's scenario; with the child's peak memory (MiB)."""
    result = task(_SCENARIO["problem"])
    return result, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class ProductWorkers:
    """``count`` workers: this process and ``count - 1`` children holding ``problem``;
    ``setup`` (a module-level function) runs in each child as it starts."""

    def __init__(
        self, problem: Problem, count: int, *, setup: Callable[[], None] | None = None
    ) -> None:
        self.problem, self.count = problem, max(1, count)
        self.child_peak_mib = 0.0  # the largest child's peak memory, MiB
        self.failures = 0  # groups a child could not plan, planned here instead
        self._pool: ProcessPoolExecutor | None = None
        if self.count > 1:
            from concurrent.futures import ProcessPoolExecutor  # noqa: PLC0415
            from multiprocessing import get_context  # noqa: PLC0415

            self._pool = ProcessPoolExecutor(
                self.count - 1,
                mp_context=get_context("spawn"),
                initializer=_load,
                initargs=(problem, setup),
            )
            for _ in range(self.count - 1):
                self._pool.submit(_ready)

    def map(self, tasks: Sequence[Callable[[Problem], T]]) -> list[T]:
        """Each task's result, in order: the first here, the others in the children (a
        child that fails has its task run here afterwards)."""
        futures: list[Future[tuple[T, float]]] = []
        if self._pool is not None:
            futures = [self._pool.submit(_run, task) for task in tasks[1:]]
        results: list[T] = [tasks[0](self.problem)] if tasks else []
        if self._pool is None:
            return results + [task(self.problem) for task in tasks[1:]]
        for task, future in zip(tasks[1:], futures, strict=True):
            results.append(self._collect(task, future))
        return results

    def _collect(self, task: Callable[[Problem], T], future: Future[tuple[T, float]]) -> T:
        try:
            result, peak = future.result()
        except Exception:
            self.failures += 1
            return task(self.problem)
        self.child_peak_mib = max(self.child_peak_mib, peak)
        return result

    def close(self) -> None:
        """Stop the children."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> ProductWorkers:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
