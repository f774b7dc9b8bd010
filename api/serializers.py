"""Explicit serializers: the API is a contract, so every field is named here.

Copies framework output by hand (``core/compat.py``): ``verification_answer`` builds what
``VerificationResultSerializer`` renders without running the serializer, because the bank check is
the hot path. On a Django REST framework upgrade rerun tests/api/test_bank_api.py (the two stay
identical for every kind of answer) and bench/api/run.py.
"""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import Bank
from banking.models import BankVerification, Disbursement, Purpose, Scheme
from compliance.models import Letter, LetterStatus, RecommendationRequest
from compliance.models import Purpose as LetterPurpose
from cooperatives.models import Cooperative
from enrollment.models import Participation, Person, Programme, Segment
from umkm.models import Business


class ErrorBodySerializer(serializers.Serializer):
    code = serializers.CharField(
        help_text="Machine code: validation_error, not_authenticated, authentication_failed, invalid_api_key, "
        "expired_api_key, revoked_api_key, permission_denied, not_found, method_not_allowed, "
        "unsupported_media_type, parse_error, throttled, conflict, invalid_request."
    )
    message = serializers.CharField(help_text="Human-readable text (Bahasa Indonesia).")
    details = serializers.DictField(help_text="Per-field messages for validation errors: {field: [message, ...]}; empty otherwise.")


class ErrorSerializer(serializers.Serializer):
    """The one error shape of every API response with status 4xx."""

    error = ErrorBodySerializer()


class RegionRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class CooperativeSerializer(serializers.ModelSerializer):
    desa = RegionRefSerializer(read_only=True)
    kecamatan = serializers.SerializerMethodField()

    class Meta:
        model = Cooperative
        fields = [
            "id",
            "name",
            "nomor_induk",
            "sk_number",
            "sk_date",
            "nib",
            "npwp",
            "jenis",
            "status",
            "address",
            "desa",
            "kecamatan",
            "founded_on",
            "member_count",
            "npp",
            "health",
            "is_merah_putih",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(RegionRefSerializer(allow_null=True))
    def get_kecamatan(self, obj):
        parent = obj.desa.parent if obj.desa_id else None
        return {"code": parent.code, "name": parent.name} if parent else None


class BusinessSerializer(serializers.ModelSerializer):
    desa = RegionRefSerializer(read_only=True)
    owner_id = serializers.IntegerField(read_only=True, help_text="The owner's id in /api/v1/people/.")
    cooperative_id = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = Business
        fields = [
            "id",
            "name",
            "nib",
            "kbli",
            "scale",
            "capital",
            "annual_sales",
            "worker_count",
            "desa",
            "address",
            "in_official_db",
            "source",
            "owner_id",
            "cooperative_id",
            "updated_at",
        ]
        read_only_fields = fields


class PersonSerializer(serializers.ModelSerializer):
    nik_masked = serializers.CharField(source="masked_nik", read_only=True, help_text="Always masked: 7401********0001.")
    phone_masked = serializers.CharField(source="masked_phone", read_only=True)
    desa = RegionRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Person
        fields = ["id", "name", "nik_masked", "gender", "phone_masked", "desa", "updated_at"]
        read_only_fields = fields


class CooperativeMemberSerializer(serializers.ModelSerializer):
    """A person as a cooperative head sees her: the name his cooperative supplied, the masked NIK
    and today's coverage. No phone, address, birth date, KPJ, employer or other relationship."""

    name = serializers.SerializerMethodField(
        help_text="The name the cooperative supplied (the register's for a position the Dinas recorded)."
    )
    nik_masked = serializers.CharField(source="masked_nik", read_only=True, help_text="Always masked: 7401********0001.")
    covered = serializers.SerializerMethodField(help_text="True when an active or in-arrears participation covers the person today.")
    status = serializers.SerializerMethodField(help_text="aktif, menunggak, nonaktif, or null when not registered.")
    programmes = serializers.SerializerMethodField(help_text="Programmes of the best participation today.")

    class Meta:
        model = Person
        fields = ["id", "name", "nik_masked", "covered", "status", "programmes"]
        read_only_fields = fields

    def _status(self, obj) -> dict:
        from enrollment.selectors import person_status_on

        cache = self.context.setdefault("_member_status", {})
        if obj.pk not in cache:
            cache[obj.pk] = person_status_on(obj, self.context.get("as_of") or timezone.localdate())
        return cache[obj.pk]

    def get_name(self, obj) -> str:
        return getattr(obj, "supplied_name", None) or obj.name

    def get_covered(self, obj) -> bool:
        return self._status(obj)["status"] in ("aktif", "menunggak")

    @extend_schema_field(serializers.ChoiceField(choices=["aktif", "menunggak", "nonaktif"], allow_null=True))
    def get_status(self, obj):
        return self._status(obj)["status"]

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(choices=Programme.values)))
    def get_programmes(self, obj):
        return list(self._status(obj)["programmes"])


