"""gunicorn settings for the container: bind to $PORT with $WEB_CONCURRENCY workers."""

import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8080')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"
timeout = 60
graceful_timeout = 20
keepalive = 5
# Our JSON request log replaces gunicorn's access log.
accesslog = None
errorlog = "-"
forwarded_allow_ips = "*"
# gunicorn 25+ opens a control socket under $HOME; the image's user has no writable home and
# nothing here uses `gunicornc`.
control_socket_disable = True
