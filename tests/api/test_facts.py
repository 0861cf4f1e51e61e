"""News intelligence through the API: ingest an article, review its fact, accept or reject."""

from __future__ import annotations

import pytest

from tests.api.conftest import Platform
from tests.api.test_access import cookie_login
from tests.api.test_publishing_pages import _rows

# A short article written for the tests (not from the seed articles).
ARTICLE = (
    "Paris, le 3 février 2026. Le ministère des Armées et le ministère de la Défense de "
    "l'Ukraine ont signé mardi une lettre d'intention sur la coproduction de drones en Ukraine."
)


def _ingest(platform: Platform) -> str:
    answer = platform.client.post(
        "/api/documents",
        headers=platform.headers("ministry"),
        json={"name": "note.txt", "text": ARTICLE},
    )
    assert answer.status_code == 200, answer.text
    (created,) = answer.json()["created"]
    return str(created)


def test_an_ingested_fact_is_accepted_into_an_agreement_with_its_evidence(
    platform: Platform,
) -> None:
    key = _ingest(platform)
    headers = platform.headers("ministry")
    fact = platform.client.get(f"/api/facts/{key}", headers=headers).json()
    assert fact["type"] == "agreement" and fact["state"] == "unverified"
    (evidence,) = fact["evidence"]
    assert "lettre d'intention" in evidence["quote"]
    accepted = platform.client.post(f"/api/facts/{key}/accept", headers=headers, json={})
    assert accepted.status_code == 200, accepted.text
    record = accepted.json()["record_key"]
    agreement = platform.client.get(f"/api/agreements/{record}", headers=headers).json()
    assert agreement["type"] == "letter_of_intent"
    assert agreement["evidence"][0]["document"] == evidence["document"]
    again = platform.client.post(f"/api/facts/{key}/accept", headers=headers, json={})
    assert again.status_code == 409
    audit = platform.client.get("/api/audit", headers=headers, params={"object_key": record}).json()
    assert audit[0]["actor"] == "mira" and audit[0]["action"] == "create"


def test_a_rejected_fact_leaves_the_queue(platform: Platform) -> None:
    key = _ingest(platform)
    headers = platform.headers("admin")
    rejected = platform.client.post(
        f"/api/facts/{key}/reject", headers=headers, json={"reason": "duplicate"}
    )
    assert rejected.status_code == 200
    assert rejected.json()["state"] == "rejected"
    queue = platform.client.get("/api/facts", headers=headers, params={"state": "unverified"})
    assert queue.json()["total"] == 0


@pytest.mark.parametrize("role", ["funder", "manufacturer", "analyst"])
def test_only_ministry_and_admin_see_and_review_facts(platform: Platform, role: str) -> None:
    key = _ingest(platform)
    headers = platform.headers(role)
    assert platform.client.get("/api/facts", headers=headers).status_code == 403
    assert platform.client.get(f"/api/facts/{key}", headers=headers).status_code == 403
    assert platform.client.post(f"/api/facts/{key}/accept", headers=headers).status_code == 403
    document = {"name": "x.txt", "text": ARTICLE}
    assert platform.client.post("/api/documents", headers=headers, json=document).status_code == 403


