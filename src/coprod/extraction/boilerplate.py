"""Parts of a page that are not the article: journalists' credits and teasers of other stories.

- a credit block in brackets (``(Reporting by A and B; Editing by C)``, ``(Reportage d'A ;
  rédaction de B)``): its names are the agency's staff, not people of the news;
- a teaser line (``Read also: <another story's headline>``, ``Смотрите также …``) and, after a
  teaser header alone on its line (``Read more``, ``Читайте також:``, ``Подібні``, ``Related
  news``), the headlines listed under it: lines without a sentence's final stop, until the
  first line that ends like a sentence (the article goes on) or a dozen lines.

- a byline: a line opening with "By", "Par", "Von", "Автор" and a name (then perhaps the date
  of publication), and a line holding only a name right before or after it; the people named
  there are the authors, wherever else the article names them (``byline_spans``).

Entities named there are dropped (``entities.recognise``). One pass of regular expressions
over the text, linear in its length.
"""

from __future__ import annotations

import re

_CREDIT_WORDS = (
    r"(?:additional\s+)?(?:reporting|reportage|writing|editing|edited|written|compiled"
    r"|rédaction|rédigé|bericht|redigiert|bearbeitet|texte?)"
)
CREDIT_BLOCK = re.compile(rf"\(\s*{_CREDIT_WORDS}\b[^()\n]{{0,300}}\)", re.I)
_TEASER_WORDS = (
    r"read\s+(?:more|also)|see\s+also|also\s+read|more\s+on\s+this|lire\s+aussi|[àa]\s+lire"
    r"\s+aussi|lire\s+[ée]galement|voir\s+aussi|sur\s+le\s+m[êe]me\s+sujet|lesen\s+sie\s+auch"
    r"|mehr\s+zum\s+thema|auch\s+interessant|читайте\s+(?:також|также)|дивіться\s+також"
    r"|смотрите\s+также|також\s+читайте|читати\s+також"
)
_HEADER_WORDS = (
    r"related(?:\s+(?:news|articles?|stories|posts))?|more\s+news|подібні|схожі(?:\s+новини)?"
    r"|похожие(?:\s+новости)?|інші\s+новини|другие\s+новости|articles?\s+similaires"
    r"|[àa]\s+lire\s+[ée]galement|weitere\s+artikel|ähnliche\s+artikel"
)
# "Read also: <headline>" or "Read also" alone (then the headlines follow on the next lines)
TEASER_LINE = re.compile(
    rf"^[ \t>•*-]*(?:(?P<teaser>{_TEASER_WORDS})|(?P<header>{_HEADER_WORDS})[ \t]*:?[ \t]*$)"
    r"(?P<rest>[^\n]*)",
    re.I | re.M,
)
_SENTENCE_END = re.compile(r"[.!?…][\"'»”“’)\]]*\s*$")
TEASER_LINES = 12  # headlines listed under one teaser header at most


def noise_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of ``text`` that belong to credits or teasers, in text order."""
    spans = [(m.start(), m.end()) for m in CREDIT_BLOCK.finditer(text)]
    for m in TEASER_LINE.finditer(text):
        spans.append((m.start(), m.end()))
        if not m["rest"].strip(" \t:-–—"):
            spans.extend(_headlines_after(text, m.end()))
    return sorted(spans)


def _headlines_after(text: str, start: int) -> list[tuple[int, int]]:
    """The headline lines right after a teaser header (no final stop), until the body."""
    spans: list[tuple[int, int]] = []
    position, taken = start, 0
    while taken < TEASER_LINES and position < len(text):
        end = text.find("\n", position + 1)
        end = len(text) if end == -1 else end
        line = text[position:end].strip()
        if line:
            if _SENTENCE_END.search(line):
                break
            spans.append((position, end))
            taken += 1
        position = end
    return spans


# "Par Jean Martin Publié le 9 avril", "By Anna Berg | Updated", "Автор: Іван Петренко"
_BYLINE = re.compile(
    r"^[ \t]*(?:by|par|von|автор(?:ка)?:?)[ \t]+(?P<name>[^\W\d_][^\n|,]{2,60}?)"
    r"[ \t]*(?:$|[|,]|\d|(?:publi[ée]|published|updated|mis[ \t]+à[ \t]+jour|ver[öo]ffentlicht"
    r"|опубліковано|опубликовано)\b)",
    re.I | re.M,
)
# a line holding only two to four capitalised words: a name on a line of its own
_NAME_LINE = re.compile(
    r"^[ \t]*(?:[A-ZÀ-ÖØ-ÞА-ЯІЇЄҐ][\w'’.-]*[ \t]+){1,3}[A-ZÀ-ÖØ-ÞА-ЯІЇЄҐ][\w'’-]*[ \t]*$", re.M
)


def byline_spans(text: str) -> list[tuple[int, int]]:
    """The spans of the names of a byline and of a name alone on the line right before or after
    it: the article's authors."""
    spans: list[tuple[int, int]] = []
    for m in _BYLINE.finditer(text):
        spans.append((m.start("name"), m.end("name")))
        before_end = text.rfind("\n", 0, m.start())
        before_start = text.rfind("\n", 0, max(0, before_end)) + 1
        after_end = text.find("\n", m.end() + 1)
        for a, b in ((before_start, before_end), (m.end() + 1, after_end)):
            if 0 <= a < b and _NAME_LINE.fullmatch(text, a, b):
                spans.append((a, b))
    return sorted(spans)
