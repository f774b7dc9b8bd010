"""A deterministic Kolaka demo dataset that reproduces the Dinas's figures.

12,000 UMKM actors (about 4,000 in the official database), about 4,000 cooperatives of which about
170 are active (RAT for the last book year) and about 10 % of those covered (every board member,
supervisor and employee an active participant). ``scale`` shrinks everything for tests.

Feature apps add their own demo situations as modules in ``demo/seeders/`` (each with ``seed(ctx)``
and optionally ``reset()``), run after the register is built in the order of ``SEEDERS``.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from accounts.models import AccessEvent, Bank, User
from cooperatives.models import (
    AnnualMeeting,
    Cooperative,
    CooperativeAccess,
    CooperativeStatus,
    CooperativeStatusChange,
    CooperativeType,
    Position,
    PositionRole,
    last_book_year,
)
from core import facts
from core.roles import Role
from demo import names
from demo.seeders import SEEDERS
from enrollment.models import Participation, Person, RiskClass
from enrollment.status import add_months, latest_due_month, month_start
from institution.services import instansi_setup
from regions.models import Region
from umkm.models import Business, DataSource
from umkm.services import classify_scale, scale_criteria_on

# The demo deployment's identity: Kabupaten Kolaka through the same Instansi record every
# deployment has (``manage.py setup_regency`` for any other regency).
KOLAKA_CODE = "74.01"
KOLAKA_IDENTITY = {
    "place_name": "Kolaka",
    "letter_code": "REK-KLK",
    "branch_office": "Kantor Cabang Kolaka",
    "branch_address": "Jl. Pemuda No. 12, Kolaka 93511, Sulawesi Tenggara",
    "branch_phone": "(0405) 2321 234",
    "branch_email": "kolaka@bpjsketenagakerjaan.go.id",
    "dinas_address": "Jl. Repelita No. 5, Kolaka, Sulawesi Tenggara",
    "signatory_title": "Kepala Kantor Cabang Kolaka",
}

DEMO_PASSWORD = "Kolaka#Demo2026"
DEMO_COOPERATIVE_NAME = "Koperasi Serba Usaha Mekongga Sejahtera"

TARGETS = {"umkm": 12_000, "umkm_official": 4_000, "cooperatives": 4_000, "active": 170, "covered_share": 0.10}

DEMO_USERS = [
    # username, role, full name, title
    ("admin", Role.ADMIN, "Administrator Sistem", "Pranata Komputer Dinas"),
    ("dinas", Role.DINAS, "Hasnah Lasaeha", "Kepala Bidang Kelembagaan Koperasi"),
    ("bpjs", Role.BPJS, "Ilham Tosuo", "Penata Madya Kepesertaan"),
    ("bpjs2", Role.BPJS, "Rosmiati Lapulu", "Penata Kepesertaan"),
    ("kepala", Role.KEPALA_CABANG, "Andi Mappasessu", "Kepala Kantor Cabang Kolaka"),
    ("koperasi", Role.KOPERASI, "Baharuddin Tamburaka", "Ketua Koperasi"),
    ("bank", Role.BANK, "Nurlina Saleh", "Petugas KUR BRI Unit Kolaka"),
]

# The signatory's NIP is printed on the letters (a fictitious number in the civil-service layout).
DEMO_NIPS = {"kepala": "197805122005011003"}

BANKS = [
    ("bri", "Bank Rakyat Indonesia"),
    ("bni", "Bank Negara Indonesia"),
    ("mandiri", "Bank Mandiri"),
    ("bsi", "Bank Syariah Indonesia"),
    ("sultra", "Bank Sultra"),
]


@dataclass
class SeedContext:
    """What the core seed built, handed to the feature seeders."""

    rng: random.Random
    today: date
    scale: float
    users: dict[str, User] = field(default_factory=dict)
    banks: dict[str, Bank] = field(default_factory=dict)
    demo_cooperative: Cooperative | None = None
    villages: list[Region] = field(default_factory=list)
    nik_factory: NikFactory | None = None
    kpj_counter: list[int] = field(default_factory=lambda: [10_000_000_000])
    timings: dict[str, float] = field(default_factory=dict)


class NikFactory:
    """Valid, unique NIKs for people of a desa: region of its kecamatan, birth date, gender."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[str] = set(Person.objects.values_list("nik", flat=True))

    def make(self, village: Region, gender: str, min_age: int = 20, max_age: int = 64, today: date | None = None) -> tuple[str, date]:
        today = today or timezone.localdate()
        prefix = village.code[:8].replace(".", "")
        while True:
            age_days = self.rng.randint(min_age * 365, max_age * 365)
            birth = today - timedelta(days=age_days)
            day = birth.day + (40 if gender == "P" else 0)
            nik = f"{prefix}{day:02d}{birth.month:02d}{birth.year % 100:02d}{self.rng.randint(1, 9999):04d}"
            if nik not in self.used:
                self.used.add(nik)
                return nik, birth


