"""Demo situations of the recommendation workflow, built through the real services.

Cooperatives that are eligible, that fail each rule (a–e), letters issued / expiring soon /
expired / revoked / superseded, open requests awaiting verification and signature, a returned and
a refused request, a recorded licence decision, and the demo cooperative's own request (returned:
its bendahara is not enrolled). ``bpjs`` verifies, ``kepala`` signs, ``dinas`` requests.
"""

from __future__ import annotations

from datetime import date, timedelta

from compliance import services
from compliance.models import GateDecision, Letter, LetterCounter, Purpose, RecommendationRequest, RequestTransition
from cooperatives.models import Position, PositionRole, last_book_year
from cooperatives.services import annual_meeting_record, cooperative_save, cooperative_scale_set
from enrollment.models import Participation, Person, RiskClass
from enrollment.status import add_months, latest_due_month

# What these scenarios add to the register; the core seed leaves room for them so the totals stay
# at the Dinas's figures (14 cooperatives, 13 active, 12 of them covered: the rule a, c and d
# failures still have every person enrolled).
RESERVES = {"cooperatives": 14, "active": 13, "covered": 12}

BOARD = (PositionRole.KETUA, PositionRole.SEKRETARIS, PositionRole.BENDAHARA, PositionRole.PENGAWAS)

# Scale as an employer (capital, annual sales): micro unless listed. The micro cooperative with the
# valid letter has karyawan on JKK + JKM only, which is all the law asks of a micro employer; the
# rule-c failure is a small cooperative whose karyawan lacks JHT.
SCALES = {
    "Koperasi Pemasaran Hasil Bumi Toari": (2_500_000_000, 6_000_000_000),  # kecil: needs JHT
    "Koperasi Simpan Pinjam Tunas Harapan Iwoimendaa": (7_000_000_000, 20_000_000_000),  # menengah: JHT and JP held
}
MICRO_FIGURES = (400_000_000, 1_200_000_000)
MICRO_JKK_JKM_ONLY = "Koperasi Konsumen Karyawan Sejahtera Kolaka"

# name, jenis, flaw (None = eligible)
SCENARIOS = [
    ("Koperasi Produsen Kakao Lestari Wundulako", "produsen", None),  # free for the live journey
    ("Koperasi Jasa Nelayan Bahari Pomalaa", "jasa", None),  # free for the live journey
    ("Koperasi Konsumen Karyawan Sejahtera Kolaka", "konsumen", None),  # valid letter + gate decision
    ("Koperasi Simpan Pinjam Mekar Jaya Latambaga", "simpan_pinjam", None),  # letter expiring soon
    ("Koperasi Pemasaran Rumput Laut Tanggetada", "pemasaran", None),  # expired letter
    ("Koperasi Jasa Angkutan Samaturu", "jasa", None),  # revoked letter
    ("Koperasi Produsen Sagu Baula", "produsen", None),  # superseded letter + its successor
    ("Koperasi Konsumen Pasar Baru Wolo", "konsumen", None),  # open request awaiting verification
    ("Koperasi Simpan Pinjam Tunas Harapan Iwoimendaa", "simpan_pinjam", None),  # awaiting signature
    ("Koperasi Jasa Bengkel Maju Watubangga", "jasa", "a"),  # employees, no NPP
    ("Koperasi Produsen Cengkeh Wolo", "produsen", "b"),  # pengawas not enrolled
    ("Koperasi Pemasaran Hasil Bumi Toari", "pemasaran", "c"),  # karyawan without JHT
    ("Koperasi Simpan Pinjam Bina Usaha Polinggona", "simpan_pinjam", "d"),  # PU arrears
    ("Koperasi Konsumen Sumber Rezeki Kolaka Timur", "konsumen", "e"),  # no RAT (status evaluation)
]

