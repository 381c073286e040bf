import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models, transaction
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q
from django.db.models.functions import Substr
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from . import citation
from .annotations import follow_text
from .documents.document import NoteKind, PartKind
from .fields import MAX_PHRASES, LineField, PhrasesField, TextBlockField
from .kinds import KINDS, TAXONOMY
from .text import acts
from .text.anchoring import Anchor
from .text.collate import DATABASE_KEY_CHARS, database_key
from .versions import claim_next_version


def interface_language():
    """The interface language, as citation.py names it; Kazakh outside a request."""
    language = (translation.get_language() or "kk")[:2]
    return language if language in citation.LANGUAGES else "kk"


class Language(models.TextChoices):
    KAZAKH = "kk", _("Kazakh")
    RUSSIAN = "ru", _("Russian")


class Collated(models.Model):
    """A model listed in Kazakh alphabetical order (legalkb.text.collate) by one of its
    fields, COLLATED_BY, in the database too: its collation_key orders it."""

    COLLATED_BY = ""
    collation_key = models.CharField(
        max_length=4 * DATABASE_KEY_CHARS, editable=False, default="", db_index=True
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.set_collation_key()
        super().save(*args, **kwargs)

    def set_collation_key(self):
        """Before bulk_create, which does not call save()."""
        self.collation_key = database_key(getattr(self, self.COLLATED_BY))


class SourceQuerySet(models.QuerySet):
    def public(self):
        """The sources the public site shows: those not withdrawn."""
        return self.filter(withdrawn=False)

    def with_passage_counts(self):
        """Each source with .passage_count, its passages the public site shows."""
        return self.annotate(passage_count=Count("passages", filter=Q(passages__withdrawn=False)))

    def citing(self, source):
        """The public sources whose references lists cite source (Reference.cites)."""
        cite = Q(references__cited_source=source, references__match__in=Reference.LINKED)
        return self.public().filter(cite).distinct()


class SourceManager(models.Manager.from_queryset(SourceQuerySet)):
    """Sources without their raw text, which may be megabytes: it is read on first use.
    Querysets that select_related a source defer it themselves ("source__raw_text")."""

    def get_queryset(self):
        return super().get_queryset().defer("raw_text")


YEAR_RANGE = [MinValueValidator(1), MaxValueValidator(9999)]
PAGE_RANGE = [MinValueValidator(1), MaxValueValidator(100_000)]
MAX_NOTE_CHARS = 2000  # a source's or a glossary term's note
MAX_DESCRIPTION_CHARS = 5000  # a taxonomy entry's
MAX_ANNOTATION_CHARS = 5000
DOI_PATTERN = r"^10\.\d{4,9}/\S+$"  # Crossref's pattern for the DOIs it registers
ISBN_PATTERN = r"^(?:\d-?){9}[\dXx]$|^(?:\d-?){12}\d$"  # ISBN-10 (check digit may be X) or ISBN-13
ISSN_PATTERN = r"^\d{4}-\d{3}[\dXx]$"  # ISO 3297: two groups of four, check digit may be X
# The fields a source's bibliographic record takes as they are
RECORD_FIELDS = [
    "year",
    "container",
    "volume",
    "issue",
    "publisher",
    "city",
    "first_page",
    "last_page",
    "degree",
    "speciality",
    "url",
    "doi",
    "isbn",
    "issn",
    "note",
]


class Source(Collated):
    """A source text and its bibliographic record, which editors complete in the admin."""

    COLLATED_BY = "title"

    class Kind(models.TextChoices):
        ABSTRACT = citation.ABSTRACT, _("Dissertation abstract")
        DISSERTATION = citation.DISSERTATION, _("Dissertation")
        ARTICLE = citation.ARTICLE, _("Article")
        MONOGRAPH = citation.MONOGRAPH, _("Monograph")
        TEXTBOOK = citation.TEXTBOOK, _("Textbook")
        COLLECTION_PAPER = citation.COLLECTION_PAPER, _("Paper in a collection")
        OTHER = citation.OTHER, _("Other")

    class Degree(models.TextChoices):
        CANDIDATE = citation.CANDIDATE, _("Candidate of Legal Sciences")
        DOCTOR = citation.DOCTOR, _("Doctor of Legal Sciences")
        PHD = citation.PHD, _("Doctor of Philosophy (PhD)")

    slug = models.SlugField(_("address name"), max_length=120, unique=True)
    title = LineField(_("title"), max_length=500, unique=True)
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.KAZAKH
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ARTICLE)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True, validators=YEAR_RANGE)
    container = LineField(
        _("journal or collection"),
        max_length=500,
        blank=True,
        help_text=_("Where an article or paper appeared."),
    )
    volume = LineField(_("volume"), max_length=30, blank=True)
    issue = LineField(_("issue"), max_length=30, blank=True)
    publisher = LineField(
        _("publisher or institution"),
        max_length=300,
        blank=True,
        help_text=_("For a dissertation or its abstract, the institution."),
    )
    city = LineField(_("city"), max_length=100, blank=True)
    first_page = models.PositiveIntegerField(_("first page"), null=True, blank=True, validators=PAGE_RANGE)
    last_page = models.PositiveIntegerField(_("last page"), null=True, blank=True, validators=PAGE_RANGE)
    degree = models.CharField(_("degree"), max_length=20, choices=Degree.choices, blank=True)
    speciality = LineField(
        _("speciality code"), max_length=30, blank=True, help_text=_("As printed, e.g. 12.00.02.")
    )
    speciality_name = LineField(
        _("speciality"), max_length=300, blank=True, help_text=_("The speciality's name, as printed.")
    )
    url = models.URLField(
        _("URL"), max_length=500, blank=True, help_text=_("The source's own address online.")
    )
    doi = LineField(
        "DOI",
        max_length=200,
        blank=True,
        validators=[RegexValidator(DOI_PATTERN, _("A DOI looks like 10.1234/abc."))],
    )
    isbn = LineField(
        "ISBN",
        max_length=17,
        blank=True,
        validators=[RegexValidator(ISBN_PATTERN, _("An ISBN has 10 or 13 digits, with hyphens or not."))],
    )
    issn = LineField(
        "ISSN",
        max_length=9,
        blank=True,
        validators=[RegexValidator(ISSN_PATTERN, _("An ISSN looks like 1234-5678."))],
    )
    note = TextBlockField(_("note"), blank=True, max_chars=MAX_NOTE_CHARS)
    file_name = LineField(_("file name"), max_length=255, blank=True)
    original = models.FileField(
        _("original file"),
        upload_to="originals/",
        blank=True,
        help_text=_("The imported file itself, kept in the site's file storage."),
    )
    original_public = models.BooleanField(
        _("original file public"),
        default=False,
        help_text=_("Readers may download the original file from the source's page."),
    )
    raw_text = models.TextField(_("imported text"), help_text=_("The file's text exactly as imported."))
    checksum = models.CharField(
        _("checksum"), max_length=64, unique=True, help_text=_("SHA-256 of the file.")
    )
    created_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    withdrawn = models.BooleanField(
        _("withdrawn"),
        default=False,
        help_text=_("Hidden from the public site and from search, with all its passages; kept here."),
    )

    objects = SourceManager()
    history = HistoricalRecords(excluded_fields=["raw_text"])

    LABEL_FIELDS = ("title",)  # what label reads

    class Meta:
        ordering = ["id"]
        base_manager_name = "objects"
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self):
        return self.title

    @property
    def label(self):
        return self.title

    def get_absolute_url(self):
        return reverse("source_detail", args=[self.slug])

    def clean(self):
        if self.first_page and self.last_page and self.last_page < self.first_page:
            raise ValidationError({"last_page": _("The last page comes before the first.")})

    def record_fields(self):
        """The record's fields by name, as the API and the bulk data give them: the source's own
        address online is online_url there (url is its page here)."""
        return {("online_url" if name == "url" else name): getattr(self, name) for name in RECORD_FIELDS}

    def record(self):
        """The bibliographic record that citations are made from."""
        return citation.Record(
            key=self.slug,
            title=self.title,
            kind=self.kind,
            language=self.language,
            creators=tuple(
                citation.Creator(c.family_name, c.given_names, c.role) for c in self.creators.all()
            ),
            **{name: getattr(self, name) for name in RECORD_FIELDS},
        )

    def cited(self, url, accessed, pdf_url=""):
        """The source as cited from its page at url (pdf_url: its file there, if a public PDF)."""
        return citation.Citation(self.record(), url, accessed, pdf_url=pdf_url)

    def outline(self):
        """The headings the public site shows, in order, each with its level: the table of
        contents, and what every passage's section path is made of."""
        headings = list(
            self.passages.public()
            .filter(kind=Passage.Kind.HEADING)
            .only("id", "source_id", "position", "level", "text", "language")
        )
        for heading in headings:
            heading.source = self  # known: no query per heading for its reader URL
        return headings

    @property
    def original_downloadable(self):
        return bool(self.original) and self.original_public and not self.withdrawn

    @property
    def original_is_pdf(self):
        return self.file_name.lower().endswith(".pdf")


