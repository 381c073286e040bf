"""E-mail alerts: the new passages of readers' saved searches, mailed daily or weekly by the
background worker (legalkb.tasks).

A passage is new to a saved search when its source was imported after the search was last
looked at (SavedSearch.checked_at). Each reader gets one mail for all their searches of the
frequency that have something new, in the language they chose: for each search, its newest
passages (those holding every word), how many there are, and a link to them all; a one-click
unsubscribe link for each search and one for all of them, which the List-Unsubscribe header
also names (RFC 8058). A mail that cannot be sent is logged and its searches are looked at
again on the next run, so nothing new is lost; a search whose entry no longer exists is left
out and logged. Each search is claimed before it is looked at, so two workers running the
alerts at once never mail the same news twice.
"""

import logging
from dataclasses import dataclass, replace
from itertools import groupby

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.http import QueryDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .accounts import unsubscribe_url
from .models import SavedSearch, Source
from .search import search_passages
from .search.errors import SearchError
from .search.params import parse_search_params

log = logging.getLogger(__name__)

MAX_PASSAGES_LISTED = 10  # of one saved search in a mail; its link leads to the rest


@dataclass
class News:
    saved: SavedSearch
    count: int
    hits: list
    url: str
    unsubscribe_url: str


def send_alerts(frequency, now=None):
    """Mail every active reader the new passages of their saved searches of frequency;
    returns how many mails were sent."""
    now = now or timezone.now()
    due = SavedSearch.objects.filter(frequency=frequency, user__is_active=True)
    searches = list(due.select_related("user__reader").order_by("user_id", "pk"))
    if not searches:
        return 0
    since = min(saved.checked_at for saved in searches)
    sources = Source.objects.public().filter(created_at__gt=since, created_at__lte=now)
    imported = list(sources.values_list("slug", "created_at"))
    sent = 0
    for user, saved_searches in groupby(searches, key=lambda saved: saved.user):
        saved_searches = [saved for saved in saved_searches if claim(saved, now)]
        with translation.override(reader_language(user)):
            news = [found for saved in saved_searches if (found := new_passages(saved, imported, now))]
            if news and not _mailed(user, news):
                for saved in saved_searches:
                    release(saved, now)
                continue
        sent += bool(news)
    return sent


def claim(saved, now):
    """Take a saved search for this run: move its checked_at to now, unless another worker's run
    moved it since it was read (then that run mails it)."""
    return bool(SavedSearch.objects.filter(pk=saved.pk, checked_at=saved.checked_at).update(checked_at=now))


def release(saved, now):
    """Give a claimed search back, its news not mailed: the next run looks from where it was."""
    SavedSearch.objects.filter(pk=saved.pk, checked_at=now).update(checked_at=saved.checked_at)


def reader_language(user):
    reader = getattr(user, "reader", None)
    return reader.language if reader else settings.LANGUAGE_CODE


def new_passages(saved, imported, now):
    """The News of a saved search among the sources imported (slug, when), or None."""
    new = [slug for slug, created_at in imported if saved.checked_at < created_at <= now]
    if not new:
        return None
    try:
        request = parse_search_params(QueryDict(saved.query))
    except SearchError as error:
        log.warning("Saved search %s left out of alerts: %s", saved.pk, error.public_message())
        return None
    chosen = request.filters.get("source")
    sources = [slug for slug in new if chosen is None or slug in chosen]
    if not sources:
        return None
    filters = {**request.filters, "source": sources}
    newest = replace(request, filters=filters, sort="newest", page=1, page_size=MAX_PASSAGES_LISTED)
    response = search_passages(newest)
    if not response.count:
        return None
    return News(
        saved=saved,
        count=response.count,
        hits=[hit for hit in response.hits if hit.holds_all_words],
        url=newest_first_url(saved),
        unsubscribe_url=unsubscribe_url(saved.user, saved),
    )


def newest_first_url(saved):
    """The saved search's page on the site, its newest passages first."""
    query = QueryDict(saved.query, mutable=True)
    query["sort"] = "newest"
    return f"{settings.SITE_URL}{reverse('search')}?{query.urlencode()}"


def _mailed(user, news):
    """Send the reader's mail; False (logged) when it could not be sent."""
    stop_all = unsubscribe_url(user)
    context = {"news": news, "site_url": settings.SITE_URL, "unsubscribe_all_url": stop_all}
    message = EmailMultiAlternatives(
        subject=render_to_string("accounts/alert_email_subject.txt", context).strip(),
        body=render_to_string("accounts/alert_email.txt", context),
        to=[user.email],
        headers={"List-Unsubscribe": f"<{stop_all}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
    message.attach_alternative(render_to_string("accounts/alert_email.html", context), "text/html")
    try:
        message.send()
    except Exception:
        log.exception("The alert mail to user %s could not be sent; it is tried again next time.", user.pk)
        return False
    return True
