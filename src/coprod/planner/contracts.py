"""Solving the contract plan: LP relaxation, a rounded first plan, HiGHS MIP, fixed re-solves.

1. The network LP (:mod:`coprod.planner.build`) is the relaxation: its optimum bounds every
   contract plan, and its plan is the starting point; the same LP with lots floored and
   supplier-limited needs capped at their largest lines' reach is a tighter bound.
2. A rounding/repair heuristic turns the relaxation's orders into a plan meeting every rule
   (keep each limited need's largest suppliers, drop contracts under a line's minimum order,
   round every line-month down to whole lots, repeat until nothing changes); a dive signs
   contracts on the MIP's LP, a fill pass (:mod:`coprod.planner.contract_fill`) adds
   contracts on what it leaves idle (on a large scenario: product by product, each with a
   local search, :mod:`coprod.planner.contract_search`, swapping suppliers while the LP
   gains); the compact MIP completes each (integers fixed, an LP) into a full start for HiGHS.
3. HiGHS MIP improves and proves, within the time limit and ``mip_gap``.
4. With the integer decisions of the best plan fixed, the LP is solved again: its vertex has
   whole deliveries (a network with whole bounds), and the LP with only the signed contracts
   fixed (quantities relaxed) gives the marginal values.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass
from functools import partial
from typing import Any

import highspy
import numpy as np

from coprod.planner.build import Model
from coprod.planner.contract_bound import (
    CutBound,
    LagrangianBound,
    cut_bound,
    lagrangian_bound,
    product_gaps,
    tightened,
)
from coprod.planner.contract_fill import fill_pairs
from coprod.planner.contract_neighbourhood import improved, search_stop
from coprod.planner.contract_search import (
    Universe,
    WorkingSearch,
    contract_money,
    product_money,
    product_problem,
    product_weights,
    widest_lines,
)
from coprod.planner.contract_time import CpuShare, ProductsTime, processes_sharing
from coprod.planner.contract_workers import ProductWorkers, group_purses, split_products
from coprod.planner.explain import Orders, recover_orders
from coprod.planner.mip import ContractModel, build_contract_model, count_pairs, reachable
from coprod.planner.problem import BoolArray, FloatArray, IntArray, Problem
from coprod.planner.solve import (
    MIP_BOUND_KEPT,
    Solution,
    SolveStatus,
    max_violation,
    to_highs_lp,
)

WHOLE = 1e-6
FILL_ROUNDS = 3  # passes of new contracts on idle capacity after the dive
PAIR_LIMIT = 5000  # explicit pairs above which the MIP keeps only those the relaxation uses
EXTRA_LINES = 6  # lines per need a product's own model adds to the relaxation's pairs
SWEEPS = 3  # passes over the products while time is left
WIDER_LINES = 10  # lines per need in the later passes, on the products with room
ROOM_FLOOR = 0.02  # products with less than this share of the room are not visited again
ROOM_SWEEPS = 2  # further passes, over the products with room only, while time is left
# runs of a product's search over its model's pairs before it goes on over every able pair
# (None: until it converges): the first run keeps most of what they gain (docs/planner.md)
MODEL_RUNS: int | None = 1
# the search over every able pair ranks its tries by price over the need's quantity, a need
# holding its sole supplier last (WorkingSearch(ranked=True)); False: by price, as before
RANKED = True
# HiGHS neighbourhoods after a product's search converges (contract_neighbourhood): off, so
# the time a product leaves goes to the next ones (on the 2 000-need case they kept none of
# 50 neighbourhoods, at convergence or not: docs/planner.md)
NEIGHBOURHOODS = False
_HIGHS: Any = highspy.Highs


@dataclass(frozen=True)
class FixedLp:
    """An LP solved with some columns fixed: status, values and duals (maximise sense)."""

    optimal: bool
    objective: float
    col_value: FloatArray
    col_dual: FloatArray
    row_dual: FloatArray
    iterations: int


@dataclass(frozen=True)
class MipOutcome:
    """What the contract solve found: the plan's columns and how good they are proven to be."""

    model: ContractModel
    values: FloatArray  # integer decisions fixed, deliveries a vertex (whole)
    duals: FixedLp  # the LP with the signed contracts fixed, quantities relaxed
    relaxation: float  # the network LP's optimum: a bound on every contract plan
    cut_bound: float  # the LP with whole lots and supplier reach cut in: a tighter bound
    mip_bound: float | None  # HiGHS's proven bound (None when it proved none)
    heuristic: float  # value of the rounded first plan
    highs_status: str
    nodes: int
    iterations: int
    seconds: dict[str, float]
    warm: bool
    carried: int = 0  # contracts of the previous plan still valid, in the start built from them
    lagrangian: LagrangianBound | None = None  # products' bounds at the cut bound's prices
    workers: int = 1  # processes of the products' phase (1 when it did not run)
    worker_peak_mib: float = 0.0  # the largest child process's peak memory


@dataclass(frozen=True)
class PreviousPlan:
    """An earlier contract plan of the same planner: its model's structure and columns, and
    its contracts as (line id, need id, quantity)."""

    structure: str
    values: FloatArray
    contracts: tuple[tuple[str, str, float], ...]

    @classmethod
    def of(cls, outcome: MipOutcome) -> PreviousPlan:
        """The plan ``outcome`` found, to start the next one from."""
        model, values = outcome.model, outcome.values
        problem, pairs = model.problem, model.pairs
        carried = values[model.cols["v"].range]
        signed = (values[model.cols["b"].range] > 0.5) & (carried > WHOLE)
        contracts = tuple(
            (problem.producer_ids[p], problem.need_ids[j], float(q))
            for p, j, q in zip(
                pairs.line[signed].tolist(),
                pairs.need[signed].tolist(),
                carried[signed].tolist(),
                strict=True,
            )
        )
        return cls(model.structure_key(), values, contracts)


