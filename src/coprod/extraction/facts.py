"""Facts from sentences: trigger words (fr/en/de) open a fact, the words around them fill it.

Each sentence is cut into one window per trigger (at clause boundaries between triggers); the
entities, cues, amounts and dates of a window fill its fact, and the sentence's subject (the
words before its first trigger) is shared by the triggers that name no state of their own.
Facts reported several times in an article (anaphora, same parties) are merged.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise
from typing import Any

from coprod import catalog
from coprod.extraction import lexicon
from coprod.extraction import lexicon_cyrillic as cyr
from coprod.extraction.amounts import AmountMention, parse_count
from coprod.extraction.dates import DateMention
from coprod.extraction.gazetteer import Hit, fold
from coprod.extraction.model import Fact, Span
from coprod.extraction.positions import ByStart

_CLAUSE = lexicon.rx(
    r",|;|:|\bainsi qu|\bpuis\b|\bnotant que|\bwhile\b|\bwhereas\b|\bsowie\b|\bund dann\b"
    r"|\bwhen\b|\blorsque\b|\balors que\b|\bwährend\b|" + cyr.CLAUSE,
    re.I,
)
_ABBREVIATION = re.compile(
    r"(?:(?<![\w-])[A-Z]|\bM|Mme|Mr|Mrs|Ms|Dr|St|Nr|Mrd|Mio|bzw|ca|vs|etc|No)$"
)
_DAY_NUMBER = re.compile(r"(?<!\d)\d{1,2}$")
_GERMAN_MONTH = lexicon.rx(
    r"(?:Januar|Jänner|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November"
    r"|Dezember)\b",
    0,
)
_CONTINUED = re.compile(r"\s*[a-zà-ÿ,;:)]")
_READ_ALSO = lexicon.rx(
    r"(?:vous pouvez (?:également|aussi) lire|lire aussi|à lire aussi|read (?:also|more)"
    r"|see also|lesen sie (?:auch|mehr)|mehr zum thema|related:|sur le même sujet)",
    re.I,
)
_COPULA = lexicon.rx(
    r"(?:\b(?:est|sont|suis|être|était|étaient|tombés?|pas|tout|etes|êtes"
    r"|sommes|d['’]un commun)\s+d['’])$",
    re.I,
)
_HOSTING = lexicon.rx(
    r"(?:a|ont|avait|avaient) reçu|received|hosted|empfing|empfangen"
    r"|a accueilli|accueille",
    re.I,
)
_PAIR = lexicon.rx(
    r"\b(?:the two (?:ministers|sides|countries|leaders|men|women)|both (?:ministers|sides"
    r"|countries|leaders)|les deux (?:ministres|pays|parties|dirigeants|hommes)|les parties"
    r"|the parties|beide(?:n)? (?:Minister|Seiten|Länder|Staaten|Politiker)|die beiden\b"
    r"|they\b|ils\b|" + cyr.PAIR + ")",
    re.I,
)
_STATES_ONLY = ("supply", "production", "funding")
MERGE_LOOKBACK = 200  # facts of a type a new one is compared with
MAX_EVIDENCE = 50  # sentences kept as evidence of one fact
# "accord de financement", "financing agreement" read backwards: the money is the agreement's
_FINANCING_AFTER = lexicon.rx(
    r"\s*(?:de |d['’]|of |on |for |über |zur )?(?:financ|fund|finanz)", re.I
)


@dataclass
class Article:
    """What the fact rules read: the text and what was found in it."""

    text: str
    hits: ByStart[Hit]
    dates: ByStart[DateMention]
    amounts: ByStart[AmountMention]
    language: str | None = None
    published: date | None = None
    title_end: int = 0
    folded: str = ""
    ukraine_named: bool = False

    def __post_init__(self) -> None:
        self.folded = lexicon.fold_text(self.text)
        self.ukraine_named = any(
            h.entry.type == "country" and h.entry.key == "UA" for h in self.hits
        )

    @classmethod
    def of(
        cls,
        text: str,
        hits: list[Hit],
        dates: list[DateMention],
        amounts: list[AmountMention],
        **info: Any,
    ) -> Article:
        """An article whose hits, dates and amounts are indexed by offset."""
        return cls(text, ByStart(hits), ByStart(dates), ByStart(amounts), **info)


@dataclass
class Trigger:
    start: int
    end: int
    type: str
    detail: str


@dataclass
class Window:
    """The part of a sentence that one trigger (or a run of like triggers) governs."""

    sentence: tuple[int, int]
    start: int
    end: int
    triggers: list[Trigger]
    subject: tuple[int, int] | None = None
    previous: tuple[int, int] | None = None

    @property
    def type(self) -> str:
        return self.triggers[0].type

    @property
    def detail(self) -> str:
        return self.triggers[0].detail


@dataclass
class Draft:
    """A fact being built, with what the merge rules need."""

    fact: Fact
    anaphoric: bool = False
    people: list[str] = field(default_factory=list)
    borrowed: bool = False  # parties taken from the sentence before


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans: at line breaks, and at . ! ? before a capital (not after abbreviations)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in re.finditer(r"\n+|[.!?…]+[»\"”’)]*\s+(?=[«\"“(]?[A-ZÀ-ÖØ-ÞА-ЯІЇЄҐ0-9])", text):
        if m[0][0] == "." and _ABBREVIATION.search(text[max(0, m.start() - 4) : m.start()]):
            continue
        if m[0][0] == "\n" and _CONTINUED.match(text, m.end()):
            continue
        if _ordinal_day(text, m.start(), m.end()):
            continue  # "am 14. Februar 2025": a German day, not a sentence end
        spans.append((start, m.start() + (0 if m[0][0] == "\n" else 1)))
        start = m.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _ordinal_day(text: str, start: int, end: int) -> bool:
    """ "am 14. Februar 2025": a German day number before its month, not a sentence end."""
    return (
        text[start] == "."
        and bool(_DAY_NUMBER.search(text, max(0, start - 3), start))
        and bool(_GERMAN_MONTH.match(text, end))
    )


def extract_facts(article: Article) -> list[Fact]:
    """Every cooperation fact of the article, merged, in order of first evidence."""
    partner = _main_partner(article.hits)
    drafts = Drafts()
    sentences = split_sentences(article.folded)
    titles = [s for s in sentences if s[1] <= article.title_end] if len(sentences) > 1 else []
    previous: tuple[int, int] | None = None
    for sentence in [s for s in sentences if s not in titles] + titles:
        for window in _windows(article, sentence):
            window.previous = previous
            draft = _build(article, window, partner)
            if draft is None:
                continue
            if sentence in titles:
                # a headline repeats the article: it may add to a fact, never make one
                target = _merge_target(drafts, draft)
                if target is not None:
                    _absorb(target.fact, draft.fact)
                continue
            _merge_or_add(drafts, draft)
            signing = _signing_meeting(article, window, draft)
            if signing is not None:
                _merge_or_add(drafts, signing)
        previous = sentence
    return [d.fact for d in drafts.all if _keep(d)]


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


def _main_partner(hits: Iterable[Hit]) -> str | None:
    counts = Counter(
        h.entry.key
        for h in hits
        if h.entry.type == "country"
        and h.entry.key not in lexicon.HOSTILE | {"UA"}
        and h.entry.key not in lexicon.SEATS
    )
    return counts.most_common(1)[0][0] if counts else None


# ---------------------------------------------------------------------------------- windows


def _triggers(article: Article, sentence: tuple[int, int]) -> list[Trigger]:
    text = article.folded
    chunk = text[sentence[0] : sentence[1]]
    boilerplate = _READ_ALSO.search(chunk)
    if boilerplate:
        chunk = chunk[: boilerplate.start()]
    found: list[Trigger] = []
    for m in lexicon.TRIGGER_RE.finditer(chunk):
        index = int((m.lastgroup or "t0")[1:])
        _, ftype, detail = lexicon.TRIGGERS[index]
        start, end = sentence[0] + m.start(), sentence[0] + m.end()
        if any(h.entry.type != "country" for h in article.hits.covering(start)):
            continue
        if (
            ftype == "meeting"
            and _HOSTING.fullmatch(article.folded[start:end])
            and (_weak(article, sentence, start, end, ftype) or _goods_follow(article, end))
        ):
            ftype, detail = "supply", "supply"  # "Ukraine received shells", no one hosted
        if _weak(article, sentence, start, end, ftype):
            continue
        found.append(Trigger(start, end, ftype, detail))
    if not any(t.type in ("funding", "agreement", "supply") for t in found):
        for amount in article.amounts.within(*sentence):
            if amount.start - sentence[0] < len(chunk):
                found.append(Trigger(amount.start, amount.end, "funding", "amount"))
                break
    found.sort(key=lambda t: t.start)
    return found


def _goods_follow(article: Article, end: int) -> bool:
    """ "has received 1.5 million rounds of ammunition": what comes next is a system, not a
    person or a state."""
    after = article.hits.within(end, end + 80)
    return bool(after) and after[0].entry.type == "system"


def _weak(article: Article, sentence: tuple[int, int], start: int, end: int, ftype: str) -> bool:
    text = article.folded
    near = text[max(sentence[0], start - 25) : min(sentence[1], end + 25)]
    whole = text[sentence[0] : sentence[1]]
    if ftype == "production":
        return bool(lexicon.JOINT.search(near)) or not (
            lexicon.VOLUME.search(whole) or lexicon.GROWTH.search(whole)
        )
    if ftype == "funding":
        has_amount = bool(article.amounts.within(*sentence))
        return not (has_amount or lexicon.STRONG_FUNDING.match(text[start:end]))
    if ftype == "supply":
        return not any(h.entry.type == "system" for h in article.hits.within(*sentence))
    if ftype == "agreement" and text[start:end].lower().startswith("accord"):
        before = text[max(0, start - 20) : start]
        return bool(_COPULA.search(before)) or before.lower().endswith("en ")
    if ftype == "meeting" and re.match(r"\s*de presse|\s*press", text[end : end + 10], re.I):
        return True
    if ftype == "meeting" and re.search(r"press[ -]?$|Presse-?$", text[max(0, start - 7) : start]):
        return True
    if ftype == "meeting" and text[start:end].lower().startswith("pressekonferenz"):
        return True
    if ftype == "meeting" and _HOSTING.fullmatch(text[start:end]):
        return not any(h.entry.type == "person" for h in article.hits.within(*sentence))
    if ftype == "meeting" and text[start:end].lower() == "getroffen":
        return bool(
            re.search(
                r"Entscheidung|Maßnahme|Vorkehrung|Vereinbarung|Wahl",
                text[max(0, start - 60) : start],
            )
        )
    if ftype == "agreement" and text[start:end].lower() in ("deal", "deals"):
        return text[max(0, start - 3) : start].lower() == "to "
    return False


def _windows(article: Article, sentence: tuple[int, int]) -> list[Window]:
    triggers = _triggers(article, sentence)
    if not triggers:
        return []
    cuts = [sentence[0]]
    for left, right in pairwise(triggers):
        cuts.append(_cut(article.folded, left.end, right.start))
    cuts.append(sentence[1])
    windows = [Window(sentence, cuts[i], cuts[i + 1], [t]) for i, t in enumerate(triggers)]
    merged: list[Window] = []
    for window in windows:
        last = merged[-1] if merged else None
        if (
            last is not None
            and last.type == window.type
            and (last.type != "agreement" or last.detail == window.detail)
            and (window.triggers[0].start - last.triggers[-1].end < 40)
        ):
            last.end = window.end
            last.triggers.extend(window.triggers)
            continue
        merged.append(window)
    subject = (sentence[0], triggers[0].start)
    for window in merged[1:]:
        window.subject = subject
    return merged


def _cut(text: str, start: int, end: int) -> int:
    """Where the words between two triggers divide: at the last clause boundary, else after
    them all (they follow the first trigger)."""
    boundaries = list(_CLAUSE.finditer(text, start, end))
    return boundaries[-1].start() if boundaries else end


# ---------------------------------------------------------------------------------- parties


def _hits_in(article: Article, start: int, end: int) -> list[Hit]:
    return article.hits.within(start, end)


def _parties(article: Article, hits: list[Hit], ftype: str) -> tuple[list[str], list[str]]:
    """The parties a window's entities give, and the people named (for meetings)."""
    parties: list[str] = []
    people: list[str] = []
    for hit in hits:
        party = _party(article, hit, ftype)
        if hit.entry.type == "person":
            people.append(hit.entry.name)
            if ftype == "meeting":
                parties.append(hit.entry.name)
        if party and party not in parties:
            parties.append(party)
    if ftype == "agreement":
        parties = _drop_described(article, hits, parties)
    return parties, people


