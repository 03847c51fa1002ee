import uuid

import pytest
from django.urls import reverse

from inventory.default_categories import DEFAULT_CATEGORIES
from inventory.models import Item, ItemHistory
from tests.inventory.factories import add_image, make_category, make_item, make_location
from tests.kit.concurrency import race
from tests.kit.photos import add_photo

TOOLS = DEFAULT_CATEGORIES[8][0]


def detail(item_id):
    return reverse("item-detail", kwargs={"item_id": item_id})


def test_create_returns_the_item_in_camel_case_with_an_etag_and_location(auth_client, user):
    garage = make_location(user, name="Garage")
    response = auth_client.post(reverse("item-list"), {
        "name": "Cordless Drill", "description": "18 V", "categoryId": str(TOOLS),
        "locationId": str(garage.id), "purchasePrice": "129.99", "purchaseDate": "2024-03-01",
        "status": "active", "condition": "good",
    }, format="json")

    assert response.status_code == 201
    body = response.json()
    assert body["success"] is True
    item = body["data"]
    assert item["name"] == "Cordless Drill"
    assert item["userId"] == str(user.id)
    assert item["categoryId"] == str(TOOLS)
    assert item["locationId"] == str(garage.id)
    assert item["purchasePrice"] == 129.99
    assert item["purchaseDate"] == "2024-03-01"
    assert item["condition"] == "good"
    assert item["images"] == []
    assert item["createdAt"].endswith("Z")
    assert response["ETag"].startswith(f'"{item["id"]}.v1.')
    assert response["Location"] == detail(item["id"])


def test_server_owned_and_unknown_fields_are_ignored(auth_client, user, other_user):
    forced_id = uuid.uuid4()
    response = auth_client.post(reverse("item-list"), {
        "name": "Lamp", "id": str(forced_id), "userId": str(other_user.id),
        "createdAt": "2000-01-01T00:00:00Z", "version": 99, "colour": "red",
    }, format="json")

    assert response.status_code == 201
    item = Item.objects.get()
    assert item.id != forced_id
    assert item.owner == user
    assert item.version == 1
    assert item.created_at.year > 2000


def test_defaults_when_optional_fields_are_missing(auth_client):
    response = auth_client.post(reverse("item-list"), {"name": "Box"}, format="json")
    data = response.json()["data"]
    assert (data["status"], data["condition"], data["purchasePrice"], data["categoryId"]) == (
        "active", None, None, None)


def test_get_returns_images_in_gallery_order(auth_client, user):
    item = make_item(user)
    second = add_image(item, position=1)
    first = add_image(item, position=0)

    data = auth_client.get(detail(item.id)).json()["data"]

    assert [image["id"] for image in data["images"]] == [str(first.id), str(second.id)]
    assert data["images"][0]["thumbnailUrl"].endswith(first.rendition_keys["thumbnail"])


def test_another_users_item_is_not_found_for_every_method(other_client, user):
    item = make_item(user, name="Secret")
    url = detail(item.id)

    for response in (other_client.get(url), other_client.put(url, {"name": "x"}, format="json"),
                     other_client.patch(url, {"name": "x"}, format="json"),
                     other_client.delete(url)):
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "NOT_FOUND"
    assert Item.objects.get().name == "Secret"


def test_unauthenticated_requests_are_401(api_client):
    response = api_client.get(reverse("item-list"))
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "UNAUTHORIZED"


def test_patch_changes_only_given_fields_and_bumps_the_etag(auth_client, user):
    item = make_item(user, name="Saw", description="Old blade", status="active")
    response = auth_client.patch(detail(item.id), {"description": "New blade"}, format="json")

    assert response.status_code == 200
    data = response.json()["data"]
    assert (data["name"], data["description"]) == ("Saw", "New blade")
    assert response["ETag"].startswith(f'"{item.id}.v2.')


def test_put_replaces_the_item_and_resets_missing_optional_fields(auth_client, user):
    item = make_item(user, name="Saw", description="Blade", condition="good",
                     purchase_price="10.00")
    response = auth_client.put(detail(item.id), {"name": "Hand saw"}, format="json")

    data = response.json()["data"]
    assert (data["name"], data["description"], data["condition"], data["purchasePrice"]) == (
        "Hand saw", "", None, None)


def test_a_foreign_category_or_location_is_a_validation_error(auth_client, user, other_user):
    theirs_location = make_location(other_user)
    theirs_category = make_category(other_user)
    item = make_item(user)

    for field, value in (("locationId", theirs_location.id), ("categoryId", theirs_category.id),
                         ("categoryId", uuid.uuid4())):
        response = auth_client.patch(detail(item.id), {field: str(value)}, format="json")
        assert response.status_code == 400
        assert field in response.json()["error"]["details"]
    item.refresh_from_db()
    assert (item.location_id, item.category_id, item.version) == (None, None, 1)


def test_own_categories_are_accepted(auth_client, user):
    mine = make_category(user, name="Camping")
    response = auth_client.post(reverse("item-list"),
                                {"name": "Tent", "categoryId": str(mine.id)}, format="json")
    assert response.json()["data"]["categoryId"] == str(mine.id)


# ---- ETags and conditional requests ----------------------------------------------------

