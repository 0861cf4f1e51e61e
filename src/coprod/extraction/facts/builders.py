"""Builders: one per fact type, each turning a window with its parties into a draft fact (and
the meeting at which a signed agreement was signed)."""

from __future__ import annotations

import dataclasses
import re

from coprod import catalog
from coprod.domain.text import fold
from coprod.extraction import lexicon
from coprod.extraction import lexicon_cyrillic as cyr
from coprod.extraction.amounts import AmountMention
from coprod.extraction.facts.article import Article, Draft, Trigger, Window
from coprod.extraction.facts.cues import (
    _FINANCING_AFTER,
    _amount,
    _anaphoric,
    _date,
    _growth,
    _location,
    _manufacturer_countries,
    _money_after,
    _named_event,
    _production_status,
    _quantity,
    _rest_of_clause,
    _scope,
    _status,
    _systems,
    _trim,
)
from coprod.extraction.facts.parties import _STATES_ONLY, _hits_in, _parties, company_referred
from coprod.extraction.facts.parties import can_fund as _can_fund
from coprod.extraction.facts.windows import (
    _PLURAL_DOCUMENT,
    UKRAINE_DATIVE,
    _ukrainian,
    abroad,
    company_named,
    financed_by,
    to_ukraine,
)
from coprod.extraction.gazetteer import Hit
from coprod.extraction.model import Fact, Span

_PAIR = lexicon.rx(
    r"\b(?:the two (?:ministers|sides|countries|leaders|men|women)|both (?:ministers|sides"
    r"|countries|leaders)|les deux (?:ministres|pays|parties|dirigeants|hommes)|les parties"
    r"|the parties|beide(?:n)? (?:Minister|Seiten|Länder|Staaten|Politiker)|die beiden\b"
    r"|they\b|ils\b|" + cyr.PAIR + ")",
    re.I,
)


def _signing_meeting(article: Article, window: Window, draft: Draft) -> Draft | None:
    """Two or more people named in the sentence of a signed agreement met to sign it: a
    meeting of those people and the states or bodies they represent."""
    if draft.fact.type != "agreement" or draft.fact.status != "signed":
        return None
    people = [h for h in article.hits.within(*window.sentence) if h.entry.type == "person"]
    names = list(dict.fromkeys(h.entry.name for h in people))
    if len(names) < 2:
        return None
    parties, _ = _parties(article, people, "meeting")
    fact = Fact(
        type="meeting",
        parties=list(dict.fromkeys(parties)),
        location=_location(article, window),
        date=_date(article, window),
        evidence=list(draft.fact.evidence),
    )
    fact.confidence = _confidence(fact)
    return Draft(fact, people=names)


def _order_supply(article: Article, window: Window, draft: Draft) -> Draft | None:
    """An order placed with a company by Ukraine, or for it, for named goods ("hat 12 IRIS-T bei
    Diehl Defence bestellt", "a commandé 40 radars à Hensoldt") is a contract and also the
    supply it orders: a planned supply of those goods by the company to Ukraine. A state's order
    for its own forces is left to the rules for supplies (the gold names that state as
    Ukraine's supplier of what it passes on)."""
    fact = draft.fact
    if fact.type != "agreement" or window.detail != "contract" or not fact.systems:
        return None
    if not any(lexicon.ORDER.fullmatch(article.folded, t.start, t.end) for t in window.triggers):
        return None
    companies = [p for p in fact.parties if len(p) != 2 and not _can_fund(p)]
    buyers = [p for p in fact.parties if len(p) == 2 and p not in lexicon.HOSTILE]
    if len(companies) != 1 or not buyers:
        return None
    if "UA" not in buyers and not to_ukraine(article, window.triggers[-1].end, window.sentence[1]):
        return None  # a state's order for its own forces, part of which may go on to Ukraine
    supply = Fact(
        type="supply",
        parties=[companies[0], "UA"],
        supplier=companies[0],
        recipient="UA",
        status="planned",
        systems=list(fact.systems),
        quantity=fact.quantity,
        date=fact.date,
        evidence=list(fact.evidence),
    )
    supply.confidence = _confidence(supply)
    return Draft(supply)


def _agreement_production(article: Article, window: Window, draft: Draft) -> Draft | None:
    """A signed agreement to produce named goods together ("signed an agreement on the joint
    production of drones", "agreed to produce shells jointly"), or an agreement read from a
    joint production word, is also the production it commits its parties to: a planned
    production of those goods by the same parties."""
    fact = draft.fact
    if fact.type != "agreement" or len(fact.parties) < 2:
        return None
    first = window.triggers[0]
    joint = lexicon.PRODUCTION_WORD.match(article.folded, first.start, first.end) is not None
    if fact.status != "signed" and not joint:
        return None
    if _ordered(article, window):
        return None  # a purchase commits no one to produce together
    start, end = window.start, _rest_of_clause(article, window)[1]
    if not lexicon.PRODUCTION_WORD.search(article.folded, start, end):
        return None
    systems = _systems(_hits_in(article, start, end))
    if not systems:
        return None
    production = Fact(
        type="production",
        parties=list(fact.parties),
        status="planned",
        systems=systems,
        date=fact.date,
        evidence=list(fact.evidence),
    )
    production.confidence = _confidence(production)
    return Draft(production)


# "with" before the partners of several bilateral documents
_WITH = lexicon.rx(r"\b(?:with|avec|mit)\b|(?<!\w)(?:з|із|зі|с|со)(?!\w)", re.I)


