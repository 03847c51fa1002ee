"""GET /api/items?limit=20 under gunicorn vs. a bare Django view returning the same bytes.

Run (PostgreSQL on 127.0.0.1:5432 as in RECIPES.md):
    .venv/bin/python bench/items_list.py [--seconds 10] [--clients 8] [--items 10000]
        [--database-url postgres://postgres@127.0.0.1:5432/tracktory_bench]

What it does:
1. creates the database if missing and migrates it;
2. seeds one user with `--items` items (one image row each, spread over a year) unless
   they are already there;
3. stores one real `GET /api/items?limit=20` body as the floor's response;
4. starts gunicorn with gunicorn.conf.py (production settings, DEBUG=0, 2 gthread workers)
   on a free loopback port, with bench/items_list_settings.py adding `/bench/floor`;
5. for each target, warms up, then `--clients` threads with keep-alive http.client
   connections send requests for `--seconds`; prints requests/s, p50 and p99 latency,
   and the API's ratio to the floor.
Client threads share the machine with the server: absolute numbers are a floor for this
box, the ratio is the figure to watch. It also reports the workers' CPU time per request
(from /proc), which other load on a shared machine does not inflate.
"""

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BENCH_EMAIL = "bench@example.com"
SERVER_ENV = {"DEBUG": "0", "SECRET_KEY": "bench-" + "s" * 40, "JWT_SECRET": "bench-" + "j" * 40,
              "ALLOWED_HOSTS": "127.0.0.1", "SECURE_SSL_REDIRECT": "0", "WEB_CONCURRENCY": "2"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ensure_database(url: str) -> None:
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                                    [name]).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def setup_django(database_url: str, data_dir: str) -> None:
    os.environ.update(SERVER_ENV, DATABASE_URL=database_url, TRACKTORY_DATA_DIR=data_dir,
                      DJANGO_SETTINGS_MODULE="tracktory.settings")
    import django

    django.setup()