def _party(article: Article, hit: Hit, ftype: str) -> str | None:
    entry = hit.entry
    if entry.type == "country":
        if entry.key in lexicon.HOSTILE and ftype != "meeting":
            return None
        if entry.via == "capital" and (
            entry.key in lexicon.SEATS or (ftype != "meeting" and _locative(article.folded, hit))
        ):
            return None
        return entry.key
    if entry.type == "organisation":
        org = catalog.organisations().get(entry.key) if entry.key else None
        if org is not None and org.kind in ("government_body", "armed_forces") and org.country:
            return None if org.country in lexicon.HOSTILE and ftype != "meeting" else org.country
        return entry.name
    if entry.type == "person" and ftype not in _STATES_ONLY:
        return _person_party(article, entry.key, ftype)
    return None


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
    if person.country and (person.country not in lexicon.HOSTILE or ftype == "meeting"):
        return person.country
    return None


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
    }
    return [p for p in parties if p not in described - named]


_DESCRIPTOR = re.compile(r"(?:['’]s)?(?:[\s-]+(?:[a-z][\w-]*|-based))*[\s-]+$")


def _describes_company(text: str, hit: Hit, hits: list[Hit]) -> bool:
    """ "Germany's Rheinmetall", "U.S. defense startup Anduril": the state only says where the
    company it stands before comes from."""
    nxt = min((h for h in hits if h.start >= hit.end), key=lambda h: h.start, default=None)
    if nxt is None or nxt.entry.type != "organisation" or not nxt.entry.key:
        return False
    org = catalog.organisations()[nxt.entry.key]
    between = text[hit.end : nxt.start]
    return (
        org.kind == "company"
        and org.country == hit.entry.key
        and bool(_DESCRIPTOR.fullmatch(between))
        and len(between) <= 40
    )


