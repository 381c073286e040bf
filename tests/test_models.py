"""The models' own rules, whatever path saves them (admin, shell, import), and what they derive:
a passage's section path from its source's outline, and the pages cited of a passage."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from legalkb.fields import MAX_PHRASE_CHARS, MAX_PHRASES
from legalkb.models import (
    MAX_ANNOTATION_CHARS,
    MAX_NOTE_CHARS,
    MAX_THREAD_DEPTH,
    Annotation,
    Creator,
    GlossaryTerm,
    Note,
    Passage,
    Principle,
    Source,
    section_path,
    thread_above,
)

pytestmark = pytest.mark.django_db

PUBLIC = Annotation.Visibility.PUBLIC


@pytest.fixture(autouse=True)
def english():
    """Messages are read in English, the language of the source strings."""
    with translation.override("en"):
        yield


@pytest.fixture
def passage(corpus):
    return corpus.article.passages.get(position=5)


def note(passage, text, parent=None, **fields):
    return Annotation.objects.create(passage=passage, note=text, parent=parent, **fields)


def parent_error(annotation):
    with pytest.raises(ValidationError) as refused:
        annotation.full_clean(exclude=["editor"])
    return refused.value.message_dict["parent"]


# Threads cannot loop


def test_an_annotation_cannot_reply_to_itself(passage):
    question = note(passage, "Сұрақ")
    question.parent = question

    assert parent_error(question) == ["An annotation cannot reply to itself or to one of its replies."]


def test_an_annotation_cannot_reply_to_one_of_its_replies(passage):
    question = note(passage, "Сұрақ")
    reply = note(passage, "Жауап", parent=question)
    question.parent = note(passage, "Жауапқа жауап", parent=reply)

    assert parent_error(question) == ["An annotation cannot reply to itself or to one of its replies."]


def test_a_reply_may_move_to_another_thread_of_its_passage(passage):
    reply = note(passage, "Жауап", parent=note(passage, "Бірінші"))
    reply.parent = note(passage, "Екінші")

    reply.full_clean(exclude=["editor"])


def test_a_thread_holds_at_most_the_deepest_chain_of_replies(passage):
    last = note(passage, "Бастауы")
    for n in range(MAX_THREAD_DEPTH):
        last = note(passage, f"Жауап {n}", parent=last)
    too_deep = Annotation(passage=passage, note="Тым терең", parent=last)

    assert parent_error(too_deep) == [f"A thread holds at most {MAX_THREAD_DEPTH} replies in a row."]


def test_the_database_refuses_an_annotation_that_is_its_own_parent(passage):
    question = note(passage, "Сұрақ")

    with pytest.raises(IntegrityError), transaction.atomic():
        Annotation.objects.filter(pk=question.pk).update(parent=question)


def test_a_walk_up_a_thread_stops_at_a_loop():
    parents = {1: 2, 2: 3, 3: 1}

    thread = thread_above(1, parents.get)

    assert thread.chain == (1, 2, 3) and not thread.complete


def test_a_walk_up_a_thread_stops_after_the_deepest_chain():
    thread = thread_above(0, lambda pk: pk + 1, limit=3)

    assert thread.chain == (0, 1, 2, 3) and not thread.complete


def test_a_loop_saved_before_the_rule_leaves_the_passage_page_answering(client, passage):
    first = note(passage, "Айналған сұрақ", visibility=PUBLIC)
    second = note(passage, "Айналған жауап", parent=first, visibility=PUBLIC)
    Annotation.objects.filter(pk=first.pk).update(parent=second)  # what the admin once let through
    note(passage, "Дұрыс жазба", visibility=PUBLIC)

    html = client.get(passage.get_absolute_url()).content.decode()

    assert "Дұрыс жазба" in html and "Айналған" not in html


# The data migration that mends loops saved before the rule


def break_loops():
    migration = importlib.import_module("legalkb.migrations.0013_annotation_threads_without_loops")
    migration.break_loops(apps, None)


def test_the_migration_breaks_a_loop_at_its_oldest_annotation(passage):
    oldest = note(passage, "Ең ескі")
    middle = note(passage, "Ортасы", parent=oldest)
    newest = note(passage, "Ең жаңа", parent=middle)
    Annotation.objects.filter(pk=oldest.pk).update(parent=newest)

    break_loops()

    parents = dict(Annotation.objects.filter(passage=passage).values_list("note", "parent_id"))
    assert parents == {"Ең ескі": None, "Ортасы": oldest.pk, "Ең жаңа": middle.pk}


def test_the_migration_leaves_threads_without_loops_as_they_are(passage):
    question = note(passage, "Сұрақ")
    reply = note(passage, "Жауап", parent=question)

    break_loops()

    assert Annotation.objects.get(pk=reply.pk).parent_id == question.pk


# Editors' input bounded, and stripped of control characters by the fields themselves


def test_control_characters_are_stripped_from_a_source_saved_from_the_shell(corpus):
    corpus.article.publisher = "ҚазҰУ\tбаспасы\x1b"
    corpus.article.save()
    Source.objects.filter(pk=corpus.article.pk).update(container="Хабаршы\r\nСерия\x00 «Құқық»")

    saved = Source.objects.values("container", "publisher").get(pk=corpus.article.pk)

    assert saved == {"container": "Хабаршы Серия «Құқық»", "publisher": "ҚазҰУ баспасы"}


def test_a_note_keeps_its_lines_but_loses_other_control_characters(passage):
    annotation = note(passage, "Бірінші жол\r\nЕкінші\x07 жол")

    assert Annotation.objects.get(pk=annotation.pk).note == "Бірінші жол\nЕкінші жол"


def test_validation_gives_back_the_stripped_text(corpus):
    creator = Creator(source=corpus.article, family_name="Сапарғалиев\x0b", given_names="Ғ.\r\nС.")

    creator.full_clean()

    assert (creator.family_name, creator.given_names) == ("Сапарғалиев", "Ғ. С.")


def test_aliases_are_stripped_of_control_characters_wherever_they_are_saved(db):
    principle = Principle.objects.create(
        slug="test-legality", name_kk="Заңдылық", aliases=["заң\x00дылық\r\n"]
    )

    assert Principle.objects.get(pk=principle.pk).aliases == ["заңдылық"]


def field_errors(obj, exclude=()):
    with pytest.raises(ValidationError) as refused:
        obj.full_clean(exclude=exclude)
    return refused.value.message_dict


def test_an_entry_has_at_most_50_aliases(db):
    principle = Principle(slug="many", name_kk="Көп", aliases=[f"атау {i}" for i in range(MAX_PHRASES + 1)])

    assert field_errors(principle)["aliases"] == [f"At most {MAX_PHRASES} phrases, not {MAX_PHRASES + 1}."]


def test_an_alias_has_at_most_200_characters(db):
    principle = Principle(slug="long", name_kk="Ұзын", aliases=["ұ" * (MAX_PHRASE_CHARS + 1)])

    assert field_errors(principle)["aliases"] == [
        f"A phrase has at most {MAX_PHRASE_CHARS} characters: «{'ұ' * 40}…» has {MAX_PHRASE_CHARS + 1}."
    ]


def test_aliases_are_a_list_of_phrases(db):
    assert field_errors(Principle(slug="odd", name_kk="Тақ", aliases={"a": 1}))["aliases"] == [
        'Write a list of phrases in quotes: ["…", "…"].'
    ]


def test_an_entry_saved_with_5000_aliases_from_the_shell_is_matched_by_its_first_50(db):
    principle = Principle.objects.create(
        slug="shell", name_kk="Қабық", aliases=[f"атау{i}" for i in range(5000)]
    )

    assert len(principle.match_phrases()) == 1 + MAX_PHRASES


def test_an_annotation_note_has_at_most_5000_characters(passage):
    long_note = Annotation(passage=passage, note="ж" * (MAX_ANNOTATION_CHARS + 1))

    assert "note" in field_errors(long_note, exclude=["editor"])


def test_a_source_note_and_a_glossary_note_have_at_most_2000_characters(corpus):
    corpus.article.note = "ж" * (MAX_NOTE_CHARS + 1)
    term = GlossaryTerm(kk="заң", note="ж" * (MAX_NOTE_CHARS + 1))

    assert "note" in field_errors(corpus.article) and "note" in field_errors(term)


@pytest.mark.parametrize("year", [0, 10_000])
def test_a_source_year_is_from_1_to_9999(corpus, year):
    corpus.article.year = year

    assert "year" in field_errors(corpus.article)


# A passage's section path and cited pages


def heading(position, level, text):
    return SimpleNamespace(position=position, level=level, text=text)


OUTLINE = [
    heading(1, 1, "1-тарау"),
    heading(2, 2, "1.1"),
    heading(5, 2, "1.2"),
    heading(9, 1, "2-тарау"),
    heading(12, 3, "2.0.1"),
]


def texts(path):
    return [h.text for h in path]


def test_a_passage_stands_under_the_last_heading_of_each_level_above_it():
    assert texts(section_path(OUTLINE, 7)) == ["1-тарау", "1.2"]


def test_a_chapter_closes_the_sections_of_the_chapter_before():
    assert texts(section_path(OUTLINE, 10)) == ["2-тарау"]


def test_a_heading_stands_under_the_headings_above_it_not_under_itself():
    assert texts(section_path(OUTLINE, 5)) == ["1-тарау", "1.1"]


def test_a_skipped_level_leaves_no_gap_in_the_path():
    assert texts(section_path(OUTLINE, 13)) == ["2-тарау", "2.0.1"]


def test_a_passage_before_any_heading_has_no_section():
    assert section_path(OUTLINE[1:], 1) == []


def test_the_printed_pages_are_cited_when_known():
    passage = Passage(page_start=2, page_end=3, label_start="112", label_end="113")
    assert passage.printed_pages == ("112", "113")


def test_the_pages_counted_in_the_file_are_cited_when_none_is_printed():
    assert Passage(page_start=2, page_end=3).printed_pages == (2, 3)


def test_prefetched_notes_and_citations_are_those_read_without_prefetching(corpus, django_assert_num_queries):
    citing = Passage.objects.filter(act_citations__isnull=False).values("pk")[:1]
    passage = Passage.objects.get(pk=citing)
    Note.objects.create(passage=passage, mark="2", position=2, offset=9, text="Екінші.", language="kk")
    Note.objects.create(passage=passage, mark="1", position=1, offset=4, text="Бірінші.", language="kk")
    read_now = passage.note_list(), passage.act_citation_list()

    prefetched = Passage.objects.with_notes().with_acts().get(pk=passage.pk)
    with django_assert_num_queries(0):
        notes, citations = prefetched.note_list(), prefetched.act_citation_list()
        slugs = [citation.act.slug for citation in citations]

    assert [note.mark for note in notes] == [note.mark for note in read_now[0]] == ["1", "2"]
    assert citations == read_now[1] and slugs == [citation.act.slug for citation in read_now[1]]
