"""Multilingual (French, English, German; Ukrainian and Russian from ``lexicon_cyrillic``) word
lists the extractor's rules use.

Patterns are matched case-insensitively on the article text; they are written to tolerate
the spellings of machine translations (hyphens or not, apostrophes of either kind).
"""

from __future__ import annotations

import re
import unicodedata

from coprod.extraction import lexicon_cyrillic as cyr
from coprod.extraction.regexes import first_chars_of, quick


def fold_char(char: str) -> str:
    """One character without its accent (``é`` → ``e``), so that folding keeps offsets."""
    decomposed = unicodedata.normalize("NFKD", char)
    return decomposed[0] if decomposed and not unicodedata.combining(decomposed[0]) else char


def fold_text(text: str) -> str:
    """``text`` without accents, character for character (same length, same offsets)."""
    if text.isascii():
        return text
    table = {ord(c): fold_char(c) for c in set(text) if not c.isascii()}
    return text.translate(table)


def rx(pattern: str, flags: int = re.I) -> re.Pattern[str]:
    """A pattern compiled to match folded text (see ``fold_text``), with a look-ahead for its
    first characters where they can be told (``regexes.quick``: the same matches, found
    sooner)."""
    return quick(re.compile(fold_text(pattern), flags))


_A = r"[’']"  # either apostrophe

# Media, agencies and social networks: never organisations of interest.
MEDIA = [
    "AFP",
    "Agence France-Presse",
    "Reuters",
    "Associated Press",
    "AP",
    "dpa",
    "Bloomberg",
    "Telegram",
    "Facebook",
    "Instagram",
    "Twitter",
    "YouTube",
    "TikTok",
    "Meta",
    "WhatsApp",
    "Ukrinform",
    "Interfax",
    "Interfax-Ukraine",
    "TASS",
    "RIA Novosti",
    "UNIAN",
    "Suspilne",
    "Kyiv Independent",
    "kyivindependent.com",
    "Kyiv Post",
    "Ukrainska Pravda",
    "Chas Pravdy",
    "European Pravda",
    "Europe de la Vérité",
    "Evropeiska Pravda",
    "RBC-Ukraine",
    "Militarnyi",
    "ArmyInform",
    "Army Inform",
    "Le Monde",
    "Le Figaro",
    "Libération",
    "Les Echos",
    "La Tribune",
    "Le Parisien",
    "Ouest-France",
    "BFMTV",
    "France 24",
    "France Info",
    "franceinfo",
    "RFI",
    "LCI",
    "TF1",
    "BBC",
    "CNN",
    "Politico",
    "Euronews",
    "Defense News",
    "Breaking Defense",
    "Breaking Defence",
    "Inside Defense",
    "Defence News",
    "Janes",
    "Der Spiegel",
    "Spiegel",
    "Bild",
    "FAZ",
    "Handelsblatt",
    "Die Welt",
    "Die Zeit",
    "ntv",
    "ZDF",
    "ARD",
    "Tagesschau",
    "Süddeutsche Zeitung",
    "Wall Street Journal",
    "New York Times",
    "Financial Times",
    "Washington Post",
    "The Guardian",
    "The Times",
    "Economist",
    "Sky News",
    "Opex360",
    "Zona Militar",
    "Deutschlandfunk",
    "Deutsche Welle",
    "Hibya",
    "Censor.NET",
    "Liga.net",
    "LB.ua",
    "Babel",
    "Forbes Ukraine",
    "Європейська правда",
    "Европейская правда",
    "Українська правда",
    "Укрінформ",
    "Укрінформу",
    "Інтерфакс-Україна",
    "Цензор.НЕТ",
]