def solve_contracts(
    lp_model: Model,
    relaxed: Solution,
    *,
    time_limit: float | None = None,
    previous: PreviousPlan | None = None,
    deadline: float | None = None,
    workers: int = 1,
) -> MipOutcome:
    """First plan, HiGHS MIP, fixed re-solves, from the solved relaxation ``relaxed``.

    ``previous``: an earlier contract plan. When the model has the same structure (a what-if
    of budgets, capacities, priorities) its columns are a start; otherwise its contracts
    still valid are, repaired to meet every rule (a what-if of a line or a need).
    ``deadline`` (a ``perf_counter`` time) is when the search must be done, the final fixed
    LPs excepted; without it, ``time_limit`` seconds counted from the relaxation's start.
    ``workers``: processes for the products' phase (a large scenario only; the children
    start here, so that they are ready when the bounds are computed).
    """
    started = time.perf_counter()
    cpu = CpuShare.working()  # the CPU this process gets, for the products' phase's reserve
    if deadline is None and time_limit is not None:  # counted from the relaxation's start
        deadline = started + time_limit - relaxed.solve_seconds
    problem = lp_model.problem
    seconds: dict[str, float] = {"relaxation": relaxed.solve_seconds}
    optimal = relaxed.status is SolveStatus.OPTIMAL
    lp_orders = recover_orders(lp_model, relaxed.col_value) if optimal else None
    candidates = _candidates(problem, lp_orders)
    model = build_contract_model(problem, candidates)
    same = previous is not None and previous.structure == model.structure_key()
    carried = None
    if previous is not None and not same:
        carried = carried_pairs(problem, previous.contracts)
        if candidates is not None and not np.isin(carried, candidates).all():
            model = build_contract_model(problem, np.union1d(candidates, carried))
    seconds["build"] = time.perf_counter() - started
    money = relaxation_money(lp_model, relaxed) if model.restricted and lp_orders else None
    used = workers if money is not None else 1
    with ProductWorkers(problem, used) as pool:
        mark = time.perf_counter()
        relaxation = relaxed.objective if relaxed.status is SolveStatus.OPTIMAL else float("inf")
        cut, lagrangian = _bounds(model)
        seconds["bound"] = time.perf_counter() - mark
        mark = time.perf_counter()
        model, start = first_plan(
            model,
            lp_orders,
            previous.values if same and previous else None,
            deadline,
            money=money,
            carried=carried,
            bound=lagrangian,
            workers=pool if used > 1 else None,
            seconds=seconds,
            cpu=cpu,
        )
        seconds["heuristic"] = time.perf_counter() - mark
    mark = time.perf_counter()
    mip = _Mip(None, None, "not run: the first plan is within mip_gap of the relaxation", 0, 0)
    if model.restricted:  # HiGHS on the candidates proves nothing and found no better plan
        mip = _Mip(None, None, "not run: pairs from the relaxation only", 0, 0)
    elif _gap(min(relaxation, cut.value), start.objective) > problem.mip_gap:
        mip = _run_mip(model, start.col_value, _left(deadline), problem.mip_gap)
    seconds["mip"] = time.perf_counter() - mark
    mark = time.perf_counter()
    final = fix_integers(model, start.col_value)
    if mip.values is not None:  # HiGHS's point, its integers fixed: a plan if it is better
        found = fix_integers(model, mip.values)
        if found.optimal and (not final.optimal or found.objective > final.objective):
            final = found
    if not final.optimal:  # cannot happen for a feasible point; the start is the fallback
        final = start
    duals = fix_contracts(model, final.col_value)
    seconds["fixed"] = time.perf_counter() - mark
    if lagrangian is not None:  # the time left tightens it
        mark = time.perf_counter()
        lagrangian = _tighter(model, final.col_value, lagrangian, deadline)
        seconds["compact_lps"] = time.perf_counter() - mark
        seconds["bound"] += seconds["compact_lps"]
    return MipOutcome(
        model=model,
        values=snap_whole(model, final.col_value),
        duals=duals,
        relaxation=relaxation,
        cut_bound=min(relaxation, cut.value),
        mip_bound=mip.bound,
        lagrangian=lagrangian,
        heuristic=float(start.objective),
        highs_status=mip.status,
        nodes=mip.nodes,
        iterations=mip.iterations + relaxed.iterations,
        seconds=seconds,
        warm=same or (carried is not None and len(carried) > 0),
        carried=0 if carried is None else len(carried),
        workers=used,
        worker_peak_mib=pool.child_peak_mib,
    )


def _bounds(model: ContractModel) -> tuple[CutBound, LagrangianBound | None]:
    """The cut bound and, on candidate pairs (HiGHS's MIP bound would hold for them only),
    the Lagrangian bound at its prices, each product with its network LP (quick)."""
    cut = cut_bound(model.problem)
    if not model.restricted or not np.isfinite(cut.value):
        return cut, None
    return cut, lagrangian_bound(model.problem, cut.prices, time.perf_counter())


def _tighter(
    model: ContractModel, values: FloatArray, bound: LagrangianBound, deadline: float | None
) -> LagrangianBound:
    """``bound`` with the compact LPs of its products solved until ``deadline``, those with
    the most room in the plan ``values`` first."""
    rooms, _ = product_gaps(model, values, bound)
    order = sorted(rooms, key=rooms.__getitem__, reverse=True)
    return tightened(model.problem, bound, deadline, order)


