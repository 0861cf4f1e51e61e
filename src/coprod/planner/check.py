"""Check a ``coprod.plan/1`` document against its scenario, as the spec says a plan is checked.

Recomputes the objective from ``orders`` and checks constraints 1–4 from ``orders`` and
``funding``, plus each order's and funding line's own admissibility. A scenario with contract
fields adds its rules: whole quantities, lot multiples per line-month, minimum orders per
(line, need), suppliers per need, ``contracts`` matching the orders, ``objective ≤ bound``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from coprod.planner.problem import Problem, absolute_month

TOLERANCE = 1e-6


@dataclass
class PlanCheck:
    """The recomputed objective and every breach found (empty when the plan is feasible)."""

    objective: float = 0.0
    violations: list[str] = field(default_factory=list)

    @property
    def feasible(self) -> bool:
        """Whether no breach was found."""
        return not self.violations


def _close_enough(value: float, limit: float) -> bool:
    return value <= limit + TOLERANCE * max(1.0, abs(limit))


@dataclass
class _Totals:
    made: dict[tuple[int, int], float] = field(default_factory=lambda: defaultdict(float))
    given: dict[int, float] = field(default_factory=lambda: defaultdict(float))
    paid: dict[tuple[int, int], float] = field(default_factory=lambda: defaultdict(float))
    spent: dict[int, float] = field(default_factory=lambda: defaultdict(float))


def check_plan(problem: Problem, plan: dict[str, Any]) -> PlanCheck:
    """Recompute the objective and check constraints 1–4 of ``plan``."""
    check, totals = PlanCheck(), _Totals()
    for k, order in enumerate(plan.get("orders", [])):
        _check_order(problem, f"orders[{k}]", order, check, totals)
    for k, line in enumerate(plan.get("funding", [])):
        _check_funding(problem, f"funding[{k}]", line, check, totals)
    _check_totals(problem, check, totals)
    if problem.contracts:
        _check_contract_rules(problem, plan, check, totals)
    return check


def _check_contract_rules(
    problem: Problem, plan: dict[str, Any], check: PlanCheck, totals: _Totals
) -> None:
    """Whole units, lots, minimum orders, suppliers, the contracts list and the bound."""
    pair: dict[tuple[int, int], float] = defaultdict(float)
    for k, order in enumerate(plan.get("orders", [])):
        quantity = float(order["quantity"])
        if abs(quantity - round(quantity)) > TOLERANCE:
            check.violations.append(f"orders[{k}]: {quantity} is not a whole number of units")
        pair[(problem.producer_index[order["producer"]], problem.need_index[order["need"]])] += (
            quantity
        )
    lots = problem.lots()
    for (p, t), quantity in totals.made.items():
        lot = int(lots[p])
        if abs(quantity / lot - round(quantity / lot)) > TOLERANCE:
            check.violations.append(
                f"lot: {problem.producer_ids[p]} month {t}: {quantity} is not a multiple of {lot}"
            )
    _check_pairs(problem, pair, check)
    _check_contracts_list(problem, plan, pair, check)
    bound = plan.get("bound")
    if bound is not None and not _close_enough(check.objective, float(bound)):
        check.violations.append(f"bound: objective {check.objective} above the bound {bound}")


def _check_pairs(problem: Problem, pair: dict[tuple[int, int], float], check: PlanCheck) -> None:
    minimum, limit = problem.minimum_orders(), problem.supplier_limits()
    suppliers: dict[int, int] = defaultdict(int)
    for (p, j), quantity in pair.items():
        if quantity <= TOLERANCE:
            continue
        suppliers[j] += 1
        if quantity < minimum[p] - TOLERANCE:
            check.violations.append(
                f"min_order: {problem.producer_ids[p]} for {problem.need_ids[j]}: {quantity} "
                f"below {int(minimum[p])}"
            )
    for j, count in suppliers.items():
        if limit[j] and count > limit[j]:
            check.violations.append(
                f"max_suppliers: {problem.need_ids[j]}: {count} suppliers, at most {int(limit[j])}"
            )


def _check_contracts_list(
    problem: Problem, plan: dict[str, Any], pair: dict[tuple[int, int], float], check: PlanCheck
) -> None:
    listed: dict[tuple[int, int], float] = defaultdict(float)
    for contract in plan.get("contracts", []):
        key = (problem.producer_index[contract["producer"]], problem.need_index[contract["need"]])
        listed[key] += float(contract["quantity"])
    for key in set(listed) | {k for k, q in pair.items() if q > TOLERANCE}:
        if abs(listed.get(key, 0.0) - pair.get(key, 0.0)) > TOLERANCE * max(
            1.0, pair.get(key, 0.0)
        ):
            check.violations.append(
                f"contracts: {problem.producer_ids[key[0]]} for {problem.need_ids[key[1]]}: "
                f"listed {listed.get(key, 0.0)}, ordered {pair.get(key, 0.0)}"
            )


def _check_order(
    problem: Problem, where: str, order: dict[str, Any], check: PlanCheck, totals: _Totals
) -> None:
    p = problem.producer_index[order["producer"]]
    j = problem.need_index[order["need"]]
    t = _month(problem, order["month"])
    quantity = float(order["quantity"])
    if problem.producer_product[p] != problem.need_product[j]:
        check.violations.append(f"{where}: producer makes another product")
    if not 0 <= t < problem.months:
        check.violations.append(f"{where}: month outside the horizon")
    late = max(0, t + int(problem.lead_time[p]) - int(problem.need_due[j]))
    if late > problem.max_lateness:
        check.violations.append(f"{where}: {late} months late")
    if quantity < 0:
        check.violations.append(f"{where}: negative quantity")
    value = problem.need_priority[j] * (1 - problem.lateness_penalty * late)
    check.objective += quantity * (value - problem.cost_weight * problem.unit_cost[p])
    totals.made[(p, t)] += quantity
    totals.given[j] += quantity


def _check_funding(
    problem: Problem, where: str, line: dict[str, Any], check: PlanCheck, totals: _Totals
) -> None:
    i = problem.instrument_index[line["instrument"]]
    p = problem.producer_index[line["producer"]]
    t = _month(problem, line["month"])
    amount = float(line["amount"])
    if not problem.eligible[i, p]:
        check.violations.append(f"{where}: instrument may not pay this producer")
    if not (0 <= t < problem.months and problem.active[i, t]):
        check.violations.append(f"{where}: month outside the instrument's window")
    if amount < 0:
        check.violations.append(f"{where}: negative amount")
    totals.paid[(p, t)] += amount
    totals.spent[i] += amount


def _check_totals(problem: Problem, check: PlanCheck, totals: _Totals) -> None:
    for (p, t), quantity in totals.made.items():
        # Outside the horizon no capacity is known: such an order is reported by itself.
        inside = 0 <= t < problem.months
        if inside and not _close_enough(quantity, float(problem.capacity[p, t])):
            check.violations.append(f"capacity: {problem.producer_ids[p]} month {t}: {quantity}")
    for j, quantity in totals.given.items():
        if not _close_enough(quantity, float(problem.need_quantity[j])):
            check.violations.append(f"demand: {problem.need_ids[j]}: {quantity}")
    for key in set(totals.made) | set(totals.paid):
        cost = totals.made.get(key, 0.0) * float(problem.unit_cost[key[0]])
        money = totals.paid.get(key, 0.0)
        if abs(cost - money) > TOLERANCE * max(1.0, cost):
            check.violations.append(
                f"payment: {problem.producer_ids[key[0]]} month {key[1]}: cost {cost}, paid {money}"
            )
    for i, money in totals.spent.items():
        if not _close_enough(money, float(problem.budget[i])):
            check.violations.append(f"budget: {problem.instrument_ids[i]}: {money}")


def _month(problem: Problem, text: str) -> int:
    absolute = absolute_month(text)
    return -1 if absolute is None else absolute - problem.start
