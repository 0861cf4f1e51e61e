"""The history page writes the audit service's changes in the reader's language
(``web/history_pages.py``): money and dates per locale, states by name, records as links with
their names, evidence once per document with the spans cited in it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from coprod.domain.enums import AgreementStatus
from coprod.domain.money import Money
from coprod.services.audit.history import Country, Named, Nature, Part
from coprod.web.history_pages import written
from coprod.web.locales import reader

UK = reader("uk")
ARTICLE = Named("source_documents", "seed-1", "Le drone franco-ukrainien")


def _span(start: int, end: int, note: str | None = None) -> Part:
    fields = [
        ("document", ARTICLE, Nature.REFERENCE),
        ("start", start, Nature.NUMBER),
        ("end", end, Nature.NUMBER),
    ]
    if note:
        fields.append(("note", note, Nature.TEXT))
    return Part(tuple(fields))


def test_values_are_written_in_the_readers_language() -> None:
    money = written(Money(Decimal("2000000000.50"), "EUR"), Nature.MONEY, UK)
    assert money == "2\u00a0000\u00a0000\u00a0000,50\u00a0євро"
    assert written(AgreementStatus.SIGNED, Nature.ENUM, UK) == "підписано"
    assert written([Country("FR"), Country("UA")], Nature.REFERENCE, UK) == "Франція, Україна"
    assert written("2026-03", Nature.MONTH, UK) == "бер. 2026\u202fр."
    assert written(None, Nature.TEXT, UK) is None and written([], Nature.PARTS, UK) is None


def test_a_record_named_by_key_is_a_link_with_its_name() -> None:
    named = Named("organisations", "ua-mod", "Міністерство оборони <України>")
    assert written(named, Nature.REFERENCE, UK) == (
        '<a href="/records/organisations/ua-mod">Міністерство оборони &lt;України&gt;</a>'
    )
    nameless = Named("needs", "need 1", None)
    assert written(nameless, Nature.REFERENCE, UK) == (
        '<a href="/records/needs/need%201">need 1</a>'
    )


def test_evidence_names_each_document_once_with_its_spans() -> None:
    shown = written([_span(10, 42), _span(1501, 1698, "підписання")], Nature.PARTS, UK)
    assert shown == (
        '<a href="/records/source_documents/seed-1">Le drone franco-ukrainien</a>'
        " (символи 10–42; символи 1\u00a0501–1\u00a0698: підписання)"
    )


def test_a_status_change_is_its_status_and_its_day() -> None:
    step = Part(
        (("status", AgreementStatus.SIGNED, Nature.ENUM), ("on", date(2025, 6, 5), Nature.DATE))
    )
    assert written([step], Nature.PARTS, UK) == "підписано, 5 черв. 2025\u202fр."


def test_a_roles_organisation_reads_as_on_the_records_pages() -> None:
    """Labelled with a link, as the record page and the preview write it
    (``links.named_piece``); a key naming no organisation says so."""
    aselsan = Named("organisations", "aselsan", "Aselsan")
    roles = [
        Part((("title", "CEO", Nature.TEXT), ("organisation", aselsan, Nature.REFERENCE))),
        Part((("organisation", Named("organisations", "gone-co", None), Nature.REFERENCE),)),
    ]
    assert written(roles, Nature.PARTS, UK) == (
        'CEO, організація <a href="/records/organisations/aselsan">Aselsan</a>; '
        "невідома організація (gone-co)"
    )
    assert written(roles[:1], Nature.PARTS, reader("en")) == (
        'CEO, organisation <a href="/records/organisations/aselsan">Aselsan</a>'
    )