PERSON_TITLES = re.compile(
    r"\b(?:minist(?:er|re|erin)s?|président(?:e)?s?|presidents?|präsident(?:in)?|chancel(?:ier|lor)"
    r"|kanzler(?:in)?|premier|prime minister|chef|chief|head|CEO|PDG|director|directeur|directrice"
    r"|direktor(?:in)?|général|general|spokes(?:man|woman|person)|porte-parole|sprecher(?:in)?"
    r"|secretary|secrétaire|envoy|envoyé|commander|commandant|kommandeur|ambassador|ambassadeur"
    r"|botschafter(?:in)?|founder|fondateur|gründer|vorstandschef|homologue|counterpart"
    r"|amtskollege|colonel|lieutenant|admiral|amiral|deputy|adjoint|vice|M\.|Mme|Mr\.?|Mrs\.?"
    r"|Ms\.?|Dr\.?|Herr|Frau|chairman|chair|leader|dirigeant|boss|veteran|according to|selon"
    r"|d['’]après|nach Angaben von|laut|announced by|by|von|par|mayor|maire|bürgermeister(?:in)?"
    r"|leiter(?:in)?|MP|député(?:e)?|abgeordnete[rn]?|lawmaker|senator|sénat(?:eur|rice)"
    r"|governor|gouverneur|CTO|CFO|COO|managing director|chief executive"
    # German compound titles: Firmenchef, Werksleiter, Wirtschaftsminister, Konzernsprecher
    r"|\w+(?:chef|leiter|direktor|sprecher|minister|kanzler|präsident|sekretär|botschafter)(?:in)?)"
    r"\s*,?\s*$",
    re.I,
)
PERSON_AFTER = re.compile(
    r"^\s*(?:,\s*(?:the|le|la|l['’]|der|die|a|an|un|une|ein|eine)?\s*(?:[\w’'-]+\s+){0,2}\w*"
    r"(?:minist|presid|présid|präsid|chancel|kanzler|CEO|PDG|chef|chief|head|direct|spokes|porte"
    r"|sprech|secret|envoy|command|founder|fondat|gründ|leiter|direkt|bürgermeister|mayor|maire"
    r"|vorsitz|geschäftsführ|chair)"
    r"|\s*(?:said|says|told|added|stated|wrote|noted|stressed|emphasi[sz]ed|announced|confirmed"
    r"|signed|a déclaré|a dit|a affirmé|a souligné|a annoncé|a indiqué|a écrit|a précisé"
    r"|a ajouté|a confirmé|a signé|sagte|erklärte|betonte|schrieb|kündigte))",
    re.I,
)
# Journalists' credits ("Reporting by X; Editing by Y", a byline "By X"): not people of interest.
CREDITS = re.compile(
    r"(?:(?:reporting|writing|editing|edited|written|reported|compiled|photos?|graphics"
    r"|text|texte|reportage|propos recueillis|bearbeitet|redigiert)\s+(?:by|par|von)"
    r"|(?:^|\n)\s*(?:by|par|von|mit)|\((?:with|avec|mit))\s*$",
    re.I,
)
# "the Chief Executive Officer of Czechoslovak Group Michal Strnad": a person after an organisation.
PERSON_TITLE_OF = re.compile(
    r"(?i:\b(?:chief executive(?: officer)?|executive officer|CEO|chairman|chairwoman|chair"
    r"|president|head|director(?: general)?|founder|co-founder|managing director|PDG|directeur"
    r"|directrice|pr[ée]sident(?:e)?|patron(?:ne)?|dirigeant(?:e)?|Chef(?:in)?|Vorstandschef(?:in)?"
    r"|Geschäftsführer(?:in)?|Direktor(?:in)?|Leiter(?:in)?)(?: g[ée]n[ée]ral(?:e)?)?\s+"
    r"(?:of|de|du|des|d['’]|der|des|von)\s+"
    r"(?:the\s+|la\s+|l['’]|le\s+)?)(?:[A-Z0-9][\w&.'’-]*,?\s+){1,4}$"
)
# A title with its complement, then the name ("the Minister of Strategic Industries of Ukraine
# X Y", "Prime Minister of Great Britain, X Y", "des Bundesministers für Wirtschaft und
# Klimaschutz X Y", "le ministre ukrainien des Industries stratégiques, X Y"): the word before
# the name is capitalised or a comma, so "the head of the plant said X Y" names no one.
PERSON_TITLE_COMPLEMENT = re.compile(
    r"(?i:\b(?:minist(?:er|re|erin)s?|\w+minister(?:in|s)?|secretary|secr[ée]taire|president"
    r"|pr[ée]sident(?:e)?|\w*pr[äa]sident(?:in|en)?|chancellor|chanceli[eè]re|\w*kanzler(?:in|s)?"
    r"|ambassad(?:or|eur|rice)|botschafter(?:in)?|commander|commandant|chief|head|chef"
    r"|director|directeur|directrice|spokes(?:man|woman|person)|porte-parole|sprecher(?:in)?"
    r"|envoy|envoy[ée]e?|governor|gouverneur|mayor|maire)"
    r"(?:\s+[a-zà-ÿ]+)?\s+(?:of|for|to|de|des|du|d['’]|für|der|des)\s+)"
    r"(?:[\w&'’.-]+\s+){0,6}?(?:(?-i:[A-ZÀ-ÖØ-Þ][\w&'’.-]*)\s+|[\w&'’.-]+,\s+)$"
)
ORG_SUFFIXES = {
    "ag",
    "gmbh",
    "se",
    "sa",
    "sas",
    "ltd",
    "limited",
    "plc",
    "inc",
    "llc",
    "jsc",
    "pjsc",
    "corp",
    "corporation",
    "group",
    "groupe",
    "gruppe",
    "industries",
    "industry",
    "systems",
    "systemes",
    "technologies",
    "technology",
    "dynamics",
    "aerospace",
    "defence",
    "defense",
    "robotics",
    "holding",
    "konzern",
    "werke",
    "works",
    "company",
    "aviation",
    "munitions",
    "ordnance",
    "armaments",
    "electronics",
    "oyj",
    "ab",
    "asa",
    "spa",
    "nv",
    "bv",
    "kg",
    "plant",
    "factory",
    "bureau",
    "drone",  # "Terra Drone", "Daimler Truck": a category word closing a company's name
    "drones",
    "truck",
    "trucks",
}
LEGAL_FORMS = {
    "ag",
    "gmbh",
    "se",
    "sa",
    "sas",
    "ltd",
    "plc",
    "inc",
    "llc",
    "jsc",
    "pjsc",
    "corp",
    "oyj",
    "ab",
    "asa",
    "spa",
    "nv",
    "bv",
    "kg",
}
# A preposition, article or conjunction between a company word and a capitalised word says that
# the word is no name of the company ("a Canadian company from Waterloo", "Rüstungsunternehmen
# der Welt", "startups and NGOs", "компанія з Краматорська")
_NO_LINK = (
    r"(?!(?:from|in|at|of|for|with|and|or|the|de|du|des|d|à|au|aux|en|et|ou|avec|von|aus|der"
    r"|den|dem|des|die|das|im|bei|mit|und|oder|з|із|зі|в|у|на|до|для|та|і|й|и|из|с|со|от|по"
    r"|для)\b)"
)
_ORG_CUE_WORDS = (
    r"\b(?:company|companies|firms?|manufacturers?|makers?|producers?|start-?ups?|enterprises?"
    r"|entreprises?|sociétés?|firmes?|fabricants?|constructeurs?|producteurs?|groupe|group"
    # German company words in the genitive too ("des ukrainischen Unternehmens X")
    r"|unternehmens?|firma|firmen|herstellers?|rüstungskonzerns?|konzerne?s?"
    r"|rüstungsunternehmens?"
    # "Verteidigungsfirma": a German compound of a company word
    r"|rüstungsfirma|startups?|produzenten?"
    r"|[a-zäöüß]+(?:firma|konzerns?|unternehmens?|herstellers?|produzenten?))\b"
    r"(?:\s+(?:de\s+défense|d['’]armement|de\s+drones|of\s+drones|defen[cs]e))?"
    rf"(?:\s+{_NO_LINK}[a-zà-üß-]+){{0,2}}"
    # what the company makes, after its adjectives ("le fabricant norvégien de projectiles")
    rf"(?:\s+(?:(?:de|des|of)\s+|d['’])(?-i:{_NO_LINK}[a-zà-üß-]{{3,}}))?"
)
ORG_CUE = re.compile(rf"{_ORG_CUE_WORDS}\s*$", re.I)
# the second of two names after one company word ("the Spanish firms Rovalda and Tesmira",
# "les entreprises Rovalda et Tesmira", "die Firmen Rovalda und Tesmira")
ORG_CUE_LIST = re.compile(
    rf"{_ORG_CUE_WORDS}\s+(?-i:[A-ZÀ-ÖØ-Þ][\w&'’.-]*)(?:\s+(?-i:[A-Z0-9][\w&'’.-]*)){{0,2}}"
    r"\s+(?:and|et|und|y|e|og|och|en)\s+$",
    re.I,
)
# German names follow their company word directly ("der Rüstungskonzern Rheinmetall"): a
# lower-case word between them means the capitalised word after is a noun ("Unternehmen
# beider Seiten", "Konzern zufolge gemeinsam Panzerfahrzeuge").
GERMAN_CUE_GAP = re.compile(
    r"\b(?:unternehmens?|firma|firmen|herstellers?|rüstungskonzerns?|konzerne?s?"
    r"|rüstungsunternehmens?|rüstungsfirma|startup"
    r"|produzenten?|[a-zäöüß]+(?:firma|konzerns?|unternehmens?|herstellers?|produzenten?))"
    r"\s+[a-zäöüß]",
    re.I,
)
GERMAN_COMPANY_NOUNS = (
    "konzern",
    "unternehmen",
    "hersteller",
    "firma",
    "startup",
    "bauer",
    "produzent",
    "produzenten",
)
# Ukrainian and Russian titles and company words: a title may be followed by its complement
# ("заступник міністра оборони Іван Петренко"), a company word by a lower-case qualifier.
CYRILLIC_SAYS_AFTER = re.compile(rf"^\s*,?\s*(?:{cyr.SAYS_AFTER})(?!\w)", re.I)
CYRILLIC_PERSON_TITLE = re.compile(rf"(?<!\w)(?:{cyr.PERSON_TITLES})(?:\s+\S+){{0,3}}\s*$", re.I)
CYRILLIC_ORG_CUE = re.compile(
    rf"(?<!\w)(?:{cyr.ORG_CUE})(?:\s+{_NO_LINK}[а-яіїєґё'’-]+){{0,2}}\s*$", re.I
)
# Words inside one name ("Ursula von der Leyen", "Sellier & Bellot"); "and"/"und" join two
# names ("Ukroboronprom und Northrop Grumman", "Olaf Scholz und Robert Habeck"), not one
CONNECTORS = {"de", "von", "van", "der", "den", "du", "da", "di", "al", "bin", "&"}
# Words of a company's legal or generic description, a name of no company on their own
# ("Joint Stock Company", "Holding Company", "Defence Industries")
GENERIC_COMPANY_WORDS = {"joint", "stock", "public", "private", "limited", "liability", "national"}
TITLE_WORDS = {
    "minister",
    "ministre",
    "ministerin",
    "secretary",
    "secretaire",
    "defence",
    "defense",
    "president",
    "presidente",
    "prasident",
    "prasidentin",
    "chancellor",
    "chanceliere",
    "bundeskanzler",
    "kanzler",
    "general",
    "chief",
    "prime",
    "premier",
    "foreign",
    "deputy",
    "state",
    "verteidigungsminister",
    "aussenminister",
    "vorstandschef",
    "chef",
    "ceo",
    "head",
    "commander",
    "spokesman",
    "spokeswoman",
    "envoy",
    "ambassador",
    "director",
    "directeur",
    "executive",
    "officer",
    "operating",
    "financial",
    "founder",
    "cofounder",
    "co-founder",
    "chairman",
    "chairwoman",
    "managing",
}
# German compound titles end with these (Verteidigungsstaatssekretär, Rheinmetall-Chef...)
TITLE_ENDINGS = (
    "minister",
    "ministerin",
    "sekretar",
    "sekretarin",
    "prasident",
    "prasidentin",
    "kanzler",
    "kanzlerin",
    "sprecher",
    "sprecherin",
    "direktor",
    "botschafter",
    "kommandeur",
    "vorsitzende",
    "chef",
    "chefin",
)
COMMON_CAPITALISED = {
    "опк",  # оборонно-промисловий комплекс: the defence industry, no organisation
    "впк",
    "le",
    "la",
    "les",
    "l",
    "un",
    "une",
    "des",
    "du",
    "de",
    "the",
    "a",
    "an",
    "der",
    "die",
    "das",
    "ein",
    "eine",
    "il",
    "elle",
    "ils",
    "we",
    "nous",
    "wir",
    "it",
    "this",
    "ce",
    "cette",
    "dans",
    "selon",
    "lors",
    "pour",
    "avec",
    "mais",
    "et",
    "en",
    "in",
    "on",
    "at",
    "by",
    "for",
    "and",
    "but",
    "as",
    "after",
    "before",
    "source",
    "comment",
    "photo",
    "read",
    "lire",
    "mme",
    "mr",
    "mrs",
    "ms",
    "dr",
    "m",
    "herr",
    "frau",
    "minister",
    "ministre",
    "president",
    "président",
    "präsident",
    "monday",
    "lundi",
    "montag",
    # days and months (fr, en, de, abbreviated too), folded; not Jan, May, August, Mai (names)
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche",
    "dienstag",
    "mittwoch",
    "donnerstag",
    "freitag",
    "samstag",
    "sonntag",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "september",
    "october",
    "november",
    "december",
    "feb",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "janvier",
    "fevrier",
    "avril",
    "juin",
    "juillet",
    "aout",
    "septembre",
    "octobre",
    "novembre",
    "decembre",
    "januar",
    "februar",
    "marz",
    "juni",
    "juli",
    "oktober",
    "dezember",
    # the documents agreements are written in: a trigger, never a name
    "memorandum",
    "understanding",
    "agreement",
    "accord",
    "contract",
    "declaration",
    "letter",
    "intent",
    "treaty",
    "protocol",
    "contrat",
    "lettre",
    "protocole",
    "vertrag",
    "abkommen",
    "absichtserklarung",
    "vereinbarung",
    "absichtsvereinbarung",
    "joint",
    "venture",
    "ventures",
    # ISO currency codes written before or after a sum ("CZK 650 million"): money, no name
    "czk",
    "pln",
    "nok",
    "sek",
    "dkk",
    "uah",
    "chf",
    "gbp",
    "usd",
    "eur",
    "jpy",
    "cad",
    "aud",
    "huf",
    "ron",
    "bgn",
    "krw",
}

