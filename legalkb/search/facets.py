"""Facet counts that say what a click gives.

A facet value's count is the number the page would headline after a click on it, with
every other selection as it is. Values of one facet are ORed and facets ANDed, so:

- in a facet with nothing selected, a click on v narrows to v: the passages with v;
- in a facet with selections S, a click on an unselected v widens to S + v: the passages
  counted now, plus those with v and none of S;
- a click on a selected v narrows S to S − v (no filter of that facet when S was v).

The passages counted are those the page counts: the ones holding every word, or, when
no passage holds every word, every passage listed. Each facet with a selection costs two
more aggregations and one count per selected value.
"""

from .query import AnyOf, Excluding, Values


def facet_counts(reader, plan, counts, filters, fields):
    """{field: [(value, count), …]} most frequent first, for the facet fields asked for;
    counts are the plan's tiers' counts under the filters."""
    counted, total = _counted(plan, counts)
    result = {}
    plain = [name for name in fields if name not in filters]
    if plain:
        result.update(reader.facets(counted, filters, plain))
    for name in fields:
        if name in filters:
            result[name] = _selected_facet(reader, counted, total, filters, name)
    return result


def _counted(plan, counts):
    """(the tree of the passages the page counts, their number under the filters)."""
    if counts[0] or not any(counts):
        return plan.all_words(ranked=False), counts[0]
    tiers = [tier for tier in plan.tiers(ranked=False) if tier is not None]
    return (tiers[0] if len(tiers) == 1 else AnyOf(tuple(tiers))), sum(counts)


def _selected_facet(reader, counted, total, filters, name):
    selected = list(filters[name])
    others = {field: values for field, values in filters.items() if field != name}
    present = dict(reader.facets(counted, others, [name])[name])
    widening = Excluding(counted, Values(name, tuple(selected)))
    added = dict(reader.facets(widening, others, [name])[name])
    values = {value: total + added.get(value, 0) for value in present if value not in selected}
    for value in selected:
        rest = [other for other in selected if other != value]
        values[value] = reader.count(counted, {**others, name: rest} if rest else others)
    return sorted(values.items(), key=lambda item: (-item[1], item[0]))