class Creator(models.Model):
    """An author, supervisor, editor or official opponent of a source, in the order the source
    prints them."""

    class Role(models.TextChoices):
        AUTHOR = citation.AUTHOR, _("Author")
        SUPERVISOR = citation.SUPERVISOR, _("Supervisor")
        EDITOR = citation.EDITOR, _("Editor")
        OPPONENT = citation.OPPONENT, _("Official opponent")

    source = models.ForeignKey(
        Source, on_delete=models.CASCADE, related_name="creators", verbose_name=_("source")
    )
    position = models.PositiveSmallIntegerField(_("order"), default=1)
    family_name = LineField(_("family name"), max_length=200)
    given_names = LineField(
        _("given names"), max_length=200, blank=True, help_text=_("As printed: names or initials.")
    )
    role = LineField(_("role"), max_length=20, choices=Role.choices, default=Role.AUTHOR)

    history = HistoricalRecords()

    FIELDS = ("family_name", "given_names", "role")  # what the API and the bulk data give

    def as_dict(self):
        return {name: getattr(self, name) for name in self.FIELDS}

    class Meta:
        ordering = ["source_id", "position", "id"]
        verbose_name = _("author, supervisor or editor")
        verbose_name_plural = _("authors, supervisors and editors")

    def __str__(self):
        return f"{self.family_name} {self.given_names}".strip()


# The languages a source prints its abstracts and keywords in
PART_LANGUAGES = [*Language.choices, ("en", _("English"))]


class SourcePart(models.Model):
    """What the abstracts, keywords and references of a source share: their order in it."""

    source = models.ForeignKey(
        Source, on_delete=models.CASCADE, related_name="%(class)ss", verbose_name=_("source")
    )
    position = models.PositiveSmallIntegerField(_("order"), default=1)
    text = TextBlockField(_("text"))

    class Meta:
        abstract = True
        ordering = ["source_id", "position", "id"]

    def __str__(self):
        return self.text[:80]


class Abstract(SourcePart):
    """A summary of the source as it prints it (Түйін, Аннотация, Abstract), one per language."""

    language = models.CharField(_("language"), max_length=2, choices=PART_LANGUAGES)

    history = HistoricalRecords()

    class Meta(SourcePart.Meta):
        verbose_name = _("abstract")
        verbose_name_plural = _("abstracts")