def carried_pairs(problem: Problem, contracts: tuple[tuple[str, str, float], ...]) -> IntArray:
    """Keys (``line · needs + need``) of earlier contracts whose line and need still exist
    and that a contract may still join (same product, deliverable in time, a pair the model
    makes explicit), each limited need keeping its largest ones up to its limit."""
    line_at, need_at = problem.producer_index, problem.need_index
    rows = [(line_at[p], need_at[j], q) for p, j, q in contracts if p in line_at and j in need_at]
    if not rows:
        return np.zeros(0, dtype=np.int64)
    line = np.asarray([r[0] for r in rows], dtype=np.int64)
    need = np.asarray([r[1] for r in rows], dtype=np.int64)
    quantity = np.asarray([r[2] for r in rows], dtype=np.float64)
    n_needs = len(problem.need_ids)
    able_line, able_need = reachable(problem)
    able = np.isin(line * n_needs + need, able_line * n_needs + able_need)
    limit = problem.supplier_limits()
    order = np.lexsort((-quantity, need))
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order)) - np.searchsorted(need[order], need[order])
    within = (limit[need] == 0) | (rank < limit[need])
    keep = able & within
    return np.unique(line[keep] * n_needs + need[keep])


def _candidates(problem: Problem, lp_orders: Orders | None) -> IntArray | None:
    """Pairs (keys ``line · needs + need``) the relaxation uses, when the full MIP is large."""
    if lp_orders is None or count_pairs(problem) <= PAIR_LIMIT:
        return None
    return np.unique(lp_orders.producer * len(problem.need_ids) + lp_orders.need)


def _gap(bound: float, value: float) -> float:
    return (bound - value) / max(1.0, abs(bound))


def _past(deadline: float | None) -> bool:
    return deadline is not None and time.perf_counter() > deadline


def _left(deadline: float | None, share: float = 1.0) -> float | None:
    if deadline is None:
        return None
    return max((deadline - time.perf_counter()) * share, 0.5)


def first_plan(
    model: ContractModel,
    lp_orders: Orders | None,
    previous: FloatArray | None,
    deadline: float | None,
    *,
    money: FloatArray | None = None,
    carried: IntArray | None = None,
    bound: LagrangianBound | None = None,
    workers: ProductWorkers | None = None,
    seconds: dict[str, float] | None = None,
    cpu: CpuShare | None = None,
) -> tuple[ContractModel, FixedLp]:
    """The best plan meeting every rule among: the rounded relaxation, the relaxation
    re-optimised with its contracts chosen (HiGHS on the whole units and lots only), and
    the previous plan (its columns ``previous``, or its contracts still valid, ``carried``,
    repaired); each completed by an LP with its integer decisions fixed. The model is
    ``model``, or one with more pairs when filling idle capacity signed new contracts.
    ``workers``: the processes of the products' phase (on a large scenario); ``seconds``
    receives the seconds of its stages (``rounded``, ``products`` or ``dive``, ``fill``,
    ``placement``); ``cpu``: the CPU share measured since the contract solve started (the
    products' phase keeps a reserve that follows it)."""
    candidates = [fix_integers(model, np.zeros(model.num_col))]  # nothing made: meets every rule
    if previous is not None and len(previous) == model.num_col:
        candidates.append(fix_integers(model, np.minimum(previous, model.col_upper)))
    if carried is not None and len(carried):
        candidates.append(_placed(model, repaired(model, carried, _stop_at(deadline, 0.1))))
    best = max((c for c in candidates if c.optimal), key=lambda c: c.objective)
    if lp_orders is None:
        return model, best
    mark = time.perf_counter()
    rounded = fix_integers(model, rounded_start(model, lp_orders))
    if seconds is not None:
        seconds["rounded"] = time.perf_counter() - mark
    if rounded.optimal and rounded.objective > best.objective:
        best = rounded
    chosen_model, chosen = _chosen_contracts_plan(
        model,
        best,
        deadline,
        money,
        carried,
        bound,
        workers,
        seconds,
        cpu,
    )
    if chosen.objective > best.objective:
        return chosen_model, chosen
    return model, best


def _chosen_contracts_plan(  # noqa: PLR0917 -- the first plans' inputs, passed on
    model: ContractModel,
    fallback: FixedLp,
    deadline: float | None,
    money: FloatArray | None = None,
    carried: IntArray | None = None,
    bound: LagrangianBound | None = None,
    workers: ProductWorkers | None = None,
    seconds: dict[str, float] | None = None,
    cpu: CpuShare | None = None,
) -> tuple[ContractModel, FixedLp]:
    """Sign contracts by diving on the LP (product by product, with a local search, when
    ``money``, the relaxation's spending per instrument and product, is given), add contracts
    on the capacity left idle, then let HiGHS place whole units and lots with the contracts
    fixed. ``seconds`` receives each stage's seconds (and ``products_allowed``, the time
    the products' phase was given at its start, and ``products_reserve``, the time it kept
    for the stages after it, read at its end: it ends earlier when the process gets less CPU
    than a quiet machine gives, :mod:`coprod.planner.contract_time`)."""
    spent = {} if seconds is None else seconds
    mark = time.perf_counter()
    if money is not None:
        phase = products_time(deadline, cpu, 1 if workers is None else workers.count)
        if phase is not None:
            spent["products_allowed"] = phase.stop() - mark
        model, signed = _product_contracts(model, money, phase, carried, bound, workers=workers)
        spent["products"] = time.perf_counter() - mark
        if phase is not None:  # the time kept for the stages after it, at the share it ended
            spent["products_reserve"] = phase.deadline - phase.stop()
    else:
        found = dive_contracts(model, _stop_at(deadline, 0.5))
        if found is None:
            return model, fallback
        signed = found
        spent["dive"] = time.perf_counter() - mark
    mark = time.perf_counter()
    b_cols = _b_cols(model)
    relaxed = solve_fixed(model, b_cols, signed)
    if not relaxed.optimal:
        return model, fallback
    for _ in range(FILL_ROUNDS):
        if _past(deadline):
            break
        before = relaxed.objective
        model, signed, relaxed = _filled(model, signed, relaxed)
        gain = relaxed.objective - before
        if gain <= 1e-6 * max(1.0, abs(before)) or _past(deadline):
            break
    floored = relaxed.col_value.copy()
    floored[model.integer] = np.floor(floored[model.integer] + WHOLE)
    start = fix_integers(model, _lot_floor(model, floored))
    spent["fill"] = time.perf_counter() - mark
    if not start.optimal:
        return model, fallback
    mark = time.perf_counter()
    b_cols = _b_cols(model)
    lower, upper = _rounding_box(model, relaxed.col_value)
    lower[b_cols], upper[b_cols] = signed, signed
    mip = _run_mip(
        model,
        start.col_value,
        _left(deadline, 0.8 if model.restricted else 0.3),  # no MIP follows on candidates
        model.problem.mip_gap,
        (lower, upper),
    )
    best = start
    if mip.values is not None:
        placed = fix_integers(model, mip.values)
        if placed.optimal and placed.objective > best.objective:
            best = placed
    spent["placement"] = time.perf_counter() - mark
    return model, best


