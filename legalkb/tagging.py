"""The automatic tagger: link passages to the taxonomy entries they name.

Matching is legalkb.text.matching, on the same tokens and stems as search.
Links an editor rejected are never proposed again.
"""

from simple_history.utils import bulk_create_with_history

from .models import LINK_MODELS, Author, Principle, Reform, TaxonomyLink
from .text.matching import PhraseMatcher

ENTRY_MODELS = {"principle": Principle, "author": Author, "reform": Reform}


def build_matcher():
    matcher = PhraseMatcher()
    for kind, model in ENTRY_MODELS.items():
        for entry in model.objects.all():
            for phrase in entry.match_phrases():
                matcher.add((kind, entry.pk), phrase)
    return matcher


def tag_passages(passages, matcher=None):
    """Propose automatic links for passages; return how many were created."""
    matcher = matcher or build_matcher()
    passages = list(passages)
    existing = _existing_links(passages)
    new_links = {kind: [] for kind in LINK_MODELS}
    for passage in passages:
        for (kind, entry_id), spans in matcher.find(passage.text, passage.language).items():
            if (kind, passage.pk, entry_id) in existing:
                continue
            matched = " · ".join(passage.text[a:b] for a, b in spans)
            new_links[kind].append(
                LINK_MODELS[kind](
                    passage=passage,
                    origin=TaxonomyLink.Origin.AUTOMATIC,
                    status=TaxonomyLink.Status.PROPOSED,
                    matched=matched[:300],
                    **{f"{kind}_id": entry_id},
                )
            )
    for kind, links in new_links.items():
        bulk_create_with_history(links, LINK_MODELS[kind])
    return sum(len(links) for links in new_links.values())


def _existing_links(passages):
    """(kind, passage id, entry id) of every link, rejected ones included."""
    ids = [p.pk for p in passages]
    return {
        (kind, passage_id, entry_id)
        for kind, model in LINK_MODELS.items()
        for passage_id, entry_id in model.objects.filter(passage_id__in=ids).values_list(
            "passage_id", f"{kind}_id"
        )
    }
