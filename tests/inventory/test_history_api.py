import uuid

from django.urls import reverse

from tests.inventory.factories import make_item, make_location


def history_url(item_id):
    return reverse("item-history", kwargs={"item_id": item_id})


def test_history_lists_who_changed_what_newest_first(auth_client, user):
    response = auth_client.post(reverse("item-list"), {"name": "Drill"}, format="json")
    item_id = response.json()["data"]["id"]
    shed = make_location(user, name="Shed")
    detail = reverse("item-detail", kwargs={"item_id": item_id})
    auth_client.patch(detail, {"name": "Hammer drill"}, format="json")
    auth_client.patch(detail, {"locationId": str(shed.id)}, format="json")

    body = auth_client.get(history_url(item_id)).json()

    assert [entry["action"] for entry in body["data"]] == ["move", "update", "create"]
    move, update, create = body["data"]
    assert update["changes"] == {"name": {"old": "Drill", "new": "Hammer drill"}}
    assert move["changes"] == {"locationId": {"old": None, "new": str(shed.id)}}
    assert create["actorId"] == str(user.id)
    assert create["actorName"] == user.name
    assert create["itemId"] == item_id
    assert body["meta"]["pagination"]["hasMore"] is False


def test_history_of_a_deleted_item_stays_readable_by_its_owner(auth_client, user):
    item = make_item(user)
    auth_client.delete(reverse("item-detail", kwargs={"item_id": item.id}))
    actions = [entry["action"] for entry in auth_client.get(history_url(item.id)).json()["data"]]
    assert actions == ["delete", "create"]


def test_history_is_private(other_client, user):
    item = make_item(user)
    response = other_client.get(history_url(item.id))
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "NOT_FOUND"


def test_history_of_an_unknown_item_is_not_found(auth_client):
    assert auth_client.get(history_url(uuid.uuid4())).status_code == 404


def test_history_pages_with_a_cursor(auth_client, user):
    item = make_item(user)
    for n in range(4):
        auth_client.patch(reverse("item-detail", kwargs={"item_id": item.id}),
                          {"name": f"v{n}"}, format="json")
    first = auth_client.get(history_url(item.id), {"limit": 3}).json()
    cursor = first["meta"]["pagination"]["nextCursor"]
    second = auth_client.get(history_url(item.id), {"limit": 3, "cursor": cursor}).json()
    ids = [e["id"] for e in first["data"] + second["data"]]
    assert len(ids) == len(set(ids)) == 5


def test_changes_are_listed_in_the_field_tables_order_on_every_database(auth_client, user):
    item = make_item(user, name="Kettle")
    detail = reverse("item-detail", kwargs={"item_id": item.id})
    auth_client.patch(detail, {"notes": "Descale monthly", "purchasePrice": "30.00",
                               "name": "Electric kettle"}, format="json")

    update = auth_client.get(history_url(item.id)).json()["data"][0]

    # The form's order (name, ..., price, ..., notes), not the database's key order.
    assert list(update["changes"]) == ["name", "purchasePrice", "notes"]
