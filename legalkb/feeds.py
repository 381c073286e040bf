"""Atom 1.0 feeds (Django's syndication framework), newest first: the passages of any search
(the search page's parameters), of every taxonomy entry and act, and the new sources.

A passage is new when its source was imported: feeds date each passage by its source's import
and list the newest sources' passages first, as the search's "newest" order does.
"""

from dataclasses import replace
from html import escape

from django.contrib.syndication.views import Feed
from django.db.models import prefetch_related_objects
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .kinds import KINDS
from .models import Act, Source
from .search import SearchRequest, search_passages
from .search.errors import SearchError
from .search.params import describe, parse_search_params
from .throttle import throttled
from .views import error_response

FEED_ITEMS = 50


@throttled("feed")
class PassagesFeed(Feed):
    """A feed of the passages a search finds, newest first; get_object gives (title, page
    address, SearchRequest)."""

    feed_type = Atom1Feed

    def __call__(self, request, *args, **kwargs):
        try:
            return super().__call__(request, *args, **kwargs)
        except SearchError as error:
            return error_response(request, error, answer_as="text")

    def title(self, obj):
        return obj[0]

    def link(self, obj):
        return obj[1]

    def items(self, obj):
        hits = search_passages(replace(obj[2], sort="newest", page=1, page_size=FEED_ITEMS)).hits
        prefetch_related_objects([hit.passage.source for hit in hits], "creators")
        return hits

    def item_title(self, hit):
        return f"{hit.passage.source.title} § {hit.passage.position}"

    def item_description(self, hit):
        return escape(hit.passage.text)

    def item_link(self, hit):
        return hit.passage.get_absolute_url()

    def item_pubdate(self, hit):
        return hit.passage.source.created_at

    def item_updateddate(self, hit):
        return hit.passage.updated_at

    def item_author_name(self, hit):
        return "; ".join(str(creator) for creator in hit.passage.source.creators.all()) or None

    def item_categories(self, hit):
        return [entry.label for _kind, entries in hit.tags for entry in entries]


class SearchFeed(PassagesFeed):
    def get_object(self, request):
        search_request = parse_search_params(request.GET)
        query = request.GET.copy()
        query.pop("page", None)
        page = f"{reverse('search')}?{query.urlencode()}"
        return _("legalkb: %(search)s") % {"search": describe(search_request)}, page, search_request

    def description(self, obj):
        return _("New passages for this search in the legal scholarship knowledge base.")


class EntryFeed(PassagesFeed):
    def get_object(self, request, kind, slug):
        entry = get_object_or_404(KINDS[kind].entry_model, slug=slug)
        title = _("legalkb: new passages on %(name)s") % {"name": entry.label}
        return title, entry.get_absolute_url(), SearchRequest(filters={kind: [slug]})


class ActFeed(PassagesFeed):
    def get_object(self, request, slug):
        act = get_object_or_404(Act.objects.public(), slug=slug)
        title = _("legalkb: new passages citing %(name)s") % {"name": act.label}
        return title, act.get_absolute_url(), SearchRequest(filters={"act": [slug]})


@throttled("feed")
class SourcesFeed(Feed):
    feed_type = Atom1Feed

    def title(self):
        return _("legalkb: new sources")

    def link(self):
        return reverse("source_list")

    def items(self):
        sources = Source.objects.public().with_passage_counts().prefetch_related("creators")
        return sources.order_by("-created_at")[:FEED_ITEMS]

    def item_title(self, source):
        return source.title

    def item_description(self, source):
        passages = ngettext("%(count)d passage", "%(count)d passages", source.passage_count) % {
            "count": source.passage_count
        }
        parts = (source.get_kind_display(), source.year, passages)
        return escape(", ".join(str(part) for part in parts if part))

    def item_pubdate(self, source):
        return source.created_at

    def item_author_name(self, source):
        return "; ".join(str(creator) for creator in source.creators.all()) or None
