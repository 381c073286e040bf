import base64
from collections import defaultdict

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Exists, OuterRef
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from . import links
from .formats import check_size
from .ingest import import_source, preview_import
from .models import (
    KINDS,
    TAXONOMY,
    Annotation,
    Author,
    Creator,
    GlossaryTerm,
    Language,
    Passage,
    Principle,
    Reform,
    Source,
    StaleVersion,
    TaxonomyLink,
)
from .text.pipeline import SourceFileError, checksum

PENDING_IMPORT = "legalkb_pending_import"
REPAIR_EXAMPLES = 12
REVIEW_PAGE_SIZE = 50
SNIPPET_CHARS = 300


def entry_choices():
    """Taxonomy entries as "kind:pk" choices, grouped by kind."""
    return [
        (str(kind.label), [(f"{kind.name}:{e.pk}", e.label) for e in kind.entry_model.objects.all()])
        for kind in TAXONOMY
    ]


class ImportSourceForm(forms.Form):
    file = forms.FileField(help_text=_("A .txt (UTF-8), .docx or .pdf file with a text layer, up to 10 MB."))
    title = forms.CharField(
        max_length=500, required=False, help_text=_("Leave empty to take the document's own title.")
    )
    language = forms.ChoiceField(choices=[("", _("Detect")), *Language.choices], required=False)
    year = forms.IntegerField(min_value=1800, max_value=2100, required=False)
    kind = forms.ChoiceField(choices=Source.Kind.choices, initial=Source.Kind.ARTICLE)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            check_size(upload.size)
        except SourceFileError as error:
            raise ValidationError(str(error)) from None
        return upload


class CreatorInline(admin.TabularInline):
    """The source's authors, supervisors and editors, in the order the source prints them."""

    model = Creator
    extra = 1
    fields = ["position", "family_name", "given_names", "role"]


