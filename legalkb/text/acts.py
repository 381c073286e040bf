"""Citations of normative acts in a passage, in Kazakh and Russian: the Constitution and
its articles, codes, laws and constitutional laws by title, number and date, presidential
decrees and addresses.

As in eyecite, each pattern is small and names one part of a citation: the word naming
the act (the anchor), a quoted title, a date, a number, the Republic, the President, and
the articles. A citation is an anchor with the parts standing next to it: in Kazakh the
parts come before the anchor and the articles after it ("«Мемлекеттік қызмет туралы»
Қазақстан Республикасының 1999 жылғы 23 шілдедегі №453 Заңының 3-бабы"), in Russian the
articles before and the parts after ("ст. 3 Закона РК от 23 июля 1999 г. № 453"). Each
citation resolves to an ActRef, which identifies the act: by number and year where both
are given, else by its title, else (the Constitution, a code, an address) by its kind.
A law or decree cited without a title or a number and year ("осы Заң", "указом") names
no act and is not a citation. Hand-written: no library reads Kazakh or Russian citations
of Kazakhstan's acts.
"""

import datetime
import re
from dataclasses import dataclass
from typing import TypedDict

from .translit import transliterate

CONSTITUTION = "constitution"
CONSTITUTIONAL_LAW = "constitutional_law"
CODE = "code"
LAW = "law"
DECREE = "decree"
ADDRESS = "address"
KINDS = (CONSTITUTION, CONSTITUTIONAL_LAW, CODE, LAW, DECREE, ADDRESS)

CONSTITUTION_YEAR = 1995  # the Constitution in force; "1993 жылғы Конституция" is another act
# The official database of Kazakhstan's acts (Әділет, the Ministry of Justice's) names a
# document by a letter for its kind, the year's last two digits and its number: seven
# digits and "_" up to 2010, eight digits from 2011 (K950001000_, Z990000453_, Z1100000403).
OFFICIAL_SITE = "https://adilet.zan.kz/{language}/docs/{document}"
OFFICIAL_LANGUAGES = {"kk": "kaz", "ru": "rus"}  # the site's texts; others read the Russian
OFFICIAL_LETTERS = {LAW: "Z", CONSTITUTIONAL_LAW: "Z", CODE: "K", DECREE: "U"}
CONSTITUTION_DOCUMENT = "K950001000_"
LAST_SEVEN_DIGIT_YEAR = 2010


@dataclass(frozen=True)
class Code:
    """A code of the Republic: its key, how its name's first words are written in
    Kazakh and Russian (patterns), its abbreviations (after ҚР / before РК), its names."""

    key: str
    kk: str
    ru: str
    kk_abbreviation: str
    ru_abbreviation: str
    names: tuple[str, str, str]  # kk, ru, en


