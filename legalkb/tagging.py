"""The automatic tagger's matching: where passages name taxonomy entries.

Matching is legalkb.text.matching, on the same tokens and stems as search; the links it
finds are proposed by legalkb.links.propose.
"""

from .models import TAXONOMY
from .text.matching import PhraseMatcher


def build_matcher():
    """A matcher whose keys are (kind, entry id) for every name and alias of every entry."""
    matcher = PhraseMatcher()
    for kind in TAXONOMY:
        for entry in kind.entry_model.objects.all():
            for phrase in entry.match_phrases():
                matcher.add((kind, entry.pk), phrase)
    return matcher