def test_if_none_match_with_the_current_tag_answers_304(auth_client, user):
    item = make_item(user)
    etag = auth_client.get(detail(item.id))["ETag"]

    response = auth_client.get(detail(item.id), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response["ETag"] == etag
    assert response.content == b""


def test_a_new_photo_changes_the_tag_but_does_not_stale_an_edit(auth_client, user):
    item = make_item(user)
    before = auth_client.get(detail(item.id))["ETag"]
    add_photo(item, size=(64, 48))  # the real upload service, as a second phone would

    fresh = auth_client.get(detail(item.id), HTTP_IF_NONE_MATCH=before)
    assert fresh.status_code == 200
    assert fresh["ETag"] != before
    assert len(fresh.json()["data"]["images"]) == 1
    edit = auth_client.patch(detail(item.id), {"name": "Edited"}, format="json",
                             HTTP_IF_MATCH=before)
    assert edit.status_code == 200


def test_if_none_match_with_an_old_tag_answers_200(auth_client, user):
    item = make_item(user)
    old = auth_client.get(detail(item.id))["ETag"]
    auth_client.patch(detail(item.id), {"name": "Renamed"}, format="json")

    response = auth_client.get(detail(item.id), HTTP_IF_NONE_MATCH=old)
    assert response.status_code == 200
    assert response["ETag"] != old


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_a_stale_if_match_is_a_failed_precondition_and_changes_nothing(auth_client, user, method):
    item = make_item(user, name="Original")
    stale = auth_client.get(detail(item.id))["ETag"]
    auth_client.patch(detail(item.id), {"name": "Changed elsewhere"}, format="json")

    kwargs = {"format": "json", "HTTP_IF_MATCH": stale}
    body = {"name": "Mine"} if method != "delete" else None
    response = getattr(auth_client, method)(detail(item.id), body, **kwargs)

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "PRECONDITION_FAILED"
    assert Item.objects.get().name == "Changed elsewhere"


@pytest.mark.parametrize(("method", "status"), [("put", 200), ("patch", 200), ("delete", 204)])
def test_a_current_if_match_is_accepted(auth_client, user, method, status):
    item = make_item(user, name="Original")
    current = auth_client.get(detail(item.id))["ETag"]
    body = {"name": "Mine"} if method != "delete" else None
    response = getattr(auth_client, method)(detail(item.id), body, format="json",
                                            HTTP_IF_MATCH=current)
    assert response.status_code == status
    if method == "delete":
        assert not Item.objects.filter(pk=item.pk).exists()
    else:
        assert Item.objects.get(pk=item.pk).name == "Mine"


def test_a_missing_if_match_is_allowed(auth_client, user):
    item = make_item(user)
    assert auth_client.patch(detail(item.id), {"name": "x"}, format="json").status_code == 200


def test_list_answers_304_until_something_on_the_page_changes(auth_client, user):
    item = make_item(user)
    etag = auth_client.get(reverse("item-list"))["ETag"]
    assert auth_client.get(reverse("item-list"), HTTP_IF_NONE_MATCH=etag).status_code == 304

    add_image(item)
    assert auth_client.get(reverse("item-list"), HTTP_IF_NONE_MATCH=etag).status_code == 200
    etag = auth_client.get(reverse("item-list"))["ETag"]
    auth_client.patch(detail(item.id), {"status": "sold"}, format="json")
    assert auth_client.get(reverse("item-list"), HTTP_IF_NONE_MATCH=etag).status_code == 200


# ---- idempotent item writes -------------------------------------------------------------

def test_a_retried_create_replays_and_creates_one_item(auth_client):
    first = auth_client.post(reverse("item-list"), {"name": "Kayak"}, format="json",
                             HTTP_IDEMPOTENCY_KEY="offline-1")
    second = auth_client.post(reverse("item-list"), {"name": "Kayak"}, format="json",
                              HTTP_IDEMPOTENCY_KEY="offline-1")

    assert first.status_code == second.status_code == 201
    assert second["Idempotency-Replayed"] == "true"
    assert second.json() == first.json()
    assert second["ETag"] == first["ETag"]
    assert Item.objects.count() == 1


def test_a_retried_patch_replays_without_a_second_version(auth_client, user):
    item = make_item(user)
    for _ in range(2):
        response = auth_client.patch(detail(item.id), {"name": "Once"}, format="json",
                                     HTTP_IDEMPOTENCY_KEY="edit-1")
    assert response["Idempotency-Replayed"] == "true"
    item.refresh_from_db()
    assert item.version == 2
    assert ItemHistory.objects.filter(item_id=item.id, action="update").count() == 1


def test_the_response_envelope_meta_is_present(auth_client, user):
    make_item(user)
    meta = auth_client.get(reverse("item-list")).json()["meta"]
    assert meta["pagination"] == {"limit": 20, "nextCursor": None, "hasMore": False}
    assert meta["timestamp"].endswith("Z")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_retries_of_one_create_make_one_item(user, client_for):
    clients = iter([client_for(user) for _ in range(4)])  # signed in before the start

    def retry():
        return next(clients).post(reverse("item-list"), {"name": "Canoe"}, format="json",
                                  HTTP_IDEMPOTENCY_KEY="queue-entry-7")

    responses = race(retry, times=4)

    assert [r.status_code for r in responses] == [201] * 4
    assert len({r.json()["data"]["id"] for r in responses}) == 1
    assert Item.objects.count() == 1
    assert ItemHistory.objects.filter(action="create").count() == 1