def _person_name(rng: random.Random, gender: str) -> str:
    given = rng.choice(names.FEMALE_GIVEN if gender == "P" else names.MALE_GIVEN)
    return f"{given} {rng.choice(names.FAMILY)}"


def _phone(rng: random.Random) -> str:
    return f"08{rng.choice(['11', '12', '13', '21', '22', '52', '53', '57', '77', '78'])}{rng.randint(10_000_000, 99_999_999)}"


def _next_kpj(ctx: SeedContext) -> str:
    ctx.kpj_counter[0] += ctx.rng.randint(1, 97)
    return f"{ctx.kpj_counter[0]:011d}"


def new_person(ctx: SeedContext, village: Region, *, gender: str | None = None, name: str | None = None) -> Person:
    """An unsaved person of a village, with a valid NIK (for bulk creation)."""
    gender = gender or ctx.rng.choice("LP")
    nik, birth = ctx.nik_factory.make(village, gender, today=ctx.today)  # type: ignore[union-attr]  # set when the seed starts
    return Person(
        nik=nik,
        name=name or _person_name(ctx.rng, gender),
        gender=gender,
        birth_date=birth,
        phone=_phone(ctx.rng),
        desa=village,
        address=f"Jl. {ctx.rng.choice(names.FAMILY)} No. {ctx.rng.randint(1, 120)}",
    )


def participation_for(
    ctx: SeedContext,
    person: Person,
    *,
    segment: str,
    state: str,
    npp: str = "",
    wage: int | None = None,
    programmes: tuple[str, ...] | None = None,
) -> Participation:
    """An unsaved participation whose status today is ``state`` (aktif, menunggak or nonaktif)."""
    due = latest_due_month(segment, ctx.today) or month_start(ctx.today)
    if state == "aktif":
        last_paid = due
    elif state == "menunggak":
        last_paid = add_months(due, -ctx.rng.randint(1, 3))
    else:
        last_paid = add_months(due, -ctx.rng.randint(5, 20))
    started = add_months(last_paid, -ctx.rng.randint(6, 60))
    if programmes is None:
        programmes = ("JKK", "JKM", "JHT", "JP") if segment == "PU" else ("JKK", "JKM") + (("JHT",) if ctx.rng.random() < 0.3 else ())
    if wage is None:
        wage = (
            ctx.rng.choice([3_000_000, 3_250_000, 3_500_000, 4_000_000, 5_500_000])
            if segment == "PU"
            else ctx.rng.choice([1_000_000, 1_500_000, 2_000_000, 3_000_000])
        )
    return Participation(
        person=person,
        kpj=_next_kpj(ctx),
        segment=segment,
        jkk="JKK" in programmes,
        jkm="JKM" in programmes,
        jht="JHT" in programmes,
        jp="JP" in programmes,
        jkp="JKP" in programmes,
        npp=npp if segment == "PU" else "",
        risk_class=RiskClass.RENDAH if segment == "PU" else "",
        wage=wage,
        started_on=started,
        last_paid_month=last_paid,
        source="demo",
    )


def _villages() -> list[Region]:
    return list(Region.objects.villages().filter(code__startswith=KOLAKA_CODE + ".").order_by("code"))


def ensure_users(ctx: SeedContext) -> None:
    for code, name in BANKS:
        ctx.banks[code], _ = Bank.objects.get_or_create(code=code, defaults={"name": name})
    for username, role, full_name, title in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, email=f"{username}@demo.kolaka-jamsostek.local")
        user.full_name, user.title = full_name, title
        user.nip = DEMO_NIPS.get(username, "")
        user.is_staff = user.is_superuser = role == Role.ADMIN
        user.bank = ctx.banks["bri"] if role == Role.BANK else None
        user.set_password(DEMO_PASSWORD)
        user.save()
        user.groups.set([Group.objects.get_or_create(name=role)[0]])
        ctx.users[username] = user


def _bulk(model, objects, batch_size=2000):
    return model.objects.bulk_create(objects, batch_size=batch_size)


