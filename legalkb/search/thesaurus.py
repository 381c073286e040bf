"""The thesaurus queries are expanded with: the glossary's kk/ru/en terms and the names
and aliases of every taxonomy entry named in several languages.

Built once per process and rebuilt when an editor changes any of them (their history
tables tell, in one small query each, asked at most once a second).
"""

import time
from collections.abc import Sequence
from typing import TypedDict

from django.db.models import Max, Model

from ..kinds import TAXONOMY
from ..models import GlossaryTerm, MultilingualName
from ..text.thesaurus import Thesaurus

CHECK_EVERY_SECONDS = 1.0  # an editor's change reaches searches within this time


class _Built(TypedDict):
    version: tuple[int | None, ...] | None
    thesaurus: Thesaurus | None
    checked: float


_built: _Built = {"version": None, "thesaurus": None, "checked": -CHECK_EVERY_SECONDS}


def current_thesaurus() -> Thesaurus:
    """The thesaurus as this process holds it, built again when an editor changed a term."""
    now = time.monotonic()
    if now - _built["checked"] >= CHECK_EVERY_SECONDS:
        version = _version()
        if _built["version"] != version:
            _built["thesaurus"], _built["version"] = Thesaurus(term_groups()), version
        _built["checked"] = now
    thesaurus = _built["thesaurus"]
    assert thesaurus is not None  # built at the first call
    return thesaurus


def term_groups() -> list[Sequence[str | None]]:
    """Lists of equivalent phrases: one per glossary term and per multilingual entry."""
    groups = [term.phrases() for term in GlossaryTerm.objects.all()]
    for model in _multilingual_models():
        for entry in model.objects.all():
            groups.append(entry.names())
    return groups


def _multilingual_models() -> list[type[Model]]:
    return [kind.entry_model for kind in TAXONOMY if issubclass(kind.entry_model, MultilingualName)]


def _version() -> tuple[int | None, ...]:
    models: list[type[Model]] = [GlossaryTerm, *_multilingual_models()]
    return tuple(model.history.aggregate(last=Max("history_id"))["last"] for model in models)
