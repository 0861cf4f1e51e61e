"""The planner page: run the registry's plan, see coverage, reasons and marginal values,
and compare a what-if (ministry and admin accounts)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from coprod.domain.bounds import PLAN_MONTHS, whole_number
from coprod.errors import InvalidInput
from coprod.http.request import PageWork
from coprod.planner.explain import Reason
from coprod.planner.past_due import past_due
from coprod.planner.solve import SolveStatus
from coprod.services.planning import plan_runs
from coprod.web.charts import Series, bar_chart
from coprod.web.formatting import units
from coprod.web.labels import N_, NC_
from coprod.web.locales import Reader
from coprod.web.rendering import reader_of, render

router = APIRouter(include_in_schema=False)
RISK_ROWS = 10  # lines and instruments shown as binding most often
# Why a need is not fully met (docs/planner.md, "Reasons"), in the reader's words.
REASONS = {
    Reason.FULFILLED: NC_("plan reason", "fully met"),
    Reason.NO_PRODUCER: NC_("plan reason", "no line makes it"),
    Reason.LEAD_TIME: NC_("plan reason", "no line can deliver it in time"),
    Reason.NO_FUNDING: NC_("plan reason", "no funding instrument may pay for it"),
    Reason.CAPACITY: NC_("plan reason", "not enough production capacity"),
    Reason.BUDGET: NC_("plan reason", "not enough budget"),
    Reason.OUTRANKED: NC_("plan reason", "capacity and money went to needs worth more"),
    Reason.MIN_ORDER: NC_("plan reason", "below a line's minimum order"),
    Reason.MAX_SUPPLIERS: NC_("plan reason", "the limit of suppliers is reached"),
}
# How the solver ended, in the reader's words: the plan's status.
STATUSES = {
    SolveStatus.OPTIMAL: NC_("plan status", "optimal"),
    SolveStatus.FEASIBLE: NC_("plan status", "feasible, not proven optimal"),
    SolveStatus.INFEASIBLE: NC_("plan status", "infeasible"),
    SolveStatus.UNBOUNDED: NC_("plan status", "unbounded"),
    SolveStatus.TIME_LIMIT: NC_("plan status", "stopped at the time limit"),
    SolveStatus.ITERATION_LIMIT: NC_("plan status", "stopped at the iteration limit"),
    SolveStatus.NOT_FEASIBLE: NC_("plan status", "not feasible"),
    SolveStatus.ERROR: NC_("plan status", "solver error"),
}
# What a row of a what-if comparison is about.
COMPARED = {
    "need": N_("need"),
    "instrument": N_("funding instrument"),
    "producer": N_("production line"),
}


def _marked(table: dict[Any, tuple[str, str]], value: Any, reader: Reader) -> str:
    marked = table.get(str(value))
    return reader.pgettext(*marked) if marked else str(value).replace("_", " ")


def words(reader: Reader) -> dict[str, Any]:
    """The planner's values in the reader's words, for the template: a need's reason, the
    plan's status, what a compared row is about, a comparison's note (``capacity →
    fulfilled``)."""

    def note(text: str) -> str:
        return " → ".join(_marked(REASONS, part.strip(), reader) for part in text.split("→"))

    return {
        "reason": lambda value: _marked(REASONS, value, reader),
        "status": lambda value: _marked(STATUSES, value, reader),
        "compared": lambda kind: reader.gettext(COMPARED[kind]) if kind in COMPARED else kind,
        "note": lambda text: note(text) if text else "",
    }


def _edits(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _months(text: str) -> int:
    if not text:
        return plan_runs.DEFAULT_MONTHS
    try:
        return whole_number(text, field="months", bound=PLAN_MONTHS)
    except InvalidInput as error:
        if error.code:
            raise
        raise InvalidInput(error.message, code="form.whole_number", field="months") from error


def _settings(form: dict[str, str]) -> dict[str, Any]:
    return {
        "months": _months(form.get("months", "").strip()),
        "start": form.get("start", "").strip() or None,
    }


async def _kept(
    request: Request, work: PageWork, form: dict[str, str], error: InvalidInput
) -> Response:
    """The planner's form again, as it was filled, with why nothing was planned (a number or
    a month it could not read, a what-if edit it refused)."""
    caller = await work.form(form.get("csrf_token")).who()
    context = {"caller": caller, "form": form, "plan": None, "refused": error}
    return render(request, "planner.html", context, status=error.http_status)


def coverage_chart(document: dict[str, Any], reader: Reader) -> Any:
    """Needed, planned on time and planned late per need of a plan."""
    needs = document["needs"]
    return bar_chart(
        reader.gettext(N_("Coverage of the needs")),
        [n["id"] for n in needs],
        [
            Series(reader.gettext(N_("needed")), [n["quantity"] for n in needs]),
            Series(reader.gettext(N_("on time")), [n["on_time"] for n in needs]),
            Series(reader.gettext(N_("late")), [n["late"] for n in needs]),
        ],
        stacked=False,
        fmt=lambda value: units(value, reader.locale),
        reader=reader,
    )


@router.get("/planner", response_class=HTMLResponse)
async def planner_page(request: Request, work: PageWork) -> Response:
    """The planner's form."""
    await work(plan_runs.open_planner)
    return render(request, "planner.html", {"caller": work.caller, "form": {}, "plan": None})


