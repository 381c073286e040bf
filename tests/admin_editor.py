"""An editor in a separate process, for tests/test_concurrency.py: the admin's real change view
of a passage, read and then posted, round after round, as the test says on stdin:
"read PK" gets the change form and prints "ready"; "post MARKER" posts it back with the marker
appended to the text and prints the outcome as JSON; the end of stdin ends the process."""

import json
import os
import sys

import django

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "legalkb.settings")
django.setup()

from admin_forms import form_data  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

setup_test_environment()  # responses carry their template context, as in tests
client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="en")
client.force_login(User.objects.get(username=sys.argv[1]))
url = data = None
for line in sys.stdin:
    command, argument = line.split()
    if command == "read":
        url = f"/admin/legalkb/passage/{argument}/change/"
        page = client.get(url)
        data = form_data(page) if page.status_code == 200 else {}
        print("ready" if page.status_code == 200 else f"read failed: {page.status_code}", flush=True)
    else:
        data["text"] = f"{data['text']} {argument}"
        response = client.post(url, data)
        html = response.content.decode()
        refused = "Someone else saved this passage while you were editing" in html
        print(json.dumps({"status": response.status_code, "refused": refused}), flush=True)