def _bilateral_shares(article: Article, window: Window, draft: Draft) -> list[Draft]:
    """Documents in the plural signed with a list of states ("concluded drone agreements with
    Latvia, Finland and Sweden", "a conclu des accords avec la Lettonie et la Finlande", "уклала
    угод з Данією, Швецією та Норвегією"): one document with each of them, not one of all."""
    fact = draft.fact
    first = window.triggers[0]
    if fact.type != "agreement" or len(fact.parties) < 3:
        return [draft]
    if not _PLURAL_DOCUMENT.fullmatch(article.folded, first.start, first.end):
        return [draft]
    marker = _WITH.search(article.folded, first.end, window.end)
    if marker is None:
        return [draft]
    partners = list(
        dict.fromkeys(
            h.entry.key
            for h in article.hits.within(marker.end(), window.end)
            if h.entry.type == "country"
            and h.entry.via != "demonym"
            and h.entry.key in fact.parties
        )
    )
    others = [p for p in fact.parties if p not in partners]
    if len(partners) < 2 or not any(len(p) == 2 for p in others):
        return [draft]  # a state signs them with each (not "agreements of X with A and B")
    shares = []
    for partner in partners:
        share = dataclasses.replace(fact, parties=[*others, partner], evidence=list(fact.evidence))
        shares.append(Draft(share, people=list(draft.people)))  # each names its partner
    return shares


def _ordered(article: Article, window: Window) -> bool:
    """An agreement read from an order or a purchase verb ("commandé", "purchased", "замовила")."""
    first = window.triggers[0]
    return lexicon.ORDER.fullmatch(article.folded, first.start, first.end) is not None


def _build(article: Article, window: Window, partner: str | None) -> Draft | None:
    hits = _hits_in(article, window.start, window.end)
    parties, people = _parties(article, hits, window.type)
    if window.subject and len(parties) < 2:
        more, more_people = _parties(article, _hits_in(article, *window.subject), window.type)
        parties += [p for p in more if p not in parties]
        people += more_people
    if not parties and window.type in _STATES_ONLY and window.end < window.sentence[1]:
        # "we allocate 1.6 billion crowns to the Danish model, said Denmark's minister": the
        # payer is named after the window
        more, _ = _parties(article, _hits_in(article, window.end, window.sentence[1]), window.type)
        parties += [p for p in more if len(p) == 2]
    sentence_text = article.folded[window.sentence[0] : window.sentence[1]]
    borrowed = not parties
    if (
        window.previous
        and window.type in ("agreement", "meeting")
        and len(parties) < 2
        and (_PAIR.search(sentence_text) or (window.type == "agreement" and not parties))
        and not (window.type == "agreement" and _some_documents(article, window))
    ):
        more, more_people = _parties(article, _hits_in(article, *window.previous), window.type)
        parties += [p for p in more if p not in parties]
        people += [p for p in more_people if p not in people]
    builder = _BUILDERS[window.type]
    draft = builder(article, window, hits, parties, partner)
    if draft is None:
        return None
    draft.people = people
    draft.borrowed = borrowed and window.type == "agreement"
    draft.fact.evidence = [Span(*_trim(article.folded, window.sentence))]
    draft.anaphoric = draft.anaphoric or _anaphoric(article.folded, window)
    draft.fact.confidence = _confidence(draft.fact)
    return draft


# documents told of as some, not as one: "pour finaliser des accords de production", "d'autres
# contrats", "new agreements", "weitere Verträge"
_SOME = lexicon.rx(
    r"(?:\b(?:des|de nouveaux|de nouvelles|d['’]autres|new|other|further|neue|weitere|andere)"
    r"|(?<!\w)(?:нові|нових|інші|інших|новые|новых|другие|других))\s+$",
    re.I,
)


def _some_documents(article: Article, window: Window) -> bool:
    """A plural document word after an indefinite determiner: documents in general, which
    borrow no parties from the sentence before (the states listed there did not sign them)."""
    first = window.triggers[0]
    if not _PLURAL_DOCUMENT.fullmatch(article.folded, first.start, first.end):
        return False
    return bool(
        _SOME.search(article.folded, max(window.sentence[0], first.start - 20), first.start)
    )


def _agreement(
    article: Article, window: Window, hits: list[Hit], parties: list[str], partner: str | None
) -> Draft | None:
    text = article.folded[window.start : window.end]
    rest = _hits_in(article, *_rest_of_clause(article, window))
    amount = _amount(article, window)
    if amount is None and _FINANCING_AFTER.match(article.folded, window.triggers[-1].end):
        amount = next(
            (a for a in article.amounts.within(window.end, _rest_of_clause(article, window)[1])),
            None,
        )
    quantity, quantity_text = _quantity(article, window, hits)
    clause = article.folded[window.start : _rest_of_clause(article, window)[1]]
    scope = _scope(text) or _scope(clause)
    if "co_production" not in scope and lexicon.PRODUCTION_WORD.search(clause):
        scope.append("co_production")  # an agreement about production: made with a partner
    if window.detail == "joint_venture" and "co_production" not in scope:
        scope.append("co_production")  # a defence joint venture makes what its owners agree on
    if _ordered(article, window):
        # "ordered six radars from the manufacturer Thales": a purchase, whatever its maker does
        scope = ["procurement", *(s for s in scope if s not in ("procurement", "co_production"))]
    paid = _contracts_paid(article, window, parties, amount)
    if paid is not None:
        return paid
    if window.detail == "contract":
        parties = parties + [p for p in _contract_payers(article, window) if p not in parties]
    status = _status(article, window, ("cancelled", "planned", "signed"), "signed")
    first = window.triggers[0]
    future = lexicon.ORDER_PLANNED.fullmatch(article.folded, first.start, first.end)
    if status == "signed" and future:
        status = "planned"  # "Литва закупить 40 танків": a purchase to come
    fact = Fact(
        type="agreement",
        agreement_type=window.detail,
        parties=parties,
        status=status,
        scope=scope,
        systems=_systems(hits) or _systems(rest) or _systems(_hits_in(article, *window.sentence)),
        quantity=quantity,
        quantity_text=quantity_text,
        amount=amount.amount if amount else None,
        currency=amount.currency if amount else None,
        date=_date(article, window),
    )
    return Draft(fact)


