"""API views: thin adapters over selectors (reads) and services (writes)."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import OuterRef, Prefetch, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.authentication import BaseAuthentication, SessionAuthentication
from rest_framework.exceptions import APIException, NotFound, ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.pagination import BasePagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle

from api.authentication import BankApiKeyAuthentication
from api.filters import (
    BusinessFilter,
    CooperativeFilter,
    DisbursementFilter,
    LetterFilter,
    ParticipationFilter,
    PersonFilter,
    RecommendationRequestFilter,
    VerificationFilter,
)
from api.pagination import StableCursorPagination
from api.permissions import HasAllowedRole, IsBankCaller
from api.serializers import (
    BusinessSerializer,
    CooperativeMemberSerializer,
    CooperativeSerializer,
    DisbursementRequestSerializer,
    DisbursementSerializer,
    ErrorSerializer,
    LetterSerializer,
    LetterStatusSerializer,
    ParticipationSerializer,
    PersonSerializer,
    RecommendationRequestSerializer,
    VerificationRecordSerializer,
    VerificationRequestSerializer,
    VerificationResultSerializer,
    verification_answer,
)
from api.throttling import BankKeyRateThrottle
from banking.models import Channel
from banking.selectors import disbursement_queryset_for, verification_queryset_for
from banking.services import DisbursementConflict, disbursement_report, verification_create
from compliance.selectors import letter_by_number, letter_public_status, letter_queryset_for, request_queryset_for
from cooperatives.models import Position
from cooperatives.selectors import STAFF_VIEW_ROLES, cooperative_ids_for_user, cooperative_queryset_for
from core.api import error_response
from core.roles import Role, has_role
from enrollment.models import Participation, Person
from portal.models import SuppliedPersonData
from umkm.models import Business

REGISTER_ROLES = (Role.ADMIN, Role.DINAS, Role.BPJS)

ERROR_TEXT = {
    400: "Invalid input (validation_error, parse_error or invalid_request).",
    401: "No credentials, or an invalid, expired or revoked API key.",
    403: "Authenticated, but this role may not use this operation.",
    404: "Not found, or not visible to the caller (also an invalid cursor).",
    405: "Method not allowed.",
    406: "Not acceptable: only application/json is served.",
    409: "The bank reference was already reported with different facts.",
    415: "Unsupported media type: send application/json.",
    429: "Too many requests for this API key; see the Retry-After header (seconds).",
}


def errors(*codes: int) -> dict:
    return {code: OpenApiResponse(ErrorSerializer, description=ERROR_TEXT[code]) for code in codes}


READ_ERRORS = errors(400, 401, 403, 404, 405, 406, 429)
WRITE_ERRORS = errors(400, 401, 403, 404, 405, 406, 415, 429)


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("Referensi bank ini sudah dilaporkan dengan data yang berbeda.")
    default_code = "conflict"


class ApiView:
    """Mixin: API-key and session authentication, per-key rate limit, cursor pagination."""

    authentication_classes: Sequence[type[BaseAuthentication]] = [BankApiKeyAuthentication, SessionAuthentication]
    throttle_classes: Sequence[type[BaseThrottle]] = [BankKeyRateThrottle]
    pagination_class: type[BasePagination] | None = StableCursorPagination

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        repeated = [key for key in request.query_params if len(request.query_params.getlist(key)) > 1]
        if repeated:
            raise ValidationError({key: [_("Parameter ini hanya boleh dikirim sekali.")] for key in repeated})


class RegisterViewSet(ApiView, viewsets.ReadOnlyModelViewSet):
    permission_classes = [IsAuthenticated, HasAllowedRole]
    allowed_roles: tuple = REGISTER_ROLES

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "as_of": timezone.localdate()}


def _register_schema(noun: str, serializer):
    return extend_schema_view(
        list=extend_schema(tags=["register"], summary=f"List {noun}", responses={200: serializer(many=True), **READ_ERRORS}),
        retrieve=extend_schema(tags=["register"], summary=f"One of the {noun}", responses={200: serializer, **READ_ERRORS}),
    )


@_register_schema("cooperatives", CooperativeSerializer)
class CooperativeViewSet(RegisterViewSet):
    """Cooperatives: every one for staff roles; his own for a cooperative head (others: 404)."""

    serializer_class = CooperativeSerializer
    filterset_class = CooperativeFilter
    allowed_roles = (*STAFF_VIEW_ROLES, Role.KOPERASI)

    def get_queryset(self):
        return cooperative_queryset_for(self.request.user).select_related("desa", "desa__parent")


@_register_schema("businesses", BusinessSerializer)
class BusinessViewSet(RegisterViewSet):
    """UMKM businesses (admin, Dinas, BPJS)."""

    serializer_class = BusinessSerializer
    filterset_class = BusinessFilter

    def get_queryset(self):
        return Business.objects.select_related("desa")


def _people_scope(user):
    """Every person for admin/Dinas/BPJS; a cooperative head the current people of his cooperatives."""
    if has_role(user, *REGISTER_ROLES):
        return Person.objects.all()
    positions = Position.objects.current(timezone.localdate()).filter(cooperative_id__in=cooperative_ids_for_user(user))
    return Person.objects.filter(pk__in=positions.values("person_id"))


def _cooperative_members(user):
    """A cooperative head's people with the name his cooperative supplied and their participations
    (for today's coverage); nothing else of the shared register."""
    supplied = SuppliedPersonData.objects.filter(
        position__person_id=OuterRef("pk"),
        position__cooperative_id__in=cooperative_ids_for_user(user),
        position__ended_on__isnull=True,
    ).order_by("-pk")
    return (
        _people_scope(user)
        .annotate(supplied_name=Subquery(supplied.values("name")[:1]))
        .prefetch_related(Prefetch("participations", queryset=Participation.objects.order_by("-started_on")))
    )


@_register_schema("people", PersonSerializer)
class PersonViewSet(RegisterViewSet):
    """People, NIK always masked. A cooperative head sees the board and employees of his cooperative
    as his cooperative supplied them: name, masked NIK and today's coverage (``CooperativeMemberSerializer``)."""

    serializer_class = PersonSerializer
    filterset_class = PersonFilter
    allowed_roles = (*REGISTER_ROLES, Role.KOPERASI)

    def _is_register_role(self) -> bool:
        return has_role(self.request.user, *REGISTER_ROLES)

    def get_serializer_class(self):
        if getattr(self, "swagger_fake_view", False) or self._is_register_role():
            return PersonSerializer
        return CooperativeMemberSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False) or self._is_register_role():
            return _people_scope(self.request.user).select_related("desa")
        return _cooperative_members(self.request.user)


