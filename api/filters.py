"""django-filter FilterSets of the API. No filter takes a NIK: a NIK never travels in a URL."""

import django_filters as df
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from banking.models import BankVerification, Disbursement, Purpose, Scheme
from compliance.models import Letter, RecommendationRequest, RequestState
from compliance.models import Purpose as LetterPurpose
from cooperatives.models import Cooperative, CooperativeStatus, CooperativeType
from enrollment.models import Participation, Person, Segment
from umkm.models import Business, Scale


class StrictFilterSet(df.FilterSet):
    """A filter sent empty (``?scheme=``) is refused rather than silently ignored."""

    def is_valid(self):
        valid = super().is_valid()
        empty = [name for name in self.filters if name in self.data and self.data.get(name) == ""]
        for name in empty:
            self.form.add_error(name, _("Nilai tidak boleh kosong."))
        return valid and not empty


class CooperativeFilter(StrictFilterSet):
    name = df.CharFilter(field_name="name", lookup_expr="icontains", max_length=100)
    jenis = df.ChoiceFilter(choices=CooperativeType.choices)
    status = df.ChoiceFilter(choices=CooperativeStatus.choices)
    desa = df.CharFilter(field_name="desa_id", max_length=13, help_text="Kemendagri code of the desa, e.g. 74.01.01.2006")
    kecamatan = df.CharFilter(field_name="desa__parent_id", max_length=8, help_text="Kemendagri code of the kecamatan, e.g. 74.01.01")
    is_merah_putih = df.BooleanFilter()

    class Meta:
        model = Cooperative
        fields = ["name", "jenis", "status", "desa", "kecamatan", "is_merah_putih"]


class BusinessFilter(StrictFilterSet):
    name = df.CharFilter(field_name="name", lookup_expr="icontains", max_length=100)
    scale = df.ChoiceFilter(choices=Scale.choices)
    in_official_db = df.BooleanFilter()
    desa = df.CharFilter(field_name="desa_id", max_length=13)
    kecamatan = df.CharFilter(field_name="desa__parent_id", max_length=8)
    kbli = df.CharFilter(field_name="kbli", lookup_expr="startswith", max_length=5, help_text="KBLI code or its leading digits")
    cooperative = df.NumberFilter(field_name="cooperative_id", min_value=1, max_value=2**62)

    class Meta:
        model = Business
        # No ``nib`` filter: an identifier never travels in a URL (core.middleware.RejectIdentifierQueryMiddleware).
        fields = ["name", "scale", "in_official_db", "desa", "kecamatan", "kbli", "cooperative"]


class PersonFilter(StrictFilterSet):
    name = df.CharFilter(field_name="name", lookup_expr="icontains", max_length=100)
    desa = df.CharFilter(field_name="desa_id", max_length=13)
    kecamatan = df.CharFilter(field_name="desa__parent_id", max_length=8)
    gender = df.ChoiceFilter(choices=[("L", "L"), ("P", "P")])

    class Meta:
        model = Person
        fields = ["name", "desa", "kecamatan", "gender"]


class ParticipationFilter(StrictFilterSet):
    person = df.NumberFilter(field_name="person_id", min_value=1, max_value=2**62)
    segment = df.ChoiceFilter(choices=Segment.choices)
    npp = df.CharFilter(field_name="npp", max_length=12)
    active = df.BooleanFilter(method="filter_active", help_text="true: active today (aktif or menunggak); false: not active")

    class Meta:
        model = Participation
        # No ``kpj`` filter: an identifier never travels in a URL (core.middleware.RejectIdentifierQueryMiddleware).
        fields = ["person", "segment", "npp", "active"]

    def filter_active(self, queryset, name, value):
        if value is None:
            return queryset
        today = timezone.localdate()
        active_ids = Participation.objects.active(today).values("pk")
        return queryset.filter(pk__in=active_ids) if value else queryset.exclude(pk__in=active_ids)


class VerificationFilter(StrictFilterSet):
    purpose = df.ChoiceFilter(choices=Purpose.choices)
    is_active_participant = df.BooleanFilter()
    created_after = df.DateFilter(field_name="created_at", lookup_expr="date__gte")
    created_before = df.DateFilter(field_name="created_at", lookup_expr="date__lte")

    class Meta:
        model = BankVerification
        fields = ["purpose", "is_active_participant", "created_after", "created_before"]


class DisbursementFilter(StrictFilterSet):
    scheme = df.ChoiceFilter(choices=Scheme.choices)
    disbursed_after = df.DateFilter(field_name="disbursed_on", lookup_expr="gte")
    disbursed_before = df.DateFilter(field_name="disbursed_on", lookup_expr="lte")
    bank_reference = df.CharFilter(field_name="bank_reference", max_length=64)

    class Meta:
        model = Disbursement
        fields = ["scheme", "disbursed_after", "disbursed_before", "bank_reference"]


class RecommendationRequestFilter(StrictFilterSet):
    state = df.ChoiceFilter(choices=RequestState.choices)
    purpose = df.ChoiceFilter(choices=LetterPurpose.choices)
    cooperative = df.NumberFilter(field_name="cooperative_id", min_value=1, max_value=2**62)

    class Meta:
        model = RecommendationRequest
        fields = ["state", "purpose", "cooperative"]


class LetterFilter(StrictFilterSet):
    purpose = df.ChoiceFilter(choices=LetterPurpose.choices)
    cooperative = df.NumberFilter(field_name="cooperative_id", min_value=1, max_value=2**62)
    issued_after = df.DateFilter(field_name="issued_on", lookup_expr="gte")
    issued_before = df.DateFilter(field_name="issued_on", lookup_expr="lte")

    class Meta:
        model = Letter
        fields = ["purpose", "cooperative", "issued_after", "issued_before"]
