"""Works cited: which work of the knowledge base an entry of a references list names.

An entry as printed ("Сапарғалиев Ғ. Қазақстан Республикасының конституциялық құқығы. –
Алматы, 2009. – 432 б.", "Мироненко М.Б. Юридическая ответственность государства //
Государство и право. – 2005. – № 3") is compared with each work's title, authors' family
names and year: the title by fuzzy partial matching (rapidfuzz) of the words' script-neutral
skeletons (legalkb.text.script), without punctuation, so that the entry's numbering and imprint
do not count and a title typed without Kazakh letters is the same title, and by its words
(every word of the title in the entry, in the same form: "…жауапкершілігінің мәселелері" is
another work than "…жауапкершілігі"); a family name by its skeleton too, so Сапаргалиев meets
Сапарғалиев; the year as one of the entry's four-digit years. A close title with one of the
work's authors and no other year is a sure match; a title alone, or a looser one, is doubtful,
for an editor to confirm.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from .normalize import fold_lookalikes, lowercase
from .script import skeleton

SURE_TITLE = 90  # of 100: the title stands in the entry, but for a letter or two
DOUBTFUL_TITLE = 75
LOWEST_TITLE = 60  # doubtful with an author's name
MIN_TITLE_CHARS = 12  # a shorter title ("Право") would be found in too many entries
CANDIDATES = 10  # works whose titles come closest, looked at further

_NOT_WORD = re.compile(r"[^\w]+")
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")


class Certainty:
    SURE = "sure"
    DOUBTFUL = "doubtful"


@dataclass(frozen=True)
class Work:
    """A work of the knowledge base, as matching sees it; key is what the caller names it by."""

    key: object
    title: str
    family_names: tuple[str, ...] = ()
    year: int | None = None


@dataclass(frozen=True)
class Match:
    key: object
    certainty: str
    score: float  # the title's similarity, 0 to 1


def skeletons(text: str) -> str:
    """The skeletons of the text's words, without punctuation, look-alike letters folded."""
    return " ".join(skeleton(word) for word in _NOT_WORD.sub(" ", lowercase(fold_lookalikes(text))).split())


class WorksIndex:
    """The works references are matched against, prepared once."""

    def __init__(self, works: Iterable[Work]) -> None:
        self.works = [work for work in works if len(skeletons(work.title)) >= MIN_TITLE_CHARS]
        self.titles = [skeletons(work.title) for work in self.works]

    def match(self, entry: str, leaving_out: object = None) -> Match | None:
        """The Match of the work the entry names best (never the work keyed leaving_out, the
        citing work itself), or None."""
        text = skeletons(entry)
        words = set(text.split())
        years = {int(year) for year in _YEAR.findall(entry)}
        found: list[Match] = []
        closest = process.extract(
            text, self.titles, scorer=fuzz.partial_ratio, limit=CANDIDATES, score_cutoff=LOWEST_TITLE
        )
        for title, score, index in closest:
            work = self.works[index]
            if work.key == leaving_out:
                continue
            score = min(score, fuzz.token_set_ratio(title, text))
            certainty = _certainty(work, score, words, years)
            if certainty is not None:
                found.append(Match(work.key, certainty, round(score / 100, 3)))
        found.sort(key=lambda match: (match.certainty != Certainty.SURE, -match.score))
        return found[0] if found else None


def _certainty(work: Work, score: float, words: set[str], years: set[int]) -> str | None:
    by_author = any(skeletons(name) in words for name in work.family_names)
    other_year = bool(years) and work.year is not None and work.year not in years
    if score >= SURE_TITLE and by_author and not other_year:
        return Certainty.SURE
    if score >= DOUBTFUL_TITLE or (by_author and not other_year):  # with an author, LOWEST_TITLE is enough
        return Certainty.DOUBTFUL
    return None
