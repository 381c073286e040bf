"""django-haystack's own test settings (test_haystack.settings, from its sdist) with the
"whoosh" connection on the engine .ci/haystack_contract.py names."""

import os

from test_haystack.settings import *  # noqa: F403
from test_haystack.settings import HAYSTACK_CONNECTIONS, INSTALLED_APPS

# legalkb's engine imports legalkb's models; legalkb's own SearchIndex stays out of the
# suite's connections. After haystack, so that Haystack's own management commands run.
INSTALLED_APPS = [*INSTALLED_APPS, "simple_history", "legalkb"]
for connection in HAYSTACK_CONNECTIONS.values():
    connection["EXCLUDED_INDEXES"] = [
        *connection.get("EXCLUDED_INDEXES", ()),
        "legalkb.search_indexes.PassageIndex",
    ]
HAYSTACK_CONNECTIONS["whoosh"]["ENGINE"] = os.environ["HAYSTACK_CONTRACT_ENGINE"]
TEST_RUNNER = "haystack_contract.CountingRunner"
# legalkb's background jobs (huey) run where they are queued, in memory: no queue to set up.
HUEY = {"name": "legalkb", "immediate": True}
# legalkb's worker schedules readers' alert mails when its tasks are imported (the admin does).
ALERT_HOUR = 1
# Readers choose the language of their e-mails among legalkb's interface languages.
LANGUAGES = [("kk", "Kazakh"), ("ru", "Russian"), ("en", "English")]
