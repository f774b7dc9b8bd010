"""Writes of the deployment's identity: ``instansi_setup`` prepares a deployment for any
kabupaten/kota of the bundled Kemendagri data."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.roles import UserLike
from institution.models import DEFAULT_NUMBER_PATTERN, Instansi, time_zone_for
from regions.models import Region
from regions.services import regions_load


def short_name(region_name: str) -> str:
    """``Kabupaten Konawe Selatan`` → ``Konawe Selatan``; ``Kota Kendari`` → ``Kendari``."""
    for prefix in ("Kabupaten ", "Kota "):
        if region_name.startswith(prefix):
            return region_name[len(prefix) :]
    return region_name


def default_letter_code(region_name: str) -> str:
    """``REK-`` and the first three consonant-led letters of the name (``Konawe`` → ``REK-KNW``)."""
    letters = "".join(ch for ch in short_name(region_name).upper() if ch.isalpha())
    consonants = letters[:1] + "".join(ch for ch in letters[1:] if ch not in "AEIOU")
    code = (consonants if len(consonants) >= 3 else letters)[:3]
    return f"REK-{code or 'X'}"


def identity_defaults(region: Region, province: Region | None) -> dict:
    """Names derived from the region register; every one is editable afterwards in the admin."""
    name = region.name
    place = short_name(name)
    dinas = _("Dinas Koperasi dan UMKM %(region)s") % {"region": name}
    branch = _("Kantor Cabang %(place)s") % {"place": place}
    return {
        "region_name": name,
        "province_name": province.name if province else "",
        "place_name": place,
        "time_zone": time_zone_for(region.code),
        "site_url": "",  # blank: settings.SITE_URL (each deployment's environment)
        "dinas_name": dinas,
        "dinas_head_title": _("Kepala %(dinas)s") % {"dinas": dinas},
        "branch_parent": "BPJS Ketenagakerjaan",
        "branch_office": branch,
        # Addresses and contacts are the deployment's own: blank until entered in the admin.
        "dinas_address": "",
        "dinas_phone": "",
        "dinas_email": "",
        "dinas_logo": "",
        "branch_address": "",
        "branch_phone": "",
        "branch_email": "",
        "branch_website": "www.bpjsketenagakerjaan.go.id",
        "branch_logo": "img/letterhead-logo.svg",
        "letter_code": default_letter_code(name),
        "number_pattern": DEFAULT_NUMBER_PATTERN,
        "addressee_licence": _("Kepala Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu %(region)s") % {"region": name},
        "addressee_evaluation": _("Kepala %(dinas)s") % {"dinas": dinas},
        "signatory_title": _("Kepala %(branch)s") % {"branch": branch},
    }


@transaction.atomic
def instansi_setup(*, region_code: str, load_regions: bool = True, **overrides: Any) -> Instansi:
    """Load the regency's kecamatan and desa and create (or re-point) the Instansi record.

    Values in ``overrides`` win over the derived defaults; on an existing record only the region,
    its derived names and the given overrides change (edits made in the admin to other fields stay
    when the region is the same)."""
    region_code = str(region_code or "").strip()
    if load_regions:
        try:
            regions_load(scope=f"kabupaten:{region_code}")
        except ValueError:
            raise ValidationError(_("Kode kabupaten/kota %(code)s tidak ada di data Kemendagri.") % {"code": region_code}) from None
    region = Region.objects.filter(code=region_code, kind__in=[Region.Kind.KABUPATEN, Region.Kind.KOTA]).first()
    if region is None:
        raise ValidationError(_("Kode kabupaten/kota %(code)s tidak ada di data Kemendagri.") % {"code": region_code})
    province = Region.objects.filter(code=region.parent_id).first()
    defaults = identity_defaults(region, province)
    instansi = Instansi.objects.select_for_update().filter(pk=1).first()
    if instansi is None or instansi.region_code != region.code:
        instansi = instansi or Instansi(pk=1)
        for key, value in defaults.items():
            setattr(instansi, key, value)
    instansi.region_code = region.code
    fields = {f.name for f in Instansi._meta.concrete_fields}
    unknown = set(overrides) - fields
    if unknown:
        raise ValidationError(_("Kolom tidak dikenal: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    for key, value in overrides.items():
        if value not in (None, ""):
            setattr(instansi, key, value)
    instansi.full_clean()
    instansi.save()
    return instansi


@transaction.atomic
def instansi_update(*, user: UserLike, instance: Instansi, changed: dict) -> Instansi:
    """An administrator edits the record (the admin form calls this)."""
    from core.roles import Role, has_role

    if not has_role(user, Role.ADMIN):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    for key, value in changed.items():
        setattr(instance, key, value)
    instance.pk = 1
    instance.full_clean()
    instance.save()
    return instance