PEOPLE_NAMES = {
    PositionRole.KETUA: ("L", "La Ode Muhammad Syarif"),
    PositionRole.SEKRETARIS: ("P", "Hasriani Tosuo"),
    PositionRole.BENDAHARA: ("P", "Wa Ode Sitti Rahmah"),
    PositionRole.PENGAWAS: ("L", "Andi Baso Mappaseng"),
}


def _participation(ctx, person, *, segment, months_behind=0, programmes=("JKK", "JKM"), npp=""):
    from demo.seed import _next_kpj

    due = latest_due_month(segment, ctx.today)
    return Participation(
        person=person,
        kpj=_next_kpj(ctx),
        segment=segment,
        jkk="JKK" in programmes,
        jkm="JKM" in programmes,
        jht="JHT" in programmes,
        jp="JP" in programmes,
        npp=npp if segment == "PU" else "",
        risk_class=RiskClass.RENDAH if segment == "PU" else "",
        wage=3_500_000 if segment == "PU" else 2_000_000,
        started_on=date(2022, 1, 1),
        last_paid_month=add_months(due, -months_behind),
        source="demo",
    )


def _build(ctx, index, name, jenis, flaw, npp_serial):
    from demo.seed import new_person

    village = ctx.villages[(index * 11 + 5) % len(ctx.villages)]
    npp = "" if flaw == "a" else str(npp_serial + index * 37)
    coop = cooperative_save(
        name=name,
        nomor_induk=f"7401099{index + 1:05d}",
        sk_number=f"AHU-00{1200 + index}.AH.01.26.TAHUN 2019",
        sk_date=date(2019, 3, 1 + index),
        nib=f"91200{index + 1:08d}",
        npwp=f"0{810000000000000 + index * 7919}",
        jenis=jenis,
        address=f"Jl. Poros Kolaka No. {10 + index}",
        desa=village,
        founded_on=date(2019, 3, 1 + index),
        member_count=40 + index * 9,
        npp=npp,
        divisi="000" if npp else "",
    )
    capital, sales = SCALES.get(name, MICRO_FIGURES)
    cooperative_scale_set(cooperative=coop, capital=capital, annual_sales=sales, source="Laporan keuangan RAT (data demo)", as_of=ctx.today)
    people, participations, positions = [], [], []
    for role in BOARD:
        gender, person_name = PEOPLE_NAMES[role]
        person = new_person(ctx, village, gender=gender, name=person_name)
        people.append(person)
        positions.append((person, role))
        if flaw == "b" and role == PositionRole.PENGAWAS:
            continue
        participations.append((person, {"segment": "BPU"}))
    for number in range(2):
        person = new_person(ctx, village)
        people.append(person)
        positions.append((person, PositionRole.KARYAWAN))
        programmes = ("JKK", "JKM", "JHT", "JP")
        behind = 0
        if flaw == "a":
            participations.append((person, {"segment": "BPU"}))  # no employer: registered as informal
            continue
        if (flaw == "c" and number == 0) or name == MICRO_JKK_JKM_ONLY:
            programmes = ("JKK", "JKM")
        if flaw == "d" and number == 1:
            behind = 2
        participations.append((person, {"segment": "PU", "programmes": programmes, "months_behind": behind, "npp": npp}))
    Person.objects.bulk_create(people)
    Participation.objects.bulk_create([_participation(ctx, person, **kwargs) for person, kwargs in participations])
    Position.objects.bulk_create(
        [Position(cooperative=coop, person=person, role=role, started_on=date(2020, 1, 1)) for person, role in positions]
    )
    if flaw != "e":
        book_year = last_book_year(ctx.today)
        annual_meeting_record(cooperative=coop, book_year=book_year - 1, held_on=date(book_year, 2, 20))
        annual_meeting_record(cooperative=coop, book_year=book_year, held_on=date(book_year + 1, 2, 20))
    return coop


