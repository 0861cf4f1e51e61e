"""The tracking pages: each view of ``services/tracking`` as charts (readable across
magnitudes: ``web/charts.py``), its tables and a CSV of each table, as far as the account may
see (``docs/tracking.md``)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from coprod.domain.rates import REPORTING
from coprod.domain.tracking import STALLED_BOUNDS, STALLED_MONTHS
from coprod.http.request import PageWork
from coprod.services import tracking
from coprod.services.tracking import By, Cell, Column, Table, View
from coprod.web import formatting as fmt
from coprod.web.charts import Series, bar_chart
from coprod.web.countries import country_name
from coprod.web.labels import N_, category_label
from coprod.web.locales import Reader
from coprod.web.rendering import reader_of, render

router = APIRouter(include_in_schema=False)
Currency = Annotated[str, Query(pattern="^[A-Z]{3}$")]
StalledMonths = Annotated[int, Query(ge=STALLED_BOUNDS[0], le=STALLED_BOUNDS[1])]

VIEW_NAMES = {
    By.FUNDER: N_("By funder"),
    By.CATEGORY: N_("By category"),
    By.SYSTEM: N_("By system"),
    By.PRODUCER: N_("By producer"),
    By.MONTH: N_("By month"),
    By.AGREEMENT_STAGE: N_("Agreements pipeline"),
    By.SITE_COUNTRY: N_("Where production happens"),
}
TABLE_NAMES = {
    "funders": N_("Funders"),
    "categories": N_("Categories"),
    "systems": N_("Systems"),
    "producers": N_("Producers"),
    "months": N_("Months"),
    "stages": N_("Stages"),
    "stalled": N_("Stalled agreements"),
    "sites": N_("Producer's country and site country"),
    "directions": N_("Ukrainian production on partner soil, partner production in Ukraine"),
    "owners": N_("Joint ventures and subsidiaries: their owners"),
    "plants_abroad": N_("Plants abroad"),
}
HEADINGS = {
    "funder": N_("Funder"),
    "instruments": N_("Instruments"),
    "pledged": N_("Pledged"),
    "ordered": N_("Ordered (units)"),
    "allocated": N_("Allocated"),
    "produced": N_("Produced (units)"),
    "produced_value": N_("Produced (value)"),
    "delivered": N_("Delivered (units)"),
    "delivered_value": N_("Delivered (value)"),
    "disbursed": N_("Disbursed"),
    "gap": N_("Pledged, not delivered"),
    "category": N_("Category"),
    "system": N_("System"),
    "needed": N_("Needed (units)"),
    "producer": N_("Producer"),
    "country": N_("Country"),
    "orders": N_("Orders"),
    "delivered_in_full": N_("Delivered in full"),
    "on_time": N_("On time"),
    "mean_delay_months": N_("Mean delay (months)"),
    "month": N_("Month"),
    "stage": N_("Stage"),
    "agreements": N_("Agreements"),
    "stalled": N_("Stalled"),
    "months_at_stage": N_("Months at the stage"),
    "months_taken": N_("Months the stage took"),
    "agreement": N_("Agreement"),
    "title": N_("Title"),
    "since": N_("Since"),
    "months": N_("Months"),
    "company_country": N_("Producer's country"),
    "site_country": N_("Site country"),
    "direction": N_("Where"),
    "own_units": N_("Own design (units)"),
    "own_value": N_("Own design (value)"),
    "licensed_units": N_("Under licence (units)"),
    "licensed_value": N_("Under licence (value)"),
    "company": N_("Company"),
    "kind": N_("Kind"),
    "owner": N_("Owner"),
    "owner_country": N_("Owner's country"),
    "stake": N_("Stake"),
    "plant": N_("Plant"),
    "name": N_("Name"),
    "operator": N_("Operator"),
    "operator_country": N_("Operator's country"),
    "status": N_("Status"),
}
VALUES = {
    "letter_of_intent": N_("letter of intent"),
    "memorandum": N_("memorandum"),
    "contract": N_("contract"),
    "in_force": N_("in force"),
    "completed": N_("completed"),
    "cancelled": N_("cancelled"),
    "ukrainian_abroad": N_("Ukrainian company abroad"),
    "partner_in_ukraine": N_("partner in Ukraine"),
    "ukrainian_at_home": N_("Ukrainian company in Ukraine"),
    "partner_at_home": N_("partner at home"),
    "partner_abroad": N_("partner in a third country"),
    "joint_venture": N_("joint venture"),
    "subsidiary": N_("subsidiary"),
    "production": N_("production"),
    "repair_maintenance": N_("repair and maintenance"),
    "research_testing": N_("research and testing"),
    "announced": N_("announced"),
    "under_construction": N_("under construction"),
    "operating": N_("operating"),
    "closed": N_("closed"),
    tracking.figures.NOBODY: N_("(no instrument)"),
}
TEXT_VALUES = frozenset({"stage", "direction", "kind", "status", "funder"})


@dataclass(frozen=True)
class Chart:
    """A chart of a view: its title, the table and the columns it draws."""

    title: str
    table: str
    columns: tuple[str, ...]
    share: bool = False  # percentages on an axis to 100
    pair: bool = False  # each row named by its first two columns: "UA → DK"


CHARTS = {
    By.FUNDER: [
        Chart(
            N_("Pledged, allocated, delivered and disbursed per funder"),
            "funders",
            ("pledged", "allocated", "delivered_value", "disbursed"),
        )
    ],
    By.CATEGORY: [
        Chart(
            N_("Allocated, delivered and disbursed per category"),
            "categories",
            ("allocated", "delivered_value", "disbursed"),
        ),
        Chart(
            N_("Units needed, ordered and delivered"),
            "categories",
            ("needed", "ordered", "delivered"),
        ),
    ],
    By.SYSTEM: [
        Chart(
            N_("Allocated, delivered and disbursed per system"),
            "systems",
            ("allocated", "delivered_value", "disbursed"),
        )
    ],
    By.PRODUCER: [
        Chart(
            N_("Ordered and delivered per producer"), "producers", ("allocated", "delivered_value")
        ),
        Chart(N_("Orders delivered on time"), "producers", ("on_time",), share=True),
    ],
    By.MONTH: [
        Chart(
            N_("Allocations, deliveries and payments per month"),
            "months",
            ("allocated", "delivered_value", "disbursed"),
        )
    ],
    By.AGREEMENT_STAGE: [
        Chart(N_("Agreements at each stage"), "stages", ("agreements", "stalled"))
    ],
    By.SITE_COUNTRY: [
        Chart(
            N_("Own design and licensed production, by value"),
            "sites",
            ("own_value", "licensed_value"),
            pair=True,
        ),
        Chart(
            N_("Where production happens, by value"),
            "directions",
            ("own_value", "licensed_value"),
        ),
    ],
}


@dataclass(frozen=True)
class ShownTable:
    """A table as the page writes it: its title, headings, rows and totals as text, its CSV
    address, and the charts drawn from it."""

    name: str
    title: str
    headings: list[tuple[str, bool]]  # (heading, a number: aligned right)
    rows: list[list[str]]
    totals: list[str] | None
    csv: str
    charts: list[Markup]


def value_text(value: Cell, column: Column, currency: str, reader: Reader) -> str:
    """One cell as the reader writes it."""
    if value is None:
        return "—"
    if column.unit == "money":
        return fmt.money(Decimal(str(value)), currency, reader.locale)
    if column.unit in ("units", "count"):
        return fmt.units(int(str(value)), reader.locale)
    if column.unit == "percent":
        return fmt.percent(float(str(value)), reader.locale)
    if column.unit == "months":
        return fmt.decimal(float(str(value)), reader.locale, 1)
    if column.name == "month":
        return fmt.month(str(value), reader.locale)
    if column.unit == "date":
        return fmt.day(str(value), reader.locale)
    if column.name == "country" or column.name.endswith("_country"):
        return country_name(str(value), reader.locale)
    if column.name == "category":
        return category_label(str(value), reader)
    if column.name in TEXT_VALUES and str(value) in VALUES:
        return reader.gettext(VALUES[str(value)])
    return str(value)


def heading(column: Column, currency: str, reader: Reader) -> str:
    """A column's heading in the reader's language, money with its currency."""
    text = reader.gettext(HEADINGS.get(column.name, column.name))
    return f"{text} ({currency})" if column.unit == "money" else text


def chart(spec: Chart, table: Table, currency: str, reader: Reader) -> Markup:
    """One chart of a table: a category per row, a series per column."""
    first, second = table.columns[0], table.columns[1]
    columns = {c.name: c for c in table.columns}
    categories = [
        value_text(row[first.name], first, currency, reader)
        + (f" → {value_text(row[second.name], second, currency, reader)}" if spec.pair else "")
        for row in table.rows
    ]
    series = [
        Series(
            heading(columns[name], currency, reader),
            [float(str(row[name] or 0)) for row in table.rows],
        )
        for name in spec.columns
    ]
    unit = columns[spec.columns[0]].unit

    def written(value: float) -> str:
        if unit == "money":
            return fmt.compact_money(Decimal(str(round(value, 2))), currency, reader.locale)
        if unit == "percent":
            return fmt.percent(value, reader.locale)
        return fmt.units(value, reader.locale)

    return bar_chart(
        reader.gettext(spec.title),
        categories,
        series,
        stacked=False,
        fmt=written,
        reader=reader,
        axis_max=100.0 if spec.share else 0.0,
        log=False if spec.share or unit == "count" else None,
    )


def csv_address(view: View, table: str) -> str:
    """Where the CSV of a table of ``view`` is."""
    address = f"/tracking.csv?by={view.by}&table={table}&currency={view.currency}"
    if view.stalled_months != STALLED_MONTHS:
        address += f"&stalled_months={view.stalled_months}"
    return address


def shown(view: View, reader: Reader) -> list[ShownTable]:
    """The view's tables as the page writes them, each with its charts."""
    specs = CHARTS[By(view.by)]
    tables = []
    for table in view.tables:
        columns, cur = table.columns, view.currency
        numeric = {"money", "units", "count", "percent", "months"}
        totals = None
        if table.totals:
            sums = table.totals
            totals = [reader.gettext(N_("Total"))] + [
                value_text(sums[c.name], c, cur, reader) if c.name in sums else ""
                for c in columns[1:]
            ]
        tables.append(
            ShownTable(
                table.name,
                reader.gettext(TABLE_NAMES.get(table.name, table.name)),
                [(heading(c, cur, reader), c.unit in numeric) for c in columns],
                [[value_text(r.get(c.name), c, cur, reader) for c in columns] for r in table.rows],
                totals,
                csv_address(view, table.name),
                [chart(spec, table, cur, reader) for spec in specs if spec.table == table.name],
            )
        )
    return tables


