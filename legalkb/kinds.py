"""The taxonomy's kinds: principles, cited authors and reforms. Facets, index fields, page
titles, URLs, link sets and the link workflow are all derived from TAXONOMY, the only list
of the kinds. The models are reached through the app registry, so that the models may use
the kinds without importing this module's users back."""

from dataclasses import dataclass, field

from django.apps import apps
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class TaxonomyKind:
    """One kind of taxonomy entry, named by its link model's entry field: the kind
    "principle" is linked by legalkb.PrincipleLink's field "principle"."""

    name: str  # URL parameter, facet name and the link's field: "principle"
    title: str = field(compare=False)  # the plural, for headings

    @property
    def plural(self):
        """Index field, fixture key and JSON key: "principles"."""
        return f"{self.name}s"

    @property
    def link_model(self):
        return apps.get_model("legalkb", f"{self.name}link")

    @property
    def entry_model(self):
        return self.link_model._meta.get_field(self.name).related_model

    @property
    def label(self):
        """The singular, for screen readers and form choices."""
        return self.entry_model._meta.verbose_name

    @property
    def link_set(self):
        """The reverse accessor from Passage to this kind's links."""
        return f"{self.link_model._meta.model_name}_set"

    @property
    def prefetched_links(self):
        return f"active_{self.name}_links"

    @property
    def shown_link_fields(self):
        """What a badge shows of a link and its entry (not an entry's long description)."""
        entry_fields = ("slug", *self.entry_model.LABEL_FIELDS)
        return ("passage", "origin", "status", self.name, *(f"{self.name}__{f}" for f in entry_fields))

    @property
    def list_url(self):
        return reverse(f"{self.name}_list")


TAXONOMY = (
    TaxonomyKind("principle", _("Principles")),
    TaxonomyKind("author", _("Authors")),
    TaxonomyKind("reform", _("Reforms")),
)
KINDS = {kind.name: kind for kind in TAXONOMY}
