"""Readers' accounts: sign-up confirmed by e-mail, sign-in with lockouts, password resets,
saved searches and followed entries, one-click unsubscribing, and deleting an account."""

import re
from urllib.parse import unquote

import pytest
from django.contrib.auth.models import User
from django.core import signing
from django.http import QueryDict
from django.test import override_settings

from legalkb.accounts import CONFIRM_SALT, unsubscribe_url
from legalkb.models import Reader, SavedSearch

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-reader-password"
EMAIL = "reader@example.org"


def sign_up(client, email=EMAIL, password=PASSWORD, again=None, **extra):
    data = {"email": email, "password": password, "password_again": again or password}
    return client.post("/account/signup/", data, **extra)


def link_in(message):
    return re.search(r"https?://\S+", message.body).group()


def make_reader(email=EMAIL, language="kk"):
    user = User.objects.create_user(email, email, PASSWORD)
    Reader.objects.create(user=user, language=language)
    return user


@pytest.fixture
def reader(db):
    return make_reader()


@pytest.fixture
def reader_client(client, reader):
    client.force_login(reader)
    return client


def test_signing_up_makes_an_unconfirmed_reader_and_mails_a_link(client, mailoutbox):
    response = sign_up(client, email="Reader@Example.org", headers={"accept-language": "ru"})

    assert response.status_code == 302 and response["Location"] == "/account/signup/done/"
    user = User.objects.get(username=EMAIL)
    assert (user.email, user.is_active, user.is_staff, user.groups.count()) == (EMAIL, False, False, 0)
    assert user.reader.language == "ru"
    (message,) = mailoutbox
    assert message.to == [EMAIL] and "/account/confirm/" in link_in(message)