class Keyword(SourcePart):
    language = models.CharField(_("language"), max_length=2, choices=PART_LANGUAGES)
    text = LineField(_("keyword"), max_length=200)

    history = HistoricalRecords()

    class Meta(SourcePart.Meta):
        verbose_name = _("keyword")
        verbose_name_plural = _("keywords")


class Reference(SourcePart):
    """One entry of the source's references list, as printed, and the source of the knowledge
    base it cites, when legalkb.works matched it (or an editor said so)."""

    class Match(models.TextChoices):
        NONE = "", _("Not matched")
        SURE = "sure", _("Matched")
        DOUBTFUL = "doubtful", _("To be confirmed")
        CONFIRMED = "confirmed", _("Confirmed by an editor")
        REJECTED = "rejected", _("Rejected by an editor")

    LINKED = (Match.SURE, Match.CONFIRMED)  # what a source's page links and counts as citing
    cited_source = models.ForeignKey(
        Source,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="citing_references",
        verbose_name=_("cites"),
    )
    match = models.CharField(_("match"), max_length=10, choices=Match.choices, default=Match.NONE, blank=True)
    match_score = models.FloatField(_("title similarity"), null=True, blank=True, editable=False)

    history = HistoricalRecords()

    @property
    def cites(self):
        """The source this entry cites on the public site: matched surely or confirmed by an
        editor, and not withdrawn; else None."""
        if self.match not in self.LINKED or self.cited_source_id is None or self.cited_source.withdrawn:
            return None
        return self.cited_source

    class Meta(SourcePart.Meta):
        verbose_name = _("reference")
        verbose_name_plural = _("references")


class TaxonomyEntry(Collated):
    """What principles, authors and reforms share: a slug, a description and the
    aliases the tagger looks for."""

    slug = models.SlugField(_("address name"), max_length=120, unique=True)
    description = TextBlockField(_("description"), blank=True, max_chars=MAX_DESCRIPTION_CHARS)
    aliases = PhrasesField(
        _("aliases"), default=list, blank=True, help_text=_("Phrases the tagger looks for.")
    )

    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True
        ordering = ["collation_key", "slug"]

    def __str__(self):
        return self.label

    @property
    def label(self):
        return self.name_kk

    def match_phrases(self):
        """Every phrase that names this entry in a text (the first MAX_PHRASES aliases: what
        validation allows, whatever was saved another way)."""
        return [self.label, *self.aliases[:MAX_PHRASES]]

    def names(self):
        """Every name a reader may type for this entry (field search: author:…)."""
        return self.match_phrases()


class MultilingualName(models.Model):
    LABEL_FIELDS = ("name_kk", "name_ru", "name_en")  # what label reads
    COLLATED_BY = "name_kk"

    name_kk = LineField(_("name (Kazakh)"), max_length=300)
    name_ru = LineField(_("name (Russian)"), max_length=300, blank=True)
    name_en = LineField(_("name (English)"), max_length=300, blank=True)

    class Meta:
        abstract = True

    @property
    def label(self):
        """The name in the active interface language, falling back to Kazakh."""
        language = (translation.get_language() or "kk")[:2]
        return getattr(self, f"name_{language}", "") or self.name_kk

    def match_phrases(self):
        """The Kazakh and Russian names and the aliases: what names this entry in a text of
        either language (whatever the interface language)."""
        return [name for name in (self.name_kk, self.name_ru, *self.aliases[:MAX_PHRASES]) if name]

    def names(self):
        """Every name a reader may type for this entry (field search: principle:…)."""
        return [*self.match_phrases(), self.name_en]


class Principle(MultilingualName, TaxonomyEntry):
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        verbose_name=_("broader principle"),
    )

    # Words that only say "principle": a text names the principle without them too.
    HEAD_WORDS = re.compile(r"^(принцип|principle of)\s+|\s+(қағидаты|қағидат)$", re.IGNORECASE)

    class Meta(TaxonomyEntry.Meta):
        verbose_name = _("principle")
        verbose_name_plural = _("principles")

    def match_phrases(self):
        """The names and aliases, and the names without the word "principle" (Принцип
        разделения властей: разделение властей)."""
        phrases = super().match_phrases()
        return list(dict.fromkeys([*phrases, *(self.HEAD_WORDS.sub("", phrase) for phrase in phrases)]))

    def get_absolute_url(self):
        return reverse("principle_detail", args=[self.slug])


class Author(TaxonomyEntry):
    LABEL_FIELDS = ("full_name",)  # what label reads
    COLLATED_BY = "full_name"

    full_name = LineField(_("full name"), max_length=200)
    short_forms = PhrasesField(
        _("short forms"), default=list, blank=True, help_text=_("Forms with initials.")
    )
    role = LineField(_("role"), max_length=200, blank=True)
    country = LineField(_("country"), max_length=100, blank=True)

    class Meta(TaxonomyEntry.Meta):
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    @property
    def label(self):
        return self.full_name

    def match_phrases(self):
        return [self.full_name, *self.short_forms[:MAX_PHRASES], *self.aliases[:MAX_PHRASES]]

    def get_absolute_url(self):
        return reverse("author_detail", args=[self.slug])


class Reform(MultilingualName, TaxonomyEntry):
    class Kind(models.TextChoices):
        LAW = "law", _("Law")
        CONCEPT = "concept", _("Concept")
        ADDRESS = "address", _("Presidential address")
        PROGRAMME = "programme", _("Reform programme")

    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True, validators=YEAR_RANGE)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)

    class Meta(TaxonomyEntry.Meta):
        verbose_name = _("reform")
        verbose_name_plural = _("reforms")

    def get_absolute_url(self):
        return reverse("reform_detail", args=[self.slug])


# Where with_acts() and with_notes() put each passage's citations and notes: into lists, as a
# related manager's cache costs Django a queryset per passage (half of a results page's reading).
PREFETCHED_CITATIONS = "prefetched_act_citations"
PREFETCHED_NOTES = "prefetched_notes"


