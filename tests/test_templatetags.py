"""The template tags and filters of the public pages: a passage's text as HTML, marked."""

from legalkb.models import Annotation
from legalkb.templatetags.legalkb_tags import annotated_text, reader_text


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