# a contract paid for by states other than its signatories: "a contract to modernise tanks, which
# is funded by the United States and the Netherlands", "which Denmark financed", "financé par la
# Norvège", "von Deutschland finanziert", "профінансований Данією", "финансируемый Норвегией"
_PAID = lexicon.rx(
    r"\b(?:funded|financed|paid for|financée?s?|payée?s?|finanziert|bezahlt)\b"
    r"|(?<!\w)(?:профінансова\w*|фінансова\w*|фінансуєтьс\w*|профинансирова\w*"
    r"|финансирова\w*|финансируе\w*)",
    re.I,
)
PAYER_REACH = 60  # characters either side of the funding word within which its payers are named


def _contract_payers(article: Article, window: Window) -> list[str]:
    """The states that pay for a contract, named with a funding word in its clause after the
    contract word (the gold lists them among the contract's parties)."""
    text = article.folded
    first = window.triggers[0]
    paid = _PAID.search(text, first.end, window.sentence[1])
    if paid is None:
        return []
    start = max(first.end, paid.start() - PAYER_REACH)
    boundary = _CLAUSE_END.search(
        text, paid.end(), min(window.sentence[1], paid.end() + PAYER_REACH)
    )
    end = boundary.start() if boundary else min(window.sentence[1], paid.end() + PAYER_REACH)
    found: list[str] = []
    last = None
    for hit in article.hits.within(start, window.sentence[1]):
        if hit.start >= end and not (
            last is not None and _LIST_GAP.fullmatch(text, last, hit.start)
        ):
            break  # past the clause, unless the list of payers goes on ("by A, B and C")
        key = hit.entry.key
        if hit.entry.type != "country" or key in ("UA", *lexicon.HOSTILE) or not key:
            continue
        if hit.entry.via == "demonym" or key in found:
            continue
        found.append(key)
        last = hit.end
    return found


# between two states of a list: "Germany, Denmark and Norway", "l'Allemagne, le Danemark et la
# Norvège", "Deutschland, Dänemark und Norwegen", "Німеччиною, Данією та Норвегією"
_LIST_GAP = lexicon.rx(
    r"\s*(?:,|,?\s*(?:and|et|und|as well as|ainsi que|sowie|і|й|та|и))\s*"
    r"(?:(?:the|le|la|les|l['’]|der|die|das|den|dem)\s*)?",
    re.I,
)


_CLAUSE_END = lexicon.rx(
    r"[,;:]|\bas part of\b|\bdans le cadre\b|\bim Rahmen\b|(?<!\w)в рамках", re.I
)


# "Denmark signed contracts worth €600 million", "уклала контрактів на €600 млн": plural contracts
_CONTRACTS = lexicon.rx(
    r"contrats|contracts|Vertr[aä]ge|Auftr[aä]ge|контракт(?:и|ів|ами|ах|ы|ов)"
    r"|договор(?:и|ів|ы|ов)"
)


def _contracts_paid(
    article: Article, window: Window, parties: list[str], amount: AmountMention | None
) -> Draft | None:
    """Contracts (plural) for a sum, signed by one state with no company named: that state's
    money committed to Ukraine's orders (a funding), not one agreement with a partner."""
    trigger = window.triggers[0]
    if amount is None or not _CONTRACTS.fullmatch(article.folded[trigger.start : trigger.end]):
        return None
    payers = [p for p in parties if p != "UA"]
    if len(payers) != 1 or len(payers[0]) != 2 or payers[0] in lexicon.HOSTILE:
        return None
    recipient = "UA" if "UA" in parties or _mentions_ukraine(article) else None
    fact = Fact(
        type="funding",
        parties=[payers[0], *([recipient] if recipient else [])],
        funder=payers[0],
        recipient=recipient,
        status=_status(article, window, ("cancelled", "planned", "signed"), "signed"),
        amount=amount.amount,
        currency=amount.currency,
        date=_date(article, window),
    )
    return Draft(fact)


def _funding(
    article: Article, window: Window, hits: list[Hit], parties: list[str], partner: str | None
) -> Draft | None:
    others = [p for p in parties if p != "UA"]
    named = [p for p in others if len(p) != 2]
    states = [p for p in others if len(p) == 2] + sorted(named, key=lambda p: not _can_fund(p))
    if not states:
        persons = [
            catalog.people()[h.entry.key].country
            for h in hits
            if h.entry.type == "person" and h.entry.key
        ]
        states = [c for c in persons if c and c != "UA" and c not in lexicon.HOSTILE]
    if not states and _own_government(article, window):
        states = ["UA"]  # "the government allocated 1.5 billion hryvnias for grants"
    if not states:
        return None
    funder = states[0]
    if window.detail == "amount" and not _can_fund(funder):
        return None  # a sum of money alone: revenue, prices... unless a state or fund pays
    companies = [p for p in states[1:] if len(p) != 2]
    if len(funder) != 2 and companies and not _can_fund(companies[0]):
        recipient: str | None = companies[0]  # a fund or bank finances the organisation named
    elif "UA" in parties or (
        (len(funder) == 2 or _aid_fund(funder)) and _mentions_ukraine(article)
    ):
        recipient = "UA"
    else:
        recipient = companies[0] if companies else None
    amount = _amount(article, window) or _money_after(article, window)
    if amount is None:
        amount = _sum_before(article, window)
    if amount is None and not article.amounts.within(*window.sentence):
        amount = _sum_beside(article, window)
    payers = [p for p in states if len(p) == 2 and p != recipient and p not in lexicon.HOSTILE]
    joint = len(payers) >= 3 and _JOINTLY_PAID.search(article.folded, window.start, window.end)
    # a state's money for Ukraine paid through a fund, coalition or body named with it ("€250
    # million to the PURL initiative", "20 millions d'euros à la coalition des drones"): that
    # channel is a party too
    channels = (
        [p for p in companies if _can_fund(p)][:1] if len(funder) == 2 and recipient == "UA" else []
    )
    if not channels and len(funder) == 2 and recipient == "UA":
        channels = _channel_after(article, window)
    fact = Fact(
        type="funding",
        parties=[
            *(payers if joint else [funder]),
            *channels,
            *([recipient] if recipient else []),
        ],
        funder=None if joint else funder,
        recipient=recipient,
        status=_status(article, window, ("cancelled", "planned", "signed"), "signed"),
        systems=_systems(hits)
        or _systems(_hits_in(article, *window.sentence))
        or _systems_before(article, window),
        amount=amount.amount if amount else None,
        currency=amount.currency if amount else None,
        date=_date(article, window),
        scope=_scope(article.folded[window.start : window.end]),
    )
    return Draft(fact)


