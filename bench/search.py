"""Search at scale: 100 000 items over 100 users on PostgreSQL, timed through /api/search.

Run: .venv/bin/python bench/search.py [--database search_bench] [--runs 30] [--reuse]

1. (Re)creates the database, migrates it, and loads 100 users: one with 10 000 items, 99
   sharing the other 90 000, each with its own locations, using COPY (the search triggers
   fill every item's vector and document as rows arrive, as in production).
2. Sends a set of real queries through the real endpoint (Django's full request stack,
   JWT auth, throttle, envelope) for the 10 000-item user and for a 909-item user, each
   `--runs` times uncached (the user's data version is bumped before every request, as a
   write would) and as many times cached; prints p50/p95 per query.
3. Prints EXPLAIN (ANALYZE, BUFFERS) of the search SQL for a few queries, so the index
   use (GIN on the vector, trigram GIN on the document and name) is visible.

It needs PostgreSQL on 127.0.0.1:5432 (user postgres) and takes a few minutes on two cores.
"""

import argparse
import datetime
import logging
import os
import random
import statistics
import sys
import time
import uuid
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SERVER = "postgres://postgres@127.0.0.1:5432"
USERS = 100
BIG_USER_ITEMS = 10_000
TOTAL_ITEMS = 100_000
SEED = 20261130

ADJECTIVES = [
    "Cordless", "Claw", "Red", "Blue", "Green", "Black", "White", "Vintage", "Folding",
    "Electric", "Manual", "Portable", "Wooden", "Steel", "Leather", "Wireless", "Large",
    "Small", "Antique", "Stainless", "Cast Iron", "Ceramic", "Glass", "Inflatable", "Digital",
    "Rechargeable", "Heavy Duty", "Compact", "Adjustable", "Waterproof",
]
NOUNS = [
    "Drill", "Hammer", "Screwdriver Set", "Wrench", "Saw", "Sander", "Jigsaw", "Level",
    "Tape Measure", "Ladder", "Lamp", "Chair", "Table", "Desk", "Bookshelf", "Sofa",
    "Mattress", "Kettle", "Toaster", "Blender", "Espresso Machine", "Mixer", "Frying Pan",
    "Saucepan", "Knife Set", "Cutting Board", "Laptop", "Monitor", "Keyboard", "Camera",
    "Lens", "Tripod", "Speaker", "Headphones", "Guitar", "Piano", "Violin", "Bicycle",
    "Helmet", "Tent", "Sleeping Bag", "Backpack", "Kayak", "Skis", "Snowboard", "Jacket",
    "Boots", "Watch", "Necklace", "Ring", "Painting", "Rug", "Mirror", "Vase", "Clock",
    "Lawn Mower", "Hedge Trimmer", "Hose", "Wheelbarrow", "Grill", "Cooler", "Car Jack",
    "Tire Pump", "Battery Charger", "Printer", "Router", "Phone", "Tablet", "Console",
    "Projector", "Microwave", "Dishwasher", "Fridge", "Freezer", "Heater", "Fan",
    "Vacuum Cleaner", "Iron", "Sewing Machine", "Telescope", "Binoculars", "Drone",
]
BRANDS = [
    "Bosch", "Makita", "DeWalt", "Stanley", "Ikea", "Philips", "Sony", "Canon", "Nikon",
    "Apple", "Samsung", "Yamaha", "Fender", "Trek", "Coleman", "Weber", "Dyson", "Miele",
    "Braun", "Kenwood", "Le Creuset", "Victorinox", "Garmin", "Logitech",
]
DESCRIPTION_WORDS = (
    "the a with for and in of on spare old new bought gift from grandma used twice works "
    "perfectly needs repair scratch on side original box receipt warranty until kept in the "
    "garage attic basement bedroom office kitchen drawer cupboard shelf top bottom left "
    "right blue red green black white silver gold wooden metal plastic battery charger "
    "cable manual included missing parts serial number model year heavy light small large "
    "set of pieces brand new like condition insured value replacement cost photo taken "
    "front back label sticker engraved initials handle blade bits case bag cover stand "
    "mount adapter remote control power supply spare lens cap strap tripod screws nails "
    "bolts tools paint brushes garden hose seeds "
)
WORDS = DESCRIPTION_WORDS.split()
LOCATIONS = [
    "Garage", "Kitchen", "Attic", "Basement", "Bedroom", "Office", "Garden Shed",
    "Living Room", "Hall Closet", "Bathroom", "Loft", "Workshop", "Box 1", "Box 2", "Box 3",
]
STATUSES = (["active"] * 85) + (["sold"] * 5) + (["lost"] * 3) + (["donated"] * 7)
CONDITIONS = ["", "excellent", "good", "good", "fair", "poor"]

