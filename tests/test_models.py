"""The models' own rules, whatever path saves them (admin, shell, import)."""

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from legalkb.models import MAX_THREAD_DEPTH, Annotation, thread_above

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
