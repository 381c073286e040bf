"""Keep the search index in step with the database."""

from haystack import connections

from .models import Passage


def passage_index():
    return connections["default"].get_unified_index().get_index(Passage)


def index_passages(passages):
    """(Re)index passages in one writer session, loading their links in bulk."""
    ids = [p.pk for p in passages]
    if not ids:
        return
    index = passage_index()
    queryset = index.index_queryset().filter(pk__in=ids)
    index.get_backend(None).update(index, list(queryset))


def unindex_passage(identifier):
    """Remove a passage, given its index identifier ("legalkb.passage.12")."""
    passage_index().get_backend(None).remove(identifier)
