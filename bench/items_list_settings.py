"""Settings for bench/items_list.py: the real ones, plus a route to the framework floor."""

from tracktory.settings import *  # noqa: F403
from tracktory.settings import REST_FRAMEWORK

ROOT_URLCONF = "bench.items_list_urls"
# The per-user limit (600/min) would turn most of the run into 429s; the throttle still runs
# on every request, so its cost stays in the figures.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {**REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "user": "10000000/min"},
}
