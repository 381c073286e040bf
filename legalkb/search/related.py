"""Related passages: those that say most of what a passage says, from other places.

A passage's query is made of what its search document holds (legalkb.search_indexes): its
most telling stems (frequent in the passage, rare in the index: tf-idf, the terms in more
than MAX_SHARE of the passages left out: they say little, and cost most to search), the
equivalents in other languages of the glossary and taxonomy terms it names
(legalkb.text.thesaurus), so that a Kazakh passage finds Russian ones, and the taxonomy
entries and acts it is tagged with. Any of them may match; shared entries and acts weigh more
than a word. The passage itself is left out of the query, and its neighbours out of the hits.
Every engine runs the query as it runs a reader's (GenerationsMixin.more_like_this); a
withdrawn passage is in no index, and is left out again when the hits are loaded.
"""

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from django.db.models import Model
from haystack.constants import ID

from ..kinds import TAXONOMY
from ..models import ActCitation, Passage
from ..text.analysis import index_terms, is_stopword, stems, tokenize
from ..text.analysis import words as text_words
from ..text.highlight import Marks, highlight
from ..text.thesaurus import Thesaurus
from .plan import _term_query, _words
from .query import STEMS, WORDS, AnyOf, Excluding, Node, Term

if TYPE_CHECKING:  # the backends import this module
    from .backends.base import Document

MAX_RELATED = 10
NEIGHBOURS = 2  # passages this far before or after, in the same source, are left out
MAX_TERMS = 20  # stems a passage is searched by
MAX_SHARE = 0.05  # a stem in more of the passages than this says little about any of them,
MAX_SHARE_AT_LEAST = 20  # unless they are this few (a small corpus)
MIN_WORD_CHARS = 3
MAX_EQUIVALENTS = 8  # phrases in other languages searched for the passage's terms
EQUIVALENT_WEIGHT = 1.0  # as much as the passage's most telling stem
SHARED_ENTRY_WEIGHT = 2.0  # a shared principle, author, reform or act weighs twice as much
TAGS = (*(kind.plural for kind in TAXONOMY), "acts")  # the document's fields of entries and acts
SNIPPET_CHARS = 240


class Lexicon(Protocol):
    """What a related query reads of an index (an engine's Reader)."""

    def doc_frequencies(self, field: str, terms: Iterable[str]) -> Mapping[str, int]: ...


@dataclass(frozen=True)
class RelatedQuery:
    """What a passage is searched by, and the query tree."""

    node: Node
    words: dict[str, str]  # stem → the passage's word for it, the stems searched by
    equivalents: tuple[str, ...]  # phrases in other languages
    tags: dict[str, list[str]]  # document field → slugs


def related_query(
    document: "Document",
    lexicon: Lexicon,
    passages: int,
    thesaurus: Thesaurus | None = None,
    excluded: Sequence[str] = (),
) -> RelatedQuery:
    """The RelatedQuery of a search document (Haystack's, of legalkb.search_indexes), against an
    index of passages documents with lexicon (doc_frequency); excluded: document ids."""
    words = document.get(WORDS, "").split()
    chosen = _telling_stems(document.get(STEMS, "").split(), words, lexicon, passages)
    top = max(chosen.values(), default=1.0)
    clauses: list[Node] = [Term(STEMS, stem, boost=round(weight / top, 3)) for stem, weight in chosen.items()]
    equivalents = _equivalents(words, thesaurus)
    clauses += [AnyOf((_term_query(_words(phrase)),), boost=EQUIVALENT_WEIGHT) for phrase in equivalents]
    tags = {name: list(document.get(name) or ()) for name in TAGS}
    clauses += [Term(name, slug, boost=SHARED_ENTRY_WEIGHT) for name, slugs in tags.items() for slug in slugs]
    node: Node = AnyOf(tuple(clauses))
    if excluded:
        node = Excluding(node, AnyOf(tuple(Term(ID, identifier) for identifier in excluded)))
    stem_words = dict(zip(document.get(STEMS, "").split(), words, strict=False))
    return RelatedQuery(node, {stem: stem_words.get(stem, stem) for stem in chosen}, equivalents, tags)


