"""Date boxes show and take the Indonesian form whatever the browser's language (issue 16): a text
input with 02/12/2026, not ``type=date`` (whose display follows the browser's locale)."""

from datetime import date

import pytest

from cooperatives.forms import AnnualMeetingForm, CooperativeForm
from core.forms import worded_date_to_iso

pytestmark = pytest.mark.django_db


def test_date_fields_render_day_month_year_text_boxes():
    form = CooperativeForm(initial={"founded_on": date(1986, 8, 28), "sk_date": date(1990, 1, 2)})
    html = str(form["founded_on"]) + str(form["sk_date"])
    assert 'value="28/08/1986"' in html
    assert 'value="02/01/1990"' in html
    assert 'type="text"' in html
    assert 'type="date"' not in html
    assert "data-date-input" in html


@pytest.mark.parametrize("typed", ["20/02/2026", "20-02-2026", "2026-02-20", "20 Februari 2026", "20 feb 2026", "20 Feb. 2026"])
def test_date_fields_take_the_usual_ways_of_writing_a_date(typed):
    form = AnnualMeetingForm({"book_year": "2025", "held_on": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["held_on"] == date(2026, 2, 20)


def test_an_impossible_date_is_refused():
    assert not AnnualMeetingForm({"book_year": "2025", "held_on": "31/02/2026"}).is_valid()
    assert worded_date_to_iso("31 Smarch 2026") is None
