"""Production settings for `gunicorn -c gunicorn.conf.py dashboard.app:server`.

Threaded workers, so a client that sends its request slowly holds one thread, not a whole worker;
short timeouts and small header limits. Put it behind a reverse proxy (TLS, buffering, rate
limits) for the open internet: docs/production.md. DASHBOARD_BIND and DASHBOARD_WORKERS override
the address and the worker count.
"""

import os

import gunicorn.http.wsgi

bind = os.environ.get("DASHBOARD_BIND", "127.0.0.1:8050")
workers = int(os.environ.get("DASHBOARD_WORKERS", "2"))
worker_class = "gthread"
threads = 8  # per worker; gunicorn hands a connection to a thread only once data has arrived
timeout = 30  # a worker silent this long is restarted
graceful_timeout = 20
keepalive = 5
# A request line and header well above any the app makes (its longest URL is under 300 bytes).
limit_request_line = 4094
limit_request_fields = 50
limit_request_field_size = 8190
max_requests = 5000  # recycle workers now and then, with jitter so they do not restart together
max_requests_jitter = 500
preload_app = True  # load the tables once, before forking; workers share the pages
control_socket_disable = True  # no runtime control socket on a public host
accesslog = "-"
errorlog = "-"

# Do not name the server software in the Server header or the WSGI environ.
gunicorn.http.wsgi.SERVER = "server"
gunicorn.http.wsgi.SERVER_SOFTWARE = "server"
