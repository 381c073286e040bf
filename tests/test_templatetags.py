"""The template tags and filters of the public pages: a passage's text as HTML, marked."""

from django.utils import translation
from django.utils.html import escape, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from legalkb.models import Annotation
from legalkb.search import Hit, Tier
from legalkb.templatetags.legalkb_tags import annotated_text, badges, html_rows, reader_text, result_item
from legalkb.text.analysis import tokenize
from legalkb.text.highlight import Marks


def test_the_public_text_marks_only_public_annotations(corpus, editor):
    passage = corpus.article.passages.get(text__contains="кінәлілік презумпциясы")
    start = passage.text.index("кінәлілік")
    for visibility in ("public", "internal"):
        annotation = Annotation(
            passage=passage, editor=editor, note=visibility, quote="кінәлілік", visibility=visibility
        )
        annotation.full_clean()
        annotation.save()
    html = annotated_text(passage)
    public = passage.annotations.get(note="public")
    assert html.count("<mark") == 1
    assert f'data-annotations="{public.pk}">кінәлілік</mark>' in html
    assert html.index("<mark") == len(passage.text[:start])


def test_the_reader_text_marks_notes_and_no_annotations(corpus, editor):
    passage = corpus.article.passages.get(text__contains="кінәлілік презумпциясы")
    annotation = Annotation(passage=passage, editor=editor, note="?", quote="кінәлілік", visibility="public")
    annotation.full_clean()
    annotation.save()
    passage.notes.create(mark="1", offset=3, text="Ескерту.", language="kk")
    html = reader_text(passage)
    assert "<mark" not in html
    assert html.startswith(passage.text[:3] + '<sup class="note-mark">')
    assert f'<a id="note-{passage.pk}-1-ref" href="#note-{passage.pk}-1">1</a></sup>' in html


def tagged_passage(corpus):
    return corpus.article.passages.filter(principlelink__isnull=False).first()


def test_a_result_links_its_passage_and_says_how_it_matched(corpus):
    passage = tagged_passage(corpus)
    marks = Marks(words=(max((token.text for token in tokenize(passage.text)), key=len),))

    with translation.override("en"):
        every_word, related, some = (result_item(Hit(passage, marks, tier)) for tier in Tier.NAMES)

    title = f"{escape(passage.source.title)} § {passage.position}"
    heading = f'<a href="{passage.get_absolute_url()}">{title}</a>'
    for html in (every_word, related, some):
        assert heading in html and 'class="badge badge-principle' in html and "<mark>" in html
    assert "some-words" not in every_word and "related-forms" not in every_word
    assert '<p class="some-words small text-muted mb-1">Holds only some of the words</p>' in some
    assert "related-forms" not in related  # the passage holds the word itself: no related form to name


def test_badges_speak_the_active_language(corpus):
    links = tagged_passage(corpus).tag_links

    with translation.override("en"):
        english = badges(links)
    with translation.override("ru"):
        russian = badges(links)

    assert 'aria-label="Tags"' in english and 'aria-label="Tags"' not in russian


def test_a_result_found_by_a_related_form_names_it(corpus):
    passage = corpus.article.passages.filter(text__contains="заңдылық").first()

    with translation.override("en"):
        html = result_item(Hit(passage, Marks(words=("заңды",)), Tier.RELATED))

    assert '<p class="related-forms small text-muted mb-1">Related forms: заңдылық' in html
    assert '<mark class="related">заңдылық' in html


def test_rows_of_html_are_escaped_as_format_html_join_escapes_them():
    rows = [("<b>", 'a "quote"', 3), (mark_safe("<i>safe</i>"), gettext_lazy("Tags"), "&")]
    template = "<li>{0}|{1}|{2}</li>"
    assert html_rows(template, rows) == format_html_join("", template, rows)
    assert "&lt;b&gt;" in html_rows(template, rows) and "<i>safe</i>" in html_rows(template, rows)