# The codes in force and their usual abbreviations. Longer names first: "Қылмыстық-процестік"
# must be tried before "Қылмыстық".
CODES = (
    Code("civil-procedure", r"[Аа]заматтық\s+процест(?:ік)?", r"[Гг]ражданск\w*\s+процессуальн\w*", "АПК",
         "ГПК", ("Азаматтық процестік кодекс", "Гражданский процессуальный кодекс", "Civil Procedure Code")),
    Code("civil", r"[Аа]заматтық", r"[Гг]ражданск\w*", "АК", "ГК",
         ("Азаматтық кодекс", "Гражданский кодекс", "Civil Code")),
    Code("criminal-procedure", r"[Ққ]ылмыстық[\s-]+процест(?:ік)?", r"[Уу]головно-процессуальн\w*", "ҚПК",
         "УПК", ("Қылмыстық-процестік кодекс", "Уголовно-процессуальный кодекс", "Criminal Procedure Code")),
    Code("criminal-executive", r"[Ққ]ылмыстық[\s-]+атқару", r"[Уу]головно-исполнительн\w*", "ҚАК", "УИК",
         ("Қылмыстық-атқару кодексі", "Уголовно-исполнительный кодекс", "Penal Enforcement Code")),
    Code("criminal", r"[Ққ]ылмыстық", r"[Уу]головн\w*", "ҚК", "УК",
         ("Қылмыстық кодекс", "Уголовный кодекс", "Criminal Code")),
    Code("administrative-offences", r"[Әә]кімшілік\s+құқық\s+бұзушылық\s+туралы",
         r"[Кк]одекс\w*\s+(?:(?:Республики\s+Казахстан|РК)\s+)?об\s+административных\s+правонарушениях",
         "ӘҚБтК", "КоАП", ("Әкімшілік құқық бұзушылық туралы кодекс",
                          "Кодекс об административных правонарушениях", "Code of Administrative Offences")),
    Code("administrative-procedure", r"[Әә]кімшілік\s+рәсімдік[\s-]+процестік",
         r"[Аа]дминистративн\w*\s+процедурно-процессуальн\w*", "ӘРПК", "АППК",
         ("Әкімшілік рәсімдік-процестік кодекс", "Административный процедурно-процессуальный кодекс",
          "Administrative Procedure Code")),
    Code("labour", r"[Ее]ңбек", r"[Тт]рудов\w*", "ЕК", "ТК",
         ("Еңбек кодексі", "Трудовой кодекс", "Labour Code")),
    Code("tax", r"[Сс]алық", r"[Нн]алогов\w*", "СК", "НК", ("Салық кодексі", "Налоговый кодекс", "Tax Code")),
    Code("land", r"[Жж]ер", r"[Зз]емельн\w*", "ЖК", "ЗК", ("Жер кодексі", "Земельный кодекс", "Land Code")),
    Code("budget", r"[Бб]юджет", r"[Бб]юджетн\w*", "БК", "БК",
         ("Бюджет кодексі", "Бюджетный кодекс", "Budget Code")),
    Code("entrepreneurial", r"[Кк]әсіпкерлік", r"[Пп]редпринимательск\w*", "КК", "ПК",
         ("Кәсіпкерлік кодекс", "Предпринимательский кодекс", "Entrepreneurial Code")),
    Code("environmental", r"[Ээ]кологиялық", r"[Ээ]кологическ\w*", "ЭК", "ЭК",
         ("Экологиялық кодекс", "Экологический кодекс", "Environmental Code")),
    Code("marriage-family", r"[Нн]еке\s+\(ерлі-зайыптылық\)\s+және\s+отбасы\s+туралы",
         r"[Кк]одекс\w*\s+(?:(?:Республики\s+Казахстан|РК)\s+)?о\s+браке\s+\(супружестве\)\s+и\s+семье",
         "НОК", "КоБС", ("Неке (ерлі-зайыптылық) және отбасы туралы кодекс",
                         "Кодекс о браке (супружестве) и семье", "Code on Marriage and Family")),
)
CODES_BY_KEY = {code.key: code for code in CODES}

# Abbreviations read only next to the Republic's name: alone, "СК" or "ПК" name many things.
KK_ABBREVIATED = ("АПК", "АК", "ҚПК", "ҚК", "ӘҚБтК")

LETTER = "[А-ЯЁӘҒҚҢӨҰҮҺІа-яёәғқңөұүһі]"
KK_MONTHS = ("қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз", "қыркүйек",
             "қазан", "қараша", "желтоқсан")
RU_MONTHS = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
             "октября", "ноября", "декабря")

