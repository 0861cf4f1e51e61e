"""Ingestion and review on a real store (SQLite always; PostgreSQL when COPROD_TEST_POSTGRES is
set): articles in, one proposal per event, accepted into records that lead back to the sentence.
Every article here is written for these tests."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, select
from tests.ingest import ingest_document

from coprod.db.audit_models import Actor, AuditEntry
from coprod.db.engine import make_engine
from coprod.db.uow import UnitOfWork
from coprod.domain.enums import AccountRole
from coprod.errors import Conflict, Forbidden, InvalidInput, NotFound
from coprod.extraction import extract_text
from coprod.services.accounts.access import SYSTEM, Principal
from coprod.services.facts import accepting, aliases, editing, ingestion
from coprod.services.facts.proposals import (
    ProposalView,
    document_text_by_key,
    get_proposal,
    list_proposals,
)

LOI_SENTENCE = (
    "France and Ukraine signed a letter of intent on the co-production of drones on Monday."
)
LOI_A = f"Drone cooperation news\n\n{LOI_SENTENCE}\nThe text was not made public.\n"
LOI_B = (
    "Weekly defence digest\n\nParis and Kyiv have concluded a letter of intent to jointly "
    "produce drones, the French ministry said.\n"
)
LOI_C = (
    "Monthly review\n\nUkraine and France signed a letter of intent on drones on 2 June 2025; "
    "it covers technology transfer.\n"
)
OTHER = (
    "Air defence digest\n\nFrance and Ukraine also signed a memorandum of understanding on air "
    "defence systems.\nGermany will give EUR 500 million to Ukraine for air defence, Berlin said.\n"
)
NEW_COMPANY = (
    "Industry notes\n\nUkraine and the drone maker Zorblatt Dynamics GmbH signed a contract on "
    "the joint production of drones.\n"
)
NOISY_NEW_COMPANY = (
    "Industry notes, later\n\nUkraine signed a contract with Zorblat Dynamix for the "
    "co-production of drones on Friday.\n"
)
ALIAS = (
    "Artillery notes\n\nUkraine signed a contract with the German company RHM Waffen AG for the "
    "joint production of 155mm shells.\n"
)
ALIAS_AGAIN = (
    "Artillery notes, later\n\nUkraine and RHM Waffen AG agreed on a joint venture for "
    "artillery ammunition on Tuesday.\n"
)
MEETING = (
    "Ministers meet\n\nDefence ministers Boris Pistorius and Rustem Umerov met in Berlin on "
    "3 March 2025 to discuss drones.\nGermany delivered two more IRIS-T systems to Ukraine.\n"
)
REVIEWER = Actor("reviewer-1", "ua-mod")


@pytest.fixture
def engine(initialised_url: str) -> Iterator[Engine]:
    """A store as ``coprod init`` leaves it."""
    engine = make_engine(initialised_url)
    yield engine
    engine.dispose()


def ingest(engine: Engine, name: str, text: str) -> ingestion.IngestResult:
    with UnitOfWork(engine, access=SYSTEM) as uow:
        result = ingest_document(uow, name, text.encode("utf-8"), REVIEWER)
        uow.commit()
    return result


def proposals(engine: Engine, **filters: str) -> list[ProposalView]:
    with UnitOfWork(engine, access=SYSTEM) as uow:
        return [get_proposal(uow, v.id) for v in list_proposals(uow, **filters)]


def only(views: list[ProposalView], **fields: str) -> ProposalView:
    found = [v for v in views if all(v.fields.get(k) == w for k, w in fields.items())]
    assert len(found) == 1, [v.fields for v in views]
    return found[0]


def test_one_agreement_in_two_articles_is_one_proposal_and_others_stay_apart(
    engine: Engine,
) -> None:
    first = ingest(engine, "a.txt", LOI_A)
    second = ingest(engine, "b.txt", LOI_B)
    ingest(engine, "c.txt", OTHER)
    # the letter of intent and the planned production of drones it commits both sides to
    assert len(first.created) == 2 and second.created == [] and second.merged == first.created
    views = proposals(engine, type="agreement")
    loi = only(views, agreement_type="letter_of_intent")
    mou = only(views, agreement_type="memorandum_of_understanding")
    assert loi.fields["parties"] == ["FR", "UA"] and loi.fields["systems"] == ["drones"]
    assert loi.fields["scope"] == ["co_production"]
    assert {e.name for e in loi.evidence} == {"a.txt", "b.txt"}
    assert [e.name for e in mou.evidence] == ["c.txt"]
    assert (
        loi.identity
        == "agreement | parties=FR,UA | agreement_type=letter_of_intent | systems=drones"
    )
    quotes = {e.quote for e in loi.evidence}
    assert LOI_SENTENCE in quotes
    assert len(proposals(engine, type="funding")) == 1


def test_a_new_report_completes_an_unverified_proposal(engine: Engine) -> None:
    ingest(engine, "a.txt", LOI_A)
    with UnitOfWork(engine, access=SYSTEM) as uow:
        editing.edit(uow, 1, {"date": "2025-06"}, REVIEWER)
        editing.edit(uow, 1, {"date": ""}, REVIEWER)  # the reviewer finds the date unsure
        uow.commit()
    merged = ingest(engine, "c.txt", LOI_C)
    view = proposals(engine)[0]
    assert merged.merged == [view.key] and len(view.evidence) == 2
    assert view.fields["scope"] == ["co_production", "technology_transfer"]
    assert view.fields["date"] is None  # the reviewer's choice stays


def test_the_same_content_again_is_a_no_op(engine: Engine) -> None:
    ingest(engine, "a.txt", LOI_A)
    again = ingest(engine, "renamed.txt", LOI_A)
    assert again.unchanged and "already ingested" in again.message
    with UnitOfWork(engine, access=SYSTEM) as uow:
        assert (
            uow.source_documents.count({"sha256": hashlib.sha256(LOI_A.encode()).hexdigest()}) == 1
        )
    assert len(proposals(engine, type="agreement")) == 1
    assert all(len(p.evidence) == 1 for p in proposals(engine))


def test_a_file_that_fails_leaves_nothing(engine: Engine) -> None:
    with UnitOfWork(engine, access=SYSTEM) as uow, pytest.raises(InvalidInput, match=r"bad\.bin"):
        ingest_document(uow, "bad.bin", b"\x00\x01\x02\x03binary\x00")
    with UnitOfWork(engine, access=SYSTEM) as uow:
        before = uow.source_documents.count()
        with pytest.raises(InvalidInput, match=r"empty\.txt"):
            ingest_document(uow, "empty.txt", b"   \n")
        assert uow.source_documents.count() == before


def test_accepted_agreement_leads_back_to_its_sentence(engine: Engine) -> None:
    ingest(engine, "a.txt", LOI_A)
    ingest(engine, "b.txt", LOI_B)
    loi = only(proposals(engine), agreement_type="letter_of_intent")
    with UnitOfWork(engine, access=SYSTEM) as uow:
        result = accepting.accept(uow, loi.id, REVIEWER)
        uow.commit()
    assert result.record_kind == "agreement" and result.record_key
    with UnitOfWork(engine, access=SYSTEM) as uow:
        agreement = uow.agreements.get_by_key(result.record_key)
        assert agreement.type.value == "letter_of_intent" and agreement.status.value == "signed"
        assert agreement.parties == ["FR", "UA"] and agreement.systems == ["drones"]
        assert [s.value for s in agreement.scope] == ["co_production"]
        assert [h.status.value for h in agreement.history] == ["signed"]
        sentences = [
            document_text_by_key(uow, ev.document)[ev.start : ev.end] for ev in agreement.evidence
        ]
        names = [uow.source_documents.get_by_key(ev.document).name for ev in agreement.evidence]
    assert sentences[names.index("a.txt")] == LOI_SENTENCE
    assert len(sentences) == 2
    accepted = proposals(engine, state="accepted")
    assert [(v.record_key, v.reviewed_by) for v in accepted] == [(result.record_key, "reviewer-1")]


def test_accept_as_an_existing_key_adds_the_evidence(engine: Engine) -> None:
    ingest(engine, "a.txt", LOI_A)
    with UnitOfWork(engine, access=SYSTEM) as uow:
        first = accepting.accept(uow, 1, key="fr-ua-loi")
        uow.commit()
    ingest(engine, "c.txt", OTHER)
    mou = only(proposals(engine), agreement_type="memorandum_of_understanding")
    with UnitOfWork(engine, access=SYSTEM) as uow:
        second = accepting.accept(uow, mou.key, key="fr-ua-loi")
        uow.commit()
        assert first.record_key == second.record_key == "fr-ua-loi"
        assert len(uow.agreements.get_by_key("fr-ua-loi").evidence) == 2


def test_funding_and_meeting_become_records_supply_only_reviewed(engine: Engine) -> None:
    ingest(engine, "c.txt", OTHER)
    ingest(engine, "m.txt", MEETING)
    funding = proposals(engine, type="funding")[0]
    meeting = proposals(engine, type="meeting")[0]
    supply = proposals(engine, type="supply")[0]
    with UnitOfWork(engine, access=SYSTEM) as uow:
        made = [accepting.accept(uow, v.id, REVIEWER) for v in (funding, meeting, supply)]
        uow.commit()
        instrument = uow.funding_instruments.get_by_key(made[0].record_key)
        event = uow.events.get_by_key(made[1].record_key)
    assert instrument.funder == "DE" and str(instrument.pledged) == "500,000,000.00 EUR"
    assert instrument.categories == ["air_defence"] and len(instrument.evidence) == 1
    assert {"boris-pistorius", "rustem-umerov", "DE", "UA"} <= set(event.participants)
    assert event.on is not None and event.on.isoformat() == "2025-03-03"
    assert event.place == "Berlin"
    assert made[2].record_key is None and "no registry record" in made[2].message
    assert proposals(engine, type="supply", state="accepted")[0].state == "accepted"


def test_unknown_company_is_created_and_its_names_are_learned(engine: Engine) -> None:
    ingest(engine, "n.txt", NEW_COMPANY)
    proposal = proposals(engine)[0]
    assert "Zorblatt Dynamics" in proposal.fields["parties"]
    with UnitOfWork(engine, access=SYSTEM) as uow:
        result = accepting.accept(uow, proposal.id, REVIEWER)
        uow.commit()
        org = uow.organisations.get_by_key("zorblatt-dynamics")
        assert org.name == "Zorblatt Dynamics" and org.kind.value == "company"
        assert uow.agreements.get_by_key(result.record_key).parties == ["UA", "zorblatt-dynamics"]
    assert "organisation zorblatt-dynamics" in result.created
    # Without the learned name, the noisy spelling is not recognised at all …
    assert extract_text(NOISY_NEW_COMPANY, "x.txt").facts[0].parties == ["UA"]
    # … with it, the next ingest links the new registry organisation.
    later = ingest(engine, "later.txt", NOISY_NEW_COMPANY)
    with UnitOfWork(engine, access=SYSTEM) as uow:
        view = get_proposal(uow, later.created[0])
    assert view.fields["parties"] == ["UA", "zorblatt-dynamics"]


def test_edit_validates_keeps_edits_and_learns_the_alias(engine: Engine) -> None:
    ingest(engine, "r.txt", ALIAS)
    proposal = proposals(engine)[0]
    # "the German company": where the company is from, no party of its own
    assert proposal.fields["parties"] == ["UA", "RHM Waffen"]
    with UnitOfWork(engine, access=SYSTEM) as uow:
        with pytest.raises(InvalidInput, match="status 'bogus' is not one of"):
            editing.edit(uow, proposal.id, {"status": "bogus"})
        with pytest.raises(InvalidInput, match="unknown system 'no-such-system'"):
            editing.edit(uow, proposal.id, {"systems": "no-such-system"})
        with pytest.raises(InvalidInput, match="no such field"):
            editing.edit(uow, proposal.id, {"location": "Kyiv"})
        view = editing.edit(
            uow,
            proposal.id,
            {"entity:RHM Waffen": "rheinmetall", "parties": "UA,DE,rheinmetall", "date": "2025-06"},
            REVIEWER,
        )
        uow.commit()
    assert view.fields["parties"] == ["UA", "DE", "rheinmetall"]
    assert view.fields["date"] == "2025-06"
    assert [e["field"] for e in view.edits] == ["entity:RHM Waffen", "parties", "date"]
    assert view.edits[1]["old"] == ["UA", "rheinmetall"]
    with UnitOfWork(engine, access=SYSTEM) as uow:
        learned = {a["alias"]: a["target"] for a in aliases.list_aliases(uow)}
    assert learned["RHM Waffen AG"] == "rheinmetall"
    again = ingest(engine, "r2.txt", ALIAS_AGAIN)
    with UnitOfWork(engine, access=SYSTEM) as uow:
        view = get_proposal(uow, again.created[0])
    assert view.fields["parties"] == ["UA", "rheinmetall"]
    assert any(e["ref"] == "rheinmetall" and e["name"] == "Rheinmetall" for e in view.entities)


def test_reject_then_no_second_review_and_reviewer_role(engine: Engine) -> None:
    ingest(engine, "a.txt", LOI_A)
    analyst = Principal("ana", AccountRole.ANALYST, "some-org")
    with UnitOfWork(engine, access=SYSTEM) as uow:
        with pytest.raises(Forbidden):
            accepting.accept(uow, 1, principal=analyst)
        view = editing.reject(uow, 1, REVIEWER, reason="a rumour")
        uow.commit()
    assert view.state == "rejected" and view.reason == "a rumour"
    with UnitOfWork(engine, access=SYSTEM) as uow:
        with pytest.raises(Conflict, match="already rejected"):
            accepting.accept(uow, 1)
        with pytest.raises(NotFound):
            get_proposal(uow, 999)
        with pytest.raises(InvalidInput, match="state 'maybe'"):
            list_proposals(uow, state="maybe")


def test_every_change_is_in_the_audit_trail(engine: Engine) -> None:
    ingest(engine, "a.txt", LOI_A)
    with UnitOfWork(engine, access=SYSTEM) as uow:
        result = accepting.accept(uow, 1, REVIEWER)
        uow.commit()
    with UnitOfWork(engine, access=SYSTEM) as uow:
        entries = uow.session.scalars(select(AuditEntry).order_by(AuditEntry.seq)).all()
        uow.session.expunge_all()  # read after the unit of work ends
    seen = {(e.object_type, e.action, e.actor) for e in entries}
    assert ("SourceDocument", "create", "reviewer-1") in seen
    assert ("FactProposal", "create", "reviewer-1") in seen
    assert ("FactProposal", "update", "reviewer-1") in seen
    assert ("Agreement", "create", "reviewer-1") in seen
    accepted = [e for e in entries if e.object_type == "FactProposal" and e.action == "update"]
    assert any('"accepted"' in json.dumps(json.loads(e.patch)) for e in accepted)
    assert any(e.object_key == result.record_key for e in entries)


def test_a_later_report_of_an_accepted_fact_adds_evidence_to_its_record(engine: Engine) -> None:
    ingest(engine, "a.txt", LOI_A)
    with UnitOfWork(engine, access=SYSTEM) as uow:
        key = accepting.accept(uow, 1, REVIEWER).record_key
        uow.commit()
    later = ingest(engine, "b.txt", LOI_B)
    vague = ingest(engine, "v.txt", "Notes\n\nFrance and Ukraine reached an agreement on drones.\n")
    accepted = proposals(engine, state="accepted")[0].key
    assert accepted in later.merged and vague.merged == [accepted]  # later: the production too
    with UnitOfWork(engine, access=SYSTEM) as uow:
        agreement = uow.agreements.get_by_key(str(key))
        names = [uow.source_documents.get_by_key(ev.document).name for ev in agreement.evidence]
    assert names == ["a.txt", "b.txt", "v.txt"]


def test_a_refused_accept_or_edit_changes_nothing(engine: Engine) -> None:
    ingest(engine, "f.txt", "Notes\n\nGermany will finance drones for Ukraine, Berlin said.\n")
    ingest(engine, "r.txt", ALIAS)
    funding = proposals(engine, type="funding")[0]
    contract = proposals(engine, type="agreement")[0]
    with UnitOfWork(engine, access=SYSTEM) as uow:
        with pytest.raises(InvalidInput, match="needs a pledged amount"):
            accepting.accept(uow, funding.id, REVIEWER)
        with pytest.raises(InvalidInput, match="status"):
            editing.edit(uow, contract.id, {"entity:RHM Waffen": "rheinmetall", "status": "x"})
        assert aliases.list_aliases(uow) == []
        assert get_proposal(uow, contract.id).fields == contract.fields
        assert get_proposal(uow, funding.id).state == "unverified"
        editing.edit(uow, funding.id, {"amount": "250000000", "currency": "EUR"}, REVIEWER)
        made = accepting.accept(uow, funding.id, REVIEWER)
        uow.commit()
        pledged = uow.funding_instruments.get_by_key(str(made.record_key)).pledged
    assert str(pledged) == "250,000,000.00 EUR"


def test_a_failure_while_storing_leaves_no_part_of_the_file(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object) -> tuple[str, bool]:
        raise InvalidInput("the proposal step broke")

    with UnitOfWork(engine, access=SYSTEM) as uow:
        before = uow.source_documents.count()
        with monkeypatch.context() as patched:
            patched.setattr(ingestion, "add_proposal", broken)
            with pytest.raises(InvalidInput, match="proposal step broke"):
                ingest_document(uow, "a.txt", LOI_A.encode())
        assert uow.source_documents.count() == before
        assert list_proposals(uow, state=None) == []
        stored = ingest_document(uow, "c.txt", OTHER.encode())
        uow.commit()
    assert not stored.unchanged
    assert {v.evidence[0].name for v in proposals(engine)} == {"c.txt"}


@pytest.mark.parametrize("guard", ["service", "database"])
def test_an_ingest_that_loses_the_race_reports_already_ingested(
    engine: Engine, monkeypatch: pytest.MonkeyPatch, guard: str
) -> None:
    first = ingest(engine, "a.txt", LOI_A)
    # The second ingest checked the hash before the first committed: it goes on to store.
    checks: list[str] = []
    real_lookup = ingestion.document_by_sha

    def late_lookup(uow: UnitOfWork, sha: str) -> object:
        checks.append(sha)
        return None if len(checks) == 1 else real_lookup(uow, sha)

    monkeypatch.setattr(ingestion, "document_by_sha", late_lookup)
    if guard == "database":  # the service's own check also came too early: the index decides
        monkeypatch.setattr(ingestion.registry, "check_content_is_new", lambda *_a: None)
    second = ingest(engine, "copy.txt", LOI_A)
    assert len(checks) == 2
    assert second.unchanged and second.document == first.document
    assert "already ingested" in second.message
    with UnitOfWork(engine, access=SYSTEM) as uow:
        assert (
            uow.source_documents.count({"sha256": hashlib.sha256(LOI_A.encode()).hexdigest()}) == 1
        )
    assert len(proposals(engine)[0].evidence) == 1