def seed(count: int):
    """One user with `count` items and an image row each; reused when already seeded."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection

    from inventory.default_categories import DEFAULT_CATEGORIES
    from inventory.models import Image, Item
    from media_pipeline.keys import rendition_keys

    call_command("migrate", verbosity=0)
    user_model = get_user_model()
    user = user_model.objects.filter(email=BENCH_EMAIL).first()
    if user is None:
        user = user_model.objects.create_user(email=BENCH_EMAIL, password=None)
    from households.selectors import personal_household_id

    household_id = personal_household_id(user=user)
    have = Item.objects.filter(owner=user).count()
    if have != count:
        Item.objects.filter(owner=user).delete()
        statuses, conditions = list(Item.Status.values), ["", *Item.Condition.values]
        items = Item.objects.bulk_create(
            [Item(owner=user, household_id=household_id, name=f"Thing {n:05d}",
                  description=f"Bench item number {n}",
                  category_id=DEFAULT_CATEGORIES[n % 10][0], purchase_price=n % 500,
                  status=statuses[n % 4], condition=conditions[n % 5]) for n in range(count)],
            batch_size=2000,
        )
        Image.objects.bulk_create(
            [Image(item=item, owner=user, content_type="image/jpeg", width=800, height=600,
                   original_key=f"images/originals/{user.id}/{item.id}/{item.id}.jpg",
                   rendition_keys=rendition_keys((user.id, item.id), item.id))
             for item in items],
            batch_size=2000,
        )
        with connection.cursor() as cursor:  # spread creation over a year, like real use
            cursor.execute("UPDATE inventory_item SET created_at = now() - random() * "
                           "interval '365 days' WHERE owner_id = %s", [user.id])
            cursor.execute("ANALYZE inventory_item")
            cursor.execute("ANALYZE media_pipeline_image")
    return user


def access_token(user) -> str:
    from rest_framework_simplejwt.tokens import AccessToken

    token = AccessToken.for_user(user)
    token.set_exp(lifetime=timedelta(hours=1))
    return str(token)


def request_once(connection, path: str, headers: dict) -> tuple[int, bytes]:
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    return response.status, response.read()


def wait_until_up(port: int, process, deadline_s: float = 60) -> None:
    started = time.monotonic()
    while time.monotonic() - started < deadline_s:
        if process.poll() is not None:
            raise SystemExit("gunicorn exited early; see its log")
        try:
            status, _ = request_once(http.client.HTTPConnection("127.0.0.1", port, timeout=2),
                                     "/health", {})
            if status == 200:
                return
        except OSError:
            time.sleep(0.05)
    raise SystemExit("gunicorn did not come up")


def warm_up(port: int, path: str, headers: dict, count: int = 100) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    for _ in range(count):
        status, body = request_once(connection, path, headers)
        assert status == 200, (status, body[:300])
    connection.close()


def load(port: int, path: str, headers: dict, *, clients: int, seconds: float) -> dict:
    """`clients` keep-alive connections sending requests back to back for `seconds`."""
    latencies: list[list[float]] = [[] for _ in range(clients)]
    errors = [0] * clients
    start = threading.Barrier(clients + 1)
    stop_at: list[float] = [0.0]

    def client(n: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        start.wait()
        while time.perf_counter() < stop_at[0]:
            began = time.perf_counter()
            try:
                status, _ = request_once(connection, path, headers)
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                errors[n] += 1
                continue
            if status != 200:  # a 429 or 500 is not a served page: count it, do not time it
                errors[n] += 1
                continue
            latencies[n].append(time.perf_counter() - began)
        connection.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    stop_at[0] = time.perf_counter() + seconds
    began = time.perf_counter()
    start.wait()
    for thread in threads:
        thread.join()
    return {"latencies": [x for per_client in latencies for x in per_client],
            "errors": sum(errors), "elapsed": time.perf_counter() - began}


def workers_cpu_seconds(master_pid: int) -> float:
    """User + system CPU of gunicorn's workers (Linux /proc): load-independent cost."""
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    ticks = 0
    for pid in children:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def summary(rounds: list[dict]) -> dict:
    merged = sorted(x for r in rounds for x in r["latencies"])
    elapsed = sum(r["elapsed"] for r in rounds)
    return {
        "requests": len(merged),
        "errors": sum(r["errors"] for r in rounds),
        "rps": len(merged) / elapsed,
        "p50_ms": statistics.median(merged) * 1000,
        "p99_ms": merged[min(len(merged) - 1, int(len(merged) * 0.99))] * 1000,
        "cpu_ms": 1000 * sum(r["cpu"] for r in rounds) / max(1, len(merged)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10, help="per target, in total")
    parser.add_argument("--rounds", type=int, default=5,
                        help="alternate floor and API this many times (load on a shared box "
                             "drifts; alternating spreads it over both)")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--database-url",
                        default="postgres://postgres@127.0.0.1:5432/tracktory_bench")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="items-list-bench-"))
    ensure_database(args.database_url)
    setup_django(args.database_url, str(work / "data"))
    user = seed(args.items)
    headers = {"Authorization": f"Bearer {access_token(user)}", "Accept": "application/json"}

    port = free_port()
    floor_body = work / "floor.json"
    env = {**os.environ, **SERVER_ENV, "DATABASE_URL": args.database_url, "PORT": str(port),
           "TRACKTORY_DATA_DIR": str(work / "data"),
           "DJANGO_SETTINGS_MODULE": "bench.items_list_settings",
           "BENCH_FLOOR_BODY": str(floor_body)}
    # The floor's bytes: one real answer of the API, taken through the same server below.
    log = open(work / "gunicorn.log", "wb")  # noqa: SIM115 (closed in finally)
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    process = subprocess.Popen(
        [gunicorn, "tracktory.wsgi", "--config", "gunicorn.conf.py", "--bind",
         f"127.0.0.1:{port}"],
        cwd=ROOT, env=env, stdout=log, stderr=log,
    )
    try:
        wait_until_up(port, process)
        status, body = request_once(http.client.HTTPConnection("127.0.0.1", port, timeout=10),
                                    "/api/items?limit=20", headers)
        assert status == 200, body[:500]
        floor_body.write_bytes(body)
        status, floor = request_once(http.client.HTTPConnection("127.0.0.1", port, timeout=10),
                                     "/bench/floor", headers)
        assert floor == body, "the floor must return the same bytes"

        print(f"items: {args.items}, page: 20, body: {len(body)} bytes, clients: "
              f"{args.clients}, {args.seconds:.0f} s each in {args.rounds} alternating rounds, "
              f"gunicorn gthread "
              f"{SERVER_ENV['WEB_CONCURRENCY']} workers x 4 threads")
        targets = {"floor (bare Django view)": "/bench/floor",
                   "GET /api/items?limit=20": "/api/items?limit=20"}
        rounds = {name: [] for name in targets}
        for path in targets.values():
            warm_up(port, path, headers)
        for _ in range(args.rounds):
            for name, path in targets.items():
                cpu_before = workers_cpu_seconds(process.pid)
                run = load(port, path, headers, clients=args.clients,
                           seconds=args.seconds / args.rounds)
                run["cpu"] = workers_cpu_seconds(process.pid) - cpu_before
                rounds[name].append(run)
        results = {name: summary(runs) for name, runs in rounds.items()}
        for name, r in results.items():
            print(f"{name:28s} {r['rps']:8.1f} req/s  p50 {r['p50_ms']:6.1f} ms  "
                  f"p99 {r['p99_ms']:6.1f} ms  server CPU {r['cpu_ms']:5.2f} ms/req  "
                  f"({r['requests']} requests, {r['errors']} errors)")
        floor_r, api_r = results.values()
        print(f"API / floor: {api_r['rps'] / floor_r['rps']:.2f}x the throughput, "
              f"{api_r['p50_ms'] / floor_r['p50_ms']:.2f}x the p50 latency, "
              f"{api_r['cpu_ms'] / floor_r['cpu_ms']:.1f}x the server CPU per request")
        print(f"load average now: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs "
              "(other work on the box inflates latency, not CPU per request)")
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


if __name__ == "__main__":
    main()
