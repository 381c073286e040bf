from functools import lru_cache

from django.db.models import Prefetch
from haystack import indexes

from .kinds import TAXONOMY
from .models import Note, Passage
from .search.fields import FacetField, FacetValuesField, TokensField
from .text.analysis import analyse


class PassageIndexFields(indexes.SearchIndex):
    """One document per passage. The five text fields hold tokens analysed in
    Python (legalkb.text.analysis), so every engine indexes the same terms: those of the
    passage's text and of its notes, each in its own language."""

    text = TokensField(document=True, stored=False)
    roots = TokensField(stored=False)
    spelling = TokensField(stored=False)
    keys = TokensField(stored=False)
    shapes = TokensField(stored=False)
    source = FacetField(model_attr="source__slug")
    language = FacetField(model_attr="language")
    year = FacetField(model_attr="source__year", null=True)
    source_id = indexes.IntegerField(model_attr="source_id")
    position = indexes.IntegerField(model_attr="position")
    acts = FacetValuesField()  # the acts the passage cites (legalkb.acts)


INDEXED_COLUMNS = ("text", "language", "position", "source_id", "source__slug", "source__year")
INDEXED_NOTE_COLUMNS = ("passage_id", "text", "language")  # a note is searched with its passage
INDEXED_NOTES = Prefetch("notes", Note.objects.only(*INDEXED_NOTE_COLUMNS))
# The source's fields its passages' documents depend on (a withdrawn source's are left out).
SEARCHED_SOURCE_FIELDS = {
    column.removeprefix("source__") for column in INDEXED_COLUMNS if column.startswith("source__")
} | {"withdrawn"}

# One multi-valued facet field per taxonomy kind ("principles", …), filled in prepare().
PassageIndexBase = type(
    "PassageIndexBase",
    (PassageIndexFields,),
    {"__module__": __name__, **{kind.plural: FacetValuesField() for kind in TAXONOMY}},
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
        """The rows of objects as they are now (called under the engine's writer lock), those
        index_queryset holds: only the columns the index holds, and the slugs of their active
        links."""
        chosen = Passage.objects.public().filter(pk__in=[obj.pk for obj in objects])
        passages = list(
            chosen.select_related("source").only(*INDEXED_COLUMNS).prefetch_related(INDEXED_NOTES)
        )
        slugs, act_slugs = chosen.tag_slugs(), chosen.act_slugs()
        for passage in passages:
            passage.indexed_slugs = {**slugs[passage.pk], "acts": act_slugs[passage.pk]}
        return passages

    def prepare(self, obj):
        """Haystack's document; the taxonomy and act slugs from read_fresh, or read for obj alone."""
        slugs = getattr(obj, "indexed_slugs", None) or {**obj.taxonomy_slugs(), "acts": obj.cited_act_slugs()}
        return {**super().prepare(obj), **slugs}

    def prepare_text(self, obj):
        return " ".join(token for analysed in _analysed_passage(obj) for token in analysed.stems)

    def prepare_roots(self, obj):
        return " ".join(token for analysed in _analysed_passage(obj) for token in analysed.roots)

    def prepare_spelling(self, obj):
        return " ".join(token for analysed in _analysed_passage(obj) for token in analysed.words)

    def prepare_keys(self, obj):
        return " ".join(token for analysed in _analysed_passage(obj) for token in analysed.keys)

    def prepare_shapes(self, obj):
        return " ".join(token for analysed in _analysed_passage(obj) for token in analysed.shapes)


def _analysed_passage(obj):
    """The analysis of the passage's text and of each of its notes."""
    return [_analysed(obj.text, obj.language), *(_analysed(n.text, n.language) for n in obj.notes.all())]


@lru_cache(maxsize=16)
def _analysed(text, language):
    """Each passage (and note) is analysed once for its five token fields."""
    return analyse(text, language)