@_register_schema("participations", ParticipationSerializer)
class ParticipationViewSet(RegisterViewSet):
    """BPJS participations (KPJ), with today's status."""

    serializer_class = ParticipationSerializer
    filterset_class = ParticipationFilter
    # Not the cooperative head: a participation carries the KPJ, the employer's NPP and dates of the
    # person's other relationships; his people's coverage is in ``/api/v1/people/``.
    allowed_roles = REGISTER_ROLES

    def get_queryset(self):
        return Participation.objects.all()


class VerificationPermission(HasAllowedRole):
    """POST: bank callers only. GET: the bank's own, Dinas/admin all, a cooperative head his people."""

    def has_permission(self, request, view):
        if request.method == "POST":
            return IsBankCaller().has_permission(request, view)
        return super().has_permission(request, view)


VERIFICATION_EXAMPLE = OpenApiExample(
    "Active participant, KUR kecil above Rp 100 million",
    value={
        "receipt_id": "KJV-20261125-3F9A1C07BD",
        "as_of": "2026-11-25",
        "is_active_participant": True,
        "programmes": ["JKK", "JKM"],
        "segment": "BPU",
        "participant_since": "2024-02-01",
        "last_paid_month": "2026-11",
        "kur_rule_met": True,
    },
    response_only=True,
)


