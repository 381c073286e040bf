import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "legalkb.settings")
django_application = get_wsgi_application()

from legalkb.throttle import Throttle  # noqa: E402 (after Django's set-up)

# Requests over their limit are answered before Django handles them (legalkb/throttle.py).
application = Throttle(django_application)
