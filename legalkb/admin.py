from collections import defaultdict

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import models, transaction
from django.db.models import Exists, F, OuterRef, Value
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from . import links, tasks, works
from .annotations import follow_edit
from .documents.limits import MAX_FILE_BYTES, MAX_PDF_BYTES, MAX_PDF_PAGES, MAX_UNPACKED_BYTES, MB, check_size
from .ingest import CREATOR_ROLES, RECORD_FIELDS, dropped_reason, error_message, notice_message
from .kinds import KINDS, TAXONOMY
from .models import (
    Abstract,
    Annotation,
    Author,
    Creator,
    GlossaryTerm,
    ImportJob,
    Keyword,
    Language,
    Note,
    Passage,
    PendingIndexUpdate,
    Principle,
    Reference,
    Reform,
    Source,
    TaxonomyLink,
)
from .publication import set_withdrawn
from .text.pipeline import SourceFileError
from .versions import REFUSED, StaleVersion, check_version
from .views import mention_snippets

REVIEW_ROW = ("place_source", "place_position", "kind_order", "kind_name", "pk")
REVIEW_PAGE_SIZE = 50
SNIPPET_CHARS = 300
JOB_REFRESH_SECONDS = 2  # how often a running job's page reloads itself

admin.site.site_header = admin.site.site_title = "legalkb"
admin.site.index_title = _("Knowledge base administration")


def entry_choices():
    """Taxonomy entries as "kind:pk" choices, grouped by kind."""
    return [
        (str(kind.label), [(f"{kind.name}:{e.pk}", e.label) for e in kind.entry_model.objects.all()])
        for kind in TAXONOMY
    ]


class WithdrawalActions:
    """Editors withdraw sources and passages from the public site and put them back; they never
    delete one (only superusers may)."""

    actions = ["withdraw", "restore"]

    @admin.action(description=_("Withdraw the selected from the public site"), permissions=["change"])
    def withdraw(self, request, queryset):
        count = set_withdrawn(queryset, True, request.user)
        message = gettext("Withdrawn from the public site: %(count)d.") % {"count": count}
        self.message_user(request, message, messages.SUCCESS)

    @admin.action(description=_("Put the selected back on the public site"), permissions=["change"])
    def restore(self, request, queryset):
        count = set_withdrawn(queryset, False, request.user)
        message = gettext("Put back on the public site: %(count)d.") % {"count": count}
        self.message_user(request, message, messages.SUCCESS)


class ImportSourceForm(forms.Form):
    file = forms.FileField(label=_("File"))
    replaces = forms.ModelChoiceField(
        Source.objects.all(),
        widget=AutocompleteSelect(ImportJob._meta.get_field("replaces"), admin.site),
        label=_("Replaces the file of"),
        required=False,
        help_text=_(
            "A corrected file of a source already imported: its passages are replaced, keeping the "
            "addresses of those that continue and editors' annotations."
        ),
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=500,
        required=False,
        help_text=_("Leave empty to take the document's own title."),
    )
    language = forms.ChoiceField(
        label=_("Language"),
        choices=[("", _("Detect")), *Language.choices],
        required=False,
        help_text=_("The source's language; each passage's own language is detected either way."),
    )
    year = forms.IntegerField(label=_("Year"), min_value=1800, max_value=2100, required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("As the file says")), *Source.Kind.choices], required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = gettext(
            "A .txt file (UTF-8, UTF-16, Windows-1251 or KZ-1048) or a .docx of up to %(size)d MB, or a "
            ".pdf of up to %(pdf_size)d MB (a scan's text is recognised); a .docx may unpack to %(unpacked)d "
            "MB at most, a PDF have %(pages)d pages at most."
        ) % {
            "size": MAX_FILE_BYTES // MB,
            "pdf_size": MAX_PDF_BYTES // MB,
            "unpacked": MAX_UNPACKED_BYTES // MB,
            "pages": MAX_PDF_PAGES,
        }

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            check_size(upload.size, upload.name)
        except SourceFileError as error:
            raise ValidationError(error_message(error)) from None
        return upload


