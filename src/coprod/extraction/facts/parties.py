"""Parties: the states, bodies, companies and people a window's entities stand for (a ministry
or an army is its state, a person the state they represent, a demonym that only describes a
company is no party)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import cache

from coprod import catalog
from coprod.extraction import lexicon
from coprod.extraction.facts.article import Article
from coprod.extraction.gazetteer import Hit

_STATES_ONLY = ("supply", "production", "funding")


def _main_partner(hits: Iterable[Hit]) -> str | None:
    counts = Counter(
        h.entry.key
        for h in hits
        if h.entry.type == "country"
        and h.entry.key not in lexicon.HOSTILE | {"UA"}
        # Brussels is NATO's and the EU's seat, not Belgium speaking; Belgium named is
        and not (h.entry.key in lexicon.SEATS and h.entry.via == "capital")
    )
    return counts.most_common(1)[0][0] if counts else None


def _hits_in(article: Article, start: int, end: int) -> list[Hit]:
    return article.hits.within(start, end)


def _parties(article: Article, hits: list[Hit], ftype: str) -> tuple[list[str], list[str]]:
    """The parties a window's entities give, and the people named (for meetings)."""
    parties: list[str] = []
    people: list[str] = []
    represented: set[str] = set()  # the states of the people named
    for hit in hits:
        party = _party(article, hit, ftype)
        if hit.entry.type == "person":
            people.append(hit.entry.name)
            if party:
                represented.add(party)
            if ftype == "meeting":
                parties.append(hit.entry.name)
        if party and party not in parties:
            parties.append(party)
        agency = _signing_agency(hit) if ftype == "agreement" else None
        if agency is not None and agency not in parties:
            parties.append(agency)  # its state is a side too, as the gold writes them
    if ftype == "meeting":
        # a hostile state is at the table only through its people ("Trump met Putin"); named
        # alone it is the war talked about ("talks on ending Russia's war", "Iranian drones")
        parties = [p for p in parties if p not in lexicon.HOSTILE or p in represented]
    if ftype in ("agreement", "supply", "production", "funding"):
        parties = _drop_described(article, hits, parties)
    if ftype == "agreement":
        parties = _drop_owners(article, hits, parties)
    return parties, people


# an organisation named as the owner of the company before it: "X, part of the Y group", "a
# subsidiary of Y", "owned by Y", "détenu par le groupe Y", "filiale de Y", "gehört zum Y-Konzern",
# "Tochter von Y", "входить до складу Y", "дочірня компанія Y", "входит в состав Y"
_OWNER_BEFORE = lexicon.rx(
    r"(?:\b(?:part of|(?:a )?subsidiary of|owned by|a unit of|a division of|belonging to"
    r"|filiale d[eu']?|détenue? par|appartenant à|propriété d[eu']"
    r"|Tochter(?:gesellschaft|firma)?\s+(?:von|der|des)|gehört(?:e)?\s+(?:zu|zur|zum)"
    r"|Teil\s+(?:der|des|von)|im Besitz\s+(?:von|der|des))"
    r"|(?<!\w)(?:входить до(?: складу)?|входит в(?: состав)?"
    r"|дочірн\w*(?: компані\w*| підприємств\w*)?|дочерн\w*(?: компани\w*| предприяти\w*)?"
    r"|належить|принадлежит|у складі|в составе))"
    r"\s+(?:(?:the|le|la|l['’]|du|de la|des|der|dem|an?)\s*)?(?:[\w-]+\s+){0,3}$",
    re.I,
)


def _drop_owners(article: Article, hits: list[Hit], parties: list[str]) -> list[str]:
    """The owner of a company named in the same window ("Excalibur Army, part of the CSG
    holding") is no side of that company's agreement."""
    orgs = [h for h in hits if h.entry.type == "organisation"]
    owners = {
        h.entry.name
        for h in orgs
        if _OWNER_BEFORE.search(article.folded, max(0, h.start - 60), h.start)
        and any(o.start < h.start and o.entry.name != h.entry.name for o in orgs)
    }
    return [p for p in parties if p not in owners]


_STANDARD = lexicon.rx(r"[\s-]?(?:standards?|Standards?|стандарт\w*)\b")


