"""The automatic tagger's matching: where passages name taxonomy entries.

Matching is legalkb.text.matching, on the same tokens and stems as search; the links it
finds are proposed by legalkb.links.propose.
"""

from itertools import chain

from .kinds import TAXONOMY
from .text.matching import PhraseMatcher


def build_matcher():
    """A matcher whose keys are (kind, entry id) for every name and alias of every entry."""
    matcher = PhraseMatcher()
    for kind in TAXONOMY:
        for entry in kind.entry_model.objects.all():
            for phrase in entry.match_phrases():
                matcher.add((kind, entry.pk), phrase)
    return matcher


def entry_matcher(entry):
    """A matcher of one entry's names and aliases."""
    matcher = PhraseMatcher()
    for phrase in entry.match_phrases():
        matcher.add(entry.pk, phrase)
    return matcher


def mention_spans(matcher, passage):
    """Where the passage's text names the one entry of matcher (entry_matcher), in order,
    overlapping matches merged."""
    spans = []
    for start, end in sorted(chain.from_iterable(matcher.find(passage.text, passage.language).values())):
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
        else:
            spans.append((start, end))
    return spans
