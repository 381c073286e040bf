"""Title pages and an article's first page into FrontMatter: a dissertation or its abstract
(kk and ru: institution, ӘОЖ/УДК, "Қолжазба құқығында"/"На правах рукописи", author, title,
speciality, degree, city and year; supervisor and opponents on the next page) and a journal
article (journal, year, volume and issue from the running header, printed pages, authors and
affiliation, Түйін/Аннотация/Abstract, keywords); the references list after "Әдебиеттер".

Works on lines (text, type size, page) that any reader gives: a PDF's lines, a Word document's
paragraphs. Hand-written: the wording of Kazakh and Russian title pages is this corpus's own
(GROBID's header model knows neither)."""

import re
from dataclasses import dataclass

from ..citation import ABSTRACT, ARTICLE, CANDIDATE, DISSERTATION, DOCTOR, PHD
from .document import FrontMatter, Person

UPPER = "А-ЯЁӘҒҚҢӨҰҮҺІ"
LOWER = "а-яёәғқңөұүһі"
THESIS_MARKS = re.compile(r"қолжазба құқығында|на правах рукописи|автореферат|диссертация", re.IGNORECASE)
TITLE_PAGE_LINE = 400  # no line of a title page is longer (a body paragraph is)
TITLE_PAGE_CHARS = 1200  # a title page holds less text than this; a page of body text 1,500 or more
SECOND_PAGE_MARKS = re.compile(r"жетекші|кеңесші|руководитель|консультант|оппонент", re.IGNORECASE)
UDC = re.compile(r"^(?:ӘОЖ|ƏОЖ|УДК|UDC|ОӘЖ)\s*([\d.:()/+\-–\s]*\d\)?)", re.IGNORECASE)
INSTITUTION = re.compile(r"университет|институт|академия|академиясы|university|орталығы|центр", re.IGNORECASE)
SPECIALITY = re.compile(r"(\d{2}\.\d{2}\.\d{2}|\d[A-ZА-Я]\d{6})\s*[–—-]\s*(.+?)\.?$")
CITY_YEAR = re.compile(
    rf"^([{UPPER}A-Z][{LOWER}a-z-]+(?:-[{UPPER}][{LOWER}]+)?)[,\s]+((?:19|20)\d\d)(?:\s*(?:ж|г)\.?)?$"
)
YEAR = re.compile(r"\b((?:19|20)\d\d)\b")
PATRONYMIC = r"(?:ұлы|қызы|улы|кызы|ович|евич|ьич|овна|евна|ична|инична)"
FULL_NAME = re.compile(
    rf"\b([{UPPER}][{LOWER}]+(?:-[{UPPER}][{LOWER}]+)?)\s+([{UPPER}][{LOWER}]+)\s+([{UPPER}][{LOWER}]+{PATRONYMIC})\b"
)
INITIALS_FIRST = re.compile(
    rf"^((?:[{UPPER}A-Z]\.\s?){{1,2}})\s*([{UPPER}A-Z][{LOWER}a-z]+(?:-[{UPPER}][{LOWER}]+)?)$"
)
FAMILY_FIRST = re.compile(
    rf"^([{UPPER}A-Z][{LOWER}a-z]+(?:-[{UPPER}][{LOWER}]+)?)\s+((?:[{UPPER}A-Z]\.\s?){{1,2}})$"
)
CAPS_NAME = re.compile(rf"^[{UPPER}-]{{2,}}(?:\s+[{UPPER}-]{{2,}}){{1,2}}$")
SUPERVISOR = re.compile(
    r"(ғылыми (?:жетекші|кеңесші)(?:сі|лері|лер)?|научн(?:ый|ые) (?:руководител[ьи]|консультант(?:ы)?))\s*:?",
    re.I,
)
OPPONENTS = re.compile(r"(ресми оппонент(?:тер|ы)?|официальн(?:ый|ые) оппонент(?:ы)?)\s*:?", re.IGNORECASE)
SECOND_PAGE_STOP = re.compile(
    r"жетекші ұйым|ведущая организация|қорғау|защита|автореферат|диссертациялық кеңес|диссертационн", re.I
)
ABSTRACT_LABELS = {
    "kk": re.compile(r"^(?:түйін|аңдатпа|андатпа|түйіндеме)\s*[.:–—-]?\s*(?=\S)", re.IGNORECASE),
    "ru": re.compile(r"^(?:аннотация|резюме)\s*[.:–—-]?\s*(?=\S)", re.IGNORECASE),
    "en": re.compile(r"^(?:abstract|summary)\s*[.:–—-]?\s*(?=\S)", re.IGNORECASE),
}
KEYWORD_LABELS = {
    "kk": re.compile(r"^(?:түйін|кілт|кілттік|тірек|түйінді)\s+сөздер\s*[.:–—-]?\s*", re.IGNORECASE),
    "ru": re.compile(r"^ключевые\s+слова\s*[.:–—-]?\s*", re.IGNORECASE),
    "en": re.compile(r"^key\s*words\s*[.:–—-]?\s*", re.IGNORECASE),
}
REFERENCES_HEADING = re.compile(
    r"^(?:пайдаланылған\s+)?әдебиеттер(?:\s+тізімі)?|^(?:список\s+(?:использованной\s+)?литературы|литература|"
    r"список\s+использованных\s+источников|библиография|references|bibliography)$",
    re.IGNORECASE,
)
REFERENCE_NUMBER = re.compile(r"^\s*(?:\[\d{1,3}\]|\d{1,3}[.)]?)\s+")
JOURNAL_WORDS = re.compile(
    r"хабаршы|вестник|журнал|известия|bulletin|journal|заң және заман|ғылым|серия", re.I
)
ISSUE = re.compile(r"№\s*(\d+(?:\s*\(\d+\))?)")
VOLUME = re.compile(r"(?:\bТ\.|\bТом\b|\bVol\.?)\s*(\d+)", re.IGNORECASE)
# Words a Kazakh or Russian title keeps capitalised when set in capitals on the page.
PROPER_NOUNS = ("Қазақстан", "Казахстан", "Республика", "Конституция", "Президент", "Алматы", "Астана")