def _party(article: Article, hit: Hit, ftype: str) -> str | None:
    entry = hit.entry
    if entry.type == "country":
        if entry.key in lexicon.HOSTILE and ftype != "meeting":
            return None
        company = _company_meant(article, hit)
        if company is not None:
            return company
        if entry.via == "capital" and (
            entry.key in lexicon.SEATS
            or (ftype != "meeting" and _locative(article.folded, hit))
            or _dateline(article.text, hit)
        ):
            return None
        return entry.key
    if entry.type == "organisation":
        if _STANDARD.match(article.folded, hit.end):
            return None  # "NATO-standard shells": a standard, not a party
        org = catalog.organisations().get(entry.key) if entry.key else None
        if org is not None and org.kind == "alliance" and _alliance_attribute(article, hit):
            return None  # "one of the NATO countries", "NATO-type weapons": not the alliance
        if org is not None and org.kind in ("government_body", "armed_forces") and org.country:
            return None if org.country in lexicon.HOSTILE and ftype != "meeting" else org.country
        return entry.name
    if entry.type == "person" and ftype not in _STATES_ONLY:
        return _person_party(article, entry.key, ftype)
    return None


@cache
def _eu_bodies() -> frozenset[str]:
    orgs = catalog.organisations().values()
    return frozenset(o.name for o in orgs if o.key == "eu" or o.parent == "eu")


def eu_among_itself(parties: list[str]) -> bool:
    """Only the European Union's own bodies and funds, with at most Ukraine: the Union acting on
    its programmes, loans and rules ("the Council and the Parliament reached a provisional
    agreement", "les États membres sont parvenus à un accord sur le prêt", "Ukraine joins the
    European Defence Fund"), which the gold tells as initiatives and fundings, not agreements."""
    eu = _eu_bodies()
    return bool(set(parties) & eu) and set(parties) <= eu | {"UA"}


_AGENCY = re.compile(r"\b(?:Agency|Administration)\b")


def _signing_agency(hit: Hit) -> str | None:
    """A state agency that signs is a party of its own beside its state (annotation rule 15):
    "the Defence Procurement Agency signed a contract", "Sweden's materiel administration"."""
    if hit.entry.type != "organisation" or not hit.entry.key:
        return None
    org = catalog.organisations().get(hit.entry.key)
    if org is None or org.kind != "government_body" or not _AGENCY.search(org.name):
        return None
    if org.country in lexicon.HOSTILE:
        return None
    return org.name


# Words that make an alliance's name describe its members or its norms, not the alliance
# acting: "NATO countries", "a NATO member state", "NATO-type", "NATO's standard",
# "pays de l'OTAN", "Nato-Staaten", "країн НАТО", "країною – членом НАТО", "по стандартам НАТО".
_ALLIANCE_BEFORE = lexicon.rx(
    r"(?:\b(?:countr(?:y|ies)|members?|member states?|allies|pays|[ée]tats?|membres?"
    r"|alli[ée]s|standards?|normes?|Staaten|Länder(?:n)?|Mitglied(?:s|er)?(?:staaten)?"
    r"|Standards?|Normen)|(?<!\w)(?:країн\w*|держав\w*|член\w*|стран\w*|государств\w*"
    r"|стандарт\w*|союзник\w*))"
    r"(?:\s*[–—-]\s*(?:член\w*|members?|membres?))?"
    r"\s+(?:of\s+(?:the\s+)?|de\s+l['’]|des\s+|der\s+|des\s+|за\s+|по\s+)?$"
    # joining it: Ukraine's membership is told, the alliance acts in nothing ("Ukraine joining
    # NATO", "l'adhésion à l'OTAN", "Beitritt zur NATO", "вступ до НАТО", "вступление в НАТО")
    r"|(?:\b(?:joining|join|accession to|membership (?:of|in)|adh[ée]sion (?:à|a)|rejoindre"
    r"|int[ée]gration (?:à|a|dans)|Beitritt (?:zur|in die)|Mitgliedschaft in)"
    r"|(?<!\w)(?:(?:вступ|вступлени|членств|інтеграці|интеграци)\w*(?: \w+)? (?:до|в|у)"
    r"))\s+(?:the\s+|l['’]|der\s+|die\s+)?$"
)
_ALLIANCE_AFTER = lexicon.rx(
    r"(?:['’]s)?[\s-]*(?:countr(?:y|ies)|members?|member[\s-]states?|allies|type|standards?"
    r"|requirements|exigences|Anforderungen|вимог\w*|требовани\w*"
    r"|defen[cs]e industry|industry|Staaten|Mitglied\w*|Länder\w*|Partner\w*|Verteidigungs\w*"
    r"|Industrie\w*|країн\w*|стран\w*|член\w*)\b"
)


def _alliance_attribute(article: Article, hit: Hit) -> bool:
    """An alliance named for its members or its norms ("a NATO country", "NATO-type")."""
    text = article.folded
    before = text[max(0, hit.start - 40) : hit.start]
    return bool(_ALLIANCE_BEFORE.search(before) or _ALLIANCE_AFTER.match(text, hit.end))


