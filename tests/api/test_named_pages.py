"""Pages name records by their names: a record's evidence is listed by its documents'
titles, each document once with its spans; the publishing preview names the organisations
a record names, not their keys."""

from __future__ import annotations

import re

from tests.api.conftest import Platform
from tests.api.test_page_actions import HTML, login

UK = {**HTML, "Accept-Language": "uk"}


def _created(platform: Platform, plural: str, body: dict[str, object]) -> None:
    made = platform.client.post(f"/api/{plural}", json=body, headers=platform.headers("ministry"))
    assert made.status_code == 201, made.text


def _registry(platform: Platform) -> None:
    _created(
        platform,
        "source_documents",
        {"key": "doc-memo", "name": "memo.txt", "sha256": "1" * 64, "title": "Мемо Парижа"},
    )
    _created(
        platform, "organisations", {"key": "org-kyiv", "name": "Київ Арсенал", "kind": "company"}
    )
    spans = [
        {"document": "doc-memo", "start": 10, "end": 40, "note": "підписання"},
        {"document": "doc-memo", "start": 80, "end": 120},
    ]
    _created(
        platform,
        "agreements",
        {
            "key": "named-memo",
            "title": "Меморандум",
            "type": "memorandum_of_understanding",
            "status": "planned",
            "parties": ["FR", "org-kyiv"],
            "evidence": spans,
        },
    )


def test_evidence_is_listed_by_document_title_once_with_its_spans(platform: Platform) -> None:
    _registry(platform)
    login(platform, "ministry")
    page = platform.client.get("/records/agreements/named-memo", headers=UK).text
    items = re.findall(r'<li data-document="doc-memo">(.*?)</li>', page)
    assert len(items) == 1, page  # one line for the document, both spans in it
    assert items[0].startswith("Мемо Парижа: ")
    assert items[0].count('href="/documents/doc-memo?start=') == 2
    assert "(підписання)" in items[0]


def _preview(platform: Platform) -> str:
    page = platform.client.get("/records/agreements/named-memo/public", headers=UK).text
    return page.split('data-testid="public-preview"')[1].split("</dl>")[0]


def test_the_publishing_preview_names_public_organisations_and_documents(
    platform: Platform,
) -> None:
    """The preview names the records the public reads too; those it does not read by their
    keys only, as the public page writes them (it named them: a private name shown as public)."""
    _registry(platform)
    login(platform, "ministry")
    preview = _preview(platform)
    assert "Франція" in preview and "org-kyiv" in preview and "doc-memo" in preview
    assert "Київ Арсенал" not in preview and "Мемо Парижа" not in preview
    for path in ("organisations/org-kyiv", "source_documents/doc-memo"):
        answer = platform.client.put(f"/api/{path}/public", headers=platform.headers("ministry"))
        assert answer.status_code == 200, answer.text
    preview = _preview(platform)
    assert "Київ Арсенал" in preview and "Франція" in preview
    assert "org-kyiv" not in preview
    assert "Мемо Парижа" in preview and "doc-memo" not in preview


def test_the_publishing_preview_of_a_person_shows_their_roles(platform: Platform) -> None:
    _registry(platform)
    role = {"title": "директор заводу", "organisation": "org-kyiv"}
    _created(
        platform,
        "people",
        {"key": "p-role", "name": "Ірина Коваль", "country": "UA", "roles": [role]},
    )
    login(platform, "ministry")
    answer = platform.client.get("/records/people/p-role/public", headers=UK)
    assert answer.status_code == 200, answer.text  # a role is a row, not a key to look up
    preview = answer.text.split('data-testid="public-preview"')[1].split("</dl>")[0]
    assert "директор заводу" in preview


def test_the_public_page_names_the_public_records_it_links_to(platform: Platform) -> None:
    """The public page wrote every record it names by its key ("org-kyiv"), where the preview
    promised its name: a public organisation or document is now named, a link to its public
    page; one that is not public stays its key, unlinked."""
    _registry(platform)
    headers = platform.headers("ministry")
    answer = platform.client.put("/api/agreements/named-memo/public", headers=headers)
    assert answer.status_code == 200, answer.text
    page = platform.client.get("/public/agreements/named-memo", headers=UK).text
    assert "org-kyiv" in page and "Київ Арсенал" not in page and "Мемо Парижа" not in page
    for path in ("organisations/org-kyiv", "source_documents/doc-memo"):
        answer = platform.client.put(f"/api/{path}/public", headers=headers)
        assert answer.status_code == 200, answer.text
    page = platform.client.get("/public/agreements/named-memo", headers=UK).text
    assert '<a href="/public/organisations/org-kyiv">Київ Арсенал</a>' in page
    assert '<a href="/public/source_documents/doc-memo">Мемо Парижа</a>' in page
