"""The scenario (``coprod.scenario/1``) as validated, typed inputs and numpy arrays.

Everything the spec says the engine refuses is refused here with an InvalidInput naming the
record (list, index, id) and the field. No record is ever dropped.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

import numpy as np
import numpy.typing as npt
import pycountry
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from coprod.catalog import is_country_code
from coprod.domain import eligibility
from coprod.errors import InvalidInput

SCHEMA = "coprod.scenario/1"
MONTH_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
MAX_ERRORS = 20

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

Id = Annotated[str, Field(min_length=1)]
PositiveNumber = Annotated[float, Field(gt=0)]
NonNegativeNumber = Annotated[float, Field(ge=0)]
MAX_MONTHS = 1200  # a hundred years: horizons, lead times and lateness are months
MAX_COUNT = 10**15  # whole units and supplier counts stay exact in float64 and int64
MonthCount = Annotated[int, Field(ge=0, le=MAX_MONTHS)]
NonNegativeInt = Annotated[int, Field(ge=0, le=MAX_COUNT)]
PositiveInt = Annotated[int, Field(ge=1, le=MAX_COUNT)]
DEFAULT_MIP_GAP = 1e-4
InstrumentKindName = Literal["direct_order_fund", "partner_financed", "grant", "loan", "aid"]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False)


class ProductIn(_Record):
    id: Id
    name: str
    category: Id


class NeedIn(_Record):
    id: Id
    product: Id
    quantity: PositiveNumber
    priority: PositiveNumber
    due: str
    recipient: str | None = None
    max_suppliers: PositiveInt | None = None


class ProducerIn(_Record):
    id: Id
    name: str | None = None
    organisation: str | None = None
    country: str
    site_country: str
    product: Id
    unit_cost: PositiveNumber
    capacity: NonNegativeNumber | list[NonNegativeNumber]
    lead_time: MonthCount
    lot_size: PositiveInt | None = None
    min_order: NonNegativeInt | None = None


class InstrumentIn(_Record):
    id: Id
    name: str | None = None
    funder: Id
    kind: InstrumentKindName
    budget: NonNegativeNumber
    site_countries: list[str] | None = None
    producer_countries: list[str] | None = None
    categories: list[str] | None = None
    first_month: str | None = None
    last_month: str | None = None


class ScenarioIn(_Record):
    model_config = ConfigDict(populate_by_name=True)

    schema_: Literal["coprod.scenario/1"] = Field(alias="schema")
    name: str
    notes: str | None = None
    currency: str
    start: str
    months: Annotated[int, Field(ge=1, le=MAX_MONTHS)]
    lateness_penalty: NonNegativeNumber
    max_lateness: MonthCount
    cost_weight: NonNegativeNumber
    products: list[ProductIn]
    needs: list[NeedIn]
    producers: list[ProducerIn]
    instruments: list[InstrumentIn]
    integral: bool | None = None
    mip_gap: PositiveNumber | None = None

    @property
    def has_contract_fields(self) -> bool:
        """Whether any contract field (integral, lots, minimum orders, suppliers, gap) is set."""
        return (
            bool(self.integral)
            or self.mip_gap is not None
            or any(p.lot_size is not None or p.min_order is not None for p in self.producers)
            or any(n.max_suppliers is not None for n in self.needs)
        )


@dataclass(frozen=True)
class Problem:
    """A validated scenario: its records plus one numpy array per attribute."""

    scenario: ScenarioIn
    start: int  # absolute month number (year * 12 + month - 1) of month 0
    months: int
    product_ids: list[str]
    need_ids: list[str]
    need_product: IntArray
    need_quantity: FloatArray
    need_priority: FloatArray
    need_due: IntArray  # month index after start; may be negative or >= months
    producer_ids: list[str]
    producer_product: IntArray
    unit_cost: FloatArray
    capacity: FloatArray  # producers x months
    lead_time: IntArray
    instrument_ids: list[str]
    budget: FloatArray
    eligible: BoolArray  # instruments x producers: the rules admit the producer
    active: BoolArray  # instruments x months: the month lies in the instrument's window
    contracts: bool = False  # whole units, lots, minimum orders, suppliers (PLANNING.md)
    lot_size: IntArray | None = None  # per producer; None: 1 everywhere
    min_order: IntArray | None = None  # per producer; None: 0 everywhere
    max_suppliers: IntArray | None = None  # per need, 0 = any; None: any everywhere

    @property
    def lateness_penalty(self) -> float:
        """Fraction of a unit's value lost per month late."""
        return self.scenario.lateness_penalty

    @property
    def max_lateness(self) -> int:
        """Months late after which a delivery is worth nothing."""
        return self.scenario.max_lateness

    @property
    def cost_weight(self) -> float:
        """Objective weight of one currency unit spent."""
        return self.scenario.cost_weight

    @property
    def mip_gap(self) -> float:
        """Relative gap at which a contract plan may be called optimal."""
        gap = self.scenario.mip_gap
        return DEFAULT_MIP_GAP if gap is None else gap

    def lots(self) -> IntArray:
        """Lot size of every producer (1 when none is set)."""
        if self.lot_size is None:
            return np.ones(len(self.producer_ids), dtype=np.int64)
        return self.lot_size

    def minimum_orders(self) -> IntArray:
        """Minimum order of every producer (0 when none is set)."""
        if self.min_order is None:
            return np.zeros(len(self.producer_ids), dtype=np.int64)
        return self.min_order

    def supplier_limits(self) -> IntArray:
        """Maximum suppliers of every need (0 = any)."""
        if self.max_suppliers is None:
            return np.zeros(len(self.need_ids), dtype=np.int64)
        return self.max_suppliers

    @cached_property
    def producer_index(self) -> dict[str, int]:
        """Position of each producer id."""
        return {ident: k for k, ident in enumerate(self.producer_ids)}

    @cached_property
    def need_index(self) -> dict[str, int]:
        """Position of each need id."""
        return {ident: k for k, ident in enumerate(self.need_ids)}

    @cached_property
    def instrument_index(self) -> dict[str, int]:
        """Position of each instrument id."""
        return {ident: k for k, ident in enumerate(self.instrument_ids)}

    def month_label(self, index: int) -> str:
        """``YYYY-MM`` of month ``index`` after the start."""
        return month_text(self.start + int(index))


