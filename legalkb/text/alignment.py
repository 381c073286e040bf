"""Which passages of a new reading of a source continue which old ones, when a corrected file
replaces the one a source was imported from: the old and new texts aligned in order, equal texts
paired first (difflib), then, between them, texts similar enough to be one passage edited."""

from collections.abc import Sequence
from difflib import SequenceMatcher

from rapidfuzz.fuzz import ratio

SIMILAR = 60  # rapidfuzz's ratio (0–100) from which two texts are taken for one passage, edited
WINDOW = 8  # how many old passages ahead a new one is compared with: bounds the work

Pair = tuple[int | None, int | None]  # (old index, new index); None where one reading lacks the passage

def align(old: Sequence[str], new: Sequence[str]) -> list[Pair]:
    """[(old index or None, new index or None), …] in reading order: a pair is one passage in
    both readings; (i, None) an old passage the new reading lacks, (None, j) a new one."""
    pairs: list[Pair] = []
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pairs += zip(range(i1, i2), range(j1, j2), strict=True)
        else:
            pairs += similar_pairs(old, new, range(i1, i2), range(j1, j2))
    return pairs


def similar_pairs(old: Sequence[str], new: Sequence[str], old_range: range, new_range: range) -> list[Pair]:
    """Pairs of similar texts among old and new ones that differ, in order: each new text takes
    the first similar old one within WINDOW after the last taken; old ones passed over are gone."""
    pairs: list[Pair] = []
    i = old_range.start
    for j in new_range:
        candidates = range(i, min(i + WINDOW, old_range.stop))
        match = next((k for k in candidates if ratio(old[k], new[j]) >= SIMILAR), None)
        if match is None:
            pairs.append((None, j))
            continue
        pairs += [(k, None) for k in range(i, match)]
        pairs.append((match, j))
        i = match + 1
    pairs += [(k, None) for k in range(i, old_range.stop)]
    return pairs


def successors(pairs: Sequence[Pair], new_count: int) -> dict[int, int]:
    """{old index: new index} for the old passages the new reading lacks: the new passage that
    takes each one's place (the next one in the new reading, else the last)."""
    found: dict[int, int] = {}
    following = new_count - 1
    for old_index, new_index in reversed(pairs):
        if new_index is not None:
            following = new_index
        elif old_index is not None:
            found[old_index] = following
    return found
