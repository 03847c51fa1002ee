import threading
import time
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.urls import reverse

from inventory.models import Location
from tests.tracktory.idempotency_urls import WriteOnceApi
from tracktory.api.idempotency import TTL
from tracktory.api.models import IdempotencyKey

pytestmark = pytest.mark.urls("tests.tracktory.idempotency_urls")


def post(client, body, key="key-1", route="write-once"):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key is not None else {}
    return client.post(reverse(route), body, format="json", **headers)


def test_a_retry_with_the_same_key_and_body_replays_and_writes_nothing(auth_client):
    first = post(auth_client, {"name": "Garage"})
    second = post(auth_client, {"name": "Garage"})

    assert first.status_code == second.status_code == 201
    assert "Idempotency-Replayed" not in first
    assert second["Idempotency-Replayed"] == "true"
    assert second.json() == first.json()
    assert second["ETag"] == first["ETag"]
    assert Location.objects.count() == 1


def test_key_order_and_whitespace_in_the_body_do_not_matter(auth_client):
    url = reverse("write-once")
    auth_client.post(url, data='{"name": "Attic", "x": 1}', content_type="application/json",
                     HTTP_IDEMPOTENCY_KEY="k")
    again = auth_client.post(url, data='{"x":1,"name":"Attic"}',
                             content_type="application/json", HTTP_IDEMPOTENCY_KEY="k")
    assert again["Idempotency-Replayed"] == "true"
    assert Location.objects.count() == 1


def test_the_same_key_with_another_body_is_a_reused_key(auth_client):
    post(auth_client, {"name": "Garage"})
    response = post(auth_client, {"name": "Basement"})

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "IDEMPOTENCY_KEY_REUSED"
    assert "idempotencyKey" in response.json()["error"]["details"]
    assert list(Location.objects.values_list("name", flat=True)) == ["Garage"]


def test_the_same_key_on_another_route_is_a_reused_key(auth_client):
    post(auth_client, {"name": "Garage"})
    response = post(auth_client, {"name": "Garage"}, route="write-once-elsewhere")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "IDEMPOTENCY_KEY_REUSED"
    assert Location.objects.count() == 1


def test_a_key_whose_first_request_has_not_answered_is_in_progress(auth_client, user):
    # A committed row without a stored answer: what a retry sees while the first holds it.
    post(auth_client, {"name": "Garage"})
    IdempotencyKey.objects.update(status_code=None, response_body=None)

    response = post(auth_client, {"name": "Garage"})

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "IDEMPOTENCY_IN_PROGRESS"
    assert Location.objects.count() == 1


def test_keys_are_per_user(auth_client, other_client):
    mine = post(auth_client, {"name": "Garage"})
    theirs = post(other_client, {"name": "Garage"})

    assert mine.status_code == theirs.status_code == 201
    assert "Idempotency-Replayed" not in theirs
    assert mine.json()["data"]["id"] != theirs.json()["data"]["id"]
    assert Location.objects.count() == 2


def test_a_failed_request_frees_its_key_for_a_corrected_retry(auth_client):
    failed = post(auth_client, {"name": 5})
    fixed = post(auth_client, {"name": "Garage"})

    assert failed.status_code == 400
    assert fixed.status_code == 201
    assert "Idempotency-Replayed" not in fixed
    assert Location.objects.count() == 1


def test_a_key_older_than_a_day_is_forgotten(auth_client, user):
    post(auth_client, {"name": "Garage"})
    IdempotencyKey.objects.update(created_at=IdempotencyKey.objects.get().created_at - TTL
                                  - timedelta(minutes=1))
    again = post(auth_client, {"name": "Garage"})

    assert again.status_code == 201
    assert "Idempotency-Replayed" not in again
    assert Location.objects.count() == 2


def test_without_a_key_every_request_writes(auth_client):
    post(auth_client, {"name": "Garage"}, key=None)
    post(auth_client, {"name": "Garage"}, key=None)
    assert Location.objects.count() == 2
    assert IdempotencyKey.objects.count() == 0


@pytest.mark.parametrize("key", ["", " ", "x" * 256, "bad\x01key"], ids=["empty", "blank",
                                                                         "too-long", "control"])
def test_a_malformed_key_is_a_validation_error(auth_client, key):
    response = post(auth_client, {"name": "Garage"}, key=key)
    assert response.status_code == 400
    assert "idempotencyKey" in response.json()["error"]["details"]
    assert Location.objects.count() == 0


# ---- concurrency, on PostgreSQL where requests really run side by side ---------------------

def in_thread(target, results, name):
    def run():
        try:
            results[name] = target()
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def backend_waits_on_a_lock(deadline_s=20.0) -> bool:
    """True once some other session of this database is blocked on a lock."""
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0]:
                return True
        time.sleep(0.01)
    return False


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_an_in_flight_duplicate_waits_for_the_first_and_replays_it(user, client_for):
    gate = WriteOnceApi.gate
    gate.active, results = True, {}
    try:
        first = in_thread(lambda: post(client_for(user), {"name": "Shed"}), results, "first")
        assert gate.entered.wait(timeout=20)
        gate.active = False  # the duplicate must not stop at the gate, only at the database
        second = in_thread(lambda: post(client_for(user), {"name": "Shed"}), results, "second")
        assert backend_waits_on_a_lock(), "the duplicate never blocked on the key's row"
        assert Location.objects.count() == 0
    finally:
        gate.release.set()
    first.join(timeout=30)
    second.join(timeout=30)
    gate.entered.clear()
    gate.release.clear()

    assert results["first"].status_code == results["second"].status_code == 201
    assert results["second"]["Idempotency-Replayed"] == "true"
    assert results["second"].json() == results["first"].json()
    assert Location.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_many_simultaneous_duplicates_write_once(user, client_for):
    start, results, threads = threading.Barrier(6), {}, []

    def fire():
        client = client_for(user)
        start.wait(timeout=20)
        return post(client, {"name": "Loft"}, key="burst")

    for n in range(6):
        threads.append(in_thread(fire, results, n))
    for thread in threads:
        thread.join(timeout=30)

    responses = list(results.values())
    assert len(responses) == 6
    assert {r.status_code for r in responses} == {201}
    assert sum("Idempotency-Replayed" not in r for r in responses) == 1
    assert len({r.json()["data"]["id"] for r in responses}) == 1
    assert Location.objects.count() == 1
