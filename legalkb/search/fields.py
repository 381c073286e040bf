"""The Haystack field for text that legalkb analyses itself.

A SearchIndex declares its analysed fields with TokensField; the engines index those
tokens as they are and search them with legalkb.search.query's tree. Every other field
is Haystack's, indexed and queried as Haystack's own backend does.
"""

from haystack import indexes


class TokensField(indexes.CharField):
    """Space-separated tokens from legalkb.text.analysis (stems, roots or words)."""


def token_fields(fields):
    """The index field names of the TokensFields among Haystack's {name: field}."""
    return frozenset(field.index_fieldname for field in fields.values() if isinstance(field, TokensField))