# (label, query parameters): what people type, typos included.
QUERIES = [
    # One character: answered at once without searching, so this row is the cost of the
    # request itself (auth, envelope, middleware) on this machine, for comparison.
    ("baseline 'd' (no search)", {"q": "d"}),
    ("prefix 'dri'", {"q": "dri"}),
    ("word 'drill'", {"q": "drill"}),
    ("two words 'cordless drill'", {"q": "cordless drill"}),
    ("typo 'hamer'", {"q": "hamer"}),
    ("typo 'screwdiver'", {"q": "screwdiver"}),
    ("brand 'makita'", {"q": "makita"}),
    ("category 'kitchen'", {"q": "kitchen"}),
    ("location 'garage'", {"q": "garage"}),
    ("description 'receipt warranty'", {"q": "receipt warranty"}),
    ("two letters 'ba'", {"q": "ba"}),
    ("no match 'zyxwv'", {"q": "zyxwv"}),
    ("filtered 'drill' status+condition", {"q": "drill", "status": "active",
                                           "condition": "good"}),
    ("sorted by name 'lamp'", {"q": "lamp", "sortBy": "name"}),
    ("hostile '\"dri:* & !('", {"q": "\"dri:* & !("}),
]
SUGGESTIONS = [("suggest 'dri'", {"q": "dri"}), ("suggest 'hamer'", {"q": "hamer"})]
EXPLAINED = ["drill", "dri", "hamer", "cordless drill", "kitchen", "garage", "ba",
             "receipt warranty", "zyxwv"]


def configure(database: str) -> None:
    os.environ.update({
        "DATABASE_URL": f"{SERVER}/{database}",
        "DEBUG": "0",
        "SECRET_KEY": "bench-search-" + "k" * 40,
        "JWT_SECRET": "bench-search-" + "j" * 40,
        "ALLOWED_HOSTS": "testserver",
        "SECURE_SSL_REDIRECT": "0",
        "TRACKTORY_DATA_DIR": "/tmp/search-bench-data",
        "DJANGO_SETTINGS_MODULE": "tracktory.settings",
    })
    os.environ.pop("REDIS_URL", None)  # the in-process cache: timings are the app's own


def recreate_database(database: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(database)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))


def item_counts(rng: random.Random) -> list[int]:
    """10 000 for the first user; the other 90 000 spread evenly over the rest."""
    rest, others = TOTAL_ITEMS - BIG_USER_ITEMS, USERS - 1
    return [BIG_USER_ITEMS] + [rest // others + (1 if i < rest % others else 0)
                               for i in range(others)]


def item_name(rng: random.Random) -> str:
    noun = rng.choice(NOUNS)
    pattern = rng.random()
    if pattern < 0.35:
        return f"{rng.choice(ADJECTIVES)} {noun}"
    if pattern < 0.65:
        return f"{rng.choice(BRANDS)} {noun}"
    if pattern < 0.85:
        return f"{rng.choice(BRANDS)} {rng.choice(ADJECTIVES)} {noun}"
    return noun


def description(rng: random.Random) -> str:
    if rng.random() < 0.15:
        return ""
    return " ".join(rng.choices(WORDS, k=rng.randint(4, 30))).capitalize() + "."


def load(rng: random.Random) -> dict:
    """Users, locations and items; returns the big user and a typical small one."""
    from django.contrib.auth.hashers import make_password
    from django.db import connection

    from households.services import personal_household_create
    from inventory.default_categories import DEFAULT_CATEGORIES
    from inventory.models import Location
    from tracktory.accounts.models import User

    password = make_password("bench-password")
    users = User.objects.bulk_create([
        User(email=f"user{n:03}@bench.example", name=f"User {n}", password=password)
        for n in range(USERS)
    ])
    # bulk_create sends no post_save: each user's personal household is made here.
    homes = {user.id: personal_household_create(user=user).id for user in users}
    locations = Location.objects.bulk_create([
        Location(owner=user, household_id=homes[user.id], name=name)
        for user in users for name in LOCATIONS
    ])
    by_owner: dict = {}
    for location in locations:
        by_owner.setdefault(location.owner_id, []).append(location.id)
    categories = [c[0] for c in DEFAULT_CATEGORIES]
    now = datetime.datetime.now(tz=datetime.UTC)

    started = time.perf_counter()
    columns = ("id", "owner_id", "household_id", "name", "description", "category_id",
               "location_id", "purchase_price", "purchase_date", "status", "condition", "version",
               "created_at", "updated_at")
    with connection.cursor() as cursor, cursor.cursor.copy(
            f"COPY inventory_item ({', '.join(columns)}) FROM STDIN") as copy:
        for user, count in zip(users, item_counts(rng), strict=True):
            for _ in range(count):
                created = now - datetime.timedelta(seconds=rng.randint(0, 3 * 365 * 86400))
                copy.write_row((
                    uuid.uuid4(), user.id, homes[user.id], item_name(rng), description(rng),
                    rng.choice(categories) if rng.random() < 0.8 else None,
                    rng.choice(by_owner[user.id]) if rng.random() < 0.9 else None,
                    Decimal(rng.randint(100, 200_000)) / 100 if rng.random() < 0.7 else None,
                    created.date() if rng.random() < 0.6 else None,
                    rng.choice(STATUSES), rng.choice(CONDITIONS), 1, created, created,
                ))
    copy_seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE inventory_item")
    print(f"loaded {TOTAL_ITEMS} items for {USERS} users in {copy_seconds:.1f} s "
          f"(COPY, vectors filled by the insert trigger)")
    return {"big": users[0], "small": users[1]}


