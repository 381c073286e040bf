"""What a reader's query asks of the index, the same for every engine.

legalkb.text.query parses the query language; this module gives it its meaning.

Each query word is a requirement; so is a run of words that names a known term in
another language (legalkb.text.thesaurus), which is met by the words themselves or by
the term's equivalents ("ответственность государства" or "мемлекеттің жауапкершілігі"),
a prefix (заң*: any word beginning so), and a group ((a OR b), ( … )). A word is met by
its inflected forms (its stems, or its keys in another script); words made from it by
derivation (заңдылық, заңды for заң) are its *related forms*, which never meet it.
A word the index holds nowhere is searched as its closest known forms (typos), unless
the reader asked for exactly what was typed; a word still unknown is reported, and left
out of "every word". Stopwords and question words are left out unless the query has
nothing else. Quoted phrases and fields (author:…, year:…) are constraints: every
result meets them. NOT and -word leave passages out.

The reader is shown three groups, in this order, each ranked on its own:

1. the passages that meet every known requirement (their number is the count);
2. those that meet every one, some only by a related form;
3. those that meet only some.

An engine runs the trees of a QueryPlan and fills in each word's passage count; it
gives a lexicon with two methods:

    doc_frequency(field, term) -> int
    terms_with_prefix(field, prefix) -> iterable of (term, doc frequency)
    estimated_frequency(field, term) -> int (optional: cheaper statistics, to weigh words)
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import islice, pairwise
from typing import TYPE_CHECKING, Protocol

from ..text.analysis import (
    SHAPE_SEPARATOR,
    indexed_terms,
    is_cyrillic,
    keys,
    searches_by_key,
    stems,
    tokenize,
)
from ..text.query import All, Any, Field, Not, ParsedQuery, Unit
from ..text.query import Node as ParsedNode
from ..text.script import readings, skeleton
from ..text.thesaurus import Expansion, Thesaurus
from ..text.typos import candidate_prefixes, closest_forms
from .query import (
    COORDINATION,
    KEYS,
    PHRASE_BOOST,
    PROXIMITY_BOOST,
    PROXIMITY_SLOP,
    ROOT_WEIGHT,
    ROOTS,
    SHAPES,
    STEMS,
    WORDS,
    AllOf,
    AnyOf,
    Constant,
    Everything,
    Excluding,
    Node,
    Nothing,
    Phrase,
    Ranked,
    Term,
    Values,
    phrase_query,
    related_query,
    word_query,
    word_terms,
)

MAX_FORMS_SHOWN = 8  # indexed forms listed for one word
MAX_TERMS_SCANNED = 20_000  # lexicon terms read to list one word's forms or correct it
MAX_SPELLINGS = 20  # the words of one skeleton a word typed in another script may be
MAX_WORDS_EXPLAINED = 8  # words whose forms are listed; the rest are searched all the same
MAX_ADDED_PHRASES = 6  # equivalents searched for one term
MAX_PREFIX_TERMS = 200  # the most frequent words a prefix stands for
MAX_PROXIMITY_PAIRS = 7  # neighbouring content words whose nearness adds to the score
EQUIVALENT_SCORE = 0.0  # a term's equivalent, where the words typed are in the index too

if TYPE_CHECKING:  # the backends import this module
    from .backends.base import Reader

FieldValues = Callable[[str, str], tuple[str, list[str]] | None]  # legalkb.search.field_values


class Lexicon(Protocol):
    """An index's words, as the module's docstring says (estimated_frequency is optional)."""

    def doc_frequency(self, field: str, term: str) -> int: ...

    def terms_with_prefix(self, field: str, prefix: str) -> Iterable[tuple[str, int]]: ...


@dataclass
class WordReport:
    """One requirement or constraint, as the page and the API explain it."""

    text: str  # as typed
    found: bool = False
    forms: list[str] = field(default_factory=list)  # indexed words it matched, most frequent first
    passages: int = 0  # passages holding it, under the filters (set by the engine run)
    corrected: list[str] = field(default_factory=list)  # known forms searched in its place
    also: list[str] = field(default_factory=list)  # equivalents in other languages, searched as well
    kind: str = "word"  # word, phrase, prefix, field or group
    truncated: bool = False  # a prefix standing for more words than were searched


@dataclass
class Requirement:
    """What a result must meet for one word, term, phrase, field or group of the query."""

    report: WordReport
    clause: Node  # what meets it
    related: Node | None = None  # what meets it by a related form only
    word: str | None = None  # the one word (token) it is, if it is one
    joined: bool = False  # a word of several tokens (бір-біріне), met only where they stand together
    rarity: float = 1.0  # 1 / (1 + passages holding its commonest term): what holding it tells
    own: Node | None = None  # what meets it by the words typed (not an equivalent term)

    @property
    def wide(self) -> Node:
        """Met by the word or a related form."""
        return self.clause if self.related is None else AnyOf((self.clause, self.related))


Tiers = tuple[Node, Node | None, Node | None]  # the three groups of passages (legalkb.search.Tier)


@dataclass
class QueryPlan:
    """A parsed query's meaning against an index: what results must meet, and how they rank."""

    requirements: list[Requirement]
    constraints: list[Requirement] = field(
        default_factory=list
    )  # phrases and fields (Requirements): every result meets them
    excluded: Node | None = None
    boosts: list[Node] = field(default_factory=list)  # only order the passages
    dropped_everything: bool = False  # every word typed was beyond the query's bounds
    _tiers: dict[bool, Tiers] = field(default_factory=dict, repr=False)

    @property
    def known(self) -> list[Requirement]:
        """The requirements the index holds (or corrected, or by related forms)."""
        return [r for r in self.requirements if r.report.found]

    @property
    def reports(self) -> list[WordReport]:
        """What the page explains: every requirement and constraint."""
        return [r.report for r in [*self.requirements, *self.constraints]]

    @property
    def constraint_clauses(self) -> list[Node]:
        """What the constraints' results meet."""
        return [c.clause for c in self.constraints]

    def all_words(self, ranked: bool = True) -> Node:
        """Passages meeting every constraint and every known requirement by the word itself.
        Unranked trees leave out what only orders the passages: for counting."""
        clauses = [r.clause for r in self.known]
        if not clauses and not self.constraints:
            unknown = self.requirements or self.dropped_everything
            return Nothing() if unknown else self._ranked(Everything(), ranked)
        return self._ranked(_all_of([*self.constraint_clauses, *clauses]), ranked)

    def related_words(self, ranked: bool = True) -> Node | None:
        """Passages meeting every known requirement, some only by a related form; None when
        no requirement has related forms."""
        if not any(r.related is not None for r in self.known):
            return None
        wide = _all_of([*self.constraint_clauses, *(r.wide for r in self.known)])
        return self._ranked(Excluding(wide, _all_of([r.clause for r in self.known])), ranked)

    def some_words(self, ranked: bool = True) -> Node | None:
        """Passages meeting some known requirements (by word or related form) but not all;
        None when none can."""
        if len(self.known) < 2:
            return None
        wide = tuple(r.wide for r in self.known)
        some: Node = Excluding(_all_of([*self.constraint_clauses, AnyOf(wide)]), AllOf(wide))
        if ranked:  # the more of the rarer words a passage holds, the higher
            held = tuple(
                Constant(clause, COORDINATION * r.rarity / 2)
                for r in self.known
                for clause in (r.own or r.clause, r.wide)
            )
            some = Ranked(some, AnyOf(held))
        return self._ranked(some, ranked)

    def is_single(self, requirement: Requirement) -> bool:
        """Whether the passages holding every word are those meeting this requirement: it
        is the plan's only one, and nothing else narrows them."""
        return [requirement] == [*self.known, *self.constraints] and self.excluded is None

    def check_joined_words(self, reader: "Reader") -> None:
        """A word of several tokens whose tokens are all indexed may still stand together
        nowhere: then it is found nowhere, like an unknown word (one count each)."""
        for requirement in self.known:
            if requirement.joined and not reader.count(requirement.clause, {}):
                requirement.report.found = False

    def tiers(self, ranked: bool = True) -> Tiers:
        """The three groups of passages, in the order they are listed (None: empty); the
        same trees on every call, so an engine translates each once."""
        if ranked not in self._tiers:
            self._tiers[ranked] = (
                self.all_words(ranked),
                self.related_words(ranked),
                self.some_words(ranked),
            )
        return self._tiers[ranked]

    def listed(self) -> Node:
        """Every passage the three groups list (unranked)."""
        if not self.known:
            return self.tiers(ranked=False)[0]
        wide = AnyOf(tuple(r.wide for r in self.known))
        return self._ranked(_all_of([*self.constraint_clauses, wide]), ranked=False)

    def widening(self) -> list[Node | None]:
        """Unranked, each holding the one before: the first group; the first two (every word,
        in some form or a related one), or None when there are no related forms; all three
        (self.listed()), or None when there is no third group. Counting these instead of
        the groups themselves spares an engine the exclusions."""
        first = self.tiers(ranked=False)[0]
        if not any(r.related is not None for r in self.known):
            every = None
        else:
            every = self._ranked(
                _all_of([*self.constraint_clauses, *(r.wide for r in self.known)]), ranked=False
            )
        return [first, every, self.listed() if len(self.known) >= 2 else None]

    def _ranked(self, query: Node, ranked: bool) -> Node:
        if ranked:
            for boost in self.boosts:
                query = Ranked(query, boost)
        if self.excluded is not None:
            query = Excluding(query, self.excluded)
        return query


