"""Generate realistic, messy import files at any size (benchmarks and manual tests).

    .venv/bin/python bench/imports/generate.py umkm 12000 /tmp/umkm-12k.xlsx
    .venv/bin/python bench/imports/generate.py umkm 1000000 /tmp/umkm-1m.csv
    .venv/bin/python bench/imports/generate.py peserta 5000 /tmp/peserta.csv
    .venv/bin/python bench/imports/generate.py koperasi 500 /tmp/koperasi.xlsx

What offices really send: header variants ("No. KTP", "Nama Usaha", "Omset"), NIKs as numbers,
with spaces, dots or a leading apostrophe (and a few in scientific notation, which must be
refused), dates as Excel dates, dd/mm/yyyy, dd-mm-yyyy, ISO or "12 Januari 2024", Rupiah as
"Rp 1.500.000", "1.500.000" or plain numbers, booleans as ya/tidak/Y/T/1/0, kecamatan and desa by
name in any case with or without "Kec."/"Desa", or by code. About 1 % of rows repeat an earlier
row and about 2 % carry an error. Deterministic for a given --seed. Runs without Django.
"""

from __future__ import annotations

import argparse
import csv
import random
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"]
FIRST = [
    "Siti",
    "Andi",
    "Muh.",
    "Nur",
    "Hasnah",
    "Rahmat",
    "Wa Ode",
    "La Ode",
    "Sitti",
    "Baharuddin",
    "Ilham",
    "Rosmiati",
    "Asrul",
    "Nurlina",
    "Jumriani",
    "Syamsul",
    "Hasan",
    "Rini",
    "Yusuf",
    "Marlina",
    "Arfan",
    "Darmawati",
]
LAST = [
    "Tosuo",
    "Lapulu",
    "Tamburaka",
    "Saleh",
    "Lasaeha",
    "Mappasessu",
    "Rahman",
    "Hamid",
    "Lamba",
    "Tandi",
    "Bakri",
    "Sulaiman",
    "Kadir",
    "Amir",
    "Ramli",
    "Mustari",
    "Pasau",
    "Ladjido",
]
BUSINESS = ["Warung", "Toko", "Kios", "Bengkel", "Usaha", "Kedai", "Rumah Makan", "Jahit", "Kerajinan", "Depot", "Ternak", "Tambak"]
WHAT = ["Sembako", "Kopi", "Kakao", "Ikan Segar", "Kue", "Bakso", "Motor", "Pakaian", "Rotan", "Air Isi Ulang", "Ayam", "Udang", "Cengkeh"]
KBLI = ["47111", "56103", "10792", "45405", "14111", "01270", "03221", "47724", "10750", "01461"]


