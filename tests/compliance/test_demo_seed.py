"""The demo data has cooperatives and letters in every situation the issue asks for."""

from __future__ import annotations

import pytest
from django.utils import timezone

from compliance.models import GateDecision, Letter, RecommendationRequest
from compliance.selectors import eligibility_for
from demo import seed as demo_seed

pytestmark = pytest.mark.django_db


def test_demo_has_every_situation(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    ctx = demo_seed.seed(scale=0.02)
    today = timezone.localdate()
    statuses = {letter.status_on(today) for letter in Letter.objects.all()}
    assert statuses == {"valid", "expired", "revoked", "superseded"}
    assert Letter.objects.filter(valid_until__gte=today, valid_until__lte=today + timezone.timedelta(days=30)).exists()
    states = set(RecommendationRequest.objects.values_list("state", flat=True))
    assert states == {"diajukan", "diverifikasi", "diterbitkan", "dikembalikan", "ditolak"}
    assert GateDecision.objects.count() == 1
    failing = {
        rule["code"]
        for req in RecommendationRequest.objects.filter(state__in=["diajukan", "ditolak"])
        for rule in req.eligibility["rules"]
        if not rule["passed"]
    }
    assert failing >= {"a", "b", "c", "d", "e"}
    demo = eligibility_for(ctx.demo_cooperative, "evaluasi_status")
    assert demo["passed"] is False
    assert any("Bendahara" in line and "tidak terdaftar" in line for rule in demo["rules"] for line in rule["evidence"])
    # free eligible cooperatives for the live journey
    free = RecommendationRequest.objects.none()
    assert eligibility_for(type(ctx.demo_cooperative).objects.get(name="Koperasi Produsen Kakao Lestari Wundulako"), "izin_baru")["passed"]
    assert not free.exists()
    demo_seed.reset()
    assert not Letter.objects.exists()
    assert not RecommendationRequest.objects.exists()