def _person_party(article: Article, key: str, ftype: str) -> str | None:
    """The state a person represents, or the alliance they lead (NATO's secretary general)."""
    person = catalog.people().get(key) if key else None
    if person is None:
        return None
    when = article.published
    current = [
        r
        for r in person.roles
        if (when is None and r.end is None)
        or (
            when is not None
            and (r.start is None or r.start <= when)
            and (r.end is None or when <= r.end)
        )
    ]
    for role in current:
        org = catalog.organisations().get(role.organisation or "")
        if org is not None and org.kind in ("alliance", "international_body") and not org.country:
            return org.name
        if org is not None and org.kind == "company" and ftype == "agreement":
            return org.name  # a company's head signs or announces its contracts, not his state's
    if person.country and (person.country not in lexicon.HOSTILE or ftype == "meeting"):
        return person.country
    return None


_COMPANY_WORD = (
    r"(?:entreprise|société|groupe|company|firm|group|concern|maker|manufacturer|producer"
    r"|contractor|giant|constructeur|fabricant|industriel"
    r"|Rüstungskonzern|Konzern|Unternehmen|Firma|Hersteller|Rüstungsunternehmen|Rüstungsriese"
    r"|компані\w*|концерн\w*"
    r"|виробник\w*|компани\w*|производител\w*)"
)
_COMPANY_BEFORE = lexicon.rx(_COMPANY_WORD + r"(?:\s+d['’]armement|\s+de défense)?\s+$")
_COMPANY_AFTER = lexicon.rx(r"\s+(?:[\w-]+\s+){0,2}" + _COMPANY_WORD + r"\b")
COREFERENCE_REACH = 3000  # characters back to the company a description refers to


def _company_meant(article: Article, hit: Hit) -> str | None:
    """ "l'entreprise allemande", "the German company", "німецький концерн" with no name after
    it: the company of that country named last before (the article's own subject)."""
    if hit.entry.via != "demonym":
        return None
    text = article.folded
    before = text[max(0, hit.start - 30) : hit.start]
    if not (_COMPANY_BEFORE.search(before) or _COMPANY_AFTER.match(text, hit.end)):
        return None
    following = article.hits.within(hit.end, hit.end + 40)
    if following and following[0].entry.type == "organisation":
        return None  # "the German company Rheinmetall": a description of the name after it
    for prev in reversed(article.hits.within(max(0, hit.start - COREFERENCE_REACH), hit.start)):
        org = (
            catalog.organisations().get(prev.entry.key)
            if prev.entry.type == "organisation"
            else None
        )
        if org is not None and org.kind == "company" and org.country == hit.entry.key:
            return org.name
    return None


# a company told of by a common noun as the subject of its clause: "the company plans to",
# "la société produit", "das Unternehmen will", "компанія планує", "что его компания выпустит"
_COMPANY_ANAPHOR = lexicon.rx(
    r"(?:^|[,;:]\s*|(?<!\w)(?:and|but|that|et|mais|que|qu['’]|und|aber|dass|і|та|але|що"
    r"|и|но|что)\s+)"
    r"(?:(?:the|its|his|her|their)\s+(?:company|firm|group|manufacturer|producer|concern)"
    r"|(?:la\s+soci[ée]t[ée]|l['’]entreprise|le\s+groupe|le\s+fabricant|le\s+constructeur)"
    r"|(?:das\s+Unternehmen|der\s+(?:Konzern|Hersteller|R[üu]stungskonzern)|die\s+Firma)"
    r"|(?:(?:його|її|их|его|ее|её)\s+)?(?:компанія|концерн|компания|производитель"
    r"|виробник))"
    r"(?!\w)",
    re.I,
)


def company_referred(article: Article, start: int, end: int) -> str | None:
    """The company a common noun as the subject of ``start:end`` stands for ("The company
    plans to raise production", "das Unternehmen will"): the company named last before it,
    within COREFERENCE_REACH, when no name follows the noun; None when the organisation named
    last is no company."""
    text = article.folded
    m = _COMPANY_ANAPHOR.search(text[start:end])
    if m is None:
        return None
    noun_start, noun_end = start + m.start(), start + m.end()
    following = article.hits.within(noun_end, noun_end + 40)
    if following and following[0].entry.type == "organisation":
        return None  # "the company Rheinmetall": a description of the name after it
    reach = max(0, noun_start - COREFERENCE_REACH)
    for prev in reversed(article.hits.within(reach, noun_start)):
        if prev.entry.type != "organisation":
            continue
        org = catalog.organisations().get(prev.entry.key) if prev.entry.key else None
        if org is not None:
            return org.name if org.kind == "company" else None
        return None if can_fund(prev.entry.name) else prev.entry.name
    return None