def _systems_before(article: Article, window: Window) -> list[str]:
    """The systems of the sentence before a funding whose sentence names none, where that
    sentence tells no funding of its own ("Slovakia delivered 16 howitzers. The project is financed
    by Norway")."""
    if window.previous is None or _money_words(article, window.previous, ("funding",)):
        return []
    return _systems(_hits_in(article, *window.previous))


def _money_words(article: Article, sentence: tuple[int, int], types: tuple[str, ...]) -> bool:
    """Whether a trigger word of ``types`` is written in ``sentence``."""
    return any(
        lexicon.TRIGGERS[int((m.lastgroup or "t0")[1:])][1] in types
        for m in lexicon.TRIGGER_RE.finditer(article.folded, *sentence)
    )


def _sum_before(article: Article, window: Window) -> AmountMention | None:
    """The sum written before a funding word in its sentence when none follows it ("ce
    contrat, d'une valeur de 75 millions d'euros, est financé par la Belgique", "30 Mio. EUR
    … bereitgestellt"), unless another funding word stands between them."""
    before = article.amounts.within(window.sentence[0], window.start)
    if not before or article.amounts.within(window.start, window.sentence[1]):
        return None
    last = before[-1]
    between = (last.end, window.triggers[0].start)
    return None if _money_words(article, between, ("funding",)) else last


def _sum_beside(article: Article, window: Window) -> AmountMention | None:
    """The sum of a funding told in the sentence after or before it, when its own sentence
    writes none ("Finland will finance the repair. The total is EUR 40 million"; "These funds
    will be provided by Sweden" after "a contract worth EUR 120 million"): the one sum of the
    neighbouring sentence, which tells no funding of its own (nor an agreement, after it)."""
    neighbours = ((window.following, ("funding", "agreement")), (window.previous, ("funding",)))
    for sentence, claims in neighbours:
        if sentence is None:
            continue
        sums = article.amounts.within(*sentence)
        if len(sums) == 1 and not _money_words(article, sentence, claims):
            return sums[0]
    return None


CHANNEL_REACH = 40  # characters after a funding's window within which its channel is named


def _channel_after(article: Article, window: Window) -> list[str]:
    """The fund or coalition a state's money goes to, named right after the funding's window
    (which the initiative or coalition word closes: "виділила 300 млн євро на ініціативу
    PURL", "allocated EUR 300 million to the Maritime Coalition")."""
    end = min(window.sentence[1], window.end + CHANNEL_REACH)
    for hit in article.hits.within(window.end, end):
        if hit.entry.type == "country":
            return []
        if hit.entry.type == "organisation" and len(hit.entry.name) != 2:
            named = catalog.organisations_named(hit.entry.name)
            if any(o.kind == "fund" or "coalition" in o.name.lower() for o in named):
                return [hit.entry.name]
    return []


def _aid_fund(party: str) -> bool:
    """A fund that pays for Ukraine (the European Peace Facility, PURL, a charity), not one that
    pays Europe's own industry (lexicon.INDUSTRY_FUNDS)."""
    if party in lexicon.INDUSTRY_FUNDS:
        return False
    return any(o.kind == "fund" for o in catalog.organisations_named(party))


# money put up by several states with no lead (rule 40): "financé par l'Estonie, la Lettonie et
# la Lituanie", "funded by Estonia, Latvia and Lithuania", "Эстония, Латвия и Литва совместно"
_JOINTLY_PAID = lexicon.rx(
    r"\b(?:financ\w*|funded|paid)\s+(?:jointly\s+|conjointement\s+)?(?:by|par)\b"
    r"|\b(?:together|jointly|ensemble|conjointement|gemeinsam|together with)\b"
    r"|(?<!\w)(?:спільно|совместно|разом|вместе)(?!\w)",
    re.I,
)


# the government or the state, told with no country of its own
_GOVERNMENT = lexicon.rx(
    r"\b(?:government|gouvernement|Regierung|the state|l['’][ée]tat)\b"
    r"|(?<!\w)(?:уряд(?:у|ом)?|держава|держави|державою|Кабмін\w*|правительств(?:о|а|ом)"
    r"|государство|государства)(?!\w)",
    re.I,
)


def _own_government(article: Article, window: Window) -> bool:
    """A strong funding word ("allocated", "grants") after "the government" or "the state" with
    no country named: in an article about Ukraine, Ukraine's own money."""
    first = window.triggers[0]
    strong = lexicon.STRONG_FUNDING.match(article.folded, first.start, first.end) is not None
    before = _GOVERNMENT.search(article.folded, window.sentence[0], first.start)
    return strong and before is not None and _mentions_ukraine(article)


# "€125 million from Denmark", "20 Mio. Euro aus Schweden", "500 млн від Данії"
_PAYER_AFTER = lexicon.rx(
    r"\s+(?:from|de|d['’]|du|de la|aus|von|від|из|от)\s+(?:the\s+|la\s+|l['’])?$"
)
# "with Denmark committing €135 million", "and Norway adding €43 million"
_PAYER_BEFORE = lexicon.rx(r"^\s+(?:\w+(?:ing|s|t|e)\s+)?(?:(?:an?|some|about|nearly|up to)\s+)?$")