def _all_of(clauses: Sequence[Node]) -> Node:
    return clauses[0] if len(clauses) == 1 else AllOf(tuple(clauses))


def build_plan(
    parsed: ParsedQuery,
    lexicon: Lexicon,
    thesaurus: Thesaurus | None = None,
    exact: bool = False,
    fields: FieldValues | None = None,
) -> QueryPlan:
    """The QueryPlan of a parsed query (legalkb.text.query) against an index's lexicon;
    fields(name, value) gives the (index field, values) a field:value names, or None."""
    context = _Context(lexicon, thesaurus, exact, fields)
    plan = QueryPlan([], excluded=_excluded(parsed, context), dropped_everything=bool(parsed.limits))
    if parsed.is_empty:
        return plan
    typed = list(dict.fromkeys(c for c in parsed.clauses if isinstance(c, Unit) and not c.quoted))
    content = [u for u in typed if not u.is_stopword] or typed
    for units, expansion in _spans([u for u in typed if not u.prefix], thesaurus):
        if expansion is not None or units[0] in content:  # a stopword only inside a term
            plan.requirements.append(context.requirement(units, expansion))
    for clause in parsed.clauses:
        if isinstance(clause, Unit) and clause.prefix:
            plan.requirements.append(context.prefix(clause))
        elif isinstance(clause, Unit) and clause.quoted:
            plan.requirements.append(context.phrase(clause))
        elif isinstance(clause, Field):
            plan.requirements.append(context.field(clause))
        elif isinstance(clause, Any | All):
            plan.requirements.append(context.group(clause))
    plan.constraints = [r for r in plan.requirements if r.report.kind in ("phrase", "field")]
    plan.requirements = [r for r in plan.requirements if r.report.kind not in ("phrase", "field")]
    plan.boosts = _boosts([u.words for u in content if not u.prefix])
    return plan


