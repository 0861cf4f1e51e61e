"""A government body named only as the channel an outlet cites (its press service, "citing",
"з посиланням на", a photo credit) is no organisation of the article (sentences invented for
these tests); one that speaks or acts in the article stays, as in the seeds' gold."""

from __future__ import annotations

import pytest
from tests.unit.extraction.helpers import names_of


@pytest.mark.parametrize(
    ("text", "body"),
    [
        (
            "Oslo will pay for forty boats built by Ukrainian yards, the agency wrote, "
            "citing the Norwegian Ministry of Defence.",
            "Ministry of Defence (Norway)",
        ),
        (
            "Завод у Житомирі відремонтує дві гармати, пише видання з посиланням на "
            "Міністерство оборони України.",
            "Ministry of Defence of Ukraine",
        ),
        (
            "Завод в Житомире отремонтирует две пушки, пишет издание со ссылкой на "
            "пресс-службу Министерства обороны Украины.",
            "Ministry of Defence of Ukraine",
        ),
        (
            "Rustem Umerov in Vilnius (Photo: Ministry of Defence of Ukraine)\n"
            "Lithuania will order shells from a Ukrainian plant.",
            "Ministry of Defence of Ukraine",
        ),
    ],
)
def test_a_body_only_cited_as_a_channel_is_no_organisation(text: str, body: str) -> None:
    assert body not in names_of(text, "organisation")


def test_its_country_stays_for_the_facts() -> None:
    text = (
        "Завод у Житомирі відремонтує дві гармати, пише видання з посиланням на "
        "Міністерство оборони України."
    )
    countries = names_of(text, "country")
    assert "Ukraine" in countries


@pytest.mark.parametrize(
    "text",
    [
        "The Ministry of Defence of Ukraine signed a contract for 300 trucks, the agency "
        "wrote, citing the Ministry of Defence of Ukraine.",
        "According to the Ministry of Defence of Ukraine, the plant will open in May.",
        "Le chantier ouvrira en mai, a indiqué le ministère ukrainien de la Défense.",
    ],
)
def test_a_body_that_speaks_or_acts_stays(text: str) -> None:
    assert "Ministry of Defence of Ukraine" in names_of(text, "organisation")
