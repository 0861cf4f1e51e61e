"""Issue 14, entities (eleventh session; sentences and companies invented for these tests):
"Defence" or "Defense" closing a company's name the catalogue lacks ("Velmora Defence") is a
word of that name, not the title word it is before a minister's name; an outlet's name is no
misspelt company."""

from __future__ import annotations

import pytest
from tests.unit.extraction.helpers import names_of


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Belgian defense company Velmora Defense confirmed the delivery of 40 vehicles.", None),
        ("Україна уклала угоду з німецькою компанією Velmora Defence про виробництво.", None),
        ("Финский оборонный концерн Velmora Defence поставит Украине партию дронов.", None),
        ("L'entreprise belge Velmora Defense fournira des blindés à l'Ukraine.", None),
        ("Kestrin Defense & Aerospace will build a plant in Lviv.", "Kestrin Defense & Aerospace"),
        ("Kestrin Defence Systems will build a plant in Lviv.", "Kestrin Defence Systems"),
    ],
)
def test_defence_closing_a_company_name_belongs_to_it(text: str, name: str | None) -> None:
    found = names_of(text, "organisation")
    expected = name or ("Velmora Defense" if "Defense" in text else "Velmora Defence")
    assert expected in found
    assert "Velmora" not in found and "Kestrin" not in found


@pytest.mark.parametrize(
    "text",
    [
        "Canada's Minister of National Defense Bill Marlow visited the plant in Lviv.",
        "The Ukrainian Defence Ministry said the first vehicles had arrived.",
        "Talvik Defense Secretary Pete Marlow visited Kyiv on Monday.",
    ],
)
def test_defence_opening_a_title_or_a_ministry_names_no_company(text: str) -> None:
    found = names_of(text, "organisation")
    assert not any(name.endswith(("Defense", "Defence")) for name in found)
    assert not any("Marlow" in name for name in found)


def test_an_outlet_is_no_misspelt_company() -> None:
    text = "Kestrin Motors will deliver the trucks in May, Breaking Defense reported."
    found = names_of(text, "organisation")
    assert "Boeing" not in found
    assert "Breaking Defense" not in found
