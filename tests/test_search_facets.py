"""The order facet values are listed in, whatever the engine that counted them."""

from legalkb.search.facets import most_frequent_first


def test_values_come_most_frequent_first_then_in_the_order_of_their_values():
    counted = [("b", 2), ("c", 5), ("a", 2), ("d", 1)]
    assert most_frequent_first(counted) == [("c", 5), ("a", 2), ("b", 2), ("d", 1)]


def test_years_counted_as_numbers_keep_the_same_order():
    assert most_frequent_first([(2011, 3), (2009, 3), (2015, 7)]) == [(2015, 7), (2009, 3), (2011, 3)]