# The parts of a citation, each a small pattern
TITLE = r"(?:«[^«»\n]{2,300}»|“[^“”\n]{2,300}”|\"[^\"\n]{2,300}\")"
NUMBER = r"№\s*\d+(?:\s*-\s*[IVXІХ]+)?(?:\s*-?\s*(?:ЗРК|ҚРЗ|ZRK))?"
NUMERIC_DATE = r"\d{1,2}\.\d{1,2}\.\d{4}"
KK_DATE = (
    rf"(?:\d{{4}}\s*(?:ж\.|жылғы|жылы)(?:\s*\d{{1,2}}\s*(?:{'|'.join(KK_MONTHS)}){LETTER}*)?"
    rf"|{NUMERIC_DATE}\s*(?:ж\.|жылғы)?)"
)
RU_DATE = (
    rf"(?:(?:от\s+)?(?:\d{{1,2}}\s+(?:{'|'.join(RU_MONTHS)})\s+\d{{4}}|{NUMERIC_DATE})\s*(?:г\.|года|г\b)?"
    r"|\d{4}\s*(?:г\.|года))"
)
KK_REPUBLIC = r"(?:Қазақстан\s+Республикасы(?:ның)?|ҚР)"
RU_REPUBLIC = r"(?:Республики\s+Казахстан|РК)"
PERSON = rf"(?:[А-ЯЁӘҒҚҢӨҰҮҺІ]\.\s*){{1,2}}[А-ЯЁӘҒҚҢӨҰҮҺІ]{LETTER}+"
KK_PRESIDENT = r"(?:Президент(?:інің|тің|і)|Мемлекет\s+басшысының|Елбасының)"
KK_ADDRESSEE = r"(?:(?:ел|Қазақстан)\s+халқына)"
RU_PRESIDENT = r"(?:Президента)"
RU_ADDRESSEE = r"(?:народу\s+Казахстана)"

KK_PARTS = "|".join((TITLE, KK_REPUBLIC, KK_DATE, NUMBER, KK_PRESIDENT, KK_ADDRESSEE, PERSON))
RU_PARTS = "|".join((RU_REPUBLIC, RU_PRESIDENT, RU_ADDRESSEE, PERSON, TITLE, RU_DATE, NUMBER))

ARTICLE_LIST = r"\d+(?:-\d+)?(?:\s*(?:,|және|мен|и)\s*\d+(?:-\d+)?)*"
KK_ARTICLES = rf"(?P<articles>{ARTICLE_LIST})\s*-?\s*ба[бп]{LETTER}*"
RU_ARTICLE_PARTS = r"(?:(?:ч\.|част(?:ь|и|ью)|п\.|пп\.|пункт(?:а|е|ом)?|подпункт(?:а|е|ом)?)\s*\d+\)?\s+)*"
RU_ARTICLE = r"(?:ст\.|стать(?:я|и|е|ю|ей|ёй|ями|ях|ям))"
RU_ARTICLES = rf"{RU_ARTICLE_PARTS}{RU_ARTICLE}\s*(?P<articles>{ARTICLE_LIST})\s+"

KK_ANCHORS = "|".join(
    (
        rf"(?P<constitution>Конституция(?!л){LETTER}*|Ата\s+[Зз]аң{LETTER}*)",
        rf"(?P<constitutional_law>[Кк]онституциялық\s+[Зз]аң{LETTER}*)",
        rf"(?P<code>(?:{'|'.join(code.kk for code in CODES)})\s+[Кк]одекс{LETTER}*)",
        rf"(?P<abbreviation>(?<=ҚР\s)(?:{'|'.join(KK_ABBREVIATED)})(?:-{LETTER}+)?)",
        r"(?P<law>[Зз]аң(?:ы|ын|ына|ында|ынан|ымен|ының|ға|да|дан|ның|мен)?)",
        rf"(?P<decree>[Жж]арлы[ғқ]{LETTER}*)",
        rf"(?P<address>[Жж]олдау{LETTER}*)",
    )
)
RU_CODE = "[Кк]одекс"  # a code's name that begins with the word, or ends with it
RU_ANCHORS = "|".join(
    (
        rf"(?P<constitution>Конституци(?:я|и|ю|ей|ёй)|Основн{LETTER}+\s+[Зз]акон{LETTER}*)",
        rf"(?P<constitutional_law>[Кк]онституционн{LETTER}+\s+[Зз]акон{LETTER}*)",
        rf"(?P<code>{'|'.join(code.ru for code in CODES if code.ru.startswith(RU_CODE))}"
        rf"|(?:{'|'.join(code.ru for code in CODES if not code.ru.startswith(RU_CODE))})"
        rf"\s+{RU_CODE}{LETTER}*)",
        rf"(?P<abbreviation>(?:{'|'.join(code.ru_abbreviation for code in CODES)})(?=\s+РК\b))",
        r"(?P<law>[Зз]акон(?:а|у|ом|е)?)",
        r"(?P<decree>[Уу]каз(?:а|у|ом|е)?\s+Президента)",
        r"(?P<address>Послани(?:е|я|ю|ем|и)\s+Президента)",
    )
)

