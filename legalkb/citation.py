"""Bibliographic records and how they are cited: GOST R 7.0.100-2018 and APA 7 references, BibTeX,
RIS and CSL-JSON for reference managers, and Highwire Press meta tags for Zotero and Google Scholar.

Pure Python. The words GOST asks the cataloguer to supply (the access-date label, "pages", the
dissertation designations) come in the three interface languages, kk, ru and en; titles and names
stay as printed. A field that is not known is left out together with its punctuation.
"""

import datetime
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

# Kinds of source
ABSTRACT = "abstract"  # a dissertation abstract (автореферат)
DISSERTATION = "dissertation"
ARTICLE = "article"
MONOGRAPH = "monograph"
TEXTBOOK = "textbook"
COLLECTION_PAPER = "collection_paper"
OTHER = "other"
THESES = {ABSTRACT, DISSERTATION}

# Degrees a dissertation is written for
CANDIDATE = "candidate"
DOCTOR = "doctor"
PHD = "phd"

# Roles of a source's creators
AUTHOR = "author"
SUPERVISOR = "supervisor"
EDITOR = "editor"
OPPONENT = "opponent"  # a dissertation's official opponent: named on its abstract, never cited

LANGUAGES = ("kk", "ru", "en")

# The words a GOST R 7.0.100-2018 description adds in the cataloguer's language; Kazakh forms as in
# Kazakh reference lists ("Б." for бет, "қаралған күні").
GOST_WORDS = {
    "kk": {"accessed": "қаралған күні", "pages": "Б.", "volume": "Т.", "issue": "№",
           "editor": "редактор", "editors": "редакторлар"},
    "ru": {"accessed": "дата обращения", "pages": "С.", "volume": "Т.", "issue": "№",
           "editor": "редактор", "editors": "редакторы"},
    "en": {"accessed": "accessed", "pages": "P.", "volume": "Vol.", "issue": "no.",
           "editor": "editor", "editors": "editors"},
}
# How a dissertation names the degree it is written for. Russian: the abbreviations of
# GOST R 7.0.12-2011 ("дис. … канд. юрид. наук"); Kazakh: the wording of Kazakh title pages.
DEGREE_WORDS = {
    "kk": {
        CANDIDATE: "заң ғылымдарының кандидаты ғылыми дәрежесін алу үшін дайындалған",
        DOCTOR: "заң ғылымдарының докторы ғылыми дәрежесін алу үшін дайындалған",
        PHD: "философия докторы (PhD) дәрежесін алу үшін дайындалған",
    },
    "ru": {CANDIDATE: "канд. юрид. наук", DOCTOR: "д-ра юрид. наук", PHD: "д-ра философии (PhD)"},
    "en": {
        CANDIDATE: "Candidate of Legal Sciences",
        DOCTOR: "Doctor of Legal Sciences",
        PHD: "Doctor of Philosophy (PhD)",
    },
}
THESIS_WORDS = {  # (with a known degree, without one)
    "kk": {DISSERTATION: ("{degree} диссертация", "диссертация"),
           ABSTRACT: ("{degree} диссертацияның авторефераты", "диссертацияның авторефераты")},
    "ru": {DISSERTATION: ("дис. … {degree}", "диссертация"),
           ABSTRACT: ("автореф. дис. … {degree}", "автореферат диссертации")},
    "en": {DISSERTATION: ("dissertation for the degree of {degree}", "dissertation"),
           ABSTRACT: ("abstract of the dissertation for the degree of {degree}", "dissertation abstract")},
}

