"""The domain's refusals on the generic record forms, in the reader's language and beside
the input or row they concern (an agreement with no parties, a history out of order or
going back in time, an instrument's months in the wrong order); nothing is stored."""

from __future__ import annotations

import pytest

from coprod.domain.bounds import text_length
from coprod.domain.entities import StatusChange
from coprod.domain.enums import AgreementStatus
from coprod.domain.lifecycle import check_history
from coprod.errors import RuleViolation
from tests.api.conftest import Platform
from tests.api.test_page_actions import login
from tests.api.test_record_forms import _agreement, _document, field_error, post

FR = {"Accept-Language": "fr"}
S = AgreementStatus


def _refused(platform: Platform, form: dict[str, str], language: str) -> str:
    """The page of a refused agreement form; nothing of it stored."""
    answer = post(platform, "/records/agreements/new", form, **{"Accept-Language": language})
    assert answer.status_code == 422, answer.text
    stored = platform.client.get("/api/agreements/uk-form", headers=platform.headers("ministry"))
    assert stored.status_code == 404
    assert 'data-testid="refusal"' in answer.text
    return str(answer.text)


CASES = {
    "no parties": (
        {"parties": ", "},
        "parties",
        {
            "uk": "Зазначте принаймні одну сторону: державу чи організацію.",
            "fr": "Indiquez au moins une partie : un État ou une organisation.",
        },
    ),
    "dates going back": (
        {"history.1.on": "15.01.2025"},
        "history.1.on",
        {
            "uk": "Цей етап датовано 15 січ. 2025",
            "fr": "Cette étape est datée du 15 janv. 2025",
        },
    ),
    "signed then planned": (
        {"history.0.status": "signed", "history.1.status": "planned", "status": "planned"},
        "history.1.status",
        {
            "uk": "В історії етап «заплановано» не може йти після «підписано»",
            "fr": "Dans l’historique, « prévu » ne peut pas suivre « signé »",
        },
    ),
    "history ending elsewhere": (
        {"status": "in_force"},
        "status",
        {
            "uk": "Статус — «діє», а історія закінчується етапом «підписано»",
            "fr": "Le statut est « en vigueur », mais l’historique se termine par « signé »",
        },
    ),
    "a title too long": (
        {"title": "М" * (text_length("title") + 1)},
        "title",
        {
            "uk": f"Тут можна написати не більше ніж {text_length('title')} символів",
            "fr": f"Écrivez au plus {text_length('title')} caractères ici",
        },
    ),
    "a step's note too long in its row": (
        {"evidence.0.note": "н" * (text_length("note") + 1)},
        "evidence.0.note",
        {
            "uk": f"Тут можна написати не більше ніж {text_length('note')} символів",
            "fr": f"Écrivez au plus {text_length('note')} caractères ici",
        },
    ),
}


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("language", ["uk", "fr"])
def test_a_rule_refusal_is_said_beside_its_input_in_the_readers_language(
    platform: Platform, case: str, language: str
) -> None:
    _document(platform)
    token = login(platform, "ministry")
    changed, field, said = CASES[case]
    form = _agreement(token, **changed)
    if language == "fr":
        form = {k: v.replace(".", "/") if k.endswith(".on") else v for k, v in form.items()}
    page = _refused(platform, form, language)
    assert field_error(page, field).startswith(said[language]), page
    summary = page.split('data-testid="refusal"')[1].split("</div>")[0]
    assert said[language] in summary.replace("&#39;", "'").replace("&#34;", '"')
    assert "Details" not in page and "history dates go backwards" not in page


def test_a_step_after_an_empty_row_is_said_on_its_own_row(platform: Platform) -> None:
    _document(platform)
    token = login(platform, "ministry")
    form = _agreement(
        token,
        **{
            "history.rows": "3",
            "history.1.status": "",
            "history.1.on": "",
            "history.2.status": "signed",
            "history.2.on": "15.01.2025",
        },
    )
    page = _refused(platform, form, "uk")
    assert field_error(page, "history.2.on").startswith("Цей етап датовано 15 січ. 2025")
    assert field_error(page, "history.1.on") == ""


def test_the_domain_names_the_row_and_the_code_of_a_history_refusal() -> None:
    steps = [StatusChange(S.PLANNED, None), StatusChange(S.COMPLETED, None)]
    with pytest.raises(RuleViolation) as refused:
        check_history(steps, S.COMPLETED)
    assert refused.value.code == "agreement.history_step"
    assert refused.value.field == "history.1.status"
    assert "an agreement cannot go from planned to completed" in refused.value.message