MAX_PARTS = 8  # parts read beside one anchor: bounds the work on any text
# A citation begins at a word's start (?<!\w): the patterns are tried nowhere else.
KAZAKH = re.compile(
    rf"(?<!\w)(?P<parts>(?:(?:{KK_PARTS})[\s,]*){{0,{MAX_PARTS}}})\b(?:{KK_ANCHORS})\b(?:\s*{KK_ARTICLES})?"
)
RUSSIAN = re.compile(
    rf"(?<!\w)(?:{RU_ARTICLES})?\b(?:{RU_ANCHORS})\b(?P<parts>(?:[\s,]*(?:{RU_PARTS})){{0,{MAX_PARTS}}})"
)

ANCHOR_NAMES = ("constitution", "constitutional_law", "code", "abbreviation", "law", "decree", "address")
_TITLE = re.compile(TITLE)
_NUMBER = re.compile(r"№\s*(\d+)")
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_DAY_MONTH = re.compile(rf"(\d{{1,2}})\s*({'|'.join(KK_MONTHS + RU_MONTHS)})")
_NUMERIC_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_ARTICLE = re.compile(r"\d+(?:-\d+)?")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class ActRef:
    """An act as a citation identifies it; empty fields were not given."""

    kind: str
    code: str = ""  # a code's key in CODES
    title: str = ""  # as printed between the quotes, spaces collapsed
    number: str = ""  # without its convocation (453 of № 453-I)
    date: datetime.date | None = None
    year: int | None = None


@dataclass(frozen=True)
class FoundCitation:
    """A citation in a text: the act, the articles cited (none when the act is cited as a
    whole), and where the citation stands."""

    act: ActRef
    articles: tuple[str, ...]
    start: int
    end: int


def find_citations(text: str) -> list[FoundCitation]:
    """Every citation of an act in text, in order, none overlapping another."""
    found = [
        citation
        for pattern in (KAZAKH, RUSSIAN)
        for match in pattern.finditer(text)
        if (citation := _citation(match)) is not None
    ]
    kept: list[FoundCitation] = []
    for citation in sorted(found, key=lambda c: (c.start, c.start - c.end)):
        if not kept or citation.start >= kept[-1].end:
            kept.append(citation)
    return kept


def _citation(match: re.Match[str]) -> FoundCitation | None:
    kind = next(name for name in ANCHOR_NAMES if match.group(name))
    act = _act(kind, match.group(kind), match.group("parts") or "")
    if act is None:
        return None
    articles = tuple(_ARTICLE.findall(match.group("articles") or ""))
    return FoundCitation(act, articles, match.start(), match.end())


class _ActFields(TypedDict):
    title: str
    number: str
    year: int | None
    date: datetime.date | None