class RecordForm(forms.ModelForm):
    """The bibliographic record an import gives its source, as found in the file, for the editor
    to correct before confirming; its creators one per line in a box per role."""

    field_order = ["title", "kind", "language", "year", *CREATOR_ROLES]

    class Meta:
        model = Source
        fields = [*RECORD_FIELDS, "original_public"]

    def __init__(self, *args, record, **kwargs):
        initial = {name: record[name] for name in RECORD_FIELDS}
        initial["original_public"] = record.get("original_public", False)
        for people, role in CREATOR_ROLES.items():
            names = [f"{family} {given}".strip() for family, given, r in record["creators"] if r == role]
            initial[people] = "\n".join(names)
        super().__init__(*args, initial=initial, **kwargs)
        for people, role in CREATOR_ROLES.items():
            self.fields[people] = forms.CharField(
                label=Creator.Role(role).label,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2, "class": "vLargeTextField"}),
                help_text=_("One per line: the family name, then the given names or initials."),
            )
        for field in self.fields.values():
            if type(field.widget) is forms.TextInput:
                field.widget.attrs["class"] = "vTextField"
        self.fields["title"].widget = forms.Textarea(attrs={"rows": 2, "class": "vLargeTextField"})
        self.order_fields(self.field_order)

    def record(self):
        """The record as corrected, in the form found_record gives it."""
        record = {name: self.cleaned_data[name] for name in RECORD_FIELDS}
        record["original_public"] = self.cleaned_data["original_public"]
        record["creators"] = [
            [*named(line), role]
            for people, role in CREATOR_ROLES.items()
            for line in self.cleaned_data[people].splitlines()
            if line.strip()
        ]
        return record


def named(line):
    """(family name, given names or initials) of a line naming a person, family name first."""
    family, _space, given = line.strip().partition(" ")
    return family, given.strip()


class CreatorInline(admin.TabularInline):
    """The source's authors, supervisors and editors, in the order the source prints them."""

    model = Creator
    extra = 1
    fields = ["position", "family_name", "given_names", "role"]


class AbstractInline(admin.StackedInline):
    model = Abstract
    extra = 0
    fields = ["position", "language", "text"]


class KeywordInline(admin.TabularInline):
    model = Keyword
    extra = 0
    fields = ["position", "language", "text"]


class ReferenceInline(admin.TabularInline):
    """The source's references list, one entry each, as printed."""

    model = Reference
    fk_name = "source"  # not the source it cites
    extra = 0
    fields = ["position", "text"]
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 100})}}


@admin.register(Reference)
class ReferenceAdmin(SimpleHistoryAdmin):
    """The entries of sources' references lists and the sources of the knowledge base they cite
    (legalkb.works): editors confirm the doubtful matches, reject wrong ones, or name the cited
    source themselves. References come with their source's file, never added here."""

    list_display = ["text", "source", "cited_source", "match", "match_score"]
    list_filter = ["match"]
    search_fields = ["text", "source__title"]
    fields = ["source", "position", "text", "cited_source", "match", "match_score"]
    readonly_fields = ["source", "position", "text", "match", "match_score"]
    autocomplete_fields = ["cited_source"]
    actions = ["confirm", "reject"]

    def get_queryset(self, request):
        references = super().get_queryset(request).select_related("source", "cited_source")
        return references.defer("source__raw_text", "cited_source__raw_text")  # megabytes

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        """A source named (or taken away) by an editor is the editor's decision."""
        if "cited_source" in form.changed_data:
            obj.match = Reference.Match.CONFIRMED if obj.cited_source else Reference.Match.REJECTED
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Confirm the sources the selected references cite"), permissions=["change"])
    def confirm(self, request, queryset):
        count = works.decide(queryset, Reference.Match.CONFIRMED, request.user)
        self.message_user(request, gettext("Confirmed: %(count)d.") % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("The selected references cite no source here"), permissions=["change"])
    def reject(self, request, queryset):
        count = works.decide(queryset, Reference.Match.REJECTED, request.user)
        self.message_user(request, gettext("Rejected: %(count)d.") % {"count": count}, messages.SUCCESS)


