"""Plausible names for Kolaka (Tolaki, Bugis, Muna, Buton and general Indonesian)."""

MALE_GIVEN = [
    "Andi", "Muhammad", "Muh.", "La Ode", "Ahmad", "Abdul", "Rahmat", "Hasan", "Syamsul", "Baharuddin",
    "Ilham", "Arifin", "Jufri", "Ruslan", "Sudirman", "Hamzah", "Irwan", "Amiruddin", "Saharuddin", "Lukman",
    "Agus", "Budi", "Yusuf", "Darwis", "Kamaruddin", "Asrul", "Taufik", "Firman", "Hendra", "Rudi",
    "Safaruddin", "Burhan", "Marwan", "Ridwan", "Nasrun", "Jamaluddin", "Anwar", "Sahrul", "Gusti", "Wahyu",
]
FEMALE_GIVEN = [
    "Wa Ode", "Andi", "Siti", "Nurhayati", "Hasnah", "Rosmiati", "Sitti", "Nurlina", "Hasniah", "Fatmawati",
    "Rahmawati", "Suriani", "Jumiati", "Hadijah", "Asmawati", "Murniati", "Erna", "Kasmawati", "Ramlah", "Sumarni",
    "Dewi", "Sri", "Nurjannah", "Halimah", "Rosdiana", "Mardiana", "Hartini", "Nurmala", "Yuliana", "Samsiah",
    "Nining", "Rina", "Asriani", "Wahyuni", "Darmawati", "Salmah", "Marlina", "Hasmiati", "Nurul", "Fitriani",
]
FAMILY = [
    "Lasaeha", "Tosuo", "Mokole", "Lapulu", "Mekongga", "Lambuya", "Tamburaka", "Rahman", "Saleh", "Hamid",
    "Latif", "Syukur", "Pattiasina", "Lahamu", "Sarambu", "Anakia", "Tombili", "Lanto", "Kadir", "Baso",
    "Sulaiman", "Mappasessu", "Darwis", "Amin", "Ibrahim", "Manggala", "Poli", "Ishak", "Nur", "Bakri",
    "Laode", "Sabara", "Mansyur", "Hafid", "Rauf", "Sanusi", "Majid", "Talib", "Husain", "Djafar",
]
BUSINESS_KINDS = [
    ("Warung Makan", "56103"), ("Toko Kelontong", "47111"), ("Kios Pulsa", "47413"), ("Usaha Kue", "10792"),
    ("Bengkel Motor", "45405"), ("Penjahit", "14111"), ("Tambak Udang", "03221"), ("Kebun Kakao", "01270"),
    ("Nelayan", "03111"), ("Laundry", "96011"), ("Kerajinan Anyaman", "16292"), ("Usaha Sagu", "10623"),
    ("Kedai Kopi", "56303"), ("Toko Bangunan", "47521"), ("Salon", "96021"), ("Penggilingan Padi", "10611"),
    ("Peternakan Ayam", "01462"), ("Toko Pakaian", "47711"), ("Usaha Ikan Asin", "10213"), ("Kebun Cengkeh", "01281"),
]
BUSINESS_SUFFIX = ["Berkah", "Sejahtera", "Mandiri", "Harapan", "Jaya", "Sentosa", "Makmur", "Bersama", "Amanah", "Barokah",
                   "Lestari", "Maju", "Abadi", "Sinar", "Bahari", "Mekar", "Indah", "Cahaya", "Rezeki", "Mulia"]
COOPERATIVE_PREFIX = {
    "simpan_pinjam": ["Koperasi Simpan Pinjam", "KSP", "Koperasi Kredit"],
    "konsumen": ["Koperasi Konsumen", "Koperasi Serba Usaha", "Koperasi Karyawan"],
    "produsen": ["Koperasi Produsen", "Koperasi Tani", "Koperasi Perikanan"],
    "pemasaran": ["Koperasi Pemasaran", "Koperasi Niaga"],
    "jasa": ["Koperasi Jasa", "Koperasi Angkutan", "Koperasi Jasa Wisata"],
}
