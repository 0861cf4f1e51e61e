"""Windows: the trigger words of a sentence (fr/en/de/uk/ru) and the part of the sentence each
one governs, cut at clause boundaries between triggers."""

from __future__ import annotations

import re
from itertools import pairwise

from coprod import catalog
from coprod.extraction import lexicon
from coprod.extraction import lexicon_cyrillic as cyr
from coprod.extraction.facts.article import Article, Trigger, Window
from coprod.extraction.facts.parties import _parties, can_fund, company_referred
from coprod.extraction.gazetteer import Hit

_CLAUSE = lexicon.rx(
    r",|;|:|\bainsi qu|\bpuis\b|\bnotant que|\bwhile\b|\bwhereas\b|\bsowie\b|\bund dann\b"
    r"|\bwhen\b|\blorsque\b|\balors que\b|\bwährend\b|" + cyr.CLAUSE,
    re.I,
)


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


def _triggers(article: Article, sentence: tuple[int, int]) -> list[Trigger]:
    text = article.folded
    chunk = text[sentence[0] : sentence[1]]
    boilerplate = _READ_ALSO.search(chunk)
    if boilerplate:
        chunk = chunk[: boilerplate.start()]
    found: list[Trigger] = []
    joint: Trigger | None = None
    matches = list(lexicon.TRIGGER_RE.finditer(chunk))
    kinds = {lexicon.TRIGGERS[int((m.lastgroup or "t0")[1:])][1] for m in matches}
    dealt = bool(kinds & {"agreement", "meeting"})  # a deal or a visit in the sentence
    for m in matches:
        index = int((m.lastgroup or "t0")[1:])
        _, ftype, detail = lexicon.TRIGGERS[index]
        start, end = sentence[0] + m.start(), sentence[0] + m.end()
        if any(h.entry.type != "country" for h in article.hits.covering(start)):
            if ftype == "initiative" and _coalition_joined(article, sentence, start):
                found.append(Trigger(start, end, ftype, "coalition"))
            continue
        if (
            ftype == "meeting"
            and _HOSTING.fullmatch(article.folded[start:end])
            and (
                _weak(article, sentence, start, end, ftype, dealt=dealt)
                or _goods_follow(article, end)
            )
        ):
            ftype, detail = "supply", "supply"  # "Ukraine received shells", no one hosted
        if detail == "arrival" and not any(
            h.entry.type == "system" for h in article.hits.within(sentence[0], start)
        ):
            if not _visitor_arrived(article, sentence, start, end):
                continue  # no goods arrive, and no one visits
            ftype, detail = "meeting", "meeting"  # "the minister arrived in Kyiv": a visit
        if ftype == "supply" and _aid_given(article, end, sentence[1]):
            ftype, detail = "funding", "funding"  # "fournira 2 milliards d'aide": money given
        if detail == "receipt" and not _goods_follow(article, end):
            continue  # "the minister receives his counterpart": no goods received
        if detail == "gift" and (
            dealt or not any(h.entry.type == "system" for h in article.hits.within(*sentence))
        ):
            continue  # "a deal to repair the guns it donated": the deal is the news
        if ftype == "supply" and _export_policy(article, sentence, start, end):
            ftype, detail = "initiative", "export"  # Ukraine's arms-export policy (rule 58)
        if detail == "provide" and (
            dealt
            or _NEGATED.search(text, max(sentence[0], start - 25), start)
            or article.amounts.within(*sentence)
            or not any(h.entry.type == "system" for h in article.hits.within(*sentence))
            or not _to_ukraine_at(article, end, sentence[1])
        ):
            continue  # "provided support", "надала 100 млн", "не надала": no goods given
        if detail == "repair" and (dealt or _idle_repair(article, sentence, start)):
            continue
        if detail != "repair" and _weak(article, sentence, start, end, ftype, dealt=dealt):
            if ftype == "production" and joint is None and _joint(article, sentence, start, end):
                joint = Trigger(start, end, "agreement", "agreement")
            continue
        found.append(Trigger(start, end, ftype, detail))
    if joint is not None and not any(t.type == "agreement" for t in found):
        found.append(joint)  # "X and Y will produce drones jointly": they agreed to
    if not any(t.type in ("funding", "agreement", "supply") for t in found):
        for amount in article.amounts.within(*sentence):
            if amount.start - sentence[0] < len(chunk):
                found.append(Trigger(amount.start, amount.end, "funding", "amount"))
                break
    found.sort(key=lambda t: t.start)
    return found


