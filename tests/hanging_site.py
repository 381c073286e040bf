"""A WSGI application whose /hang never answers, for tests/test_web_worker.py."""

import threading


def application(environ, start_response):
    if environ["PATH_INFO"] == "/hang":
        threading.Event().wait()
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"ok"]
