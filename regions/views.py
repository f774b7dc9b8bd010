from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from regions.selectors import village_list


@login_required
def village_options(request):
    """``<option>`` elements of a kecamatan's villages, for htmx-driven select boxes."""
    kecamatan = request.GET.get("kecamatan", "")[:8]
    villages = village_list(kecamatan_code=kecamatan) if kecamatan else []
    return render(request, "regions/village_options.html", {"villages": villages, "selected": request.GET.get("desa", "")})