class PassageQuerySet(models.QuerySet):
    def public(self):
        """The passages the public site shows and search finds."""
        return self.filter(Passage.public_filter())

    def with_source(self):
        """Each passage's source, without the source's whole raw text."""
        return self.select_related("source").defer("source__raw_text")

    def tag_slugs(self):
        """{passage id: {"principles": [slug, …], "authors": […], "reforms": […]}} of the
        active links of these passages: one light query per kind, for indexing many."""
        slugs = defaultdict(lambda: {kind.plural: [] for kind in TAXONOMY})
        for kind in TAXONOMY:
            links = kind.link_model.objects.active().filter(passage__in=self).order_by(f"{kind.name}__slug")
            for passage_id, slug in links.values_list("passage_id", f"{kind.name}__slug"):
                slugs[passage_id][kind.plural].append(slug)
        return slugs

    def act_slugs(self):
        """{passage id: [slug, …]} of the acts these passages cite, in one query."""
        slugs = defaultdict(list)
        citations = ActCitation.objects.filter(passage__in=self).order_by("act__slug")
        for passage_id, slug in citations.values_list("passage_id", "act__slug").distinct():
            slugs[passage_id].append(slug)
        return slugs

    def per_source_year(self):
        """({year: passages}, passages whose source has no year) over these passages."""
        counts = dict(self.order_by().values_list("source__year").annotate(n=Count("pk", distinct=True)))
        return counts, counts.pop(None, 0)

    def discussed_with(self, limit, leaving_out=None):
        """The taxonomy entries and acts these passages name most, but leaving_out:
        [(kind label, entry, passages naming it), …], most first."""
        named = [
            (kind.label, kind.entry_model, kind.link_model.objects.active(), kind.name) for kind in TAXONOMY
        ]
        named.append((Act._meta.verbose_name, Act, ActCitation.objects.all(), "act"))
        found = []
        for label, model, rows, field_name in named:
            counts = dict(
                rows.filter(passage__in=self)
                .order_by()
                .values_list(field_name)
                .annotate(n=Count("passage", distinct=True))
            )
            entries = model.objects.in_bulk(list(counts))
            found += [(label, entries[pk], n) for pk, n in counts.items() if entries[pk] != leaving_out]
        return sorted(found, key=lambda item: (-item[2], item[1].label))[:limit]

    def with_acts(self):
        """Prefetch the passages' citations of acts with the acts (Passage.act_citation_list)."""
        citations = ActCitation.objects.select_related("act")
        return self.prefetch_related(Prefetch("act_citations", citations, to_attr=PREFETCHED_CITATIONS))

    def with_notes(self):
        """Prefetch the passages' notes (Passage.note_list)."""
        return self.prefetch_related(Prefetch("notes", to_attr=PREFETCHED_NOTES))

    def with_tags(self):
        """Prefetch each kind's active links with their entries, for Passage.tags."""
        return self.prefetch_related(
            *(
                Prefetch(
                    kind.link_set,
                    kind.link_model.objects.active().select_related(kind.name).only(*kind.shown_link_fields),
                    to_attr=kind.prefetched_links,
                )
                for kind in TAXONOMY
            )
        )


READER_PAGE_SIZE = 50  # passages a page of a source shows; page n shows positions 50(n-1)+1…50n