def _idle_repair(article: Article, sentence: tuple[int, int], start: int) -> bool:
    """A repair word is work done on equipment only beside a named system, and not as a
    capability ("able to repair…"); in a sentence with a deal or a visit it is what they are
    about (the caller checks)."""
    text = article.folded
    if lexicon.ABILITY.search(text, max(sentence[0], start - 80), start):
        return True
    if lexicon.PRODUCTION_WORD.search(text, *sentence):
        return True  # "production of X, repair of equipment": topics of a production told
    if article.amounts.within(*sentence):
        return True  # "3 billion for purchases and repairs": what money pays for
    if _COOPERATION.search(text, sentence[0], start):
        return True  # "cooperation will also cover the repair of…": a field, no work done
    near = article.hits.within(
        max(sentence[0], start - REPAIR_REACH), min(sentence[1], start + REPAIR_REACH)
    )
    return not any(h.entry.type == "system" for h in near)


_COOPERATION = lexicon.rx(
    r"coop[ée]r|collabor|Zusammenarbeit|Kooperation|співпрац|сотруднич|кооперац", re.I
)
REPAIR_REACH = 60  # characters either side of a repair word within which the repaired system


def _producer_and_product(article: Article, sentence: tuple[int, int], start: int) -> bool:
    """A named organisation (or a company told of before, "the company", "das Unternehmen", as
    the subject before the word at ``start``) and a named system in a sentence (with no
    agreement or visit word, which the caller checks): production even without a volume
    ("Quantum Systems produziert Drohnen in der Ukraine")."""
    hits = article.hits.within(*sentence)
    if not any(h.entry.type == "system" for h in hits):
        return False
    makers = any(h.entry.type == "organisation" for h in hits)
    return (
        makers
        or _state_makes(article, sentence, start)
        or company_referred(article, sentence[0], start) is not None
    )


def _state_makes(article: Article, sentence: tuple[int, int], start: int) -> bool:
    """A state named before a production word and a system after it, in a sentence that tells
    no money ("Ukraine launched mass production of 155mm shells"); with money told, the
    production is what is paid for ("Germany invests 400 million in the production of
    drones"), the funding's."""
    if article.amounts.within(*sentence) or _FUNDING_WORD.search(article.folded, *sentence):
        return False
    state = any(
        h.entry.type == "country" and h.entry.key not in lexicon.HOSTILE
        for h in article.hits.within(sentence[0], start)
    )
    return state and any(h.entry.type == "system" for h in article.hits.within(start, sentence[1]))


_FUNDING_WORD = lexicon.rx(
    "|".join(f"(?<!\\w)(?:{p})(?!\\w)" for p, t, _ in lexicon.TRIGGERS if t == "funding"), re.I
)


def _joint(article: Article, sentence: tuple[int, int], start: int, end: int) -> bool:
    """Production told as joint ("gemeinsame Produktion", "спільно вироблятимуть") between two
    or more states or organisations named in the sentence."""
    text = article.folded
    near = text[max(sentence[0], start - 25) : min(sentence[1], end + 25)]
    if not lexicon.JOINT.search(near):
        return False
    named = {
        h.entry.key or h.entry.name
        for h in article.hits.within(*sentence)
        if h.entry.type in ("country", "organisation") and h.entry.key not in lexicon.HOSTILE
    }
    return len(named) >= 2


# joint production the sides agreed to is their agreement (its production comes with it)
_AGREED = lexicon.rx(
    r"\bagreed\b|\bconvenu|\bvereinbart|(?<!\w)домовил\w*|(?<!\w)договорил\w*|(?<!\w)погодил\w*"
    r"|(?<!\w)уклал\w*|(?<!\w)заключил\w*|\bsign|\bsigné|unterzeichn|(?<!\w)підпис|(?<!\w)подпис",
    re.I,
)