@extend_schema_view(
    list=extend_schema(
        tags=["bank"],
        summary="Logged verifications visible to the caller",
        responses={200: VerificationRecordSerializer(many=True), **READ_ERRORS},
    ),
    retrieve=extend_schema(
        tags=["bank"], summary="One logged verification by receipt id", responses={200: VerificationRecordSerializer, **READ_ERRORS}
    ),
    create=extend_schema(
        tags=["bank"],
        summary="Verify an applicant (NIK or NIB) before a KUR/BPUM disbursement",
        description="Authenticate with `Authorization: Api-Key <key>`. Send exactly one of `nik` or `nib`. The answer carries only "
        "the fields below; every call is logged with the bank, the key, a keyed hash of the NIK, the result and the time.",
        request=VerificationRequestSerializer,
        responses={201: VerificationResultSerializer, **WRITE_ERRORS},
        examples=[
            OpenApiExample(
                "By NIK",
                value={"nik": "7401015705850003", "purpose": "KUR", "scheme": "kur_kecil", "loan_amount": 150000000},
                request_only=True,
            ),
            VERIFICATION_EXAMPLE,
        ],
    ),
)
class VerificationViewSet(ApiView, mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = VerificationRecordSerializer
    filterset_class = VerificationFilter
    permission_classes = [IsAuthenticated, VerificationPermission]
    allowed_roles = (Role.ADMIN, Role.DINAS, Role.BANK, Role.KOPERASI)
    lookup_field = "receipt_id"
    lookup_value_regex = r"KJV-[0-9]{8}-[0-9A-F]{10}"

    def get_queryset(self):
        return verification_queryset_for(self.request.user)

    def create(self, request, *args, **kwargs):
        data = VerificationRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        api_key = request.auth if getattr(request.user, "api_key", None) is not None else None
        verification = verification_create(
            bank=request.user.bank,
            api_key=api_key,
            user=None if api_key else request.user,
            channel=Channel.API,
            request=request,
            **data.validated_data,
        )
        return Response(verification_answer(verification), status=status.HTTP_201_CREATED)


class DisbursementPermission(HasAllowedRole):
    def has_permission(self, request, view):
        if request.method == "POST":
            return IsBankCaller().has_permission(request, view)
        return super().has_permission(request, view)


@extend_schema_view(
    list=extend_schema(
        tags=["bank"],
        summary="Reported disbursements visible to the caller",
        responses={200: DisbursementSerializer(many=True), **READ_ERRORS},
    ),
    retrieve=extend_schema(tags=["bank"], summary="One reported disbursement", responses={200: DisbursementSerializer, **READ_ERRORS}),
    create=extend_schema(
        tags=["bank"],
        summary="Report a disbursement (idempotent by bank_reference)",
        description="201 when recorded; 200 with the first record when the same `bank_reference` is reported again with the same "
        "facts; 409 when it was reported with different facts (nothing changes).",
        request=DisbursementRequestSerializer,
        responses={201: DisbursementSerializer, 200: DisbursementSerializer, **WRITE_ERRORS, **errors(409)},
    ),
)
class DisbursementViewSet(ApiView, mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = DisbursementSerializer
    filterset_class = DisbursementFilter
    permission_classes = [IsAuthenticated, DisbursementPermission]
    allowed_roles = (Role.ADMIN, Role.DINAS, Role.BANK)

    def get_queryset(self):
        return disbursement_queryset_for(self.request.user)

    def create(self, request, *args, **kwargs):
        data = DisbursementRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        receipt_id = values.pop("verification_receipt", None)
        api_key = request.auth if getattr(request.user, "api_key", None) is not None else None
        try:
            record, created = disbursement_report(bank=request.user.bank, api_key=api_key, receipt_id=receipt_id, **values)
        except DisbursementConflict:
            raise Conflict() from None
        return Response(DisbursementSerializer(record).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


def not_found(request, *args, **kwargs):
    """Unmatched paths under /api/ answer in the API's error shape, not an HTML page."""
    return error_response("not_found", _("Tidak ditemukan."), status=404)


COMPLIANCE_ROLES = (Role.ADMIN, Role.DINAS, Role.BPJS, Role.KEPALA_CABANG, Role.KOPERASI)


@_register_schema("recommendation requests", RecommendationRequestSerializer)
class RecommendationRequestViewSet(RegisterViewSet):
    """Recommendation requests: every one for staff; his own cooperative's for a cooperative head."""

    serializer_class = RecommendationRequestSerializer
    filterset_class = RecommendationRequestFilter
    allowed_roles = COMPLIANCE_ROLES

    def get_queryset(self):
        return request_queryset_for(self.request.user).select_related("cooperative", "letter").defer("eligibility")


@_register_schema("letters", LetterSerializer)
class LetterViewSet(RegisterViewSet):
    """Issued recommendation letters: every one for staff; his own cooperative's for a cooperative head."""

    serializer_class = LetterSerializer
    filterset_class = LetterFilter
    allowed_roles = COMPLIANCE_ROLES

    def get_queryset(self):
        return letter_queryset_for(self.request.user).select_related("cooperative", "superseded_by").defer("pdf", "eligibility")


class LetterStatusView(ApiView, GenericAPIView):
    """The public facts of a letter by its number, for banks and every authenticated caller."""

    permission_classes = [IsAuthenticated]
    pagination_class = None
    serializer_class = LetterStatusSerializer

    @extend_schema(
        tags=["bank"],
        summary="Status of a recommendation letter by its number",
        description="The facts of the public verification page (VALID / EXPIRED / REVOKED / SUPERSEDED); no personal data. "
        "The number may contain slashes, e.g. `/api/v1/letters/0042/REK-ABC/XI/2026/status`.",
        parameters=[
            OpenApiParameter(
                "number",
                {"type": "string", "minLength": 1, "maxLength": 40, "pattern": r"^[0-9A-Za-z][0-9A-Za-z./-]*$"},
                OpenApiParameter.PATH,
                description="Letter number, e.g. 0042/REK-ABC/XI/2026",
            )
        ],
        responses={200: LetterStatusSerializer, **READ_ERRORS},
    )
    def get(self, request, number: str):
        letter = letter_by_number(number)
        if letter is None:
            raise NotFound()
        as_of = timezone.localdate()
        facts = {key: value for key, value in letter_public_status(letter, as_of).items() if key != "verification_url"}
        return Response(LetterStatusSerializer({**facts, "as_of": as_of}).data)