def seed_umkm(ctx: SeedContext) -> None:
    rng = ctx.rng
    total = round(TARGETS["umkm"] * ctx.scale)
    official = round(TARGETS["umkm_official"] * ctx.scale)
    official_idx = set(rng.sample(range(total), official))
    criteria = scale_criteria_on(ctx.today)
    owners = [new_person(ctx, rng.choice(ctx.villages)) for _ in range(total)]
    _bulk(Person, owners)
    participations = []
    for owner in owners:
        roll = rng.random()
        if roll < 0.14:
            participations.append(participation_for(ctx, owner, segment="BPU", state="aktif"))
        elif roll < 0.18:
            participations.append(participation_for(ctx, owner, segment="BPU", state="menunggak"))
        elif roll < 0.24:
            participations.append(participation_for(ctx, owner, segment="BPU", state="nonaktif"))
    _bulk(Participation, participations)
    businesses = []
    nib_serial = 9_120_000_000_000
    for index, owner in enumerate(owners):
        kind, kbli = rng.choice(names.BUSINESS_KINDS)
        band = rng.random()
        if band < 0.90:
            capital, sales = rng.randint(5, 900) * 1_000_000, rng.randint(12, 1_800) * 1_000_000
        elif band < 0.98:
            capital, sales = rng.randint(1_001, 4_900) * 1_000_000, rng.randint(2_001, 14_000) * 1_000_000
        else:
            capital, sales = rng.randint(5_001, 9_900) * 1_000_000, rng.randint(15_001, 48_000) * 1_000_000
        is_official = index in official_idx
        nib = None
        if is_official and rng.random() < 0.8:
            nib_serial += rng.randint(1, 999)
            nib = str(nib_serial)
        businesses.append(
            Business(
                name=f"{kind} {rng.choice(names.BUSINESS_SUFFIX)} {owner.name.split()[-1]}",
                nib=nib,
                owner=owner,
                kbli=kbli,
                capital=capital,
                annual_sales=sales,
                scale=classify_scale(capital=capital, annual_sales=sales, criteria=criteria),
                worker_count=rng.choice([0, 0, 1, 1, 2, 3, 5]),
                desa=owner.desa,
                address=owner.address,
                in_official_db=is_official,
                source=DataSource.DINAS if is_official else DataSource.SURVEY,
            )
        )
    _bulk(Business, businesses)


def _cooperative_name(rng: random.Random, jenis: str, village: Region, used: set[str]) -> str:
    while True:
        name = f"{rng.choice(names.COOPERATIVE_PREFIX[jenis])} {rng.choice(names.BUSINESS_SUFFIX)} {village.name}"
        if name in used:
            name = f"{name} {rng.choice(['I', 'II', 'III', 'Baru', 'Utama', 'Makmur'])}"
        if name not in used:
            used.add(name)
            return name


def _reserved() -> dict[str, int]:
    """What the feature seeders will add (their ``RESERVES``), so the totals still hit the targets."""
    reserved = {"cooperatives": 0, "active": 0, "covered": 0}
    for module in SEEDERS:
        for key, value in getattr(module, "RESERVES", {}).items():
            reserved[key] += value
    return reserved


DEMO_CAPITAL, DEMO_SALES = 350_000_000, 900_000_000


def _demo_scale(cooperatives, today: date) -> None:
    from umkm.services import classify_scale, scale_criteria_on

    criteria = scale_criteria_on(today)
    if not criteria or not cooperatives:
        return
    Cooperative.objects.filter(pk__in=[c.pk for c in cooperatives]).update(
        capital=DEMO_CAPITAL,
        annual_sales=DEMO_SALES,
        scale=classify_scale(capital=DEMO_CAPITAL, annual_sales=DEMO_SALES, criteria=criteria),
        scale_basis=criteria[0].legal_basis,
        scale_source="Laporan keuangan RAT (data demo)",
        scale_determined_on=today,
    )


