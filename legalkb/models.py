from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F
from django.db.models.functions import Substr
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .text.anchoring import Anchor, mark_spans, reanchor
from .text.matching import PhraseMatcher


class Language(models.TextChoices):
    KAZAKH = "kk", _("Kazakh")
    RUSSIAN = "ru", _("Russian")


class SourceManager(models.Manager):
    """Sources without their raw text, which may be megabytes: it is read on first use.
    Querysets that select_related a source defer it themselves ("source__raw_text")."""

    def get_queryset(self):
        return super().get_queryset().defer("raw_text")


class Source(models.Model):
    class Kind(models.TextChoices):
        ABSTRACT = "abstract", _("Dissertation abstract")
        ARTICLE = "article", _("Article")
        OTHER = "other", _("Other")

    slug = models.SlugField(max_length=120, unique=True)
    title = models.CharField(max_length=500, unique=True)
    language = models.CharField(max_length=2, choices=Language.choices, default=Language.KAZAKH)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.ARTICLE)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    raw_text = models.TextField(help_text=_("The file's text exactly as imported."))
    checksum = models.CharField(max_length=64, unique=True, help_text=_("SHA-256 of the file."))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SourceManager()

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.title

    @property
    def label(self):
        return self.title

    def get_absolute_url(self):
        return reverse("source_detail", args=[self.slug])


class TaxonomyEntry(models.Model):
    """What principles, authors and reforms share: a slug, a description and the
    aliases the tagger looks for."""

    slug = models.SlugField(max_length=120, unique=True)
    description = models.TextField(blank=True)
    aliases = models.JSONField(default=list, blank=True, help_text=_("Phrases the tagger looks for."))

    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True
        ordering = ["slug"]

    def __str__(self):
        return self.label

    @property
    def label(self):
        return self.name_kk

    def match_phrases(self):
        """Every phrase that names this entry in a text."""
        return [self.label, *self.aliases]


class MultilingualName(models.Model):
    name_kk = models.CharField(_("name (Kazakh)"), max_length=300)
    name_ru = models.CharField(_("name (Russian)"), max_length=300, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)

    class Meta:
        abstract = True

    @property
    def label(self):
        """The name in the active interface language, falling back to Kazakh."""
        language = (translation.get_language() or "kk")[:2]
        return getattr(self, f"name_{language}", "") or self.name_kk


class Principle(MultilingualName, TaxonomyEntry):
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )

    class Meta(TaxonomyEntry.Meta):
        pass

    def get_absolute_url(self):
        return reverse("principle_detail", args=[self.slug])


class Author(TaxonomyEntry):
    full_name = models.CharField(max_length=200)
    short_forms = models.JSONField(default=list, blank=True, help_text=_("Forms with initials."))
    role = models.CharField(max_length=200, blank=True)
    country = models.CharField(max_length=100, blank=True)

    class Meta(TaxonomyEntry.Meta):
        pass

    @property
    def label(self):
        return self.full_name

    def match_phrases(self):
        return [self.full_name, *self.short_forms, *self.aliases]

    def get_absolute_url(self):
        return reverse("author_detail", args=[self.slug])


class Reform(MultilingualName, TaxonomyEntry):
    class Kind(models.TextChoices):
        LAW = "law", _("Law")
        CONCEPT = "concept", _("Concept")
        ADDRESS = "address", _("Presidential address")
        PROGRAMME = "programme", _("Reform programme")

    year = models.PositiveSmallIntegerField(null=True, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)

    class Meta(TaxonomyEntry.Meta):
        pass

    def get_absolute_url(self):
        return reverse("reform_detail", args=[self.slug])


class Passage(models.Model):
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="passages")
    position = models.PositiveIntegerField()
    text = models.TextField(help_text=_("Repaired text."))
    start = models.PositiveIntegerField(help_text=_("Offset of the first character in the raw text."))
    end = models.PositiveIntegerField(help_text=_("Offset after the last character in the raw text."))
    language = models.CharField(max_length=2, choices=Language.choices)
    is_heading = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1, help_text=_("Raised by every save."))
    updated_at = models.DateTimeField(auto_now=True)

    principles = models.ManyToManyField(Principle, through="PrincipleLink", related_name="passages")
    authors = models.ManyToManyField(Author, through="AuthorLink", related_name="passages")
    reforms = models.ManyToManyField(Reform, through="ReformLink", related_name="passages")

    history = HistoricalRecords()

    class Meta:
        ordering = ["source_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["source", "position"], name="unique_passage_position")
        ]

    def __str__(self):
        return f"{self.source} §{self.position}"

    def get_absolute_url(self):
        return reverse("passage_detail", args=[self.pk])

    @property
    def raw_text(self):
        """The passage's part of its source's raw text, cut by the database: a source's
        whole text may be megabytes."""
        part = Substr("raw_text", self.start + 1, self.end - self.start)  # SQL counts from 1
        return Source.objects.filter(pk=self.source_id).values_list(part, flat=True).get()

    def save(self, *args, **kwargs):
        """Save as the next version: compare-and-increment, so a copy read before someone
        else's save is refused (StaleVersion) instead of overwriting it. Annotations follow
        an edited text."""
        if self._state.adding:
            return super().save(*args, **kwargs)
        with transaction.atomic():
            if not Passage.objects.filter(pk=self.pk, version=self.version).update(version=F("version") + 1):
                raise StaleVersion(self)
            old_text = Passage.objects.values_list("text", flat=True).get(pk=self.pk)
            self.version += 1
            super().save(*args, **kwargs)
            if self.text != old_text:
                for annotation in self.annotations.exclude(quote=""):
                    if annotation.follow_text(self.text):
                        annotation.save()

    def annotated_html(self):
        """The text as escaped HTML with the spans of its public annotations marked, for the
        public passage page."""
        annotations = self.annotations.filter(
            visibility=Annotation.Visibility.PUBLIC, is_orphaned=False, quote_start__isnull=False
        )
        return mark_safe(mark_spans(self.text, [(a.quote_start, a.quote_end, a.pk) for a in annotations]))