def _telling_stems(
    passage_stems: Sequence[str], words: Sequence[str], lexicon: Lexicon, passages: int
) -> dict[str, float]:
    """{stem: tf-idf} of the MAX_TERMS most telling stems of a passage."""
    content = Counter(
        stem
        for stem, word in zip(passage_stems, words, strict=False)
        if len(word) >= MIN_WORD_CHARS and not word.isdigit() and not is_stopword(word)
    )
    weights: dict[str, float] = {}
    frequencies = lexicon.doc_frequencies(STEMS, sorted(content))
    for stem, count in content.items():
        frequency = frequencies.get(stem, 0)
        if 1 < frequency <= max(MAX_SHARE * passages, MAX_SHARE_AT_LEAST):  # 1: in this passage only
            weights[stem] = count * math.log(passages / frequency)
    return dict(sorted(weights.items(), key=lambda item: (-item[1], item[0]))[:MAX_TERMS])


def _equivalents(words: Sequence[str], thesaurus: Thesaurus | None) -> tuple[str, ...]:
    """The phrases of other languages that name the terms the passage's words name."""
    if thesaurus is None:
        return ()
    added = dict.fromkeys(phrase for expansion in thesaurus.expand(words) for phrase in expansion.added)
    return tuple(added)[:MAX_EQUIVALENTS]


@dataclass
class Why:
    """Why a passage is related: the entries and acts both name, the words both use, and the
    equivalent terms in another language it uses."""

    entries: list[Model] = field(default_factory=list)  # entries and acts
    words: list[str] = field(default_factory=list)
    equivalents: list[str] = field(default_factory=list)


@dataclass
class Related:
    """A related passage, its snippet and why it is related."""

    passage: Passage
    snippet: str
    why: Why


def related_passages(passage: Passage, limit: int = MAX_RELATED) -> list[Related]:
    """Up to limit passages related to passage (one the public site shows), best first."""
    from haystack import connections

    from .thesaurus import current_thesaurus

    backend = connections["default"].get_backend()
    answer = backend.more_like_this(passage, end_offset=limit + 2 * NEIGHBOURS, thesaurus=current_thesaurus())
    ids = [int(result.pk) for result in answer["results"]]
    found = Passage.objects.public().with_source().in_bulk(ids)
    near = range(passage.position - NEIGHBOURS, passage.position + NEIGHBOURS + 1)
    kept = [
        found[i]
        for i in ids
        if i in found and not (found[i].source_id == passage.source_id and found[i].position in near)
    ][:limit]
    query = answer["query"]
    shared = shared_entries(kept, query.tags)
    return [_explained(other, query, shared[other.pk]) for other in kept]


def shared_entries(passages: Sequence[Passage], tags: Mapping[str, Sequence[str]]) -> dict[int, list[Model]]:
    """{passage id: [entry or act, …]} of the entries and acts of tags ({document field: slugs})
    that the passages name too: one query for each field that has slugs."""
    shared: defaultdict[int, dict[tuple[str, int], Model]] = defaultdict(dict)
    for kind in TAXONOMY:
        if tags[kind.plural]:
            links = kind.link_model.objects.active().filter(
                passage__in=passages, **{f"{kind.name}__slug__in": tags[kind.plural]}
            )
            for link in links.select_related(kind.name):
                shared[link.passage_id][kind.name, link.entry.pk] = link.entry
    if tags["acts"]:
        citations = ActCitation.objects.filter(passage__in=passages, act__slug__in=tags["acts"])
        for citation in citations.select_related("act"):
            shared[citation.passage_id]["act", citation.act_id] = citation.act
    return {passage.pk: list(shared[passage.pk].values()) for passage in passages}


def _explained(other: Passage, query: RelatedQuery, entries: list[Model]) -> Related:
    other_stems = {index_terms(word, other.language)[0] for word in text_words(other.text)}
    words = [word for stem, word in query.words.items() if stem in other_stems]
    equivalents = [phrase for phrase in query.equivalents if _holds(other_stems, phrase)]
    marked = words + [token.text for phrase in equivalents for token in tokenize(phrase)]
    marks = Marks(words=tuple(dict.fromkeys(marked)))
    return Related(
        passage=other,
        snippet=highlight(other.text, other.language, marks, SNIPPET_CHARS).html,
        why=Why(entries, words, equivalents),
    )


def _holds(passage_stems: set[str], phrase: str) -> bool:
    """Whether every word of the phrase stands in the passage, in some form."""
    return all(set(stems(word)) & passage_stems for word in _words(phrase))
