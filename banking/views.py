from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import render

from accounts.models import Bank
from banking.forms import LookupForm, VerificationFilterForm
from banking.models import Channel
from banking.selectors import verification_list
from banking.services import verification_create
from core.pagination import paginate
from core.roles import Role, has_role, role_required

LIST_ROLES = (Role.ADMIN, Role.DINAS, Role.BANK, Role.KOPERASI)


@role_required(Role.BANK)
def lookup_view(request):
    """The bank officer's check in the browser: the same service and answer as the API. POST only
    carries the NIK, so it never lands in a URL or a log line."""
    if not request.user.bank_id:
        raise PermissionDenied
    form = LookupForm(request.POST or None)
    verification = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            verification = verification_create(
                bank=request.user.bank,
                user=request.user,
                channel=Channel.WEB,
                request=request,
                nik=data["nik"],
                nib=data["nib"],
                purpose=data["purpose"],
                scheme=data["scheme"],
                loan_amount=data["loan_amount"],
            )
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, messages)
        else:
            form = LookupForm(initial={"purpose": data["purpose"], "scheme": data["scheme"]})
    return render(request, "banking/lookup.html", {"form": form, "verification": verification})


@role_required(*LIST_ROLES)
def verification_list_view(request):
    """Dinas and admin: every check; a bank: its own; a cooperative head: checks of his people."""
    form = VerificationFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = paginate(request, verification_list(user=request.user, filters=filters))
    show_bank = has_role(request.user, Role.ADMIN, Role.DINAS, Role.KOPERASI)
    return render(
        request,
        "banking/verification_list.html",
        {
            "form": form,
            "page": page,
            "show_bank": show_bank,
            "banks": Bank.objects.all() if show_bank else [],
            "show_person": has_role(request.user, Role.ADMIN, Role.DINAS, Role.KOPERASI),
            # A cooperative head sees the masked NIK only: the register's name is not his (issue 12).
            "show_person_name": has_role(request.user, Role.ADMIN, Role.DINAS),
        },
    )
