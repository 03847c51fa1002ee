"""Settings for bench/items_list.py: the real ones, plus a route to the framework floor."""

from tracktory.settings import *  # noqa: F403

ROOT_URLCONF = "bench.items_list_urls"
