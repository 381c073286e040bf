"""The admin in Kazakh (and Russian): every page an editor can reach, rendered with the interface
in Kazakh, shows no interface string left in English, whether ours or one of Django's admin and
of django-simple-history. A string counts as left in English when it is one of the English
messages of these catalogues and the Kazakh catalogues do not translate it; it is looked for as
a whole piece of text on the page (a text node or a label attribute). And the catalogues are
complete in kk, ru and en."""

import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import django
import polib
import pytest
import simple_history
from django.conf import settings
from django.utils import translation
from test_admin_workflow import IMPORT_URL, REVIEW_URL, confirm, import_file, worker  # noqa: F401

from legalkb.models import (
    Annotation,
    Author,
    AuthorLink,
    ImportJob,
    Passage,
    Principle,
    PrincipleLink,
    Reform,
    ReformLink,
    Source,
)

LOCALE = Path(settings.LOCALE_PATHS[0])
DJANGO = Path(django.__file__).parent
# The catalogues whose English messages the admin shows: ours, Django's (forms and validation,
# the admin, accounts) and django-simple-history's (which has no English one: German lists them).
ENGLISH_CATALOGUES = [
    LOCALE / "en" / "LC_MESSAGES" / "django.po",
    DJANGO / "conf" / "locale" / "en" / "LC_MESSAGES" / "django.po",
    DJANGO / "contrib" / "admin" / "locale" / "en" / "LC_MESSAGES" / "django.po",
    DJANGO / "contrib" / "auth" / "locale" / "en" / "LC_MESSAGES" / "django.po",
    Path(simple_history.__file__).parent / "locale" / "de" / "LC_MESSAGES" / "django.po",
]
LABEL_ATTRIBUTES = {"title", "placeholder", "aria-label", "alt", "data-button", "data-empty"}
ENGLISH_WORDS = re.compile(r"[A-Za-z]+(?: [A-Za-z]+)*")
ACRONYMS = {"URL", "DOI", "ISBN", "ISSN"}  # the same in every language
PLACEHOLDER = r"%\(\w+\)[sd]|%[sd]|\{\w*\}"  # %(name)s, %s, {name}


@cache
def ours_translated(language):
    """Our messages that the language's catalogue translates (some, like "URL", alike)."""
    catalogue = polib.pofile(LOCALE / language / "LC_MESSAGES" / "django.po")
    return {entry.msgid for entry in catalogue.translated_entries()}


def is_words(message):
    """Whether a message has words of its own, besides its placeholders."""
    return re.search(r"[A-Za-z]{2}", re.sub(PLACEHOLDER, "", message)) is not None


@cache
def left_in_english(language):
    """{English message: pattern matching it as a whole text} for every message of the catalogues
    that the interface in the language shows untranslated."""
    found = {}
    with translation.override(language):
        for path in ENGLISH_CATALOGUES:
            for entry in polib.pofile(path):
                for message, shown in english_and_shown(entry):
                    if message == shown and message not in ours_translated(language) and is_words(message):
                        found[message] = as_pattern(message)
    return found


def as_pattern(message):
    """The message as a regular expression, its placeholders matching any text."""
    pattern = ".+?".join(re.escape(part) for part in re.split(PLACEHOLDER, message.strip()))
    return re.compile(pattern, re.IGNORECASE)


def english_and_shown(entry):
    """(English, as the active language shows it) for each form of a catalogue entry."""
    if entry.msgid_plural:
        forms = [(entry.msgid, 1), (entry.msgid_plural, 2)]
        if entry.msgctxt:
            context = entry.msgctxt
            return [(m, translation.npgettext(context, entry.msgid, entry.msgid_plural, n)) for m, n in forms]
        return [(m, translation.ngettext(entry.msgid, entry.msgid_plural, n)) for m, n in forms]
    if entry.msgctxt:
        return [(entry.msgid, translation.pgettext(entry.msgctxt, entry.msgid))]
    return [(entry.msgid, translation.gettext(entry.msgid))]


