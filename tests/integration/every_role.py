"""Every role as the integration tests that compare figures per caller see them."""

from __future__ import annotations

from sqlalchemy import Engine, select

from coprod.db import models as m
from coprod.domain.enums import AccountRole
from coprod.services.accounts.access import SYSTEM, Principal


def callers(engine: Engine) -> list[Principal]:
    """Every role: the operator, the ministry, funders in euros and in pounds, a maker with
    lines, an analyst."""
    with engine.connect() as conn:
        maker = conn.scalar(
            select(m.OrganisationRow.key)
            .join(m.ProductionLineRow, m.ProductionLineRow.organisation_id == m.OrganisationRow.id)
            .order_by(m.OrganisationRow.key)
            .limit(1)
        )
    assert maker is not None
    return [
        SYSTEM,
        Principal("ministry", AccountRole.MINISTRY, "ua-mod"),
        Principal("de-funder", AccountRole.FUNDER, "DE"),
        Principal("gb-funder", AccountRole.FUNDER, "GB"),
        Principal("maker", AccountRole.MANUFACTURER, maker),
        Principal("analyst", AccountRole.ANALYST, "ua-mod"),
    ]
