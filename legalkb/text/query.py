"""Parse what a reader types into a search box. Any input is a valid query.

The query language (docs/search.md "Query language"):

    plain words              every one is looked for (the passages holding all come first)
    "a quoted phrase"        the words together, in order («…» and “…” work too)
    "a phrase"~5             the words in order, at most 5 other words between each two
    заң*                     any word beginning with заң (at least MIN_PREFIX_CHARS letters)
    NOT word, -word          passages holding it are left out (also NOT "phrase", NOT (…))
    a OR b                   either (OR binds closer than the words around it: x a OR b y)
    ( … )                    grouping: (заң OR құқық) мемлекет
    field:value              author:, principle:, reform:, source:, year:, lang: (a name in
                             any script or a slug; field:"several words"; year:2010..2015)

What cannot be read is read as well as it can be and said in ParsedQuery.notes: an
unpaired quote or parenthesis is dropped, an operator with nothing to act on is a
word or is dropped, an unknown field name is read as words. This module only parses:
legalkb.search.plan gives the tree its meaning.

A query's cost is bounded whatever is typed: its first MAX_QUERY_CHARS characters, at
most MAX_WORDS words in all (a field counts as one), phrases of at most MAX_PHRASE_WORDS
words, words of at most MAX_WORD_CHARS letters, groups nested at most MAX_DEPTH deep. What
is left out is named in ParsedQuery.limits, so the page can say so.
"""

import re
from dataclasses import dataclass, field

from .analysis import fold_query, is_stopword, tokenize

MAX_QUERY_CHARS = 2000
MAX_WORDS = 16  # a pasted page of text is still a search, just a bounded one
MAX_PHRASE_WORDS = 8
MAX_WORD_CHARS = 40  # longer runs of letters are not words of either language
MAX_DEPTH = 4  # parentheses inside parentheses
MAX_SLOP = 20  # "…"~N: words allowed between two words of the phrase
MIN_PREFIX_CHARS = 3  # a shorter prefix would stand for too many words: it is read as a word
FIELDS = ("author", "principle", "reform", "source", "year", "lang")
IGNORED = frozenset({"AND", "&&"})  # words are ANDed anyway
OR = frozenset({"OR", "||"})
NOT = frozenset({"NOT"})

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_QUOTES = re.compile(r"[«»“”„\"]")
_LEXEME = re.compile(
    r"""(?P<open>\()|(?P<close>\))
    |(?P<minus>-)?(?:(?P<field>[A-Za-z]+):)?"(?P<phrase>[^"]*)"(?:~(?P<slop>\d+))?
    |(?P<minus_word>-)?(?P<word>[^\s"()]+)""",
    re.VERBOSE,
)
_FIELD_WORD = re.compile(r"(?P<field>[A-Za-z]+):(?P<value>.+)")


@dataclass(frozen=True)
class Unit:
    """One thing the user asked for: a word (possibly several tokens, "К.Мәсімов"), a
    quoted phrase, or a prefix (заң*)."""

    text: str
    words: tuple[str, ...]
    quoted: bool = False
    slop: int = 0  # words allowed between two words of a quoted phrase
    prefix: bool = False

    @property
    def is_stopword(self) -> bool:
        """A stopword, question word or initial: it only adds to the score."""
        return not self.quoted and not self.prefix and len(self.words) == 1 and is_stopword(self.words[0])


@dataclass(frozen=True)
class Field:
    """field:value, e.g. author:Мәсімов or year:2010..2015."""

    name: str
    value: str

    @property
    def text(self) -> str:
        return f"{self.name}:{self.value}"


@dataclass(frozen=True)
class Any:
    """a OR b OR …"""

    clauses: tuple["Node", ...]


@dataclass(frozen=True)
class All:
    """( a b … ): every clause."""

    clauses: tuple["Node", ...]


@dataclass(frozen=True)
class Not:
    """NOT a, -a"""

    clause: "Node"


Clause = Unit | Field | Any | All  # what a query asks for
Node = Clause | Not  # a clause, or one that leaves passages out


class Limit:
    """What a query lost to the bounds, for the page to say."""

    TOO_MANY_WORDS = "too-many-words"
    LONG_PHRASE = "long-phrase"
    LONG_WORD = "long-word"
    DEEP = "deep"
    LONG_QUERY = "long-query"