@dataclass
class TitleLine:
    """What the front-matter reader needs of a line (a Word paragraph, or a PDF title page's
    entry of one or more lines): its text, type size, page, and the reader's own object(s)."""

    text: str
    size: float
    page: int
    bold: bool = False
    line: object = None


def read_front(pages, headers, labels):
    """FrontMatter from the first pages' lines (a list of lists of TitleLine, one per page, in
    reading order), the running headers' texts and the printed page labels; returns it with the
    lines it took (never body text)."""
    first = pages[0] if pages else []
    if _is_title_page(first):
        taken = list(first)
        front = thesis_front(first)
        if len(pages) > 1 and SECOND_PAGE_MARKS.search(" ".join(line.text for line in pages[1])):
            taken.extend(pages[1])
            second_page_people(front, pages[1])
        return front, taken
    return article_front(first, headers, labels)


def _is_title_page(lines):
    """A thesis's title page: it names the work (автореферат, диссертация, "на правах
    рукописи") and holds only short lines, and little text (a body page that mentions a
    диссертация is no title page)."""
    return (
        0 < len(lines) <= 40
        and THESIS_MARKS.search(_joined(lines)) is not None
        and all(len(line.text) <= TITLE_PAGE_LINE for line in lines)
        and len(_joined(lines)) <= TITLE_PAGE_CHARS
    )


