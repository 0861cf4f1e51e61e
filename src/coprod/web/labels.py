"""What the pages call things: record kinds, fields and every enum value, in plain words.

The English words are the catalog's message ids (extracted by pybabel through the markers
``N_`` and ``NC_``); each enum's values carry their enum as message context, since one word
takes a different form in Ukrainian or French depending on what it describes.
"""

from __future__ import annotations

from enum import Enum

from coprod.domain import enums as e
from coprod.web.locales import Reader


def N_(message: str) -> str:  # noqa: N802 - the gettext marker's customary name
    """Mark ``message`` for extraction; translated where it is shown."""
    return message


def NC_(context: str, message: str) -> tuple[str, str]:  # noqa: N802
    """Mark ``message`` in ``context`` for extraction; translated where it is shown."""
    return context, message


def NP_(singular: str, plural: str) -> tuple[str, str]:  # noqa: N802
    """Mark a singular and plural pair for extraction; chosen by count where it is shown."""
    return singular, plural


COUNTS = {
    "agreements": NP_("%(num)s agreement", "%(num)s agreements"),
    "funding_instruments": NP_("%(num)s funding instrument", "%(num)s funding instruments"),
    "needs": NP_("%(num)s need", "%(num)s needs"),
    "production_lines": NP_("%(num)s production line", "%(num)s production lines"),
    "orders": NP_("%(num)s order", "%(num)s orders"),
    "deliveries": NP_("%(num)s delivery", "%(num)s deliveries"),
}

KINDS = {
    "source_documents": N_("Source documents"),
    "organisations": N_("Organisations"),
    "people": N_("People"),
    "systems": N_("Systems"),
    "agreements": N_("Agreements"),
    "plants": N_("Plants"),
    "ownerships": N_("Ownerships"),
    "investments": N_("Investments"),
    "needs": N_("Needs"),
    "production_lines": N_("Production lines"),
    "funding_instruments": N_("Funding instruments"),
    "orders": N_("Orders"),
    "deliveries": N_("Deliveries"),
    "production_reports": N_("Production reports"),
    "payments": N_("Payments"),
    "innovation_projects": N_("Innovation projects"),
    "events": N_("Events"),
}

FIELDS = {
    "agreement": N_("Agreement"),
    "aliases": N_("Also known as"),
    "allocated": N_("Allocated"),
    "amount": N_("Amount"),
    "annual_capacity": N_("Capacity a year"),
    "capacity_unit": N_("Capacity unit"),
    "categories": N_("Categories"),
    "category": N_("Category"),
    "city": N_("City"),
    "company": N_("Company"),
    "company_country": N_("Company's country"),
    "country": N_("Country"),
    "delivered_on": N_("Delivered on"),
    "disbursed": N_("Disbursed"),
    "document": N_("Document"),
    "due": N_("Due"),
    "end": N_("To"),
    "evidence": N_("Evidence"),
    "first_month": N_("First month"),
    "funder": N_("Funder"),
    "funding": N_("Funding"),
    "history": N_("History"),
    "illustrative": N_("Illustrative figures"),
    "instrument": N_("Funding instrument"),
    "investor": N_("Investor"),
    "key": N_("Key"),
    "kind": N_("Kind"),
    "language": N_("Language"),
    "last_month": N_("Last month"),
    "lead_time_months": N_("Lead time (months)"),
    "licence": N_("Licence"),
    "licensor": N_("Licensor"),
    "lot_size": N_("Lot size"),
    "manufacturer": N_("Manufacturer"),
    "max_suppliers": N_("Most suppliers"),
    "min_order": N_("Smallest order"),
    "month": N_("Month"),
    "monthly_capacity": N_("Monthly capacity"),
    "name": N_("Name"),
    "need": N_("Need"),
    "note": N_("Note"),
    "notes": N_("Notes"),
    "on": N_("Date"),
    "operator": N_("Operator"),
    "order": N_("Order"),
    "organisation": N_("Organisation"),
    "paid_on": N_("Paid on"),
    "owned": N_("Owned company"),
    "owner": N_("Owner"),
    "parent": N_("Parent organisation"),
    "participants": N_("Participants"),
    "parties": N_("Parties"),
    "partners": N_("Partners"),
    "place": N_("Place"),
    "plant": N_("Plant"),
    "pledged": N_("Pledged"),
    "priority": N_("Priority"),
    "producer_countries": N_("Producer countries"),
    "production_line": N_("Production line"),
    "published": N_("Published"),
    "quantity": N_("Quantity"),
    "recipient": N_("Recipient"),
    "roles": N_("Roles"),
    "scope": N_("Scope"),
    "sha256": N_("SHA-256"),
    "site_countries": N_("Site countries"),
    "site_country": N_("Site country"),
    "source": N_("Source"),
    "stage": N_("Stage"),
    "start": N_("From"),
    "stages": N_("Stages"),
    "stake": N_("Stake (%)"),
    "status": N_("Status"),
    "system": N_("System"),
    "systems": N_("Systems"),
    "title": N_("Title"),
    "type": N_("Type"),
    "unit_cost": N_("Unit cost"),
    "unit_price": N_("Unit price"),
    "url": N_("Web address"),
    "value": N_("Value"),
    "visibility": N_("Visibility"),
}