# Generic ministries: (pattern, portfolio); the country comes from the words around.
MINISTRY = re.compile(
    r"\b(?:(?:le |la |the |das |des )?"
    rf"(?:minist[eè]re|ministry|ministerium)\s+(?:[a-zà-ÿ]+\s+(?=de\s|des\s|du\s))?"
    rf"(?:of\s+|for\s+|de\s+la\s+|des\s+|de\s+l{_A}|du\s+"
    r"|der\s+|für\s+)?(?P<p1>d[ée]fen[cs]e|armées|forces armées|armed forces|verteidigung"
    r"|affaires [ée]trang[eè]res"
    r"|foreign affairs|industries strat[ée]giques|strategic industries)"
    r"|(?P<p2>defen[cs]e|foreign|verteidigungs|außen|aussen)[ -]?(?:ministry|ministeriums"
    r"|ministerium|department))"
    # Ukrainian and Russian: Міноборони, Минобороне, Міністерство оборони, министерстве обороны
    r"|(?<!\w)(?P<p3>мін(?:істерств[оаіуе]м?\s+)?оборони|мин(?:истерств[оаеу]м?\s+)?оборон[ыеу]"
    r"|мін(?:істерств[оаіуе]м?\s+)?закордонних\s+справ|мзс|мид)(?!\w)",
    re.I,
)
# Words that make a government body only the channel an outlet cites, not a speaker of the
# article: "citing", "з посиланням на", "со ссылкой на", its press service, a photo credit
# ("Photo: ...") (see ``entities._drop_relaying_bodies``). A body that states something itself
# ("the ministry reported", "according to the ministry", "a indiqué le ministère",
# "повідомило Міноборони") is a speaker, which the seeds' gold lists, and stays.
_RELAY_GAP = r"(?:[^\s,.;:!?()]+\s+){0,3}"
RELAY_BEFORE = re.compile(
    r"(?:\bciting|\bcited\s+by|\bquoting|\bunter\s+Berufung\s+auf|\ben\s+citant"
    r"|\b(?:photo|source|quelle|фото|джерело|источник)\s*:"
    r"|(?<!\w)(?:з|із|зі)\s+посиланням\s+на|(?<!\w)со\s+ссылкой\s+на"
    r"|\bpress\s+service\s+of|\bservice\s+de\s+presse\s+d[ue]|(?<!\w)прес-служб\w*"
    r"|(?<!\w)пресс-служб\w*)\s*" + _RELAY_GAP + r"$",
    re.I,
)
# An organisation inside a person's title: a title word right after it ("NATO Secretary General
# X", "Talvik CEO X", "Ex-Nato-General X") or a title and its preposition before it, with up to
# three words between ("the chief executive of Estonian drone maker X", "Geschäftsführer von
# X", "глава МЗС Естонії X", "помічник командувача з питань підготовки X").
TITLE_AFTER_ORGANISATION = re.compile(
    r"[ \t-]*(?:(?:Deputy|Assistant|Vice)[ \t-]+)?(?:Secretary[ \t-]+General|Secretary"
    r"|Generalsekretär(?:in)?|CEO|chief|head|boss|spokes(?:man|woman|person)|General"
    r"|chairman|chairwoman|president|director|commander|ambassador|envoy|Commissioner"
    r"|генсек\w*|генеральн\w+[ \t]+секретар\w*)\b",
    re.I,
)
TITLE_BEFORE_ORGANISATION = re.compile(
    r"(?:(?i:\b(?:secretary[ \t-]general|secretary|minister|ministre|chief[ \t]+executive"
    r"(?:[ \t]+officer)?|executive[ \t]+officer|CEO|chairman|chairwoman|chair|president"
    r"|pr[ée]sident(?:e)?|head|chief|director(?:[ \t]+general)?|directeur|directrice|founder"
    r"|co-founder|managing[ \t]+director|PDG|chef|patron(?:ne)?|dirigeant(?:e)?|commander"
    r"|commandant|ambassador|ambassadeur|spokes(?:man|woman|person)|porte-parole|general"
    r"|g[ée]n[ée]ral|Geschäftsführer(?:in)?|Vorstandschef(?:in)?|Direktor(?:in)?|Leiter(?:in)?"
    r"|Sprecher(?:in)?|Chef(?:in)?|Oberbefehlshaber(?:in)?|Generalsekretär(?:in)?)"
    r"(?:[ \t]+g[ée]n[ée]ral(?:e)?)?[ \t]+(?:of|for|at|de|du|des|d['’]|der|von|beim?)[ \t]+"
    r"(?:the[ \t]+|la[ \t]+|le[ \t]+|l['’])?)"
    rf"|(?<!\w)(?i:{cyr.ORGANISATION_TITLES})[ \t]+(?:[а-яіїєґё'’-]+[ \t]+){{0,5}})"
    r"(?:[\w'’-]+,?[ \t]+){0,3}$"
)
PORTFOLIO = {
    "defence": ("defen", "armée", "armed", "verteidigung", "оборон"),
    "foreign": ("affaires", "foreign", "außen", "aussen", "закордон", "мзс", "мид"),
    "strategic": ("strat",),
}
MINISTRY_KEYS: dict[tuple[str, str], str] = {
    ("UA", "defence"): "ua-mod",
    ("FR", "defence"): "fr-ministry-armed-forces",
    ("DE", "defence"): "de-mod",
    ("GB", "defence"): "gb-mod",
    ("US", "defence"): "us-dod",
    ("PL", "defence"): "pl-mod",
    ("IT", "defence"): "it-mod",
    ("NL", "defence"): "nl-mod",
    ("DK", "defence"): "dk-mod",
    ("NO", "defence"): "no-mod",
    ("RU", "defence"): "ru-mod",
    ("CA", "defence"): "ca-dnd",
    ("CZ", "defence"): "cz-mod",
    ("SE", "defence"): "se-mod",
    ("FI", "defence"): "fi-mod",
    ("LT", "defence"): "lt-mod",
    ("LV", "defence"): "lv-mod",
    ("EE", "defence"): "ee-mod",
    ("BE", "defence"): "be-mod",
    ("ES", "defence"): "es-mod",
    ("RO", "defence"): "ro-mod",
    ("SK", "defence"): "sk-mod",
    ("PT", "defence"): "pt-mod",
    ("TR", "defence"): "tr-mod",
    ("AU", "defence"): "au-dod",
    ("JP", "defence"): "jp-mod",
    ("KR", "defence"): "kr-mnd",
    ("GR", "defence"): "gr-mod",
    ("BG", "defence"): "bg-mod",
    ("HR", "defence"): "hr-mod",
    ("AT", "defence"): "at-mod",
    ("UA", "foreign"): "ua-mfa",
    ("FR", "foreign"): "fr-mfa",
    ("DE", "foreign"): "de-foreign-office",
    ("GB", "foreign"): "gb-fcdo",
    ("US", "foreign"): "us-state-department",
    ("RU", "foreign"): "ru-mfa",
    ("UA", "strategic"): "ua-ministry-strategic-industries",
}

