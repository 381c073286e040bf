"""legalkb's system checks: an operator is told when the corpus outgrows Whoosh, and when a view's
throttle kind has no rate."""

from django.conf import settings
from django.test import override_settings

from legalkb import checks


def on(engine):
    return override_settings(HAYSTACK_CONNECTIONS={"default": {"ENGINE": settings.SEARCH_ENGINES[engine]}})


@on("whoosh")
def test_a_corpus_within_whooshs_reach_gives_no_warning(corpus):
    assert checks.search_engine_fits_the_corpus(databases=["default"]) == []


@on("whoosh")
def test_a_corpus_beyond_whooshs_reach_is_told_to_move_to_tantivy(corpus, monkeypatch):
    monkeypatch.setattr(checks, "WHOOSH_UP_TO", 10)
    (warning,) = checks.search_engine_fits_the_corpus(databases=["default"])
    assert warning.id == "legalkb.W001" and "LEGALKB_SEARCH_ENGINE=tantivy" in warning.hint


def test_tantivy_holds_any_corpus(corpus, monkeypatch):
    monkeypatch.setattr(checks, "WHOOSH_UP_TO", 10)
    with on("tantivy"):
        assert checks.search_engine_fits_the_corpus(databases=["default"]) == []


def test_the_check_reads_no_database_unless_asked(corpus, monkeypatch, django_assert_num_queries):
    monkeypatch.setattr(checks, "WHOOSH_UP_TO", 10)
    with django_assert_num_queries(0):
        assert checks.search_engine_fits_the_corpus() == []


def test_every_throttle_kind_the_site_declares_has_a_rate():
    assert checks.throttle_kinds_have_rates() == []


def test_a_throttle_kind_without_a_rate_is_named():
    rates = {kind: rate for kind, rate in settings.THROTTLE_RATES.items() if kind != "feed"}
    with override_settings(THROTTLE_RATES=rates):
        (error,) = checks.throttle_kinds_have_rates()
    assert error.id == "legalkb.E001" and "'feed'" in error.msg
