"""Every rule of the ledger and the registry that a refusal names, once, each with a stable id.

A rule is its English sentence (what the API's ``detail``, the CLI and ``coprod ledger verify``
print, ``Breach.rule``) carrying its ``code``: the id a refusal is translated by
(``web/refusals.py``), so that rewording a sentence here loses no translation. Codes never
change once given; a new rule takes a new one.
"""

from __future__ import annotations


class Rule(str):
    """A rule's English sentence, with its stable id (``code``)."""

    code: str

    def __new__(cls, code: str, sentence: str) -> Rule:
        """The rule ``code`` that says ``sentence``."""
        made = super().__new__(cls, sentence)
        made.code = code
        return made


RULES: dict[str, Rule] = {}


def rule(code: str, sentence: str) -> Rule:
    """Declare the rule ``rule.<code>``; each code once."""
    made = Rule(f"rule.{code}", sentence)
    if made.code in RULES:
        raise ValueError(f"the rule code {made.code!r} is declared twice")
    RULES[made.code] = made
    return made


# orders and what pays them
LINE_MAKES_SYSTEM = rule("order.line_makes_system", "the order's line makes the need's system")
ORDER_CURRENCY = rule("order.currency", "an order is paid in its instrument's currency")
PRODUCER_COUNTRIES = rule(
    "instrument.producer_countries", "the instrument's producer_countries admit the line"
)
SITE_COUNTRIES = rule("instrument.site_countries", "the instrument's site_countries admit the line")
CATEGORIES = rule("instrument.categories", "the instrument's categories admit the line")
ORDER_WINDOW = rule("order.window", "the order's month lies in the instrument's window")
NEVER_OVER_ORDERED = rule("need.never_over_ordered", "a need is never over-ordered")
ALLOCATED_WITHIN_PLEDGED = rule(
    "instrument.allocated_within_pledged", "an instrument's allocated never exceeds its pledged"
)
DISBURSED_WITHIN_ALLOCATED = rule(
    "instrument.disbursed_within_allocated", "disbursed never exceeds allocated"
)
ALLOCATED_FROM_ORDERS = rule(
    "instrument.allocated_from_orders",
    "allocated is the cost of the instrument's orders, never typed in",
)
DISBURSED_FROM_PAYMENTS = rule(
    "instrument.disbursed_from_payments",
    "disbursed is the sum of the instrument's payments, never typed in",
)
# production, deliveries, payments
REPORTED_ON_OWN_LINE = rule("report.own_line", "production is reported on the order's own line")
REPORTED_FOR_PLACED = rule(
    "report.order_placed", "production is reported for an order placed or later, not cancelled"
)
PRODUCED_WITHIN_ORDERED = rule("order.produced_within_ordered", "produced never exceeds ordered")
DELIVERED_WITHIN_PRODUCED = rule(
    "order.delivered_within_produced", "delivered never exceeds produced"
)
DELIVERED_WITHIN_ORDERED = rule("order.delivered_within_ordered", "delivered never exceeds ordered")
PAID_BY_ORDER_INSTRUMENT = rule(
    "payment.order_instrument", "a payment is made by its order's instrument"
)
PAID_FOR_PLACED = rule(
    "payment.order_placed", "payments are made for orders placed or later, not cancelled"
)
PAID_WITHIN_COST = rule("order.paid_within_cost", "the payments on an order never exceed its cost")
PAYMENT_RATE = rule("payment.rate", "a payment converts at a stored rate")
# lifecycles
ORDER_STATUSES = rule(
    "order.statuses",
    "order statuses go placed → in_production → delivered → accepted, forward only, or "
    "cancelled before delivery",
)
ORDER_HISTORY_KEPT = rule(
    "order.history_kept", "an order's dated status history is kept, never rewritten"
)
ORDER_HISTORY_DATED = rule(
    "order.history_dated",
    "order statuses go placed → in_production → delivered → accepted, forward only, or "
    "cancelled before delivery, each dated, dates never going back",
)
STAGES_FORWARD = rule("project.stages_forward", "maturity stages move forward only, with dates")
# plants, owners and investments
STAKES_WITHIN_WHOLE = rule(
    "ownership.stakes_within_whole", "the stakes in one company sum to at most 100 % at any date"
)
LINES_IN_PLANT_COUNTRY = rule(
    "plant.lines_in_country", "a plant's production lines are in the plant's country"
)
PLANT_FORWARD = rule("plant.forward", "a plant's status and its dates move forward")
INVESTMENT_FORWARD = rule("investment.forward", "an investment's status moves forward")
NOT_OWN_ITSELF = rule("ownership.not_itself", "a company does not own itself")
OWNERSHIP_DATES = rule("ownership.dates", "an ownership ends on or after it starts")
INVESTMENT_TARGET = rule("investment.one_target", "an investment goes to one plant or one company")
STAKE_IN_COMPANY = rule("investment.stake_in_company", "a stake is a share of a company")
