"""What a reader's query asks of the index, the same for every engine.

Each query word is a requirement; so is a run of words that names a known term in
another language (legalkb.text.thesaurus), which is met by the words themselves or by
the term's equivalents ("ответственность государства" or "мемлекеттің жауапкершілігі").
A word the index holds nowhere is searched as its closest known forms (typos), unless
the reader asked for exactly what was typed; a word still unknown is reported, and
left out of "every word".

The reader is shown the passages that meet every known requirement first (their number
is the count), then those that meet only some. An engine runs the trees of a QueryPlan
and fills in each word's passage count; it gives a lexicon with two methods:

    doc_frequency(field, term) -> int
    terms_with_prefix(field, prefix) -> iterable of (term, doc frequency)
"""

from dataclasses import dataclass, field
from itertools import islice

from ..text.analysis import keys, searches_by_key, stems, tokenize
from ..text.typos import candidate_prefixes, closest_forms
from .query import (
    PROXIMITY_BOOST,
    WORDS,
    AllOf,
    AnyOf,
    Everything,
    Excluding,
    Nothing,
    Phrase,
    Ranked,
    Term,
    phrase_query,
    word_query,
    word_terms,
)

MAX_FORMS_SHOWN = 8  # indexed forms listed for one word
MAX_TERMS_SCANNED = 20_000  # lexicon terms read to list one word's forms or correct it
MAX_WORDS_EXPLAINED = 8  # words whose forms are listed; the rest are searched all the same
MAX_ADDED_PHRASES = 6  # equivalents searched for one term


@dataclass
class WordReport:
    """One requirement, as the page and the API explain it."""

    text: str  # as typed
    found: bool = False
    forms: list = field(default_factory=list)  # indexed words it matched, most frequent first
    passages: int = 0  # passages holding it, under the filters (set by the engine run)
    corrected: list = field(default_factory=list)  # known forms searched in its place
    also: list = field(default_factory=list)  # equivalents in other languages, searched as well


@dataclass
class Requirement:
    report: WordReport
    clause: object
    word: str | None = None  # the one word (token) it is, if it is one


@dataclass
class QueryPlan:
    requirements: list
    phrases: list  # quoted phrases: every result holds them
    optional: object = None  # stopwords: they only add to the score
    excluded: object = None
    near: object = None  # every content word in order, for the proximity boost
    dropped_everything: bool = False  # every word typed was beyond the query's bounds

    @property
    def known(self):
        return [r for r in self.requirements if r.report.found]

    @property
    def is_empty(self):
        return not self.requirements and not self.phrases

    def all_words(self, ranked=True):
        """Passages holding every known requirement and every phrase. Unranked trees leave
        out what only orders the passages (the proximity phrase, stopwords): for counting."""
        clauses = [r.clause for r in self.known]
        if not clauses and not self.phrases:
            return (
                Nothing()
                if self.requirements or self.dropped_everything
                else self._ranked(Everything(), ranked)
            )
        return self._ranked(_all_of([*self.phrases, *clauses]), ranked)

    def any_word(self, ranked=True):
        """Passages holding at least one known requirement, and every phrase."""
        clauses = tuple(r.clause for r in self.known)
        if len(clauses) < 2:
            return self.all_words(ranked)
        return self._ranked(_all_of([*self.phrases, AnyOf(clauses)]), ranked)

    def some_words(self, ranked=True):
        """Passages holding some known requirements but not all; None when none can."""
        if len(self.known) < 2:
            return None
        return Excluding(self.any_word(ranked), AllOf(tuple(r.clause for r in self.known)))

    def _ranked(self, query, ranked):
        if ranked and self.near is not None:
            query = Ranked(query, self.near)
        if ranked and self.optional is not None:
            query = Ranked(query, self.optional)
        if self.excluded is not None:
            query = Excluding(query, self.excluded)
        return query


def _all_of(clauses):
    return clauses[0] if len(clauses) == 1 else AllOf(tuple(clauses))


def build_plan(parsed, lexicon, thesaurus=None, exact=False):
    """The QueryPlan of a parsed query (legalkb.text.query) against an index's lexicon."""
    if parsed.is_empty:
        return QueryPlan([], [], excluded=_excluded(parsed), dropped_everything=bool(parsed.limits))
    typed = list({unit.words: unit for unit in parsed.words}.values())  # a word typed twice is one
    content = [u for u in typed if not u.is_stopword] or typed
    stopwords = [u for u in typed if u not in content]
    requirements = [
        _requirement(units, expansion, lexicon, exact, explain=i < MAX_WORDS_EXPLAINED)
        for i, (units, expansion) in enumerate(_spans(content, thesaurus))
    ]
    words = [w for u in content for w in u.words]
    return QueryPlan(
        requirements=requirements,
        phrases=[phrase_query(u.words) for u in parsed.phrases],
        optional=AnyOf(tuple(word_query(u.words) for u in stopwords)) if stopwords else None,
        excluded=_excluded(parsed),
        near=phrase_query(words, boost=PROXIMITY_BOOST) if len(content) > 1 else None,
    )


