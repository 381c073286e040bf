"""Optimistic locking: of two copies of a passage read at the same version, the first to be
saved wins and the second is refused with a message saying so; nothing of the first is lost."""

import pytest
from django.utils import translation

from legalkb.models import Passage
from legalkb.versions import REFUSED, StaleVersion, check_version, claim_next_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_copies(corpus):
    """Two editors' copies of one passage, read at the same version."""
    pk = corpus.article.passages.get(position=5).pk
    return Passage.objects.get(pk=pk), Passage.objects.get(pk=pk)


def test_claiming_the_next_version_raises_the_stored_version_by_one(two_copies):
    mine, _ = two_copies
    claim_next_version(mine)
    assert mine.version == 2
    assert Passage.objects.get(pk=mine.pk).version == 2


def test_a_copy_read_before_someone_elses_save_cannot_claim_the_next_version(two_copies):
    mine, theirs = two_copies
    theirs.text = "Олардың нұсқасы."
    theirs.save()
    with pytest.raises(StaleVersion, match=r"saved by someone else since version 1\."):
        claim_next_version(mine)
    assert mine.version == 1
    stored = Passage.objects.get(pk=mine.pk)
    assert (stored.text, stored.version) == ("Олардың нұсқасы.", 2)


def test_checking_a_version_passes_while_no_one_else_has_saved(two_copies):
    mine, _ = two_copies
    check_version(mine, 1)
    assert Passage.objects.get(pk=mine.pk).version == 1


def test_checking_a_version_someone_else_has_saved_over_is_refused(two_copies):
    mine, theirs = two_copies
    theirs.save()
    with pytest.raises(StaleVersion) as refused:
        check_version(mine, 1)
    assert refused.value.instance is mine


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_the_refusal_is_told_in_the_editors_language(language):
    with translation.override("en"):
        english = str(REFUSED)
    with translation.override(language):
        assert str(REFUSED) not in ("", english)