# Cities used as meeting places (English name), beyond the catalogue's capitals.
CITIES = {
    "kyiv": "Kyiv",
    "kiev": "Kyiv",
    "kiew": "Kyiv",
    "kijiw": "Kyiv",
    "bruxelles": "Brussels",
    "brussels": "Brussels",
    "brussel": "Brussels",
    "la haye": "The Hague",
    "den haag": "The Hague",
    "the hague": "The Hague",
    "washington": "Washington",
    "paris": "Paris",
    "berlin": "Berlin",
    "london": "London",
    "londres": "London",
    "warsaw": "Warsaw",
    "varsovie": "Warsaw",
    "warschau": "Warsaw",
    "rome": "Rome",
    "rom": "Rome",
    "munich": "Munich",
    "munchen": "Munich",
    "ramstein": "Ramstein",
    "lviv": "Lviv",
    "lvov": "Lviv",
    "lwiw": "Lviv",
    "kharkiv": "Kharkiv",
    "odesa": "Odesa",
    "odessa": "Odesa",
    "dnipro": "Dnipro",
    "vilnius": "Vilnius",
    "copenhague": "Copenhagen",
    "copenhagen": "Copenhagen",
    "kopenhagen": "Copenhagen",
    "oslo": "Oslo",
    "stockholm": "Stockholm",
    "helsinki": "Helsinki",
    "prague": "Prague",
    "prag": "Prague",
    "ankara": "Ankara",
    "istanbul": "Istanbul",
    "geneve": "Geneva",
    "geneva": "Geneva",
    "genf": "Geneva",
    "le bourget": "Le Bourget",
    "riyadh": "Riyadh",
    "riyad": "Riyadh",
    "madrid": "Madrid",
    "vienne": "Vienna",
    "vienna": "Vienna",
    "wien": "Vienna",
    "ottawa": "Ottawa",
    "tallinn": "Tallinn",
    "riga": "Riga",
    "bucharest": "Bucharest",
    "bucarest": "Bucharest",
    "rzeszow": "Rzeszów",
    "alaska": "Alaska",
    "anchorage": "Anchorage",
}
SEATS = {"BE"}  # capitals that name the place of a meeting, not a party (Brussels: NATO, EU)
LOCATIVE = rx(
    r"(?:\b(?:à|a|in|at|en|au|aux|nach|im|zu|près de|near|dans)\s+(?:la\s+|the\s+)?)$|"
    + cyr.LOCATIVE,
    re.I,
)
HOSTILE = {"RU", "BY", "IR", "KP"}
# funds that pay Europe's own defence industry: the money they give goes to companies, not to
# Ukraine (the other funds of the catalogue pay for Ukraine: EPF, PURL, USAI, charities)
INDUSTRY_FUNDS = {
    "Act in Support of Ammunition Production",
    "EDIRPA",
    "European Defence Industry Programme",
    "Security Action for Europe",
    "European Defence Fund",
    "NATO Innovation Fund",
}

# Named mechanisms: the Danish model (also "Danish format", "the Danish drone production
# model"), the Norwegian model; a plan named by its points ("Zehn-Punkte-Plan").
_DANISH = (
    r"Danish (?:[\w-]+ ){0,3}(?:model|format)|mod[eè]le danois|format danois"
    r"|dänische[sn]? (?:Modell|Format)|данськ\w* (?:модел|формат)\w*|датск\w* (?:модел|формат)\w*"
)
_NORWEGIAN = (
    r"Norwegian model|mod[eè]le norv[ée]gien|norwegische[sn]? Modell|норвезьк\w* модел\w*"
    r"|норвежск\w* модел\w*"
)
_POINT_PLAN = (
    r"[A-Za-zä]+-Punkte-Plans?|(?:\d+|[a-z]+)-point plans?|plans? en (?:\d+|[a-z]+) points"
)

# An order placed ("a passé une commande de radars auprès de", "commande 500 bombes à",
# "bestellt"): a contract only with the company that takes it named (``windows._weak``)
# (not "des commandes", orders in general, nor "le matériel commandé", an adjective)
_ORDER = (
    r"commande|command(?:er|era|eront|ant)|(?:a|ont|avait|avaient|été)\s+command(?:é|ée|és|ées)"
    r"|Bestellung|bestellt(?:e|en)?"
    # a purchase told by its verb ("has ordered", "purchased", "ont été achetés par", "gekauft",
    # "замовила", "закупило", "придбав", "заказала", "приобрел"): a contract of its buyer
    r"|ordered|purchased|bought|(?:a|ont|avait|avaient|été)\s+achet(?:é|ée|és|ées)"
    r"|gekauft|kauften?|erworben|" + cyr.ORDER
)
ORDER = rx(_ORDER)
ORDER_PLANNED = rx(r"command(?:er|era|eront)|" + cyr.ORDER_PLANNED)

