"""Acts cited in passages: legalkb.text.acts finds the citations in a passage's text; here
each is resolved to an Act and saved as the passage's ActCitations, in place of those found
before. An import cites its passages in its own transaction, an edited passage is cited
again when it is saved, and `manage.py find_acts` cites every passage (those imported before
acts were read). Callers record the passages whose citations changed in the indexing outbox.
"""

from collections import defaultdict

from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import Act, ActCitation, Passage
from .text.acts import act_slug, find_citations, title_key

BATCH = 1000  # passages read and cited at once by cite_all
FILLED_FIELDS = ("title", "number", "date", "year")  # what a later citation may add to an act


def cite(passages, act_model=Act, citation_model=ActCitation):
    """Save the citations found in passages (objects with pk and text) in place of their
    earlier ones; returns the ids of the passages whose citations changed. The models may be
    a migration's historical ones."""
    found = {passage.pk: find_citations(passage.text) for passage in passages}
    resolved = resolve({c.act for citations in found.values() for c in citations}, act_model)
    new = {
        pk: {
            (resolved[c.act].pk, article, c.start, c.end)
            for c in citations
            for article in c.articles or ("",)
        }
        for pk, citations in found.items()
    }
    old = defaultdict(set)
    rows = citation_model.objects.filter(passage_id__in=list(found))
    for passage_id, *row in rows.values_list("passage_id", "act_id", "article", "start", "end"):
        old[passage_id].add(tuple(row))
    changed = [pk for pk in found if new[pk] != old[pk]]
    citation_model.objects.filter(passage_id__in=changed).delete()
    citation_model.objects.bulk_create(
        citation_model(passage_id=pk, act_id=act_id, article=article, start=start, end=end)
        for pk in changed
        for act_id, article, start, end in sorted(new[pk], key=lambda row: row[2])
    )
    return changed


def resolve(refs, act_model=Act):
    """{ActRef: act}: the act each reference names, found by its address name or, for a
    reference with a title, by the title (the same law cited once by title and once by number
    and date is one act), and created when there is none. Fields an act lacks are filled in
    from the reference; its address name never changes."""
    refs = sorted(refs, key=lambda ref: (not ref.number, act_slug(ref)))  # numbered ones first
    acts = {act.slug: act for act in act_model.objects.filter(slug__in={act_slug(ref) for ref in refs})}
    titles = {title_key(ref.title) for ref in refs if ref.title}
    titled = {(act.kind, act.title_key): act for act in act_model.objects.filter(title_key__in=titles)}
    resolved = {}
    for ref in refs:
        slug, key = act_slug(ref), (ref.kind, title_key(ref.title))
        act = acts.get(slug) or (titled.get(key) if ref.title else None)
        if act is None:
            fields = {"kind": ref.kind, "code": ref.code, "title_key": key[1]}
            fields.update((name, getattr(ref, name)) for name in FILLED_FIELDS)
            act, _created = act_model.objects.get_or_create(slug=slug, defaults=fields)
        else:
            _fill(act, ref)
        acts[slug] = act
        if ref.title:
            titled.setdefault(key, act)
        resolved[ref] = act
    return resolved


def _fill(act, ref):
    missing = {
        name: getattr(ref, name) for name in FILLED_FIELDS if getattr(ref, name) and not getattr(act, name)
    }
    if missing:
        if "title" in missing:
            missing["title_key"] = title_key(missing["title"])
        type(act).objects.filter(pk=act.pk).update(**missing)
        for name, value in missing.items():
            setattr(act, name, value)


def cite_all(passage_model=Passage, act_model=Act, citation_model=ActCitation):
    """Cite every passage, BATCH at a time; returns the ids of those whose citations changed."""
    changed, last = [], 0
    while batch := list(passage_model.objects.filter(pk__gt=last).order_by("pk").only("pk", "text")[:BATCH]):
        changed += cite(batch, act_model, citation_model)
        last = batch[-1].pk
    return changed


@receiver(post_save, sender=Passage)
def cite_saved_passage(sender, instance, raw=False, update_fields=None, **kwargs):
    """A passage saved with a new text is cited again (the index follows it through the
    outbox row its save records); fixtures being loaded are left as they are."""
    if not raw and (update_fields is None or "text" in update_fields):
        cite([instance])