def _two_sides(article: Article, sentence: tuple[int, int]) -> bool:
    """Two or more states or organisations named in the sentence (a hostile state is none)."""
    named = {
        h.entry.key or h.entry.name
        for h in article.hits.within(*sentence)
        if h.entry.type in ("country", "organisation") and h.entry.key not in lexicon.HOSTILE
    }
    return len(named) >= 2


# French "fournir" gives aid as well as goods: "fournira 2 milliards de dollars d'aide",
# "fournir une aide militaire", "fournir un soutien financier"
_FOURNIR = lexicon.rx(r"fourni\w*", re.I)
_AID_OBJECT = lexicon.rx(
    r"\s+(?:(?:au moins|environ|plus de|près de|jusqu['’]à)\s+)?"
    r"(?:(?:une|un|l['’]|de\s+l['’]|d['’])\s*)?(?:aides?|soutien|assistance|financement)\b",
    re.I,
)
AID_REACH = 60  # characters after "fournir" within which its sum of money stands


def _aid_given(article: Article, end: int, limit: int) -> bool:
    """ "fournira 2,38 milliards de dollars d'aide", "fournir une aide militaire": the French
    supply verb whose object is aid or a sum of money, not goods."""
    if not _FOURNIR.fullmatch(article.folded, _word_start(article.folded, end), end):
        return False
    if _AID_OBJECT.match(article.folded, end):
        return True
    amounts = article.amounts.within(end, min(limit, end + AID_REACH))
    goods = article.hits.within(end, min(limit, end + AID_REACH))
    return bool(amounts) and not any(
        h.entry.type == "system" and h.start < amounts[0].start for h in goods
    )


def _word_start(text: str, end: int) -> int:
    start = end
    while start > 0 and text[start - 1].isalpha():
        start -= 1
    return start


def company_named(article: Article, sentence: tuple[int, int]) -> bool:
    """A company named in the sentence (the catalogue's, or one found from its form)."""
    orgs = catalog.organisations()
    for hit in article.hits.within(*sentence):
        if hit.entry.type != "organisation":
            continue
        org = orgs.get(hit.entry.key) if hit.entry.key else None
        if org is None or org.kind == "company":
            return True
    return False


# a government's or cabinet's own session after a meeting word: "засідання уряду", "заседание
# правительства", "meeting of the cabinet", "réunion du gouvernement", "Sitzung des Kabinetts"
_OWN_GOVERNMENT = lexicon.rx(
    r"\s+(?:(?:of the|du|de la|des|der|of)\s+)?(?:уряду|Кабінету Міністрів|Кабміну|правительства"
    r"|Кабмина|Кабинета министров|cabinet|gouvernement|government|Bundeskabinetts|Kabinetts)\b",
    re.I,
)


# a document said not to exist: "l'absence d'un accord", "faute de contrat", "does not have a
# contract", "without an agreement", "ohne Vertrag", "відсутність угоди", "не має контракту",
# "отсутствие соглашения" (not "no contract has been signed so far", "noch kein Vertrag":
# one to come)
_NO_DOCUMENT = lexicon.rx(
    r"(?:\b(?:absence d['’]?(?:un |une |de l['’]|du |de )?|faute d['’]?(?:un |une )?|sans "
    r"(?:un |une )?|(?:does|do|did) not have (?:an? |any )?|without (?:an? |any )?"
    r"|lack of (?:an? )?|ohne )|(?<!\w)(?:відсутн\w* |не ма(?:є|ють) |отсутстви\w* "
    r"|не име(?:ет|ют) ))(?:\w+\s+){0,2}$",
    re.I,
)


def _visitor_arrived(article: Article, sentence: tuple[int, int], start: int, end: int) -> bool:
    """A person named before an arrival word and a state or capital after it ("the Finnish
    minister arrived in Kyiv", "прем'єр-міністр прибув до Норвегії"): a visit."""
    person = any(h.entry.type == "person" for h in article.hits.within(sentence[0], start))
    after = article.hits.within(end, min(sentence[1], end + 30))
    return person and bool(after) and after[0].entry.type == "country"