# Fact triggers: (regex, fact type, agreement type or detail).
TRIGGERS: list[tuple[str, str, str]] = [
    (
        # "LoI" in capitals only: French "loi" is a law ("la loi martiale")
        rf"lettres? d{_A}intention|letters? of intent|(?-i:\bLoIs?\b|\bLOIs?\b)|Absichtsschreiben",
        "agreement",
        "letter_of_intent",
    ),
    (
        rf"protocoles? d{_A}(?:accord|entente)|m[ée]morandums? d{_A}(?:accord|entente|intention)"
        r"|memorand(?:um|a) of understanding|\bMoUs?\b|\bMOUs?\b|mémorandum|memorandum"
        r"|Absichtsvereinbarung(?:en)?|Grundsatzvereinbarung(?:en)?",
        "agreement",
        "memorandum_of_understanding",
    ),
    (
        rf"d[ée]clarations? (?:conjointes? )?d{_A}intentions?|declarations? of intent"
        r"|Absichtserklärung(?:en)?|joint declaration of intent"
        # a joint declaration (annotation rule 35), a statement signed
        r"|joint declarations?|d[ée]clarations? (?:conjointes?|communes?)"
        r"|gemeinsamen? Erklärung(?:en)?"
        r"|(?:signed|signé(?:e|s|es)?|unterzeichne\w*)\s+(?:(?:a|an|une|la|eine|die)\s+)?"
        r"(?:joint\s+)?(?:statements?|déclarations?|Erklärung(?:en)?)",
        "agreement",
        "declaration_of_intent",
    ),
    (
        r"accords?[- ]cadres?|framework (?:agreement|contract|deal)s?|Rahmenvertr[aä]ge?"
        r"|Rahmenabkommen|Rahmenvereinbarung(?:en)?",
        "agreement",
        "framework_agreement",
    ),
    (
        r"co-?entreprises?|joint[- ]ventures?|Gemeinschaftsunternehmen|Gemeinschaftsfirm(?:a|en)"
        # a company owned in common: "une entreprise commune", "une filiale commune", "a joint
        # company" (annotation rule 35: the founding of a joint company)
        r"|(?:entreprise|filiale|société)s? communes?|joint compan(?:y|ies)",
        "agreement",
        "joint_venture",
    ),
    (
        r"contrats?|contracts?|Vertr[aä]ge?s?|Auftr[aä]ge?s?|Liefervertr[aä]ge?"
        r"|[a-zäöüß]+(?:auftr[aä]ge?s?|vertr[aä]ge?s?)"  # Milliardenauftrag, Kaufvertrag
        # an order placed: "a passé une commande de", "commande 500 bombes à", "bestellt"
        r"|" + _ORDER,
        "agreement",
        "contract",
    ),
    (
        r"accords?|agreements?|\bdeals?\b|\bpacts?\b|Abkommens?|Vereinbarung(?:en)?|Übereinkommen"
        r"|[a-zäöüß]+(?:vereinbarung(?:en)?|abkommens?)"
        rf"|ententes?|mis(?:es)? d{_A}accord|(?:agreed|agree) to|vereinbart(?:en)?"
        r"|partenariats?|partnerships?|Partnerschaft(?:en)?"
        # "signed a document", "ein Dokument unterzeichnet", "Document ont signé"
        r"|(?:signed|signé|unterzeichne\w*|підписа\w*|подписа\w*)\s+(?:\w+\s+){0,2}"
        r"(?:documents?|Dokumente?|документ\w*)"
        r"|(?:documents?|Dokumente?|документ\w*)\s+(?:\w+\s+){0,5}"
        r"(?:signed|signé|sign[ée]s?|unterzeichne\w*|підписа\w*|подписа\w*)",
        "agreement",
        "agreement",
    ),
    (
        # a press conference held together is a meeting ("conférence de presse conjointe");
        # a ceremony brings its guests together ("the groundbreaking ceremony", "Spatenstich")
        r"joint (?:press|news) conferences?|conférences? de presse (?:conjointe|commune)s?"
        r"|gemeinsamen? Pressekonferenz|(?:groundbreaking|opening|inauguration) ceremony"
        r"|cérémonie d['’](?:inauguration|ouverture)|cérémonie de (?:la )?pose|Spatenstichs?"
        r"|Eröffnungs(?:zeremonie|feier)"
        r"|sommets?|summits?|Gipfel(?:treffen)?s?|r[ée]unions?|meetings?|Treffens?|rencontres?"
        r"|rencontr[ée]e?s?|(?:met|meet|meets) with|\bmet\b|s['’][ée]tait entretenu"
        r"|s['’]est entretenu"
        r"|entretiens|entretien avec|talks|pourparlers|Gespr[aä]che?n?|conf[ée]rences?"
        r"|Konferenz(?:en)?|forums?|Tagung(?:en)?"
        r"|[a-zäöüß]+(?:forums?|konferenz(?:en)?|gipfels?|tagung(?:en)?)"  # Wirtschaftsforum
        r"|Delegationsreise|(?:Reise|trip|voyage) (?:in die|nach|to|en|à|au)\b"
        r"|visites?|visit(?:ed|s)?|Besuchs?|besuch(?:te|ten|en|t)|visit[ée]e?|traf(?:en)?"
        r"|getroffen"
        r"|(?:a|ont|avait|avaient) reçu|received|hosted|empfing|empfangen|a accueilli|accueille"
        r"|cet entretien|this meeting|phone (?:call|conversation)|telephone conversation"
        r"|entretien téléphonique|Telefonat|telefonierte?n?|video ?call|visioconférence"
        # "lors d'une vidéoconférence", "a tenu des discussions avec"
        r"|vid[ée]o-?conf[ée]rences?|discussions avec",
        "meeting",
        "meeting",
    ),
    (
        # "a fourni", "ont fourni": the past participle (its feminine and plural forms, tried
        # too, gave as many false supplies as true ones)
        r"livraisons?|livrer\w*|livré(?:e?s)?"
        r"|fourni(?:r|t|ture|tures|ssant|ra|ront|rait|rons|raient|ssent|ssait|ssaient)?"
        # "l'envoi de blindés", "a envoyé ses vieux véhicules", "enverrait" (not the envoy:
        # "l'envoyé spécial")
        r"|envois?|envoy(?:er|é|ée|és|ées|ait|aient|ant|ons)(?!\s+sp[ée]cia)"
        r"|envoi(?:e|ent)|enverr(?:a|ai|ait|aient|ont|ons)"
        r"|deliver(?:y|ies|ed|s)?|transférer\w*|transféré\w*|céder(?:a|ont)"
        r"|(?:send|sends|sent|sending)"
        r"|Zulieferung(?:en)?|überlass(?:en|t)|überließ"
        r"|suppl(?:y|ies|ied|ying)|shipments?|shipped|Lieferung(?:en)?|liefer(?:n|t|te|ten)"
        r"|geliefert|übergeben"
        # "is supplying drones", "plans to transfer 24 F-16s", "beliefert die Ukraine mit",
        # "mit 10 Panzern versorgt", "Drohnen in die Ukraine schicken"
        r"|transfer(?:s|ring)?|beliefer\w*|versorg(?:t|en|te|ten)|schick(?:en|t|te|ten)"
        r"|geschickt|exportier\w*|exported|exporting"
        r"|transferred|handed over|hand over|remis|remise|sales?|sells?|sold|vente|vendre"
        # "va remettre deux navires", "is delivering"
        r"|remet(?:tre|tent|tra|tront|trait)?|delivering"
        r"|Verkauf|verkaufen|exports?|sagten? (?:[\w-]+ ){1,10}zu(?=[.,;])"
        r"|asked for|asks for|requested|request for|demand[ée]|réclam\w*|bittet um|bat um"
        r"|fordert|forderte",
        "supply",
        "supply",
    ),
    (
        # goods given: a supply when a system is named and no deal or visit is told with it
        r"handed|donat(?:e|ed|es|ing)|gifted|gespendet",
        "supply",
        "gift",
    ),
    (
        # goods provided to Ukraine: a supply when Ukraine receives right after the word, a
        # system is named and no sum, deal or visit is told ("надасть Україні 20 гаубиць",
        # "provided Ukraine with radars"); "provided" alone is as often money or support
        r"provid(?:e|es|ed|ing)",
        "supply",
        "provide",
    ),
    (
        # goods received: a supply when goods follow the word ("l'Ukraine recevra 100 000 obus",
        # "erhält Munition aus"), not a visitor received
        r"re[çc]oi(?:t|vent)|recevr(?:a|ont|ait|aient)|recevoir|erhält|bekommt|bekommen"
        # "l'armée de l'air a déjà reçu trois Mirage" (goods after it)
        r"|reçu(?:e?s)?"
        r"|receiv(?:e|es|ing)|erhalten|erhielt(?:en)?",
        "supply",
        "receipt",
    ),
    (
        # goods that arrive were delivered: a supply when the goods come before the word
        r"arriv(?:ed|es|ing|e|al)|arriv(?:é|ée|és|ées|era|eront|ent)|eingetroffen|angekommen"
        r"|entgegengenommen",
        "supply",
        "arrival",
    ),
    (
        r"production|produire|produit|produisent|fabrication|fabriqu(?:er|é|ée|és|ées|era|eront)"
        # "ils fabriquent", "l'usine fabriquait" (issue 14, fourteenth session)
        r"|fabriqu(?:ent|ait|aient|ant|ons)"
        # "Delair produira 100 drones", "la société ne produisait que 11 blindés"
        r"|produi(?:ra|ront|rait|raient|sait|saient|sons)"
        r"|manufactur(?:e|es|ed|ing)"
        r"|produc(?:e|es|ed|ing)|output|Produktion|produzier(?:en|t|te|ten)|herstell(?:en|t|te)"
        # "von Diehl Defence hergestellt", "die Munitionsproduktion", "eine Produktionslinie"
        r"|hergestellt|herzustellen|[a-zäöüß]+produktion|Produktions(?:linie|stätte|anlage)n?"
        r"|Herstellung|Fertigung|usines?|fabriques?|\bplants?\b|factor(?:y|ies)|Werks?|Werke"
        r"|Fabrik(?:en)?|Munitionsfabrik(?:en)?",
        "production",
        "production",
    ),
    (
        # repair of equipment is work on it, a production with scope maintenance_repair
        # (French "réparation(s)", "réparés": no gain on the development batches, two false
        # productions on validation: left out)
        r"repair(?:s|ed|ing)?|Reparatur(?:en)?|repariert|reparier(?:en|te|ten)"
        r"|Instandsetzung|instandgesetzt|overhaul(?:ed|s)?",
        "production",
        "repair",
    ),
    (
        r"initiatives?|m[ée]canismes?|mechanisms?|Mechanismus|programmes?|programs?|Programms?"
        r"|coalitions?|Koalition|plateformes?|platforms?|Plattform|dispositifs?"
        r"|instruments?|" + _DANISH + "|" + _NORWEGIAN + "|" + _POINT_PLAN,
        "initiative",
        "initiative",
    ),
    (
        r"fonds|\bfunds?\b|Fonds|financ(?:er|é|ée|ement|era|ing|es|ed|e)|fund(?:ed|ing|s)?"
        # "financés", "financeront", "allouées", "une allocation de", "earmarked" (issue 14,
        # fourteenth session)
        r"|financ(?:és|ées|eront|erait|eraient|ait|aient)|allocations?|alloc(?:ates|ating)"
        r"|earmark(?:ed|s|ing)?|d[ée]bloqu(?:ée|és|ées|era|eront)"
        r"|finanzier(?:ten)"
        r"|finanzier(?:en|t|te|ung)|\baide\b|\baid\b|Hilfe|Hilfspaket|package|paquet|enveloppe"
        r"|budget|garant|guarantee|bürg(?:en|t|schaft)|d[ée]bloqu(?:er|é)|allou(?:er|é)"
        r"|alloc(?:ate|ated)"
        r"|pledg(?:e|ed|es)|promis|zugesagt|bereitgestellt|bereitstellen|grants?|prêts?|loans?"
        r"|Kredit(?:e)?|invest(?:ir|issement|issements|ment|ments|ed|s|ing|it|ira|iront|i)?"
        r"|Investition(?:en)?|investier(?:t|en|te|ten)"
        r"|contribut\w*|contribue|Beitrag|donations?|\bdons?\b|Spenden?|tranches?"
        r"|unterstütz\w*|support(?:s|ed|ing)?|soutien|soutenir|soutiendra",
        "funding",
        "funding",
    ),
]
TRIGGERS = [(f"{p}|{cyr.TRIGGERS[d]}" if d in cyr.TRIGGERS else p, t, d) for p, t, d in TRIGGERS]