def _funding_shares(article: Article, window: Window, draft: Draft) -> list[Draft]:
    """A sentence that gives each payer its sum ("€125 million from Denmark, €20 million from
    Sweden"; "with Denmark committing €135 million and Norway adding €43 million"): one
    funding per payer and sum, beside the fact as built."""
    fact = draft.fact
    if fact.type != "funding" or fact.recipient is None:
        return [draft]
    shares: list[Draft] = []
    for amount in article.amounts.within(*window.sentence):
        payer = _payer_of(article, amount, window.sentence)
        if payer is None or payer == fact.recipient:
            continue
        share = Fact(
            type="funding",
            parties=[payer, fact.recipient],
            funder=payer,
            recipient=fact.recipient,
            status=fact.status,
            amount=amount.amount,
            currency=amount.currency,
            date=fact.date,
            evidence=list(fact.evidence),
        )
        share.confidence = _confidence(share)
        shares.append(Draft(share))
    if len({s.fact.funder for s in shares}) < 2:
        return [draft]
    told = {(s.fact.funder, s.fact.amount) for s in shares}
    keep = [] if (fact.funder, fact.amount) in told else [draft]
    return keep + shares


def _payer_of(article: Article, amount: AmountMention, sentence: tuple[int, int]) -> str | None:
    """The state written right after a sum with "from" or right before it with a verb."""
    text = article.folded
    after = list(article.hits.within(amount.end, min(sentence[1], amount.end + 30)))
    if (
        after
        and after[0].entry.type == "country"
        and _PAYER_AFTER.search(text[amount.end : after[0].start])
    ):
        return after[0].entry.key
    before = list(article.hits.within(max(sentence[0], amount.start - 30), amount.start))
    if (
        before
        and before[-1].entry.type == "country"
        and _PAYER_BEFORE.search(text[before[-1].end : amount.start])
    ):
        return before[-1].entry.key
    return None


def _mentions_ukraine(article: Article) -> bool:
    return article.ukraine_named


def _supply(
    article: Article, window: Window, hits: list[Hit], parties: list[str], partner: str | None
) -> Draft | None:
    systems = _systems(hits) or _systems(_hits_in(article, *window.sentence))
    if not systems and not to_ukraine(article, window.triggers[-1].end, window.sentence[1]):
        return None  # (the trigger rules let a supply of unnamed goods through when alone)
    suppliers = [p for p in parties if p != "UA"]
    if not suppliers:
        # "Nexter, a subsidiary of KNDS, will supply...": the subject before the clause
        before, _ = _parties(article, _hits_in(article, window.sentence[0], window.start), "supply")
        suppliers = [p for p in before if p != "UA"]
    if not suppliers and partner is not None:
        # "the company will deliver 200 more": the company named before gives, not the
        # article's main state where that is the company's home
        company = company_referred(article, window.sentence[0], window.triggers[0].start)
        if company is not None and partner in {
            o.country for o in catalog.organisations_named(company)
        }:
            suppliers = [company]
    recipient = _destination(article, window) or "UA"
    suppliers = [p for p in suppliers if p != recipient]
    hostile = any(
        h.entry.type == "country" and h.entry.key in lexicon.HOSTILE
        for h in article.hits.within(*window.sentence)
    )
    if not systems and not suppliers and window.previous is not None and not hostile:
        # "The first batch will be delivered to Ukraine": the one giver of the sentence before (not
        # where Russia is named: "Russia sent a note about the deliveries of arms to Ukraine")
        before, _ = _parties(article, _hits_in(article, *window.previous), "supply")
        givers = [p for p in before if p != recipient]
        suppliers = givers if len(givers) == 1 else []
    if not systems and not suppliers:
        return None  # goods and giver both unnamed: too little to tell a supply
    supplier = suppliers[0] if suppliers else partner
    if supplier is None and systems and recipient == "UA" and _ukraine_receives(article, window):
        pass  # "Ukraine received a new batch of missiles": the giver is not told
    elif supplier is None or supplier == recipient:
        return None
    quantity, _ = _quantity(article, window, hits)
    amount = _amount(article, window)
    fact = Fact(
        type="supply",
        parties=[supplier, recipient] if supplier else [recipient],
        supplier=supplier,
        recipient=recipient,
        amount=amount.amount if amount else None,
        currency=amount.currency if amount else None,
        status=_status(
            article, window, ("cancelled", "requested", "delivered", "planned"), "planned"
        ),
        systems=systems,
        quantity=quantity,
        date=_date(article, window),
    )
    return Draft(fact)


def _ukraine_receives(article: Article, window: Window) -> bool:
    """Ukraine or its army named in the supply's sentence as the one who receives: the subject of
    a receipt word ("Ukraine received", "ЗСУ отримали") or after the supply word ("delivered to
    the Ukrainian army")."""
    trigger = window.triggers[0]
    if trigger.detail in ("receipt", "arrival") or (
        trigger.type == "supply" and _RECEIPT.fullmatch(article.folded, trigger.start, trigger.end)
    ):
        before = article.hits.within(window.sentence[0], trigger.start)
        return any(_ukrainian(h) for h in before)
    return to_ukraine(article, trigger.end, window.sentence[1])


_RECEIPT = lexicon.rx(r"received|re[çc]u(?:e?s)?|отрима\w*|получил\w*|erhalten|erhielt\w*")


def _destination(article: Article, window: Window) -> str | None:
    """A state other than Ukraine the goods go to, written after the trigger ("livraisons de
    drones à destination de l'Arménie", "will deliver howitzers to Armenia", "nach Armenien
    liefern")."""
    for hit in article.hits.within(window.start, window.end):
        if hit.entry.type != "country" or hit.entry.key in lexicon.HOSTILE:
            continue
        dative = hit.entry.key == "UA" and UKRAINE_DATIVE.match(article.folded, hit.start)
        if dative or lexicon.DESTINATION.search(
            article.folded, max(window.start, hit.start - 30), hit.start
        ):
            # "передасть Україні гаубиці та направить інструкторів до Польщі": Ukraine first
            return None if hit.entry.key == "UA" else hit.entry.key
    return None


