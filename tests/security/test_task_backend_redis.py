"""The Redis-backed task queue (TASK_BACKEND=rq) against the Redis on 127.0.0.1:6379.

Runs wherever the suite runs: CI starts Redis before the tests (.ci/run). Uses Redis database 15
and a queue of its own, emptied before and after.
"""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import override_settings

from accounts.models import AccessEvent

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
RQ_SETTINGS = {
    "TASKS": {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}},
    "RQ_QUEUES": {"default": {"URL": REDIS_URL}},
}


@pytest.fixture
def rq_backend():
    """TASKS switched to the RQ backend (django-tasks resets its backends on the setting change)."""
    import django_rq

    with override_settings(**RQ_SETTINGS):
        connection = django_rq.get_connection("default")
        connection.ping()
        django_rq.get_queue("default").empty()
        yield django_rq
        django_rq.get_queue("default").empty()


@pytest.mark.django_db(transaction=True)
def test_task_runs_through_redis_queue_and_worker(rq_backend):
    from django_tasks import task_backends
    from django_tasks.base import TaskResultStatus
    from django_tasks_rq.backend import Job, RQBackend
    from rq import SimpleWorker

    from tests.security.rq_tasks import record_ping

    assert isinstance(task_backends["default"], RQBackend)
    result = record_ping.enqueue("halo")
    assert result.status == TaskResultStatus.READY
    assert not AccessEvent.objects.filter(target="rq:halo").exists()

    queue = rq_backend.get_queue("default", job_class=Job)
    assert queue.count == 1
    worker = SimpleWorker([queue], connection=queue.connection, job_class=Job)
    worker.work(burst=True)

    fetched = record_ping.get_result(result.id)
    assert fetched.status == TaskResultStatus.SUCCESSFUL
    event = AccessEvent.objects.get(target="rq:halo")
    assert fetched.return_value == event.pk


def test_rq_settings_pass_the_system_checks():
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(DJANGO_DEBUG="1", DJANGO_TESTING="0", TASK_BACKEND="rq", REDIS_URL=REDIS_URL)
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    help_text = subprocess.run(
        [sys.executable, "manage.py", "rqworker", "--help"], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )
    assert help_text.returncode == 0
    assert "--job-class" in help_text.stdout