class PageTexts(HTMLParser):
    """The texts a reader sees or hears: text nodes outside scripts and styles, label attributes,
    and the values of buttons; and apart, the texts of field labels and column headings."""

    def __init__(self, html):
        super().__init__()
        self.texts, self.labels, self.hidden, self.labelling, self.heading = [], [], 0, 0, 0
        self.feed(html)

    def is_label(self, tag):
        return tag == "label" or (tag == "th" and self.heading)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style", "template"):
            self.hidden += 1
        self.heading += tag == "thead"
        if self.is_label(tag):
            self.labelling += 1
            self.labels.append("")
        shown = {name: value for name, value in attrs.items() if name in LABEL_ATTRIBUTES and value}
        if tag == "input" and attrs.get("type") in ("submit", "button", "reset") and attrs.get("value"):
            shown["value"] = attrs["value"]
        self.texts += shown.values()

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template"):
            self.hidden -= 1
        if self.is_label(tag):
            self.labelling -= 1
        self.heading -= tag == "thead"

    def handle_data(self, data):
        if not self.hidden and data.strip():
            self.texts.append(data)
        if self.labelling:
            self.labels[-1] += data


def english_on(response):
    """The English messages found as whole texts of the page, in its interface's language, and
    the field labels and column headings in English words, which no catalogue may hold (a label
    Django makes from a name)."""
    page = PageTexts(response.content.decode())
    texts = {" ".join(text.split()).rstrip(":").strip() for text in page.texts}
    left = left_in_english(response.wsgi_request.LANGUAGE_CODE).items()
    labels = {" ".join(label.split()).rstrip(":?").strip() for label in page.labels}
    named = {label for label in labels if ENGLISH_WORDS.fullmatch(label) and label not in ACRONYMS}
    return sorted({message for message, pattern in left for text in texts if pattern.fullmatch(text)} | named)


@pytest.fixture(params=["kk", "ru"])
def kazakh(request, editor_client):
    """The editor's client with the interface in Kazakh, and again in Russian."""
    editor_client.defaults["HTTP_ACCEPT_LANGUAGE"] = request.param
    return editor_client


@pytest.fixture
def objects(corpus, own_index, editor, kazakh, worker):  # noqa: F811
    """One of everything an editor sees, each job state included."""
    passage = corpus.article.passages.get(text__contains="кінәлілік презумпциясы")
    note = Annotation(passage=passage, editor=editor, note="Ескертпе", quote="кінәлілік презумпциясы")
    note.full_clean()
    note.save()
    Annotation.objects.create(passage=passage, editor=editor, note="Жауап", parent=note)
    data = "\n\n".join(["Жаңа мақала", "Заңдық жауапкершілік туралы."]).encode("kz1048")
    previewed = import_file(kazakh, worker, "new.txt", data).context["job"]
    done = import_file(kazakh, worker, "done.txt", "Басқа мақала. Реформа туралы.".encode())
    confirm(kazakh, worker, done)
    refused = import_file(kazakh, worker, "scan.pdf", b"%PDF-1.4 not really").context["job"]
    reading = ImportJob.objects.create(file_name="big.txt", data=b"...", created_by=editor)
    return {
        Source: corpus.article,
        Passage: passage,
        Principle: Principle.objects.get(slug="legal-responsibility"),
        Author: Author.objects.first(),
        Reform: Reform.objects.first(),
        PrincipleLink: PrincipleLink.objects.first(),
        AuthorLink: AuthorLink.objects.first(),
        ReformLink: ReformLink.objects.first(),
        Annotation: note,
        ImportJob: [previewed, done.context["job"], refused, reading],
    }


def admin_url(obj, view="change"):
    return f"/admin/legalkb/{obj._meta.model_name}/{obj.pk}/{view}/"