def _production(
    article: Article, window: Window, hits: list[Hit], parties: list[str], partner: str | None
) -> Draft | None:
    systems = _systems(hits)
    payers = financed_by(article, window.sentence[0], window.triggers[0].start)
    if (
        (payers or _paid_for(article, window))
        and not _counted(article, window)
        and not company_named(article, window.sentence)
    ):
        # rule 41: "Sweden will fund Ukrainian drone production", "invests in the production
        # of drones": the funding's goods, no production of its own without a volume or a maker
        return None
    if payers:
        # the payer is no producer: the makers of the systems are, or the others named
        parties = _manufacturer_countries(hits) or [p for p in parties if p not in payers]
    if all(len(p) == 2 for p in parties):
        company = company_referred(article, window.sentence[0], window.triggers[0].start)
        if company is not None:
            # "the company plans to raise production": the company named before makes it, not
            # its home state (nor the maker of the systems)
            home = {o.country for o in catalog.organisations_named(company)}
            parties = [company, *(p for p in parties if p not in home)]
    growth = _growth(article, window)
    place = abroad(article, window.triggers[-1].end, window.sentence[1])
    if not systems and not growth and place is None and all(len(p) == 2 for p in parties):
        return None
    if place is not None:
        # Ukrainian production on another state's soil: Ukraine and the host make it, what
        # the sentence names ("drones ukrainiens, qui seront fabriqués au Royaume-Uni")
        systems = systems or _systems(_hits_in(article, *window.sentence))
        ukraine = any(h.entry.key == "UA" for h in article.hits.within(*window.sentence))
        parties = list(dict.fromkeys([*parties, place, *(["UA"] if ukraine else [])]))
    if not parties and lexicon.JOINT_VENTURE.search(article.folded, *window.sentence):
        parties = _venture_partners(article, window.sentence[0])
    if not parties:
        # no producer named: the makers of the systems; a production another state pays for
        # is Ukraine's (the Danish model: "Denmark will finance the production of 18 Bohdana")
        paid = bool(payers) and _mentions_ukraine(article)
        parties = _manufacturer_countries(hits) or (["UA"] if paid else [])
    if not parties:
        return None
    repair = any(t.detail == "repair" for t in window.triggers)
    if repair:
        if all(p == "UA" for p in parties):
            return None  # Ukraine's own equipment repaired, by no one named
        if _mentions_ukraine(article):
            parties = list(dict.fromkeys([*parties, "UA"]))  # the owner of what is repaired
    fact = Fact(
        type="production",
        parties=parties,
        scope=["maintenance_repair"] if repair else [],
        status=_production_status(article, window),
        systems=systems or _systems(_hits_in(article, *window.sentence)),
        growth=growth,
        date=_date(article, window),
    )
    return Draft(fact)


# a count of goods: "18 Bohdana", "10 000 drones", "thousands of drones"
_COUNT = lexicon.rx(
    r"(?<![\w.,])\d[\d  .,]*(?!\s*%)|\b(?:thousands|milliers|Tausende|hundreds|centaines)\b"
    r"|(?<!\w)(?:тисяч\w*|тысяч\w*|сотн\w*)",
    re.I,
)


# a money word a few words before a production word: "invest in drone production", "allocated
# for producing artillery", "виділять 90 млн євро на виробництво", "finanziert die Produktion"
_MONEY_FOR = lexicon.rx(
    r"(?:financ\w*|fund(?:s|ed|ing)?|invest\w*|alloc\w*|allou\w*|earmark\w*|finanzier\w*"
    r"|investier\w*|(?<!\w)(?:про)?фінансу\w*|(?<!\w)(?:про)?финансир\w*|(?<!\w)інвест\w*"
    r"|(?<!\w)инвест\w*|(?<!\w)виділ\w*|(?<!\w)выдел\w*|(?<!\w)спряму\w*)"
    r"(?:\s+[^\s.;:]+){0,6}?\s+$",
    re.I,
)


def _paid_for(article: Article, window: Window) -> bool:
    """A production word told as what money pays for, the payer a state or fund (not Ukraine)
    named before the money word: "the Netherlands will allocate EUR 90 million for drone
    production"."""
    first = window.triggers[0]
    found = _MONEY_FOR.search(
        article.folded, max(window.sentence[0], first.start - 80), first.start
    )
    if found is None:
        return False
    before = article.hits.within(window.sentence[0], found.start())
    payers, _ = _parties(article, before, "funding")
    return any(p != "UA" and _can_fund(p) for p in payers)


def _counted(article: Article, window: Window) -> bool:
    """A number of goods written after the production word in its sentence (not a sum of
    money, not a year)."""
    start = window.triggers[0].end
    for found in _COUNT.finditer(article.folded, start, window.sentence[1]):
        if article.amounts.covering(found.start()):
            continue
        if re.fullmatch(r"(?:19|20)\d\d", found[0].strip(" .,")):
            continue
        return True
    return False


VENTURE_REACH = 1500  # characters back to the companies a joint venture belongs to


def _venture_partners(article: Article, start: int) -> list[str]:
    """The companies of a joint venture told of without them ("the first workshop of the
    joint venture"): the last two companies named before, within VENTURE_REACH."""
    found: list[str] = []
    for hit in reversed(article.hits.within(max(0, start - VENTURE_REACH), start)):
        if hit.entry.type != "organisation" or _can_fund(hit.entry.name):
            continue
        org = catalog.organisations().get(hit.entry.key) if hit.entry.key else None
        if org is not None and org.kind != "company":
            continue
        if hit.entry.name not in found:
            found.append(hit.entry.name)
        if len(found) == 2:
            break
    return found if len(found) == 2 else []