def thesis_front(lines):
    front = FrontMatter(kind=ABSTRACT if re.search("автореферат", _joined(lines), re.I) else DISSERTATION)
    udc_index = None
    for i, line in enumerate(lines):
        udc = UDC.match(line.text)
        if udc and not front.udc:
            front.udc, udc_index = udc.group(1).strip(), i
        speciality = SPECIALITY.search(line.text)
        if speciality and not front.speciality:
            front.speciality, front.speciality_name = speciality.group(1), speciality.group(2).strip()
        city = CITY_YEAR.match(line.text.strip())
        if city:
            front.city, front.year = city.group(1), int(city.group(2))
    top = lines[:udc_index] if udc_index else lines[:3]
    front.institution = sentence_case(" ".join(line.text for line in top if INSTITUTION.search(line.text)))
    front.degree = degree_of(_joined(lines))
    author = next((line for line in lines if _is_caps_name(line.text)), None)
    if author:
        front.authors = [person_from_caps(author.text)]
    front.title = sentence_case(_largest(lines, exclude=(author,)))
    second_page_people(front, lines)  # a PhD thesis's title page may name its supervisor itself
    return front


def _joined(lines):
    return " ".join(line.text for line in lines)


def _is_caps_name(text):
    return (
        bool(CAPS_NAME.match(text.strip())) and not INSTITUTION.search(text) and not THESIS_MARKS.search(text)
    )


def person_from_caps(text):
    words = [word.capitalize() for word in text.split()]
    return Person(family_name=words[0], given_names=" ".join(words[1:]))


def degree_of(text):
    text = text.lower()
    if re.search(r"phd|философия доктор|доктора философии", text):
        return PHD
    if re.search(r"кандидат", text):
        return CANDIDATE
    if re.search(r"доктор", text):
        return DOCTOR
    return ""


def _largest(lines, exclude=()):
    """The title: the consecutive lines set in the largest type on the page."""
    candidates = [line for line in lines if line not in exclude and len(line.text) > 3]
    if not candidates:
        return ""
    size = max(line.size for line in candidates)
    run, started = [], False
    for line in lines:
        if line in candidates and abs(line.size - size) < 0.3:
            run.append(line.text)
            started = True
        elif started:
            break
    return " ".join(run)


def sentence_case(text):
    """A line set in capitals as a title is written: its first letter capital, the rest small,
    proper nouns of the list capitalised again; other text is kept as it is."""
    letters = [c for c in text if c.isalpha()]
    if not letters or not all(c.isupper() for c in letters):
        return text.strip()
    lowered = text.strip().lower()
    for noun in PROPER_NOUNS:
        lowered = re.sub(noun.lower(), noun, lowered)
    return lowered[:1].upper() + lowered[1:]


def second_page_people(front, lines):
    text = _joined(lines)
    supervisor = SUPERVISOR.search(text)
    if supervisor:
        front.supervisors = people(_section(text, supervisor.end()))
    opponents = OPPONENTS.search(text)
    if opponents:
        front.opponents = people(_section(text, opponents.end()))


def _section(text, start):
    """The text after a label up to the next label of a second page."""
    rest = text[start:]
    stops = [
        m.start()
        for m in (SUPERVISOR.search(rest), OPPONENTS.search(rest), SECOND_PAGE_STOP.search(rest))
        if m
    ]
    return rest[: min(stops)] if stops else rest


def people(text):
    """The people a passage names in full (Family Given Patronymic) or by initials."""
    found = [Person(m.group(1), f"{m.group(2)} {m.group(3)}") for m in FULL_NAME.finditer(text)]
    if found:
        return found
    return [p for p in (person_from_initials(part.strip()) for part in re.split(r"[;,]", text)) if p]


def person_from_initials(text):
    match = INITIALS_FIRST.match(text)
    if match:
        return Person(match.group(2), match.group(1).replace(" ", ""))
    match = FAMILY_FIRST.match(text)
    if match:
        return Person(match.group(1), match.group(2).replace(" ", ""))
    return None