def load_regions():
    kecamatan, villages = {}, []
    with (ROOT / "regions" / "data" / "kolaka.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["kind"] == "kecamatan":
                kecamatan[row["code"]] = row["name"]
            elif row["kind"] in ("desa", "kelurahan"):
                villages.append((row["code"], row["name"], row["kind"]))
    return kecamatan, villages


class Maker:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.kecamatan, self.villages = load_regions()
        self.serial = 0

    def nik(self, kec_code: str) -> tuple[str, bool, date]:
        rng = self.rng
        female = rng.random() < 0.5
        birth = date(1955, 1, 1) + timedelta(days=rng.randrange(0, 365 * 48))
        self.serial += 1
        serial = self.serial % 9999 + 1
        day = birth.day + (40 if female else 0)
        prefix = kec_code.replace(".", "")
        # Spread serials over birth years so a million NIKs stay unique.
        return f"{prefix}{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial:04d}", female, birth

    def messy_nik(self, nik: str, xlsx: bool):
        r = self.rng.random()
        if xlsx and r < 0.25:
            return int(nik)
        if r < 0.35:
            return f"{nik[:6]} {nik[6:12]} {nik[12:]}"
        if r < 0.42:
            return f"{nik[:2]}.{nik[2:4]}.{nik[4:6]}.{nik[6:12]}.{nik[12:]}"
        if r < 0.55:
            return "'" + nik
        return nik

    def messy_date(self, value: date, xlsx: bool):
        r = self.rng.random()
        if xlsx and r < 0.3:
            return value
        if r < 0.5:
            return value.strftime("%d/%m/%Y")
        if r < 0.65:
            return value.strftime("%d-%m-%Y")
        if r < 0.8:
            return value.isoformat()
        return f"{value.day} {MONTHS[value.month - 1]} {value.year}"

    def messy_rupiah(self, amount: int, xlsx: bool):
        r = self.rng.random()
        grouped = f"{amount:,}".replace(",", ".")
        if xlsx and r < 0.3:
            return amount
        if r < 0.5:
            return f"Rp {grouped}"
        if r < 0.7:
            return grouped
        return str(amount)

    def messy_bool(self, value: bool):
        return self.rng.choice(["ya", "Ya", "Y", "1"] if value else ["tidak", "Tidak", "T", "0"])

    def place(self):
        code, name, kind = self.rng.choice(self.villages)
        kec_code = code[:8]
        kec_name = self.kecamatan[kec_code]
        r = self.rng.random()
        if r < 0.15:
            return kec_code, code, kec_code
        kec = self.rng.choice([kec_name, kec_name.upper(), f"Kec. {kec_name}", f"Kecamatan {kec_name}", kec_name.lower()])
        desa = self.rng.choice([name, name.upper(), f"Desa {name}" if kind == "desa" else f"Kel. {name}", name.lower()])
        return kec, desa, kec_code

    def person_name(self):
        return f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}"


UMKM_HEADERS = [
    "No. KTP",
    "Nama Pemilik",
    "L/P",
    "Tgl. Lahir",
    "No HP",
    "Nama Usaha",
    "NIB",
    "KBLI",
    "Modal",
    "Omset",
    "Jumlah Pekerja",
    "Kec.",
    "Desa",
    "Alamat Usaha",
    "Terdata",
]


def umkm_rows(count: int, maker: Maker, xlsx: bool):
    rng = maker.rng
    emitted = []
    owner = None
    for index in range(count):
        if emitted and rng.random() < 0.01:
            yield list(rng.choice(emitted[-500:]))
            continue
        if owner is None or rng.random() > 0.08:  # some owners run two businesses
            kec, desa, kec_code = maker.place()
            nik, female, birth = maker.nik(kec_code)
            owner = (nik, maker.person_name(), "P" if female else "L", birth, kec, desa)
        nik, name, gender, birth, kec, desa = owner
        capital = rng.choice([2, 5, 10, 15, 25, 50, 150, 400, 1500, 6000]) * 1_000_000
        sales = capital * rng.choice([2, 3, 4, 6])
        has_nib = rng.random() < 0.35
        row = [
            maker.messy_nik(nik, xlsx),
            name,
            gender if rng.random() < 0.7 else "",
            maker.messy_date(birth, xlsx) if rng.random() < 0.6 else "",
            f"08{rng.randrange(10**9, 10**10)}" if rng.random() < 0.5 else "",
            f"{rng.choice(BUSINESS)} {rng.choice(WHAT)} {name.split()[-1]} {index}",
            f"{9120000000000 + index:013d}" if has_nib else "",
            rng.choice(KBLI) if rng.random() < 0.6 else "",
            maker.messy_rupiah(capital, xlsx),
            maker.messy_rupiah(sales, xlsx) if rng.random() < 0.8 else "",
            rng.randrange(0, 8),
            kec,
            desa,
            f"Dusun {rng.randrange(1, 6)}",
            maker.messy_bool(rng.random() < 0.33),
        ]
        r = rng.random()
        if r < 0.004:
            row[0] = f"{nik[0]}.{nik[1:6]}E+15"
        elif r < 0.008:
            row[0] = nik[:15]
        elif r < 0.012:
            row[12] = "Desa Antah Berantah"
        elif r < 0.016:
            row[8] = "lima juta"
        elif r < 0.02:
            row[3] = "31/02/1980"
        emitted.append(row)
        yield row