def seed_cooperatives(ctx: SeedContext) -> None:
    rng, today = ctx.rng, ctx.today
    reserved = _reserved()
    target_active = round(TARGETS["active"] * ctx.scale)
    total = max(1, round(TARGETS["cooperatives"] * ctx.scale) - reserved["cooperatives"])
    n_active = max(1, target_active - reserved["active"])
    n_covered = max(0, round(target_active * TARGETS["covered_share"]) - reserved["covered"])
    book_year = last_book_year(today)
    used_names: set[str] = set()
    cooperatives = []
    for index in range(total):
        village = rng.choice(ctx.villages)
        jenis = rng.choice(CooperativeType.values)
        founded = date(rng.randint(1985, 2022), rng.randint(1, 12), rng.randint(1, 28))
        is_active = index < n_active
        status = (
            CooperativeStatus.AKTIF
            if is_active
            else rng.choice(
                [CooperativeStatus.AKTIF, CooperativeStatus.TIDAK_AKTIF, CooperativeStatus.TIDAK_AKTIF, CooperativeStatus.BUBAR]
            )
        )
        name = DEMO_COOPERATIVE_NAME if index == 0 else _cooperative_name(rng, jenis, village, used_names)
        cooperatives.append(
            Cooperative(
                name=name,
                nomor_induk=f"74010{index + 1:07d}",
                sk_number=f"AHU-{rng.randint(1000, 99999):07d}.AH.01.26.TAHUN {founded.year}"
                if founded.year >= 2016
                else f"518.08/{rng.randint(10, 999)}/BH/XIV.10/{founded.month}/{founded.year}",
                sk_date=founded,
                jenis=jenis,
                address=f"Jl. {rng.choice(names.FAMILY)} No. {rng.randint(1, 99)}",
                desa=village,
                founded_on=founded,
                status=status,
                member_count=rng.randint(20, 600) if is_active else rng.randint(9, 80),
                npwp=f"0{rng.randint(10**14, 10**15 - 1)}" if is_active else "",
            )
        )
    _bulk(Cooperative, cooperatives)
    # Scale as an employer (Perpres 109/2013 Pasal 6 ayat 3): the active ones reported micro figures
    # at their RAT; classified on the PP 7/2021 rows like any cooperative (no rng draw, so the rest
    # of the seed stays as it was).
    _demo_scale(cooperatives[:n_active], today)
    _bulk(
        CooperativeStatusChange,
        [CooperativeStatusChange(cooperative=c, to_status=c.status, changed_on=c.founded_on) for c in cooperatives],  # type: ignore[misc]  # seeded with a date
    )
    meetings = []
    for index, coop in enumerate(cooperatives):
        if index < n_active:
            meetings.append(
                AnnualMeeting(
                    cooperative=coop,
                    book_year=book_year,
                    held_on=date(book_year + 1, rng.randint(1, 3), rng.randint(1, 28)),
                    reported_on=date(book_year + 1, 4, rng.randint(1, 28)),
                )
            )
            meetings.append(
                AnnualMeeting(cooperative=coop, book_year=book_year - 1, held_on=date(book_year, rng.randint(1, 3), rng.randint(1, 28)))
            )
        elif coop.status == CooperativeStatus.AKTIF and rng.random() < 0.5:
            older = book_year - rng.randint(1, 6)
            meetings.append(
                AnnualMeeting(cooperative=coop, book_year=older, held_on=date(older + 1, rng.randint(1, 6), rng.randint(1, 28)))
            )
    _bulk(AnnualMeeting, meetings)

    # People in positions: active cooperatives carry a full board; the others a ketua or a small board.
    people, positions, participations = [], [], []
    npp_serial = [60_000_000]
    covered_idx = set(range(1, n_covered + 1))  # index 0 (the demo cooperative) misses one person on purpose
    for index, coop in enumerate(cooperatives):
        started = coop.founded_on
        if index < n_active:
            roles = [PositionRole.KETUA, PositionRole.SEKRETARIS, PositionRole.BENDAHARA, PositionRole.PENGAWAS]
            roles += [PositionRole.PENGURUS] * rng.randint(0, 1)
            roles += [PositionRole.KARYAWAN] * rng.randint(1 if index in covered_idx or index == 0 else 0, 3)
        else:
            roles = [PositionRole.KETUA] + ([PositionRole.SEKRETARIS, PositionRole.BENDAHARA] if rng.random() < 0.4 else [])
        has_employees = PositionRole.KARYAWAN in roles
        if has_employees and (index in covered_idx or index == 0 or rng.random() < 0.5):
            npp_serial[0] += rng.randint(1, 500)
            coop.npp, coop.divisi = str(npp_serial[0]), "000"
        for role_index, role in enumerate(roles):
            person = new_person(ctx, coop.desa)
            people.append(person)
            positions.append(Position(cooperative=coop, person=person, role=role, started_on=started + timedelta(days=rng.randint(0, 900))))  # type: ignore[operator,misc]  # seeded with a founding date
            state: str | None
            if index in covered_idx:
                state = "aktif" if rng.random() < 0.85 else "menunggak"
            elif index == 0:
                state = "nonaktif" if role == PositionRole.BENDAHARA else "aktif"
            elif index < n_active:
                roll = rng.random()
                state = "aktif" if roll < 0.35 else "menunggak" if roll < 0.42 else "nonaktif" if roll < 0.55 else None
                if role_index == 1:  # an active cooperative outside the covered tenth always misses someone
                    state = rng.choice([None, "nonaktif"])
            else:
                state = "aktif" if rng.random() < 0.08 else None
            if index == 0 and role == PositionRole.BENDAHARA:
                state = None  # "Bendahara …: not enrolled" — the missing person of the demo story
            if state is not None:
                segment = "PU" if role == PositionRole.KARYAWAN and coop.npp else "BPU"
                participations.append((person, segment, state, coop.npp))
    Cooperative.objects.bulk_update([c for c in cooperatives if c.npp], ["npp", "divisi"], batch_size=2000)
    _bulk(Person, people)
    for position in positions:
        position.person_id = position.person.pk
    _bulk(Position, positions)
    _bulk(Participation, [participation_for(ctx, p, segment=s, state=st, npp=npp) for p, s, st, npp in participations])
    ctx.demo_cooperative = cooperatives[0]