def _boosts(units: Sequence[tuple[str, ...]]) -> list[Node]:
    """Whole phrase first, then nearness: the content words standing together in order,
    and each two neighbouring words typed apart standing within PROXIMITY_SLOP words of
    each other (a fixed amount for each such pair)."""
    words = [w for unit in units for w in unit]
    if len(units) < 2:
        return []
    pairs = [(left[-1], right[0]) for left, right in pairwise(units)][:MAX_PROXIMITY_PAIRS]
    near = tuple(Constant(phrase_query(pair, slop=PROXIMITY_SLOP), PROXIMITY_BOOST) for pair in pairs)
    return [phrase_query(words, boost=PHRASE_BOOST), AnyOf(near)]


class _Lexicon:
    """An engine's lexicon, each term's frequency read once while a plan is built."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.frequencies: dict[tuple[str, str], int] = {}

    def doc_frequency(self, field_: str, term: str) -> int:
        if (field_, term) not in self.frequencies:
            self.frequencies[field_, term] = self.lexicon.doc_frequency(field_, term)
        return self.frequencies[field_, term]

    def terms_with_prefix(self, field_: str, prefix: str) -> Iterable[tuple[str, int]]:
        return self.lexicon.terms_with_prefix(field_, prefix)

    def estimated_frequency(self, field_: str, term: str) -> int:
        estimate: Callable[[str, str], int] = getattr(self.lexicon, "estimated_frequency", self.doc_frequency)
        return estimate(field_, term)


class _Context:
    """What building a plan reads: the index's lexicon, the thesaurus, field values."""

    def __init__(
        self, lexicon: Lexicon, thesaurus: Thesaurus | None, exact: bool, fields: FieldValues | None
    ) -> None:
        self.lexicon, self.thesaurus, self.exact, self.fields = _Lexicon(lexicon), thesaurus, exact, fields
        self.explained = 0
        self.spellings: dict[str, list[str]] = {}  # a word typed in another script: how the texts spell it

    def requirement(self, units: Sequence[Unit], expansion: Expansion | None) -> Requirement:
        """The requirement of query words (several when they name a term, expansion)."""
        text = " ".join(u.text for u in units)
        report = WordReport(text)
        own = _all_of([self.word_query(u.words) for u in units])
        alternatives: list[Node] = [own]
        added = [p for p in expansion.added if _words(p)][:MAX_ADDED_PHRASES] if expansion else []
        if added:
            equivalents = AnyOf(tuple(_term_query(_words(phrase)) for phrase in added))
            # Where the words typed are in the index, a passage holding only an equivalent
            # counts as holding them, but a rare equivalent never outranks them.
            alternatives.append(
                Constant(equivalents, EQUIVALENT_SCORE) if _known(own, self.lexicon) else equivalents
            )
            report.also = added
        report.found = any(_known(node, self.lexicon) for node in alternatives)
        single = units[0].words[0] if len(units) == 1 and len(units[0].words) == 1 else None
        related = self.related([u.words for u in units], [_words(p) for p in report.also])
        if related is not None and not _known(related, self.lexicon):
            related = None
        if single and not report.found and not self.exact:
            report.corrected = _closest(single, self.lexicon)
            if report.corrected:
                report.found, related = True, None
                alternatives = [AnyOf(tuple(t for form in report.corrected for t in word_terms(form)))]
        if related is not None and not report.found:
            report.found = True  # only its related forms are found: they are listed, none counted
        if single and report.found and self._explain():
            report.forms = report.corrected[:MAX_FORMS_SHOWN] or _forms(
                self.spelled(single) or [single], self.lexicon
            )
        clause = alternatives[0] if len(alternatives) == 1 else AnyOf(tuple(alternatives))
        joined = len(units) == 1 and len(units[0].words) > 1 and expansion is None
        rarity = _rarity(alternatives[0], self.lexicon)
        return Requirement(report, clause, related, single, joined, rarity, alternatives[0])

    def spelled(self, word: str) -> list[str]:
        """How the texts spell a word typed in Latin or without Kazakh letters: the indexed
        words of its skeleton (jauapkershiligi: жауапкершілігі), most frequent first. It is
        searched as them, as if typed so, and not as every stem its skeleton may have. Empty
        for a word with Kazakh letters (searched as typed), or spelled so nowhere."""
        if not searches_by_key(word):
            return []
        if word not in self.spellings:
            found: dict[str, int] = {}
            for reading in readings(word):
                start = reading + SHAPE_SEPARATOR
                terms = islice(self.lexicon.terms_with_prefix(SHAPES, start), MAX_SPELLINGS)
                found.update((term.removeprefix(start), n) for term, n in terms)
            self.spellings[word] = sorted(found, key=lambda spelled: (-found[spelled], spelled))
        return self.spellings[word]

    def word_query(self, words: Sequence[str]) -> Node:
        """word_query, a word typed in Latin or without Kazakh letters as the texts spell it."""
        spelled = self.spelled(words[0]) if len(words) == 1 else []
        if not spelled:
            return word_query(words)
        return AnyOf(tuple(dict.fromkeys(Term(STEMS, stem) for w in spelled for stem, _ in indexed_terms(w))))

    def related_query(self, words: Sequence[str]) -> AnyOf | None:
        """related_query, a word typed in Latin or without Kazakh letters as the texts spell it."""
        spelled = self.spelled(words[0]) if len(words) == 1 else []
        if not spelled:
            return related_query(words)
        roots = dict.fromkeys(root for w in spelled for _, root in indexed_terms(w))
        return AnyOf(tuple(Term(ROOTS, root, boost=ROOT_WEIGHT) for root in roots))

    def related(self, own: Sequence[tuple[str, ...]], equivalents: Sequence[tuple[str, ...]]) -> Node | None:
        """What meets a requirement with related forms: its words (own: each unit's tokens),
        or one of its equivalent terms' words, each in some form or a related one; None when
        there are none."""
        options: list[Node] = []
        for words, typed in [(own, True), *[([(word,) for word in phrase], False) for phrase in equivalents]]:
            forms = [self.related_query(w) if typed else related_query(w) for w in words]
            if any(forms):
                found = [self.word_query(w) if typed else word_query(w) for w in words]
                options.append(
                    _all_of([AnyOf((q, f)) if f else q for q, f in zip(found, forms, strict=True)])
                )
        return _any_of(options) if options else None

    def prefix(self, unit: Unit) -> Requirement:
        """Every indexed word beginning with the prefix (in the script it was typed in: a
        Cyrillic prefix reads the words, a Latin one the script-neutral keys)."""
        report = WordReport(unit.text, kind="prefix")
        start = unit.words[0]
        field_, typed = (
            (KEYS, skeleton(start)) if searches_by_key(start) and not is_cyrillic(start) else (WORDS, start)
        )
        found = dict(islice(self.lexicon.terms_with_prefix(field_, typed), MAX_TERMS_SCANNED))
        terms = sorted(found, key=lambda term: (-found[term], term))
        report.truncated = len(terms) > MAX_PREFIX_TERMS
        terms = terms[:MAX_PREFIX_TERMS]
        report.found = bool(terms)
        if self._explain():
            report.forms = terms[:MAX_FORMS_SHOWN]
        clause = AnyOf(tuple(Term(field_, term) for term in terms)) if terms else Nothing()
        return Requirement(report, clause)

    def phrase(self, unit: Unit) -> Requirement:
        """A quoted phrase: its words together, in order."""
        report = WordReport(unit.text, kind="phrase")
        clause = phrase_query(unit.words, slop=unit.slop)
        report.found = _known(clause, self.lexicon)
        return Requirement(report, clause)

    def field(self, named: Field) -> Requirement:
        """field:value, as the exact values it names; a value naming nothing finds nothing."""
        report = WordReport(named.text, kind="field")
        found = self.fields(named.name, named.value) if self.fields else None
        field_, values = found or ("", [])
        report.found = bool(values)
        report.forms = list(values[:MAX_FORMS_SHOWN])
        clause = Values(field_, tuple(values)) if report.found else Nothing()
        return Requirement(report, clause)

    def group(self, node: Any | All) -> Requirement:
        """(a OR b), ( … ): one requirement met as the group says."""
        report = WordReport(_text(node), kind="group")
        clause, related = self.node(node)
        report.found = not isinstance(clause, Nothing)
        return Requirement(report, clause, related if report.found else None)

    def node(self, node: ParsedNode) -> tuple[Node, Node | None]:
        """(clause, related clause or None) of a node of the parsed query: a word's
        unknown words are corrected as at the top, and left out when still unknown."""
        match node:
            case Unit(quoted=True) | Field():
                requirement = self.phrase(node) if isinstance(node, Unit) else self.field(node)
                return requirement.clause, None
            case Unit(prefix=True):
                return self.prefix(node).clause, None
            case Unit():
                found = self.requirement([node], None)
                return (found.clause, found.related) if found.report.found else (Nothing(), None)
            case Any(clauses):
                options = [self.node(c) for c in clauses if not isinstance(c, Not)]
                options = [o for o in options if not isinstance(o[0], Nothing)]
                if not options:
                    return Nothing(), None
                either = [AnyOf((c, r)) if r else c for c, r in options]
                return _any_of([c for c, _ in options]), _any_of(either) if any(
                    r for _, r in options
                ) else None
            case All(clauses):
                kept = [self.node(c) for c in clauses if not isinstance(c, Not)]
                left_out = [self.node(c.clause)[0] for c in clauses if isinstance(c, Not)]
                kept = [k for k in kept if not isinstance(k[0], Nothing)]
                if not kept:
                    return Nothing(), None
                clause = _all_of([c for c, _ in kept])
                related = (
                    _all_of([AnyOf((c, r)) if r else c for c, r in kept]) if any(r for _, r in kept) else None
                )
                if left_out:
                    clause = Excluding(clause, _any_of(left_out))
                    related = Excluding(related, _any_of(left_out)) if related else None
                return clause, related
        raise TypeError(f"not a parsed query node: {node!r}")

    def _explain(self) -> bool:
        self.explained += 1
        return self.explained <= MAX_WORDS_EXPLAINED