def products_time(
    deadline: float | None, cpu: CpuShare | None = None, workers: int = 1
) -> ProductsTime | None:
    """The products' phase's time, from now to ``deadline`` (the stages after it included),
    its reserve following ``cpu`` (whose open stretch of work, the one before the phase, ends
    here; the phase runs on ``workers`` processes); None without a deadline."""
    share = CpuShare() if cpu is None else cpu
    share.end()
    share.processes = processes_sharing(workers)
    left = _left(deadline)
    if left is None:
        return None
    now = share.wall()
    return ProductsTime(now, now + left, share)


def relaxation_money(lp_model: Model, relaxed: Solution) -> FloatArray:
    """Money each instrument spends on each product in the relaxation's plan."""
    problem = lp_model.problem
    production = relaxed.col_value[: len(problem.producer_ids) * problem.months]
    return product_money(
        problem,
        lp_model.classes,
        production.reshape(-1, problem.months),
        paid=relaxed.col_value[lp_model.money_start :],
        payer=lp_model.money_instrument,
        paid_class=lp_model.money_class,
    )


def _product_contracts(
    model: ContractModel,
    money: FloatArray,
    phase: ProductsTime | None,
    carried: IntArray | None = None,
    bound: LagrangianBound | None = None,
    *,
    workers: ProductWorkers | None = None,
) -> tuple[ContractModel, FloatArray]:
    """Contracts chosen one product at a time, and the model holding them.

    Each product gets as budget what the relaxation spends on it plus what no product spends
    yet (products planned so far count with what their plans spend), so the products' plans
    together meet every budget. In the product's own model (the pairs of ``model`` plus each
    need's widest lines) a dive signs contracts, a fill adds some on idle capacity and a
    local search (:class:`WorkingSearch`) swaps suppliers while the LP gains. With ``carried``
    (keys of a previous plan's contracts still valid) a product starts from those, repaired,
    instead of diving. The first pass gives each product time in proportion to its weight
    (:func:`product_weights`: its worth and pairs). While a quarter of the time is left
    after a pass, another pass (with the same weights) starts from the contracts chosen (up
    to :data:`SWEEPS` passes); then, with ``bound`` (the Lagrangian bound's products at the
    cut bound's prices) and time still left, up to
    :data:`ROOM_SWEEPS` passes over only the products with room, the most first, each with
    time in proportion to its room (:func:`_rooms`) and more of each need's lines. Each
    pass runs on ``workers`` (one group of products per process) when given. The phase ends
    at ``phase``'s stop, read again before each pass and each product (None: no time limit).
    """
    problem = model.problem
    keys = _pair_keys(model)
    every = product_weights(problem)
    signed_keys, money, found = _product_sweep(
        model, keys, money, phase, carried, every, workers=workers
    )
    settled = False  # a pass over every product moved nothing
    for rooms in (False,) * (SWEEPS - 1) + (True,) * ROOM_SWEEPS:  # while time is left
        if phase is None or _under_a_quarter_left(phase):
            break
        if (rooms and bound is None) or (settled and not rooms):
            continue
        visit = _rooms(bound, money, found) if rooms and bound is not None else every
        keys = np.union1d(keys, signed_keys)
        extra = WIDER_LINES if rooms else EXTRA_LINES
        again, money, more = _product_sweep(
            model, keys, money, phase, signed_keys, visit, extra, workers
        )
        found.update(more)
        product = problem.producer_product[signed_keys // len(problem.need_ids)]
        again = np.union1d(again, signed_keys[~np.isin(product, list(visit))])
        if np.array_equal(again, signed_keys):
            if rooms:
                break
            settled = True  # on to the passes over the products with room
        signed_keys = again
    wider = model
    if not np.isin(signed_keys, keys).all():
        wider = build_contract_model(problem, np.union1d(keys, signed_keys))
    return wider, np.isin(_pair_keys(wider), signed_keys).astype(np.float64)


def _under_a_quarter_left(phase: ProductsTime) -> bool:
    """Whether under a quarter of the products' phase's time is left (no pass starts then)."""
    stop = phase.stop()
    return stop - phase.now() < 0.25 * (stop - phase.start)


def _rooms(bound: LagrangianBound, money: FloatArray, found: dict[int, float]) -> dict[int, float]:
    """Products with room, the most first: each product's part of the Lagrangian bound less
    what its plan is worth at the bound's prices (``found``: its LP value with its contracts
    fixed, less its money, ``money[:, g]``, at those prices)."""
    rooms = {}
    for g, value in found.items():
        part = bound.of(g)
        if part is not None:
            rooms[g] = max(part.bound - (value - float(bound.prices @ money[:, g])), 0.0)
    total = sum(rooms.values())
    ranked = sorted(rooms.items(), key=lambda item: -item[1])
    return {g: room for g, room in ranked if total > 0 and room >= ROOM_FLOOR * total}


def _product_sweep(  # noqa: PLR0917 -- the pass's inputs, all positional in one call
    model: ContractModel,
    keys: IntArray,
    money: FloatArray,
    phase: ProductsTime | None,
    carried: IntArray | None,
    order: dict[int, float],
    extra: int = EXTRA_LINES,
    workers: ProductWorkers | None = None,
) -> tuple[IntArray, FloatArray, dict[int, float]]:
    """One pass over the products ``order``: split into one group per worker
    (:mod:`coprod.planner.contract_workers`), each group planned in turn within its purse
    (each product with time in proportion to its weight), the groups side by side. The
    contracts chosen (keys), the money each instrument then spends on each product, and each
    product's value (its LP with its contracts fixed). The first group, planned here, reads
    ``phase`` itself (its CPU share measured on); each child gets a copy."""
    problem = model.problem
    groups = split_products(order, 1 if workers is None else workers.count)
    purses = group_purses(problem.budget, money, [list(group) for group in groups])
    tasks = [
        partial(
            _group_plans,
            order=group,
            purse=purse,
            money=money,
            keys=keys,
            phase=phase if k == 0 or phase is None else phase.copy(),
            carried=carried,
            extra=extra,
        )
        for k, (group, purse) in enumerate(zip(groups, purses, strict=True))
    ]
    results = [task(problem) for task in tasks] if workers is None else workers.map(tasks)
    money = money.copy()
    chosen: list[IntArray] = []
    found: dict[int, float] = {}
    for plans in results:
        for g, (signed, spent, value) in plans.items():
            chosen.append(signed)
            money[:, g] = spent
            found[g] = value
    signed_keys = np.unique(np.concatenate(chosen)) if chosen else np.zeros(0, dtype=np.int64)
    return signed_keys, money, found


def _group_plans(
    problem: Problem,
    *,
    order: dict[int, float],
    purse: FloatArray,
    money: FloatArray,
    keys: IntArray,
    phase: ProductsTime | None,
    carried: IntArray | None,
    extra: int,
) -> dict[int, tuple[IntArray, FloatArray, float]]:
    """The products ``order`` planned in turn (each with time in proportion to its weight,
    out of what is left until ``phase``'s stop, read at the product's start; each product's
    plan is a stretch of work for its CPU share) within ``purse``: each gets what the
    group's other products leave of it (those planned already with what their plans spend,
    the others with ``money``). Per product: its contracts (keys), what they spend per
    instrument and their LP's value."""
    money = money.copy()
    members = list(order)
    weights = list(order.values())
    plans: dict[int, tuple[IntArray, FloatArray, float]] = {}
    for rank, g in enumerate(members):
        seconds = None
        if phase is not None:
            seconds = (phase.stop() - phase.now()) * weights[rank] / sum(weights[rank:])
            phase.share.begin()
        spare = np.maximum(purse - money[:, members].sum(axis=1) + money[:, g], 0.0)
        planned = _product_plan(problem, g, spare, keys, seconds, carried, extra)
        if phase is not None:
            phase.share.end()
        if planned is None:
            continue
        plans[g] = planned
        money[:, g] = planned[1]
    return plans


def _product_plan(  # noqa: PLR0917 -- the product's inputs, all positional in one call
    problem: Problem,
    g: int,
    budget: FloatArray,
    keys: IntArray,
    seconds: float | None,
    carried: IntArray | None = None,
    extra: int = EXTRA_LINES,
) -> tuple[IntArray, FloatArray, float] | None:
    """Product ``g``'s contracts (keys of ``model``'s problem), what they spend per
    instrument and their LP's value; None when the product has no pair. Its model has the
    pairs ``keys`` and ``carried`` of the product and each need's ``extra`` widest lines;
    the search makes one run over those pairs, then goes on over every able pair."""
    started = time.perf_counter()
    sub, lines, needs = product_problem(problem, g, budget)
    n_all, n_sub = len(problem.need_ids), len(needs)
    line_at = np.full(len(problem.producer_ids), -1, dtype=np.int64)
    line_at[lines] = np.arange(len(lines))
    need_at = np.full(n_all, -1, dtype=np.int64)
    need_at[needs] = np.arange(n_sub)

    def local(global_keys: IntArray) -> IntArray:
        p, j = line_at[global_keys // n_all], need_at[global_keys % n_all]
        mine = (p >= 0) & (j >= 0)
        return np.asarray(p[mine] * n_sub + j[mine], dtype=np.int64)

    earlier = local(carried) if carried is not None else np.zeros(0, dtype=np.int64)
    only = np.union1d(np.union1d(local(keys), earlier), widest_lines(sub, extra))
    sub_model = build_contract_model(sub, only)
    if not len(sub_model.pairs.line):
        return None
    stop = dive_stop = None
    if seconds is not None:
        stop, dive_stop = started + seconds, started + 0.5 * seconds
    found: FloatArray | None = None
    if len(earlier):  # the previous plan's contracts of this product, repaired
        found = repaired(sub_model, earlier, dive_stop)
    else:
        found = dive_contracts(sub_model, dive_stop)
    signed = found if found is not None else np.zeros(len(sub_model.pairs.line))
    relaxed = solve_fixed(sub_model, _b_cols(sub_model), signed)
    for _ in range(FILL_ROUNDS):
        if not relaxed.optimal or _past(stop):
            break
        before = relaxed.objective
        sub_model, signed, relaxed = _filled(sub_model, signed, relaxed)
        if relaxed.objective - before <= 1e-6 * max(1.0, abs(before)):
            break
    model_keys = _pair_keys(sub_model)
    search = WorkingSearch(sub, model_keys[signed > 0.5], Universe.of(sub, model_keys))
    if not search.start():
        return None
    search = _searched(sub, search, search_stop(started, stop))
    sub_model = search.model
    signed, values, value = search.signed, search.values(), search.objective
    if NEIGHBOURHOODS:
        signed, values, value = improved(sub_model, signed, values, value, stop)
    back = lines[sub_model.pairs.line] * n_all + needs[sub_model.pairs.need]
    return back[signed > 0.5], contract_money(sub_model, values)[:, g], value


def _searched(sub: Problem, search: WorkingSearch, end: float | None) -> WorkingSearch:
    """``search`` (started, over the pairs of the product's model) run :data:`MODEL_RUNS`
    times (fewer when a run keeps nothing), then a search over every able pair of the
    product from the contracts it reached (ranked: :data:`RANKED`), until ``end`` or until
    it converges."""
    search.converge(end, MODEL_RUNS)
    if end is None or time.perf_counter() < end:  # every pair next
        wider = WorkingSearch(sub, _pair_keys(search.model)[search.signed > 0.5], ranked=RANKED)
        if wider.start() and wider.objective >= search.objective - 1e-9 * abs(search.objective):
            search = wider
            search.converge(end)
    return search


def repaired(model: ContractModel, keys: IntArray, stop: float | None = None) -> FloatArray:
    """Binaries signing the pairs ``keys`` of ``model`` when its LP with them fixed has a
    solution; otherwise a dive among those pairs only (signing the ones that carry their
    minimum order): a start that meets every rule."""
    wanted = np.isin(_pair_keys(model), keys)
    signed = wanted.astype(np.float64)
    if solve_fixed(model, _b_cols(model), signed).optimal:
        return signed
    found = dive_contracts(model, stop, allowed=wanted)
    return found if found is not None else np.zeros(len(signed))


def _placed(model: ContractModel, signed: FloatArray) -> FixedLp:
    """The plan with the contracts ``signed``: their LP, whole units and lots rounded down."""
    relaxed = solve_fixed(model, _b_cols(model), signed)
    if not relaxed.optimal:
        return relaxed
    floored = relaxed.col_value.copy()
    floored[model.integer] = np.floor(floored[model.integer] + WHOLE)
    return fix_integers(model, _lot_floor(model, floored))


def _rounding_box(model: ContractModel, values: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Column bounds that leave each integer column only the whole numbers next to its value
    (one, when it is whole already): HiGHS then chooses up or down, a small search."""
    lower, upper = model.col_lower.copy(), model.col_upper.copy()
    whole = model.integer
    lower[whole] = np.maximum(lower[whole], np.floor(values[whole] + WHOLE))
    upper[whole] = np.minimum(upper[whole], np.ceil(values[whole] - WHOLE))
    upper[whole] = np.maximum(upper[whole], lower[whole])
    return lower, upper


def _b_cols(model: ContractModel) -> IntArray:
    return np.arange(model.cols["b"].start, model.cols["b"].stop, dtype=np.int64)


def _pair_keys(model: ContractModel) -> IntArray:
    return model.pairs.line * len(model.problem.need_ids) + model.pairs.need


def _filled(
    model: ContractModel, signed: FloatArray, relaxed: FixedLp
) -> tuple[ContractModel, FloatArray, FixedLp]:
    """The model with the contracts :func:`fill_pairs` adds signed, when its LP is better."""
    added = fill_pairs(model, relaxed.col_value, signed)
    if not len(added):
        return model, signed, relaxed
    keys = _pair_keys(model)
    if not model.restricted:  # every pair is in the model already: sign them there
        wider = model
    else:
        wider = build_contract_model(model.problem, np.union1d(keys, added))
    wide_keys = _pair_keys(wider)
    wide_signed = np.isin(wide_keys, np.union1d(keys[signed > 0.5], added)).astype(np.float64)
    filled = solve_fixed(wider, _b_cols(wider), wide_signed)
    if filled.optimal and filled.objective > relaxed.objective:
        return wider, wide_signed, filled
    return model, signed, relaxed


def _lot_floor(model: ContractModel, values: FloatArray) -> FloatArray:
    """Production of lot lines floored to whole lots (their lot counts set to match)."""
    n_t = model.problem.months
    lots = model.problem.lots()
    z = values[model.cols["z"].range].reshape(-1, n_t)
    z = np.floor(z / lots[:, None] + WHOLE) * lots[:, None]
    result = values.copy()
    result[model.cols["z"].range] = z.reshape(-1)
    if len(model.lot_lines):
        counts = z[model.lot_lines] / lots[model.lot_lines][:, None]
        result[model.cols["n"].range] = counts.reshape(-1)
    return result


def _stop_at(deadline: float | None, share: float) -> float | None:
    """The moment ``share`` of the time left is spent."""
    left = _left(deadline)
    return None if left is None else time.perf_counter() + share * left


def dive_contracts(
    model: ContractModel, stop: float | None = None, allowed: BoolArray | None = None
) -> FloatArray | None:
    """Binaries of the contracts to sign, fixed in rounds on the MIP's LP relaxation.

    Each round signs the pairs carrying their line's minimum order (for a need with a
    supplier limit, only its largest one while room is left), so the LP point stays feasible,
    and leaves unsigned the weaker half of the pairs under their minimum; the LP is re-solved
    warm after each round. At ``stop`` (a ``perf_counter`` time; an LP running then is cut
    short) the pairs signed so far and those carrying their minimum in the last LP solved
    are kept, the rest left unsigned (always feasible: fewer flows). ``allowed``: the pairs
    that may be signed (all when None).
    """
    pairs = model.pairs
    b_cols = np.arange(model.cols["b"].start, model.cols["b"].stop, dtype=np.int64)
    v_cols = np.arange(model.cols["v"].start, model.cols["v"].stop, dtype=np.int64)
    lower, upper = np.zeros(len(b_cols)), np.ones(len(b_cols))
    if allowed is not None:
        upper = allowed.astype(np.float64)
    lp = _LpSession(model)
    kept: FloatArray | None = None  # what the last LP solved allows signing
    for _ in range(60):
        values = lp.solve(b_cols, lower, upper, stop)
        if values is None:  # the first LP unsolved: nothing to go on; later: stopped
            return kept
        v = values[v_cols]
        open_ = lower < upper
        idle = open_ & (v <= WHOLE)
        carrying = open_ & ~idle & (v >= pairs.minimum - WHOLE)
        short = open_ & ~carrying & ~idle
        late = stop is not None and time.perf_counter() > stop
        fits = carrying & _within_limits(model, carrying, lower, v, per_round=None)
        kept = np.where(fits, 1.0, lower)  # every carrying pair that fits signed
        if late or not (short.any() or (carrying & ~fits).any()):
            return kept
        lower[carrying & _within_limits(model, carrying, lower, v, per_round=1)] = 1.0
        ratio = np.where(short, v / np.maximum(pairs.minimum, 1.0), np.inf)
        weakest = np.argsort(ratio)[: max(1, int(short.sum()) // 2)]
        upper[weakest] = 0.0
    return kept


def _within_limits(
    model: ContractModel,
    chosen: BoolArray,
    signed: FloatArray,
    v: FloatArray,
    *,
    per_round: int | None,
) -> BoolArray:
    """The chosen pairs that fit their need's supplier limit beside those already signed,
    largest first (at most ``per_round`` more per need when given)."""
    pairs = model.pairs
    limit = model.problem.supplier_limits()
    room = limit - np.bincount(pairs.need, weights=signed, minlength=len(limit)).astype(np.int64)
    order = np.lexsort((-v, ~chosen, pairs.need))
    need_sorted = pairs.need[order]
    rank = np.zeros(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order)) - np.searchsorted(need_sorted, need_sorted)
    ruled = model.ruled_needs[pairs.need]
    if per_round is not None:
        room = np.minimum(room, per_round)
    return np.asarray(~ruled | (rank < room[pairs.need]), dtype=np.bool_)


class _LpSession:
    """One HiGHS LP of the model, re-solved warm after bound changes."""

    def __init__(self, model: ContractModel) -> None:
        self.model = model
        self.highs: Any = _HIGHS()
        self.highs.silent()
        self.highs.setOptionValue("solver", "simplex")
        self.highs.passModel(to_highs_lp(model))
        self.solved = False

    def solve(
        self, cols: IntArray, lower: FloatArray, upper: FloatArray, stop: float | None = None
    ) -> FloatArray | None:
        """The LP's optimal point with ``cols`` bounded by ``lower``/``upper``; None if none
        (or none found by ``stop``, a ``perf_counter`` time; the first solve is never cut)."""
        self.highs.changeColsBounds(len(cols), cols, lower, upper)
        if stop is not None and self.solved:
            self.highs.setOptionValue("time_limit", max(stop - time.perf_counter(), 0.1))
        self.highs.run()
        self.solved = True
        if self.highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return None
        return np.asarray(self.highs.getSolution().col_value, dtype=np.float64)


@dataclass(frozen=True)
class _Mip:
    values: FloatArray | None
    bound: float | None
    status: str
    nodes: int
    iterations: int


def _run_mip(
    model: ContractModel,
    start: FloatArray,
    time_limit: float | None,
    gap: float,
    bounds: tuple[FloatArray, FloatArray] | None = None,
) -> _Mip:
    highs = _HIGHS()
    highs.silent()
    lp = to_highs_lp(model)
    if bounds is not None:
        lp.col_lower_, lp.col_upper_ = bounds
    lp.integrality_ = [
        highspy.HighsVarType.kInteger if whole else highspy.HighsVarType.kContinuous
        for whole in model.integer
    ]
    highs.passModel(lp)
    highs.setOptionValue("mip_rel_gap", gap / 2)
    if time_limit is not None:
        highs.setOptionValue("time_limit", float(time_limit))
    solution = highspy.HighsSolution()
    solution.col_value = list(start)
    highs.setSolution(solution)
    highs.run()
    info = highs.getInfo()
    status = highs.modelStatusToString(highs.getModelStatus())
    values = np.asarray(highs.getSolution().col_value, dtype=np.float64)
    # HiGHS may stop with "Solve error" when its point breaks a row by a hair over its
    # tolerance (ERGO-Code/HiGHS#2782): such a point is still a start for fix_integers,
    # which rounds its integers and solves the rest exactly; the callers compare it there.
    has_point = len(values) == model.num_col and (
        int(info.primal_solution_status) == 2 or max_violation(model, values) <= 1e-5
    )
    bound = float(info.mip_dual_bound)
    if highs.getModelStatus() not in MIP_BOUND_KEPT:
        bound = float("inf")
    return _Mip(
        values=values if has_point else None,
        bound=bound if np.isfinite(bound) and bounds is None and not model.restricted else None,
        status=status,
        nodes=int(info.mip_node_count),
        iterations=int(info.simplex_iteration_count),
    )


def fix_integers(model: ContractModel, values: FloatArray) -> FixedLp:
    """The LP with every integer column fixed to ``values`` (rounded): a whole-unit vertex."""
    fixed = np.nonzero(model.integer)[0]
    whole = np.clip(np.round(values[fixed]), model.col_lower[fixed], model.col_upper[fixed])
    return solve_fixed(model, fixed, whole)


def fix_contracts(model: ContractModel, values: FloatArray) -> FixedLp:
    """The LP with the signed contracts (binaries) fixed and quantities relaxed."""
    fixed = np.arange(model.cols["b"].start, model.cols["b"].stop, dtype=np.int64)
    return solve_fixed(model, fixed, np.round(values[fixed]))


def solve_fixed(model: ContractModel, fixed: IntArray, at: FloatArray) -> FixedLp:
    """Solve the model's LP (dual simplex) with columns ``fixed`` set to ``at``."""
    highs = _HIGHS()
    highs.silent()
    highs.setOptionValue("solver", "simplex")
    lower, upper = model.col_lower.copy(), model.col_upper.copy()
    lower[fixed], upper[fixed] = at, at
    lp = to_highs_lp(model)
    lp.col_lower_, lp.col_upper_ = lower, upper
    highs.passModel(lp)
    highs.run()
    optimal = highs.getModelStatus() in (
        highspy.HighsModelStatus.kOptimal,
        highspy.HighsModelStatus.kModelEmpty,
    )
    solution = highs.getSolution()
    values = np.asarray(solution.col_value, dtype=np.float64)
    if len(values) != model.num_col:
        values, optimal = np.zeros(model.num_col), False
    return FixedLp(
        optimal=optimal,
        objective=float(model.cost @ values),
        col_value=values,
        col_dual=_sized(solution.col_dual, model.num_col),
        row_dual=_sized(solution.row_dual, model.num_row),
        iterations=int(highs.getInfo().simplex_iteration_count),
    )


def _sized(values: list[float], size: int) -> FloatArray:
    array = np.asarray(values, dtype=np.float64)
    return array if len(array) == size else np.zeros(size)


def snap_whole(model: ContractModel, values: FloatArray) -> FloatArray:
    """Flows within 1e-6 of a whole number made whole (money columns left as they are)."""
    snapped = values.copy()
    flows = slice(0, model.money_start)
    near = np.round(snapped[flows])
    close = np.abs(near - snapped[flows]) <= WHOLE * np.maximum(1.0, np.abs(near))
    snapped[flows] = np.where(close, near, snapped[flows])
    return snapped


# --- the rounding/repair heuristic -------------------------------------------------------


def rounded_start(model: ContractModel, orders: Orders) -> FloatArray:
    """Integer decisions (production, lot counts, signed pairs) of the rounded relaxation."""
    kept = _round_orders(model, orders)
    problem, n_t = model.problem, model.problem.months
    values = np.zeros(model.num_col)
    made = np.zeros(len(problem.producer_ids) * n_t)
    pair_total: dict[int, float] = defaultdict(float)
    lookup = _pair_lookup(model)
    for p, j, t, q in kept:
        made[p * n_t + t] += q
        q_index = lookup.get((p, j))
        if q_index is not None:
            pair_total[q_index] += q
    values[model.cols["z"].range] = made
    lots = problem.lots()
    if len(model.lot_lines):
        counts = made.reshape(-1, n_t)[model.lot_lines] / lots[model.lot_lines][:, None]
        values[model.cols["n"].range] = counts.reshape(-1)
    b = model.cols["b"].start
    for q_index, total in pair_total.items():
        values[b + q_index] = 1.0 if total > 0 else 0.0
    return values


def _pair_lookup(model: ContractModel) -> dict[tuple[int, int], int]:
    pairs = model.pairs
    return {
        (int(p), int(j)): q for q, (p, j) in enumerate(zip(pairs.line, pairs.need, strict=True))
    }


def _round_orders(model: ContractModel, orders: Orders) -> list[tuple[int, int, int, float]]:
    """The relaxation's orders cut down until they meet every contract rule."""
    problem = model.problem
    lookup = _pair_lookup(model)
    minimum = problem.minimum_orders()
    rows = []
    for p, j, t, q in zip(
        orders.producer.tolist(),
        orders.need.tolist(),
        orders.month.tolist(),
        orders.quantity.tolist(),
        strict=True,
    ):
        needs_pair = minimum[p] > 0 or model.ruled_needs[j]
        if needs_pair and (p, j) not in lookup:
            continue
        rows.append([p, j, t, float(np.floor(q + WHOLE))])
    rows = _keep_largest_suppliers(model, rows)
    value = _unit_values(problem, rows)
    while True:
        _round_to_lots(problem, rows, value)
        if not _drop_small_contracts(problem, rows):
            break
    return [(p, j, t, q) for p, j, t, q in rows if q > 0]


def _unit_values(problem: Problem, rows: list[list[Any]]) -> dict[tuple[int, int, int], float]:
    values = {}
    for p, j, t, _ in rows:
        late = max(0, t + int(problem.lead_time[p]) - int(problem.need_due[j]))
        values[(p, j, t)] = float(problem.need_priority[j]) * (1 - problem.lateness_penalty * late)
    return values


def _keep_largest_suppliers(model: ContractModel, rows: list[list[Any]]) -> list[list[Any]]:
    """For each need whose suppliers are limited, only its largest suppliers stay."""
    limit = model.problem.supplier_limits()
    totals: dict[tuple[int, int], float] = defaultdict(float)
    for p, j, _, q in rows:
        totals[(p, j)] += q
    by_need: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for (p, j), total in totals.items():
        if total > 0:
            by_need[j].append((total, p))
    allowed = set()
    for j, suppliers in by_need.items():
        keep = int(limit[j]) if model.ruled_needs[j] else len(suppliers)
        for _, p in sorted(suppliers, reverse=True)[:keep]:
            allowed.add((p, j))
    return [row for row in rows if (row[0], row[1]) in allowed]


def _round_to_lots(
    problem: Problem, rows: list[list[Any]], value: dict[tuple[int, int, int], float]
) -> None:
    """Every line-month's total down to a multiple of its lot, least valuable units first."""
    lots = problem.lots()
    groups: dict[tuple[int, int], list[list[Any]]] = defaultdict(list)
    for row in rows:
        groups[(row[0], row[2])].append(row)
    for (p, _), members in groups.items():
        lot = int(lots[p])
        excess = sum(row[3] for row in members) % lot
        for row in sorted(members, key=lambda r: value[(r[0], r[1], r[2])]):
            if excess <= 0:
                break
            cut = min(row[3], excess)
            row[3] -= cut
            excess -= cut


def _drop_small_contracts(problem: Problem, rows: list[list[Any]]) -> bool:
    """Drop every contract under its line's minimum order; True when one was dropped."""
    minimum = problem.minimum_orders()
    totals: dict[tuple[int, int], float] = defaultdict(float)
    for p, j, _, q in rows:
        totals[(p, j)] += q
    small = {key for key, total in totals.items() if 0 < total < minimum[key[0]]}
    for row in rows:
        if (row[0], row[1]) in small:
            row[3] = 0.0
    return bool(small)