def _purchase(article: Article, sentence: tuple[int, int], start: int, end: int) -> bool:
    """A purchase verb with its buyer (a state or organisation) before it, the goods (a system)
    after it and the seller named, a company or a state ("Литва закупить у Німеччини 40 танків",
    "Латвия заказала у Швеции", "ordered six radars from Thales"): a contract between them."""
    buyer = any(
        h.entry.type in ("country", "organisation") and h.entry.key not in lexicon.HOSTILE
        for h in article.hits.within(sentence[0], start)
    )
    after = article.hits.within(end, sentence[1])
    if not buyer or not any(h.entry.type == "system" for h in after):
        return False  # "kaufte die amerikanische Colt": a company bought, no goods
    return company_named(article, sentence) or any(
        h.entry.type == "country"
        and h.entry.via != "demonym"
        and _SELLER_BEFORE.search(article.folded, max(end, h.start - 12), h.start)
        for h in after
    )


# the seller of a purchase: "у Польщі", "у Польши", "от Германии", "from Poland", "auprès de la
# France", "bei Rheinmetall", "von Deutschland"
_SELLER_BEFORE = lexicon.rx(
    r"(?:\b(?:from|auprès de|à|bei|von|aus)|(?<!\w)(?:у|в|від|из|от))\s+"
    r"(?:(?:la|le|l['’]|the)\s*)?$",
    re.I,
)


def _goods_follow(article: Article, end: int) -> bool:
    """ "has received 1.5 million rounds of ammunition": what comes next is a system, not a
    person or a state."""
    after = article.hits.within(end, end + 80)
    return bool(after) and after[0].entry.type == "system"


# Ukraine's arms exports as a policy: "export of weapons", "exporter des armes", "експорт
# зброї", "экспорт оружия", "Waffenexporte", "arms exports"
_EXPORT = lexicon.rx(r"export\w*|exportation\w*|експорт\w*|экспорт\w*", re.I)
_ARMS_NEAR = lexicon.rx(
    r"\b(?:arms|weapons?|armes?|armements?|Waffen\w*|Rüstungs\w*)\b"
    r"|(?<!\w)(?:зброї|зброю|зброя|озброєн\w*|оружи\w*|вооружени\w*|ОПК)(?!\w)",
    re.I,
)


def _export_policy(article: Article, sentence: tuple[int, int], start: int, end: int) -> bool:
    """An export word told of Ukraine's weapons ("Kyiv will allow some arms exports",
    "контрольований експорт зброї"): Ukraine's export policy, an initiative of Ukraine alone
    (the destinations are no parties), not a supply; not where a company sells."""
    text = article.folded
    if not _EXPORT.fullmatch(text, start, end):
        return False
    if not _ARMS_NEAR.search(text, max(sentence[0], start - 40), min(sentence[1], end + 40)):
        return False
    hits = article.hits.within(*sentence)
    if any(h.entry.type == "organisation" and not _ukrainian(h) for h in hits):
        return False
    ukrainian = any(_ukrainian(h) for h in hits)
    return ukrainian or _UKRAINIAN_WORD.search(text, *sentence) is not None


_UKRAINIAN_WORD = lexicon.rx(
    r"\bukrain\w*|\bKyiv\b|\bKiev\b|(?<!\w)(?:україн|киї|киє|украин|киев)\w*", re.I
)


# joining or belonging to a coalition: "joined the Drone Coalition", "is a member of", "a rejoint
# la coalition des drones", "se joindre à", "membre de", "beigetreten", "Mitglied der",
# "приєдналася до коаліції", "входить в коаліцію", "член коаліції", "присоединилась к коалиции"
_JOINED = lexicon.rx(
    r"(?:\b(?:join(?:s|ed|ing)?|members? of|membership (?:of|in)|rejoin\w*|joindre|joint"
    r"|adhér\w*|adhésion|membres? de|beigetreten|beitreten|Mitglied(?:er|schaft)? (?:in|der|des))"
    r"|(?<!\w)(?:приєдна\w*|долучи\w*|долуча\w*|входить|входять|член\w*|присоедин\w*"
    r"|вход(?:ит|ят)|вступил\w*))"
    r"\s+(?:(?:to|the|à|a|la|le|l['’]|der|die|dem|den|до|в|у|к)\s*){0,2}(?:[\w'’-]+\s+){0,2}$",
    re.I,
)


