import hmac
import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from core.api import error_response
from core.pagination import paginate
from core.roles import Role, role_required
from notifications.forms import OutboxFilterForm, PreferenceForm
from notifications.models import ContactPreference, Message
from notifications.selectors import messages_of, outbox_for_dinas
from notifications.services import delivery_report, preference_update


@role_required(Role.ADMIN, Role.DINAS)
def outbox(request):
    form = OutboxFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = paginate(request, outbox_for_dinas(status=filters.get("status", ""), kind=filters.get("kind", "")))
    return render(request, "notifications/outbox.html", {"form": form, "page": page})


@login_required
def mine(request):
    preference = ContactPreference.objects.filter(user=request.user).first()
    initial = {"channel": preference.channel if preference else "email", "phone_consent": bool(preference and preference.phone_consent_at)}
    form = PreferenceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            preference_update(user=request.user, channel=form.cleaned_data["channel"], phone_consent=form.cleaned_data["phone_consent"])
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Pilihan saluran disimpan."))
            return redirect("notifications:mine")
    page = paginate(request, messages_of(user=request.user))
    return render(request, "notifications/mine.html", {"form": form, "page": page, "has_phone": bool(request.user.phone)})


@csrf_exempt
@require_POST
def delivery_report_hook(request):
    """The gateway's delivery report: ``{"reference": <message key>, "status": "delivered"|"failed",
    "reason": ...}`` with ``Authorization: Bearer <WHATSAPP_WEBHOOK_TOKEN>``."""
    expected = getattr(settings, "WHATSAPP_WEBHOOK_TOKEN", "")
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not expected or not hmac.compare_digest(given.encode(), expected.encode()):
        return error_response("permission_denied", "forbidden", status=403)
    try:
        data = json.loads(request.body or b"{}")
        if not isinstance(data, dict):
            raise ValueError
        delivery_report(
            reference=str(data.get("reference", "")), status=str(data.get("status", "")), reason=str(data.get("reason", ""))[:200]
        )
    except (ValueError, ValidationError):
        return error_response("validation_error", "bad report", status=400)
    except Message.DoesNotExist:
        return error_response("not_found", "unknown reference", status=404)
    return HttpResponse(status=204)