class Note:
    """What a query's syntax did not say clearly, and how it was read."""

    UNPAIRED_QUOTE = "unpaired-quote"
    UNPAIRED_PARENTHESIS = "unpaired-parenthesis"
    DANGLING_OPERATOR = "dangling-operator"
    UNKNOWN_FIELD = "unknown-field"
    ONLY_EXCLUDED = "only-excluded"
    SHORT_PREFIX = "short-prefix"


@dataclass
class ParsedQuery:
    """A query as read: what it asks for, what it leaves out, and what it lost or did not say clearly."""

    clauses: list[Clause] = field(default_factory=list)  # required (ANDed)
    excluded: list[Node] = field(default_factory=list)  # what NOT and -word leave out
    limits: set[str] = field(default_factory=set)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (Note, the text concerned)

    @property
    def words(self) -> list[Unit]:
        """The plain words and prefixes among the required clauses."""
        return [c for c in self.clauses if isinstance(c, Unit) and not c.quoted]

    @property
    def phrases(self) -> list[Unit]:
        return [c for c in self.clauses if isinstance(c, Unit) and c.quoted]

    @property
    def is_empty(self) -> bool:
        return not self.clauses

    def units(self) -> list[Unit]:
        """Every Unit the reader wants found (not the excluded ones), in order."""
        return [unit for clause in self.clauses for unit in units_of(clause)]


def units_of(node: Node) -> list[Unit]:
    """The Units in a clause, in order, without those under NOT."""
    match node:
        case Unit():
            return [node]
        case Any(clauses) | All(clauses):
            return [unit for clause in clauses for unit in units_of(clause)]
    return []


def clean_query(text: str | None) -> str:
    """Replace control characters and normalise quote marks; an unpaired quote is dropped."""
    text = _CONTROL.sub(" ", text or "")
    text = _QUOTES.sub('"', text)
    if text.count('"') % 2:
        last = text.rfind('"')
        text = text[:last] + " " + text[last + 1 :]
    return fold_query(text)


def parse_query(text: str | None) -> ParsedQuery:
    """The query as read (see the module's docstring); never an error."""
    parsed = ParsedQuery()
    text = text or ""
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        parsed.limits.add(Limit.LONG_QUERY)
    raw = _CONTROL.sub(" ", text or "")
    if _QUOTES.sub('"', raw).count('"') % 2:
        parsed.notes.append((Note.UNPAIRED_QUOTE, '"'))
    parser = _Parser(list(_LEXEME.finditer(clean_query(text))), parsed)
    for clause in parser.sequence(depth=0):
        if isinstance(clause, Not):
            parsed.excluded.append(clause.clause)
        else:
            parsed.clauses.append(clause)
    if parsed.excluded and not parsed.clauses:
        parsed.notes.append((Note.ONLY_EXCLUDED, ""))
    parsed.notes = list(dict.fromkeys(parsed.notes))
    return parsed