def _any_of(clauses: Sequence[Node]) -> Node:
    return clauses[0] if len(clauses) == 1 else AnyOf(tuple(clauses))


def _text(node: ParsedNode) -> str:
    match node:
        case Unit(quoted=True):
            return f'"{node.text}"'
        case Unit() | Field():
            return node.text
        case Any(clauses):
            return " OR ".join(_text(c) for c in clauses)
        case All(clauses):
            return "(" + " ".join(_text(c) for c in clauses) + ")"
        case Not(clause):
            return f"NOT {_text(clause)}"
    return ""


def suggestion(plan: QueryPlan, parsed: ParsedQuery, lexicon: Lexicon) -> str | None:
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
    return " ".join(replaced.get(w, w) for unit in parsed.units() for w in unit.words)


def _excluded(parsed: ParsedQuery, context: "_Context") -> Node | None:
    """What NOT and -word leave out: the words in any inflection (not their related forms)."""
    left_out = [context.node(node)[0] for node in parsed.excluded]
    left_out = [clause for clause in left_out if not isinstance(clause, Nothing)]
    return _any_of(left_out) if left_out else None


def _spans(
    units: Sequence[Unit], thesaurus: Thesaurus | None
) -> list[tuple[Sequence[Unit], Expansion | None]]:
    """(units, expansion or None) in query order: runs of whole units that name a known
    term, and single units."""
    expansions: dict[int, tuple[int, Expansion]] = {}
    if thesaurus is not None:
        starts = [0]
        for unit in units:
            starts.append(starts[-1] + len(unit.words))
        for named in thesaurus.expand([w for u in units for w in u.words]):
            if named.start in starts and named.end in starts:
                expansions[starts.index(named.start)] = (starts.index(named.end), named)
    spans: list[tuple[Sequence[Unit], Expansion | None]] = []
    i = 0
    while i < len(units):
        end, expansion = expansions.get(i, (i + 1, None))
        spans.append((units[i:end], expansion))
        i = end
    return spans