async def _form(request: Request) -> dict[str, str]:
    return {k: str(v) for k, v in (await request.form()).items()}


@router.post("/planner/run", response_class=HTMLResponse)
async def run_plan(request: Request, work: PageWork) -> Response:
    """Plan the registry, store the plan as proposed orders, show it (solved with no
    transaction open, then stored briefly, the write lock waited for if busy: in the shell's
    worker thread, not in the event loop)."""
    form = await _form(request)
    try:
        settings = _settings(form)
        done = await work.form(form.get("csrf_token")).owning(
            plan_runs.run_plan, edits=_edits(form.get("edits", "")), **settings
        )
        context = {
            "caller": work.caller,
            "form": form,
            "plan": done.document,
            "run": done,
            "chart": coverage_chart(done.document, reader_of(request)),
            "past_due": past_due(done.result.problem),
            "start": done.result.problem.month_label(0),
            "lateness": done.result.problem.max_lateness,
        }
        return render(request, "planner.html", {**context, "words": words(reader_of(request))})
    except InvalidInput as error:
        return await _kept(request, work, form, error)


@router.post("/planner/compare", response_class=HTMLResponse)
async def compare(request: Request, work: PageWork) -> Response:
    """The plan with and without the form's what-if edits; nothing is stored."""
    form = await _form(request)
    try:
        settings = _settings(form)
        base, what_if, comparison = await work.form(form.get("csrf_token")).owning(
            plan_runs.compare_what_if, _edits(form.get("edits", "")), **settings
        )
        context = {
            "caller": work.caller,
            "form": form,
            "plan": base,
            "what_if": what_if,
            "comparison": comparison,
            "chart": coverage_chart(base, reader_of(request)),
            "what_if_chart": coverage_chart(what_if, reader_of(request)),
        }
        return render(request, "planner.html", {**context, "words": words(reader_of(request))})
    except InvalidInput as error:
        return await _kept(request, work, form, error)


@router.post("/planner/risk", response_class=HTMLResponse)
async def risk(request: Request, work: PageWork) -> Response:
    """The risk of the registry's plan: a small sweep of perturbed re-plans; nothing stored."""
    form = await _form(request)
    try:
        samples = form.get("samples", "").strip()
        document = await work.form(form.get("csrf_token")).owning(
            plan_runs.assess_risk,
            samples=int(samples) if samples.isdigit() else plan_runs.RISK_SAMPLES,
            **_settings(form),
        )
        context = {"caller": work.caller, "form": form, "plan": None, "risk": risk_view(document)}
        return render(request, "planner.html", {**context, "words": words(reader_of(request))})
    except InvalidInput as error:
        return await _kept(request, work, form, error)


def risk_view(document: dict[str, Any]) -> dict[str, Any]:
    """What the page shows of a ``coprod.risk/1`` document: the needs at risk, what binds."""
    needs = {n["id"]: n for n in document["needs"]}

    def binding(kind: str) -> list[dict[str, Any]]:
        rows = [r for r in document[kind] if r["binds"] > 0]
        return sorted(rows, key=lambda r: (-r["binds"], r["id"]))[:RISK_ROWS]

    return {
        **document,
        "at_risk_needs": [needs[ident] for ident in document["at_risk"]],
        "binding_lines": binding("lines"),
        "binding_instruments": binding("instruments"),
    }