def _meeting(
    article: Article, window: Window, hits: list[Hit], parties: list[str], partner: str | None
) -> Draft:
    fact = Fact(
        type="meeting",
        parties=parties,
        name=_meeting_name(article, window, hits),
        location=_location(article, window),
        date=_date(article, window),
    )
    first = window.triggers[0]
    before = article.folded[max(window.sentence[0], first.start - 25) : first.start]
    return Draft(fact, another=bool(_ANOTHER.search(before)))


# "another conference", "a similar forum", "une autre conférence", "eine weitere Konferenz",
# "ще один форум", "інша конференція", "еще один форум", "другая конференция"
_ANOTHER = lexicon.rx(
    r"(?:\b(?:another|other|similar|autres?|similaires?|weitere[snm]?|andere[snm]?"
    r"|ähnliche[snm]?)|(?<!\w)(?:ще одн\w*|інш\w*|подібн\w*|еще одн\w*"
    r"|друг(?:ой|ая|ую|ом|ое)|аналогичн\w*|схож\w*))\s+(?:\w+\s+){0,2}$",
    re.I,
)


_RAMSTEIN = lexicon.rx(r"(?<!\w)(?:Ramstein|Рамштайн\w*|Рамштейн\w*)(?!\w)", 0)


def _meeting_name(article: Article, window: Window, hits: list[Hit]) -> str | None:
    text = article.folded
    first = window.triggers[0]
    if _RAMSTEIN.search(text, window.start, window.end):
        return "Ramstein"
    event = _named_event(article, window)
    if event is not None:
        return event[0]
    after = text[first.end : first.end + 40]
    for hit in hits:
        org = (
            catalog.organisations().get(hit.entry.key)
            if hit.entry.type == "organisation" and hit.entry.key
            else None
        )
        if org is not None and org.kind == "international_body" and 0 <= hit.start - first.end < 13:
            return org.name
    trigger = text[first.start : first.end]
    for kind, pattern in lexicon.MEETING_KINDS:
        if pattern.fullmatch(trigger.rstrip("s")) or pattern.match(trigger):
            host = _hosting_body(article, first)
            return f"{host} {kind}" if host else _described_name(after, hits, first.end, kind)
    return None


def _hosting_body(article: Article, trigger: Trigger) -> str | None:
    """The alliance or body a summit belongs to ("Nato-Gipfel", "sommet de l'OTAN")."""
    for hit in article.hits.overlapping(trigger.start - 3, trigger.end + 9):
        org = (
            catalog.organisations().get(hit.entry.key) if hit.entry.type == "organisation" else None
        )
        if org is None or org.kind not in ("alliance", "international_body"):
            continue
        if 0 <= trigger.start - hit.end <= 2 or 0 <= hit.start - trigger.end <= 8:
            return org.name
    return None


def _described_name(after: str, hits: list[Hit], offset: int, kind: str) -> str:
    words = [lexicon.TOPIC_WORDS.get(fold(w).rstrip("s"), "") for w in re.findall(r"\w+", after)]
    words = [w for w in words if w][:3]
    countries = [
        h.entry.name if h.entry.type != "country" else catalog.country(h.entry.key).code
        for h in hits
        if 0 <= h.start - offset < 40 and h.entry.type == "country"
    ]
    if "industry" not in words and re.search(r"industr", after, re.I):
        words.append("industry")
    prefix = "-".join(dict.fromkeys(countries))
    return " ".join(p for p in (prefix, *dict.fromkeys(words), kind) if p)


# an initiative word in the plural names a kind of scheme, not one ("des programmes
# humanitaires", "financing mechanisms", "фінансові механізми"; not German "Programms", a
# genitive singular)
_KINDS_OF = lexicon.rx(
    r"(?:initiatives|m[ée]canismes|mechanisms|programmes|programs|plateformes|platforms"
    r"|dispositifs|instruments|механізми|механизмы|інструменти|инструменты)",
    re.I,
)


def _initiative(
    article: Article, window: Window, hits: list[Hit], parties: list[str], partner: str | None
) -> Draft | None:
    text = article.folded[window.start : window.end]
    name = _initiative_name(article, window)
    if name is not None and fold(name) in _MEDIA_NAMES:
        name = None  # "broadcast in the programme of Deutschlandfunk": no initiative
    if name is not None and _whose_not_which(article, window, name):
        name = None
    if (name is None or _described_initiative(name)) and all(
        _KINDS_OF.fullmatch(article.folded, t.start, t.end) for t in window.triggers
    ):
        # "humanitarian programmes", "фінансові механізми", "the industry's development
        # programmes": a kind, no initiative (a name made of its topics names none)
        return None
    first = window.triggers[0]
    if name is None and _THE.search(
        article.folded, max(window.sentence[0], first.start - 6), first.start
    ):
        anaphoric = True  # "the coalition", "la plateforme", "der Koalition": one told before
    else:
        anaphoric = False
    if window.detail == "export":
        parties = ["UA"]  # Ukraine's export policy: the destinations are no parties
    fact = Fact(
        type="initiative",
        parties=parties,
        name=name,
        status=_status(article, window, ("cancelled", "planned", "signed"), "signed"),
        scope=_scope(text) or list(lexicon.INITIATIVE_SCOPES.get(name or "", [])),
        systems=_systems(hits),
        date=_date(article, window),
    )
    return Draft(fact, anaphoric=anaphoric)


_THE = lexicon.rx(r"\b(?:the|la|le|l['’]|der|die|dem|des|den)\s*$", re.I)
_HEADS = set(lexicon.INITIATIVE_HEADS.values())
_TOPICS = set(lexicon.TOPIC_WORDS.values())


