"""Alerts: the new passages of saved searches, mailed once, daily or weekly, in the reader's
language, with one-click unsubscribe links; never from withdrawn sources."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone

from legalkb.alerts import send_alerts
from legalkb.models import PrincipleLink, Reader, SavedSearch, Source

pytestmark = pytest.mark.django_db

WEEKLY, DAILY = SavedSearch.Frequency.WEEKLY, SavedSearch.Frequency.DAILY


def follow(query, frequency=WEEKLY, email="reader@example.org", language="kk", active=True):
    """A reader's saved search last looked at before the session corpus was imported."""
    user = User.objects.create_user(email, email, "a-long-reader-password", is_active=active)
    Reader.objects.create(user=user, language=language)
    before = Source.objects.order_by("created_at").first().created_at - timedelta(days=1)
    saved = SavedSearch(user=user, name=query, query=query, frequency=frequency, checked_at=before)
    saved.save()
    return saved


def test_new_passages_of_a_followed_entry_are_mailed_with_links(corpus, mailoutbox):
    follow("principle=legality")

    assert send_alerts(WEEKLY) == 1

    (message,) = mailoutbox
    linked = PrincipleLink.objects.active().filter(principle__slug="legality")
    assert any(f"/passages/{link.passage_id}/" in message.body for link in linked)
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/account/unsubscribe/" in message.body
    assert message.alternatives[0][1] == "text/html"


def test_passages_are_mailed_once(corpus, mailoutbox):
    follow("principle=legality")
    send_alerts(WEEKLY)

    assert send_alerts(WEEKLY) == 0
    assert len(mailoutbox) == 1


def test_a_search_is_looked_at_even_when_nothing_is_new(corpus, mailoutbox):
    saved = follow("q=ешбірмәтіндежоқсөз")
    now = timezone.now()

    assert send_alerts(WEEKLY, now=now) == 0

    assert SavedSearch.objects.get(pk=saved.pk).checked_at == now and not mailoutbox


def test_the_mail_is_in_the_readers_language(corpus, mailoutbox):
    follow("principle=legality", language="ru")

    send_alerts(WEEKLY)

    assert mailoutbox[0].subject.startswith("legalkb: новые")


def test_only_searches_of_the_frequency_are_mailed(corpus, mailoutbox):
    follow("principle=legality", frequency=DAILY)

    assert send_alerts(WEEKLY) == 0
    assert send_alerts(DAILY) == 1


def test_one_mail_holds_all_of_a_readers_searches(corpus, mailoutbox):
    saved = follow("principle=legality")
    SavedSearch.objects.create(user=saved.user, name="заң", query="q=заң", checked_at=saved.checked_at)

    send_alerts(WEEKLY)

    (message,) = mailoutbox
    assert message.body.count("/account/unsubscribe/") == 3  # each search's, and all of them


def test_unconfirmed_readers_and_unsubscribed_searches_get_nothing(corpus, mailoutbox):
    follow("principle=legality", active=False)
    follow("q=заң", frequency=SavedSearch.Frequency.NEVER, email="other@example.org")

    assert send_alerts(WEEKLY) == 0 and not mailoutbox


def test_withdrawn_sources_are_never_mailed(corpus, mailoutbox):
    Source.objects.update(withdrawn=True)
    follow("principle=legality")

    assert send_alerts(WEEKLY) == 0


def test_a_mail_that_cannot_be_sent_is_tried_again_next_time(corpus, mailoutbox, monkeypatch):
    saved = follow("principle=legality")

    def refused(message):
        raise ConnectionRefusedError("no SMTP server")

    monkeypatch.setattr(EmailMultiAlternatives, "send", refused)
    assert send_alerts(WEEKLY) == 0
    assert SavedSearch.objects.get(pk=saved.pk).checked_at == saved.checked_at
    monkeypatch.undo()

    assert send_alerts(WEEKLY) == 1


def test_a_search_whose_entry_is_gone_is_left_out(corpus, mailoutbox):
    follow("principle=no-longer-there")

    assert send_alerts(WEEKLY) == 0


def test_a_search_another_run_claimed_is_not_claimed_again(corpus):
    from legalkb.alerts import claim

    saved = follow("principle=legality")
    now = timezone.now()

    assert claim(saved, now) is True
    assert claim(saved, now) is False  # another worker read the same row before the first claim