def _coalition_joined(article: Article, sentence: tuple[int, int], start: int) -> bool:
    """A coalition of the catalogue (a name ending in "Coalition": Drone, IT, Maritime, Demining
    Coalition) named after a word of joining or membership ("Portugal joined the Drone
    Coalition", "l'Estonie est membre de la coalition des drones", "Чехія входить в коаліцію
    дронів"): that coalition's initiative with the state that joins (annotation rule 12)."""
    for hit in article.hits.covering(start):
        if hit.entry.type != "organisation" or not hit.entry.name.endswith("Coalition"):
            continue
        if _JOINED.search(article.folded, max(sentence[0], hit.start - 40), hit.start):
            return True
    return False


# the initiative in war, seized, kept or lost: "seize the initiative", "reprendre
# l'initiative", "die Initiative ergreifen", "перехопити ініціативу", "перехватить инициативу"
_SEIZED = lexicon.rx(
    r"(?:\b(?:seiz|tak|took|regain|retak|los[te]|hold|held|keep|kept|grab)\w*"
    r"|\b(?:prend|pris|repren|repris|perd|gard|saisi)\w*"
    r"|\b(?:ergreif|ergriff|übernehm|übernahm|verlier|verlor|zurückgewinn)\w*"
    r"|(?<!\w)(?:перехоп|перехвач|перехват|захоп|захват|втрат|утрат|утрач|тримат|удержа"
    r"|поверну|поверта|вернут|поверн)\w*)"
    r"\s+(?:(?:the|l['’]|die|la)\s*)?(?:strategic\s+|stratégique\s+|стратегічн\w*\s+"
    r"|стратегическ\w*\s+)?$",
    re.I,
)
# "the initiative on the battlefield", "ініціатива на фронті", "l'initiative sur le front"
_FRONT_AFTER = lexicon.rx(
    r"\s+(?:on|at|sur|auf|an|на)\s+(?:the\s+|le\s+|dem\s+|der\s+)?"
    r"(?:battlefield|front\w*|champ de bataille|Schlachtfeld|фронт\w*|пол\w* бою)",
    re.I,
)


# a relative clause right before a production verb presents the company: "X, qui produit",
# "X, qui fabrique des moteurs pour"
_PRESENTING = lexicon.rx(r"[,»]\s*qui\s+$")
# a production only guessed at: "peut-être", "éventuellement", "vielleicht", "möglicherweise"
_HEDGE = lexicon.rx(r"\bpeut[- ][eê]tre\b|\b[ée]ventuellement\b|\bvielleicht\b|\bmöglicherweise\b")
# a news outlet credited after the news: ", передає Укрінформ", "— передают СМИ", ", передають
# «Патріоти України»" (a "transmits" of reporting, not of goods)
_REPORTING_WORD = lexicon.rx(r"переда(?:є|ють|ет|ют)", re.I)
_CREDIT_BEFORE = lexicon.rx(r"[,—–]\s*$")
_CREDIT_AFTER = lexicon.rx(r"\s+(?:[«\"“„']|(?-i:[A-ZА-ЯІЇЄҐ]))")
# a partnership is a relation, not a document: an agreement only when a signing is told with it
_PARTNERSHIP = lexicon.rx(r"partenariat|partnership|Partnerschaft|партнерств", re.I)


