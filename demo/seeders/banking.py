"""Demo situations of the bank channel, built through the real services.

A working API key for the demo bank (BRI) whose plaintext is fixed for the demo only, so the
README's curl call works after every ``seed_demo``; keys for two other banks; a few dozen
verifications (by API and by the lookup page, some about the demo cooperative's people so the
cooperative head sees them) and disbursements reported against their receipts.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from accounts.models import Bank
from banking import services
from banking.models import BankApiKey, BankVerification, Channel, Disbursement
from cooperatives.models import Position
from enrollment.models import Person
from enrollment.services import participation_upsert, person_get_or_create
from enrollment.status import add_months, latest_due_month, month_start
from umkm.models import Business

DEMO_BANK = "bri"
DEMO_KEY_PREFIX = "demoBRI1"
DEMO_KEY = f"{DEMO_KEY_PREFIX}.KolakaDemoKunciBankBRI2026xyzABC"  # demo data only: seed_demo refuses to run without DEBUG

DEMO_NIK = "7401015708909001"  # a demo borrower, active BPU participant (README's curl call)
DEMO_KPJ = "19900000001"

SITE = "http://127.0.0.1:8000"
CURL = (
    f"curl -s -X POST {SITE}/api/v1/verifications/ -H 'Authorization: Api-Key {DEMO_KEY}' -H 'Content-Type: application/json' "
    f'-d \'{{"nik": "{DEMO_NIK}", "purpose": "KUR", "scheme": "kur_kecil", "loan_amount": 150000000}}\''
)


def ensure_demo_key(bank: Bank | None = None) -> BankApiKey | None:
    """The demo bank's key with the fixed demo plaintext: recreated when missing, revoked or expired."""
    bank = bank or Bank.objects.filter(code=DEMO_BANK).first()
    if bank is None:
        return None
    key = BankApiKey.objects.filter(prefix=DEMO_KEY_PREFIX).first()
    if key is not None and key.bank_id == bank.pk and not key.revoked and not key.has_expired and key.is_valid(DEMO_KEY):
        return key
    if key is not None:
        key.delete()
    hashed = BankApiKey.objects.key_generator.hash(DEMO_KEY)
    key = BankApiKey(
        bank=bank, name="Demo sistem KUR BRI", prefix=DEMO_KEY_PREFIX, hashed_key=hashed, expiry_date=timezone.now() + timedelta(days=365)
    )
    key.id = f"{DEMO_KEY_PREFIX}.{hashed}"
    key.save()
    return key


def ensure_demo_borrower(today) -> Person:
    """The README's borrower: a fixed NIK with an active BPU participation (paid to the last due month)."""
    person = person_get_or_create(nik=DEMO_NIK, name="Sitti Aminah", address="Jl. Pemuda No. 7").person
    participation_upsert(
        person=person,
        kpj=DEMO_KPJ,
        segment="BPU",
        jkk=True,
        jkm=True,
        jht=True,
        wage=2_000_000,
        started_on=add_months(month_start(today), -26),
        last_paid_month=latest_due_month("BPU", today),
        source="demo",
    )
    return person


def login_lines() -> list[str]:
    """Printed by seed_demo after the logins, every run: makes sure the demo key and borrower exist, then shows them."""
    key = ensure_demo_key()
    if key is None:
        return []
    ensure_demo_borrower(timezone.localdate())
    return ["", f"Kunci API bank demo ({key.bank.name}): {DEMO_KEY}", "  Contoh pemeriksaan (dokumentasi API: /api/docs/):", f"  {CURL}"]


def seed(ctx) -> None:
    today = ctx.today
    banks = ctx.banks or {b.code: b for b in Bank.objects.all()}
    bri = banks[DEMO_BANK]
    demo_key = ensure_demo_key(bri)
    ensure_demo_borrower(today)
    for code in ("bni", "mandiri"):
        if code in banks and not BankApiKey.objects.filter(bank=banks[code]).exists():
            services.api_key_create(
                bank=banks[code], name=f"Sistem KUR {banks[code].name}", expiry_date=timezone.now() + timedelta(days=365)
            )
    bank_user = ctx.users.get("bank")
    rng = ctx.rng

    owners = list(Business.objects.filter(nib__isnull=False).select_related("owner").order_by("pk")[:40])
    board = []
    if ctx.demo_cooperative is not None:
        board = [p.person for p in Position.objects.current(today).filter(cooperative=ctx.demo_cooperative).select_related("person")]
    people = list(Person.objects.filter(businesses__isnull=True, positions__isnull=True).order_by("pk")[:5])  # not in any register list
    for index, person in enumerate(board):
        services.verification_create(
            bank=bri,
            nik=person.nik,
            purpose="KUR",
            scheme="kur_kecil" if index % 2 else "kur_mikro",
            loan_amount=150_000_000 if index % 2 else 50_000_000,
            api_key=demo_key,
            channel=Channel.API,
        )
    for index, business in enumerate(owners):
        bank = [bri, banks.get("bni", bri), banks.get("mandiri", bri)][index % 3]
        scheme = rng.choice(["kur_super_mikro", "kur_mikro", "kur_mikro", "kur_kecil", "kur_khusus"])
        amount = {"kur_super_mikro": 10_000_000, "kur_mikro": 75_000_000, "kur_kecil": 250_000_000, "kur_khusus": 150_000_000}[scheme]
        by_nib = index % 4 == 0
        web = index % 5 == 0 and bank == bri and bank_user is not None
        verification = services.verification_create(
            bank=bank,
            nik=None if by_nib else business.owner.nik,
            nib=business.nib if by_nib else None,
            purpose="KUR" if index % 7 else "BPUM",
            scheme=scheme if index % 7 else "",
            loan_amount=amount,
            user=bank_user if web else None,
            channel=Channel.WEB if web else Channel.API,
        )
        if verification.purpose == "KUR" and index % 3 != 2:
            services.disbursement_report(
                bank=bank,
                bank_reference=f"{bank.code.upper()}-KUR-{today.year}-{index + 1:05d}",
                nik=business.owner.nik,
                scheme=scheme,
                amount=amount,
                disbursed_on=today - timedelta(days=rng.randint(0, 40)),
                receipt_id=verification.receipt_id,
            )
    for person in people:
        services.verification_create(bank=bri, nik=person.nik, purpose="lainnya", api_key=demo_key)


def reset() -> None:
    Disbursement.objects.all().delete()
    BankVerification.objects.all().delete()
    BankApiKey.objects.all().delete()