class ParticipationSerializer(serializers.ModelSerializer):
    person_id = serializers.IntegerField(read_only=True)
    programmes = serializers.ListField(child=serializers.ChoiceField(choices=Programme.values), read_only=True)
    status = serializers.SerializerMethodField(help_text="aktif, menunggak or nonaktif today.")
    arrears_months = serializers.SerializerMethodField()

    class Meta:
        model = Participation
        fields = [
            "id",
            "person_id",
            "kpj",
            "segment",
            "programmes",
            "npp",
            "started_on",
            "last_paid_month",
            "ended_on",
            "status",
            "arrears_months",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=["aktif", "menunggak", "nonaktif"]))
    def get_status(self, obj):
        return obj.status_on(self.context.get("as_of") or timezone.localdate())

    @extend_schema_field(serializers.IntegerField(min_value=0))
    def get_arrears_months(self, obj):
        return obj.arrears_months_on(self.context.get("as_of") or timezone.localdate())


# --- Bank channel -------------------------------------------------------------------------------

NIK_HELP = "16-digit NIK of the applicant (sent only in the body, never in a URL). Exactly one of nik/nib."
NIB_HELP = "13-digit NIB of the applicant's business; the business owner is checked. Exactly one of nik/nib."


class VerificationRequestSerializer(serializers.Serializer):
    """Shape only; ``banking.services.verification_create`` validates the identifiers and decides."""

    nik = serializers.CharField(required=False, max_length=24, help_text=NIK_HELP, trim_whitespace=True)
    nib = serializers.CharField(required=False, max_length=24, help_text=NIB_HELP, trim_whitespace=True)
    purpose = serializers.ChoiceField(choices=Purpose.choices)
    scheme = serializers.ChoiceField(choices=Scheme.choices, required=False, help_text="KUR scheme (only meaningful with purpose KUR).")
    loan_amount = serializers.IntegerField(required=False, min_value=0, max_value=10**13, help_text="Loan amount in Rupiah.")


class VerificationResultSerializer(serializers.ModelSerializer):
    """Exactly what a bank learns: no name, address, phone or NIK."""

    programmes = serializers.ListField(
        child=serializers.ChoiceField(choices=Programme.values),
        help_text="Programmes held in active participations; empty when not active.",
    )
    segment = serializers.SerializerMethodField(help_text="PU, BPU, JAKON or PMI; null when not active.")
    last_paid_month = serializers.SerializerMethodField(help_text="Last contribution month paid, YYYY-MM; null when not active or unknown.")
    kur_rule_met = serializers.BooleanField(
        help_text="False only when the loan is KUR kecil/khusus (or KUR without scheme) above "
        "Rp 100,000,000 and the person is not an active participant."
    )

    class Meta:
        model = BankVerification
        fields = [
            "receipt_id",
            "as_of",
            "is_active_participant",
            "programmes",
            "segment",
            "participant_since",
            "last_paid_month",
            "kur_rule_met",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=Segment.choices, allow_null=True))
    def get_segment(self, obj):
        return obj.segment or None

    @extend_schema_field(serializers.RegexField(r"^\d{4}-\d{2}$", allow_null=True))
    def get_last_paid_month(self, obj):
        return obj.last_paid_month.strftime("%Y-%m") if obj.last_paid_month else None


def verification_answer(verification: BankVerification) -> dict:
    """What ``VerificationResultSerializer`` renders, built directly: the bank check is the hot path.

    The serializer stays the documented contract (schema, docs); a test keeps the two identical."""
    return {
        "receipt_id": verification.receipt_id,
        "as_of": verification.as_of.isoformat(),
        "is_active_participant": verification.is_active_participant,
        "programmes": list(verification.programmes),
        "segment": verification.segment or None,
        "participant_since": verification.participant_since.isoformat() if verification.participant_since else None,
        "last_paid_month": verification.last_paid_month.strftime("%Y-%m") if verification.last_paid_month else None,
        "kur_rule_met": verification.kur_rule_met,
    }


class VerificationRecordSerializer(VerificationResultSerializer):
    """A logged check as its bank (or Dinas) sees it: the answer plus what was asked, never the NIK."""

    bank: serializers.SlugRelatedField[Bank] = serializers.SlugRelatedField(slug_field="code", read_only=True)
    subject = serializers.SerializerMethodField(help_text="NIK or NIB: which identifier was checked (the NIK itself is never stored).")
    nib = serializers.SerializerMethodField()
    scheme = serializers.SerializerMethodField()

    class Meta(VerificationResultSerializer.Meta):
        fields = VerificationResultSerializer.Meta.fields + [
            "bank",
            "channel",
            "subject",
            "nib",
            "purpose",
            "scheme",
            "loan_amount",
            "kur_rule_applies",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=["NIK", "NIB"]))
    def get_subject(self, obj):
        return obj.subject_kind

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_nib(self, obj):
        return obj.nib or None

    @extend_schema_field(serializers.ChoiceField(choices=Scheme.choices, allow_null=True))
    def get_scheme(self, obj):
        return obj.scheme or None