# a capital written in capitals at the start of a line, then a dash, a date or the agency:
# the dateline of a wire ("BERLIN — ...", "ПАРИЖ, 26 марта. /ТАСС/"), where it was written
_DATELINE_AFTER = re.compile(r"(?:,\s*[A-Z][A-Z.]{0,5})?\s*(?:[—–-]\s|,\s*\d|\.\s*/|\(|/)")


def _dateline(text: str, hit: Hit) -> bool:
    """A capital as the dateline of the article or a paragraph: where it was written."""
    name = text[hit.start : hit.end]
    if not name.isupper() or len(name) < 3:
        return False
    line = text.rfind("\n", 0, hit.start) + 1
    return not text[line : hit.start].strip() and bool(_DATELINE_AFTER.match(text, hit.end))


def _locative(text: str, hit: Hit) -> bool:
    before = text[max(0, hit.start - 12) : hit.start]
    after = text[hit.end : hit.end + 4]
    return bool(lexicon.LOCATIVE.search(before)) and not re.match(r"\s+(?:de|d['’]|to)\b", after)


def _drop_described(article: Article, hits: list[Hit], parties: list[str]) -> list[str]:
    """A demonym that only describes a named company ("l'entreprise allemande X") is no party."""
    companies = {
        catalog.organisations()[h.entry.key].country
        for h in hits
        if h.entry.type == "organisation"
        and h.entry.key
        and catalog.organisations()[h.entry.key].kind == "company"
    }
    described = {
        h.entry.key
        for h in hits
        if h.entry.type == "country"
        and (
            (h.entry.via == "demonym" and h.entry.key in companies)
            or _describes_company(article.folded, h, hits)
        )
    }
    named = {
        h.entry.key
        for h in hits
        if h.entry.type == "country"
        and h.entry.via != "demonym"
        and not _describes_company(article.folded, h, hits)
        and not (h.entry.via == "capital" and _dateline(article.text, h))
    } | _bodies_states(hits)
    return [p for p in parties if p not in described - named]


def _bodies_states(hits: list[Hit]) -> set[str]:
    """The states whose ministries or armies are named ("a Ukrainian firm and the Ministry of
    Defence of Ukraine": Ukraine is a side, whatever the demonym describes)."""
    orgs = catalog.organisations()
    bodies = (orgs.get(h.entry.key) for h in hits if h.entry.type == "organisation" and h.entry.key)
    return {
        o.country
        for o in bodies
        if o is not None and o.kind in ("government_body", "armed_forces") and o.country
    }


_DESCRIPTOR = re.compile(r"(?:['’]s)?(?:[\s-]+(?:[a-z][\w-]*|-based))*[\s-]+$")


def _describes_company(text: str, hit: Hit, hits: list[Hit]) -> bool:
    """ "Germany's Rheinmetall", "U.S. defense startup Anduril": the state only says where the
    company it stands before comes from."""
    nxt = min((h for h in hits if h.start >= hit.end), key=lambda h: h.start, default=None)
    if nxt is None or nxt.entry.type != "organisation":
        return False
    if not nxt.entry.key:
        return _describes_new_company(text, hit, nxt)
    org = catalog.organisations()[nxt.entry.key]
    between = text[hit.end : nxt.start]
    return (
        org.kind == "company"
        and (org.country == hit.entry.key or hit.entry.via == "demonym")
        and bool(_DESCRIPTOR.fullmatch(between))
        and len(between) <= 40
    )


# a company word between a demonym and a company the catalogue lacks: "американська компанія
# D&M Holding Company", "die britische Verteidigungsfirma Prevail Partners", "la société
# française X"
_COMPANY_BETWEEN = lexicon.rx(
    r"[\s-]+(?:\w+[\s-]+){0,2}?(?:\w*(?:company|firm|firma|konzern|unternehmen|hersteller)\w*"
    r"|startup|start-up|société|entreprise|groupe|fabricant|компані\w*|фірм\w*|виробник\w*"
    r"|концерн\w*|корпораці\w*|компани\w*|фирм\w*|производител\w*|корпораци\w*)"
    r"(?:[\s-]+\w+){0,2}?[\s\"«“]+$",
    re.I,
)


def _describes_new_company(text: str, hit: Hit, company: Hit) -> bool:
    """A demonym, then a company word, then a company the catalogue lacks: where it comes from."""
    between = text[hit.end : company.start]
    return (
        hit.entry.via == "demonym"
        and len(between) <= 50
        and bool(_COMPANY_BETWEEN.fullmatch(between))
    )


def can_fund(party: str) -> bool:
    """A state, fund, alliance or international body: a party that pays, not one that makes."""
    if len(party) == 2:
        return True
    orgs = catalog.organisations_named(party)
    return any(o.kind in ("fund", "international_body", "alliance") for o in orgs)