@lru_cache(maxsize=4096)
def month_text(absolute: int) -> str:
    """``YYYY-MM`` of an absolute month number."""
    return f"{absolute // 12:04d}-{absolute % 12 + 1:02d}"


def absolute_month(text: str) -> int | None:
    """Month number year*12 + month-1 of a ``YYYY-MM`` string, or None when malformed."""
    match = MONTH_RE.match(text) if isinstance(text, str) else None
    if match is None:
        return None
    return int(match.group(1)) * 12 + int(match.group(2)) - 1


def load_scenario(path: Path) -> Problem:
    """Read and validate a ``coprod.scenario/1`` file."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InvalidInput(f"cannot read scenario: {exc.strerror}", location=str(path)) from exc
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            f"not UTF-8 text: byte {exc.start} is {exc.object[exc.start : exc.start + 1]!r}",
            location=str(path),
        ) from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})",
            location=str(path),
        ) from exc
    except RecursionError as exc:
        raise InvalidInput("JSON nested too deeply", location=str(path)) from exc
    try:
        return parse_scenario(data)
    except InvalidInput as exc:
        raise InvalidInput(exc.message, location=str(path)) from exc


def parse_scenario(data: Any) -> Problem:
    """Validate a decoded scenario and turn it into arrays; InvalidInput on any problem."""
    if not isinstance(data, dict):
        raise InvalidInput("a scenario must be a JSON object")
    if data.get("schema") != SCHEMA:
        raise InvalidInput(f"field 'schema': expected {SCHEMA!r}, got {data.get('schema')!r}")
    try:
        scenario = ScenarioIn.model_validate(data)
    except ValidationError as exc:
        raise InvalidInput(_format_validation(exc, data)) from exc
    errors = _semantic_errors(scenario)
    if errors:
        raise InvalidInput(_join(errors))
    return _arrays(scenario)


def _join(errors: list[str]) -> str:
    shown = errors[:MAX_ERRORS]
    more = f"\n  … and {len(errors) - MAX_ERRORS} more" if len(errors) > MAX_ERRORS else ""
    if len(shown) == 1 and not more:
        return shown[0]
    return f"{len(errors)} problems in the scenario:\n  " + "\n  ".join(shown) + more


def record_name(data: Any, list_name: str, index: int) -> str:
    """``needs[3] (id 'N1')``: how messages name a record."""
    records = data.get(list_name) if isinstance(data, dict) else None
    record_id = None
    if isinstance(records, list) and 0 <= index < len(records):
        record = records[index]
        record_id = record.get("id") if isinstance(record, dict) else None
    suffix = f" (id {record_id!r})" if isinstance(record_id, str) else ""
    return f"{list_name}[{index}]{suffix}"


def _format_validation(exc: ValidationError, data: Any) -> str:
    messages = []
    for error in exc.errors():
        loc = [part for part in error["loc"] if isinstance(part, int) or _is_field(part)]
        if len(loc) >= 2 and isinstance(loc[1], int) and isinstance(loc[0], str):
            where = record_name(data, loc[0], loc[1])
            field_path = ".".join(str(part) for part in loc[2:])
        else:
            where, field_path = "scenario", ".".join(str(part) for part in loc)
        messages.append(_describe(where, field_path, error))
    return _join(list(dict.fromkeys(messages)))


def _is_field(part: object) -> bool:
    return isinstance(part, str) and part.replace("_", "a").isalnum()


def _describe(where: str, field_path: str, error: Any) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        return f"{where}: unknown field {field_path!r}"
    if kind == "missing":
        return f"{where}: missing field {field_path!r}"
    value = error.get("input")
    return f"{where}: field {field_path!r}: {error['msg'].lower()} (got {value!r})"


def _semantic_errors(scenario: ScenarioIn) -> list[str]:
    errors = _top_level_errors(scenario)
    for list_name in ("products", "needs", "producers", "instruments"):
        errors += _duplicate_errors(list_name, [r.id for r in getattr(scenario, list_name)])
    products = {p.id for p in scenario.products}
    for index, need in enumerate(scenario.needs):
        errors += _need_errors(f"needs[{index}] (id {need.id!r})", need, products)
    for index, producer in enumerate(scenario.producers):
        where = f"producers[{index}] (id {producer.id!r})"
        errors += _producer_errors(where, producer, products, scenario.months)
    for index, instrument in enumerate(scenario.instruments):
        errors += _instrument_errors(f"instruments[{index}] (id {instrument.id!r})", instrument)
    if scenario.has_contract_fields:
        errors += _contract_errors(scenario)
    return errors


def _contract_errors(scenario: ScenarioIn) -> list[str]:
    """Whole numbers where ``integral`` holds; no ``integral: false`` beside a contract field."""
    errors = []
    if scenario.integral is False:
        errors.append(
            "scenario: field 'integral': false, but a contract field (lot_size, min_order, "
            "max_suppliers, mip_gap) makes every quantity whole"
        )
    for index, need in enumerate(scenario.needs):
        if not float(need.quantity).is_integer():
            errors.append(
                f"needs[{index}] (id {need.id!r}): field 'quantity': {need.quantity!r} is not "
                "a whole number (the scenario plans whole units)"
            )
    for index, producer in enumerate(scenario.producers):
        values = producer.capacity if isinstance(producer.capacity, list) else [producer.capacity]
        broken = [value for value in values if not float(value).is_integer()]
        if broken:
            errors.append(
                f"producers[{index}] (id {producer.id!r}): field 'capacity': {broken[0]!r} is "
                "not a whole number (the scenario plans whole units)"
            )
    return errors


def _top_level_errors(scenario: ScenarioIn) -> list[str]:
    errors = []
    if pycountry.currencies.get(alpha_3=scenario.currency) is None:
        errors.append(f"scenario: field 'currency': {scenario.currency!r} is not an ISO 4217 code")
    if absolute_month(scenario.start) is None:
        errors.append(f"scenario: field 'start': {scenario.start!r} is not a month 'YYYY-MM'")
    if scenario.lateness_penalty * scenario.max_lateness > 1 + 1e-12:
        errors.append(
            "scenario: fields 'lateness_penalty' and 'max_lateness': their product "
            f"{scenario.lateness_penalty * scenario.max_lateness:g} exceeds 1"
        )
    return errors


def _duplicate_errors(list_name: str, ids: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    errors = []
    for index, record_id in enumerate(ids):
        if record_id in seen:
            errors.append(
                f"{list_name}[{index}] (id {record_id!r}): field 'id': duplicate of "
                f"{list_name}[{seen[record_id]}]"
            )
        else:
            seen[record_id] = index
    return errors


def _need_errors(where: str, need: NeedIn, products: set[str]) -> list[str]:
    errors = []
    if need.product not in products:
        errors.append(f"{where}: field 'product': unknown product {need.product!r}")
    if absolute_month(need.due) is None:
        errors.append(f"{where}: field 'due': {need.due!r} is not a month 'YYYY-MM'")
    return errors


def _producer_errors(
    where: str, producer: ProducerIn, products: set[str], months: int
) -> list[str]:
    errors = []
    if producer.product not in products:
        errors.append(f"{where}: field 'product': unknown product {producer.product!r}")
    for field_name in ("country", "site_country"):
        code = getattr(producer, field_name)
        if not is_country_code(code):
            errors.append(f"{where}: field {field_name!r}: {code!r} is not an ISO 3166-1 code")
    if isinstance(producer.capacity, list) and len(producer.capacity) != months:
        errors.append(
            f"{where}: field 'capacity': a list of {len(producer.capacity)} numbers, "
            f"the horizon has {months} months"
        )
    return errors


def _instrument_errors(where: str, instrument: InstrumentIn) -> list[str]:
    errors = []
    for field_name in ("site_countries", "producer_countries"):
        for code in getattr(instrument, field_name) or []:
            if not is_country_code(code):
                errors.append(f"{where}: field {field_name!r}: {code!r} is not an ISO 3166-1 code")
    bounds = []
    for field_name in ("first_month", "last_month"):
        text = getattr(instrument, field_name)
        if text is not None and absolute_month(text) is None:
            errors.append(f"{where}: field {field_name!r}: {text!r} is not a month 'YYYY-MM'")
        bounds.append(absolute_month(text) if text is not None else None)
    if bounds[0] is not None and bounds[1] is not None and bounds[0] > bounds[1]:
        errors.append(f"{where}: field 'last_month': before 'first_month'")
    return errors


def _arrays(scenario: ScenarioIn) -> Problem:
    start = absolute_month(scenario.start)
    assert start is not None  # checked by _top_level_errors
    months = scenario.months
    product_index = {p.id: k for k, p in enumerate(scenario.products)}
    needs, producers = scenario.needs, scenario.producers
    need_due = [absolute_month(n.due) for n in needs]
    return Problem(
        scenario=scenario,
        start=start,
        months=months,
        product_ids=[p.id for p in scenario.products],
        need_ids=[n.id for n in needs],
        need_product=np.array([product_index[n.product] for n in needs], dtype=np.int64),
        need_quantity=np.array([n.quantity for n in needs], dtype=np.float64),
        need_priority=np.array([n.priority for n in needs], dtype=np.float64),
        need_due=np.array([d - start for d in need_due if d is not None], dtype=np.int64),
        producer_ids=[p.id for p in producers],
        producer_product=np.array([product_index[p.product] for p in producers], dtype=np.int64),
        unit_cost=np.array([p.unit_cost for p in producers], dtype=np.float64),
        capacity=_capacity(producers, months),
        lead_time=np.array([p.lead_time for p in producers], dtype=np.int64),
        instrument_ids=[i.id for i in scenario.instruments],
        budget=np.array([i.budget for i in scenario.instruments], dtype=np.float64),
        eligible=_eligibility(scenario),
        active=_windows(scenario.instruments, start, months),
        **_contract_arrays(scenario),
    )


def _contract_arrays(scenario: ScenarioIn) -> dict[str, Any]:
    """The contract fields as arrays (only when the scenario has any)."""
    if not scenario.has_contract_fields:
        return {}
    producers, needs = scenario.producers, scenario.needs
    return {
        "contracts": True,
        "lot_size": np.array([p.lot_size or 1 for p in producers], dtype=np.int64),
        "min_order": np.array([p.min_order or 0 for p in producers], dtype=np.int64),
        "max_suppliers": np.array([n.max_suppliers or 0 for n in needs], dtype=np.int64),
    }


def _capacity(producers: list[ProducerIn], months: int) -> FloatArray:
    capacity = np.zeros((len(producers), months), dtype=np.float64)
    for row, producer in enumerate(producers):
        capacity[row, :] = producer.capacity
    return capacity


def _eligibility(scenario: ScenarioIn) -> BoolArray:
    """Instrument x producer eligibility, computed once per distinct producer signature."""
    category = {p.id: p.category for p in scenario.products}
    signatures = [(p.country, p.site_country, category[p.product]) for p in scenario.producers]
    distinct = list(dict.fromkeys(signatures))
    position = {s: k for k, s in enumerate(distinct)}
    table = np.zeros((len(scenario.instruments), len(distinct)), dtype=np.bool_)
    for row, instrument in enumerate(scenario.instruments):
        for col, signature in enumerate(distinct):
            table[row, col] = admits(instrument, *signature)
    columns = np.array([position[s] for s in signatures], dtype=np.int64)
    return table[:, columns] if signatures else table[:, :0]


def admits(instrument: InstrumentIn, country: str, site_country: str, category: str) -> bool:
    """Whether the instrument's rules admit a producer (``domain/eligibility``, the rule every
    order write checks too); a missing list means any."""
    return eligibility.admits(
        producer_countries=instrument.producer_countries,
        site_countries=instrument.site_countries,
        categories=instrument.categories,
        country=country,
        site_country=site_country,
        category=category,
    )


def _windows(instruments: list[InstrumentIn], start: int, months: int) -> BoolArray:
    active = np.zeros((len(instruments), months), dtype=np.bool_)
    month_numbers = np.arange(months) + start
    for row, instrument in enumerate(instruments):
        first = absolute_month(instrument.first_month) if instrument.first_month else None
        last = absolute_month(instrument.last_month) if instrument.last_month else None
        lower = first if first is not None else start
        upper = last if last is not None else start + months - 1
        active[row] = (month_numbers >= lower) & (month_numbers <= upper)
    return active