@admin.register(Source)
class SourceAdmin(WithdrawalActions, SimpleHistoryAdmin):
    """Sources come only from imports (the import page); editors complete their records and
    withdraw them or put them back."""

    ordering = ["collation_key"]  # Kazakh alphabetical order (legalkb.text.collate)
    list_display = ["title", "language", "kind", "year", "withdrawn", "created_at"]
    list_filter = ["withdrawn", "language", "kind", "year"]
    search_fields = ["title", "creators__family_name", "container"]
    readonly_fields = ["slug", "raw_text", "checksum", "file_name", "original_file", "created_at"]
    fieldsets = [
        (None, {"fields": ["title", "kind", "language", "year", "withdrawn"]}),
        (
            _("Where it appeared"),
            {
                "fields": [
                    "container",
                    ("volume", "issue"),
                    ("first_page", "last_page"),
                    "publisher",
                    "city",
                ]
            },
        ),
        (_("Dissertation"), {"fields": ["degree", ("speciality", "speciality_name")]}),
        (_("Identifiers"), {"fields": ["url", "doi", "isbn", "issn", "note"]}),
        (
            _("Imported file"),
            {
                "classes": ["collapse"],
                "fields": [
                    "original_file",
                    "original_public",
                    "slug",
                    "file_name",
                    "checksum",
                    "created_at",
                    "raw_text",
                ],
            },
        ),
    ]
    inlines = [CreatorInline, AbstractInline, KeywordInline, ReferenceInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_urls(self):
        view = self.admin_site.admin_view(self.import_view)
        return [path("import/", view, name="legalkb_source_import"), *super().get_urls()]

    @admin.display(description=_("original file"))
    def original_file(self, obj):
        """The file to download, and the way to replace it by a corrected one."""
        replace = format_html(
            '<a href="{}?replaces={}">{}</a>',
            reverse("admin:legalkb_source_import"),
            obj.pk,
            gettext("Import a corrected file in its place"),
        )
        if not obj.original:
            return replace
        download = reverse("source_file", args=[obj.slug])
        return format_html('<a href="{}">{}</a> · {}', download, obj.file_name, replace)

    def add_view(self, request, form_url="", extra_context=None):
        """No source without a text: the add page leads to the import page."""
        self.message_user(request, _("Sources are added by importing their file."), messages.INFO)
        return HttpResponseRedirect(reverse("admin:legalkb_source_import"))

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)

    def import_view(self, request):
        """Upload a file: it becomes an import job, which the worker reads and previews; the
        job's page follows it. Nothing is read in this request."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ImportSourceForm(request.POST or None, request.FILES or None, initial=request.GET.dict())
        if form.is_valid():
            options = {name: form.cleaned_data[name] or "" for name in ("title", "language", "kind")}
            upload, data = form.cleaned_data["file"], form.cleaned_data
            job = tasks.start(
                upload.name,
                upload.read(),
                request.user,
                year=data["year"],
                replaces=data["replaces"],
                **options,
            )
            return HttpResponseRedirect(reverse("admin:legalkb_importjob_change", args=[job.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import source"),
            "opts": self.model._meta,
            "form": form,
        }
        return TemplateResponse(request, "admin/legalkb/source/import.html", context)


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    """The imports, each with a page that follows it: preview, confirmation, progress, result."""

    list_display = ["file_name", "status", "source", "created_by", "created_at"]
    list_filter = ["status"]
    list_select_related = ["source", "created_by"]

    def has_add_permission(self, request):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).defer("data", "preview", "document", "source__raw_text")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        job = self.get_object(request, unquote(object_id))
        if job is None:
            raise Http404
        if not self.has_view_permission(request, job):
            raise PermissionDenied
        record_form = self.record_form(request, job)
        if request.method == "POST":
            response = self.decide(request, job, record_form)
            if response is not None:
                return response
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import of «%(name)s»") % {"name": job.file_name},
            "opts": self.model._meta,
            "job": job,
            "refresh": JOB_REFRESH_SECONDS if job.is_running else None,
            "record_form": record_form,
            **job_progress(job),
        }
        if job.preview:
            context.update(preview_context(job.preview))
        if job.error_code:
            context["error"] = tasks.job_error(job)
        return TemplateResponse(request, "admin/legalkb/importjob/job.html", context)

    def record_form(self, request, job):
        """The record to correct and confirm, for an editor who may import and a job that waits."""
        if job.status != ImportJob.Status.PREVIEWED or not self.may_import(request):
            return None
        data = request.POST if "confirm" in request.POST else None
        return RecordForm(data, record=job.record, instance=job.replaces or Source())

    def decide(self, request, job, record_form):
        """Confirm (with the record as corrected) or cancel; None: the form has errors to show."""
        if not self.may_import(request):
            raise PermissionDenied
        if "confirm" in request.POST:
            if record_form is not None and not record_form.is_valid():
                return None
            if record_form is None or not tasks.confirm(job, record_form.record()):
                message = _("This import is not waiting for a confirmation.")
                self.message_user(request, message, messages.ERROR)
        elif "cancel" in request.POST and tasks.cancel(job):
            self.message_user(request, _("The import is cancelled; nothing was saved."), messages.SUCCESS)
            return HttpResponseRedirect(reverse("admin:legalkb_source_import"))
        return HttpResponseRedirect(request.path)

    def may_import(self, request):
        return request.user.has_perm("legalkb.add_source")


def job_progress(job):
    """What the job's page says of its progress: passages done of all, and for a source being
    indexed or imported, how many of its passages still wait in the indexing outbox."""
    waiting = 0
    if job.source_id and job.status in (ImportJob.Status.INDEXING, ImportJob.Status.DONE):
        passages = Passage.objects.filter(source_id=job.source_id).values("pk")
        pending = PendingIndexUpdate.objects.filter(passage_id__in=passages)
        waiting = pending.values("passage_id").distinct().count()
    done, total = job.done, job.total
    if job.status == ImportJob.Status.INDEXING:
        done = max(total - waiting, 0)
    return {
        "done": done,
        "total": total,
        "percent": round(100 * done / total) if total else None,
        "waiting": waiting,
    }


def preview_context(preview):
    """A stored preview with its links' entries read in the interface's language."""
    wanted = defaultdict(set)
    for passage in preview["sample"]:
        for kind_name, entry_id, _matched in passage["links"]:
            wanted[kind_name].add(entry_id)
    entries = {name: KINDS[name].entry_model.objects.in_bulk(ids) for name, ids in wanted.items()}
    sample = [
        {
            **passage,
            "language_label": Language(passage["language"]).label,
            "links": [
                {"kind": KINDS[name].label, "entry": entries[name].get(entry_id), "matched": matched}
                for name, entry_id, matched in passage["links"]
            ],
        }
        for passage in preview["sample"]
    ]
    return {
        "preview": preview,
        "sample": sample,
        "notices": [notice_message(code, params) for code, params in preview.get("notices", [])],
        "dropped": [
            {"text": text, "page": page, "reason": dropped_reason(reason)}
            for text, page, reason in preview.get("dropped", [])
        ],
    }


class LinkInline(admin.TabularInline):
    extra = 0
    fields = ["entry_field", "origin", "status", "matched", "created_by", "created_at", "reviewed_by"]
    readonly_fields = ["origin", "matched", "created_by", "created_at", "reviewed_by"]

    def get_fields(self, request, obj=None):
        return [self.model.entry_field, *self.fields[1:]]

    def get_autocomplete_fields(self, request):
        return [self.model.entry_field]

    def get_queryset(self, request):
        links = super().get_queryset(request).select_related("passage__source")  # in each row's title
        return links.defer("passage__source__raw_text")  # megabytes per row


LINK_INLINES = [
    type(f"{kind.link_model.__name__}Inline", (LinkInline,), {"model": kind.link_model}) for kind in TAXONOMY
]


# An annotation's quote and where it stands, filled from a selection: never typed, so hidden
ANCHOR_FIELDS = ("quote", "quote_start", "quote_end", "prefix", "suffix")
ANNOTATION_FIELDS = ["note", "quoted", ANCHOR_FIELDS, "parent", ("status", "visibility"), "editor"]


class AnnotationForm(forms.ModelForm):
    """What an editor types and chooses; the quote comes from a selection in the passage text
    (annotate.js), with where it stands and its context, which the model checks and recomputes."""

    class Meta:
        model = Annotation
        fields = [
            "passage",
            "note",
            *ANCHOR_FIELDS,
            "parent",
            "status",
            "visibility",
        ]
        widgets = {name: forms.HiddenInput for name in ANCHOR_FIELDS}


class QuotedWords:
    @admin.display(description=_("quoted words"))
    def quoted(self, obj):
        if not obj or not obj.quote:
            return "—"
        if obj.is_orphaned:
            return format_html("«{}» ({})", obj.quote, gettext("these words are no longer in the text"))
        return format_html("«{}»", obj.quote)


class AnnotationInline(QuotedWords, admin.StackedInline):
    """Filled by annotate.js from a selection in the passage text; the model checks the span."""

    model = Annotation
    form = AnnotationForm
    fk_name = "passage"
    extra = 0
    fields = ANNOTATION_FIELDS
    readonly_fields = ["quoted", "editor"]
    autocomplete_fields = ["parent"]


class NoteInline(admin.TabularInline):
    """The passage's footnotes and endnotes; offset is where the mark stands in its text."""

    model = Note
    extra = 0
    fields = ["position", "kind", "mark", "offset", "text", "language", "page"]
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 60})}}


