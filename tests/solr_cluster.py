"""Local SolrCloud clusters for tests: ZooKeeper and Solr nodes on free ports of 127.0.0.1,
their data in a temporary folder, on the jars make fetched (var/solr/classpath.txt)."""

from contextlib import contextmanager

from processes import ROOT, free_port

from legalkb.solrcloud.cluster import Cluster

CLASSPATH = ROOT / "var" / "solr" / "classpath.txt"


@contextmanager
def local_cluster(folder, nodes=2):
    """A started cluster of `nodes` nodes with legalkb's configset and no collection; stopped
    when the block ends."""
    if not CLASSPATH.exists():
        raise RuntimeError(f"{CLASSPATH} is missing: make solr-jars fetches Solr's jars.")
    cluster = Cluster(folder, free_port(), [free_port() for _ in range(nodes)], classpath=CLASSPATH)
    try:
        cluster.start(collection=None)
        yield cluster
    finally:
        cluster.stop()


def remove_collections(admin, prefix):
    """Remove the aliases and collections whose names start with prefix (those the tests of
    one process made on a cluster they share)."""
    for alias in admin.aliases()[0]:
        if alias.startswith(prefix):
            admin.delete_alias(alias)
    for collection in admin.collections():
        if collection.startswith(prefix):
            admin.delete_collection(collection)