class StaleVersion(Exception):
    """The passage was saved by someone else since this copy of it was read."""

    def __init__(self, passage):
        super().__init__(f"{passage} was saved by someone else since version {passage.version}.")
        self.passage = passage


class LinkQuerySet(models.QuerySet):
    def active(self):
        return self.exclude(status=TaxonomyLink.Status.REJECTED)


class TaxonomyLink(models.Model):
    """A passage tagged with a taxonomy entry, by the tagger or an editor."""

    class Origin(models.TextChoices):
        AUTOMATIC = "auto", _("Automatic")
        EDITOR = "editor", _("Editor")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        CONFIRMED = "confirmed", _("Confirmed")
        REJECTED = "rejected", _("Rejected")

    passage = models.ForeignKey(Passage, on_delete=models.CASCADE)
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.EDITOR)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    matched = models.CharField(max_length=300, blank=True, help_text=_("Words the tagger matched."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    objects = LinkQuerySet.as_manager()
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True
        ordering = ["passage_id"]

    @property
    def entry(self):
        return getattr(self, self.entry_field)

    def matched_spans(self):
        """Where the entry's names stand in the passage text, overlapping matches merged."""
        matcher = PhraseMatcher()
        for phrase in self.entry.match_phrases():
            matcher.add(self.entry_field, phrase)
        found = matcher.find(self.passage.text, self.passage.language).get(self.entry_field, [])
        spans = []
        for start, end in sorted(found):
            if spans and start <= spans[-1][1]:
                spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
            else:
                spans.append((start, end))
        return spans

    def __str__(self):
        return f"{self.passage} → {self.entry}"


class PrincipleLink(TaxonomyLink):
    entry_field = "principle"
    principle = models.ForeignKey(Principle, on_delete=models.CASCADE, related_name="links")

    class Meta(TaxonomyLink.Meta):
        constraints = [
            models.UniqueConstraint(fields=["passage", "principle"], name="unique_principle_link")
        ]


class AuthorLink(TaxonomyLink):
    entry_field = "author"
    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="links")

    class Meta(TaxonomyLink.Meta):
        constraints = [models.UniqueConstraint(fields=["passage", "author"], name="unique_author_link")]


class ReformLink(TaxonomyLink):
    entry_field = "reform"
    reform = models.ForeignKey(Reform, on_delete=models.CASCADE, related_name="links")

    class Meta(TaxonomyLink.Meta):
        constraints = [models.UniqueConstraint(fields=["passage", "reform"], name="unique_reform_link")]


LINK_MODELS = {"principle": PrincipleLink, "author": AuthorLink, "reform": ReformLink}


class Annotation(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        RESOLVED = "resolved", _("Resolved")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        INTERNAL = "internal", _("Internal")

    passage = models.ForeignKey(Passage, on_delete=models.CASCADE, related_name="annotations")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="annotations"
    )
    note = models.TextField()
    quote = models.TextField(blank=True, help_text=_("The annotated span of the passage text."))
    quote_start = models.PositiveIntegerField(null=True, blank=True)
    quote_end = models.PositiveIntegerField(null=True, blank=True)
    prefix = models.CharField(max_length=64, blank=True)
    suffix = models.CharField(max_length=64, blank=True)
    is_orphaned = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.INTERNAL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return self.note[:60]

    @property
    def anchor(self):
        return Anchor(self.quote, self.quote_start or 0, self.quote_end or 0, self.prefix, self.suffix)

    def clean(self):
        """A reply stays on its passage; a span is checked against the passage text and its
        offsets and context recomputed there."""
        if self.parent_id and self.parent.passage_id != self.passage_id:
            raise ValidationError({"parent": _("A reply must be on the same passage.")})
        if not self.quote:
            self.quote_start = self.quote_end = None
            self.prefix = self.suffix = ""
        elif self.passage_id:
            self.follow_text(self.passage.text)
            if self.is_orphaned and self._state.adding:
                raise ValidationError({"quote": _("These words are not in the passage text.")})

    def follow_text(self, text):
        """Re-anchor the span on the passage's current text, or flag it as orphaned when its
        words are gone; return whether anything changed."""
        before = (self.anchor, self.is_orphaned)
        found = reanchor(text, self.anchor)
        if found:
            self.quote, self.quote_start, self.quote_end = found.quote, found.start, found.end
            self.prefix, self.suffix = found.prefix, found.suffix
        self.is_orphaned = found is None
        return (self.anchor, self.is_orphaned) != before
