"""The two reference searches, asked the same queries with the same filters.

Both return only the total and the first page of ids: no facet counts, no
highlighting, no HTTP. That favours them; legalkb is timed with all of it.
"""

from django.db import connection as django_connection
from django.db.models import Q
from django.utils.text import smart_split, unescape_string_literal

from legalkb.models import Passage

PAGE_SIZE = 20
FTS_TABLE = "bench_passage_fts"
LINK_KINDS = ("principle", "author", "reform")
ACTIVE_STATUSES = ["proposed", "confirmed"]


def admin_search(params, page_size=PAGE_SIZE):
    """Django admin's search_fields=["text"]: every word (or quoted phrase) an
    icontains, ANDed; then a count and a page, as the change list does."""
    queryset = _filtered(Passage.objects.all(), params)
    for bit in smart_split(params.get("q", "")):
        if bit[:1] in "\"'" and bit[-1:] == bit[:1]:
            bit = unescape_string_literal(bit)
        queryset = queryset.filter(Q(text__icontains=bit))
    count = queryset.count()
    page = list(queryset.values_list("source__slug", "position")[:page_size])
    return count, page


def _filtered(queryset, params):
    if "source" in params:
        queryset = queryset.filter(source__slug=params["source"])
    if "language" in params:
        queryset = queryset.filter(language=params["language"])
    for kind in LINK_KINDS:
        if kind in params:
            queryset = queryset.filter(
                **{f"{kind}link__{kind}__slug": params[kind], f"{kind}link__status__in": ACTIVE_STATUSES}
            )
    return queryset


def fts_connection():
    """The sqlite3 module's connection under Django's: same database, same transaction."""
    django_connection.ensure_connection()
    return django_connection.connection


def build_fts(connection):
    """(Re)build an FTS5 index of the passages' text (unicode61: case folding, no stemming)."""
    connection.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
    connection.execute(
        f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(text, tokenize='unicode61 remove_diacritics 0')"
    )
    connection.execute(f"INSERT INTO {FTS_TABLE}(rowid, text) SELECT id, text FROM legalkb_passage")


def fts_search(connection, params, page_size=PAGE_SIZE):
    """Every word (or quoted phrase) required, ranked by bm25; a count and a page."""
    match = fts_match(params.get("q", ""))
    if not match:
        return 0, []
    where, args = sql_filters(params)
    sql = (
        f"FROM {FTS_TABLE} f JOIN legalkb_passage p ON p.id = f.rowid "
        f"JOIN legalkb_source s ON s.id = p.source_id WHERE {FTS_TABLE} MATCH ?{where}"
    )
    count = connection.execute(f"SELECT count(*) {sql}", [match, *args]).fetchone()[0]
    page = connection.execute(
        f"SELECT s.slug, p.position {sql} ORDER BY f.rank LIMIT ?", [match, *args, page_size]
    ).fetchall()
    return count, page


def fts_match(q):
    """An FTS5 MATCH expression: each word or phrase as a quoted string, ANDed."""
    bits = []
    for bit in smart_split(q):
        text = bit.strip("\"'").replace('"', " ")
        words = [w for w in text.split() if any(c.isalnum() for c in w)]
        if words:
            bits.append('"' + " ".join(words) + '"')
    return " AND ".join(bits)


def sql_filters(params, placeholder="?"):
    """(" AND …" conditions on passages p of sources s, their arguments) for the filters."""
    where, args = [], []
    if "source" in params:
        where.append(f"s.slug = {placeholder}")
        args.append(params["source"])
    if "language" in params:
        where.append(f"p.language = {placeholder}")
        args.append(params["language"])
    for kind in LINK_KINDS:
        if kind in params:
            where.append(
                f"EXISTS (SELECT 1 FROM legalkb_{kind}link l JOIN legalkb_{kind} e ON e.id = l.{kind}_id "
                f"WHERE l.passage_id = p.id AND e.slug = {placeholder} AND l.status != 'rejected')"
            )
            args.append(params[kind])
    return "".join(f" AND {w}" for w in where), args