def suggestion(plan, parsed, lexicon):
    """Did you mean: the query with each unknown word replaced by its closest known form,
    or None. Offered when the reader asked for exactly what was typed."""
    replaced = {}
    for requirement in plan.requirements:
        if requirement.word and not requirement.report.found:
            forms = _closest(requirement.word, lexicon)
            if forms:
                replaced[requirement.word] = forms[0]
    if not replaced:
        return None
    return " ".join(replaced.get(w, w) for unit in parsed.words + parsed.phrases for w in unit.words)


def _excluded(parsed):
    return AnyOf(tuple(word_query(u.words) for u in parsed.excluded)) if parsed.excluded else None


def _spans(units, thesaurus):
    """(units, expansion or None) in query order: runs of whole units that name a known
    term, and single units."""
    expansions = {}
    if thesaurus is not None:
        starts = [0]
        for unit in units:
            starts.append(starts[-1] + len(unit.words))
        for expansion in thesaurus.expand([w for u in units for w in u.words]):
            if expansion.start in starts and expansion.end in starts:
                expansions[starts.index(expansion.start)] = (starts.index(expansion.end), expansion)
    spans, i = [], 0
    while i < len(units):
        end, expansion = expansions.get(i, (i + 1, None))
        spans.append((units[i:end], expansion))
        i = end
    return spans


def _requirement(units, expansion, lexicon, exact, explain):
    text = " ".join(u.text for u in units)
    report = WordReport(text)
    own = word_query(units[0].words) if len(units) == 1 else AllOf(tuple(word_query(u.words) for u in units))
    alternatives = [own]
    if expansion is not None:
        added = [phrase for phrase in expansion.added if _words(phrase)][:MAX_ADDED_PHRASES]
        alternatives += [_term_query(_words(phrase)) for phrase in added]
        report.also = added
    report.found = any(_known(node, lexicon) for node in alternatives)
    single = units[0].words[0] if len(units) == 1 and len(units[0].words) == 1 else None
    if single and not report.found and not exact:
        report.corrected = _closest(single, lexicon)
        if report.corrected:
            report.found = True
            alternatives = [AnyOf(tuple(t for form in report.corrected for t in word_terms(form)))]
    if single and report.found and explain:
        report.forms = report.corrected[:MAX_FORMS_SHOWN] or _forms(single, lexicon)
    clause = alternatives[0] if len(alternatives) == 1 else AnyOf(tuple(alternatives))
    return Requirement(report, clause, single)


def _term_query(words):
    """A term of several words: all of them in the passage, ranked higher together in order
    ("моральдық та зиян" still meets моральдық зиян)."""
    if len(words) == 1:
        return word_query(words)
    return Ranked(AllOf(tuple(word_query((w,)) for w in words)), phrase_query(words))


def _words(phrase):
    return tuple(token.text for token in tokenize(phrase))


def _known(node, lexicon):
    """Whether the index holds any term of node (a phrase's words may still stand apart)."""
    match node:
        case Term(field, text, _):
            return lexicon.doc_frequency(field, text) > 0
        case Phrase(field, terms, _):
            return all(lexicon.doc_frequency(field, t) > 0 for t in terms)
        case AnyOf(clauses, _):
            return any(_known(c, lexicon) for c in clauses)
        case AllOf(clauses, _):
            return all(_known(c, lexicon) for c in clauses)
        case Ranked(required, _):
            return _known(required, lexicon)
    raise TypeError(f"not a query node: {node!r}")


def _candidates(word, lexicon):
    """Indexed words (with their passage counts) that may be forms or typos of word."""
    found = {}
    for prefix in candidate_prefixes(word) or (word[:2],):
        found.update(islice(lexicon.terms_with_prefix(WORDS, prefix), MAX_TERMS_SCANNED))
    return found


def _closest(word, lexicon):
    return _public(closest_forms(word, _candidates(word, lexicon)), lexicon)


def _public(forms, lexicon):
    """The forms a passage of the index holds now (lexicon statistics may count deleted ones)."""
    return [form for form in forms if lexicon.doc_frequency(WORDS, form) > 0]


def _forms(word, lexicon):
    """The indexed words a word matched, most frequent first: the forms of its stems (or
    keys, for a word typed in Latin or without Kazakh letters)."""
    wanted_stems, wanted_keys = set(stems(word)), set(keys(word)) if searches_by_key(word) else set()
    prefixes = {s[: max(2, len(s) - 1)] for s in wanted_stems if s[:1].isalpha()}
    if wanted_keys:
        prefixes |= set(candidate_prefixes(word))
    matched = {}
    for prefix in prefixes:
        for term, frequency in islice(lexicon.terms_with_prefix(WORDS, prefix), MAX_TERMS_SCANNED):
            if stems(term)[0] in wanted_stems or (wanted_keys and wanted_keys & set(keys(term))):
                matched[term] = frequency
    return _public(sorted(matched, key=lambda term: (-matched[term], term))[:MAX_FORMS_SHOWN], lexicon)
