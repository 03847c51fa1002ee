"""Search answers cached in the real Redis, and never stale after a write.

Entries are keyed on the user's data version, which every item, category and location
write bumps; these tests write through the real endpoints and services, then search again.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from households.selectors import personal_household_id
from inventory import services
from inventory.cache_versions import bump_household_data_version
from tests.inventory.factories import make_category, make_item, make_location


def search(client, q, **params):
    response = client.get(reverse("api-search"), {"q": q, **params})
    assert response.status_code == 200, response.content
    return [hit["name"] for hit in response.json()["data"]]


def item_queries(queries) -> list[str]:
    return [q["sql"] for q in queries if "inventory_item" in q["sql"]]


def test_a_repeated_search_is_served_from_redis(auth_client, user, redis_cache):
    make_item(user, name="Cordless Drill")
    assert search(auth_client, "drill") == ["Cordless Drill"]
    assert redis_cache.keys("*search:*:items:*")

    with CaptureQueriesContext(connection) as queries:
        assert search(auth_client, "DRILL!") == ["Cordless Drill"]  # same normalized query
    assert item_queries(queries) == []


def test_an_item_rename_is_seen_at_once(auth_client, user, redis_cache):
    drill = make_item(user, name="Cordless Drill")
    assert search(auth_client, "cordless") == ["Cordless Drill"]

    response = auth_client.patch(reverse("item-detail", kwargs={"item_id": drill.id}),
                                 {"name": "Impact Driver"}, format="json")
    assert response.status_code == 200

    assert search(auth_client, "cordless") == []
    assert search(auth_client, "impact") == ["Impact Driver"]


def test_a_new_item_is_found_at_once(auth_client, user, redis_cache):
    assert search(auth_client, "drill") == []
    response = auth_client.post(reverse("item-list"), {"name": "Drill"}, format="json")
    assert response.status_code == 201
    assert search(auth_client, "drill") == ["Drill"]


def test_a_deleted_item_is_gone_at_once(auth_client, user, redis_cache):
    drill = make_item(user, name="Drill")
    assert search(auth_client, "drill") == ["Drill"]
    response = auth_client.delete(reverse("item-detail", kwargs={"item_id": drill.id}))
    assert response.status_code == 204
    assert search(auth_client, "drill") == []


def test_a_category_rename_is_seen_at_once(auth_client, user, redis_cache):
    kind = make_category(user, name="Camping")
    make_item(user, name="Tent", category_id=kind.id)
    assert search(auth_client, "camping") == ["Tent"]

    response = auth_client.put(reverse("category-detail", kwargs={"category_id": kind.id}),
                               {"name": "Outdoors"}, format="json")
    assert response.status_code == 200

    assert search(auth_client, "camping") == []
    assert search(auth_client, "outdoors") == ["Tent"]


def test_a_location_rename_is_seen_at_once(auth_client, user, redis_cache):
    garage = make_location(user, name="Garage")
    make_item(user, name="Drill", location_id=garage.id)
    assert search(auth_client, "garage") == ["Drill"]

    services.location_update(user=user, location_id=garage.id, name="Workshop")

    assert search(auth_client, "garage") == []
    assert search(auth_client, "workshop") == ["Drill"]


def test_suggestions_and_filters_follow_writes(auth_client, user, redis_cache):
    suggestions = reverse("api-search-suggestions")
    filters = reverse("api-search-filters")
    assert auth_client.get(suggestions, {"q": "dri"}).json()["data"] == []
    assert auth_client.get(filters).json()["data"]["totalItems"] == 0

    make_item(user, name="Drill")

    assert [s["name"] for s in auth_client.get(suggestions, {"q": "dri"}).json()["data"]] == [
        "Drill"]
    assert auth_client.get(filters).json()["data"]["totalItems"] == 1


def test_another_users_write_keeps_my_entry(auth_client, user, other_user, redis_cache):
    make_item(user, name="Drill")
    search(auth_client, "drill")
    make_item(other_user, name="Drill")  # bumps only the other user's household's version

    with CaptureQueriesContext(connection) as queries:
        assert search(auth_client, "drill") == ["Drill"]
    assert item_queries(queries) == []


def test_a_version_bump_from_another_instance_invalidates(auth_client, user, redis_cache):
    """The version counter lives in Redis, so a write on any app instance counts."""
    make_item(user, name="Drill")
    search(auth_client, "drill")
    home = personal_household_id(user=user)
    version_keys = redis_cache.keys(f"*household-data-version:{home}")
    assert len(version_keys) == 1
    before = int(redis_cache.get(version_keys[0]))

    redis_cache.incr(version_keys[0])  # what bump_household_data_version does elsewhere

    with CaptureQueriesContext(connection) as queries:
        search(auth_client, "drill")
    assert item_queries(queries) != []
    assert bump_household_data_version(home) == before + 2
