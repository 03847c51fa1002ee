import uuid

import pytest
from django.urls import reverse

from inventory.default_categories import DEFAULT_CATEGORIES
from inventory.models import Category, Item
from tests.inventory.factories import make_category, make_item

TOOLS = DEFAULT_CATEGORIES[8][0]


def detail(category_id):
    return reverse("category-detail", kwargs={"category_id": category_id})


def test_list_has_the_ten_defaults_then_my_own_but_not_others(auth_client, user, other_user):
    make_category(user, name="Camping", sort_order=1000)
    make_category(other_user, name="Their secret", sort_order=1000)

    data = auth_client.get(reverse("category-list")).json()["data"]

    assert [c["id"] for c in data[:10]] == [str(uid) for uid, *_ in DEFAULT_CATEGORIES]
    assert [c["name"] for c in data[:10]] == [name for _, name, *_ in DEFAULT_CATEGORIES]
    assert all(c["isDefault"] and c["userId"] is None for c in data[:10])
    assert [c["name"] for c in data[10:]] == ["Camping"]
    assert data[10]["isDefault"] is False


def test_create_with_a_default_parent(auth_client, user):
    response = auth_client.post(reverse("category-list"), {
        "name": "Power tools", "parentId": str(TOOLS), "icon": "bolt", "sortOrder": 5,
    }, format="json")

    assert response.status_code == 201
    data = response.json()["data"]
    assert (data["name"], data["parentId"], data["icon"], data["sortOrder"]) == (
        "Power tools", str(TOOLS), "bolt", 5)
    assert data["userId"] == str(user.id)


@pytest.mark.parametrize("method", ["put", "delete"])
def test_defaults_are_read_only(auth_client, method):
    response = getattr(auth_client, method)(detail(TOOLS), {"name": "Mine now"}, format="json")

    # 403, not 404: the user can see the category, so "not found" would be a lie.
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "FORBIDDEN"
    assert Category.objects.get(pk=TOOLS).name == "Tools"


@pytest.mark.parametrize("method", ["get", "put", "delete"])
def test_another_users_category_is_not_found(other_client, user, method):
    category = make_category(user, name="Private")
    response = getattr(other_client, method)(detail(category.id), {"name": "x"}, format="json")
    assert response.status_code == 404
    assert Category.objects.get(pk=category.id).name == "Private"


def test_update_my_category(auth_client, user):
    category = make_category(user, name="Camping")
    response = auth_client.put(detail(category.id), {"name": "Outdoors", "icon": "tent"},
                               format="json")
    assert response.status_code == 200
    assert response.json()["data"]["name"] == "Outdoors"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "name"),
        ({"name": ""}, "name"),
        ({"name": "x" * 101}, "name"),
        ({"name": "ok", "icon": "x" * 51}, "icon"),
        ({"name": "ok", "sortOrder": "first"}, "sortOrder"),
        ({"name": "ok", "sortOrder": 1.5}, "sortOrder"),
        ({"name": "ok", "parentId": "nope"}, "parentId"),
        ({"name": "ok", "parentId": str(uuid.uuid4())}, "parentId"),
    ],
    ids=["name-missing", "name-empty", "name-too-long", "icon-too-long", "sort-text",
         "sort-float", "parent-not-uuid", "parent-unknown"],
)
def test_bad_category_bodies(auth_client, body, field):
    response = auth_client.post(reverse("category-list"), body, format="json")
    assert response.status_code == 400
    assert field in response.json()["error"]["details"]
    assert Category.objects.filter(owner__isnull=False).count() == 0


def test_another_users_category_as_parent_is_a_validation_error(auth_client, other_user):
    theirs = make_category(other_user)
    response = auth_client.post(reverse("category-list"),
                                {"name": "ok", "parentId": str(theirs.id)}, format="json")
    assert response.status_code == 400
    assert "parentId" in response.json()["error"]["details"]


def test_a_category_cannot_become_its_own_ancestor(auth_client, user):
    top = make_category(user, name="Top")
    child = make_category(user, name="Child", parent_id=top.id)

    for parent in (top.id, child.id):
        response = auth_client.put(detail(top.id), {"name": "Top", "parentId": str(parent)},
                                   format="json")
        assert response.status_code == 400
        assert "parentId" in response.json()["error"]["details"]
    top.refresh_from_db()
    assert top.parent_id is None


def test_deleting_a_category_uncategorises_its_items_and_stales_their_etags(auth_client, user):
    category = make_category(user)
    item = make_item(user, category_id=category.id)

    assert auth_client.delete(detail(category.id)).status_code == 204
    item.refresh_from_db()
    assert (item.category_id, item.version) == (None, 2)
    assert not Item.objects.filter(category_id=category.id).exists()
