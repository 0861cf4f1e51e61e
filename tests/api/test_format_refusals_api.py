"""An import the records format refuses for a type error answers its stable code (what the
pages translate) beside the English detail that names where and the field."""

from __future__ import annotations

from tests.api.conftest import Platform


def test_an_imported_record_of_the_wrong_type_answers_its_code(platform: Platform) -> None:
    need = {"key": "n-x", "system": "caesar", "quantity": "ten", "priority": "1", "due": "2026-03"}
    answer = platform.client.post(
        "/api/import",
        headers=platform.headers("ministry"),
        json={"schema": "coprod.records/1", "needs": [need]},
    )
    assert answer.status_code == 422, answer.text
    body = answer.json()
    assert body["code"] == "format.whole_number"
    assert "field 'quantity'" in body["detail"] and "ten" in body["detail"]


def test_every_problem_of_an_import_answers_its_code_and_the_readers_words(
    platform: Platform,
) -> None:
    """Each refused record's every problem, with its code, field and sentence in the
    language asked for; the English detail and the first code as before."""
    need = {"key": "n-x", "system": "caesar", "quantity": "ten", "priority": "1", "due": 5}
    other = {**need, "key": "n-y", "quantity": 3, "bogus": True}
    answer = platform.client.post(
        "/api/import",
        headers={**platform.headers("ministry"), "Accept-Language": "uk"},
        json={"schema": "coprod.records/1", "needs": [need, other]},
    )
    assert answer.status_code == 422, answer.text
    body = answer.json()
    assert body["code"] == "format.whole_number" and body["detail"].count("\n") == 3
    problems = [(p["code"], p["field"], p["params"]["where_key"]) for p in body["problems"]]
    assert problems == [
        ("format.whole_number", "quantity", "n-x"),
        ("format.text", "due", "n-x"),
        ("format.text", "due", "n-y"),
        ("format.unknown_field", "bogus", "n-y"),
    ]
    said = [p["said"] for p in body["problems"]]
    assert (
        said[1]
        == "тіло запиту, Потреби, запис № 1 (ключ n-x): поле «due» має бути текстом, а не 5."
    )
    assert said[3].startswith("тіло запиту, Потреби, запис № 2 (ключ n-y): у форматі записів")
    assert [p["detail"] for p in body["problems"]] == body["detail"].splitlines()


def test_the_imports_own_refusals_answer_their_code_and_the_readers_words(
    platform: Platform,
) -> None:
    """A document of another schema, a key given twice: the import's own refusals answer a
    code and the sentence in the language asked for, as a record's problems do (they were
    English only, with no code)."""
    need = {"key": "n-x", "system": "caesar", "quantity": 3, "priority": "1", "due": "2026-03"}
    headers = {**platform.headers("ministry"), "Accept-Language": "uk"}
    said = {
        "import.schema": "тіло запиту: поле «schema» має бути «coprod.records/1», а не "
        "'coprod.records/2'.",
        "import.duplicate_key": "тіло запиту, Потреби, запис № 2 (ключ n-x): ключ n-x уже "
        "належить запису № 1 цього списку: кожен запис має бути у файлі лише один раз.",
    }
    for document in (
        {"schema": "coprod.records/2", "needs": [need]},
        {"schema": "coprod.records/1", "needs": [need, need]},
    ):
        answer = platform.client.post("/api/import", headers=headers, json=document)
        assert answer.status_code == 422, answer.text
        body = answer.json()
        (problem,) = body["problems"]
        assert body["code"] == problem["code"] and problem["said"] == said[problem["code"]]
        assert problem["detail"] == body["detail"]  # the English line, as before
