from django import forms
from django.contrib import admin, messages
from django.db.models import Exists, OuterRef
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import (
    LINK_MODELS,
    Annotation,
    Author,
    AuthorLink,
    Passage,
    Principle,
    PrincipleLink,
    Reform,
    ReformLink,
    Source,
    TaxonomyLink,
)
from .tagging import ENTRY_MODELS


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "language", "kind", "year", "created_at"]
    list_filter = ["language", "kind"]
    search_fields = ["title"]
    readonly_fields = ["raw_text", "checksum", "file_name", "created_at"]


class LinkInline(admin.TabularInline):
    extra = 0
    fields = ["entry_field", "origin", "status", "matched", "created_by", "created_at", "reviewed_by"]
    readonly_fields = ["origin", "matched", "created_by", "created_at", "reviewed_by"]

    def get_fields(self, request, obj=None):
        return [self.model.entry_field, *self.fields[1:]]

    def get_autocomplete_fields(self, request):
        return [self.model.entry_field]


class PrincipleLinkInline(LinkInline):
    model = PrincipleLink


class AuthorLinkInline(LinkInline):
    model = AuthorLink


class ReformLinkInline(LinkInline):
    model = ReformLink


class AnnotationInline(admin.StackedInline):
    model = Annotation
    fk_name = "passage"
    extra = 0
    fields = ["note", "quote", "quote_start", "quote_end", "status", "visibility", "editor"]
    readonly_fields = ["editor"]


class LinkStatusFilter(admin.SimpleListFilter):
    title = _("link status")
    parameter_name = "link_status"

    def lookups(self, request, model_admin):
        return TaxonomyLink.Status.choices

    def queryset(self, request, queryset):
        if self.value() not in TaxonomyLink.Status.values:
            return queryset
        condition = None
        for model in LINK_MODELS.values():
            exists = Exists(model.objects.filter(passage=OuterRef("pk"), status=self.value()))
            condition = exists if condition is None else condition | exists
        return queryset.filter(condition)


class LinkToEntryForm(forms.Form):
    entry = forms.ChoiceField(label=_("Taxonomy entry"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry"].choices = [
            (str(model._meta.verbose_name), [(f"{kind}:{e.pk}", e.label) for e in model.objects.all()])
            for kind, model in ENTRY_MODELS.items()
        ]

    def chosen(self):
        kind, pk = self.cleaned_data["entry"].split(":")
        return kind, ENTRY_MODELS[kind].objects.get(pk=pk)


@admin.register(Passage)
class PassageAdmin(admin.ModelAdmin):
    list_display = ["__str__", "snippet", "language", "is_heading"]
    list_filter = ["source", "language", "principles", "authors", "reforms", LinkStatusFilter]
    list_select_related = ["source"]
    search_fields = ["text"]
    readonly_fields = ["source", "position", "start", "end", "raw_text", "version", "updated_at"]
    fields = ["source", "position", "text", "language", "is_heading", "raw_text", "start", "end", "version"]
    inlines = [PrincipleLinkInline, AuthorLinkInline, ReformLinkInline, AnnotationInline]
    actions = ["link_to_entry", "confirm_automatic_links"]

    @admin.display(description=_("text"))
    def snippet(self, obj):
        return obj.text[:120]

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
            created = link_passages(queryset, kind, entry, request.user)
            self.message_user(
                request,
                ngettext("%(count)d passage linked to %(entry)s.", "%(count)d passages linked to %(entry)s.", created)
                % {"count": created, "entry": entry.label},
                messages.SUCCESS,
            )
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
            confirm_links(model.objects.filter(passage__in=queryset), request.user)
            for model in LINK_MODELS.values()
        )
        self.message_user(request, _("%(count)d links confirmed.") % {"count": count}, messages.SUCCESS)


def link_passages(passages, kind, entry, user):
    """Link passages to an entry as an editor's confirmed links; return how many were new."""
    model = LINK_MODELS[kind]
    created = 0
    for passage in passages:
        link, was_created = model.objects.get_or_create(
            passage=passage,
            **{kind: entry},
            defaults={"origin": TaxonomyLink.Origin.EDITOR, "created_by": user},
        )
        link.status = TaxonomyLink.Status.CONFIRMED
        link.reviewed_by, link.reviewed_at = user, timezone.now()
        link.save()
        created += was_created
    return created


def confirm_links(links, user):
    """Confirm proposed automatic links, saving each so the index follows."""
    count = 0
    for link in links.filter(origin=TaxonomyLink.Origin.AUTOMATIC, status=TaxonomyLink.Status.PROPOSED):
        link.status = TaxonomyLink.Status.CONFIRMED
        link.reviewed_by, link.reviewed_at = user, timezone.now()
        link.save()
        count += 1
    return count


class EntryAdmin(admin.ModelAdmin):
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


class LinkAdmin(admin.ModelAdmin):
    list_display = ["passage", "entry", "origin", "status", "matched", "created_at", "reviewed_by"]
    list_filter = ["status", "origin", "passage__source", "passage__language"]
    list_select_related = ["passage__source"]
    search_fields = ["passage__text", "matched"]
    autocomplete_fields = ["passage"]
    readonly_fields = ["origin", "matched", "created_by", "created_at", "reviewed_by", "reviewed_at"]
    actions = ["confirm", "reject"]

    def get_list_filter(self, request):
        return [*self.list_filter, self.model.entry_field]

    def get_autocomplete_fields(self, request):
        return ["passage", self.model.entry_field]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Confirm the selected automatic links"))
    def confirm(self, request, queryset):
        count = confirm_links(queryset, request.user)
        self.message_user(request, _("%(count)d links confirmed.") % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Reject the selected links"))
    def reject(self, request, queryset):
        count = 0
        for link in queryset.exclude(status=TaxonomyLink.Status.REJECTED):
            link.status = TaxonomyLink.Status.REJECTED
            link.reviewed_by, link.reviewed_at = request.user, timezone.now()
            link.save()
            count += 1
        self.message_user(request, _("%(count)d links rejected.") % {"count": count}, messages.SUCCESS)


admin.site.register(PrincipleLink, LinkAdmin)
admin.site.register(AuthorLink, LinkAdmin)
admin.site.register(ReformLink, LinkAdmin)


@admin.register(Annotation)
class AnnotationAdmin(admin.ModelAdmin):
    list_display = ["passage", "note", "status", "visibility", "editor", "updated_at"]
    list_filter = ["status", "visibility", "passage__source"]
    search_fields = ["note", "quote"]
    autocomplete_fields = ["passage"]
    readonly_fields = ["editor", "created_at", "updated_at"]

    def save_model(self, request, obj, form, change):
        if obj.editor_id is None:
            obj.editor = request.user
        super().save_model(request, obj, form, change)