def _run_seeders(ctx: SeedContext) -> None:
    for module in SEEDERS:
        started = time.perf_counter()
        module.seed(ctx)
        ctx.timings[module.__name__.rsplit(".", 1)[-1]] = time.perf_counter() - started


def _reset_seeders() -> None:
    for module in reversed(SEEDERS):
        if hasattr(module, "reset"):
            module.reset()


def is_seeded() -> bool:
    return User.objects.filter(username="dinas").exists() and Cooperative.objects.exists()


@transaction.atomic
def reset() -> None:
    """Remove the register data the demo created (feature seeders first, then the core)."""
    with facts.suspended(source="demo reset"):
        _reset()


def _reset() -> None:
    _reset_seeders()
    CooperativeAccess.objects.all().delete()
    Business.objects.all().delete()
    Position.objects.all().delete()
    AnnualMeeting.objects.all().delete()
    CooperativeStatusChange.objects.all().delete()
    Cooperative.objects.all().delete()
    Participation.objects.all().delete()
    Person.objects.all().delete()
    AccessEvent.objects.all().delete()


@transaction.atomic
def seed(*, scale: float = 1.0, random_seed: int = 2026) -> SeedContext:
    """Build the demo dataset; deterministic for a given seed and day."""
    instansi_setup(
        region_code=KOLAKA_CODE, load_regions=Region.objects.filter(code__startswith=KOLAKA_CODE + ".").count() < 100, **KOLAKA_IDENTITY
    )
    ctx = SeedContext(rng=random.Random(random_seed), today=timezone.localdate(), scale=scale)
    with facts.suspended(source="demo"):  # bulk writes: the dashboard's facts are rebuilt once at the end
        return _seed(ctx)


def _seed(ctx: SeedContext) -> SeedContext:
    ctx.villages = _villages()
    ctx.nik_factory = NikFactory(ctx.rng)
    ensure_users(ctx)
    started = time.perf_counter()
    seed_umkm(ctx)
    ctx.timings["umkm"] = time.perf_counter() - started
    started = time.perf_counter()
    seed_cooperatives(ctx)
    ctx.timings["cooperatives"] = time.perf_counter() - started
    CooperativeAccess.objects.update_or_create(
        user=ctx.users["koperasi"],
        cooperative=ctx.demo_cooperative,
        defaults={"role": CooperativeAccess.AccessRole.KETUA, "is_active": True},
    )
    _run_seeders(ctx)
    started = time.perf_counter()
    from compliance.services import letters_render_missing

    letters_render_missing()  # every demo letter has its PDF: downloads are served at once
    ctx.timings["letters"] = time.perf_counter() - started
    return ctx


def counts(as_of: date | None = None) -> dict[str, int]:
    """The funnel figures the Dinas quotes, computed from the database."""
    as_of = as_of or timezone.localdate()
    active = Cooperative.objects.active(as_of)
    owners = Person.objects.filter(businesses__isnull=False).distinct()
    return {
        "umkm": Business.objects.count(),
        "umkm_official": Business.objects.official().count(),
        "umkm_owners_active": owners.active_participants(as_of).count(),
        "cooperatives": Cooperative.objects.count(),
        "cooperatives_active": active.count(),
        "cooperatives_active_covered": active.covered(as_of).count(),
        "people": Person.objects.count(),
        "participations": Participation.objects.count(),
    }
