"""django-haystack's own test settings (test_haystack.settings, from its sdist) with the
connection of the backend .ci/haystack_contract.py tests on the engine it names."""

import os
from tempfile import mkdtemp

from test_haystack.settings import *  # noqa: F403
from test_haystack.settings import HAYSTACK_CONNECTIONS, INSTALLED_APPS

BACKEND = os.environ["HAYSTACK_CONTRACT_BACKEND"]  # "whoosh" or "solr"
# legalkb's engine imports legalkb's models; legalkb's own SearchIndex stays out of the
# suite's connections. After haystack, so that Haystack's own management commands run.
INSTALLED_APPS = [*INSTALLED_APPS, "simple_history", "legalkb"]
for connection in HAYSTACK_CONNECTIONS.values():
    connection["EXCLUDED_INDEXES"] = [
        *connection.get("EXCLUDED_INDEXES", ()),
        "legalkb.search_indexes.PassageIndex",
    ]
HAYSTACK_CONNECTIONS[BACKEND]["ENGINE"] = os.environ["HAYSTACK_CONTRACT_ENGINE"]
if BACKEND == "solr":
    # The suite's collection is the alias the contract made (its URL is what the suite's own
    # requests read); legalkb's engine makes its generations of one shard with its configset.
    SOLR_URL, ALIAS = os.environ["HAYSTACK_CONTRACT_SOLR_URL"], os.environ["HAYSTACK_CONTRACT_SOLR_ALIAS"]
    HAYSTACK_CONNECTIONS["solr"].update(
        URL=f"{SOLR_URL}/{ALIAS}",
        SOLR_URL=SOLR_URL,
        COLLECTION=ALIAS,
        CONFIGSET=os.environ["HAYSTACK_CONTRACT_SOLR_CONFIGSET"],
        SHARDS=1,
        REPLICAS=1,
        PATH=mkdtemp(prefix="haystack-contract-solr"),
    )
TEST_RUNNER = "haystack_contract.CountingRunner"
# legalkb's background jobs (huey) run where they are queued, in memory: no queue to set up.
HUEY = {"name": "legalkb", "immediate": True}
# legalkb's worker schedules readers' alert mails when its tasks are imported (the admin does).
ALERT_HOUR = 1
# Readers choose the language of their e-mails among legalkb's interface languages.
LANGUAGES = [("kk", "Kazakh"), ("ru", "Russian"), ("en", "English")]