def _term_query(words: Sequence[str]) -> Node:
    """An equivalent term: all of its words in the passage, ranked higher together in order
    ("моральдық та зиян" still meets моральдық зиян)."""
    if len(words) == 1:
        return word_query(words)
    return Ranked(AllOf(tuple(word_query((w,)) for w in words)), phrase_query(words))


def _words(phrase: str) -> tuple[str, ...]:
    return tuple(token.text for token in tokenize(phrase))


def _known(node: Node, lexicon: Lexicon) -> bool:
    """Whether the index holds any term of node (a phrase's words may still stand apart)."""
    match node:
        case Term(field_, text, _):
            return lexicon.doc_frequency(field_, text) > 0
        case Phrase(field_, terms, _, _):
            return all(lexicon.doc_frequency(field_, t) > 0 for t in terms)
        case AnyOf(clauses, _):
            return any(_known(c, lexicon) for c in clauses)
        case AllOf(clauses, _):
            return all(_known(c, lexicon) for c in clauses)
        case Ranked(required, _):
            return _known(required, lexicon)
        case Values():
            return True
        case Constant(clause, _):
            return _known(clause, lexicon)
        case Nothing():
            return False
    raise TypeError(f"not a query node: {node!r}")


def _rarity(node: Node, lexicon: "_Lexicon") -> float:
    """1 / (1 + an estimate of the passages node matches, from its terms' frequencies)."""
    return 1 / (1 + _frequency(node, lexicon))


