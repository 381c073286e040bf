from functools import lru_cache

from haystack import indexes

from .models import TAXONOMY, Passage
from .text.analysis import analyse


class PassageIndexFields(indexes.SearchIndex):
    """One document per passage. The three text fields hold tokens analysed in
    Python (legalkb.text.analysis), so every engine indexes the same terms."""

    text = indexes.CharField(document=True, stored=False)
    roots = indexes.CharField(stored=False)
    spelling = indexes.CharField(stored=False)
    source = indexes.CharField(model_attr="source__slug")
    language = indexes.CharField(model_attr="language")
    source_id = indexes.IntegerField(model_attr="source_id")
    position = indexes.IntegerField(model_attr="position")


# One multi-valued facet field per taxonomy kind ("principles", …), filled in prepare().
PassageIndexBase = type(
    "PassageIndexBase",
    (PassageIndexFields,),
    {"__module__": __name__, **{kind.plural: indexes.MultiValueField() for kind in TAXONOMY}},
)


class PassageIndex(PassageIndexBase, indexes.Indexable):
    def get_model(self):
        return Passage

    def index_queryset(self, using=None):
        """The passages search finds: withdrawn ones (or of withdrawn sources) are left out, and
        removed from the index when they are written (GenerationsMixin.write)."""
        return Passage.objects.public().with_source().with_tags()

    def build_queryset(self, using=None, start_date=None, end_date=None):
        """update_index needs only the pks: the backend reads the rows under its lock."""
        return Passage.objects.only("pk")

    def read_fresh(self, objects):
        """The rows of objects as they are now (called under the engine's writer lock)."""
        return list(self.index_queryset().filter(pk__in=[obj.pk for obj in objects]))

    def prepare(self, obj):
        return {**super().prepare(obj), **obj.taxonomy_slugs()}

    def prepare_text(self, obj):
        return " ".join(_analysed(obj.text, obj.language).stems)

    def prepare_roots(self, obj):
        return " ".join(_analysed(obj.text, obj.language).roots)

    def prepare_spelling(self, obj):
        return " ".join(_analysed(obj.text, obj.language).words)


@lru_cache(maxsize=16)
def _analysed(text, language):
    """Each passage is analysed once for its three text fields."""
    return analyse(text, language)
