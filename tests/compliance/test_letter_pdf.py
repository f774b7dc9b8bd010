"""The official letter: one A4 page with the letterhead, the signatory's name, position and NIP, the
QR code beside the signature and the page footer; rendered when signed; a command renders the rest."""

import io

import pytest
from django.core.management import call_command

from compliance.models import Letter
from compliance.pdf import letter_document, letter_html
from institution.selectors import forget_instansi
from tests.compliance.conftest import build_cooperative

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed(issue_letter, kepala_user):
    kepala_user.nip = "197805122005011003"
    kepala_user.full_name = "Andi Mappasessu"
    kepala_user.save()
    return issue_letter(build_cooperative(name="Koperasi Satu Halaman"), render=False)


def test_the_letter_is_one_a4_page_with_letterhead_signatory_and_nip(signed):
    from institution.models import Instansi

    Instansi.objects.filter(pk=1).update(branch_office="Kantor Cabang Uji", branch_phone="(0405) 999")  # issue 17: the record
    forget_instansi()  # a queryset update sends no signal: drop the per-process copy
    html = letter_html(signed)
    assert "KANTOR CABANG UJI" in html
    assert "(0405) 999" in html
    assert 'src="data:image/svg+xml;base64,' in html
    assert "Andi Mappasessu" in html
    assert "NIP 197805122005011003" in html
    assert signed.signatory_title in html
    assert signed.verification_url in html  # under the QR code, beside the signature
    document = letter_document(signed)
    assert len(document.pages) == 1
    width, height = document.pages[0].width, document.pages[0].height
    assert round(width * 25.4 / 96) == 210
    assert round(height * 25.4 / 96) == 297


def test_signing_renders_the_pdf_after_commit(issue_letter):
    letter = issue_letter(build_cooperative(name="Koperasi Langsung"), render=True)
    assert letter.pdf_rendered_at is not None
    assert bytes(letter.pdf).startswith(b"%PDF")


def test_the_command_renders_only_letters_without_a_pdf(signed, issue_letter):
    rendered = issue_letter(build_cooperative(name="Koperasi Sudah Ada"), render=True)
    before = rendered.pdf_sha256
    out = io.StringIO()
    call_command("render_letters", stdout=out)
    assert "1 surat dibuatkan PDF." in out.getvalue()
    assert not Letter.objects.filter(pdf_rendered_at__isnull=True).exists()
    rendered.refresh_from_db()
    assert rendered.pdf_sha256 == before