def _frequency(node: Node, lexicon: "_Lexicon") -> int:
    """At most the passages node matches: a term's own number, the fewest of a phrase's or
    of what must all match, the most of alternatives."""
    match node:
        case Term(field_, text, _):
            return lexicon.estimated_frequency(field_, text)
        case Phrase(field_, terms, _, _):
            return min(lexicon.estimated_frequency(field_, t) for t in terms)
        case AnyOf(clauses, _):
            return max((_frequency(c, lexicon) for c in clauses), default=0)
        case AllOf(clauses, _):
            return min((_frequency(c, lexicon) for c in clauses), default=0)
        case Ranked(required, _) | Constant(required, _):
            return _frequency(required, lexicon)
    return 0


def _candidates(word: str, lexicon: Lexicon) -> dict[str, int]:
    """Indexed words (with their passage counts) that may be forms or typos of word."""
    found: dict[str, int] = {}
    for prefix in candidate_prefixes(word) or (word[:2],):
        found.update(islice(lexicon.terms_with_prefix(WORDS, prefix), MAX_TERMS_SCANNED))
    return found


def _closest(word: str, lexicon: Lexicon) -> list[str]:
    return _public(closest_forms(word, _candidates(word, lexicon)), lexicon)


def _public(forms: Iterable[str], lexicon: Lexicon) -> list[str]:
    """The forms a passage of the index holds now (lexicon statistics may count deleted ones)."""
    return [form for form in forms if lexicon.doc_frequency(WORDS, form) > 0]


def _forms(words: Sequence[str], lexicon: Lexicon) -> list[str]:
    """The indexed words that words matched, most frequent first: the forms of their stems
    (or keys, for a word typed in Latin or without Kazakh letters)."""
    wanted_stems = {stem for word in words for stem in stems(word)}
    by_key = [word for word in words if searches_by_key(word)]
    wanted_keys = {key for word in by_key for key in keys(word)}
    prefixes = {s[: max(2, len(s) - 1)] for s in wanted_stems if s[:1].isalpha()}
    prefixes |= {prefix for word in by_key for prefix in candidate_prefixes(word)}
    matched: dict[str, int] = {}
    for prefix in prefixes:
        for term, frequency in islice(lexicon.terms_with_prefix(WORDS, prefix), MAX_TERMS_SCANNED):
            if stems(term)[0] in wanted_stems or (wanted_keys and wanted_keys & set(keys(term))):
                matched[term] = frequency
    return _public(sorted(matched, key=lambda term: (-matched[term], term))[:MAX_FORMS_SHOWN], lexicon)
