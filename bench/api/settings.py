"""Bench settings: the project's settings plus one bare Django JSON view (the baseline).

Used only by bench/api/run.py: gunicorn serves the real application and the baseline view from
the same processes, so the two are measured in the same run on the same server.
"""

from kolaka_jamsostek.settings import *  # noqa: F403

ROOT_URLCONF = "bench.api.urls"
# The benchmark measures the API, not request logging.
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
