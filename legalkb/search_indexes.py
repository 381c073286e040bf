from functools import lru_cache

from haystack import indexes

from .models import Passage
from .text.analysis import analyse


class PassageIndex(indexes.SearchIndex, indexes.Indexable):
    """One document per passage. The three text fields hold tokens analysed in
    Python (legalkb.text.analysis), so every engine indexes the same terms."""

    text = indexes.CharField(document=True, stored=False)
    roots = indexes.CharField(stored=False)
    spelling = indexes.CharField(stored=False)
    source = indexes.CharField(model_attr="source__slug")
    language = indexes.CharField(model_attr="language")
    principles = indexes.MultiValueField()
    authors = indexes.MultiValueField()
    reforms = indexes.MultiValueField()
    source_id = indexes.IntegerField(model_attr="source_id")
    position = indexes.IntegerField(model_attr="position")

    def get_model(self):
        return Passage

    def index_queryset(self, using=None):
        return Passage.objects.select_related("source").defer("source__raw_text").prefetch_related(
            "principlelink_set__principle", "authorlink_set__author", "reformlink_set__reform"
        )

    def build_queryset(self, using=None, start_date=None, end_date=None):
        """update_index needs only the pks: the backend reads the rows under its lock."""
        return Passage.objects.only("pk")

    def prepare_text(self, obj):
        return " ".join(_analysed(obj.text, obj.language).stems)

    def prepare_roots(self, obj):
        return " ".join(_analysed(obj.text, obj.language).roots)

    def prepare_spelling(self, obj):
        return " ".join(_analysed(obj.text, obj.language).words)

    def prepare_principles(self, obj):
        return _active_slugs(obj.principlelink_set.all(), "principle")

    def prepare_authors(self, obj):
        return _active_slugs(obj.authorlink_set.all(), "author")

    def prepare_reforms(self, obj):
        return _active_slugs(obj.reformlink_set.all(), "reform")


@lru_cache(maxsize=16)
def _analysed(text, language):
    """Each passage is analysed once for its three text fields."""
    return analyse(text, language)


def _active_slugs(links, entry_field):
    return sorted(
        getattr(link, entry_field).slug for link in links if link.status != link.Status.REJECTED
    )