def existing_users() -> dict:
    from tracktory.accounts.models import User

    return {"big": User.objects.get(email="user000@bench.example"),
            "small": User.objects.get(email="user001@bench.example")}


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


def client_for(user):
    from rest_framework.test import APIClient
    from rest_framework_simplejwt.tokens import RefreshToken

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(user).access_token}")
    return client


def time_requests(client, user, url: str, params: dict, runs: int, *, cached: bool):
    from households.selectors import personal_household_id
    from inventory.cache_versions import bump_household_data_version

    samples, count = [], None
    client.get(url, params)  # warm: connection, code paths, and the cache entry if cached
    for _ in range(runs):
        if not cached:
            # What any write does: the next read recomputes.
            bump_household_data_version(personal_household_id(user=user))
        started = time.perf_counter()
        response = client.get(url, params)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.content  # noqa: S101
        count = len(response.json()["data"])
    return percentiles(samples), count


def run_queries(users: dict, runs: int) -> None:
    from django.urls import reverse

    print(f"\n{'user / query':58} {'hits':>5} {'uncached p50/p95 ms':>21} "
          f"{'cached p50/p95 ms':>19}")
    for label, user in (("10k", users["big"]), ("909", users["small"])):
        client = client_for(user)
        rows = [(name, reverse("api-search"), params) for name, params in QUERIES]
        rows += [(name, reverse("api-search-suggestions"), params)
                 for name, params in SUGGESTIONS]
        rows.append(("filters (facets with counts)", reverse("api-search-filters"), {}))
        first_page = client.get(reverse("api-search"), {"q": "drill"}).json()
        cursor = first_page["meta"]["pagination"]["nextCursor"]
        if cursor:
            rows.append(("page 2 of 'drill'", reverse("api-search"),
                         {"q": "drill", "cursor": cursor}))
        for name, url, params in rows:
            (u50, u95), hits = time_requests(client, user, url, params, runs, cached=False)
            (c50, c95), _ = time_requests(client, user, url, params, runs, cached=True)
            print(f"{label + ' ' + name:58} {hits:>5} {u50:>10.1f} /{u95:>7.1f}   "
                  f"{c50:>8.1f} /{c95:>7.1f}")


def explain(users: dict) -> None:
    from inventory.search.backends import PostgresBackend
    from inventory.search.query import parse_search_text
    from inventory.selectors import ItemFilters, filter_items, items_for

    backend = PostgresBackend()
    for q in EXPLAINED:
        text = parse_search_text(q)
        queryset = backend.search(filter_items(items_for(user=users["big"]), ItemFilters()),
                                  text).order_by("-search_score", "-created_at", "-id")[:21]
        with backend.session():
            plan = queryset.explain(analyze=True, buffers=True)
        print(f"\n=== EXPLAIN (ANALYZE, BUFFERS) /api/search?q={q} (10 000-item user)\n{plan}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="search_bench")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--reuse", action="store_true", help="keep the loaded database")
    parser.add_argument("--explain-only", action="store_true")
    args = parser.parse_args()

    configure(args.database)
    if not args.reuse:
        recreate_database(args.database)

    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import override_settings

    logging.getLogger("tracktory.request").setLevel(logging.WARNING)
    call_command("migrate", verbosity=0)
    users = existing_users() if args.reuse else load(random.Random(SEED))

    from django.conf import settings

    # The per-user API limit (600/min) would answer 429 to a benchmark's burst.
    unthrottled = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}
    if not args.explain_only:
        with override_settings(REST_FRAMEWORK=unthrottled):
            run_queries(users, args.runs)
    explain(users)


if __name__ == "__main__":
    main()