@admin.register(Source)
class SourceAdmin(SimpleHistoryAdmin):
    list_display = ["title", "language", "kind", "year", "created_at"]
    list_filter = ["language", "kind", "year"]
    search_fields = ["title", "creators__family_name", "container"]
    readonly_fields = ["slug", "raw_text", "checksum", "file_name", "created_at"]
    fieldsets = [
        (None, {"fields": ["title", "kind", "language", "year"]}),
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
        (_("Dissertation"), {"fields": ["degree", "speciality"]}),
        (_("Identifiers"), {"fields": ["url", "doi", "isbn", "issn", "note"]}),
        (
            _("Imported file"),
            {
                "classes": ["collapse"],
                "fields": [
                    "slug",
                    "file_name",
                    "checksum",
                    "created_at",
                    "raw_text",
                ],
            },
        ),
    ]
    inlines = [CreatorInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_urls(self):
        view = self.admin_site.admin_view(self.import_view)
        return [path("import/", view, name="legalkb_source_import"), *super().get_urls()]

    def import_view(self, request):
        """Upload, preview what the import would make, then confirm. The upload waits in the
        session between the two, with its checksum; nothing is saved before the confirmation."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        if "confirm" in request.POST:
            return self.confirm_import(request)
        request.session.pop(PENDING_IMPORT, None)
        form = ImportSourceForm(request.POST or None, request.FILES or None)
        preview = None
        if form.is_valid():
            upload, options = form.cleaned_data["file"], form.cleaned_data
            data = upload.read()
            try:
                preview = preview_import(data, upload.name, options["title"])
            except SourceFileError as error:
                form.add_error("file", str(error))
            else:
                request.session[PENDING_IMPORT] = {
                    "data": base64.b64encode(data).decode(),
                    "checksum": preview.document.checksum,
                    "file_name": upload.name,
                    "title": preview.title,
                    "language": options["language"],
                    "year": options["year"],
                    "kind": options["kind"],
                }
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import source"),
            "opts": self.model._meta,
            "form": form,
            "preview": preview,
        }
        if preview:
            repairs = preview.document.repairs
            context.update(
                repairs=repairs.most_common(REPAIR_EXAMPLES),
                repair_count=repairs.total(),
                link_count=sum(len(p.links) for p in preview.passages),
            )
        return TemplateResponse(request, "admin/legalkb/source/import.html", context)

    def confirm_import(self, request):
        """Import the previewed upload, checked again, in one transaction."""
        pending = request.session.pop(PENDING_IMPORT, None)
        data = pending and base64.b64decode(pending["data"])
        if not pending or not request.POST["confirm"] == pending["checksum"] == checksum(data):
            self.message_user(request, _("That preview has expired: upload the file again."), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:legalkb_source_import"))
        try:
            result = import_source(
                data,
                pending["file_name"],
                title=pending["title"],
                language=pending["language"] or None,
                year=pending["year"],
                kind=pending["kind"],
            )
        except SourceFileError as error:
            self.message_user(request, str(error), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:legalkb_source_import"))
        source = result.source
        if result.created:
            message = _("Imported «%(title)s»: %(count)d passages.")
            self.message_user(
                request, message % {"title": source, "count": source.passages.count()}, messages.SUCCESS
            )
        else:
            message = _("This file is already imported as «%(title)s».")
            self.message_user(request, message % {"title": source}, messages.ERROR)
        return HttpResponseRedirect(reverse("admin:legalkb_source_change", args=[source.pk]))


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


class AnnotationInline(admin.StackedInline):
    """Filled by annotate.js from a selection in the passage text; the model checks the span."""

    model = Annotation
    fk_name = "passage"
    extra = 0
    fields = [
        "note",
        "quote",
        ("quote_start", "quote_end"),
        ("prefix", "suffix"),
        "parent",
        ("status", "visibility"),
        "is_orphaned",
        "editor",
    ]
    readonly_fields = ["is_orphaned", "editor"]
    autocomplete_fields = ["parent"]


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
    """Optimistic locking: the form carries the version it was read at, and a save over a
    newer version is refused (Passage.save makes the same check in one UPDATE)."""

    version = forms.IntegerField(widget=forms.HiddenInput)

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
        if self.instance.pk and not Passage.objects.filter(pk=self.instance.pk, version=version).exists():
            raise ValidationError(
                format_html(
                    '{} <a href="{}">{}</a>',
                    _("Someone else saved this passage while you were editing; your changes are not saved."),
                    reverse("admin:legalkb_passage_change", args=[self.instance.pk]),
                    _("Open the newer version."),
                )
            )
        return version


class ReviewFilterForm(forms.Form):
    kind = forms.ChoiceField(
        choices=[("", _("All kinds")), *((kind.name, kind.label) for kind in TAXONOMY)],
        required=False,
    )
    entry = forms.ChoiceField(required=False)
    source = forms.ModelChoiceField(Source.objects.all(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry"].choices = [("", _("All entries")), *entry_choices()]

    def links(self):
        """The automatic links no editor has reviewed yet, in passage order."""
        kind, source = self.cleaned_data["kind"], self.cleaned_data["source"]
        entry_kind, entry_pk = self.cleaned_data["entry"].partition(":")[::2]
        found = []
        for link_kind in TAXONOMY:
            if any(wanted and wanted != link_kind.name for wanted in (kind, entry_kind)):
                continue
            queryset = link_kind.link_model.objects.filter(
                origin=TaxonomyLink.Origin.AUTOMATIC, status=TaxonomyLink.Status.PROPOSED
            ).select_related("passage__source", link_kind.name).defer("passage__source__raw_text")
            if entry_pk:
                queryset = queryset.filter(**{f"{link_kind.name}_id": entry_pk})
            if source:
                queryset = queryset.filter(passage__source=source)
            found.extend(queryset)
        return sorted(found, key=lambda link: (link.passage.source_id, link.passage.position))


@admin.register(Passage)
class PassageAdmin(SimpleHistoryAdmin):
    form = PassageForm
    list_display = ["__str__", "snippet", "language", "is_heading"]
    list_filter = ["source", "language", *(kind.plural for kind in TAXONOMY), LinkStatusFilter]
    search_fields = ["text"]
    readonly_fields = ["source", "position", "start", "end", "raw_text", "updated_at"]
    fields = ["source", "position", "text", "language", "is_heading", "raw_text", "start", "end", "version"]
    inlines = [*LINK_INLINES, AnnotationInline]
    actions = ["link_to_entry", "confirm_automatic_links"]

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

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """A save that loses the race after the form's version check is refused too."""
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except StaleVersion:
            self.message_user(
                request,
                _("Someone else saved this passage while you were editing; your changes are not saved."),
                messages.ERROR,
            )
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
        self.message_user(request, _("%(count)d links confirmed.") % {"count": count}, messages.SUCCESS)

    def review_view(self, request):
        """The queue of automatic links awaiting an editor: confirm or reject one, or the selected."""
        codenames = [f"legalkb.change_{kind.link_model._meta.model_name}" for kind in TAXONOMY]
        if not request.user.has_perms(codenames):
            raise PermissionDenied
        if request.method == "POST":
            decisions = [
                ("confirm", links.confirm, _("%(count)d links confirmed.")),
                ("reject", links.reject, _("%(count)d links rejected.")),
            ]
            for decision, decide, message in decisions:
                if decision in request.POST:
                    value = request.POST[decision]
                    keys = request.POST.getlist("link") if value == "selected" else [value]
                    count = sum(decide(chosen, request.user) for chosen in chosen_links(keys))
                    self.message_user(request, message % {"count": count}, messages.SUCCESS)
            return HttpResponseRedirect(request.get_full_path())
        form = ReviewFilterForm(request.GET)
        awaiting = form.links() if form.is_valid() else []
        page = Paginator(awaiting, REVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
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
                {"link": link, "key": f"{link.entry_field}:{link.pk}", "snippet": link.snippet(SNIPPET_CHARS)}
                for link in page
            ],
        }
        return TemplateResponse(request, "admin/legalkb/passage/review.html", context)