def _described_initiative(name: str) -> bool:
    """A name made of the topics after the word and its head ("defence programme"), not one
    written in the text."""
    *topics, head = name.split()
    return head in _HEADS and all(t in _TOPICS for t in topics)


def _initiative_name(article: Article, window: Window) -> str | None:
    text = article.folded
    first = window.triggers[0]
    if lexicon.DANISH_MODEL.fullmatch(text, first.start, first.end):
        return "Danish model"
    if lexicon.NORWEGIAN_MODEL.fullmatch(text, first.start, first.end):
        return "Norwegian model"
    if lexicon.POINT_PLAN.fullmatch(text, first.start, first.end):
        return article.text[first.start : first.end]  # "Zehn-Punkte-Plan", as written
    if window.detail == "coalition":
        # the word inside a coalition's name ("joined the Drone Coalition"): its name
        coalition = next(
            (h for h in article.hits.covering(first.start) if h.entry.type == "organisation"),
            None,
        )
        if coalition is not None:
            return coalition.entry.name
    named = [
        h
        for h in article.hits.overlapping(first.start - 3, first.start + 1)
        if h.entry.type == "organisation" and 0 <= first.start - h.end <= 2
    ]
    if named and not _POSSESSIVE.search(text, named[-1].end - 2, named[-1].end + 2):
        return article.text[named[-1].start : named[-1].end]
    for trigger in window.triggers:
        # "the Build with Ukraine initiative", "programme Build with Ukraine": lower-case
        # linking words inside a name of capitalised words
        proper = re.match(
            r"\s+((?:«\s*)?[A-Z][\w’'-]*(?:\s+(?:(?:with|for|of|and|de|pour|für|und|et)\s+)?"
            r"[A-Z0-9][\w’'-]*){0,4})",
            text[trigger.end : trigger.end + 60],
        )
        if proper and not re.match(r"(?:de|of|des|du|der)\b", proper[1]):
            return article.text[trigger.end + proper.start(1) : trigger.end + proper.end(1)].strip(
                "« "
            )
    following = _named_after(article, first)
    if following is not None:
        return following
    heads = [
        lexicon.INITIATIVE_HEADS.get(fold(text[t.start : t.end]).rstrip("s"))
        for t in window.triggers
    ]
    head = next((h for h in reversed(heads) if h and h != "initiative"), None) or heads[0]
    last = window.triggers[-1]
    after = re.findall(r"\w+", text[last.end : min(window.end, last.end + 60)])[:6]
    topics = list(
        dict.fromkeys(
            lexicon.TOPIC_WORDS[fold(w).rstrip("s")]
            for w in after
            if fold(w).rstrip("s") in lexicon.TOPIC_WORDS
        )
    )
    return " ".join([*reversed(topics), head or "initiative"]) if topics else None


# between an initiative word and the body that names it: "initiative of the Drone Coalition",
# "l'initiative de la Coalition", "ініціативи Коаліції дронів" (nothing: the genitive)
_OF_THE = re.compile(r"\s*(?:(?:of|de|du|des|der|des|von)\s+)?(?:(?:the|la|l['’]|le|dem)\s*)?")
_SCHEME_KINDS = ("international_body", "fund", "cluster", "alliance")


def _named_after(article: Article, trigger: Trigger) -> str | None:
    """The coalition, fund or cluster of the catalogue named right after an initiative word:
    the initiative's name, as the catalogue writes it (a Cyrillic name is inflected there)."""
    for hit in article.hits.within(trigger.end, trigger.end + 20):
        if hit.entry.type != "organisation" or not hit.entry.key:
            return None
        org = catalog.organisations().get(hit.entry.key)
        if org is None or org.kind not in _SCHEME_KINDS:
            return None
        if not _OF_THE.fullmatch(article.folded, trigger.end, hit.start):
            return None
        return org.name
    return None


_MEDIA_NAMES = {fold(m) for m in lexicon.MEDIA}
# unions of states and their bodies: whose an initiative is, never its name
_UNIONS = {
    "European Union",
    "European Commission",
    "Council of the European Union",
    "NATO",
    "G7",
    "G20",
    "United Nations",
    "OSCE",
}
# social networks a statement is posted on ("schrieb auf der Plattform X")
_NETWORKS = {"x", "telegram", "facebook", "twitter", "instagram", "youtube", "linkedin"}


def _whose_not_which(article: Article, window: Window, name: str) -> bool:
    """A name beside an initiative word that names a state, a union of states, an army or a
    social network ("програми ЄС", "initiative of the G7", "у межах ініціативи ЗСУ", "auf der
    Plattform X"): whose the scheme is or where it was told, not a scheme of its own."""
    if fold(name) in _NETWORKS:
        return True
    for hit in article.hits.within(*window.sentence):
        written = article.text[hit.start : hit.end]
        if name not in (written, hit.entry.name):
            continue
        if hit.entry.type == "country" or hit.entry.name in _UNIONS:
            return True
        org = (
            catalog.organisations().get(hit.entry.key) if hit.entry.type == "organisation" else None
        )
        if org is not None and org.kind == "armed_forces":
            return True
    return False


# "the Pentagon's initiative": the body whose initiative it is, not its name
_POSSESSIVE = re.compile(r"['’ʼ]s\b")

_BUILDERS = {
    "agreement": _agreement,
    "funding": _funding,
    "supply": _supply,
    "production": _production,
    "meeting": _meeting,
    "initiative": _initiative,
}


def _confidence(fact: Fact) -> float:
    score = 0.5
    states = [p for p in fact.parties if len(p) == 2]
    score += 0.15 if len(fact.parties) >= 2 else 0.0
    score += 0.1 if states else 0.0
    score += 0.1 if fact.type != "agreement" or fact.agreement_type != "agreement" else 0.0
    score += 0.1 if fact.amount is not None or fact.systems or fact.name else 0.0
    return min(score, 0.95)
