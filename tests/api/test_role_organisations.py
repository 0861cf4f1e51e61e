"""A person's roles on the record page, in the preview before publishing and on the public
page name the organisation by its name (a link on the record page and, for a public
organisation, on the public page), not by its key; the public page names only public ones."""

from __future__ import annotations

import pytest

from tests.api.conftest import Platform
from tests.api.test_page_actions import HTML, login
from tests.api.test_publishing_pages import _rows

PERSON = {
    "key": "olena-test",
    "name": "Olena Test",
    "roles": [{"title": "Chief executive", "organisation": "acme", "start": "2024-02-01"}],
}


@pytest.fixture
def person(platform: Platform) -> str:
    made = platform.client.post("/api/people", json=PERSON, headers=platform.headers("ministry"))
    assert made.status_code in (200, 201), made.text
    return "people/olena-test"


def test_the_record_page_links_the_roles_organisation_by_name(
    platform: Platform, person: str
) -> None:
    login(platform, "ministry")
    page = platform.client.get(f"/records/{person}", headers={**HTML, "Accept-Language": "uk"})
    assert page.status_code == 200, page.text
    assert 'організація <a href="/records/organisations/acme">Acme Drones</a>' in page.text
    assert "організація acme" not in page.text


def _preview_roles(platform: Platform, person: str, language: str) -> str:
    preview = platform.client.get(
        f"/records/{person}/public", headers={**HTML, "Accept-Language": language}
    )
    assert preview.status_code == 200, preview.text
    (roles,) = [v for k, v in _rows(preview.text).items() if "acme" in v.lower()]
    return roles


def test_the_publishing_preview_writes_the_roles_organisation_as_the_public_will(
    platform: Platform, person: str
) -> None:
    """The preview shows what the public will read: an organisation not public as the public
    page writes it, «організація не оприлюднена (acme)», never its name (it named it); a
    public one by its name."""
    login(platform, "ministry")
    hidden = {
        "uk": "організація не оприлюднена (acme)",
        "en": "organisation not public (acme)",
        "fr": "organisation non publique (acme)",
    }
    for language, words in hidden.items():
        roles = _preview_roles(platform, person, language)
        assert words in roles and "Acme Drones" not in roles, language
    answer = platform.client.put(
        "/api/organisations/acme/public", headers=platform.headers("admin")
    )
    assert answer.status_code == 200, answer.text
    for language, words in (("uk", "організація Acme Drones"), ("en", "organisation Acme Drones")):
        roles = _preview_roles(platform, person, language)
        assert words in roles and " acme" not in roles, language


def test_the_public_page_names_only_public_organisations(platform: Platform) -> None:
    """A public organisation by its name, a link to its public page; one not public reads
    "organisation not public (key)", as a key that names nothing does there, never by its name
    nor a link (its key the record holds): not "unknown", which it is not."""
    roles = [*PERSON["roles"], {"title": "Adviser", "organisation": "fr-dga"}]
    headers = platform.headers("ministry")
    made = platform.client.post("/api/people", json={**PERSON, "roles": roles}, headers=headers)
    assert made.status_code == 201, made.text
    for path in ("people/olena-test", "organisations/fr-dga"):
        assert platform.client.put(f"/api/{path}/public", headers=headers).status_code == 200
    platform.client.cookies.clear()
    dga = '<a href="/public/organisations/fr-dga">French procurement agency</a>'
    said = {
        "uk": (f"організація {dga}", "організація не оприлюднена (acme)"),
        "en": (f"organisation {dga}", "organisation not public (acme)"),
        "fr": (f"organisation {dga}", "organisation non publique (acme)"),
    }
    for language, (public, private) in said.items():
        page = platform.client.get(
            "/public/people/olena-test", headers={**HTML, "Accept-Language": language}
        )
        assert page.status_code == 200, page.text
        assert public in page.text and private in page.text, language
        assert "Acme Drones" not in page.text and "/organisations/acme" not in page.text
        assert "/records/" not in page.text


def test_the_history_page_writes_the_organisation_as_the_record_page(
    platform: Platform, person: str
) -> None:
    """One reading on every page: labelled, its name a link (it was bare on the history)."""
    login(platform, "ministry")
    for language, label in (("uk", "організація"), ("en", "organisation"), ("fr", "organisation")):
        headers = {**HTML, "Accept-Language": language}
        said = f'{label} <a href="/records/organisations/acme">Acme Drones</a>'
        history = platform.client.get(f"/records/{person}/history", headers=headers)
        assert history.status_code == 200, history.text
        assert f"Chief executive, {said}" in history.text, language
        assert said in platform.client.get(f"/records/{person}", headers=headers).text
