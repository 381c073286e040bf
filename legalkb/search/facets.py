"""Facet counts that say what a click gives.

A facet value's count is the number the page would headline after a click on it, with
every other selection as it is. Values of one facet are ORed and facets ANDed, so:

- in a facet with nothing selected, a click on v narrows to v: the passages with v;
- in a facet with selections S, a click on an unselected v widens to S + v: the passages
  counted now, plus those with v and none of S;
- a click on a selected v narrows S to S − v (no filter of that facet when S was v).

The passages counted are those the page counts: the ones holding every word, or, when
no passage holds every word, every passage listed. Each facet with a selection costs one
more aggregation, and one whose passages may hold several values (reader.multi_valued) a
count per selected value.

A page lists a facet's most frequent values (limits: facet field → how many) and the selected
ones. An engine may then count only those (a facet of ten thousand sources is most of an
aggregation's answer), and still count exactly: the values it gives of a facet with a
selection are every value, as the counts after a click are worked from them; of the facet
widened, its most frequent, for each of those adds at least one passage and outranks every
value that adds none.
"""

from collections.abc import Iterable, Mapping, Sequence
from operator import itemgetter
from typing import TYPE_CHECKING, TypeVar

from .query import Excluding, FieldFilters, Node, Values

if TYPE_CHECKING:  # the plan imports the package, which imports this module
    from .backends.base import Reader
    from .plan import QueryPlan

FacetCounts = dict[str, list[tuple[str, int]]]  # facet field → (value, count), most frequent first
# facet field → how many of its most frequent values are wanted (an engine may give more); a
# field left out: every value
FacetLimits = Mapping[str, int]
EVERY_VALUE: FacetLimits = {}
V = TypeVar("V")


def most_frequent_first(counts: Iterable[tuple[V, int]]) -> list[tuple[V, int]]:
    """(value, count) pairs, most frequent first, then by value: two stable sorts by C-level
    keys (a key function called for each of a source facet's hundreds of values took longer)."""
    ordered = sorted(counts, key=itemgetter(0))
    ordered.sort(key=itemgetter(1), reverse=True)
    return ordered


def facet_counts(
    reader: "Reader",
    plan: "QueryPlan",
    counts: Sequence[int],
    filters: FieldFilters,
    fields: Sequence[str],
    limits: FacetLimits,
    first_facets: FacetCounts,
) -> FacetCounts:
    """{field: [(value, count), …]} most frequent first, for the facet fields asked for, at
    least the limits' most frequent values of each; counts are the plan's groups' counts under
    the filters, first_facets the facets of the first group under them (asked together with
    the counts, within unselected(limits, filters))."""
    counted, total = _counted(plan, counts)
    if not fields:
        return {}
    first = plan.tiers(ranked=False)[0]
    found = (
        dict(first_facets)
        if counted is first
        else reader.facets(counted, filters, fields, unselected(limits, filters))
    )
    for name in fields:
        if name in filters:
            found[name] = _selected_facet(reader, counted, total, filters, limits, name, dict(found[name]))
    return found


def unselected(limits: FacetLimits, filters: FieldFilters) -> FacetLimits:
    """The limits of the facets with nothing selected: every value of the others is counted."""
    return {field: limit for field, limit in limits.items() if field not in filters}


def _counted(plan: "QueryPlan", counts: Sequence[int]) -> tuple[Node, int]:
    """(the tree of the passages the page counts, their number under the filters)."""
    if counts[0] or not any(counts):
        return plan.tiers(ranked=False)[0], counts[0]
    return plan.listed(), sum(counts)


def _selected_facet(
    reader: "Reader",
    counted: Node,
    total: int,
    filters: FieldFilters,
    limits: FacetLimits,
    name: str,
    within: dict[str, int],
) -> list[tuple[str, int]]:
    """A facet with selections S: within holds each value's passages among those counted
    (all filters applied, S too); one more aggregation counts, for each value, the passages
    it would add (with no value of S), and a passage of several values (reader.multi_valued)
    needs a count for each selected value, what unticking it leaves."""
    selected = list(filters[name])
    others = {field: values for field, values in filters.items() if field != name}
    widening = Excluding(counted, Values(name, tuple(selected)))
    if len(selected) == 1:  # unticking it drops the facet's filter: its passages and the rest
        widened, widening_facets = reader.counted_facets(widening, others, [name], limits)
        unticked = {selected[0]: total + widened}
    else:
        widening_facets, unticked = reader.facets(widening, others, [name], limits), {}
        for value in selected:
            if name not in reader.multi_valued:  # a passage has one value: unticking takes its passages
                unticked[value] = total - within.get(value, 0)
            else:
                rest = [other for other in selected if other != value]
                unticked[value] = reader.count(counted, {**others, name: rest})
    added = dict(widening_facets[name])
    values = {value: total + added.get(value, 0) for value in {*within, *added} if value not in selected}
    return most_frequent_first({**values, **unticked}.items())
