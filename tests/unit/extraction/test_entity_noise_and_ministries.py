"""Entities of unseen press (issue 14, entity round): journalists' credits and teasers of other
stories name no entity of the article; a ministry takes the country written beside it, in
every language (sentences written for these tests)."""

from __future__ import annotations

from tests.unit.extraction.helpers import entities_of, names_of

from coprod.extraction.boilerplate import noise_spans


def _keys(text: str) -> set[str | None]:
    return {e.key for e in entities_of(text, "organisation")}


def test_credit_blocks_name_no_people() -> None:
    for credits in (
        "(Reporting by Jane Roe and Pavel Kostenko; Editing by Mary Major)",
        "(Reportage d'Anne Dupuis et d'Olivier Marchal ; rédaction de Paul Lenoir)",
        "(Additional reporting by Jane Roe; writing by Pavel Kostenko)",
    ):
        text = f"Rheinmetall will build a shell plant in Ukraine, its chief said. {credits}"
        assert names_of(text, "person") == set(), credits
        assert names_of(text, "organisation") == {"Rheinmetall"}, credits
    french = (
        "Thales va créer une coentreprise en Ukraine pour fabriquer des drones, a déclaré le "
        "groupe mercredi. (Reportage d'Anne Dupuis et d'Olivier Marchal ; rédaction de Paul "
        "Lenoir et Marc Potier)"
    )
    assert names_of(french, "person") == set()


def test_a_teaser_line_names_no_entity_of_the_article() -> None:
    text = (
        "Denmark will finance a plant of Fire Point, the ministry said.\n"
        "Read also: Donald Trump meets Viktor Orban in Budapest\n"
        "The plant will open next year."
    )
    assert names_of(text, "person") == set()
    assert "Fire Point" in names_of(text, "organisation")


def test_headlines_under_a_teaser_header_are_dropped_until_the_article_goes_on() -> None:
    text = (
        "Finland and Ukraine signed an agreement on armoured vehicles.\n\n"
        "Подібні\n\n"
        "Трамп заявив, що нові мита скасують наступного року\n\n"
        "Європейський Союз інвестує у виробництво артилерії\n"
    )
    assert names_of(text, "person") == set()
    assert "European Union" not in names_of(text, "organisation")
    body = (
        "Read more\n\nHow ground drones change the war\n\nSep 04, 2025\n\n"
        "Speaking in Manila, Emmanuel Macron confirmed the deal with Rheinmetall."
    )
    assert "Emmanuel Macron" in names_of(body, "person")
    assert "Rheinmetall" in names_of(body, "organisation")


def test_noise_spans_keep_the_article() -> None:
    text = "Thales signed a contract.\nThe line after it is the article."
    assert noise_spans(text) == []


def test_a_ministry_takes_the_country_written_beside_it() -> None:
    cases = {
        "Про це заявило Міноборони Великої Британії.": "gb-mod",
        "Як зазначили у британському Міноборони, ракети допомагають Україні.": "gb-mod",
        "Об этом договорились при Минобороне Чехии в Праге.": "cz-mod",
        "Міністерство оборони Литви підписало угоду.": "lt-mod",
        "Le ministère tchèque de la Défense a signé un contrat.": "cz-mod",
        "The Czech Ministry of Defence said it would pay.": "cz-mod",
        "The Ministry of Defence of the Czech Republic said it would pay.": "cz-mod",
        "Die Drohnen werden im Auftrag des Verteidigungsministeriums in Kiew gebaut.": "ua-mod",
        "Sous l'égide du ministère français des forces armées, Thales a signé.": (
            "fr-ministry-armed-forces"
        ),
        "Made in Ukraine: the Ministry of Defence orders more drones.": "ua-mod",
    }
    for text, key in cases.items():
        assert key in _keys(text), text
    bare = "Об этом сообщило Минобороны."
    assert _keys(bare) == {"ua-mod"}


def test_a_demonym_of_another_noun_gives_no_ministry_its_country() -> None:
    text = (
        "Ces achats sont payés grâce aux revenus des avoirs russes gelés, a précisé le "
        "ministère de la Défense."
    )
    assert "ru-mod" not in _keys(text)


def test_people_after_more_titles_and_before_verbs_of_saying() -> None:
    cases = {
        "Міністерка закордонних справ Олена Петренко заявила, що завод відкриють.": (
            "Олена Петренко"
        ),
        "Торік делегацію очолив Андрій Коваленко. Андрій Коваленко заявив, що угоду підписано.": (
            "Андрій Коваленко"
        ),
        "Міністр з питань стратегічних галузей промисловості Великої Британії Іван Сидоренко "
        "очолив делегацію.": "Іван Сидоренко",
        "Фінляндія зустрілася з французькою колегою Марі Дюпон у Києві.": "Марі Дюпон",
        "Aarhus mayor Jens Holm, and Rheinmetall took part in the ceremony.": "Jens Holm",
        "Anna Weber, die Leiterin des Werks, sagte, die Produktion beginne im Mai.": "Anna Weber",
        "Der Chef von Rheinmetall, Petro Iwanenko, erklärte, das Werk sei fertig.": (
            "Petro Iwanenko"
        ),
    }
    for text, name in cases.items():
        assert name in names_of(text, "person"), text