def chosen_links(keys):
    """Querysets of the links named "kind:pk"."""
    pks = defaultdict(list)
    for key in keys:
        name, pk = key.partition(":")[::2]
        if name in KINDS and pk.isdigit():
            pks[name].append(int(pk))
    return [KINDS[name].link_model.objects.filter(pk__in=ids) for name, ids in pks.items()]


class EntryAdmin(SimpleHistoryAdmin):
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
    list_display = ["passage", "entry", "origin", "status", "matched", "created_at", "reviewed_by"]
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

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Confirm the selected automatic links"))
    def confirm(self, request, queryset):
        count = links.confirm(queryset, request.user)
        self.message_user(request, _("%(count)d links confirmed.") % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Reject the selected links"))
    def reject(self, request, queryset):
        count = links.reject(queryset, request.user)
        self.message_user(request, _("%(count)d links rejected.") % {"count": count}, messages.SUCCESS)


admin.site.register([kind.link_model for kind in TAXONOMY], LinkAdmin)


@admin.register(Annotation)
class AnnotationAdmin(SimpleHistoryAdmin):
    list_display = ["passage", "note", "status", "visibility", "is_orphaned", "editor", "updated_at"]
    list_filter = ["status", "visibility", "is_orphaned", "passage__source"]
    search_fields = ["note", "quote"]
    autocomplete_fields = ["passage", "parent"]
    readonly_fields = ["editor", "created_at", "updated_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("passage__source__raw_text")  # megabytes per row

    def save_model(self, request, obj, form, change):
        if obj.editor_id is None:
            obj.editor = request.user
        super().save_model(request, obj, form, change)


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(SimpleHistoryAdmin):
    """The kk/ru/en terms a query in one language also searches in the others."""

    list_display = ["kk", "ru", "en", "note"]
    search_fields = ["kk", "ru", "en", "note"]