def _starting(pattern: str) -> str:
    """A look-ahead for the characters a trigger can begin with (empty when not told): the
    other alternatives fail at once, the matches stay the same (``regexes.quick``)."""
    chars = first_chars_of(fold_text(pattern), re.I)
    return f"(?={chars})" if chars else ""


# One look-behind for all triggers (each begins with it) and, in each, a look-ahead for its
# first characters: the same matches, about twice as fast as trying every trigger everywhere
TRIGGER_RE = re.compile(
    fold_text(
        "(?<!\\w)(?:"
        + "|".join(
            f"(?P<t{i}>{_starting(p)}(?<!\\w)(?:{p})(?!\\w))"
            for i, (p, _, _) in enumerate(TRIGGERS)
        )
        + ")"
    ),
    re.I,
)

STRONG_FUNDING = rx(
    r"financ|fund|finanz|garant|guarant|bürg|débloq|debloq|allou|alloc|pledg|grant|prêt|loan"
    r"|donation|earmark"
    r"|kredit|zugesagt|bereit|" + cyr.STRONG_FUNDING,
    re.I,
)
ANAPHORA = rx(
    r"(?:\b(?:ces|cette|cet|ce|this|these|those|that|such|same|même|gleiche[snm]?|selbe[snm]?"
    r"|dieses?|diesem|diesen|dieser|solche[snm]?"
    r"|tel|telle|tels|telles|ledit|ladite|said|besagte[nm]?)\s+(?:\w+\s+){0,2}"
    r"|\b(?:under|per|in line with|as part of) the\s+|\bdans le cadre de (?:l['’]|la |le )"
    r"|\baux termes de (?:l['’]|la |le )|\bim Rahmen (?:des|der)\s+|\bgemäß (?:dem|der)\s+"
    rf"|{cyr.ANAPHORA})$",
    re.I,
)
NEW_MARKER = rx(r"\b(?:similaire|similar|ähnliche[snm]?|autre|another|weitere[snm]?)\b", re.I)

STATUS_CUES: list[tuple[str, str]] = [
    (
        "cancelled",
        r"annul[ée]|cancel(?:l)?ed|scrapped|abandonn[ée]|suspendu|gekündigt|storniert"
        r"|abgesagt|terminated|résilié",
    ),
    (
        "requested",
        r"souhaite|demand[ée]|demande|requested|request|asks?\b|asked|wants?|veut"
        r"|voudrait|fordert|bittet|gebeten|forderte|wünscht|appel[ée]? à|called for"
        r"|bénéficier de",
    ),
    (
        "delivered",
        r"livr[ée]e?s?\b(?! d['’]ici)|delivered|has sent|have sent|handed over"
        r"|ha(?:s|ve|d) provided"
        r"|arrived|geliefert(?! werden)|übergeben (?:hat|haben)|übergab|reçu|received"
        r"|erhalten",
    ),
    (
        "planned",
        r"kündigt\w* an|noch nicht|pas encore|not yet|pas été signé|no contract"
        r"|cherch(?:e|ent) à|seeks?"
        r"|seeking|sought|n[ée]goci|negotiat|verhandel|discut"
        r"|discuss|examiner|consider|envisag|prévu|prévoit|prévoient|planned|plans?\b"
        r"|planen|geplant|will|shall|would|wird|werden|soll|sollen|va |vont "
        r"|pourrait|pourraient|could|may|might|possibilit|possible|intend|intention de"
        r"|a l['’]intention|prépar|prepar|future?|futur|à venir|upcoming|propos|anstreb"
        r"|prüf|accélération|accelerat|beschleunig|expected|devrait|devraient|aim|vise"
        r"|to sign|signera|signeront|unterzeichnen will|bald|wollen|möchten|beabsichtig"
        r"|travaill\w* (?:sur|à)|working on|work on|arbeite\w* an|volonté|willingness"
        r"|ready to|prêts? à|bereit (?:ist|sind|zu)\b"
        # "nous prévoyons de signer", "doivent signer", "pour signer": a signing to come (not
        # "vient de signer", just signed)
        r"|prévoy|prévoir|(?<!vient )(?<!viennent )(?<!venait )(?<!venaient )(?<!venons )"
        r"(?:de|d['’]|à|pour|doi\w+|devr\w+|veu\w+|voudr\w+|souhait\w+)\s+signer\b",
    ),
    (
        "signed",
        r"sign[ée]|signent|signature|signing|signed|inked|conclu|concluded|struck"
        r"|unterzeichne?t|unterschrieben|abgeschlossen|geschlossen|agreed|convenu"
        r"|vereinbart|announced|annoncé|a créé|ont créé|created|established|set up"
        r"|launched|lancé|confirm|awarded|attribu[ée]|a remporté|won\b|erhielt|erteilt"
        r"|implementation of|implementing the|Umsetzung (?:des|der)|mise en œuvre de (?:l|ce|cet)",
    ),
    ("ongoing", r"poursuite|continu|ongoing|en cours|laufend|fortgesetzt|weiterhin|still"),
]
STATUS_CUES = [(status, f"{p}|{cyr.STATUS[status]}") for status, p in STATUS_CUES]
STATUS_RE = [(status, rx(rf"(?<!\w)(?:{p})")) for status, p in STATUS_CUES]