def test_german_nouns_before_a_verb_are_no_person() -> None:
    text = "Beide Seiten unterzeichneten eine Absichtserklärung über Drohnen."
    assert names_of(text, "person") == set()


def test_a_category_beside_a_named_gun_only_describes_it() -> None:
    for text in (
        "Norway will pay for 24 Bohdana self-propelled artillery units.",
        "KNDS delivered Caesar howitzers, a self-propelled artillery system, to Kyiv.",
        "Un centre de service pour les installations d'artillerie automotrices Caesar.",
    ):
        assert "artillery" not in names_of(text, "system"), text
    listed = "Les industriels produisent de l'artillerie, des blindés et des drones."
    assert "artillery" in names_of(listed, "system")


def test_what_a_weapon_fights_is_none_of_its_systems() -> None:
    text = "Its drones proved effective against armored vehicles and artillery systems."
    assert names_of(text, "system") == {"drones"}


def test_multiple_rocket_launchers_and_long_range_arms_in_every_language() -> None:
    for text in (
        "Україна та Чехія спільно виробляють реактивні системи залпового вогню.",
        "Завод наладит выпуск реактивных систем залпового огня.",
        "The plant will build multiple launch rocket systems for Kyiv.",
    ):
        assert "multiple rocket launchers" in names_of(text, "system"), text
    text = "Сторони обговорили проєкти у сфері далекобійного озброєння."
    assert "long-range weapons" in names_of(text, "system")


def test_the_defence_forces_in_ukrainian_and_russian() -> None:
    for text in (
        "Ці дрони працюватимуть на зміцнення українських Сил оборони.",
        "Эти дроны будут работать на укрепление Сил обороны.",
    ):
        assert "Defence Forces of Ukraine" in names_of(text, "organisation"), text


def test_inflected_german_and_ukrainian_weapon_categories() -> None:
    cases = {
        "Die Firma repariert Flugabwehrsystemen und gepanzerten Fahrzeugen in der Ukraine.": {
            "air defence",
            "armoured vehicles",
        },
        "Rheinmetall bereitet den Bau von Panzern in der Ukraine vor.": {"tanks"},
        "Партнери спільно виробляють броньовану техніку.": {"armoured vehicles"},
        "Компанія планує випускати бронетранспортери в Україні.": {"armoured personnel carriers"},
    }
    for text, systems in cases.items():
        assert systems <= names_of(text, "system"), text


def test_an_alliance_named_for_its_standard_is_no_organisation() -> None:
    for text in (
        "KNDS will make NATO-standard 155 mm ammunition in Ukraine.",
        "The plant repairs NATO-type weapons for the army.",
    ):
        assert "NATO" not in names_of(text, "organisation"), text
    assert "NATO" in names_of("NATO allies met in Brussels to discuss drones.", "organisation")


def test_ukrainian_and_russian_drone_words() -> None:
    cases = {
        "Канада підтримає виробництво далекобійних дронів в Україні.": "long-range drones",
        "Канада поддержит производство дальнобойных дронов.": "long-range drones",
        "Генштаб розробив програму розвитку безпілотних систем.": "drones",
        "Уряд приділить особливу увагу дронам і ракетам.": "drones",
        "Ziel ist der Export von Marine-Drohnen.": "naval drones",
    }
    for text, system in cases.items():
        assert system in names_of(text, "system"), text


def test_a_western_name_written_in_cyrillic_is_the_catalogue_person() -> None:
    text = "Умєров зустрівся з прем’єр-міністром Йонасом Гаром Стьоре в Осло."
    assert "Jonas Gahr Støre" in names_of(text, "person")
    assert not any("Стьоре" in name for name in names_of(text, "person"))


def test_an_ambassador_in_the_instrumental_and_german_compound_titles() -> None:
    cases = {
        "Міністр провів зустріч з пані послом Канади в Україні Оленою Мельник.": "Оленою Мельник",
        "Die Produktion beginnt im Mai, sagte Firmenchef Lars Berg.": "Lars Berg",
        "Das Werk ist fertig, erklärte Werksleiterin Maria Huber am Montag.": "Maria Huber",
    }
    for text, name in cases.items():
        assert name in names_of(text, "person"), text