ENUMS: dict[type[Enum], dict[str, tuple[str, str]]] = {
    e.OrganisationKind: {
        "government_body": NC_("OrganisationKind", "government body"),
        "armed_forces": NC_("OrganisationKind", "armed forces"),
        "company": NC_("OrganisationKind", "company"),
        "alliance": NC_("OrganisationKind", "alliance"),
        "cluster": NC_("OrganisationKind", "industry cluster"),
        "fund": NC_("OrganisationKind", "fund"),
        "international_body": NC_("OrganisationKind", "international body"),
    },
    e.AgreementType: {
        "letter_of_intent": NC_("AgreementType", "letter of intent"),
        "memorandum_of_understanding": NC_("AgreementType", "memorandum of understanding"),
        "declaration_of_intent": NC_("AgreementType", "declaration of intent"),
        "contract": NC_("AgreementType", "contract"),
        "framework_agreement": NC_("AgreementType", "framework agreement"),
        "joint_venture": NC_("AgreementType", "joint venture"),
        "agreement": NC_("AgreementType", "agreement"),
    },
    e.AgreementStatus: {
        "planned": NC_("AgreementStatus", "planned"),
        "signed": NC_("AgreementStatus", "signed"),
        "in_force": NC_("AgreementStatus", "in force"),
        "completed": NC_("AgreementStatus", "completed"),
        "cancelled": NC_("AgreementStatus", "cancelled"),
    },
    e.Scope: {
        "co_production": NC_("Scope", "co-production"),
        "co_development": NC_("Scope", "co-development"),
        "technology_transfer": NC_("Scope", "technology transfer"),
        "technical_data_sharing": NC_("Scope", "technical data sharing"),
        "maintenance_repair": NC_("Scope", "maintenance and repair"),
        "procurement": NC_("Scope", "procurement"),
        "investment": NC_("Scope", "investment"),
        "financing": NC_("Scope", "financing"),
        "localisation": NC_("Scope", "localisation"),
        "training": NC_("Scope", "training"),
    },
    e.InstrumentKind: {
        "direct_order_fund": NC_("InstrumentKind", "direct-order fund"),
        "partner_financed": NC_("InstrumentKind", "partner-financed production"),
        "grant": NC_("InstrumentKind", "grant"),
        "loan": NC_("InstrumentKind", "loan"),
        "aid": NC_("InstrumentKind", "aid"),
    },
    e.OrderStatus: {
        "proposed": NC_("OrderStatus", "proposed"),
        "placed": NC_("OrderStatus", "placed"),
        "in_production": NC_("OrderStatus", "in production"),
        "delivered": NC_("OrderStatus", "delivered"),
        "accepted": NC_("OrderStatus", "accepted"),
        "cancelled": NC_("OrderStatus", "cancelled"),
    },
    e.MaturityStage: {f"trl{n}": ("MaturityStage", f"TRL {n}") for n in range(1, 10)},
    e.EventKind: {
        "meeting": NC_("EventKind", "meeting"),
        "summit": NC_("EventKind", "summit"),
        "forum": NC_("EventKind", "forum"),
        "conference": NC_("EventKind", "conference"),
        "visit": NC_("EventKind", "visit"),
    },
    e.PlantKind: {
        "production": NC_("PlantKind", "production"),
        "repair_maintenance": NC_("PlantKind", "repair and maintenance"),
        "research_testing": NC_("PlantKind", "research and testing"),
    },
    e.PlantStatus: {
        "announced": NC_("PlantStatus", "announced"),
        "under_construction": NC_("PlantStatus", "under construction"),
        "operating": NC_("PlantStatus", "operating"),
        "closed": NC_("PlantStatus", "closed"),
    },
    e.InvestmentStatus: {
        "announced": NC_("InvestmentStatus", "announced"),
        "committed": NC_("InvestmentStatus", "committed"),
        "completed": NC_("InvestmentStatus", "completed"),
    },
    e.FactType: {
        "agreement": NC_("FactType", "agreement"),
        "funding": NC_("FactType", "funding"),
        "supply": NC_("FactType", "supply"),
        "production": NC_("FactType", "production"),
        "meeting": NC_("FactType", "meeting"),
        "initiative": NC_("FactType", "initiative"),
        "plant": NC_("FactType", "plant"),
        "ownership": NC_("FactType", "ownership"),
        "investment": NC_("FactType", "investment"),
    },
    e.FactStatus: {
        "signed": NC_("FactStatus", "signed"),
        "planned": NC_("FactStatus", "planned"),
        "requested": NC_("FactStatus", "requested"),
        "delivered": NC_("FactStatus", "delivered"),
        "ongoing": NC_("FactStatus", "ongoing"),
        "cancelled": NC_("FactStatus", "cancelled"),
    },
    e.ReviewState: {
        "unverified": NC_("ReviewState", "unverified"),
        "accepted": NC_("ReviewState", "accepted"),
        "rejected": NC_("ReviewState", "rejected"),
    },
    e.Visibility: {
        "public": NC_("Visibility", "everyone with an account"),
        "restricted": NC_("Visibility", "the parties only"),
    },
    e.AccountRole: {
        "ministry": NC_("AccountRole", "ministry"),
        "funder": NC_("AccountRole", "funder"),
        "manufacturer": NC_("AccountRole", "manufacturer"),
        "analyst": NC_("AccountRole", "analyst"),
        "admin": NC_("AccountRole", "administrator"),
    },
}


