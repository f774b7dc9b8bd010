"""The recommendation panel and the letters trend read the compliance app; numbers equal direct counts."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from compliance import services
from compliance.models import Letter, Purpose, RecommendationRequest
from compliance.selectors import working_days_between
from tests.compliance.conftest import build_cooperative

pytestmark = pytest.mark.django_db


def test_recommendation_indicators_and_letters_per_month(dinas_client, dinas_user, bpjs_user, kepala_user):
    today = timezone.localdate()
    issued = build_cooperative(name="Koperasi Layak Satu")
    req = services.recommendation_request(user=dinas_user, cooperative=issued, purpose=Purpose.IZIN_BARU)
    services.request_verify(user=bpjs_user, request=req)
    letter = services.letter_issue(user=kepala_user, request=req, issued_on=today - timedelta(days=3), render=False)
    waiting = build_cooperative(name="Koperasi Layak Dua")
    services.recommendation_request(user=dinas_user, cooperative=waiting, purpose=Purpose.EVALUASI_STATUS)

    response = dinas_client.get(reverse("dashboard:index"))
    panel = response.context["recommendations"]
    by_state = {row["state"]: row["count"] for row in panel["by_state"]}
    for state, count in by_state.items():
        assert count == RecommendationRequest.objects.filter(state=state).count()
    assert by_state["diterbitkan"] == 1
    assert by_state["diajukan"] == 1
    req.refresh_from_db()
    assert panel["median_working_days"] == working_days_between(timezone.localdate(req.submitted_at), timezone.localdate(req.decided_at))
    expiring = Letter.objects.filter(
        revoked_at__isnull=True, superseded_at__isnull=True, valid_until__gte=today, valid_until__lte=today + timedelta(days=30)
    ).count()
    assert panel["expiring_30"] == expiring
    month = letter.issued_on.replace(day=1).isoformat()
    trend = {row["month"]: row["letters"] for row in response.context["trend"]}
    assert trend[month] == 1
    assert sum(trend.values()) == 1
    html = response.content.decode()
    assert 'data-metric="requests-diajukan">1<' in html
    assert "Surat rekomendasi terbit per bulan" in html
