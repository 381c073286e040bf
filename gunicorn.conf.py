"""gunicorn's settings for `make serve` and the systemd unit in docs/deploy.md.

The timeout is the longest a request may take: a worker with a request running longer is
restarted (legalkb/web_worker.py; imports, the slowest work, run in the background worker, not
in a request). nginx's proxy_read_timeout in docs/deploy.md is a few seconds longer, so that
gunicorn, not nginx, ends such a request and logs it; tests/test_deploy.py checks that the two
agree.
"""

import os

bind = os.environ.get("BIND") or "127.0.0.1:8000"
workers = int(os.environ.get("WEB_CONCURRENCY") or 4)  # about 2 × CPU cores
# Threads in each worker (gunicorn's threaded worker): a request that waits (for a search slot,
# legalkb/throttle.py) holds a thread, and its worker goes on serving.
worker_class = "legalkb.web_worker.BoundedThreadWorker"
threads = int(os.environ.get("WEB_THREADS") or 2)
# A worker takes no more connections than it has threads, so that one whose threads are all busy
# leaves the next connection to a free worker instead of queueing it; nginx (docs/deploy.md)
# opens a connection per request (HTTP/1.0 to the upstream), so none is kept alive.
worker_connections = threads
keepalive = 0
timeout = 120
graceful_timeout = 30  # a restart lets running requests finish for this long
accesslog = "-"  # both logs to the service's output (journald under systemd)
errorlog = "-"
# The request line (method, path and query string) may be of any length here: gunicorn's own
# limit is at most 8,190 bytes, less than a 2,000-letter Kazakh query percent-encoded (12 KB),
# whose answer must come from legalkb (JSON from the API). nginx bounds it in front
# (large_client_header_buffers in docs/deploy.md); the search reads the query's first 2,000
# characters and says so.
limit_request_line = 0
# No runtime control socket (gunicornc): systemd runs the service, and every gunicorn of one
# user would otherwise share ~/.gunicorn/gunicorn.ctl.
control_socket_disable = True
