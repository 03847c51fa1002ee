"""gunicorn settings for the container: port, workers and threads come from tracktory.env's
Config (PORT, WEB_CONCURRENCY, WEB_THREADS), parsed and checked like every other setting."""

from tracktory.env import environment_config

tracktory_config = environment_config()

bind = f"0.0.0.0:{tracktory_config.port}"
workers = tracktory_config.web_concurrency
threads = tracktory_config.web_threads
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
