import uuid

import pytest
from django.urls import reverse

from inventory.models import Location
from tests.inventory.factories import make_item, make_location


def detail(location_id):
    return reverse("location-detail", kwargs={"location_id": location_id})


def test_create_nested_locations_and_list_only_mine(auth_client, user, other_user):
    make_location(other_user, name="Their attic")
    house = auth_client.post(reverse("location-list"), {"name": "House"}, format="json")
    assert house.status_code == 201
    house_id = house.json()["data"]["id"]
    shelf = auth_client.post(reverse("location-list"),
                             {"name": "Shelf", "description": "by the door",
                              "parentId": house_id}, format="json").json()["data"]

    assert shelf["parentId"] == house_id
    assert shelf["userId"] == str(user.id)
    data = auth_client.get(reverse("location-list")).json()["data"]
    assert [loc["name"] for loc in data] == ["House", "Shelf"]


@pytest.mark.parametrize("method", ["get", "put", "delete"])
def test_another_users_location_is_not_found(other_client, user, method):
    location = make_location(user, name="Mine")
    response = getattr(other_client, method)(detail(location.id), {"name": "x"}, format="json")
    assert response.status_code == 404
    assert Location.objects.get().name == "Mine"


def test_another_users_location_as_parent_is_a_validation_error(auth_client, other_user):
    theirs = make_location(other_user)
    response = auth_client.post(reverse("location-list"),
                                {"name": "ok", "parentId": str(theirs.id)}, format="json")
    assert response.status_code == 400
    assert "parentId" in response.json()["error"]["details"]
    assert Location.objects.count() == 1


@pytest.mark.parametrize("depth", [0, 1, 3], ids=["self", "child", "great-grandchild"])
def test_cycles_are_refused(auth_client, user, depth):
    root = make_location(user, name="root")
    chain = [root]
    for n in range(depth):
        chain.append(make_location(user, name=f"level {n}", parent_id=chain[-1].id))

    response = auth_client.put(detail(root.id), {"name": "root", "parentId": str(chain[-1].id)},
                               format="json")

    assert response.status_code == 400
    assert "parentId" in response.json()["error"]["details"]
    root.refresh_from_db()
    assert root.parent_id is None


def test_moving_a_subtree_elsewhere_is_fine(auth_client, user):
    house, garage = make_location(user, name="House"), make_location(user, name="Garage")
    shelf = make_location(user, name="Shelf", parent_id=house.id)
    response = auth_client.put(detail(shelf.id), {"name": "Shelf", "parentId": str(garage.id)},
                               format="json")
    assert response.status_code == 200
    assert response.json()["data"]["parentId"] == str(garage.id)


@pytest.mark.parametrize(
    ("body", "field"),
    [({}, "name"), ({"name": "x" * 101}, "name"), ({"name": 1}, "name"),
     ({"name": "ok", "parentId": str(uuid.uuid4())}, "parentId"),
     ({"name": "ok", "description": ["x"]}, "description")],
    ids=["name-missing", "name-too-long", "name-number", "parent-unknown", "description-list"],
)
def test_bad_location_bodies(auth_client, body, field):
    response = auth_client.post(reverse("location-list"), body, format="json")
    assert response.status_code == 400
    assert field in response.json()["error"]["details"]
    assert Location.objects.count() == 0


def test_delete_moves_children_up_and_unplaces_items(auth_client, user):
    house = make_location(user, name="House")
    room = make_location(user, name="Room", parent_id=house.id)
    drawer = make_location(user, name="Drawer", parent_id=room.id)
    item = make_item(user, location_id=room.id)

    assert auth_client.delete(detail(room.id)).status_code == 204

    drawer.refresh_from_db()
    item.refresh_from_db()
    assert drawer.parent_id == house.id
    assert (item.location_id, item.version) == (None, 2)
