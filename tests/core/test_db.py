import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from accounts.models import AccessEvent
from banking.models import BankVerification
from core.db import insert_together
from tests.factories import BankFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _receipt(bank, **overrides):
    values = {
        "receipt_id": "KJV-20261125-0000000001",
        "bank": bank,
        "nik_hash": "a" * 64,
        "purpose": "KUR",
        "is_active_participant": False,
        "kur_rule_met": True,
        "as_of": timezone.localdate(),
    }
    values.update(overrides)
    return BankVerification(**values)


def test_rows_are_inserted_with_keys_defaults_and_auto_now_add():
    bank = BankFactory()
    receipt = _receipt(bank)
    event = AccessEvent(action="bank_lookup", target="bri KJV", details={"bank": "bri"})
    insert_together(receipt, event)
    assert receipt.pk
    assert event.pk
    assert not receipt._state.adding
    stored_receipt = BankVerification.objects.get(pk=receipt.pk)
    stored_event = AccessEvent.objects.get(pk=event.pk)
    assert stored_receipt.programmes == []
    assert stored_receipt.receipt_id == receipt.receipt_id
    assert stored_event.details == {"bank": "bri"}
    assert stored_event.created_at is not None


def test_a_failing_row_leaves_none_of_them():
    bank = BankFactory()
    event = AccessEvent(action="bank_lookup", target="bri KJV")
    broken = _receipt(bank, nik_hash="", nib="")  # violates bankverif_subject_present
    with pytest.raises(IntegrityError):
        insert_together(event, broken)
    assert not AccessEvent.objects.exists()
    assert not BankVerification.objects.exists()


def test_inside_a_transaction_the_rows_roll_back_with_it():
    bank = BankFactory()
    with transaction.atomic():
        insert_together(_receipt(bank), AccessEvent(action="bank_lookup", target="x"))
        transaction.set_rollback(True)
    assert not BankVerification.objects.exists()
    assert not AccessEvent.objects.exists()


def test_one_statement_on_postgresql_one_insert_each_elsewhere(django_assert_num_queries):
    bank = BankFactory()
    with django_assert_num_queries(1 if connection.vendor == "postgresql" else 4):  # BEGIN, two INSERTs, COMMIT
        insert_together(_receipt(bank), AccessEvent(action="bank_lookup", target="x"))


def test_fetch_compiled_runs_the_kept_query_with_new_values_and_converts_like_the_orm(django_assert_num_queries):
    from core.db import fetch_compiled

    first, second = BankFactory(code="bri"), BankFactory(code="bni")
    receipt = _receipt(first)
    receipt.save()

    def build(value):
        return BankVerification.objects.filter(bank__code=value).values_list("id", "created_at", "is_active_participant", "programmes")

    expected = list(build("bri"))
    with django_assert_num_queries(1):
        assert fetch_compiled("test-receipts", build, "bri") == expected
    assert expected[0][1].tzinfo is not None
    assert expected[0][2] is False
    assert expected[0][3] == []
    assert fetch_compiled("test-receipts", build, second.code) == []


def test_fetch_compiled_refuses_a_query_with_other_parameters():
    from core.db import fetch_compiled

    with pytest.raises(ValueError, match="exactly one parameter"):
        fetch_compiled(
            "test-two-params", lambda value: BankVerification.objects.filter(receipt_id=value, purpose="KUR").values_list("id"), "x"
        )