def test_the_extractor_runs_without_holding_the_write_lock(
    platform: Platform, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Extracting takes seconds (the first article loads the language model): other writers
    # of the store must not wait for it. Only storing the proposals takes the lock.
    import sqlite3

    from coprod.services.facts import ingestion

    database = platform.engine.url.database
    if platform.engine.dialect.name != "sqlite" or not database:
        pytest.skip("the write lock is SQLite's")
    extract = ingestion.extract_document
    seen: list[str] = []

    def extract_while_writing(*args: object, **kwargs: object) -> object:
        other = sqlite3.connect(database, isolation_level=None, timeout=0)
        try:
            other.execute("BEGIN IMMEDIATE")  # fails at once ("locked") if ingest held it
            other.execute("ROLLBACK")
            seen.append("lock free")
        finally:
            other.close()
        return extract(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ingestion, "extract_document", extract_while_writing)
    key = _ingest(platform)
    assert seen == ["lock free"]
    assert key


def _post_document(platform: Platform, text: str) -> tuple[int, str]:
    answer = platform.client.post(
        "/api/documents",
        headers=platform.headers("ministry"),
        json={"name": "big.txt", "text": text},
    )
    return answer.status_code, answer.json()["detail"]


def test_a_document_of_the_largest_size_is_read_and_one_byte_more_is_refused(
    platform: Platform,
) -> None:
    from coprod.services.facts.fact_review import MAX_DOCUMENT_BYTES

    assert MAX_DOCUMENT_BYTES == 2_000_000  # the 2 MB the API documents
    # At the limit the text is read (and then refused for what it holds, not for its size).
    assert _post_document(platform, "\x01" * MAX_DOCUMENT_BYTES) == (
        422,
        "big.txt: looks like binary data, not an article (text or HTML)",
    )
    over = (422, "document 'big.txt' is over 2 MB")
    assert _post_document(platform, "a" * (MAX_DOCUMENT_BYTES + 1)) == over
    # The limit counts UTF-8 bytes, not characters: a million and one characters are too many.
    assert _post_document(platform, "é" * (MAX_DOCUMENT_BYTES // 2) + "a") == over
    with platform.engine.connect() as conn:
        assert conn.exec_driver_sql("select count(*) from source_documents").scalar() == 0


VENTURE = (
    "Kyiv, 4 March 2026. Rheinmetall and Ukroboronprom signed an agreement on Tuesday to set up "
    "a joint venture that will make 155mm shells in Ukraine."
)


def test_an_accepted_joint_venture_proposes_its_ownerships_for_review(platform: Platform) -> None:
    headers = platform.headers("ministry")
    answer = platform.client.post(
        "/api/documents", headers=headers, json={"name": "jv.txt", "text": VENTURE}
    )
    assert answer.status_code == 200, answer.text
    listed = platform.client.get("/api/facts", headers=headers, params={"type": "agreement"})
    [venture] = [
        f for f in listed.json()["items"] if f["fields"]["agreement_type"] == "joint_venture"
    ]
    accepted = platform.client.post(f"/api/facts/{venture['key']}/accept", headers=headers)
    assert accepted.status_code == 200, accepted.text
    proposed = accepted.json()["proposed"]
    owners = []
    for key in proposed:
        implied = platform.client.get(f"/api/facts/{key}", headers=headers).json()
        assert (implied["type"], implied["state"]) == ("ownership", "unverified")
        assert implied["fields"]["from"] == venture["key"] and implied["evidence"]
        owners.append(implied["fields"]["owner"])
    assert sorted(owners) == ["rheinmetall", "ukroboronprom"]
    held = platform.client.get("/api/ownerships", headers=headers).json()["total"]
    refused = platform.client.post(f"/api/facts/{proposed[0]}/accept", headers=headers)
    assert refused.status_code == 422
    assert "stake in percent is missing" in refused.json()["detail"]
    assert platform.client.get("/api/ownerships", headers=headers).json()["total"] == held
    assert platform.client.get(f"/api/facts/{proposed[0]}", headers=headers).json()["state"] == (
        "unverified"
    )


def test_a_proposed_facts_page_labels_its_values_in_the_readers_language(
    platform: Platform,
) -> None:
    key = _ingest(platform)
    fact = platform.client.get(f"/api/facts/{key}", headers=platform.headers("ministry")).json()
    assert fact["fields"]["status"] == "signed" and "UA" in fact["fields"]["parties"]
    cookie_login(platform, "mira")
    english = _rows(platform.client.get(f"/review/{key}").text)
    assert english["Status"] == "signed" and "Ukraine" in english["Parties"].split(", ")
    assert english["Scope"] == "co-production"
    ukrainian = _rows(platform.client.get(f"/review/{key}", headers={"Accept-Language": "uk"}).text)
    assert ukrainian["Статус"] == "підписано" and "Україна" in ukrainian["Сторони"].split(", ")
