"""``coprod plan --from-db`` and ``coprod scenario export`` on the demo registry."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from coprod.cli.main import app
from coprod.db.engine import make_engine
from coprod.db.uow import UnitOfWork
from coprod.domain.enums import OrderStatus
from coprod.planner.check import check_plan
from coprod.planner.plan import plan_document
from coprod.planner.problem import load_scenario
from coprod.services.accounts.access import SYSTEM
from coprod.services.planning import contract_key
from tests.planning import plan_problem

runner = CliRunner()
MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


def test_export_gives_a_valid_scenario_of_open_needs(demo_url: str, tmp_path: Path) -> None:
    out = tmp_path / "registry.json"
    result = runner.invoke(
        app,
        ["--database-url", demo_url, "scenario", "export", "--start", "2026-01", "--out", str(out)],
    )
    assert result.exit_code == 0, result.output
    problem = load_scenario(out)
    engine = make_engine(demo_url)
    with UnitOfWork(engine, access=SYSTEM) as uow:
        needs = {n.key: n for n in uow.needs.list_()}
        # ordered: placed or later, not cancelled (a proposal takes nothing: docs/ledger.md)
        ordered: dict[str, int] = {}
        for order in uow.orders.list_():
            if order.need and order.status not in (OrderStatus.CANCELLED, OrderStatus.PROPOSED):
                ordered[order.need] = ordered.get(order.need, 0) + order.quantity
    engine.dispose()
    for ident, quantity in zip(problem.need_ids, problem.need_quantity, strict=True):
        assert quantity == needs[ident].quantity - ordered.get(ident, 0)
    document = plan_document(plan_problem(problem))
    assert check_plan(problem, document).violations == []


def test_plan_from_db_stores_proposed_orders_and_leaves_allocated(demo_url: str) -> None:
    engine = make_engine(demo_url)
    with UnitOfWork(engine, access=SYSTEM) as uow:
        before = {i.key: i.allocated.amount for i in uow.funding_instruments.list_()}
    args = ["--database-url", demo_url, "plan", "--from-db", "--start", "2026-01"]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert "proposed orders" in first.output
    second = runner.invoke(app, args)  # planning again replaces the first plan
    assert second.exit_code == 0, second.output
    with UnitOfWork(engine, access=SYSTEM) as uow:
        proposed = [o for o in uow.orders.list_() if o.key.startswith("plan-")]
        instruments = {i.key: i for i in uow.funding_instruments.list_()}
    engine.dispose()
    assert proposed and all(o.status == OrderStatus.PROPOSED for o in proposed)
    assert f"released {len(proposed)} earlier proposed orders" in " ".join(second.output.split())
    for key, instrument in instruments.items():
        # Proposals are not orders: allocated stays the cost of the instrument's orders, and
        # what the plan proposes fits in what is pledged and not yet allocated.
        planned = sum(o.unit_price.amount * o.quantity for o in proposed if o.instrument == key)
        assert instrument.allocated.amount == before[key]
        assert instrument.allocated.amount + planned <= instrument.pledged.amount
    # Months are stored as plain text YYYY-MM, within the horizon that starts at --start.
    months = [o.month for o in proposed]
    assert all(isinstance(m, str) and MONTH.fullmatch(m) for m in months), months
    assert min(months) >= "2026-01", months


def test_plan_from_db_with_contract_terms_stores_one_contract_per_line_and_need(
    demo_url: str,
) -> None:
    engine = make_engine(demo_url)
    with UnitOfWork(engine, access=SYSTEM, write=True) as uow:
        lines = uow.production_lines.list_()
        for line in lines:
            line.min_order = max(1, line.monthly_capacity // 2)
            uow.production_lines.update(line)
        for need in uow.needs.list_():
            need.max_suppliers = 1
            uow.needs.update(need)
        uow.commit()
    minimum = {line.key: max(1, line.monthly_capacity // 2) for line in lines}
    out = runner.invoke(
        app, ["--database-url", demo_url, "scenario", "export", "--start", "2026-01"]
    )
    assert '"max_suppliers": 1' in out.output and '"integral": true' in out.output
    args = ["--database-url", demo_url, "plan", "--from-db", "--start", "2026-01"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "proposed contracts" in " ".join(result.output.split())
    with UnitOfWork(engine, access=SYSTEM) as uow:
        proposed = [o for o in uow.orders.list_() if o.key.startswith("plan-")]
    engine.dispose()
    contracts: dict[str, set[tuple[str, str | None]]] = {}
    for order in proposed:
        contract = contract_key(order.key)
        assert contract is not None, order.key
        contracts.setdefault(contract, set()).add((order.production_line, order.need))
    assert contracts and all(len(pairs) == 1 for pairs in contracts.values())
    suppliers: dict[str | None, set[str]] = {}
    for order in proposed:
        suppliers.setdefault(order.need, set()).add(order.production_line)
    assert all(len(lines) == 1 for lines in suppliers.values()), suppliers
    totals: dict[tuple[str, str | None], int] = {}
    for order in proposed:
        key = (order.production_line, order.need)
        totals[key] = totals.get(key, 0) + order.quantity
    # split by payer in whole units, a stored contract keeps all its units: its minimum holds
    assert all(q >= minimum[line] for (line, _), q in totals.items()), totals
