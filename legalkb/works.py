"""Works cited: the entries of sources' references lists matched to the sources of the
knowledge base (legalkb.text.works), so that a source's page links its references and says how
often it is cited.

A sure match links at once; a doubtful one waits for an editor, who confirms or rejects it in
the admin (and may link an entry by hand); what an editor decided is never matched again. An
import matches the new source's references against every source, and the references of every
other source that still cite nothing against the new source; `manage.py match_references`
matches every undecided reference again. Withdrawn sources neither cite nor are cited.
"""

from django.db import transaction
from simple_history.utils import bulk_update_with_history

from .models import Creator, Reference, Source
from .text.works import Certainty, Work, WorksIndex

UNDECIDED = (Reference.Match.NONE, Reference.Match.SURE, Reference.Match.DOUBTFUL)  # by no editor
SURE_OR_DOUBTFUL = {Certainty.SURE: Reference.Match.SURE, Certainty.DOUBTFUL: Reference.Match.DOUBTFUL}


def works(sources):
    """The Works of sources, with their authors' family names."""
    names = {}
    authors = Creator.objects.filter(source__in=sources, role=Creator.Role.AUTHOR)
    for source_id, family_name in authors.values_list("source_id", "family_name"):
        names.setdefault(source_id, []).append(family_name)
    return [
        Work(source.pk, source.title, tuple(names.get(source.pk, ())), source.year)
        for source in sources.only("pk", "title", "year")
    ]


@transaction.atomic
def match(references, sources=None):
    """Match references (a queryset) still undecided by an editor against sources (all public
    ones by default); returns how many now cite a source."""
    index = WorksIndex(works(sources if sources is not None else Source.objects.public()))
    changed = []
    for reference in references.filter(match__in=UNDECIDED).select_for_update():
        found = index.match(reference.text, leaving_out=reference.source_id)
        if found is None:
            if sources is not None:
                continue  # matched against a few sources only: an earlier match stands
            state = (None, Reference.Match.NONE, None)
        else:
            state = (found.key, SURE_OR_DOUBTFUL[found.certainty], found.score)
        if state != (reference.cited_source_id, reference.match, reference.match_score):
            reference.cited_source_id, reference.match, reference.match_score = state
            changed.append(reference)
    bulk_update_with_history(changed, Reference, ["cited_source", "match", "match_score"])
    return sum(1 for reference in changed if reference.cited_source_id)


def match_new_source(source):
    """After an import: the new source's references against every source, and the others'
    references that cite nothing yet against the new source."""
    match(source.references.all())
    waiting = Reference.objects.exclude(source=source).filter(match=Reference.Match.NONE)
    match(waiting, Source.objects.filter(pk=source.pk))


@transaction.atomic
def decide(references, match, user):
    """An editor's decision on references (a queryset): CONFIRMED keeps the source each cites
    (references citing none are left as they are), REJECTED says each cites no source here.
    Returns how many changed; never matched again automatically."""
    if match == Reference.Match.CONFIRMED:
        references = references.exclude(cited_source=None)
    changed = list(references.exclude(match=match).select_for_update())
    for reference in changed:
        reference.match = match
        if match == Reference.Match.REJECTED:
            reference.cited_source = None
    bulk_update_with_history(changed, Reference, ["cited_source", "match"], default_user=user)
    return len(changed)