def reachable_pages(objects):
    """Every page an editor reaches with a GET: the index, each list (plain, searched, filtered),
    each add form, each change form and history, a history entry's revert form, the import page,
    the review queue and the password form."""
    pages = ["/admin/", "/admin/legalkb/", IMPORT_URL, REVIEW_URL]
    pages += ["/admin/password_change/", "/admin/password_change/done/"]
    for model, chosen in objects.items():
        name = model._meta.model_name
        pages += [f"/admin/legalkb/{name}/{query}" for query in ("", "?q=жоқсөз", "?o=1")]
        for obj in chosen if isinstance(chosen, list) else [chosen]:
            pages.append(admin_url(obj))
            if hasattr(model, "history"):
                entry = obj.history.first().history_id
                pages += [admin_url(obj, "history"), admin_url(obj, f"history/{entry}")]
    for model in (Principle, Author, Reform, PrincipleLink, AuthorLink, ReformLink, Annotation):
        pages.append(f"/admin/legalkb/{model._meta.model_name}/add/")
    pages += ["/admin/legalkb/passage/?withdrawn__exact=1", "/admin/legalkb/passage/?link_status=proposed"]
    return pages


def test_every_page_an_editor_reaches_is_in_kazakh_and_russian(kazakh, objects):
    found = {}
    for url in reachable_pages(objects):
        response = kazakh.get(url)
        assert response.status_code == 200, url
        if english := english_on(response):
            found[url] = english
    assert found == {}


def test_the_pages_after_posting_are_in_kazakh_and_russian(kazakh, objects):
    """Messages, form errors and an action's own page."""
    passage = objects[Passage]
    responses = {
        "empty principle": kazakh.post("/admin/legalkb/principle/add/", {}),
        "empty upload": kazakh.post(IMPORT_URL, {}),
        "link action": kazakh.post(
            "/admin/legalkb/passage/", {"action": "link_to_entry", "_selected_action": [passage.pk]}
        ),
        "withdraw action": kazakh.post(
            "/admin/legalkb/passage/", {"action": "withdraw", "_selected_action": [passage.pk]}, follow=True
        ),
        "confirm action": kazakh.post(
            "/admin/legalkb/principlelink/",
            {"action": "confirm", "_selected_action": [objects[PrincipleLink].pk]},
            follow=True,
        ),
        "saved principle": kazakh.post(
            admin_url(objects[Principle]),
            {"name_kk": "Жауапкершілік", "slug": "legal-responsibility", "aliases": "[]"},
            follow=True,
        ),
        "source add": kazakh.get("/admin/legalkb/source/add/", follow=True),
        "logged out": kazakh.post("/admin/logout/"),
    }
    found = {}
    for what, response in responses.items():
        assert response.status_code == 200, what
        if english := english_on(response):
            found[what] = english
    assert found == {}
    saved = responses["saved principle"]
    endings = {"kk": "(қағидат) сәтті өзгертілді.", "ru": "был успешно изменен."}
    message = endings[saved.wsgi_request.LANGUAGE_CODE]
    assert [str(m).endswith(message) for m in saved.context["messages"]] == [True]


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_the_login_page_is_in_the_interfaces_language(client, language):
    assert english_on(client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE=language)) == []


def test_the_header_names_the_site(kazakh, corpus):
    html = kazakh.get("/admin/").content.decode()
    assert '<a href="/admin/">legalkb</a>' in html and "Даңғо" not in html


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_catalogues_are_complete(language):
    catalogue = polib.pofile(LOCALE / language / "LC_MESSAGES" / "django.po")
    assert [e.msgid for e in catalogue.fuzzy_entries()] == []
    assert [e.msgid for e in catalogue.obsolete_entries()] == []
    if language != "en":  # English messages are their own translation
        assert [e.msgid for e in catalogue.untranslated_entries()] == []


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_the_compiled_catalogues_hold_every_translation(language):
    compiled = polib.mofile(LOCALE / language / "LC_MESSAGES" / "django.mo")
    catalogue = polib.pofile(LOCALE / language / "LC_MESSAGES" / "django.po")
    assert {(e.msgctxt, e.msgid) for e in compiled} == {(e.msgctxt, e.msgid) for e in catalogue}


def test_public_search_errors_are_in_kazakh(client, corpus):
    html = client.get("/search/?page=abc", HTTP_ACCEPT_LANGUAGE="kk").content.decode()
    assert "бүтін сан болуы керек" in html