def _weak(
    article: Article,
    sentence: tuple[int, int],
    start: int,
    end: int,
    ftype: str,
    *,
    dealt: bool = False,
) -> bool:
    text = article.folded
    near = text[max(sentence[0], start - 25) : min(sentence[1], end + 25)]
    whole = text[sentence[0] : sentence[1]]
    if ftype == "production":
        if lexicon.PROFILE.search(text, sentence[0], start):
            return True  # "a leading company in the development and production of…"
        if lexicon.ABILITY.search(text, max(sentence[0], start - 80), start):
            return True  # "Ukraine will be able to produce…": a capability, not a production
        if _PRESENTING.search(text, max(sentence[0], start - 12), start):
            return True  # "Nexter, qui produit les canons Caesar": the company presented
        if _HEDGE.search(whole):
            return True  # "… et peut-être même des munitions demain": speculation
        if lexicon.VOLUME.search(whole) or lexicon.GROWTH.search(whole):
            return False
        if not dealt and abroad(article, end, sentence[1]) is not None:
            return False  # "спільне виробництво дронів на румунській території"
        if lexicon.JOINT.search(near):
            # "X and Y will produce drones jointly", "are considering joint production": a
            # production they plan, no agreement unless a deal, a visit or their agreeing is
            # told ("ont convenu de produire conjointement")
            return dealt or bool(_AGREED.search(whole))
        return dealt or not _producer_and_product(article, sentence, start)
    if ftype in ("agreement", "funding") and _stake_only(whole):
        return True  # "Rheinmetall will hold 51 percent of the joint venture"
    if ftype == "funding":
        has_amount = bool(article.amounts.within(*sentence))
        return not (has_amount or lexicon.STRONG_FUNDING.match(text[start:end]))
    if ftype == "supply":
        if (
            _REPORTING_WORD.fullmatch(text, start, end)
            and _CREDIT_BEFORE.search(text, max(sentence[0], start - 4), start)
            and _CREDIT_AFTER.match(text, end)
        ):
            return True  # "…, передає Укрінформ": the outlet credited, no goods
        if lexicon.TRANSFER_KNOW_HOW.match(text, end, min(sentence[1], end + 60)):
            return True  # "transférer à l'Ukraine la production sous licence": know-how
        if _KNOW_HOW_BEFORE.search(text, max(sentence[0], start - 25), start):
            return True  # "it covers technology transfer": know-how, no goods
        if any(h.entry.type == "system" for h in article.hits.within(*sentence)):
            return False
        # "the first ones will be delivered to Ukraine": goods unnamed, in a sentence that
        # tells no deal, visit or sum (whose words a bare delivery would cut)
        alone = not dealt and not article.amounts.within(*sentence)
        if lexicon.ABILITY.search(text, max(sentence[0], start - 80), start):
            return True  # "this makes it possible to deliver weapons to Ukraine faster"
        return not (alone and to_ukraine(article, end, sentence[1]))
    if ftype == "initiative" and (
        _SEIZED.search(text, max(sentence[0], start - 30), start) or _FRONT_AFTER.match(text, end)
    ):
        return True  # "seize the initiative at the front": the war's momentum, no programme
    if ftype == "agreement" and _PARTNERSHIP.match(text, start, end):
        # "thanks to this partnership", "a partnership between state and private makers is
        # needed": a relation, no document, unless signed or held by two named sides
        return not lexicon.SIGNING.search(whole) and not _two_sides(article, sentence)
    if ftype == "agreement" and lexicon.ORDER.fullmatch(text, start, end):
        # "la commande de 200 missiles": goods; English "commander" is a rank; an order is a
        # contract with the company that takes it, or a buyer's purchase of named goods
        word = text[start:end].lower()
        if word.startswith("command") and article.language != "fr":
            return True
        if word.startswith(("command", "bestell")):
            return not company_named(article, sentence)
        return not _purchase(article, sentence, start, end)
    if ftype == "agreement" and _NO_DOCUMENT.search(text, max(sentence[0], start - 30), start):
        return True  # "en l'absence d'un accord", "does not have a contract": none signed
    if ftype == "agreement" and _generic(text, sentence[0], start):
        return True  # "such agreements help…": no document of its own
    if ftype == "agreement" and _activity(text, sentence[0], start, end):
        return True  # "concluding contracts, creating joint ventures": what firms may do
    if ftype == "agreement" and text[start:end].lower().startswith("accord"):
        before = text[max(0, start - 20) : start]
        return bool(_COPULA.search(before)) or before.lower().endswith("en ")
    if ftype == "meeting" and re.match(r"\s*de presse|\s*press", text[end : end + 10], re.I):
        return True
    if ftype == "meeting" and re.search(r"press[ -]?$|Presse-?$", text[max(0, start - 7) : start]):
        return True
    if ftype == "meeting" and text[start:end].lower().startswith("pressekonferenz"):
        return True
    if ftype == "meeting" and _OWN_GOVERNMENT.match(text, end):
        return True  # "під час засідання уряду": a government's own session, no one met
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


