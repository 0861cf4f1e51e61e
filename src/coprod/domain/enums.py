"""The closed vocabularies of the domain, shared by every layer."""

from __future__ import annotations

from enum import StrEnum


class OrganisationKind(StrEnum):
    GOVERNMENT_BODY = "government_body"
    ARMED_FORCES = "armed_forces"
    COMPANY = "company"
    ALLIANCE = "alliance"
    CLUSTER = "cluster"
    FUND = "fund"
    INTERNATIONAL_BODY = "international_body"


class AgreementType(StrEnum):
    LETTER_OF_INTENT = "letter_of_intent"
    MEMORANDUM_OF_UNDERSTANDING = "memorandum_of_understanding"
    DECLARATION_OF_INTENT = "declaration_of_intent"
    CONTRACT = "contract"
    FRAMEWORK_AGREEMENT = "framework_agreement"
    JOINT_VENTURE = "joint_venture"
    AGREEMENT = "agreement"


class AgreementStatus(StrEnum):
    PLANNED = "planned"
    SIGNED = "signed"
    IN_FORCE = "in_force"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class Scope(StrEnum):
    CO_PRODUCTION = "co_production"
    CO_DEVELOPMENT = "co_development"
    TECHNOLOGY_TRANSFER = "technology_transfer"
    TECHNICAL_DATA_SHARING = "technical_data_sharing"
    MAINTENANCE_REPAIR = "maintenance_repair"
    PROCUREMENT = "procurement"
    INVESTMENT = "investment"
    FINANCING = "financing"
    LOCALISATION = "localisation"
    TRAINING = "training"


class InstrumentKind(StrEnum):
    DIRECT_ORDER_FUND = "direct_order_fund"
    PARTNER_FINANCED = "partner_financed"
    GRANT = "grant"
    LOAN = "loan"
    AID = "aid"


class OrderStatus(StrEnum):
    PROPOSED = "proposed"
    PLACED = "placed"
    IN_PRODUCTION = "in_production"
    DELIVERED = "delivered"
    ACCEPTED = "accepted"
    CANCELLED = "cancelled"


class MaturityStage(StrEnum):
    """Technology readiness levels, TRL 1 to 9."""

    TRL1 = "trl1"
    TRL2 = "trl2"
    TRL3 = "trl3"
    TRL4 = "trl4"
    TRL5 = "trl5"
    TRL6 = "trl6"
    TRL7 = "trl7"
    TRL8 = "trl8"
    TRL9 = "trl9"


class PlantKind(StrEnum):
    """What a site does."""

    PRODUCTION = "production"
    REPAIR_MAINTENANCE = "repair_maintenance"
    RESEARCH_TESTING = "research_testing"


class PlantStatus(StrEnum):
    """A site's life, in the order it moves: announced → under construction → operating →
    closed."""

    ANNOUNCED = "announced"
    UNDER_CONSTRUCTION = "under_construction"
    OPERATING = "operating"
    CLOSED = "closed"


class InvestmentStatus(StrEnum):
    """An investment's progress, in the order it moves."""

    ANNOUNCED = "announced"
    COMMITTED = "committed"
    COMPLETED = "completed"


class EventKind(StrEnum):
    MEETING = "meeting"
    SUMMIT = "summit"
    FORUM = "forum"
    CONFERENCE = "conference"
    VISIT = "visit"


class FactType(StrEnum):
    """What a proposal states: the extractor's fact types, then the records an accepted fact
    implies (``services/facts/implied.py``), which the extractor never proposes itself."""

    AGREEMENT = "agreement"
    FUNDING = "funding"
    SUPPLY = "supply"
    PRODUCTION = "production"
    MEETING = "meeting"
    INITIATIVE = "initiative"
    PLANT = "plant"
    OWNERSHIP = "ownership"
    INVESTMENT = "investment"


class FactStatus(StrEnum):
    """The status a news fact reports (``shared/spec/EXTRACTION.md``)."""

    SIGNED = "signed"
    PLANNED = "planned"
    REQUESTED = "requested"
    DELIVERED = "delivered"
    ONGOING = "ongoing"
    CANCELLED = "cancelled"


class ReviewState(StrEnum):
    UNVERIFIED = "unverified"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class Visibility(StrEnum):
    """Who may see a record: everyone with an account, or only the parties to it."""

    PUBLIC = "public"
    RESTRICTED = "restricted"


class AccountRole(StrEnum):
    """What a platform account may see and do (``docs/platform.md``)."""

    MINISTRY = "ministry"
    FUNDER = "funder"
    MANUFACTURER = "manufacturer"
    ANALYST = "analyst"
    ADMIN = "admin"