@router.get("/tracking", response_class=HTMLResponse)
async def tracking_page(
    request: Request,
    work: PageWork,
    by: By = By.FUNDER,
    currency: Currency = REPORTING,
    stalled_months: StalledMonths = STALLED_MONTHS,
) -> Response:
    """A tracking view of what the account may see: charts, tables, CSV downloads; the
    agreements' pipeline with its stall threshold (``stalled_months``, default 6)."""
    view = await work(tracking.track, by.value, currency=currency, stalled_months=stalled_months)
    reader = reader_of(request)
    context = {
        "caller": work.caller,
        "view": view,
        "title": reader.gettext(VIEW_NAMES[by]),
        "views": [(b.value, reader.gettext(name)) for b, name in VIEW_NAMES.items()],
        "tables": shown(view, reader),
        "bounds": STALLED_BOUNDS,
    }
    return render(request, "tracking.html", context)


@router.get("/tracking.csv")
async def tracking_csv(
    work: PageWork,
    by: By,
    table: str,
    currency: Currency = REPORTING,
    stalled_months: StalledMonths = STALLED_MONTHS,
) -> Response:
    """One table of a tracking view as CSV (headings with their units, totals last)."""
    view = await work(tracking.track, by.value, currency=currency, stalled_months=stalled_months)
    text = tracking.view_csv(view, table)
    name = f"coprod-tracking-{by.value}-{table}.csv"
    return Response(
        text,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