PESERTA_HEADERS = ["No KPJ", "NIK", "Nama Peserta", "Segmen", "Program", "NPP", "Tgl Kepesertaan", "Bulan Iuran Terakhir", "Upah"]


def peserta_rows(count: int, maker: Maker, xlsx: bool):
    rng = maker.rng
    for index in range(count):
        kec, desa, kec_code = maker.place()
        nik, _female, _birth = maker.nik(kec_code)
        segment = rng.choice(["BPU", "BPU", "PU", "Penerima Upah", "Bukan Penerima Upah"])
        bpu = segment in ("BPU", "Bukan Penerima Upah")
        started = date(2018, 1, 1) + timedelta(days=rng.randrange(0, 2500))
        paid = date(2026, rng.randrange(1, 11), 1)
        yield [
            f"{24_000_000_000 + index:011d}",
            maker.messy_nik(nik, xlsx),
            maker.person_name(),
            segment,
            "JKK, JKM" if bpu else "JKK, JKM, JHT, JP",
            "" if bpu else f"{12345000 + rng.randrange(0, 50):08d}",
            maker.messy_date(started, xlsx),
            f"{MONTHS[paid.month - 1]} {paid.year}" if rng.random() < 0.5 else paid.strftime("%m/%Y"),
            maker.messy_rupiah(rng.choice([1_000_000, 2_000_000, 3_500_000]), xlsx),
        ]


KOPERASI_HEADERS = [
    "Nama Koperasi",
    "No. Induk Koperasi",
    "No. Badan Hukum",
    "Tgl Badan Hukum",
    "Jenis",
    "Kec",
    "Desa",
    "Status",
    "Jml Anggota",
    "KDMP",
]


def koperasi_rows(count: int, maker: Maker, xlsx: bool):
    rng = maker.rng
    for index in range(count):
        kec, desa, _kec_code = maker.place()
        yield [
            f"Koperasi {rng.choice(['Serba Usaha', 'Produsen', 'Simpan Pinjam', 'Konsumen'])} {rng.choice(WHAT)} {index}",
            f"74010{index:08d}" if rng.random() < 0.7 else "",
            f"AHU-{index:07d}.AH.01.26.TAHUN {rng.randrange(2005, 2025)}",
            maker.messy_date(date(2005, 1, 1) + timedelta(days=rng.randrange(0, 7000)), xlsx),
            rng.choice(["simpan pinjam", "KSP", "Konsumen", "produsen", "Jasa", "pemasaran"]),
            kec,
            desa,
            rng.choice(["aktif", "Aktif", "tidak aktif", "bubar"]),
            rng.randrange(9, 400),
            maker.messy_bool(rng.random() < 0.1),
        ]


KINDS = {"umkm": (UMKM_HEADERS, umkm_rows), "peserta": (PESERTA_HEADERS, peserta_rows), "koperasi": (KOPERASI_HEADERS, koperasi_rows)}


def generate(kind: str, count: int, path: Path, seed: int = 2026, delimiter: str = ";") -> Path:
    headers, rows = KINDS[kind]
    maker = Maker(seed)
    path = Path(path)
    if path.suffix == ".xlsx":
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("Survei")
        sheet.append(headers)
        for row in rows(count, maker, True):
            sheet.append(row)
        workbook.save(path)
    else:
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle, delimiter=delimiter)
            writer.writerow(headers)
            writer.writerows(rows(count, maker, False))
    return path


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("kind", choices=sorted(KINDS))
    parser.add_argument("rows", type=int)
    parser.add_argument("path", type=Path)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--delimiter", default=";")
    args = parser.parse_args()
    generate(args.kind, args.rows, args.path, args.seed, args.delimiter)
    print(f"{args.path}: {args.rows:,} rows")


if __name__ == "__main__":
    main()