# know-how named right before a transfer word ("technology transfer", "know-how transfer")
_KNOW_HOW_BEFORE = lexicon.rx(
    r"(?:technolog\w*|know-how|savoir-faire|Technologie\w*|(?<!\w)технолог\w*)[\s-]+$", re.I
)


# the goods go to Ukraine: "to Ukraine", "à l'armée ukrainienne", "an die Ukraine", "für die
# ukrainischen Streitkräfte", "до України", "Україні", "Украине"
_TO = lexicon.rx(
    r"(?:\bto|\bà|\bau|\baux|\ban|\bfür|\bfor|\bpour|\bnach|(?<!\w)до|(?<!\w)для)\s+"
    r"(?:(?:the|la|le|les|l['’]|die|den|der|des)\s*)?(?:[\w-]+\s+){0,2}$",
    re.I,
)
UKRAINE_DATIVE = lexicon.rx(r"(?:Україні|Украине)\b", 0)
SUPPLY_REACH = 80  # characters after a supply word within which the goods' destination is said


# a giving word negated: "has not (yet) provided", "не надала" (a delivery word negated is
# often a delay of a planned supply, which the gold keeps: "n'a pas encore livré les radars")
_NEGATED = lexicon.rx(
    r"(?:\bnot|n['’]t|\bnever|\bpas|\bjamais|\bnicht|\bkeine?|(?<!\w)не|(?<!\w)ни)"
    r"(?!\s+(?:only|just|seulement|nur|тільки|лише|только|лишь)(?!\w))"
    r"(?:\s+(?:yet|encore|noch|ще|еще|досі|досих пір|been|be|été))?\s+(?:\w+\s+)?$",
    re.I,
)


# Ukraine right after a giving word, as the one who receives: "Україні", "Украине", "Києву",
# "Ukraine with", "to Ukraine", "à l'Ukraine"
_RECEIVER = lexicon.rx(
    r"\s+(?:(?:to|à)\s+(?:the\s+|l['’])?)?(?:Ukraine\s+with\b|Ukraine\b|Україні|Украине|Києву"
    r"|Киеву)",
    re.I,
)


def _to_ukraine_at(article: Article, end: int, limit: int) -> bool:
    """Ukraine named right after a giving word as its receiver ("надасть Україні дрони")."""
    found = _RECEIVER.match(article.folded, end, limit)
    return found is not None


def to_ukraine(article: Article, end: int, limit: int) -> bool:
    """A supply word followed, within SUPPLY_REACH, by Ukraine or its army as the receiver."""
    for hit in article.hits.within(end, min(limit, end + SUPPLY_REACH)):
        if not _ukrainian(hit):
            continue
        if UKRAINE_DATIVE.match(article.folded, hit.start) or _TO.search(
            article.folded, max(end, hit.start - 40), hit.start
        ):
            return True
    return False


def _ukrainian(hit: Hit) -> bool:
    """Ukraine, or a Ukrainian ministry or army."""
    if hit.entry.type == "country":
        return hit.entry.key == "UA"
    org = catalog.organisations().get(hit.entry.key) if hit.entry.type == "organisation" else None
    return (
        org is not None and org.country == "UA" and org.kind in ("armed_forces", "government_body")
    )


def financed_by(article: Article, sentence_start: int, trigger: int) -> list[str]:
    """The payers of a financed production ("Denmark will finance the production of 18
    Bohdana", "the Netherlands signed contracts for the production of 600,000 drones"): the
    states and funds named before the finance word; a company that invests makes."""
    if not lexicon.FINANCED.search(article.folded, sentence_start, trigger):
        return []
    before = article.hits.within(sentence_start, trigger)
    payers, _ = _parties(article, before, "funding")
    if any(h.entry.type == "organisation" and not can_fund(h.entry.name) for h in before):
        return []  # "Europlasma … a signé deux contrats pour la production": the maker's order
    return [p for p in payers if p != "UA" and can_fund(p)]


