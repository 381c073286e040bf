"""A deterministic synthetic corpus recombined from the real sources' sentences.

Sentences are drawn with Zipf-like weights (a few are everywhere, most are rare), so
word frequencies keep a realistic long tail at every size. Taxonomy links follow
Zipf-like weights too. Rows are written with bulk_create and explicit ids.
"""

import hashlib
import json
import random
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings

from legalkb.kinds import TAXONOMY
from legalkb.models import Passage, Source, TaxonomyLink
from legalkb.text.langid import detect_language
from legalkb.text.pipeline import read_document
from legalkb.text.segment import sentence_spans

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
SOURCES = FIXTURES / "sources"
TAXONOMY_FILE = FIXTURES / "taxonomy.json"
SEED = 20240917
ZIPF_EXPONENT = 1.0
PASSAGES_PER_SOURCE = 100  # sources are about 1 % as many as passages
SENTENCES_PER_PASSAGE = (1, 4)
# How many links of each kind a passage gets: {count: probability}.
LINKS_PER_PASSAGE = {
    "principle": {0: 0.3, 1: 0.4, 2: 0.2, 3: 0.1},
    "author": {0: 0.7, 1: 0.25, 2: 0.05},
    "reform": {0: 0.6, 1: 0.3, 2: 0.1},
}
LINK_STATUSES = {
    TaxonomyLink.Status.PROPOSED: 0.7,
    TaxonomyLink.Status.CONFIRMED: 0.25,
    TaxonomyLink.Status.REJECTED: 0.05,
}
BATCH = 2000


@dataclass(frozen=True)
class Sentence:
    text: str
    language: str
    weight: float


@cache
def sentence_pool():
    """Every sentence of the real sources' repaired body passages, in a seeded
    random order that decides its Zipf weight (rank r weighs 1/r)."""
    sentences = []
    for path in sorted(SOURCES.glob("*.txt")):
        for passage in read_document(path.read_bytes()).passages:
            if passage.is_heading:
                continue
            text = passage.text
            for start, end in sentence_spans(text, 0, len(text), wrapped=True):
                chunk = text[start:end].strip()
                sentences.append((chunk, detect_language(chunk) or passage.language))
    random.Random(SEED).shuffle(sentences)
    return [
        Sentence(text, language, 1 / rank**ZIPF_EXPONENT)
        for rank, (text, language) in enumerate(sentences, start=1)
    ]


def zipf_weights(count):
    return [1 / rank**ZIPF_EXPONENT for rank in range(1, count + 1)]


def source_slug(number):
    return f"bench-source-{number:05d}"


def build_corpus(size, seed=SEED):
    """Write `size` passages, their sources and links; return the counts written."""
    rng = random.Random(seed)
    pool = sentence_pool()
    weights = [s.weight for s in pool]
    source_count = max(1, round(size / PASSAGES_PER_SOURCE))
    passages = [_passage_text(rng, pool, weights) for _ in range(size)]
    per_source = [passages[i::source_count] for i in range(source_count)]
    sources, passage_rows = [], []
    for number, texts in enumerate(per_source, start=1):
        source, rows = _source_rows(number, texts, first_id=len(passage_rows) + 1)
        sources.append(source)
        passage_rows.extend(rows)
    Source.objects.bulk_create(sources, batch_size=BATCH)
    Passage.objects.bulk_create(passage_rows, batch_size=BATCH)
    links = _create_links(rng, [p.pk for p in passage_rows])
    return {"sources": source_count, "passages": len(passage_rows), "links": links}


def _passage_text(rng, pool, weights):
    chosen = rng.choices(pool, weights=weights, k=rng.randint(*SENTENCES_PER_PASSAGE))
    language = Counter(s.language for s in chosen).most_common(1)[0][0]
    return " ".join(s.text for s in chosen), language


def _source_rows(number, texts, first_id):
    """A source whose raw text is its passages, one per paragraph, with true offsets."""
    raw, rows, offset = [], [], 0
    for position, (text, language) in enumerate(texts, start=1):
        rows.append(
            Passage(
                id=first_id + position - 1, source_id=number, position=position, text=text,
                start=offset, end=offset + len(text), language=language,
            )
        )
        raw.append(text)
        offset += len(text) + 2
    raw_text = "\n\n".join(raw)
    source = Source(
        id=number, slug=source_slug(number), title=f"Bench source {number}", language="kk",
        kind=Source.Kind.ARTICLE, file_name=f"{source_slug(number)}.txt", raw_text=raw_text,
        checksum=hashlib.sha256(raw_text.encode()).hexdigest(),
    )
    return source, rows


def _create_links(rng, passage_ids):
    """Zipf-like links: the first entries of entry_order(kind) are by far the most used."""
    total = 0
    statuses, status_weights = zip(*LINK_STATUSES.items(), strict=True)
    for kind in TAXONOMY:
        model = kind.link_model
        ids = dict(kind.entry_model.objects.values_list("slug", "id"))
        entry_ids = [ids[slug] for slug in entry_order(kind.name)]
        weights = zipf_weights(len(entry_ids))
        counts, count_weights = zip(*LINKS_PER_PASSAGE[kind.name].items(), strict=True)
        rows = []
        for passage_id in passage_ids:
            k = rng.choices(counts, weights=count_weights)[0]
            for entry_id in dict.fromkeys(rng.choices(entry_ids, weights=weights, k=k)):
                rows.append(
                    model(
                        passage_id=passage_id, origin=TaxonomyLink.Origin.AUTOMATIC,
                        status=rng.choices(statuses, weights=status_weights)[0],
                        **{f"{kind.name}_id": entry_id},
                    )
                )
        model.objects.bulk_create(rows, batch_size=BATCH)
        total += len(rows)
    return total


@cache
def entry_order(kind):
    """A kind's taxonomy slugs, most linked first (a seeded order of the fixture)."""
    slugs = sorted(item["slug"] for item in json.loads(TAXONOMY_FILE.read_text(encoding="utf-8"))[f"{kind}s"])
    random.Random(f"{SEED}-{kind}").shuffle(slugs)
    return slugs
