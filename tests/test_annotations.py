"""Annotations follow their passage's text: an edit moves each span with its words, or flags
the annotation as orphaned when its words are gone; none is dropped."""

import pytest

from legalkb.annotations import follow_edit, follow_text
from legalkb.models import Annotation

QUOTE = "кінәлілік презумпциясы"


@pytest.fixture
def annotated(corpus, editor):
    """A passage with one annotation on QUOTE."""
    passage = corpus.article.passages.get(text__contains=QUOTE)
    annotation = Annotation(passage=passage, editor=editor, note="Маңызды", quote=QUOTE)
    annotation.full_clean()
    annotation.save()
    return passage


def edit(passage, text):
    old_text, passage.text = passage.text, text
    passage.save()
    follow_edit(passage, old_text)
    return passage.annotations.get()


def test_an_edit_before_the_quote_moves_the_span_with_its_words(annotated):
    annotation = edit(annotated, "Кіріспе. " + annotated.text)
    assert annotated.text[annotation.quote_start : annotation.quote_end] == QUOTE
    assert not annotation.is_orphaned


def test_an_edit_that_removes_the_quoted_words_flags_the_annotation_and_keeps_it(annotated):
    annotation = edit(annotated, "Мүлде басқа мәтін.")
    assert annotation.is_orphaned
    assert (annotation.quote, annotation.note) == (QUOTE, "Маңызды")


def test_a_save_that_leaves_the_text_as_it_was_touches_no_annotation(annotated, django_assert_num_queries):
    with django_assert_num_queries(0):
        follow_edit(annotated, annotated.text)


def test_following_a_text_says_whether_the_span_changed(annotated):
    annotation = annotated.annotations.get()
    assert not follow_text(annotation, annotated.text)
    assert follow_text(annotation, "Кіріспе. " + annotated.text)
    assert annotation.quote_start == annotated.text.index(QUOTE) + len("Кіріспе. ")