def seed(ctx) -> None:
    dinas, bpjs, kepala = ctx.users["dinas"], ctx.users["bpjs"], ctx.users["kepala"]
    coops = [_build(ctx, index, name, jenis, flaw, 61_000_000) for index, (name, jenis, flaw) in enumerate(SCENARIOS)]
    by_flaw = {flaw: coop for coop, (_n, _j, flaw) in zip(coops, SCENARIOS, strict=False) if flaw}
    today = ctx.today

    def issue(coop, purpose, issued_on):
        req = services.recommendation_request(user=dinas, cooperative=coop, purpose=purpose)
        services.request_verify(user=bpjs, request=req, note="Data kepesertaan cocok dengan SIPP.")
        return services.letter_issue(user=kepala, request=req, issued_on=issued_on, render=False)

    # Letters in date order so that numbers follow the calendar where they can.
    expired_on = add_months(today, -8).replace(day=10)
    superseded_first = add_months(today, -7).replace(day=3)
    revoked_on = add_months(today, -3).replace(day=5)
    expiring_on = today - timedelta(days=170)  # six-month validity ends in about two weeks
    issue(coops[4], Purpose.EVALUASI_STATUS, expired_on)
    issue(coops[6], Purpose.IZIN_BARU, superseded_first)
    issue(coops[3], Purpose.EVALUASI_STATUS, expiring_on)
    revoked = issue(coops[5], Purpose.IZIN_BARU, revoked_on)
    issue(coops[6], Purpose.IZIN_BARU, today - timedelta(days=30))
    valid = issue(coops[2], Purpose.IZIN_BARU, today - timedelta(days=10))
    services.letter_revoke(user=kepala, letter=revoked, reason="Dua karyawan ternyata belum didaftarkan (temuan pemeriksaan lapangan).")
    services.gate_record(
        user=dinas,
        cooperative=valid.cooperative,
        purpose=Purpose.IZIN_BARU,
        outcome=GateDecision.Outcome.DISETUJUI,
        decided_on=today - timedelta(days=3),
        decision_number="518/045/DKUMKM/2026",
        notes="Izin usaha simpan pinjam diterbitkan.",
    )

    # Open requests.
    services.recommendation_request(user=dinas, cooperative=coops[7], purpose=Purpose.IZIN_BARU)
    waiting = services.recommendation_request(user=dinas, cooperative=coops[8], purpose=Purpose.EVALUASI_STATUS)
    services.request_verify(user=bpjs, request=waiting, note="Lengkap.")
    for flaw, purpose in (("a", Purpose.IZIN_BARU), ("b", Purpose.IZIN_BARU), ("c", Purpose.IZIN_BARU), ("e", Purpose.EVALUASI_STATUS)):
        services.recommendation_request(user=dinas, cooperative=by_flaw[flaw], purpose=purpose)
    refused = services.recommendation_request(user=dinas, cooperative=by_flaw["d"], purpose=Purpose.IZIN_BARU)
    services.request_refuse(
        user=bpjs,
        request=refused,
        reason="Iuran PU dua bulan tertunggak; lunasi tunggakan dan denda lalu ajukan kembali.",
    )

    # The demo cooperative (its bendahara is not enrolled): its head asked, BPJS returned it.
    if ctx.demo_cooperative is not None:
        koperasi = ctx.users.get("koperasi")
        mine = services.recommendation_request(user=koperasi or dinas, cooperative=ctx.demo_cooperative, purpose=Purpose.EVALUASI_STATUS)
        services.request_return(
            user=bpjs,
            request=mine,
            reason="Bendahara belum terdaftar sebagai peserta BPJS Ketenagakerjaan (JKK dan JKM). Daftarkan lalu ajukan ulang.",
        )


def reset() -> None:
    GateDecision.objects.all().delete()
    Letter.objects.update(superseded_by=None)
    Letter.objects.all().delete()
    RequestTransition.objects.all().delete()
    RecommendationRequest.objects.all().delete()
    LetterCounter.objects.all().delete()
