"""The PostgreSQL full-text baseline: what a Django developer would write first on PostgreSQL.

A generated tsvector column over the passages' text ('simple' configuration: case folding,
no stemming, as PostgreSQL has no Kazakh one) with a GIN index; each query is read by
websearch_to_tsquery (words ANDed, "quoted phrases", -excluded), filtered like the other
baselines, and answered with a count and the top 10 by ts_rank: no facets, no highlighting,
no HTTP, which favours it. The bench gives it a database of its own (BENCH_POSTGRES_URL)
holding the same corpus.
"""

from django.db import connection

from .baselines import sql_filters

TOP = 10
COLUMN = "bench_tsv"
INDEX = "bench_passage_tsv"
CONFIGURATION = "simple"


def is_postgres():
    return connection.vendor == "postgresql"


def build_tsvector():
    """Add the generated column and its GIN index to the passages (the bench's own database)."""
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX IF EXISTS {INDEX}")
        cursor.execute(f"ALTER TABLE legalkb_passage DROP COLUMN IF EXISTS {COLUMN}")
        cursor.execute(
            f"ALTER TABLE legalkb_passage ADD COLUMN {COLUMN} tsvector "
            f"GENERATED ALWAYS AS (to_tsvector('{CONFIGURATION}', text)) STORED"
        )
        cursor.execute(f"CREATE INDEX {INDEX} ON legalkb_passage USING gin ({COLUMN})")
        cursor.execute("ANALYZE legalkb_passage")


def postgres_search(params, top=TOP):
    """(count, [(source slug, position), …]) of the passages matching params["q"] under the filters."""
    where, args = sql_filters(params, placeholder="%s")
    sql = (
        f"FROM legalkb_passage p JOIN legalkb_source s ON s.id = p.source_id, "
        f"websearch_to_tsquery('{CONFIGURATION}', %s) query WHERE p.{COLUMN} @@ query{where}"
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) {sql}", [params.get("q", ""), *args])
        count = cursor.fetchone()[0]
        cursor.execute(
            f"SELECT s.slug, p.position {sql} ORDER BY ts_rank(p.{COLUMN}, query) DESC, p.id LIMIT %s",
            [params.get("q", ""), *args, top],
        )
        return count, cursor.fetchall()


def reset_schema():
    """An empty public schema: the bench's own database only, before its corpus is built."""
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE")
        cursor.execute("CREATE SCHEMA public")
