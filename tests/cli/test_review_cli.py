"""``coprod ingest`` and ``coprod review list|show|edit|accept|reject|aliases`` end to end, on
articles written for these tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.runner import Coprod

LOI = "France and Ukraine signed a letter of intent on the co-production of drones on Monday."
ARTICLES = {
    "a.txt": f"Drone cooperation\n\n{LOI}\n",
    "b.txt": "Digest\n\nParis and Kyiv have concluded a letter of intent to jointly produce "
    "drones.\n",
    "c.txt": "Funding\n\nGermany will give EUR 500 million to Ukraine for air defence, "
    "Berlin said.\n",
    "d.txt": "Artillery\n\nUkraine signed a contract with the German company RHM Waffen AG for "
    "the joint production of 155mm shells.\n",
}


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def listed(coprod: Coprod, *args: str) -> list[dict[str, object]]:
    found: list[dict[str, object]] = json.loads(coprod.ok("review", "list", "--json", *args))
    return found


def test_ingest_a_folder_reports_failures_and_goes_on(
    coprod: Coprod, articles: Path, tmp_path: Path
) -> None:
    (articles / "broken.bin").write_bytes(b"\x00\x01\x02 not an article \x00\x03")
    result = coprod("ingest", str(articles))
    assert result.code == 1
    assert "broken.bin: looks like binary data" in result.err
    assert "1 of 5 file(s) failed" in result.err
    assert "a.txt: stored as doc-" in result.out and "c.txt: stored as" in result.out
    assert "b.txt" in result.out and "2 more evidence" in result.out  # agreement, production
    again = coprod("ingest", str(articles / "a.txt"))
    assert again.code == 0 and "already ingested" in again.out
    assert "0 file(s) ingested, 1 already there" in again.err
    missing = coprod("ingest", str(tmp_path / "nowhere.txt"))
    assert missing.code == 3 and "nowhere.txt: no such file" in missing.err


def test_list_show_edit_accept_reject(coprod: Coprod, articles: Path) -> None:
    coprod.ok("ingest", str(articles))
    proposals = listed(coprod)
    by_type = {
        str(p["fields"]["agreement_type"] if p["type"] == "agreement" else p["type"]): p  # type: ignore[index]
        for p in proposals
    }
    loi, contract, funding = by_type["letter_of_intent"], by_type["contract"], by_type["funding"]
    assert loi["documents"] == 2
    assert [p["type"] for p in listed(coprod, "--type", "funding")] == ["funding"]

    shown = coprod.ok("review", "show", str(loi["id"]))
    assert "a.txt" in shown and "b.txt" in shown
    assert " ".join(LOI.split()) in " ".join(shown.split())
    detail = json.loads(coprod.ok("review", "show", str(loi["key"]), "--json"))
    assert LOI in [e["quote"] for e in detail["evidence"]]

    bad = coprod("review", "edit", str(contract["id"]), "--set", "status=maybe")
    assert bad.code == 2 and "status 'maybe' is not one of" in bad.err
    no_equals = coprod("review", "edit", str(contract["id"]), "--set", "status")
    assert no_equals.code == 2 and "write field=value" in no_equals.err
    coprod.ok(
        "review",
        "edit",
        str(contract["id"]),
        "--set",
        "entity:RHM Waffen=rheinmetall",
        "--set",
        "parties=UA,rheinmetall",
    )
    aliases = json.loads(coprod.ok("review", "aliases", "--json"))
    assert {"alias": "RHM Waffen AG", "target": "rheinmetall"}.items() <= aliases[0].items()

    out = coprod.ok("review", "accept", str(loi["id"]), "--as", "fr-ua-loi-drones")
    assert "accepted as agreement 'fr-ua-loi-drones'" in out
    record = json.loads(coprod.ok("agreements", "show", "fr-ua-loi-drones", "--json"))
    assert record["type"] == "letter_of_intent" and len(record["evidence"]) == 2
    assert "accepted as agreement" in coprod.ok("review", "accept", str(contract["key"]))
    again = coprod("review", "accept", str(loi["id"]))
    assert again.code == 4 and "already accepted" in again.err

    assert "rejected" in coprod.ok("review", "reject", str(funding["id"]), "--reason", "double")
    rejected = listed(coprod, "--state", "rejected")
    assert [(p["id"], p["reason"]) for p in rejected] == [(funding["id"], "double")]
    # left unverified: the planned productions the letter of intent and the contract commit
    # their parties to (one signed agreement to make named goods is also that production)
    assert sorted(p["type"] for p in listed(coprod)) == ["production", "production"]
    assert len(listed(coprod, "--all")) == 5
    unknown = coprod("review", "show", "999")
    assert unknown.code == 3 and "no fact proposal" in unknown.err
