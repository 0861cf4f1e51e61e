"""The cues of a window: its systems, scope, date, amount, status, quantity, growth and place,
and whether it refers back to a fact told before."""

from __future__ import annotations

import re

from coprod import catalog
from coprod.domain.text import fold
from coprod.extraction import lexicon
from coprod.extraction import lexicon_cyrillic as cyr
from coprod.extraction.amounts import AmountMention, parse_count
from coprod.extraction.facts.article import Article, Window
from coprod.extraction.facts.parties import _locative
from coprod.extraction.facts.windows import _CLAUSE
from coprod.extraction.gazetteer import Hit

# "accord de financement", "financing agreement" read backwards: the money is the agreement's
_FINANCING_AFTER = lexicon.rx(
    r"\s*(?:de |d['’]|of |on |for |über |zur )?(?:financ|fund|finanz)", re.I
)


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
    first = window.triggers[0]
    ranges = [(window.start, min(window.end, first.end + 8))]
    if window.subject:
        ranges.append(window.subject)
    ranges.append((first.end, window.end))
    for start, end in ranges:
        piece = _masked(article.folded, start, end, window)
        found = {s for s, pattern in lexicon.STATUS_RE if s in order and pattern.search(piece)}
        if start == first.end and len(found) > 1:
            near = _nearest_cue(piece, order)
            if near is not None:
                return near  # "an agreement was signed today that will make it possible…"
        for status in order:
            if status in found:
                return status
    return default


NEAR_CUE = 25  # characters after a trigger within which its own verb stands


def _nearest_cue(piece: str, order: tuple[str, ...]) -> str | None:
    """The status whose cue comes first right after the trigger ("was signed", "wurde
    unterzeichnet", "will be signed"), when it stands within NEAR_CUE characters of it."""
    starts = [
        (m.start(), status)
        for status, pattern in lexicon.STATUS_RE
        if status in order and (m := pattern.search(piece)) is not None
    ]
    first = min(starts, default=None)
    return first[1] if first is not None and first[0] <= NEAR_CUE else None


def _masked(text: str, start: int, end: int, window: Window) -> str:
    """``text[start:end]`` with the window's document words blanked: a status cue inside the
    name of a document ("letter of intent", "письмо о намерениях") says nothing of its status."""
    piece = text[start:end]
    for trigger in window.triggers:
        a, b = max(trigger.start, start) - start, min(trigger.end, end) - start
        if trigger.type == "agreement" and a < b:
            piece = piece[:a] + " " * (b - a) + piece[b:]
    return piece


def _named_event(article: Article, window: Window) -> tuple[str, str | None] | None:
    """A recurring event named near the window's trigger ("on the sidelines of the Munich
    Security Conference"): its canonical name and city."""
    first = window.triggers[0]
    start = max(window.sentence[0], first.start - 40)
    end = min(window.sentence[1], max(window.end, first.end + 60))
    for pattern, name, city in lexicon.NAMED_EVENTS:
        if pattern.search(article.folded, start, end):
            return name, city
    return None


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


def _location(article: Article, window: Window) -> str | None:
    text = article.folded
    event = _named_event(article, window) if window.type == "meeting" else None
    if event is not None and event[1]:
        return event[1]
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