class LinkStatusFilter(admin.SimpleListFilter):
    title = _("link status")
    parameter_name = "link_status"

    def lookups(self, request, model_admin):
        return TaxonomyLink.Status.choices

    def queryset(self, request, queryset):
        if self.value() not in TaxonomyLink.Status.values:
            return queryset
        condition = None
        for kind in TAXONOMY:
            exists = Exists(kind.link_model.objects.filter(passage=OuterRef("pk"), status=self.value()))
            condition = exists if condition is None else condition | exists
        return queryset.filter(condition)


class LinkToEntryForm(forms.Form):
    entry = forms.ChoiceField(label=_("Taxonomy entry"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry"].choices = entry_choices()

    def chosen(self):
        name, pk = self.cleaned_data["entry"].split(":")
        kind = KINDS[name]
        return kind, kind.entry_model.objects.get(pk=pk)


class PassageForm(forms.ModelForm):
    """Optimistic locking (legalkb.versions): the form carries the version it was read at, and
    a save over a newer version is refused with the editor's input still on the page. A language
    an editor corrects is flagged, so that language detection never changes it again."""

    version = forms.IntegerField(label=_("version"), widget=forms.HiddenInput)

    class Meta:
        model = Passage
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            stored = Passage.objects.values_list("version", flat=True)
            self.initial["version"] = stored.get(pk=self.instance.pk)

    def clean_version(self):
        version = self.cleaned_data["version"]
        if self.instance.pk:
            try:
                check_version(self.instance, version)
            except StaleVersion:
                newer = reverse("admin:legalkb_passage_change", args=[self.instance.pk])
                raise ValidationError(
                    format_html('{} <a href="{}">{}</a>', REFUSED, newer, _("Open the newer version."))
                ) from None
        return version

    def save(self, commit=True):
        if "language" in self.changed_data:
            self.instance.language_set_by_editor = True
        return super().save(commit)


class ReviewFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", _("All kinds")), *((kind.name, kind.label) for kind in TAXONOMY)],
        required=False,
    )
    entry = forms.ChoiceField(label=_("Entry"), required=False)
    source = forms.ModelChoiceField(Source.objects.all(), label=_("Source"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry"].choices = [("", _("All entries")), *entry_choices()]

    def awaiting(self):
        """The automatic links no editor has reviewed yet, in passage order, as rows (source,
        position, kind's order, kind, pk): the three link tables in one SQL query (UNION ALL,
        ORDER BY, and LIMIT for a page), so that thousands of them cost little (a page loads
        its own links)."""
        kind, source = self.cleaned_data["kind"], self.cleaned_data["source"]
        entry_kind, entry_pk = self.cleaned_data["entry"].partition(":")[::2]
        tables = []
        for order, link_kind in enumerate(TAXONOMY):
            if any(wanted and wanted != link_kind.name for wanted in (kind, entry_kind)):
                continue
            queryset = link_kind.link_model.objects.filter(
                origin=TaxonomyLink.Origin.AUTOMATIC, status=TaxonomyLink.Status.PROPOSED
            )
            if entry_pk:
                queryset = queryset.filter(**{f"{link_kind.name}_id": entry_pk})
            if source:
                queryset = queryset.filter(passage__source=source)
            rows = queryset.annotate(
                place_source=F("passage__source_id"),
                place_position=F("passage__position"),
                kind_order=Value(order, output_field=models.IntegerField()),
                kind_name=Value(link_kind.name, output_field=models.CharField()),
            )
            tables.append(rows.order_by().values_list(*REVIEW_ROW))
        if not tables:
            return []
        first, *others = tables
        combined = first.union(*others, all=True) if others else first
        return combined.order_by(*REVIEW_ROW)


@admin.register(Passage)
class PassageAdmin(WithdrawalActions, SimpleHistoryAdmin):
    form = PassageForm
    list_display = ["__str__", "snippet", "language", "kind", "withdrawn"]
    list_filter = [
        "source",
        "kind",
        "language",
        "withdrawn",
        *(kind.plural for kind in TAXONOMY),
        LinkStatusFilter,
    ]
    search_fields = ["text"]
    readonly_fields = [
        "source",
        "position",
        "start",
        "end",
        "page_start",
        "page_end",
        "imported_text",
        "language_set_by_editor",
        "updated_at",
    ]
    fields = [
        "source",
        "position",
        "text",
        ("language", "language_set_by_editor"),
        ("kind", "level"),
        "rows",
        ("page_start", "page_end"),
        ("label_start", "label_end"),
        "withdrawn",
        "imported_text",
        "start",
        "end",
        "version",
    ]
    inlines = [NoteInline, *LINK_INLINES, AnnotationInline]
    actions = ["link_to_entry", "confirm_automatic_links", *WithdrawalActions.actions]

    class Media:
        js = ["admin/legalkb/annotate.js"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source").defer("source__raw_text")  # megabytes

    def get_urls(self):
        view = self.admin_site.admin_view(self.review_view)
        return [path("review/", view, name="legalkb_link_review"), *super().get_urls()]

    @admin.display(description=_("text"))
    def snippet(self, obj):
        return obj.text[:120]

    @admin.display(description=_("text as imported"))
    def imported_text(self, obj):
        return obj.raw_text

    def save_model(self, request, obj, form, change):
        """Annotations follow an edited text, whether typed or restored from the history, in the
        transaction that saves it."""
        with transaction.atomic():
            old_text = Passage.objects.values_list("text", flat=True).get(pk=obj.pk) if change else obj.text
            super().save_model(request, obj, form, change)
            follow_edit(obj, old_text)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """A save that loses the race after the form's version check is refused too."""
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except StaleVersion:
            self.message_user(request, REFUSED, messages.ERROR)
            return HttpResponseRedirect(request.path)

    def save_formset(self, request, form, formset, change):
        """Record which editor wrote new annotations and links."""
        instances = formset.save(commit=False)
        for instance in instances:
            if isinstance(instance, Annotation) and instance.editor_id is None:
                instance.editor = request.user
            if isinstance(instance, TaxonomyLink) and instance._state.adding:
                instance.created_by = request.user
            instance.save()
        for instance in formset.deleted_objects:
            instance.delete()
        formset.save_m2m()

    @admin.action(description=_("Link the selected passages to an entry"))
    def link_to_entry(self, request, queryset):
        form = LinkToEntryForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            kind, entry = form.chosen()
            created = links.link(queryset, kind, entry, request.user)
            message = ngettext(
                "%(count)d passage linked to %(entry)s.", "%(count)d passages linked to %(entry)s.", created
            )
            self.message_user(request, message % {"count": created, "entry": entry.label}, messages.SUCCESS)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Link the selected passages to an entry"),
            "form": form,
            "passages": queryset,
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/legalkb/link_to_entry.html", context)

    @admin.action(description=_("Confirm the automatic links of the selected passages"))
    def confirm_automatic_links(self, request, queryset):
        count = sum(
            links.confirm(kind.link_model.objects.filter(passage__in=queryset), request.user)
            for kind in TAXONOMY
        )
        self.message_user(request, confirmed_message(count), messages.SUCCESS)

    def review_view(self, request):
        """The queue of automatic links awaiting an editor: confirm or reject one, or the selected."""
        codenames = [f"legalkb.change_{kind.link_model._meta.model_name}" for kind in TAXONOMY]
        if not request.user.has_perms(codenames):
            raise PermissionDenied
        if request.method == "POST":
            decisions = [
                ("confirm", links.confirm, confirmed_message),
                ("reject", links.reject, rejected_message),
            ]
            for decision, decide, message in decisions:
                if decision in request.POST:
                    value = request.POST[decision]
                    keys = request.POST.getlist("link") if value == "selected" else [value]
                    count = sum(decide(chosen, request.user) for chosen in chosen_links(keys))
                    self.message_user(request, message(count), messages.SUCCESS)
            return HttpResponseRedirect(request.get_full_path())
        form = ReviewFilterForm(request.GET)
        awaiting = form.awaiting() if form.is_valid() else []
        page = Paginator(awaiting, REVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
        keys = [f"{name}:{pk}" for *place, name, pk in page]
        page_links = {
            f"{link.entry_field}:{link.pk}": link
            for chosen in chosen_links(keys)
            for link in chosen.select_related("passage__source", chosen.model.entry_field).defer(
                "passage__source__raw_text"
            )
        }
        shown = [(key, link) for key in keys if (link := page_links.get(key))]  # unless reviewed meanwhile
        snippets = mention_snippets([link for key, link in shown], SNIPPET_CHARS)
        query = request.GET.copy()
        query.pop("page", None)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Review automatic tags"),
            "opts": self.model._meta,
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "rows": [
                {"link": link, "key": key, "snippet": snippet}
                for (key, link), snippet in zip(shown, snippets, strict=True)
            ],
        }
        return TemplateResponse(request, "admin/legalkb/passage/review.html", context)


def confirmed_message(count):
    return ngettext("%(count)d link confirmed.", "%(count)d links confirmed.", count) % {"count": count}


def rejected_message(count):
    return ngettext("%(count)d link rejected.", "%(count)d links rejected.", count) % {"count": count}


def chosen_links(keys):
    """Querysets of the links named "kind:pk"."""
    pks = defaultdict(list)
    for key in keys:
        name, pk = key.partition(":")[::2]
        if name in KINDS and pk.isdigit():
            pks[name].append(int(pk))
    return [KINDS[name].link_model.objects.filter(pk__in=ids) for name, ids in pks.items()]


class EntryAdmin(SimpleHistoryAdmin):
    ordering = ["collation_key"]  # Kazakh alphabetical order (legalkb.text.collate)
    search_fields = ["slug", "description", "aliases"]


@admin.register(Principle)
class PrincipleAdmin(EntryAdmin):
    list_display = ["name_kk", "name_ru", "name_en", "parent", "slug"]
    list_filter = ["parent"]
    search_fields = ["name_kk", "name_ru", "name_en", *EntryAdmin.search_fields]
    autocomplete_fields = ["parent"]


@admin.register(Author)
class AuthorAdmin(EntryAdmin):
    list_display = ["full_name", "role", "country", "slug"]
    list_filter = ["country"]
    search_fields = ["full_name", "short_forms", *EntryAdmin.search_fields]


@admin.register(Reform)
class ReformAdmin(EntryAdmin):
    list_display = ["name_kk", "year", "kind", "slug"]
    list_filter = ["kind", "year"]
    search_fields = ["name_kk", "name_ru", "name_en", *EntryAdmin.search_fields]


class LinkAdmin(SimpleHistoryAdmin):
    list_display = ["passage", "entry_label", "origin", "status", "matched", "created_at", "reviewed_by"]
    list_filter = ["status", "origin", "passage__source", "passage__language"]
    search_fields = ["passage__text", "matched"]
    autocomplete_fields = ["passage"]
    readonly_fields = ["origin", "matched", "created_by", "created_at", "reviewed_by", "reviewed_at"]
    actions = ["confirm", "reject"]

    def get_list_filter(self, request):
        return [*self.list_filter, self.model.entry_field]

    def get_queryset(self, request):
        links = super().get_queryset(request)
        links = links.select_related("passage__source", self.model.entry_field, "reviewed_by")
        return links.defer("passage__source__raw_text")  # megabytes per row

    def get_autocomplete_fields(self, request):
        return ["passage", self.model.entry_field]

    @admin.display(description=_("Entry"))
    def entry_label(self, obj):
        return obj.entry.label

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Confirm the selected automatic links"))
    def confirm(self, request, queryset):
        self.message_user(request, confirmed_message(links.confirm(queryset, request.user)), messages.SUCCESS)

    @admin.action(description=_("Reject the selected links"))
    def reject(self, request, queryset):
        self.message_user(request, rejected_message(links.reject(queryset, request.user)), messages.SUCCESS)


admin.site.register([kind.link_model for kind in TAXONOMY], LinkAdmin)


@admin.register(Annotation)
class AnnotationAdmin(QuotedWords, SimpleHistoryAdmin):
    form = AnnotationForm
    list_display = ["passage", "note", "status", "visibility", "is_orphaned", "editor", "updated_at"]
    list_select_related = ["passage__source", "editor"]
    list_filter = ["status", "visibility", "is_orphaned", "passage__source"]
    search_fields = ["note", "quote"]
    autocomplete_fields = ["passage", "parent"]
    readonly_fields = ["quoted", "editor", "created_at", "updated_at"]
    fields = ["passage", *ANNOTATION_FIELDS, "created_at", "updated_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("passage__source__raw_text")  # megabytes per row

    def save_model(self, request, obj, form, change):
        if obj.editor_id is None:
            obj.editor = request.user
        super().save_model(request, obj, form, change)


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(SimpleHistoryAdmin):
    """The kk/ru/en terms a query in one language also searches in the others."""

    ordering = ["collation_key"]  # Kazakh alphabetical order (legalkb.text.collate)
    list_display = ["kk", "ru", "en", "note"]
    search_fields = ["kk", "ru", "en", "note"]
