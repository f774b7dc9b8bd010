"""Exports run as background tasks: the request only queues the job; the job page shows progress
and, once done, the download, for the user who asked only."""

import pytest
from django.urls import reverse

from dashboard import exports as dashboard_exports
from dashboard.exports import run
from dashboard.models import ExportJob, ExportState
from tests.factories import BusinessFactory

pytestmark = pytest.mark.django_db


def test_the_request_only_queues_the_export(dinas_client, world):
    # Without running the on-commit callbacks the task never runs: the request itself built nothing.
    response = dinas_client.get(reverse("dashboard:umkm_list"), {"format": "xlsx", "step": "known"})
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard:export_detail", args=[job.pk])
    assert job.state == ExportState.QUEUED
    assert not job.file
    page = dinas_client.get(response["Location"])
    assert 'hx-trigger="every 1s"' in page.content.decode()
    assert "menutup halaman ini" in page.content.decode()
    assert dinas_client.get(reverse("dashboard:export_download", args=[job.pk])).status_code == 404
    # The worker picks it up later (the tab may be closed by then).
    run(job.pk)
    job.refresh_from_db()
    assert job.state == ExportState.DONE
    assert job.done_rows == job.total_rows == 4
    assert dinas_client.get(reverse("dashboard:export_download", args=[job.pk])).status_code == 200
    assert "hx-trigger" not in dinas_client.get(response["Location"]).content.decode()


class _Spy:
    """ExportJob for the task, recording every done_rows it saves."""

    def __init__(self, saved):
        self.saved = saved
        self.objects = self

    def filter(self, **kwargs):
        qs = ExportJob.objects.filter(**kwargs)
        saved = self.saved

        class Wrapped:
            def update(self, **values):
                if "done_rows" in values:
                    saved.append(values["done_rows"])
                return qs.update(**values)

        return Wrapped()

    def select_related(self, *args):
        return ExportJob.objects.select_related(*args)


def test_progress_is_saved_while_rows_stream(dinas_client, world, monkeypatch):
    import core.exports

    monkeypatch.setattr(core.exports, "PROGRESS_EVERY", 2)
    for index in range(5):
        BusinessFactory(name=f"Usaha {index}")
    dinas_client.get(reverse("dashboard:umkm_list"), {"format": "csv"})
    job = ExportJob.objects.get()
    saved = []
    monkeypatch.setattr(dashboard_exports, "ExportJob", _Spy(saved))
    run(job.pk)
    job.refresh_from_db()
    assert job.state == ExportState.DONE
    assert job.done_rows == job.total_rows == 9
    assert 2 in saved
    assert 4 in saved
    assert job.file.read().decode("utf-8-sig").count("\n") > 9


def test_another_user_cannot_see_or_download_an_export(dinas_client, bpjs_client, world, export_via_task):
    exported = export_via_task(dinas_client, reverse("dashboard:participant_list"), {"format": "csv"})
    assert bpjs_client.get(reverse("dashboard:export_detail", args=[exported.job.pk])).status_code == 404
    assert bpjs_client.get(reverse("dashboard:export_download", args=[exported.job.pk])).status_code == 404


@pytest.mark.parametrize("name", ["dashboard:export_detail", "dashboard:export_download"])
def test_bank_and_cooperative_head_are_refused(bank_client, koperasi_client, name):
    for client in (bank_client, koperasi_client):
        assert client.get(reverse(name, args=[1])).status_code == 403


def test_a_failing_export_says_so(dinas_client, world, monkeypatch):
    import dashboard.exports

    dinas_client.get(reverse("dashboard:coop_list"), {"format": "xlsx"})
    job = ExportJob.objects.get()

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(dashboard.exports, "write_file", broken)
    run(job.pk)
    job.refresh_from_db()
    assert job.state == ExportState.FAILED
    assert "Ekspor gagal" in dinas_client.get(reverse("dashboard:export_detail", args=[job.pk])).content.decode()