class DisbursementRequestSerializer(serializers.Serializer):
    nik = serializers.CharField(required=False, max_length=24, help_text="Borrower NIK (body only). Exactly one of nik/nib.")
    nib = serializers.CharField(required=False, max_length=24, help_text="Borrower business NIB. Exactly one of nik/nib.")
    scheme = serializers.ChoiceField(choices=Scheme.choices)
    amount = serializers.IntegerField(min_value=1, max_value=10**13, help_text="Disbursed amount in Rupiah.")
    disbursed_on = serializers.DateField(help_text="Disbursement date (YYYY-MM-DD), not in the future.")
    verification_receipt = serializers.CharField(required=False, max_length=24, help_text="receipt_id of this bank's verification.")
    bank_reference = serializers.CharField(max_length=64, help_text="The bank's own reference; reports are idempotent by it.")


class DisbursementSerializer(serializers.ModelSerializer):
    verification_receipt = serializers.SerializerMethodField()
    enrolled_at_verification = serializers.SerializerMethodField(help_text="What the receipt said; null without a receipt.")
    bank: serializers.SlugRelatedField[Bank] = serializers.SlugRelatedField(slug_field="code", read_only=True)
    subject = serializers.SerializerMethodField()

    class Meta:
        model = Disbursement
        fields = [
            "id",
            "bank",
            "bank_reference",
            "subject",
            "scheme",
            "amount",
            "disbursed_on",
            "verification_receipt",
            "enrolled_at_verification",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_verification_receipt(self, obj):
        return obj.verification.receipt_id if obj.verification_id else None

    @extend_schema_field(serializers.BooleanField(allow_null=True))
    def get_enrolled_at_verification(self, obj):
        return obj.verification.is_active_participant if obj.verification_id else None

    @extend_schema_field(serializers.ChoiceField(choices=["NIK", "NIB"]))
    def get_subject(self, obj):
        return "NIB" if obj.borrower_nib else "NIK"


# --- Recommendation requests and letters (read-only) ---------------------------------------------


class RecommendationRequestSerializer(serializers.ModelSerializer):
    cooperative_id = serializers.IntegerField(read_only=True)
    cooperative_name = serializers.CharField(source="cooperative.name", read_only=True)
    letter_number = serializers.SerializerMethodField()

    class Meta:
        model = RecommendationRequest
        fields = [
            "id",
            "cooperative_id",
            "cooperative_name",
            "purpose",
            "state",
            "eligible",
            "submitted_at",
            "verified_at",
            "decided_at",
            "reason",
            "letter_number",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_letter_number(self, obj):
        letter = getattr(obj, "letter", None) if obj.state == "diterbitkan" else None
        return letter.number if letter else None


class LetterSerializer(serializers.ModelSerializer):
    cooperative_id = serializers.IntegerField(read_only=True)
    cooperative_name = serializers.CharField(source="cooperative.name", read_only=True)
    request_id = serializers.IntegerField(read_only=True)
    status = serializers.SerializerMethodField()
    superseded_by: serializers.SlugRelatedField[Letter] = serializers.SlugRelatedField(slug_field="number", read_only=True)

    class Meta:
        model = Letter
        fields = [
            "id",
            "number",
            "request_id",
            "cooperative_id",
            "cooperative_name",
            "purpose",
            "status",
            "issued_on",
            "valid_until",
            "addressee",
            "signatory_name",
            "signatory_title",
            "revoked_at",
            "revoke_reason",
            "superseded_at",
            "superseded_by",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=LetterStatus.choices))
    def get_status(self, obj):
        return str(obj.status_on(self.context.get("as_of") or timezone.localdate()))


class LetterStatusSerializer(serializers.Serializer):
    """The facts of the public verification page, nothing more."""

    number = serializers.CharField()
    status = serializers.ChoiceField(choices=LetterStatus.choices)
    status_label = serializers.CharField()
    cooperative = serializers.CharField(help_text="Cooperative name.")
    purpose = serializers.ChoiceField(choices=LetterPurpose.choices)
    purpose_label = serializers.CharField()
    issued_on = serializers.DateField()
    valid_until = serializers.DateField()
    signatory_name = serializers.CharField()
    signatory_title = serializers.CharField()
    revoked_on = serializers.DateField(allow_null=True)
    superseded_on = serializers.DateField(allow_null=True)
    superseded_by = serializers.CharField(allow_null=True)
    as_of = serializers.DateField()
