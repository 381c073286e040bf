"""The Haystack fields whose values legalkb's engines index in their own way.

A SearchIndex declares its analysed fields with TokensField; the engines index those
tokens as they are and search them with legalkb.search.query's tree. Facet fields hold
exact values (slugs, codes, years) that are filtered and counted, never analysed. Every
other field is Haystack's, indexed and queried as Haystack's own backend does.
"""

from collections.abc import Mapping

from haystack import indexes


class TokensField(indexes.CharField):
    """Space-separated tokens from legalkb.text.analysis (stems, roots or words)."""


class FacetField(indexes.CharField):
    """One exact value a passage is filtered and counted by (its source, language, year)."""


class FacetValuesField(indexes.MultiValueField):
    """Several exact values (a passage's principles, authors or reforms)."""


def fields_of(fields: Mapping[str, indexes.SearchField], kind: type[indexes.SearchField]) -> frozenset[str]:
    """The index field names of the fields of a kind among Haystack's {name: field}."""
    return frozenset(field.index_fieldname for field in fields.values() if isinstance(field, kind))