BIBTEX_TYPES = {
    ABSTRACT: "phdthesis",
    DISSERTATION: "phdthesis",
    ARTICLE: "article",
    MONOGRAPH: "book",
    TEXTBOOK: "book",
    COLLECTION_PAPER: "incollection",
    OTHER: "misc",
}
RIS_TYPES = {
    ABSTRACT: "THES",
    DISSERTATION: "THES",
    ARTICLE: "JOUR",
    MONOGRAPH: "BOOK",
    TEXTBOOK: "BOOK",
    COLLECTION_PAPER: "CHAP",
    OTHER: "GEN",
}
CSL_TYPES = {
    ABSTRACT: "thesis",
    DISSERTATION: "thesis",
    ARTICLE: "article-journal",
    MONOGRAPH: "book",
    TEXTBOOK: "book",
    COLLECTION_PAPER: "chapter",
    OTHER: "document",
}
BIBTEX_LANGUAGES = {"kk": "kazakh", "ru": "russian", "en": "english"}  # babel/polyglossia names
BIBTEX_SPECIAL = {c: "\\" + c for c in "&%$#_{}"} | {
    "\\": r"\textbackslash{}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
APA_MAX_AUTHORS = 20  # APA 7 (9.8): up to 20 authors; beyond, the first 19, ". . ." and the last
SENTENCE_ENDS = (".", "?", "!", "…")
GOST_DASH = "–"  # the dash of ". – " between areas, as the examples of GOST R 7.0.100-2018 print it

Pages = tuple[int | str | None, int | str | None]  # (first, last); a page may be printed as "iv"
# A field's text, or what `known and text` gives where it is not known ("", None, False, 0)
Part = str | bool | int | None


@dataclass(frozen=True)
class Creator:
    """A person who made a source: an author, a supervisor, an editor or an opponent."""

    family: str
    given: str = ""
    role: str = AUTHOR

    @property
    def initials(self) -> str:
        """"Мұрат Тұрсынұлы" → "М. Т."; "Жан-Пьер" → "Ж.-П."; initials stay initials."""
        parts = [p for p in re.split(r"[\s.]+", self.given) if p]
        return " ".join("-".join(f"{piece[0]}." for piece in part.split("-") if piece) for part in parts)

    @property
    def inverted(self) -> str:
        """Family, I. O. — the heading of GOST and the author element of APA."""
        return f"{self.family}, {self.initials}" if self.initials else self.family

    @property
    def initials_first(self) -> str:
        """I. O. Family — the statement of responsibility of GOST."""
        return f"{self.initials} {self.family}" if self.initials else self.family

    @property
    def full(self) -> str:
        """The name as printed, family name first."""
        return f"{self.family} {self.given}".strip()

    @property
    def sortable(self) -> str:
        """Family, Given names — how BibTeX, RIS and the meta tags want a name."""
        return f"{self.family}, {self.given}" if self.given else self.family


@dataclass(frozen=True)
class Record:
    """What is known of a source; empty strings and None for what is not."""

    key: str  # an ASCII identifier, e.g. the source's slug
    title: str
    kind: str = OTHER
    language: str = ""
    creators: tuple[Creator, ...] = ()
    year: int | None = None
    container: str = ""  # the journal or the collection
    volume: str = ""
    issue: str = ""
    publisher: str = ""  # for dissertations, the institution
    city: str = ""
    first_page: int | None = None
    last_page: int | None = None
    degree: str = ""
    speciality: str = ""  # the speciality code, e.g. 12.00.02
    url: str = ""
    doi: str = ""
    isbn: str = ""
    issn: str = ""
    note: str = ""

    def creators_in(self, role: str) -> list[Creator]:
        """The creators in one role (AUTHOR, EDITOR…), in order."""
        return [c for c in self.creators if c.role == role]


@dataclass(frozen=True)
class Citation:
    """A source, or one passage of it, as a reader cites it from this site on a given day."""

    record: Record
    url: str  # the page on this site: the source's, or the passage's permalink
    accessed: datetime.date
    position: int | None = None  # the passage's § number
    first_page: int | str | None = None  # the passage's pages, when known (printed, as "iv" may be)
    last_page: int | str | None = None
    pdf_url: str = ""  # the source's PDF on this site, where readers may download it

    @property
    def is_passage(self) -> bool:
        return self.position is not None

    @property
    def key(self) -> str:
        """The citation's key in a reference manager: the source's, with the § number for a passage."""
        return f"{self.record.key}-{self.position}" if self.is_passage else self.record.key

    @property
    def link(self) -> str:
        """A whole source is cited at its own address when it has one; a passage always at its
        permalink, where its § number means something."""
        return self.url if self.is_passage or not self.record.url else self.record.url

    @property
    def pages(self) -> Pages:
        """(first, last) cited: the passage's pages when known, else the source's range."""
        first = self.first_page or self.record.first_page
        last = self.last_page if self.first_page else self.record.last_page
        return (first, last or first) if first else (None, None)

    @property
    def notes(self) -> list[str]:
        """The source's note, and a passage's § number."""
        return _present(self.record.note, self.is_passage and f"§ {self.position}")


def designation(record: Record, language: str) -> str:
    """What a dissertation or its abstract calls itself, e.g. "автореф. дис. … канд. юрид. наук";
    "" for other kinds."""
    if record.kind not in THESES:
        return ""
    with_degree, without = THESIS_WORDS[language][record.kind]
    degree = DEGREE_WORDS[language].get(record.degree)
    return with_degree.format(degree=degree) if degree else without


def gost(citation: Citation, language: str) -> str:
    """The reference by GOST R 7.0.100-2018, its areas joined by ". – ", e.g.
    "Иванов, И. И. Заглавие / И. И. Иванов // Журнал. – 2010. – № 3. – С. 12. – § 5. –
    URL: http://… (дата обращения: 07.03.2025)." """
    record, words = citation.record, GOST_WORDS[language]
    areas = [
        _gost_title_area(record, words, language),
        _gost_publication_area(record),
        ", ".join(_present(
            record.volume and f"{words['volume']} {record.volume}",
            record.issue and f"{words['issue']} {record.issue}",
        )),
        page_range(citation.pages, "–", words["pages"] + " "),
        citation.is_passage and f"§ {citation.position}",
        record.isbn and f"ISBN {record.isbn}",
        record.doi and f"DOI {record.doi}",
        f"URL: {citation.link} ({words['accessed']}: {citation.accessed:%d.%m.%Y})",
    ]
    text = ""
    for area in _present(*areas):
        text = f"{_sentence(text)} {GOST_DASH} {area}" if text else area
    return _sentence(text)


def cited_pages(printed: Pages, counted: Pages) -> Pages:
    """(first, last) pages to cite of a part of a source: the page numbers printed on them when
    known, else the pages counted from 1 in the file."""
    return printed if printed[0] else counted


def page_range(pages: Pages, dash: str, label: str = "") -> str:
    """"12", "12–13" (with the dash given) or "" for (first, last) pages; label goes before."""
    first, last = pages
    if not first:
        return ""
    return f"{label}{first}{dash}{last}" if last and last != first else f"{label}{first}"


def apa(citation: Citation) -> str:
    """The reference by APA 7, e.g. "Иванов, И. И. (2010). Заглавие. Журнал, 5(3), 10–20.
    https://doi.org/…" (plain text: no italics)."""
    record = citation.record
    authors = record.creators_in(AUTHOR)
    date = f"({record.year})." if record.year else "(n.d.)."
    title = record.title
    if record.kind in THESES:
        description = designation(record, "en")
        title += f" [{description[0].upper()}{description[1:]}"
        title += f", {record.publisher}]" if record.publisher else "]"
    parts = [_sentence(_apa_names(authors)), date, _sentence(title)] if authors else [_sentence(title), date]
    parts += _apa_source(record)
    parts.append(f"https://doi.org/{record.doi}" if record.doi else citation.link)
    return " ".join(parts)


def bibtex(citations: Iterable[Citation], language: str) -> str:
    """BibTeX entries, one per citation, UTF-8 (biber and bibtexparser read Cyrillic as it is)."""
    return "\n".join(_bibtex_entry(citation, language) for citation in citations)


def ris(citations: Iterable[Citation], language: str) -> str:
    """RIS records, one per citation, lines ended by CR LF as the format asks."""
    return "".join(_ris_record(citation, language) for citation in citations)


def csl_json(citations: Iterable[Citation], language: str) -> str:
    """A CSL-JSON array (the citeproc input format), one item per citation."""
    return json.dumps([csl_item(c, language) for c in citations], ensure_ascii=False, indent=2)


def csl_item(citation: Citation, language: str) -> dict[str, object]:
    """The citation as a CSL-JSON item, without the fields that are not known."""
    record, accessed = citation.record, citation.accessed
    first, last = citation.pages
    item: dict[str, object] = {
        "id": citation.key,
        "type": CSL_TYPES[record.kind],
        "title": record.title,
        "author": [_csl_name(c) for c in record.creators_in(AUTHOR)],
        "editor": [_csl_name(c) for c in record.creators_in(EDITOR)],
        "issued": record.year and {"date-parts": [[record.year]]},
        "container-title": record.container,
        "volume": record.volume,
        "issue": record.issue,
        "page": page_range((first, last), "-"),
        "publisher": record.publisher,
        "publisher-place": record.city,
        "genre": designation(record, language),
        "language": record.language,
        "URL": citation.link,
        "accessed": {"date-parts": [[accessed.year, accessed.month, accessed.day]]},
        "DOI": record.doi,
        "ISBN": record.isbn,
        "ISSN": record.issn,
        "note": "; ".join(citation.notes),
    }
    return {name: value for name, value in item.items() if value}


def highwire_tags(citation: Citation) -> list[tuple[str, str]]:
    """(name, content) pairs of Highwire Press citation_* meta tags, which Zotero's connector
    and Google Scholar read."""
    record = citation.record
    first, last = citation.pages
    publisher_tag = {
        ABSTRACT: "citation_dissertation_institution",
        DISSERTATION: "citation_dissertation_institution",
    }.get(record.kind, "citation_publisher")
    container_tag = {
        ARTICLE: "citation_journal_title",
        COLLECTION_PAPER: "citation_inbook_title",
    }.get(record.kind)
    is_pdf = urlsplit(record.url).path.lower().endswith(".pdf")
    tags: list[tuple[str | None, Part]] = [
        ("citation_title", record.title),
        *(("citation_author", author.sortable) for author in record.creators_in(AUTHOR)),
        ("citation_publication_date", record.year and str(record.year)),
        (container_tag, container_tag and record.container),
        ("citation_volume", record.volume),
        ("citation_issue", record.issue),
        (publisher_tag, record.publisher),
        ("citation_firstpage", first and str(first)),
        ("citation_lastpage", last and str(last)),
        ("citation_doi", record.doi),
        ("citation_isbn", record.isbn),
        ("citation_issn", record.issn),
        ("citation_language", record.language),
        ("citation_abstract_html_url", "" if is_pdf else record.url),
        ("citation_pdf_url", citation.pdf_url or (record.url if is_pdf else "")),
    ]
    return [(name, content) for name, content in tags if name and isinstance(content, str) and content]


def _present(*values: Part) -> list[str]:
    """The values that are not empty, in order (a value is text where it is not empty)."""
    return [v for v in values if isinstance(v, str) and v]


def _sentence(text: str) -> str:
    """Text ended by a full stop, unless it already ends as a sentence does."""
    return text if not text or text.endswith(SENTENCE_ENDS) else text + "."


def _gost_title_area(record: Record, words: Mapping[str, str], language: str) -> str:
    """Heading, title with what a dissertation adds, statement of responsibility and container:
    "Иванов, И. И. Заглавие : автореф. дис. … : 12.00.02 / Иванов Иван ; Институт" or
    "… Заглавие / И. И. Иванов // Сборник / редактор П. П. Петров"."""
    authors, editors = record.creators_in(AUTHOR), record.creators_in(EDITOR)
    is_thesis = record.kind in THESES
    heading = authors[0].inverted if 1 <= len(authors) <= 3 else ""  # four or more: the title leads
    title = " : ".join(_present(record.title, designation(record, language), is_thesis and record.speciality))
    area = f"{_sentence(heading)} {title}" if heading else title
    responsibility = _present(
        ", ".join(a.full if is_thesis else a.initials_first for a in authors),
        record.kind != COLLECTION_PAPER and _gost_editors(editors, words),
        is_thesis and record.publisher,
    )
    if responsibility:
        area += " / " + " ; ".join(responsibility)
    if record.container:
        collection_editors = record.kind == COLLECTION_PAPER and _gost_editors(editors, words)
        area += " // " + " / ".join(_present(record.container, collection_editors))
    return area


def _gost_publication_area(record: Record) -> str:
    """"Город : Издательство, Год"; a journal article gives only the year, a dissertation its
    city and year (its institution stands after the author)."""
    if record.kind == ARTICLE:
        place = ""
    else:
        publisher = "" if record.kind in THESES else record.publisher
        place = " : ".join(_present(record.city, publisher))
    return ", ".join(_present(place, record.year and str(record.year)))


def _gost_editors(editors: list[Creator], words: Mapping[str, str]) -> str:
    if not editors:
        return ""
    label = words["editor"] if len(editors) == 1 else words["editors"]
    return f"{label} " + ", ".join(e.initials_first for e in editors)


def _apa_names(creators: list[Creator]) -> str:
    """"A", "A, & B", "A, B, & C"; past twenty, the first nineteen, ". . ." and the last."""
    names = [c.inverted for c in creators]
    if len(names) > APA_MAX_AUTHORS:
        return ", ".join(names[: APA_MAX_AUTHORS - 1]) + ", . . . " + names[-1]
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + ", & " + names[-1]


def _apa_source(record: Record) -> list[str]:
    """Where the work appeared, as APA gives it after the title."""
    pages = page_range((record.first_page, record.last_page or record.first_page), "–")
    if record.kind == COLLECTION_PAPER and record.container:
        editors = record.creators_in(EDITOR)
        book = record.container
        if editors:
            names = ", ".join(e.initials_first for e in editors)
            book = f"{names} ({'Ed.' if len(editors) == 1 else 'Eds.'}), {book}"
        if pages:
            book += f" ({'pp.' if '–' in pages else 'p.'} {pages})"
        return [_sentence(f"In {book}"), *_present(record.publisher and _sentence(record.publisher))]
    if record.container:
        volume = record.volume + (f"({record.issue})" if record.issue else "")
        return [_sentence(", ".join(_present(record.container, volume, pages)))]
    if record.kind in THESES or not record.publisher:
        return []
    return [_sentence(record.publisher)]


def _bibtex_entry(citation: Citation, language: str) -> str:
    record = citation.record
    is_thesis = record.kind in THESES
    container_field = {ARTICLE: "journal", COLLECTION_PAPER: "booktitle"}.get(record.kind, "howpublished")
    fields = [
        ("author", _bibtex_names(record.creators_in(AUTHOR))),
        ("editor", _bibtex_names(record.creators_in(EDITOR))),
        ("title", _bibtex_text(record.title)),
        (container_field, _bibtex_text(record.container)),
        ("year", record.year and str(record.year)),
        ("volume", _bibtex_text(record.volume)),
        ("number", _bibtex_text(record.issue)),
        ("pages", page_range(citation.pages, "--")),
        ("school" if is_thesis else "publisher", _bibtex_text(record.publisher)),
        ("address", _bibtex_text(record.city)),
        ("type", _bibtex_text(designation(record, language))),
        ("isbn", _bibtex_text(record.isbn)),
        ("issn", _bibtex_text(record.issn)),
        ("doi", _bibtex_verbatim(record.doi)),
        ("url", _bibtex_verbatim(citation.link)),
        ("urldate", citation.accessed.isoformat()),
        ("langid", BIBTEX_LANGUAGES.get(record.language, "")),
        ("note", _bibtex_text("; ".join(citation.notes))),
    ]
    body = "".join(f"  {name} = {{{value}}},\n" for name, value in fields if value)
    return f"@{BIBTEX_TYPES[record.kind]}{{{citation.key},\n{body}}}\n"


def _bibtex_text(text: str) -> str:
    """TeX's special characters escaped, so braces stay balanced and nothing is read as a command."""
    return "".join(BIBTEX_SPECIAL.get(c, c) for c in text)


def _bibtex_verbatim(text: str) -> str:
    """URLs and DOIs are read verbatim by biblatex; only braces would break the entry."""
    return text.replace("{", "%7B").replace("}", "%7D")


def _bibtex_names(creators: list[Creator]) -> str:
    """"Family, Given and Family, Given"; a name holding the word "and" is braced."""
    names = [_bibtex_text(c.sortable) for c in creators]
    return " and ".join(f"{{{n}}}" if re.search(r"\band\b", n, re.I) else n for n in names)


def _ris_record(citation: Citation, language: str) -> str:
    record = citation.record
    first, last = citation.pages
    tags = [
        ("TY", RIS_TYPES[record.kind]),
        *(("AU", c.sortable) for c in record.creators_in(AUTHOR)),
        *(("A2", c.sortable) for c in record.creators_in(EDITOR)),
        ("TI", record.title),
        ("T2", record.container),
        ("PY", record.year and str(record.year)),
        ("VL", record.volume),
        ("IS", record.issue),
        ("SP", first and str(first)),
        ("EP", last and last != first and str(last)),
        ("PB", record.publisher),
        ("CY", record.city),
        ("M3", designation(record, language)),
        ("SN", record.isbn),
        ("SN", record.issn),
        ("DO", record.doi),
        ("UR", citation.link),
        ("Y2", f"{citation.accessed:%Y/%m/%d}"),
        ("LA", record.language),
        *(("N1", note) for note in citation.notes),
    ]
    lines = [f"{tag}  - {' '.join(str(value).split())}" for tag, value in tags if value]
    return "\r\n".join([*lines, "ER  - ", "", ""])


def _csl_name(creator: Creator) -> dict[str, str]:
    return {"family": creator.family, "given": creator.given} if creator.given else {"family": creator.family}
