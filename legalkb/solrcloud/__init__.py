"""SolrCloud as infrastructure, without Django: its admin APIs (admin) and a local cluster of
separate processes on 127.0.0.1 (cluster: make solr, the tests)."""