SCOPE_CUES: list[tuple[str, str]] = [
    (
        "co_production",
        r"co-?productions?|coproduction|production (?:conjointe|commune|jointe)"
        r"|(?:joint|gemeinsame[nr]?|conjointe?s?|commune?s?)\s+(?:\w+\s+){0,2}(?:and|und|et)\s+"
        r"(?:de\s+la\s+|the\s+)?(?:production|Produktion|manufactur\w*|fabrication)"
        r"|produire (?:conjointement|ensemble|en commun)|produ\w* conjointement|joint(?:ly)? produc"
        r"|produce jointly|jointly produce|co-?produc"
        r"|gemeinsame[nr]? (?:Produktion|Herstellung|Fertigung)"
        r"|gemeinsam (?:zu )?(?:produzieren|herstellen)|coopération dans la production"
        r"|cooperation in (?:the )?production|production cooperation|Produktionskooperation"
        r"|fabrication (?:conjointe|commune)|joint manufactur|localis\w* (?:de )?la production"
        r"|production localisée|Lizenzproduktion|licen[cs]ed production|production sous licence",
    ),
    (
        "co_development",
        r"co-?d[ée]velopp?ements?|co-?develop|d[ée]velopp\w* (?:conjointement|ensemble"
        r"|en commun)|joint(?:ly)? develop|gemeinsame[nr]? Entwicklung|gemeinsam entwickeln"
        r"|maturation technologique|R&D commune|joint research",
    ),
    (
        "technology_transfer",
        r"transferts? de technologies?|technology transfers?|transfer of technolog"
        r"|échanges? de technologies?|exchange of technolog|technolog\w* exchange"
        r"|Technologietransfer|transfert technologique|partage technologique|technology sharing"
        r"|licen[cs]es? (?:to|for|de)|Lizenz(?:en)? (?:zur|für)",
    ),
    (
        "technical_data_sharing",
        r"données techniques|technical data|technische[nr]? Daten"
        r"|partage de données|data sharing|Datenaustausch|échange de données|des données",
    ),
    (
        "maintenance_repair",
        r"entretien|réparations?|maintenance|repairs?|Reparatur(?:en)?"
        r"|Instandsetzung|Wartung|MRO|remise en état|overhaul",
    ),
    (
        "procurement",
        r"achats?|acquisitions?|acquérir|procurement|purchas\w*|buy(?:ing)?|Kauf|kaufen"
        r"|Beschaffung|beschaffen|commandes?|orders?\b|ordered|bought|Bestellung|bestellt"
        r"|gekauft",
    ),
    (
        "investment",
        r"investissements?|investir|invest(?:ment|ments|ing|it|ira|iront)?\b|Investition(?:en)?"
        r"|investier(?:en|t|te|ten)",
    ),
    (
        "financing",
        r"financ(?:er|ement|é|ée)|finance[ds]?\b|financing|funding|Finanzierung"
        r"|finanzieren",
    ),
    (
        "localisation",
        r"locali[sz]ation|locali[sz]e[rd]?|localiser|Lokalisierung|lokalisieren"
        r"|production (?:en|in) Ukraine|produire en Ukraine|in der Ukraine (?:zu )?produzieren"
        r"|local(?:ly)? assembl\w*|assembl\w* locally|assemblage local|assembl\w* localement"
        r"|lokale[nr]? (?:Montage|Endmontage)|vor Ort montier\w*",
    ),
    (
        "training",
        r"formation|formant|former des|training|train(?:s|ed)? \w*\s*(?:soldiers|troops|pilots"
        r"|personnel)|Ausbildung|ausbilden",
    ),
]
SCOPE_CUES = [(scope, f"{p}|{cyr.SCOPE[scope]}") for scope, p in SCOPE_CUES]
SCOPE_RE = [(scope, rx(rf"(?<!\w)(?:{p})")) for scope, p in SCOPE_CUES]