# The catalogue's product categories (``catalog/data/categories.json``) by id.
CATEGORIES = {
    "drones": NC_("Category", "drones"),
    "air_defence": NC_("Category", "air defence"),
    "artillery": NC_("Category", "artillery systems"),
    "artillery_ammunition": NC_("Category", "artillery ammunition"),
    "long_range_strike": NC_("Category", "long-range strike weapons"),
    "air_munitions": NC_("Category", "air-launched munitions"),
    "combat_aircraft": NC_("Category", "combat aircraft"),
    "armoured_vehicles": NC_("Category", "armoured vehicles"),
    "naval": NC_("Category", "naval systems"),
    "electronic_warfare": NC_("Category", "electronic warfare"),
    "small_arms": NC_("Category", "small arms and ammunition"),
    "anti_tank": NC_("Category", "anti-tank weapons"),
    "aircraft": NC_("Category", "other aircraft"),
    "communications": NC_("Category", "communications"),
    "other": NC_("Category", "other"),
}
CATEGORY_FIELDS = frozenset({"category", "categories"})


def category_label(category: str, reader: Reader) -> str:
    """The reader's name of a product category of the catalogue (its id, spaced, if unknown)."""
    marked = CATEGORIES.get(category)
    return reader.pgettext(*marked) if marked else category.replace("_", " ")


def enum_label(enum: type[Enum], value: str, reader: Reader) -> str:
    """The reader's word for ``value`` of ``enum``; the value itself, spaced, if unlabelled."""
    marked = ENUMS.get(enum, {}).get(value)
    if marked is None:
        return value.replace("_", " ")
    context, message = marked
    if enum is e.MaturityStage:
        return message  # "TRL 4" is the same in every language
    return reader.pgettext(context, message)


def label(member: Enum, reader: Reader) -> str:
    """The reader's word for an enum member."""
    return enum_label(type(member), str(member.value), reader)


def field_label(name: str, reader: Reader) -> str:
    """The reader's name of a record field (the field's own name, spaced, if unlabelled)."""
    marked = FIELDS.get(name)
    return reader.gettext(marked) if marked else name.replace("_", " ")


def count_label(plural: str, count: int, shown: str, reader: Reader) -> str:
    """``count`` records of a kind, in the grammatical number ``count`` takes (``shown``: the
    count as the reader writes it)."""
    forms = COUNTS.get(plural)
    if forms is None:
        return f"{shown} {kind_label(plural, reader).lower()}"
    return reader.ngettext(*forms, count) % {"num": shown}


def kind_label(plural: str, reader: Reader) -> str:
    """The reader's name of a kind of record, plural."""
    marked = KINDS.get(plural)
    return reader.gettext(marked) if marked else plural.replace("_", " ")