class _Parser:
    """Recursive descent over the lexemes: sequence := item*; item := unary (OR unary)*;
    unary := (NOT | -) unary | ( sequence ) | phrase | field | word."""

    def __init__(self, lexemes: list[re.Match[str]], parsed: ParsedQuery) -> None:
        self.lexemes, self.at, self.parsed = lexemes, 0, parsed
        self.budget = MAX_WORDS
        self.skipped = 0  # parentheses read as absent, beyond MAX_DEPTH
        self.operators_are_words = (
            sum(1 for m in lexemes if m.group("word") or m.group("phrase") is not None) < 2
        )

    def peek(self) -> re.Match[str] | None:
        return self.lexemes[self.at] if self.at < len(self.lexemes) else None

    def sequence(self, depth: int) -> list[Node]:
        clauses: list[Node] = []
        while (lexeme := self.peek()) is not None:
            if lexeme.group("close") is not None and self.skipped:
                self.skipped -= 1
                self.at += 1
                continue
            if lexeme.group("close") is not None:
                if depth:
                    return clauses
                self.parsed.notes.append((Note.UNPAIRED_PARENTHESIS, ")"))
                self.at += 1
                continue
            item = self.alternatives(depth)
            if item is not None:
                clauses.append(item)
        if depth:
            self.parsed.notes.append((Note.UNPAIRED_PARENTHESIS, "("))
        return clauses

    def alternatives(self, depth: int) -> Node | None:
        first = self.unary(depth)
        options = [first] if first is not None else []
        while self._operator(OR):
            self.at += 1
            following = self.unary(depth)
            if following is None:
                self.parsed.notes.append((Note.DANGLING_OPERATOR, "OR"))
            else:
                options.append(following)
        if not options:
            return None
        if len(options) == 1:
            return options[0]
        if first is None:
            self.parsed.notes.append((Note.DANGLING_OPERATOR, "OR"))
        return Any(tuple(options))

    def unary(self, depth: int) -> Node | None:
        lexeme = self.peek()
        if lexeme is None or lexeme.group("close") is not None:
            return None
        self.at += 1
        word = lexeme.group("word")
        if word is not None and not self.operators_are_words:
            if word in IGNORED:
                return None
            if word in OR:
                self.parsed.notes.append((Note.DANGLING_OPERATOR, word))
                return None
            if word in NOT:
                negated = self.unary(depth)
                if negated is None:
                    self.parsed.notes.append((Note.DANGLING_OPERATOR, word))
                return None if negated is None else Not(negated)
        if lexeme.group("open") is not None and depth >= MAX_DEPTH:
            self.parsed.limits.add(Limit.DEEP)  # read as if the parenthesis were not there
            self.skipped += 1
            return None
        if lexeme.group("open") is not None:
            return self.group(depth)
        minus = lexeme.group("minus") or lexeme.group("minus_word")
        clause = self.phrase(lexeme) if lexeme.group("phrase") is not None else self.word(word)
        if clause is None:
            return None
        return Not(clause) if minus else clause

    def group(self, depth: int) -> Node | None:
        clauses = self.sequence(depth + 1)
        closing = self.peek()
        if closing is not None and closing.group("close") is not None:
            self.at += 1
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else All(tuple(clauses))

    def phrase(self, lexeme: re.Match[str]) -> Unit | Field | None:
        raw = lexeme.group("phrase")
        if lexeme.group("field"):
            return self.field(lexeme.group("field"), raw, quoted=True)
        words = self.words(raw)
        if len(words) > MAX_PHRASE_WORDS:
            words = words[:MAX_PHRASE_WORDS]
            self.parsed.limits.add(Limit.LONG_PHRASE)
        slop = min(int(lexeme.group("slop") or 0), MAX_SLOP)
        return self.spend(Unit(raw.strip(), words, quoted=len(words) > 1, slop=slop if len(words) > 1 else 0))

    def word(self, raw: str) -> Unit | Field | None:
        named = _FIELD_WORD.fullmatch(raw)
        if named:
            return self.field(named.group("field"), named.group("value"), quoted=False)
        prefix = raw.endswith("*") and len(raw.rstrip("*")) > 0
        words = self.words(raw)
        if prefix and len(words) == 1 and len(words[0]) < MIN_PREFIX_CHARS:
            self.parsed.notes.append((Note.SHORT_PREFIX, raw))
        elif prefix and len(words) == 1:
            return self.spend(Unit(raw, words, prefix=True))
        return self.spend(Unit(raw.strip(), words))

    def field(self, name: str, value: str, quoted: bool) -> Unit | Field | None:
        if name.lower() not in FIELDS:
            self.parsed.notes.append((Note.UNKNOWN_FIELD, name))
            text = f'"{value}"' if quoted else value
            return self.spend(Unit(f"{name} {text}", self.words(f"{name} {value}")))
        value = " ".join(value.split())
        if not value or len(value) > MAX_WORD_CHARS * MAX_PHRASE_WORDS:
            return None
        return self.spend(Field(name.lower(), value))

    def words(self, raw: str) -> tuple[str, ...]:
        """The words of raw, without those longer than MAX_WORD_CHARS (noted in limits)."""
        tokens = tuple(token.text for token in tokenize(raw[: MAX_WORD_CHARS * (MAX_WORDS + 1)]))
        bounded = tuple(word for word in tokens if len(word) <= MAX_WORD_CHARS)
        if len(bounded) < len(tokens):
            self.parsed.limits.add(Limit.LONG_WORD)
        return bounded

    def spend(self, clause: Unit | Field) -> Unit | Field | None:
        """The clause, if the query's word budget still allows it; else None (noted)."""
        cost = len(clause.words) if isinstance(clause, Unit) else 1  # a field counts as one word
        if not cost:
            return None
        if cost > self.budget:
            self.parsed.limits.add(Limit.TOO_MANY_WORDS)
            self.at = len(self.lexemes)
            return None
        self.budget -= cost
        return clause

    def _operator(self, words: frozenset[str]) -> bool:
        lexeme = self.peek()
        return not self.operators_are_words and lexeme is not None and lexeme.group("word") in words