# ---------------------------------------------------------------------------------- building


def _build(article: Article, window: Window, partner: str | None) -> Draft | None:
    hits = _hits_in(article, window.start, window.end)
    parties, people = _parties(article, hits, window.type)
    if window.subject and len(parties) < 2:
        more, more_people = _parties(article, _hits_in(article, *window.subject), window.type)
        parties += [p for p in more if p not in parties]
        people += more_people
    sentence_text = article.folded[window.sentence[0] : window.sentence[1]]
    borrowed = not parties
    if (
        window.previous
        and window.type in ("agreement", "meeting")
        and len(parties) < 2
        and (_PAIR.search(sentence_text) or (window.type == "agreement" and not parties))
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
    draft.anaphoric = _anaphoric(article.folded, window)
    draft.fact.confidence = _confidence(draft.fact)
    return draft


def _trim(text: str, span: tuple[int, int]) -> tuple[int, int]:
    start, end = span
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _anaphoric(text: str, window: Window) -> bool:
    first = window.triggers[0]
    before = text[max(window.sentence[0], first.start - 30) : first.start]
    return bool(lexicon.ANAPHORA.search(before)) and not lexicon.NEW_MARKER.search(
        text[first.start : first.end + 15]
    )


def _systems(hits: list[Hit]) -> list[str]:
    return list(dict.fromkeys(h.entry.name for h in hits if h.entry.type == "system"))


def _scope(text: str) -> list[str]:
    return [scope for scope, pattern in lexicon.SCOPE_RE if pattern.search(text)]


def _date(article: Article, window: Window) -> str | None:
    inside = [
        d
        for d in article.dates.within(window.start, window.end)
        if not any(h.entry.type == "system" for h in article.hits.covering(d.start))
    ]
    if not inside and window.subject:
        inside = article.dates.within(*window.subject)
    return inside[0].value if inside else None


def _amount(article: Article, window: Window) -> AmountMention | None:
    inside = article.amounts.within(window.start, window.end)
    return inside[0] if inside else None


def _status(article: Article, window: Window, order: tuple[str, ...], default: str) -> str:
    text = article.folded
    first = window.triggers[0]
    pieces = [text[window.start : min(window.end, first.end + 8)]]
    if window.subject:
        pieces.append(text[window.subject[0] : window.subject[1]])
    pieces.append(text[first.end : window.end])
    for piece in pieces:
        found = {s for s, pattern in lexicon.STATUS_RE if s in order and pattern.search(piece)}
        for status in order:
            if status in found:
                return status
    return default


def _quantity(article: Article, window: Window, hits: list[Hit]) -> tuple[int | None, str | None]:
    text = article.folded
    first = window.triggers[0]
    before = text[max(window.start, first.start - 30) : first.start]
    m = re.search(r"(\d[\d  .,]*|\w+)\s+(?:de\s+|d['’]|of\s+)?(?:\w+\s+)?$", before)
    if re.search(
        r"\b(?:dizaines|dozens|Dutzende|des centaines|hundreds|Hunderte|mehrere Dutzend"
        r"|several dozen|plusieurs douzaines)\b",
        before,
        re.I,
    ):
        return None, "dozens" if re.search(r"dizaine|dozen|Dutzend", before, re.I) else "hundreds"
    if m and re.search(r"douzaine|dozen|Dutzend", before, re.I):
        return 12, None
    offset = max(window.start, first.start - 30)
    # "a $300 million contract": a price, not a count
    money = m is not None and bool(article.amounts.covering(offset + m.start(1)))
    if (
        m
        and not money
        and parse_count(m[1])
        and not re.fullmatch(r"(?:un|une|a|an|ein|eine)", m[1], re.I)
    ):
        return parse_count(m[1]), None
    for hit in hits:
        if hit.entry.type != "system":
            continue
        number = re.search(
            lexicon.fold_text(
                r"(\d[\d  .,]*\d|\d|\b[a-zäöüéèû]+)\s+(?:(?:more|additional|further|new|weitere"
                r"|zusätzliche|autres|nouveaux|nouvelles|supplémentaires|de plus)\s+)?$"
            ),
            text[max(0, hit.start - 30) : hit.start],
            re.I,
        )
        if number and parse_count(number[1]):
            return parse_count(number[1]), None
    return None, None


def _rest_of_clause(article: Article, window: Window) -> tuple[int, int]:
    """The words after a window up to the next clause boundary of its sentence ("an agreement
    to build a factory for 155 mm shells", "un accord de financement de 50 millions")."""
    end = window.sentence[1]
    boundary = _CLAUSE.search(article.folded, window.end, end)
    return window.end, boundary.start() if boundary else end


def _money_after(article: Article, window: Window) -> AmountMention | None:
    """An amount later in the sentence that no other money or agreement trigger claims."""
    start, end = window.end, window.sentence[1]
    for amount in article.amounts.within(start, end):
        between = article.folded[start : amount.start]
        claimed = any(
            lexicon.TRIGGERS[int((m.lastgroup or "t0")[1:])][1] in ("funding", "agreement")
            for m in lexicon.TRIGGER_RE.finditer(between)
        )
        return None if claimed else amount
    return None


def _agreement(
    article: Article, window: Window, hits: list[Hit], parties: list[str], partner: str | None
) -> Draft:
    text = article.folded[window.start : window.end]
    rest = _hits_in(article, *_rest_of_clause(article, window))
    amount = _amount(article, window)
    if amount is None and _FINANCING_AFTER.match(article.folded, window.triggers[-1].end):
        amount = next(
            (a for a in article.amounts.within(window.end, _rest_of_clause(article, window)[1])),
            None,
        )
    quantity, quantity_text = _quantity(article, window, hits)
    scope = _scope(text)
    if "co_production" not in scope and lexicon.PRODUCTION_WORD.search(text):
        scope.append("co_production")  # an agreement about production: made with a partner
    fact = Fact(
        type="agreement",
        agreement_type=window.detail,
        parties=parties,
        status=_status(article, window, ("cancelled", "planned", "signed"), "signed"),
        scope=scope,
        systems=_systems(hits) or _systems(rest),
        quantity=quantity,
        quantity_text=quantity_text,
        amount=amount.amount if amount else None,
        currency=amount.currency if amount else None,
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
    if not states:
        return None
    funder = states[0]
    if window.detail == "amount" and not _can_fund(funder):
        return None  # a sum of money alone: revenue, prices... unless a state or fund pays
    companies = [p for p in states[1:] if len(p) != 2]
    if len(funder) != 2 and companies and not _can_fund(companies[0]):
        recipient: str | None = companies[0]  # a fund or bank finances the organisation named
    elif "UA" in parties or (len(funder) == 2 and _mentions_ukraine(article)):
        recipient = "UA"
    else:
        recipient = companies[0] if companies else None
    amount = _amount(article, window) or _money_after(article, window)
    fact = Fact(
        type="funding",
        parties=[funder, *([recipient] if recipient else [])],
        funder=funder,
        recipient=recipient,
        status=_status(article, window, ("cancelled", "planned", "signed"), "signed"),
        systems=_systems(hits),
        amount=amount.amount if amount else None,
        currency=amount.currency if amount else None,
        date=_date(article, window),
        scope=_scope(article.folded[window.start : window.end]),
    )
    return Draft(fact)


def _can_fund(party: str) -> bool:
    if len(party) == 2:
        return True
    orgs = [o for o in catalog.organisations().values() if o.name == party]
    return any(o.kind in ("fund", "international_body", "alliance") for o in orgs)


def _mentions_ukraine(article: Article) -> bool:
    return article.ukraine_named


def _supply(
    article: Article, window: Window, hits: list[Hit], parties: list[str], partner: str | None
) -> Draft | None:
    systems = _systems(hits) or _systems(_hits_in(article, *window.sentence))
    if not systems:
        return None
    suppliers = [p for p in parties if p != "UA"]
    supplier = suppliers[0] if suppliers else partner
    if supplier is None:
        return None
    recipient = "UA"
    quantity, _ = _quantity(article, window, hits)
    amount = _amount(article, window)
    fact = Fact(
        type="supply",
        parties=[supplier, recipient],
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


def _production(
    article: Article, window: Window, hits: list[Hit], parties: list[str], partner: str | None
) -> Draft | None:
    systems = _systems(hits)
    growth = _growth(article, window)
    if not systems and not growth and all(len(p) == 2 for p in parties):
        return None
    if not parties:
        parties = _manufacturer_countries(hits) or ([partner] if partner else [])
    if not parties:
        return None
    fact = Fact(
        type="production",
        parties=parties,
        status=_production_status(article, window),
        systems=systems,
        growth=growth,
        date=_date(article, window),
    )
    return Draft(fact)


def _production_status(article: Article, window: Window) -> str:
    """Planned when the verb before the trigger says so ("prévoit de doubler sa production")."""
    lead = article.folded[window.start : window.triggers[-1].end]
    for status, pattern in lexicon.STATUS_RE:
        if status in ("cancelled", "planned") and pattern.search(lead):
            return status
    return "ongoing"


def _manufacturer_countries(hits: list[Hit]) -> list[str]:
    found: list[str] = []
    for hit in hits:
        system = catalog.systems().get(hit.entry.key) if hit.entry.type == "system" else None
        org = catalog.organisations().get(system.manufacturer or "") if system else None
        if org is not None and org.country and org.country not in found:
            found.append(org.country)
    return found


def _growth(article: Article, window: Window) -> list[dict[str, int]]:
    text = article.folded
    found: list[dict[str, int]] = []
    for m in lexicon.GROWTH.finditer(text, window.start, window.end):
        word = fold(m["word"])
        factor = next((v for k, v in lexicon.GROWTH_WORDS.items() if word.startswith(k)), None)
        by = m["by"] or m["by2"] or m["by3"] or m["by4"]
        if factor is None and by:
            factor = parse_count(by)
        year = re.search(r"\b(20\d\d)\b", text[m.end() : m.end() + 20])
        if factor:
            found.append({"year": int(year[1]), "factor": factor} if year else {"factor": factor})
    return found


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
    return Draft(fact)


def _meeting_name(article: Article, window: Window, hits: list[Hit]) -> str | None:
    text = article.folded
    first = window.triggers[0]
    if re.search(r"\bRamstein\b", text[window.start : window.end]):
        return "Ramstein"
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


def _location(article: Article, window: Window) -> str | None:
    text = article.folded
    for hit in article.hits.within(window.start, window.end):
        city = lexicon.SEAT_CITIES.get(hit.entry.key) if hit.entry.type == "organisation" else None
        if city and _locative(text, hit):
            return city
    for m in re.finditer(
        r"\b(?:a|in|at|au|nach|en)\s+(?:la\s+|the\s+)?([A-ZÀ-Ö][\w'’-]+"
        r"(?:\s+[A-Z][\w-]+)?)",
        text[window.start : window.end],
    ):
        place = fold(m[1])
        for candidate in (place, place.split()[0]):
            if candidate in lexicon.CITIES:
                return lexicon.CITIES[candidate]
    for m in _CYRILLIC_PLACE.finditer(text, window.start, window.end):
        city = _cyrillic_city(fold(m[1]))
        if city:
            return city
    return None


_CYRILLIC_PLACE = re.compile(r"(?<!\w)(?:у|в|во|на|до)\s+([А-ЯІЇЄҐЁ][\w'’-]+)")


def _cyrillic_city(word: str) -> str | None:
    """The city a Cyrillic word names in any case ("у Києві", "в Брюсселе")."""
    for stem, city in cyr.CITY_STEMS:
        if word.startswith(fold(stem)) and len(word) - len(stem) <= 3:
            return city
    return None


def _initiative(
    article: Article, window: Window, hits: list[Hit], parties: list[str], partner: str | None
) -> Draft:
    text = article.folded[window.start : window.end]
    fact = Fact(
        type="initiative",
        parties=parties,
        name=_initiative_name(article, window),
        status=_status(article, window, ("cancelled", "planned", "signed"), "signed"),
        scope=_scope(text),
        systems=_systems(hits),
        date=_date(article, window),
    )
    return Draft(fact)


def _initiative_name(article: Article, window: Window) -> str | None:
    text = article.folded
    first = window.triggers[0]
    if re.fullmatch(
        r"Danish model|modele danois|danische[sn]? Modell", text[first.start : first.end], re.I
    ):
        return "Danish model"
    named = [
        h
        for h in article.hits.overlapping(first.start - 3, first.start + 1)
        if h.entry.type == "organisation" and 0 <= first.start - h.end <= 2
    ]
    if named:
        return article.text[named[-1].start : named[-1].end]
    for trigger in window.triggers:
        proper = re.match(
            r"\s+((?:«\s*)?[A-Z][\w’'-]*(?:\s+[A-Z0-9][\w’'-]*){0,4})",
            text[trigger.end : trigger.end + 60],
        )
        if proper and not re.match(r"(?:de|of|des|du|der)\b", proper[1]):
            return article.text[trigger.end + proper.start(1) : trigger.end + proper.end(1)].strip(
                "« "
            )
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


# ---------------------------------------------------------------------------------- merging


class Drafts:
    """The facts of an article so far, in order, and by type (merging looks at one type)."""

    def __init__(self) -> None:
        self.all: list[Draft] = []
        self.by_type: dict[str, list[Draft]] = {}

    def append(self, draft: Draft) -> None:
        """Add a new fact."""
        self.all.append(draft)
        self.by_type.setdefault(draft.fact.type, []).append(draft)

    def recent(self, ftype: str) -> list[Draft]:
        """The latest facts of ``ftype`` a new one may merge into (a bounded look-back keeps a
        huge page linear)."""
        return self.by_type.get(ftype, [])[-MERGE_LOOKBACK:]


def _merge_or_add(drafts: Drafts, draft: Draft) -> None:
    target = _merge_target(drafts, draft)
    if target is None:
        if draft.anaphoric and draft.fact.type == "initiative" and not draft.fact.name:
            return  # "the same programme" with nothing before it to refer to
        earlier = drafts.recent("agreement")
        if draft.fact.type == "agreement" and not draft.fact.parties and earlier:
            # another document between the parties of the agreement before ("both sides also
            # want to sign a declaration of intent")
            draft.fact.parties = list(earlier[-1].fact.parties)
        drafts.append(draft)
        return
    _absorb(target.fact, draft.fact)
    target.people += [p for p in draft.people if p not in target.people]


def _merge_target(drafts: Drafts, draft: Draft) -> Draft | None:
    fact = draft.fact
    same = drafts.recent(fact.type)
    if not same:
        return None
    if draft.anaphoric or (draft.borrowed and _same_kind(same[-1].fact, fact)):
        return same[-1]
    for other in reversed(same):
        if set(other.fact.parties) == set(fact.parties) and _same_event(other, draft):
            return other
    for other in reversed(same):
        if _same_event(other, draft):
            return other
    if fact.type in ("agreement", "initiative", "meeting") and not fact.parties and not fact.name:
        return same[-1] if _same_kind(same[-1].fact, fact) else None
    return None


def _same_kind(old: Fact, new: Fact) -> bool:
    """Whether an agreement told without parties can be the one before: not when both name
    different kinds of document in different states ("a contract was signed; both sides also
    want to sign a declaration of intent")."""
    kinds = {old.agreement_type, new.agreement_type} - {"agreement", None}
    return len(kinds) <= 1 or old.status == new.status


def _same_event(old: Draft, new: Draft) -> bool:
    a, b = old.fact, new.fact
    if a.name and b.name:
        return fold(a.name) == fold(b.name)
    if a.type == "agreement":
        typed = b.agreement_type in (a.agreement_type, "agreement") or (
            a.agreement_type == "agreement" and set(a.parties) == set(b.parties)
        )
        return typed and a.status == b.status and _overlap(b.parties, a.parties)
    if a.type == "meeting":
        shared_people = set(old.people) & set(new.people)
        return bool(shared_people) or _states(a.parties) == _states(b.parties) != set()
    if a.type == "initiative":
        return _overlap(a.parties, b.parties) and not (a.name and b.name)
    if a.type == "funding":
        same_money = a.amount == b.amount or a.amount is None or b.amount is None
        return same_money and a.funder == b.funder and a.recipient == b.recipient
    if a.type == "supply":
        return (
            a.amount == b.amount
            and a.parties == b.parties
            and set(a.systems) == set(b.systems)
            and a.status == b.status
        )
    return a.parties == b.parties and set(a.systems) == set(b.systems)


def _states(parties: list[str]) -> set[str]:
    return {p for p in parties if len(p) == 2 and p.isupper()}


def _overlap(a: list[str], b: list[str]) -> bool:
    left, right = set(a), set(b)
    return bool(left and right) and (left <= right or right <= left)


def _absorb(into: Fact, other: Fact) -> None:
    into.parties += [p for p in other.parties if p not in into.parties]
    into.scope += [s for s in other.scope if s not in into.scope]
    into.systems += [s for s in other.systems if s not in into.systems]
    room = MAX_EVIDENCE - len(into.evidence)
    if room > 0:
        known = set(into.evidence)
        into.evidence += [e for e in other.evidence if e not in known][:room]
    into.name = into.name or other.name
    into.location = into.location or other.location
    into.date = into.date or other.date
    into.quantity = into.quantity or other.quantity
    into.quantity_text = into.quantity_text or other.quantity_text
    if into.amount is None and other.amount is not None:
        into.amount, into.currency = other.amount, other.currency
    if into.type == "agreement" and into.agreement_type == "agreement":
        into.agreement_type = other.agreement_type
    into.growth += [g for g in other.growth if g not in into.growth]
    into.confidence = min(0.95, max(into.confidence, other.confidence) + 0.05)


def _keep(draft: Draft) -> bool:
    fact = draft.fact
    if fact.type in ("meeting", "initiative"):
        return bool(fact.parties or fact.name)
    return bool(fact.parties)
