"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py kolaka_jamsostek.wsgi`.

Everything can be overridden from the environment (GUNICORN_BIND, GUNICORN_WORKERS, ...).
See docs/deployment.md.
"""

import os

wsgi_app = "kolaka_jamsostek.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
# Threaded workers: a request waiting on PostgreSQL (the WAL flush of a bank receipt's commit, a
# slow page) does not hold the whole worker, and concurrent commits share their WAL flushes.
# workers × threads database connections are opened (2 × 8 = 16 by default).
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
threads = int(os.environ.get("GUNICORN_THREADS", "8"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak cannot grow without bound. The application is
# loaded once in the master and the workers are forked from it: a recycled worker is serving again
# within milliseconds (no second Django start-up while its connections wait), and the workers
# share the loaded code's memory.
preload_app = True
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = 2000
# No control socket: the process is managed by systemd, nothing else talks to it.
control_socket_disable = True
# Request limits (Django refuses oversize bodies itself; these stop abuse at the door).
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190
# Trust X-Forwarded-* only from the local reverse proxy.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
proxy_allow_ips = forwarded_allow_ips
# Logs to stdout/stderr (journald). The access log shows the path without its query string,
# so no search term or identifier typed into a filter ends up in a log line.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
# The path is logged with one-time link tokens masked (core/gunicorn_logger.py).
logger_class = "core.gunicorn_logger.ScrubbingLogger"