def article_front(lines, headers, labels):
    """A journal article's first page: the lines from the top down to its keywords (or its
    abstract, or its title) are front matter when the page opens with a ӘОЖ/УДК line, authors
    or an abstract; the journal comes from the running header."""
    front = FrontMatter()
    end = _front_end(lines)
    if end is None:
        return front, []
    taken = lines[: end + 1]
    front.kind = ARTICLE
    abstract_language = None
    for line in taken:
        text = line.text.strip()
        udc = UDC.match(text)
        if udc:
            front.udc = udc.group(1).strip()
            continue
        keywords = _labelled(KEYWORD_LABELS, text)
        if keywords:
            language, rest = keywords
            front.keywords[language] = split_keywords(rest)
            abstract_language = None
            continue
        abstract = _labelled(ABSTRACT_LABELS, text)
        if abstract:
            abstract_language, rest = abstract
            front.abstracts[abstract_language] = rest
            continue
        if abstract_language:
            front.abstracts[abstract_language] += " " + text
            continue
        authors = [person_from_initials(part.strip()) for part in text.split(",")]
        if authors and all(authors):
            front.authors.extend(authors)
        elif INSTITUTION.search(text) and len(text) < 250:
            front.affiliations.append(text)
    front.title = sentence_case(_largest([line for line in taken if not _is_labelled(line.text)]))
    journal_from_header(front, headers)
    numbers = [int(label) for label in labels.values() if str(label).isdigit()]
    if numbers:
        front.first_page, front.last_page = min(numbers), max(numbers)
    return front, taken


def _front_end(lines):
    """The index of the last front-matter line of an article's first page, or None when the
    page does not open as an article does."""
    head = lines[:25]
    if not head:
        return None
    opens = any(UDC.match(line.text) for line in head[:4]) or any(
        _labelled(KEYWORD_LABELS, line.text) for line in head
    )
    if not opens:
        return None
    last, in_abstract = None, False
    for i, line in enumerate(head):
        if _labelled(KEYWORD_LABELS, line.text):
            last, in_abstract = i, False
        elif _labelled(ABSTRACT_LABELS, line.text):
            last, in_abstract = i, True
        elif in_abstract and i == last + 1 and abs(line.size - head[last].size) < 0.3:
            last = i
        else:
            in_abstract = False
    if last is None:
        sizes = [line.size for line in head]
        largest = max(range(len(head)), key=lambda i: sizes[i])
        last = largest
    return last


def _labelled(labels, text):
    for language, label in labels.items():
        match = label.match(text.strip())
        if match:
            return language, text.strip()[match.end() :].strip()
    return None


def _is_labelled(text):
    return bool(_labelled(KEYWORD_LABELS, text) or _labelled(ABSTRACT_LABELS, text) or UDC.match(text))


def split_keywords(text):
    return [word.strip(" .") for word in re.split(r"[;,]", text) if word.strip(" .")]


def journal_from_header(front, headers):
    """Journal, volume, issue and year from a running header such as
    "ҚазҰУ хабаршысы. Заң сериясы. №2 (58). 2011"."""
    header = next((h for h in headers if JOURNAL_WORDS.search(h) or ISSUE.search(h)), None)
    if header is None:
        return
    cut = min(
        m.start()
        for m in (ISSUE.search(header), VOLUME.search(header), YEAR.search(header), re.search("$", header))
        if m
    )
    front.journal = header[:cut].strip(" .,–—-")
    issue, volume, year = ISSUE.search(header), VOLUME.search(header), YEAR.search(header)
    front.issue = issue.group(1) if issue else ""
    front.volume = volume.group(1) if volume else ""
    if year:
        front.year = int(year.group(1))


def back_matter(text):
    """(field, language, value) when a body paragraph is an abstract or keywords in another
    language, as articles print after their references; else None."""
    keywords = _labelled(KEYWORD_LABELS, text)
    if keywords:
        return "keywords", keywords[0], split_keywords(keywords[1])
    abstract = _labelled(ABSTRACT_LABELS, text)
    if abstract:
        return "abstracts", abstract[0], abstract[1]
    return None


def reference_entry(text):
    return REFERENCE_NUMBER.sub("", text, count=1).strip()
