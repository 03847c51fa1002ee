"""The real URLs plus /bench/floor: a bare Django view returning a stored API response.

The floor goes through the same middleware stack as the API, so the ratio between the two
is the price of authentication, DRF, the queries and serialisation, nothing else.
"""

import os
from pathlib import Path

from django.http import HttpResponse
from django.urls import include, path

_body: list[bytes] = []


def floor(request):
    # Read once, on first use: the runner writes the file before the first floor request.
    if not _body:
        _body.append(Path(os.environ["BENCH_FLOOR_BODY"]).read_bytes())
    return HttpResponse(_body[0], content_type="application/json")


urlpatterns = [
    path("bench/floor", floor),
    path("", include("tracktory.urls")),
]
