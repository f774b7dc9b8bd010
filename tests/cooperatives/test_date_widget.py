from datetime import date

import pytest

from cooperatives.forms import CooperativeForm

pytestmark = pytest.mark.django_db


def test_date_fields_render_iso_values_that_browsers_can_read():
    form = CooperativeForm(initial={"founded_on": date(1986, 8, 28), "sk_date": date(1990, 1, 2)})
    html = str(form["founded_on"]) + str(form["sk_date"])
    assert 'value="1986-08-28"' in html and 'value="1990-01-02"' in html
    assert 'type="date"' in html
