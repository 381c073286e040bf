"""The link workflow, used by imports, load_taxonomy and the admin alike: the tagger
proposes links, editors confirm or reject them, or link passages themselves.

Each step writes in bulk, with history, and records the passages it touched in the
indexing outbox in the same transaction, so search follows after one commit.
"""

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from .kinds import TAXONOMY
from .models import TaxonomyLink
from .search import reach
from .tagging import build_matcher

REVIEW_FIELDS = ["status", "reviewed_by", "reviewed_at"]


@transaction.atomic
def propose(passages, matcher=None):
    """Propose the automatic links the tagger finds in passages, except links that exist
    (rejected ones included: a rejected link is never proposed again). Returns how many."""
    matcher = matcher or build_matcher()
    passages = list(passages)
    existing = _existing_links(passages)
    new_links = {kind: [] for kind in TAXONOMY}
    for passage in passages:
        for (kind, entry_id), spans in matcher.find(passage.text, passage.language).items():
            if (kind, passage.pk, entry_id) in existing:
                continue
            new_links[kind].append(
                kind.link_model(
                    passage=passage,
                    origin=TaxonomyLink.Origin.AUTOMATIC,
                    status=TaxonomyLink.Status.PROPOSED,
                    matched=" · ".join(passage.text[a:b] for a, b in spans)[:300],
                    **{f"{kind.name}_id": entry_id},
                )
            )
    for kind, links in new_links.items():
        bulk_create_with_history(links, kind.link_model)
    for kind, links in new_links.items():
        reach.record(kind.link_model, [new.pk for new in links])
    return sum(len(links) for links in new_links.values())


def confirm(links, user):
    """Confirm the proposed automatic links among links (a queryset); returns how many."""
    proposed = links.filter(origin=TaxonomyLink.Origin.AUTOMATIC, status=TaxonomyLink.Status.PROPOSED)
    return _review(proposed, TaxonomyLink.Status.CONFIRMED, user)


def reject(links, user):
    """Reject links (a queryset); the tagger never proposes them again. Returns how many."""
    return _review(links.exclude(status=TaxonomyLink.Status.REJECTED), TaxonomyLink.Status.REJECTED, user)


@transaction.atomic
def link(passages, kind, entry, user):
    """Link passages to an entry as an editor's confirmed links; returns how many links are new."""
    passages = list(passages)
    existing = set(
        kind.link_model.objects.filter(passage__in=passages, **{kind.name: entry}).values_list(
            "passage_id", flat=True
        )
    )
    new_links = [
        kind.link_model(
            passage=passage, origin=TaxonomyLink.Origin.EDITOR, created_by=user, **{kind.name: entry}
        )
        for passage in passages
        if passage.pk not in existing
    ]
    bulk_create_with_history(new_links, kind.link_model, default_user=user)
    _review(
        kind.link_model.objects.filter(passage__in=passages, **{kind.name: entry}),
        TaxonomyLink.Status.CONFIRMED,
        user,
    )
    return len(new_links)


@transaction.atomic
def _review(links, status, user):
    links = list(links.select_for_update(of=("self",)))
    now = timezone.now()
    for one in links:
        one.status, one.reviewed_by, one.reviewed_at = status, user, now
    if links:
        bulk_update_with_history(links, type(links[0]), REVIEW_FIELDS, default_user=user)
    if links:
        reach.record(type(links[0]), [one.pk for one in links], REVIEW_FIELDS)
    return len(links)


def _existing_links(passages):
    """(kind, passage id, entry id) of every link of passages, rejected ones included."""
    ids = [p.pk for p in passages]
    return {
        (kind, passage_id, entry_id)
        for kind in TAXONOMY
        for passage_id, entry_id in kind.link_model.objects.filter(passage_id__in=ids).values_list(
            "passage_id", f"{kind.name}_id"
        )
    }
