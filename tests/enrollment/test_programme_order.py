"""One programme order (JKK, JKM, JHT, JP, JKP) for every list of programmes shown or answered."""

from enrollment.models import Programme


def test_codes_come_back_in_the_bpjs_order_each_once():
    assert Programme.in_order({"JP", "JKK", "JKP", "JHT", "JKM"}) == ["JKK", "JKM", "JHT", "JP", "JKP"]
    assert Programme.in_order(["JHT", "JKK", "JHT"]) == ["JKK", "JHT"]


def test_anything_that_is_not_a_programme_is_left_out():
    assert Programme.in_order(["JKN", "jkk", "JKM"]) == ["JKM"]
    assert Programme.in_order([]) == []