class Passage(models.Model):
    """A part of a source that readers cite: a paragraph, a heading, a list item or a table."""

    class Kind(models.TextChoices):
        PARAGRAPH = PartKind.PARAGRAPH, _("Paragraph")
        HEADING = PartKind.HEADING, _("Heading")
        LIST_ITEM = PartKind.LIST_ITEM, _("List item")
        TABLE = PartKind.TABLE, _("Table")

    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="passages", verbose_name=_("source")
    )
    position = models.PositiveIntegerField(_("position"))
    text = TextBlockField(_("text"), help_text=_("Repaired text."))
    start = models.PositiveIntegerField(
        _("start"), help_text=_("Offset of the first character in the raw text.")
    )
    end = models.PositiveIntegerField(
        _("end"), help_text=_("Offset after the last character in the raw text.")
    )
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    language_set_by_editor = models.BooleanField(
        _("language set by an editor"),
        default=False,
        help_text=_("Set when an editor corrects the language; language detection never changes it then."),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PARAGRAPH)
    level = models.PositiveSmallIntegerField(_("heading level"), default=0, help_text=_("1 for a chapter."))
    rows = models.JSONField(
        _("table cells"), default=list, blank=True, help_text=_("A table's cells, row by row.")
    )
    withdrawn = models.BooleanField(
        _("withdrawn"), default=False, help_text=_("Hidden from the public site and from search; kept here.")
    )
    page_start = models.PositiveIntegerField(
        _("first page"),
        null=True,
        blank=True,
        help_text=_("Counted from 1 in the file; empty when it has no pages."),
    )
    page_end = models.PositiveIntegerField(_("last page"), null=True, blank=True)
    label_start = LineField(
        _("first printed page"),
        max_length=20,
        blank=True,
        help_text=_("The page number printed on the page (or the PDF's page label), when known."),
    )
    label_end = LineField(_("last printed page"), max_length=20, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, help_text=_("Raised by every save."))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    principles = models.ManyToManyField(
        Principle, through="PrincipleLink", related_name="passages", verbose_name=_("principles")
    )
    authors = models.ManyToManyField(
        Author, through="AuthorLink", related_name="passages", verbose_name=_("authors")
    )
    reforms = models.ManyToManyField(
        Reform, through="ReformLink", related_name="passages", verbose_name=_("reforms")
    )

    history = HistoricalRecords()
    objects = PassageQuerySet.as_manager()

    class Meta:
        ordering = ["source_id", "position"]
        constraints = [models.UniqueConstraint(fields=["source", "position"], name="unique_passage_position")]
        verbose_name = _("passage")
        verbose_name_plural = _("passages")

    def __str__(self):
        return f"{self.source} §{self.position}"

    @staticmethod
    def public_filter(path=""):
        """Q for the passages (reached through path, e.g. "passage") that the public site shows:
        neither they nor their source withdrawn."""
        prefix = f"{path}__" if path else ""
        return Q(**{f"{prefix}withdrawn": False, f"{prefix}source__withdrawn": False})

    def get_absolute_url(self):
        return reverse("passage_detail", args=[self.pk])

    @property
    def is_heading(self):
        return self.kind == self.Kind.HEADING

    @property
    def printed_pages(self):
        """(first, last) as readers cite them: the printed page numbers when known, else the pages
        counted in the file; (None, None) for a text without pages."""
        return citation.cited_pages((self.label_start, self.label_end), (self.page_start, self.page_end))

    def section_path(self):
        """The public headings this passage stands under, outermost first."""
        return section_path(self.source.outline(), self.position)

    @property
    def raw_text(self):
        """The passage's part of its source's raw text, cut by the database: a source's
        whole text may be megabytes."""
        part = Substr("raw_text", self.start + 1, self.end - self.start)  # SQL counts from 1
        return Source.objects.filter(pk=self.source_id).values_list(part, flat=True).get()

    @property
    def tag_links(self):
        """[(kind, [link, …]), …] for the kinds this passage is tagged with, from the links
        prefetched by PassageQuerySet.with_tags(): the badges, which mark unreviewed links."""
        tagged = [(kind, list(self._active_links(kind))) for kind in TAXONOMY]
        return [(kind, links) for kind, links in tagged if links]

    @property
    def tags(self):
        """[(kind, [entry, …]), …] for the kinds this passage is tagged with."""
        return [(kind, [link.entry for link in links]) for kind, links in self.tag_links]

    def _active_links(self, kind):
        if hasattr(self, kind.prefetched_links):
            return getattr(self, kind.prefetched_links)
        return kind.link_model.objects.active().filter(passage=self).select_related(kind.name)

    def taxonomy_slugs(self):
        """{"principles": [slug, …], "authors": […], "reforms": […]}, for the index and exports."""
        tagged = dict(self.tags)
        return {kind.plural: sorted(entry.slug for entry in tagged.get(kind, [])) for kind in TAXONOMY}

    def acts_cited(self):
        """[(act, [article, …]), …] of the acts this passage cites, in the order it first cites
        them ("" stands for the act as a whole); from with_acts() when prefetched."""
        articles = {}
        for one in self.act_citation_list():
            articles.setdefault(one.act, [])
            if one.article not in articles[one.act]:
                articles[one.act].append(one.article)
        return list(articles.items())

    def cited_act_slugs(self):
        """The slugs of the acts this passage cites (prefetched by with_acts())."""
        return sorted({citation.act.slug for citation in self.act_citation_list()})

    def act_citation_list(self):
        """The passage's citations of acts with their acts: as with_acts() prefetched them, or read now."""
        if hasattr(self, PREFETCHED_CITATIONS):
            return getattr(self, PREFETCHED_CITATIONS)
        return list(self.act_citations.select_related("act"))

    def note_list(self):
        """The passage's notes: as with_notes() prefetched them, or read now."""
        if hasattr(self, PREFETCHED_NOTES):
            return getattr(self, PREFETCHED_NOTES)
        return list(self.notes.all())

    def cited(self, url, accessed, pdf_url=""):
        """The passage as cited at its permalink url: its source's record, § position and pages."""
        record = self.source.record()
        return citation.Citation(record, url, accessed, self.position, *self.printed_pages, pdf_url=pdf_url)

    def save(self, *args, **kwargs):
        """Save as the next version (legalkb.versions): a copy read before someone else's save
        is refused instead of overwriting it."""
        if self._state.adding:
            return super().save(*args, **kwargs)
        with transaction.atomic():
            claim_next_version(self)
            super().save(*args, **kwargs)

    @cached_property
    def public_annotations(self):
        """The annotations the public site shows: public ones whose every parent is public too,
        for a reply belongs to its thread (a public reply to an internal note stays internal).
        A thread that loops or runs deeper than MAX_THREAD_DEPTH is not shown. Read once per
        passage object: the page lists them and marks them in the text."""
        annotations = {a.pk: a for a in self.annotations.all()}
        public = Annotation.Visibility.PUBLIC

        def parent_of(pk):
            return annotations[pk].parent_id if pk in annotations else None

        def shown(annotation):
            thread = thread_above(annotation.pk, parent_of)
            return thread.complete and all(
                annotations[pk].visibility == public for pk in thread.chain if pk in annotations
            )

        return [a for a in annotations.values() if shown(a)]

    def get_reader_url(self):
        """The passage in its place on the source's page."""
        page = (self.position - 1) // READER_PAGE_SIZE + 1
        return f"{self.source.get_absolute_url()}?page={page}#p{self.position}"


def section_path(headings, position):
    """The headings above the part at position, outermost first, of the source's headings in
    order: each heading closes the headings of its level and deeper before it."""
    path = []
    for heading in headings:
        if heading.position >= position:
            break
        while path and path[-1].level >= heading.level:
            path.pop()
        path.append(heading)
    return path


