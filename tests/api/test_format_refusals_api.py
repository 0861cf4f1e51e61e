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
