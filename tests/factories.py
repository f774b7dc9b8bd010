"""factory_boy factories for the register. NIKs are valid and unique; regions are real Kolaka codes."""

from __future__ import annotations

import itertools
from datetime import date

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.models import Bank, User
from cooperatives.models import AnnualMeeting, Cooperative, CooperativeAccess, Position, last_book_year
from enrollment.models import Participation, Person
from regions.models import Region
from umkm.models import Business

WUNDULAKO = "74.01.01"
WUNDULAKO_VILLAGE = "74.01.01.1001"

_serial = itertools.count(1)


def make_nik(*, region6: str = "740101", birth: date = date(1985, 5, 17), female: bool = False, serial: int | None = None) -> str:
    day = birth.day + (40 if female else 0)
    serial = serial if serial is not None else next(_serial) % 9999 + 1
    return f"{region6}{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial:04d}"


def village(code: str = WUNDULAKO_VILLAGE) -> Region:
    return Region.objects.get(code=code)


class BankFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bank
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"bank{n}")
    name = factory.Sequence(lambda n: f"Bank Uji {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Faker("name", locale="id_ID")
    password = factory.PostGenerationMethodCall("set_password", "Rahasia#12345")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if extracted:
            self.groups.add(Group.objects.get_or_create(name=extracted)[0])
            if extracted == "admin":
                self.is_staff = self.is_superuser = True
        if create:
            self.save()


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    nik = factory.LazyFunction(make_nik)
    name = factory.Faker("name", locale="id_ID")
    gender = "L"
    birth_date = date(1985, 5, 17)
    desa = factory.LazyFunction(village)


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    person = factory.SubFactory(PersonFactory)
    kpj = factory.Sequence(lambda n: f"{20_000_000_000 + n:011d}")
    segment = "BPU"
    jkk = True
    jkm = True
    started_on = date(2023, 1, 1)
    last_paid_month = None
    wage = 2_000_000


class CooperativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cooperative

    name = factory.Sequence(lambda n: f"Koperasi Uji {n}")
    nomor_induk = factory.Sequence(lambda n: f"7401{n:08d}")
    jenis = "simpan_pinjam"
    desa = factory.LazyFunction(village)
    status = "aktif"
    founded_on = date(2015, 3, 1)


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    cooperative = factory.SubFactory(CooperativeFactory)
    person = factory.SubFactory(PersonFactory)
    role = "pengurus"
    started_on = date(2020, 1, 1)


class AnnualMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnnualMeeting

    cooperative = factory.SubFactory(CooperativeFactory)
    book_year = factory.LazyFunction(lambda: last_book_year(timezone.localdate()))
    held_on = factory.LazyAttribute(lambda o: date(o.book_year + 1, 2, 20))


class BusinessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Business

    name = factory.Sequence(lambda n: f"Warung Uji {n}")
    owner = factory.SubFactory(PersonFactory)
    kbli = "56103"
    desa = factory.LazyFunction(village)


class CooperativeAccessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CooperativeAccess

    user = factory.SubFactory(UserFactory, role="koperasi")
    cooperative = factory.SubFactory(CooperativeFactory)