class Note(models.Model):
    """A footnote or endnote of a passage, shown at its place: offset is where its mark stands
    in the passage text (the mark itself is not in the text). Searched with its passage."""

    class Kind(models.TextChoices):
        FOOTNOTE = NoteKind.FOOTNOTE, _("Footnote")
        ENDNOTE = NoteKind.ENDNOTE, _("Endnote")

    passage = models.ForeignKey(
        Passage, on_delete=models.CASCADE, related_name="notes", verbose_name=_("passage")
    )
    position = models.PositiveSmallIntegerField(_("order"), default=1)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.FOOTNOTE)
    mark = LineField(_("mark"), max_length=20, help_text=_("As printed: 1, 2, *…"))
    offset = models.PositiveIntegerField(
        _("place in the text"), help_text=_("Characters of the passage text before the mark.")
    )
    text = TextBlockField(_("text"))
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    page = models.PositiveIntegerField(
        _("page"), null=True, blank=True, help_text=_("Counted from 1 in the file.")
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["passage_id", "position"]
        verbose_name = _("note")
        verbose_name_plural = _("notes")

    def __str__(self):
        return f"{self.mark} {self.text[:60]}"

    @property
    def anchor_id(self):
        """The id of the note on the pages that show it, for its mark to link to."""
        return f"note-{self.passage_id}-{self.position}"


class LinkQuerySet(models.QuerySet):
    def active(self):
        return self.filter(TaxonomyLink.active_filter(path=""))


class TaxonomyLink(models.Model):
    """A passage tagged with a taxonomy entry, by the tagger or an editor."""

    class Origin(models.TextChoices):
        AUTOMATIC = "auto", _("Automatic")
        EDITOR = "editor", _("Editor")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        CONFIRMED = "confirmed", _("Confirmed")
        REJECTED = "rejected", _("Rejected")

    passage = models.ForeignKey(Passage, on_delete=models.CASCADE, verbose_name=_("passage"))
    origin = models.CharField(_("origin"), max_length=10, choices=Origin.choices, default=Origin.EDITOR)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    matched = LineField(
        _("matched words"), max_length=300, blank=True, help_text=_("Words the tagger matched.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    # The one rule for which links tag a passage on the public site (pages, facets, the index):
    # active_filter. Rejected links never do; unreviewed automatic ones (PROPOSED by the tagger)
    # do, marked as such, unless settings.SHOW_UNREVIEWED_LINKS is off; and only on passages
    # the public site shows.
    ACTIVE_STATUSES = (Status.PROPOSED, Status.CONFIRMED)

    objects = LinkQuerySet.as_manager()
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True
        ordering = ["passage_id"]

    @classmethod
    def active_filter(cls, path="links"):
        """Q for the active links reached through path, e.g. in Count("links", filter=…); path
        "" for the links themselves."""
        prefix = f"{path}__" if path else ""
        rule = Q(**{f"{prefix}status__in": cls.ACTIVE_STATUSES}) & Passage.public_filter(f"{prefix}passage")
        if not settings.SHOW_UNREVIEWED_LINKS:
            confirmed, by_editor = cls.Status.CONFIRMED, cls.Origin.EDITOR
            rule &= Q(**{f"{prefix}status": confirmed}) | Q(**{f"{prefix}origin": by_editor})
        return rule

    @property
    def is_unreviewed(self):
        """An automatic link no editor has confirmed yet."""
        return self.origin == self.Origin.AUTOMATIC and self.status == self.Status.PROPOSED

    @property
    def entry(self):
        return getattr(self, self.entry_field)

    @property
    def kind(self):
        return KINDS[self.entry_field]

    def __str__(self):
        return f"{self.passage} → {self.entry}"


class PrincipleLink(TaxonomyLink):
    entry_field = "principle"
    principle = models.ForeignKey(
        Principle, on_delete=models.CASCADE, related_name="links", verbose_name=_("principle")
    )

    class Meta(TaxonomyLink.Meta):
        constraints = [models.UniqueConstraint(fields=["passage", "principle"], name="unique_principle_link")]
        verbose_name = _("link to a principle")
        verbose_name_plural = _("links to principles")


class AuthorLink(TaxonomyLink):
    entry_field = "author"
    author = models.ForeignKey(
        Author, on_delete=models.CASCADE, related_name="links", verbose_name=_("author")
    )

    class Meta(TaxonomyLink.Meta):
        constraints = [models.UniqueConstraint(fields=["passage", "author"], name="unique_author_link")]
        verbose_name = _("link to an author")
        verbose_name_plural = _("links to authors")


class ReformLink(TaxonomyLink):
    entry_field = "reform"
    reform = models.ForeignKey(
        Reform, on_delete=models.CASCADE, related_name="links", verbose_name=_("reform")
    )

    class Meta(TaxonomyLink.Meta):
        constraints = [models.UniqueConstraint(fields=["passage", "reform"], name="unique_reform_link")]
        verbose_name = _("link to a reform")
        verbose_name_plural = _("links to reforms")


MAX_THREAD_DEPTH = 50  # replies in one chain: every walk up a thread stops there


@dataclass(frozen=True)
class Thread:
    """An annotation and those above it, nearest first, as far as thread_above went."""

    chain: tuple
    complete: bool  # it reached the thread's first note: no loop, no deeper than the limit


def thread_above(pk, parent_of, limit=MAX_THREAD_DEPTH):
    """The Thread from annotation pk up to the note that starts it, following parent_of(pk)
    (the parent's pk or None). Safe against a loop already in the database: a walk stops at
    the first annotation it meets twice, or after limit replies."""
    chain = [pk]
    while (parent := parent_of(chain[-1])) is not None:
        if parent in chain or len(chain) > limit:
            return Thread(tuple(chain), complete=False)
        chain.append(parent)
    return Thread(tuple(chain), complete=True)


class Annotation(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        RESOLVED = "resolved", _("Resolved")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        INTERNAL = "internal", _("Internal")

    passage = models.ForeignKey(
        Passage, on_delete=models.CASCADE, related_name="annotations", verbose_name=_("passage")
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
        verbose_name=_("reply to"),
        help_text=_("A reply is shown publicly only when its whole thread is public."),
    )
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="annotations",
        verbose_name=_("editor"),
    )
    note = TextBlockField(_("note"), max_chars=MAX_ANNOTATION_CHARS)
    quote = TextBlockField(
        _("quoted words"), blank=True, help_text=_("The annotated span of the passage text.")
    )
    # Where the quote stands and its context, for finding it again after the text is edited.
    quote_start = models.PositiveIntegerField(_("quote start"), null=True, blank=True)
    quote_end = models.PositiveIntegerField(_("quote end"), null=True, blank=True)
    prefix = models.CharField(_("text before the quote"), max_length=64, blank=True)
    suffix = models.CharField(_("text after the quote"), max_length=64, blank=True)
    is_orphaned = models.BooleanField(_("words gone from the text"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.INTERNAL
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("annotation")
        verbose_name_plural = _("annotations")
        constraints = [
            # The database's own guard: a loop of one. Longer loops are refused by clean().
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="annotation_not_its_own_parent")
        ]

    def __str__(self):
        return self.note[:60]

    @property
    def anchor(self):
        return Anchor(self.quote, self.quote_start or 0, self.quote_end or 0, self.prefix, self.suffix)

    def clean(self):
        """A reply stays on its passage and in a thread without loops; a span is checked against
        the passage text and its offsets and context recomputed there."""
        if self.parent_id:
            self.check_parent()
        if not self.quote:
            self.quote_start = self.quote_end = None
            self.prefix = self.suffix = ""
        elif self.passage_id:
            follow_text(self, self.passage.text)
            if self.is_orphaned and self._state.adding:
                raise ValidationError({"quote": _("These words are not in the passage text.")})

    def check_parent(self):
        """Refuse a parent on another passage, the annotation itself or one of its replies
        (a thread would loop), and a thread deeper than MAX_THREAD_DEPTH."""
        if self.parent.passage_id != self.passage_id:
            raise ValidationError({"parent": _("A reply must be on the same passage.")})
        thread = thread_above(self.parent_id, self._stored_parent)
        if self.pk is not None and self.pk in thread.chain:
            message = _("An annotation cannot reply to itself or to one of its replies.")
            raise ValidationError({"parent": message})
        if not thread.complete or len(thread.chain) > MAX_THREAD_DEPTH:
            message = _("A thread holds at most %(count)d replies in a row.") % {"count": MAX_THREAD_DEPTH}
            raise ValidationError({"parent": message})

    @staticmethod
    def _stored_parent(pk):
        return Annotation.objects.filter(pk=pk).values_list("parent_id", flat=True).first()


class PendingIndexUpdate(models.Model):
    """The indexing outbox (legalkb.search.outbox): a passage whose change is committed but
    not yet in the search index. Written in the same transaction as the change."""

    # no foreign key: a deleted passage must leave the index
    passage_id = models.BigIntegerField(db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("passage waiting to be indexed")
        verbose_name_plural = _("passages waiting to be indexed")


class ImportJob(models.Model):
    """An uploaded file on its way to becoming a source, in the background worker
    (legalkb.tasks): read and previewed, confirmed by the editor, imported in one transaction,
    then indexed. Its page in the admin follows the progress."""

    class Status(models.TextChoices):
        READING = "reading", _("Reading the file")
        PREVIEWED = "previewed", _("Waiting for your confirmation")
        QUEUED = "queued", _("Waiting for the worker")
        IMPORTING = "importing", _("Saving the source")
        INDEXING = "indexing", _("Indexing the passages")
        DONE = "done", _("Imported")
        REFUSED = "refused", _("Refused")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    class Counting(models.TextChoices):
        """What done and total count while the job runs."""

        PAGES = "pages", _("pages read")
        PASSAGES = "passages", _("passages")

    # Statuses in which the worker has the job, or will have it
    RUNNING = (Status.READING, Status.QUEUED, Status.IMPORTING, Status.INDEXING)
    # Statuses after which nothing more happens to the job: its file is no longer kept
    FINISHED = (Status.DONE, Status.REFUSED, Status.FAILED, Status.CANCELLED)

    file_name = LineField(_("file name"), max_length=255)
    data = models.BinaryField(_("file"), blank=True, help_text=_("Kept until the job is finished."))
    title = LineField(_("title"), max_length=500, blank=True)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True, validators=YEAR_RANGE)
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=Source.Kind.choices,
        blank=True,
        help_text=_("Empty: as the file says."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.READING)
    replaces = models.ForeignKey(
        Source,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("replaces the file of"),
    )
    counting = models.CharField(_("counting"), max_length=10, choices=Counting.choices, blank=True)
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("in all"), default=0)
    preview = models.JSONField(_("preview"), null=True, blank=True)
    document = models.JSONField(
        _("document"),
        null=True,
        blank=True,
        help_text=_("What was read from the file, which the import saves."),
    )
    record = models.JSONField(
        _("record"), null=True, blank=True, help_text=_("The bibliographic record the editor confirmed.")
    )
    error_code = models.CharField(_("why it was refused"), max_length=40, blank=True)
    attempts = models.PositiveSmallIntegerField(
        _("attempts"), default=0, help_text=_("Times the worker started the current step.")
    )
    error_params = models.JSONField(default=dict, blank=True)
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("source")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self):
        return self.file_name

    @property
    def is_running(self):
        return self.status in self.RUNNING


class GlossaryTerm(Collated):
    """One legal term in Kazakh, Russian and English, which editors keep in the admin. A
    query naming the term in one language also searches the others (legalkb.search.thesaurus)."""

    kk = LineField(_("Kazakh"), max_length=300)
    ru = LineField(_("Russian"), max_length=300, blank=True)
    en = LineField(_("English"), max_length=300, blank=True)
    note = TextBlockField(_("note"), blank=True, max_chars=MAX_NOTE_CHARS)

    history = HistoricalRecords()

    COLLATED_BY = "kk"

    class Meta:
        ordering = ["collation_key", "kk"]
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary")
        constraints = [models.UniqueConstraint(fields=["kk", "ru", "en"], name="unique_glossary_term")]

    def __str__(self):
        return " — ".join(term for term in (self.kk, self.ru, self.en) if term)

    def phrases(self):
        return [term for term in (self.kk, self.ru, self.en) if term]


class ActQuerySet(models.QuerySet):
    def public(self):
        """The acts a passage the public site shows cites (EXISTS stops at the first citation:
        a join and DISTINCT read every citation of an act cited thousands of times)."""
        citing = ActCitation.objects.filter(Passage.public_filter("passage"), act=OuterRef("pk"))
        return self.filter(Exists(citing))

    def with_passage_counts(self):
        """Each act with .passage_count, the passages the public site shows that cite it."""
        public = Passage.public_filter("citations__passage")
        return self.annotate(passage_count=Count("citations__passage", filter=public, distinct=True))


class Act(models.Model):
    """A normative act that passages cite (legalkb.text.acts finds the citations): the
    Constitution, a code, a law, a decree or a presidential address."""

    class Kind(models.TextChoices):
        CONSTITUTION = acts.CONSTITUTION, _("Constitution")
        CONSTITUTIONAL_LAW = acts.CONSTITUTIONAL_LAW, _("Constitutional law")
        CODE = acts.CODE, _("Code")
        LAW = acts.LAW, _("Law")
        DECREE = acts.DECREE, _("Presidential decree")
        ADDRESS = acts.ADDRESS, _("Presidential address")

    slug = models.SlugField(_("address name"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    code = models.CharField(
        _("code"), max_length=40, blank=True, choices=[(code.key, code.names[2]) for code in acts.CODES]
    )
    title = models.CharField(
        _("title"), max_length=500, blank=True, help_text=_("As the citation quotes it.")
    )
    title_key = models.CharField(max_length=500, blank=True, db_index=True, editable=False)
    number = models.CharField(_("number"), max_length=20, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)

    objects = ActQuerySet.as_manager()

    LABEL_FIELDS = ("kind", "code", "title", "number", "date", "year")  # what label reads

    class Meta:
        ordering = ["kind", "year", "slug"]
        verbose_name = _("act")
        verbose_name_plural = _("acts")

    def __str__(self):
        return self.label

    def save(self, *args, **kwargs):
        self.title_key = acts.title_key(self.title)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("act_detail", args=[self.slug])

    def ref(self):
        return acts.ActRef(self.kind, self.code, self.title, self.number, self.date, self.year)

    @property
    def label(self):
        """The act's name in the interface language: its kind or code, title, number and date."""
        if self.kind == self.Kind.CONSTITUTION:
            name = str(_("Constitution of the Republic of Kazakhstan"))
            return f"{name} ({self.year})" if self.year else name
        if self.kind == self.Kind.ADDRESS:
            return str(_("Presidential address of %(year)s")) % {"year": self.year}
        if self.kind == self.Kind.CODE:
            parts = [acts.CODES_BY_KEY[self.code].names[citation.LANGUAGES.index(interface_language())]]
        else:
            parts = [str(self.get_kind_display())]
        if self.title:
            parts.append(f"«{self.title}»")
        if self.number:
            parts.append(str(_("No. %(number)s")) % {"number": self.number})
        if self.date or self.year:
            when = self.date.strftime("%d.%m.%Y") if self.date else self.year
            parts.append(str(_("of %(date)s")) % {"date": when})
        return " ".join(parts)

    @property
    def official_url(self):
        """Where the official text is, in the interface language if there is one."""
        return acts.official_url(self.ref(), interface_language())


class ActCitation(models.Model):
    """A passage citing an act (or one of its articles), where legalkb.text.acts found it."""

    passage = models.ForeignKey(
        Passage, on_delete=models.CASCADE, related_name="act_citations", verbose_name=_("passage")
    )
    act = models.ForeignKey(Act, on_delete=models.CASCADE, related_name="citations", verbose_name=_("act"))
    article = models.CharField(_("article"), max_length=20, blank=True)
    start = models.PositiveIntegerField(_("start"))
    end = models.PositiveIntegerField(_("end"))

    class Meta:
        ordering = ["passage_id", "start"]
        verbose_name = _("citation of an act")
        verbose_name_plural = _("citations of acts")

    def __str__(self):
        return f"{self.passage} → {self.act}"

    @property
    def quote(self):
        return self.passage.text[self.start : self.end]


class Reader(models.Model):
    """What a reader's account holds beside its user: readers sign up on the site (e-mail and
    password, confirmed by e-mail: legalkb.accounts), are never staff and belong to no group."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reader", verbose_name=_("user")
    )
    language = models.CharField(
        _("language of e-mails"), max_length=2, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    created_at = models.DateTimeField(_("signed up at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reader")
        verbose_name_plural = _("readers")

    def __str__(self):
        return self.user.email


class SavedSearch(models.Model):
    """A search a reader saved (its parameters as the search page's query string), or an entry
    or act followed (a search filtered by it), and how often its new passages are mailed
    (legalkb.alerts). Passages of sources imported after checked_at are new."""

    class Frequency(models.TextChoices):
        NEVER = "never", _("No e-mail")
        DAILY = "daily", _("Daily e-mail")
        WEEKLY = "weekly", _("Weekly e-mail")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="saved_searches",
        verbose_name=_("user"),
    )
    name = models.CharField(_("name"), max_length=300)
    query = models.CharField(_("search parameters"), max_length=2500)
    frequency = models.CharField(
        _("e-mail"), max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)
    checked_at = models.DateTimeField(_("new passages looked for at"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        constraints = [models.UniqueConstraint(fields=["user", "query"], name="unique_saved_search")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return f"{reverse('search')}?{self.query}"
