"""Rate limits: sign-in and registration are tight (per IP and per email), the API is
generous per user; every throttled answer says where the caller stands; counters kept in
Redis are shared by every app process."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
import requests
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.kit.environment import free_port, port_answers
from tracktory.api.throttling import FixedWindowThrottle, parse_rate

pytestmark = pytest.mark.django_db
NOW = 1_800_000_000.0  # a fixed clock inside one minute-long window
AUTH_LIMIT = 10


@pytest.fixture(autouse=True)
def _attempts_not_hashing(fast_password_hashing):
    """Every refused attempt still hashes a password; these tests are about counting them."""


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    """The throttles read time through their `timer` seam; tests pin it."""
    clock = {"now": NOW + 5}
    monkeypatch.setattr(FixedWindowThrottle, "timer", staticmethod(lambda: clock["now"]))
    return clock


def wrong_password(client, email="ada@example.com", ip="203.0.113.7", **headers):
    return client.post(reverse("auth-token"), {"email": email, "password": "guess"},
                       format="json", REMOTE_ADDR=ip, **headers)


@pytest.mark.parametrize(("rate", "parsed"), [("10/min", (10, 60)), ("600/minute", (600, 60)),
                                               ("5/s", (5, 1)), ("100/hour", (100, 3600)),
                                               ("1000/day", (1000, 86400))])
def test_rates_are_read_like_drfs(rate, parsed):
    assert parse_rate(rate) == parsed


def test_repeated_wrong_passwords_are_stopped_with_429(api_client, user):
    answers = [wrong_password(api_client) for _ in range(AUTH_LIMIT)]

    assert [a.status_code for a in answers] == [401] * AUTH_LIMIT
    assert [a["X-RateLimit-Remaining"] for a in answers] == [str(n) for n in range(9, -1, -1)]
    assert {a["X-RateLimit-Limit"] for a in answers} == {"10"}
    assert {a["X-RateLimit-Reset"] for a in answers} == {str(int(NOW) + 60 - int(NOW) % 60)}

    blocked = wrong_password(api_client)
    body = blocked.json()
    assert blocked.status_code == 429
    assert body["success"] is False
    assert body["error"]["code"] == "RATE_LIMITED"
    window_end = int(NOW) + 60 - int(NOW) % 60
    assert blocked["Retry-After"] == str(window_end - int(NOW + 5))
    assert body["error"]["details"] == {"retryAfter": window_end - int(NOW + 5)}
    assert blocked["X-RateLimit-Remaining"] == "0"
    # Even the right password waits: the limit is on attempts, not on failures.
    right = api_client.post(reverse("auth-token"), {"email": "ada@example.com",
                            "password": PASSWORD}, format="json", REMOTE_ADDR="203.0.113.7")
    assert right.status_code == 429


def test_the_limit_lifts_when_the_window_ends(api_client, user, fixed_clock):
    for _ in range(AUTH_LIMIT + 1):
        wrong_password(api_client)

    fixed_clock["now"] = NOW + 60

    response = wrong_password(api_client)
    assert response.status_code == 401
    assert response["X-RateLimit-Remaining"] == "9"


def test_one_email_from_many_addresses_is_limited(api_client, user):
    for n in range(AUTH_LIMIT):
        assert wrong_password(api_client, ip=f"198.51.100.{n}").status_code == 401

    assert wrong_password(api_client, ip="198.51.100.200").status_code == 429
    # Another account is not affected by the guessing on this one.
    assert wrong_password(api_client, email="grace@example.com",
                          ip="198.51.100.201").status_code == 401


def test_many_emails_from_one_address_are_limited(api_client):
    for n in range(AUTH_LIMIT):
        assert wrong_password(api_client, email=f"user{n}@example.com").status_code == 401

    assert wrong_password(api_client, email="fresh@example.com").status_code == 429
    assert wrong_password(api_client, email="fresh@example.com",
                          ip="192.0.2.1").status_code == 401


def test_registration_shares_the_tight_limit(api_client):
    for n in range(AUTH_LIMIT):
        response = api_client.post(reverse("auth-register"),
                                   {"email": f"r{n}@example.com", "password": "short",
                                    "name": "R"}, format="json", REMOTE_ADDR="192.0.2.50")
        assert response.status_code == 400

    response = api_client.post(reverse("auth-register"),
                               {"email": "r99@example.com", "password": PASSWORD,
                                "name": "R"}, format="json", REMOTE_ADDR="192.0.2.50")
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "RATE_LIMITED"


def test_a_forwarded_for_header_cannot_pick_a_fresh_bucket_without_a_proxy(api_client):
    # Development has no proxy in front (NUM_PROXIES=0): X-Forwarded-For is ignored.
    for n in range(AUTH_LIMIT):
        wrong_password(api_client, email=f"x{n}@example.com",
                       HTTP_X_FORWARDED_FOR=f"10.9.9.{n}")

    response = wrong_password(api_client, email="y@example.com", HTTP_X_FORWARDED_FOR="10.1.1.1")
    assert response.status_code == 429


def test_behind_one_proxy_the_client_is_the_last_forwarded_hop(api_client, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    for n in range(AUTH_LIMIT):
        wrong_password(api_client, email=f"x{n}@example.com", ip="10.0.0.1",
                       HTTP_X_FORWARDED_FOR="1.1.1.1, 198.51.100.9")

    # A spoofed first hop does not help: the proxy appended the real address last.
    same_client = wrong_password(api_client, email="y@example.com", ip="10.0.0.1",
                                 HTTP_X_FORWARDED_FOR="7.7.7.7, 198.51.100.9")
    other_client = wrong_password(api_client, email="z@example.com", ip="10.0.0.1",
                                  HTTP_X_FORWARDED_FOR="198.51.100.10")
    assert same_client.status_code == 429
    assert other_client.status_code == 401


@pytest.fixture
def tight_api_rate(settings):
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "user": "3/min"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}


def test_the_api_limit_is_per_user(auth_client, other_client, tight_api_rate):
    answers = [auth_client.get(reverse("auth-user")) for _ in range(3)]

    assert [a.status_code for a in answers] == [200, 200, 200]
    assert [a["X-RateLimit-Remaining"] for a in answers] == ["2", "1", "0"]
    limited = auth_client.get(reverse("auth-user"))
    assert limited.status_code == 429
    assert limited.json()["error"]["code"] == "RATE_LIMITED"
    assert int(limited["Retry-After"]) > 0
    assert other_client.get(reverse("auth-user")).status_code == 200


def test_the_default_api_limit_is_generous(auth_client):
    response = auth_client.get(reverse("auth-user"))

    assert response["X-RateLimit-Limit"] == "600"
    assert response["X-RateLimit-Remaining"] == "599"


def test_counters_live_in_redis_when_it_is_configured(api_client, user, redis_cache):
    for _ in range(3):
        wrong_password(api_client)

    keys = sorted(k.decode() for k in redis_cache.keys("*ratelimit:auth*"))
    window = int(NOW) // 60
    assert len(keys) == 2
    assert keys[0].endswith(f"ratelimit:auth:email:{keys[0].split(':')[-2]}:{window}")
    assert keys[1].endswith(f"ratelimit:auth:ip:203.0.113.7:{window}")
    assert all(int(redis_cache.get(k)) == 3 for k in keys)
    assert all(0 < redis_cache.ttl(k) <= 61 for k in keys)


# --- two real app processes sharing one Redis ---------------------------------------------

ROOT = Path(__file__).resolve().parents[2]


def wait_until_serving(process: subprocess.Popen, port: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stderr.read().decode()
        if port_answers("127.0.0.1", port):
            return
        time.sleep(0.1)
    raise AssertionError(f"the app on port {port} did not start")


@pytest.fixture
def two_app_processes(tmp_path, redis_url):
    """Two gunicorn processes over one migrated SQLite file and the test Redis database."""
    env = {key: value for key, value in os.environ.items()
           if key not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(TRACKTORY_DATA_DIR=str(tmp_path), REDIS_URL=redis_url, WEB_CONCURRENCY="1")
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env,
                   check=True, timeout=120)
    processes, ports = [], []
    try:
        for _ in range(2):
            port = free_port()
            processes.append(subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "tracktory.wsgi:application",
                 "--bind", f"127.0.0.1:{port}"],
                cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            ))
            ports.append(port)
        for process, port in zip(processes, ports, strict=True):
            wait_until_serving(process, port)
        yield [f"http://127.0.0.1:{port}" for port in ports]
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=20)


def burst(urls: list[str], count: int) -> list[requests.Response]:
    """`count` wrong sign-ins for one address, alternating between the processes."""
    return [
        requests.post(f"{urls[n % 2]}/api/auth/token",
                      json={"email": "ada@example.com", "password": "guess"}, timeout=30)
        for n in range(count)
    ]


def test_app_processes_share_the_counters_through_redis(two_app_processes, redis_url):
    answers = burst(two_app_processes, AUTH_LIMIT + 2)
    if len({a.headers["X-RateLimit-Reset"] for a in answers}) > 1:
        # The minute turned during the burst: start again from empty counters in the new
        # window, which has most of its 60 s ahead of it.
        redis.Redis.from_url(redis_url).flushdb()
        answers = burst(two_app_processes, AUTH_LIMIT + 2)

    statuses = [a.status_code for a in answers]
    assert statuses == [401] * AUTH_LIMIT + [429, 429]
    assert [a.headers["X-RateLimit-Remaining"] for a in answers[:AUTH_LIMIT]] == [
        str(n) for n in range(AUTH_LIMIT - 1, -1, -1)]
    # Both processes answered, and both refused once the shared count ran out.
    assert {a.url.split("/api/")[0] for a in answers[AUTH_LIMIT:]} == set(two_app_processes)
    assert all(a.json()["error"]["code"] == "RATE_LIMITED" for a in answers[AUTH_LIMIT:])
    assert all(int(a.headers["Retry-After"]) >= 1 for a in answers[AUTH_LIMIT:])