def test_the_link_confirms_the_address_and_the_reader_signs_in(client, mailoutbox):
    sign_up(client)

    assert client.get(link_in(mailoutbox[0])).status_code == 200

    assert User.objects.get(username=EMAIL).is_active
    response = client.post("/account/login/", {"username": "READER@example.org", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/account/"


def test_an_unconfirmed_reader_cannot_sign_in(client, mailoutbox):
    sign_up(client)

    response = client.post("/account/login/", {"username": EMAIL, "password": PASSWORD})

    assert response.status_code == 200 and "_auth_user_id" not in client.session


def test_a_changed_or_old_link_is_refused(client, mailoutbox):
    sign_up(client)
    user = User.objects.get(username=EMAIL)
    old = signing.TimestampSigner(salt=CONFIRM_SALT).sign_object({"user": user.pk, "email": EMAIL})

    assert client.get(link_in(mailoutbox[0]).rstrip("/") + "x/").status_code == 400
    with override_settings(CONFIRMATION_DAYS=-1):
        assert client.get(f"/account/confirm/{old}/").status_code == 400
    assert not User.objects.get(username=EMAIL).is_active


def test_signing_up_with_a_taken_address_answers_the_same_and_tells_its_owner(client, reader, mailoutbox):
    response = sign_up(client)

    assert response["Location"] == "/account/signup/done/"
    (message,) = mailoutbox
    assert "/account/password/" in link_in(message)
    assert User.objects.filter(username=EMAIL).count() == 1


@pytest.mark.parametrize("password, again", [("12345678", None), (PASSWORD, "another-long-password")])
def test_weak_or_differing_passwords_are_refused(client, password, again, mailoutbox):
    response = sign_up(client, password=password, again=again)

    assert response.status_code == 200 and response.context["form"].errors
    assert not User.objects.exists() and not mailoutbox


def test_readers_never_enter_the_admin(reader_client):
    response = reader_client.get("/admin/")

    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_five_wrong_passwords_lock_a_reader_out_whatever_the_case_typed(client, reader):
    for typed in (EMAIL, EMAIL.upper(), EMAIL, EMAIL.title()):
        client.post("/account/login/", {"username": typed, "password": "wrong"})
    assert client.post("/account/login/", {"username": EMAIL, "password": "wrong"}).status_code == 429

    response = client.post("/account/login/", {"username": EMAIL, "password": PASSWORD})

    assert response.status_code == 429 and "_auth_user_id" not in client.session
    assert "15" in response.content.decode()


@pytest.fixture
def throttled(tmp_path):
    """The throttle on (the test settings turn it off), with counts of this test's own."""
    limits = {"signup": "2/h", "mail": "1/h"}
    with override_settings(THROTTLE_ENABLED=True, ACCOUNT_RATES=limits, THROTTLE_PATH=tmp_path / "counts"):
        yield


def test_sign_ups_from_one_address_are_limited(client, throttled, mailoutbox):
    for n in range(2):
        assert sign_up(client, email=f"reader{n}@example.org").status_code == 302

    response = sign_up(client, email="reader9@example.org")

    assert response.status_code == 429 and len(mailoutbox) == 2


def test_mails_to_one_address_are_limited_from_any_client(client, throttled, mailoutbox):
    assert sign_up(client, REMOTE_ADDR="198.51.100.1").status_code == 302

    assert sign_up(client, REMOTE_ADDR="198.51.100.2").status_code == 429
    assert len(mailoutbox) == 1


def test_a_reader_resets_a_forgotten_password_and_an_editor_cannot(client, reader, editor, mailoutbox):
    editor.email = "editor@example.org"
    editor.save()

    client.post("/account/password/", {"email": EMAIL})
    client.post("/account/password/", {"email": "editor@example.org"})

    (message,) = mailoutbox
    assert message.to == [EMAIL]
    form = client.get(link_in(message), follow=True)
    new = {"new_password1": "another-long-password", "new_password2": "another-long-password"}
    assert client.post(form.redirect_chain[-1][0], new).status_code == 302
    assert User.objects.get(pk=reader.pk).check_password("another-long-password")


def test_saving_a_search_keeps_what_it_finds_and_mails_it_weekly(reader_client, corpus):
    query = "q=жауапкершілік&principle=legality&page=3&sort=source"

    response = reader_client.post("/account/searches/", {"query": query, "next": f"/search/?{query}"})

    assert unquote(response["Location"]) == f"/search/?{query}"
    saved = SavedSearch.objects.get()
    assert QueryDict(saved.query) == QueryDict("q=жауапкершілік&principle=legality")
    assert (saved.name, saved.frequency) == ("«жауапкершілік», Заңдылық қағидаты", "weekly")


def test_saving_a_search_with_an_unknown_entry_says_why_and_saves_nothing(reader_client, corpus):
    response = reader_client.post("/account/searches/", {"query": "principle=nothing-like-it"}, follow=True)

    assert not SavedSearch.objects.exists()
    assert "nothing-like-it" in response.content.decode()


def test_following_an_entry_from_its_page(reader_client, corpus):
    html = reader_client.get("/principles/legality/").content.decode()
    assert 'name="query" value="principle=legality"' in html

    reader_client.post("/account/searches/", {"query": "principle=legality", "next": "/principles/legality/"})

    assert SavedSearch.objects.get().get_absolute_url() == "/search/?principle=legality"


def test_a_reader_changes_how_often_a_search_is_mailed_and_forgets_it(reader_client, reader):
    saved = SavedSearch.objects.create(user=reader, name="заң", query="q=заң")

    reader_client.post(f"/account/searches/{saved.pk}/", {"frequency": "daily"})
    assert SavedSearch.objects.get().frequency == "daily"

    reader_client.post(f"/account/searches/{saved.pk}/", {"delete": "1"})
    assert not SavedSearch.objects.exists()


def test_another_readers_search_cannot_be_changed(reader_client):
    other = SavedSearch.objects.create(user=make_reader("other@example.org"), name="заң", query="q=заң")

    assert reader_client.post(f"/account/searches/{other.pk}/", {"delete": "1"}).status_code == 404
    assert SavedSearch.objects.filter(pk=other.pk).exists()


def test_the_one_click_link_stops_one_search_and_the_other_link_all(client, reader):
    one = SavedSearch.objects.create(user=reader, name="заң", query="q=заң", frequency="daily")
    other = SavedSearch.objects.create(user=reader, name="мемлекет", query="q=мемлекет")

    assert client.get(unsubscribe_url(reader, one)).status_code == 200
    assert SavedSearch.objects.get(pk=one.pk).frequency == "never"
    assert SavedSearch.objects.get(pk=other.pk).frequency == "weekly"

    assert client.post(unsubscribe_url(reader)).status_code == 204  # a mail program's button (RFC 8058)
    assert set(SavedSearch.objects.values_list("frequency", flat=True)) == {"never"}


def test_a_changed_unsubscribe_link_is_refused(client, reader):
    SavedSearch.objects.create(user=reader, name="заң", query="q=заң")

    url = unsubscribe_url(reader)
    changed = url[:-3] + ("B" if url[-3] == "A" else "A") + url[-2:]

    assert client.get(changed).status_code == 400
    assert SavedSearch.objects.get().frequency == "weekly"


def test_deleting_the_account_takes_the_password_and_removes_everything(reader_client, reader):
    SavedSearch.objects.create(user=reader, name="заң", query="q=заң")

    assert reader_client.post("/account/delete/", {"password": "wrong"}).status_code == 200
    assert User.objects.filter(pk=reader.pk).exists()

    response = reader_client.post("/account/delete/", {"password": PASSWORD})

    assert response["Location"] == "/"
    assert not User.objects.filter(pk=reader.pk).exists()
    assert not Reader.objects.exists() and not SavedSearch.objects.exists()
    assert "_auth_user_id" not in reader_client.session


def test_editors_cannot_delete_their_account_here(editor_client, editor):
    assert editor_client.post("/account/delete/", {"password": "a-long-editor-password"}).status_code == 403
    assert User.objects.filter(pk=editor.pk).exists()


def test_the_account_page_needs_a_signed_in_reader(client):
    response = client.get("/account/")

    assert response.status_code == 302 and response["Location"] == "/account/login/?next=/account/"