def _act(kind: str, anchor: str, parts: str) -> ActRef | None:
    """The ActRef the anchor and its parts identify, or None."""
    title = _title(parts)
    rest = _TITLE.sub(" ", parts)  # a title's own numbers are not the act's
    number = _NUMBER.search(rest)
    day, month, year = _date(_NUMBER.sub(" ", rest))
    fields: _ActFields = {
        "title": title,
        "number": number.group(1) if number else "",
        "year": year,
        "date": _date_of(year, month, day),
    }
    if kind == "constitution":
        return ActRef(CONSTITUTION, year=year if year and year != CONSTITUTION_YEAR else None)
    if kind in ("code", "abbreviation"):
        code = _code(anchor)
        return ActRef(CODE, code=code.key, **fields) if code else None
    if kind == "address":
        return ActRef(ADDRESS, year=year, date=fields["date"]) if year else None
    act = ActRef({"law": LAW, "constitutional_law": CONSTITUTIONAL_LAW, "decree": DECREE}[kind], **fields)
    return act if act.title or (act.number and act.year) else None


def _title(parts: str) -> str:
    found = _TITLE.search(parts)
    return _SPACES.sub(" ", found.group()[1:-1]).strip() if found else ""


def _date(parts: str) -> tuple[int | None, int | None, int | None]:
    """(day, month, year) of the date among the parts; None for what is not given."""
    numeric = _NUMERIC_DATE.search(parts)
    if numeric:
        day, month, year = (int(n) for n in numeric.groups())
        return day, month, year
    found_year = _YEAR.search(parts)
    given_year = int(found_year.group(1)) if found_year else None
    day_month = _DAY_MONTH.search(parts)
    if day_month is None:
        return None, None, given_year
    name = day_month.group(2)
    month = (KK_MONTHS.index(name) if name in KK_MONTHS else RU_MONTHS.index(name)) + 1
    return int(day_month.group(1)), month, given_year


def _date_of(year: int | None, month: int | None, day: int | None) -> datetime.date | None:
    """The date, when all three are given and make one."""
    try:
        return datetime.date(year, month, day) if year and month and day else None
    except ValueError:
        return None


def _code(anchor: str) -> Code | None:
    for code in CODES:
        if re.match(rf"(?:{code.kk}|{code.ru})\b", anchor) or anchor.split("-")[0] in (
            code.kk_abbreviation,
            code.ru_abbreviation,
        ):
            return code
    return None


def title_key(title: str) -> str:
    """A title as compared between citations: lowercase, spaces collapsed."""
    return _SPACES.sub(" ", title).strip().lower()


def act_slug(act: ActRef) -> str:
    """The address name of an act's page, from what identifies it: its number and year,
    else its title, else its kind (and year)."""
    if act.kind == CONSTITUTION:
        return f"constitution-{act.year}" if act.year else "constitution"
    if act.kind == ADDRESS:
        return f"address-{act.year}"
    base = f"{act.code}-code" if act.kind == CODE else act.kind.replace("_", "-")
    if act.number and act.year:
        return f"{base}-{act.year}-{act.number}"
    if act.title:
        return f"{base}-{_slug_words(act.title)}"
    return base


def _slug_words(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", transliterate(text)).strip("-")[:80].strip("-")


def official_url(act: ActRef, language: str) -> str | None:
    """The address of the act's official text, where its kind, number and year identify it
    (the Constitution always); None otherwise."""
    document = official_document(act)
    if document is None:
        return None
    return OFFICIAL_SITE.format(language=OFFICIAL_LANGUAGES.get(language, "rus"), document=document)


def official_document(act: ActRef) -> str | None:
    """The official site's document name of the act (Z…, K…, U…), or None where it is not known."""
    if act.kind == CONSTITUTION:
        return None if act.year else CONSTITUTION_DOCUMENT
    letter = OFFICIAL_LETTERS.get(act.kind)
    if letter is None or not (act.number and act.year):
        return None
    if act.year <= LAST_SEVEN_DIGIT_YEAR:
        return f"{letter}{act.year % 100:02d}{int(act.number):07d}_"
    return f"{letter}{act.year % 100:02d}{int(act.number):08d}"


def article_sort_key(article: str) -> tuple[int, ...]:
    """Articles in their order: 3, 3-1, 14 (an act cited as a whole, "", first)."""
    return tuple(int(n) for n in article.split("-")) if article else ()