def abroad(article: Article, end: int, limit: int) -> str | None:
    """The state other than Ukraine on whose soil a production right after ``end`` is to be
    ("production in Denmark", "виробництво … на румунській території"), if any."""
    for hit in article.hits.within(end, min(limit, end + 50)):
        if hit.entry.type != "country" or hit.entry.key in ("UA", *lexicon.HOSTILE):
            continue
        if not lexicon.ABROAD_BEFORE.search(article.folded, max(end, hit.start - 40), hit.start):
            continue
        demonym = hit.entry.via == "demonym"
        if not demonym or lexicon.ABROAD_AFTER.match(article.folded, hit.end):
            return hit.entry.key
    return None


def _generic(text: str, start: int, trigger: int) -> bool:
    """Documents named as a kind, not as one ("such agreements", "more contracts"; not "three
    more joint ventures")."""
    found = lexicon.GENERIC_DOCUMENTS.search(text, start, trigger)
    if found is None:
        return False
    return not lexicon.COUNT_BEFORE.search(text, start, found.start())


# documents in the plural, bare, as the object of an activity named by a gerund, an infinitive
# or an action noun: "concluding contracts", "creating joint ventures", "conclure des
# contrats", "Verträge abzuschließen", "створення спільних підприємств", "заключение
# контрактов" (what partners may do, not a document made)
_ACTIVITY = lexicon.rx(
    r"(?:\b(?:conclud|sign|creat|establish|form|set?t?ing up|enter)\w*ing"
    r"|\b(?:conclure|signer|créer|nouer|passer|la conclusion|la création|la signature)"
    r"(?:\s+d['’]|\s+des|\s+de)?"
    r"|(?<!\w)(?:створення|укладання|підписання|создания?|заключения?|подписания?)"
    r"(?:\s+\w+)?)\s+$",
    re.I,
)
_PLURAL_DOCUMENT = lexicon.rx(
    r"(?:contracts|contrats|agreements|accords|deals|joint[- ]ventures|co-?entreprises"
    r"|Vertr[aä]ge|Abkommen|Vereinbarungen|Gemeinschaftsunternehmen"
    r"|(?:спільних|совместных)\s+підприємств|угод|контрактів|договорів|соглашений|контрактов"
    r"|договоров|совместных предприятий|спільних підприємств)",
    re.I,
)


def _activity(text: str, sentence_start: int, start: int, end: int) -> bool:
    """Documents in the plural as what an activity produces, not a document told of."""
    if not _PLURAL_DOCUMENT.fullmatch(text, start, end):
        return False
    return bool(_ACTIVITY.search(text, max(sentence_start, start - 40), start))


def _stake_only(sentence: str) -> bool:
    """The split of a venture's shares, told with no signing: a detail of the venture."""
    return bool(lexicon.STAKE.search(sentence)) and not lexicon.SIGNING.search(sentence)


def _windows(article: Article, sentence: tuple[int, int]) -> list[Window]:
    triggers = _triggers(article, sentence)
    if not triggers:
        return []
    cuts = [sentence[0]]
    for left, right in pairwise(triggers):
        if left.type == "meeting" and _SIDELINES.search(article.folded, 0, left.start):
            # "am Rande eines Wirtschaftsforums in Berlin gaben X und Y … bekannt": the
            # meeting is where the rest of the sentence happened, its words are not its own
            cuts.append(_SIDELINE_END.match(article.folded, left.end).end())  # type: ignore[union-attr]
            continue
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


_SIDELINES = lexicon.rx(
    r"(?:\bam Rande (?:\w+\s+){0,3}|\bon the sidelines of (?:\w+\s+){0,3}"
    r"|\ben marge (?:\w+\s+){0,3}|(?<!\w)на полях (?:\w+\s+){0,3}"
    r"|(?<!\w)[ву] кулуарах (?:\w+\s+){0,3})$"
)
# the meeting's own words after it: a place ("in Berlin") and capitalised names
_SIDELINE_END = lexicon.rx(r"(?:\s+(?:in|à|at|у|в)\s+[A-ZА-ЯІЇЄ][\w-]*)?", 0)


def _cut(text: str, start: int, end: int) -> int:
    """Where the words between two triggers divide: at the last clause boundary, else after
    them all (they follow the first trigger)."""
    boundaries = list(_CLAUSE.finditer(text, start, end))
    return boundaries[-1].start() if boundaries else end