GROWTH = rx(
    r"(?P<word>tripl\w*|doubl\w*|quadrupl\w*|verdoppel\w*|verdreifach\w*|vervierfach\w*"
    r"|multipli\w* par (?P<by>\w+)|(?P<by2>\w+)-?fold|increased (?P<by3>\w+)-?fold"
    r"|(?P<by4>\w+)-?fach|" + cyr.GROWTH + ")",
    re.I,
)
GROWTH_WORDS = {
    "tripl": 3,
    "doubl": 2,
    "quadrupl": 4,
    "verdoppel": 2,
    "verdreifach": 3,
    "vervierfach": 4,
    **cyr.GROWTH_WORDS,
}
VOLUME = rx(
    r"record|volumes?|capacit[ée]s? de production|production capacity|Produktionskapazit"
    r"|par mois|per month|pro Monat|par an|per year|pro Jahr|a augment|increased|increase|erhöht"
    r"|gesteigert|hochgefahren|ramp(?:ed)? up|montée en cadence|started|lancé la production"
    r"|begonnen|started production|launched production|a produit|ont produit|has produced"
    r"|\bstart(?:s|ed|ing)?\b|démarr|commencer|beginnen|aufnehmen|construire|construction|\bbuild|\bBau\b|bauen"
    r"|ouvr|\bopen|eröffn|install|implant"
    r"|have produced|produziert hat|unités|units|Stück|stück|exemplaires|pieces|assembl"
    r"|production lines?|lignes? de production|Produktionslinien?|Fertigungslinien?|stand up"
    r"|expand|agrandi|élargi|ausbau|erweiter"
    r"|premi(?:ers|ères) (?:produits|unités|lots|exemplaires)|first (?:units|products|batch)"
    r"|an?\s+(?:year|month)|annually|a l['’]année|chaque (?:année|mois)|jährlich|monatlich"
    r"|ramp(?:s|ing)? up|scal(?:e|es|ed|ing) up|montée en puissance|capacit(?:y|ies)\b"
    r"|Kapazität|millions? (?:of )?(?:drones|shells|rounds)|millions? d['’]obus"
    r"|millions? de drones|Millionen (?:Drohnen|Granaten|Schuss)"
    r"|erste[n]? (?:Produkte|Einheiten|Serie)|" + cyr.VOLUME,
    re.I,
)
# What a company does, told to present it ("a leading company in the development and production
# of", "one of the world's largest companies producing", "develops and manufactures",
# "spécialisée dans la fabrication de"): no production fact of its own
PROFILE = rx(
    r"(?:\b(?:leading|largest|biggest|major|main|well-known)\s+(?:[\w'’-]+\s+){0,3}"
    r"(?:compan(?:y|ies)|manufacturers?|producers?|makers?|firms?|groups?|suppliers?)"
    r"|\b(?:leader|leaders|chef de file|Marktführer|лідер\w*|лидер\w*)"
    r"|\bspeciali[sz](?:ed|es|ing)\s+in|\bspéciali\w*\s+dans"
    r"|\bspezialisiert|(?<!\w)спеціаліз\w*|(?<!\w)специализир\w*"
    r"|\bdevelops\s+and|\bdéveloppe\s+et|\bconçoit\s+et|\bentwickelt\s+und"
    r"|(?<!\w)розробляє\s+(?:і|та)|(?<!\w)разрабатывает\s+и"
    r"|\bknown for|\bconnu(?:e)? pour|\bbekannt für"
    r"|(?<!\w)(?:провідн\w*|ведущ\w*|найбільш\w*|крупнейш\w*)\s+(?:\w+\s+){0,2}"
    r"(?:виробник\w*|производител\w*|компані\w*|компани\w*))"
    r"(?:\s+[\w'’-]+){0,10}\s*$",
    re.I,
)
# The split of a joint venture's shares ("will own 51% of the shares", "51 Prozent der Anteile
# halten", "détiendra 51 % des actions", "51% акцій"): a detail of the venture, no agreement
STAKE = rx(
    r"\d+(?:[.,]\d+)?\s*(?:%|per ?cent|pour ?cent|Prozent|відсотк\w*|процент\w*)"
    r"(?:\s+\S+){0,6}?\s+(?:(?:of\s+the\s+)?shares|stakes?|Anteile[n]?|actions|parts|des parts"
    r"|Beteiligung|акці\w*|частк\w*|дол[іиюе]\w*)"
    r"|(?:own|hold|held|détiendr\w*|détien\w*|halten|hält|володіти\w*|володітиме|владе\w*)"
    r"(?:\s+\S+){0,4}?\s+\d+(?:[.,]\d+)?\s*(?:%|per ?cent|percent|pour ?cent|Prozent"
    r"|відсотк\w*|процент\w*)"
    r"|\d+(?:[.,]\d+)?\s*(?:%|per ?cent|percent|pour ?cent|Prozent)\s+(?:\w+\s+){0,3}"
    r"(?:by|par|von)\b",
    re.I,
)
# "Denmark will finance the production of", "Schweden bezahlt die Herstellung": the payer
# of a production, who is not its producer
FINANCED = rx(
    r"(?:financ\w*|fund(?:s|ed|ing)?|pay(?:s|ing)?\s+for|paid\s+for|paie\w*|payer\w*"
    r"|finanzier\w*|bezahl\w*|(?<!\w)(?:про)?фінансу\w*|(?<!\w)(?:про)?финансир\w*"
    r"|(?<!\w)оплат\w*"
    # "invested about $650 million in the production of", "інвестувала … у виробництво"
    r"|(?:invest\w*|інвест\w*|инвест\w*)(?:\s+[^\s.;:]+){0,5}?\s+(?:in|into|dans|in die|у|в)"
    # "signed contracts for the production of 600,000 drones": the buyer orders it
    r"|(?:contracts?|contrats?|Vertr[aä]ge?|Auftr[aä]ge?|контракт\w*|договор\w*)"
    r"\s+(?:for|pour|über|zur|на))\s+(?:(?:the|la|le|les|l['’]|die|den|der|das)\s*)?$",
    re.I,
)
# "deliveries of drones … à destination de l'Arménie", "to Armenia", "nach Armenien": the
# recipient written after the goods
DESTINATION = rx(
    r"(?:à destination (?:de\s+|du\s+|des\s+|d['’])|destinée?s? (?:à|au)\s+|\bvers\s+"
    r"|(?<!according )(?<!thanks )(?<!due )(?<!next )\bto\s+|\bnach\s+"
    r"|(?<!\w)до\s+)"  # not в/у: "у Данії" is where, not where to
    r"(?:l['’]|la\s+|le\s+|the\s+)?$",
    re.I,
)
# general talk of documents, no document of its own: "such agreements help…", "de tels
# accords", "solche Verträge", "такі угоди", "more contracts between Ukraine and France"
GENERIC_DOCUMENTS = rx(
    r"(?:\bsuch|\bde tel(?:le)?s|\bsolche[nmrs]?|(?<!\w)(?:такі|таких|такими|такие|подобные"
    r"|подобных|подібні|подібних)|\bthese kinds? of|\bce (?:type|genre) d['’]"
    r"|(?P<more>\bplus de|\bmore|\bmehr|(?<!\w)більше|(?<!\w)больше))\s*$",
    re.I,
)
# "three more joint ventures", "zwei weitere": a count, not general talk
COUNT_BEFORE = rx(
    r"(?:\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|several|deux|trois|quatre"
    r"|cinq|six|sept|huit|neuf|dix|plusieurs|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn"
    r"|mehrere|einige|dozens|hundreds|dizaines|centaines|Dutzende)|(?<!\w)(?:два|дві|две|три"
    r"|чотири|четыре|п['’]ять|пять|кілька|несколько|десятки|десятков|сотні|сотни))"
    r"(?:\s+(?:more|de plus|weitere[n]?|ще|еще))?\s*$",
    re.I,
)
# production on another state's soil: "у Данії", "in Germany", "en Norvège", "auf deutschem
# Boden", "на румунській території", "on the territory of Denmark"
ABROAD_BEFORE = rx(
    r"(?:\bin|\ben|\bau|\baux|\bim|\bon|\bsur|\bauf|(?<!\w)на|(?<!\w)у|(?<!\w)в)\s+"
    r"(?:(?:the|le|la|l['’]|dem|der)\s*)?"
    r"(?:(?:territor\w*|sol|soil|Territorium|Boden)\s+(?:of\s+|de\s+|du\s+|d['’]|des\s+)?"
    r"(?:the\s+|la\s+|l['’])?|територі\w*\s+|территори\w*\s+)?$",
    re.I,
)
ABROAD_AFTER = rx(r"\s+(?:територі|территори|territor|soil\b|sol\b|Boden\b|Territorium)", re.I)
SIGNING = rx(
    r"\bsign|\bsigné|unterzeichn|unterschrieb|(?<!\w)підпис|(?<!\w)подпис|\bconclu"
    r"|(?<!\w)уклал|(?<!\w)заключ|\bsealed|\bagreed\b",
    re.I,
)
# what a production could become, not what is made: "Ukraine will be able to produce", "permet
# d'augmenter les capacités de production", "will make it possible to increase the production",
# "сможет производить", "зможе виготовляти", "ermöglicht … zu produzieren"
ABILITY = rx(
    r"(?:\b(?:(?:be|been|being|is|are|was|were)\s+able\s+to|capable\s+of|make\s+it\s+possible"
    r"|makes\s+it\s+possible|allows?\s+(?:\w+\s+){0,3}to|enables?\s+(?:\w+\s+){0,3}to"
    r"|permet(?:tra|tent|tront|trait)?\s+(?:\w+\s+){0,3}d['’e]|pourra(?:it|ient|ont)?\s|capables?\s+de"
    r"|en mesure de|ermöglich\w*|in der Lage)|(?<!\w)(?:змож\w*|сможе\w*|смогут|дозвол\w*"
    r"|позвол\w*|зда(?:тн|тен)\w*|способн\w*))\S*(?:\s+\S+){0,6}\s*$",
    re.I,
)
# what is handed over is know-how, not goods: "transférer à l'Ukraine la production sous
# licence", "transfer technology", "передати свої оборонні технології", "Lizenz übergeben"
TRANSFER_KNOW_HOW = rx(
    r"\W*(?:[\w'’-]+\W+){0,4}?(?:technolog\w*|production|licen[cs]\w*|savoir-faire|know-how"
    r"|Technologie\w*|Lizenz\w*|Produktion\w*|(?<!\w)(?:технолог|виробництв|ліценз|лиценз"
    r"|производств)\w*)",
    re.I,
)
# a joint venture named as the maker ("the first workshop of the joint venture", "перший цех
# спільного підприємства", "von einem Gemeinschaftsunternehmen betrieben")
JOINT_VENTURE = rx(
    r"\bjoint[- ]ventures?\b|\bco-?entreprises?\b|Gemeinschaftsunternehmen\w*|\bJV\b"
    r"|(?<!\w)(?:спільн\w*|совместн\w*) (?:підприємств\w*|предприяти\w*)|(?<!\w)СП(?!\w)",
    re.I,
)
JOINT = rx(r"conjoint|commune?s?\b|joint|gemeinsam|co-?produ|coopération dans|" + cyr.JOINT, re.I)
MEETING_KINDS = [
    ("summit", rx(r"sommet|summit|Gipfel|" + cyr.MEETING_KINDS["summit"])),
    ("forum", rx(r"forum|" + cyr.MEETING_KINDS["forum"])),
    ("conference", rx(r"conf[ée]rence|Konferenz|" + cyr.MEETING_KINDS["conference"])),
]
# Recurring named events: (pattern, canonical name, city where it is held).
NAMED_EVENTS = [
    (
        rx(
            r"Munich Security Conference|Conf[ée]rence (?:de|sur la s[ée]curit[ée] de) Munich"
            r"|Münchner Sicherheitskonferenz|Sicherheitskonferenz in München"
            r"|Мюнхенськ\w* безпеков\w* конференці\w*|Мюнхенськ\w* конференці\w* з безпеки"
            r"|Мюнхенск\w* конференци\w* по безопасности"
        ),
        "Munich Security Conference",
        "Munich",
    ),
    (
        rx(
            r"Ukraine Recovery Conference|conf[ée]rence (?:internationale )?(?:sur|pour) la"
            r" reconstruction de l['’]Ukraine|Ukraine-Wiederaufbaukonferenz"
            r"|Wiederaufbaukonferenz|конференці\w* (?:з|щодо) відновлення України"
            r"|конференци\w* по восстановлению Украины"
        ),
        "Ukraine Recovery Conference",
        None,
    ),
    (
        rx(r"Shangri-?La(?: Dialogue| Dialog)?|Шангрі-?Ла|Шангри-?Ла"),
        "Shangri-La Dialogue",
        "Singapore",
    ),
]
DANISH_MODEL = rx(_DANISH)
NORWEGIAN_MODEL = rx(_NORWEGIAN)
POINT_PLAN = rx(_POINT_PLAN)
# What a named mechanism is by definition (the Danish model: partners finance the purchase of
# weapons from Ukrainian producers).
INITIATIVE_SCOPES = {"Danish model": ["financing", "procurement"]}
INITIATIVE_HEADS = {
    "mecanisme": "mechanism",
    "mechanism": "mechanism",
    "mechanismu": "mechanism",
    "initiative": "initiative",
    "programme": "programme",
    "program": "programme",
    "programm": "programme",
    "coalition": "coalition",
    "koalition": "coalition",
    "plateforme": "platform",
    "platform": "platform",
    "plattform": "platform",
    "cluster": "cluster",
    "dispositif": "mechanism",
}
TOPIC_WORDS = {
    "production": "production",
    "produktion": "production",
    "defense": "defence",
    "defence": "defence",
    "verteidigung": "defence",
    "drone": "drones",
    "drohnen": "drones",
    "investissement": "investment",
    "investment": "investment",
    "coproduction": "co-production",
    "capacite": "capability",
    "capability": "capability",
    "munition": "ammunition",
    "ammunition": "ammunition",
    "armement": "armament",
    "armament": "armament",
}

# Where a seat of power stands, for the place of a meeting held there.
SEAT_CITIES = {
    "fr-elysee": "Paris",
    "de-chancellery": "Berlin",
    "us-white-house": "Washington",
    "us-dod": "Washington",
    "gb-downing-street": "London",
    "ru-kremlin": "Moscow",
    "ua-presidential-office": "Kyiv",
    "nato": "Brussels",
}
PRODUCTION_WORD = rx(
    r"\bproduc|\bprodui|Produktion|Fertigung|fabrication|fabriqu|manufactur|herstell|"
    + cyr.PRODUCTION_WORD
)
