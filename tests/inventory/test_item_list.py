"""GET /api/items: filters, sorting, cursor pagination and a constant query count."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from inventory.default_categories import DEFAULT_CATEGORIES
from inventory.models import Item
from tests.inventory.factories import add_image, make_item, make_location

BOOKS, TOOLS = DEFAULT_CATEGORIES[1][0], DEFAULT_CATEGORIES[8][0]


def names(response) -> list[str]:
    assert response.status_code == 200, response.json()
    return [item["name"] for item in response.json()["data"]]


def list_items(client, **params):
    return client.get(reverse("item-list"), params)


def test_newest_first_by_default_and_only_my_items(auth_client, user, other_user):
    for name in ("first", "second", "third"):
        make_item(user, name=name)
    make_item(other_user, name="not mine")
    assert names(list_items(auth_client)) == ["third", "second", "first"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "DRILL"}, ["Drill"]),
        ({"q": "cordless"}, ["Drill"]),  # description
        ({"categoryId": str(BOOKS)}, ["Novel"]),
        ({"status": "sold"}, ["Old bike"]),
        ({"status": ["sold", "lost"]}, ["Ring", "Old bike"]),
        ({"status": "sold,lost"}, ["Ring", "Old bike"]),
        ({"condition": ["good", "poor"]}, ["Old bike", "Drill"]),
        ({"q": "ov", "status": "active"}, ["Novel"]),
    ],
    ids=["q-name-case", "q-description", "category", "status", "status-repeated",
         "status-comma", "condition-repeated", "combined"],
)
def test_filters(auth_client, user, params, expected):
    make_item(user, name="Drill", description="Cordless, 18 V", category_id=TOOLS,
              condition="good")
    make_item(user, name="Old bike", status="sold", condition="poor")
    make_item(user, name="Novel", category_id=BOOKS)
    make_item(user, name="Ring", status="lost")
    assert names(list_items(auth_client, **params)) == expected


def test_location_filter(auth_client, user):
    shed = make_location(user, name="Shed")
    make_item(user, name="Mower", location_id=shed.id)
    make_item(user, name="Toaster")
    assert names(list_items(auth_client, locationId=str(shed.id))) == ["Mower"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"sortBy": "name"}, ["apple", "Banana", "cherry"]),
        ({"sortBy": "name", "sortDir": "desc"}, ["cherry", "Banana", "apple"]),
        ({"sortBy": "createdAt", "sortDir": "asc"}, ["Banana", "cherry", "apple"]),
        ({"sortBy": "updatedAt"}, ["Banana", "apple", "cherry"]),
    ],
    ids=["name", "name-desc", "created-asc", "updated-desc"],
)
def test_sorting(auth_client, user, params, expected):
    banana = make_item(user, name="Banana")
    make_item(user, name="cherry")
    make_item(user, name="apple")
    Item.objects.filter(name="apple").update(updated_at=timezone.now() + timedelta(minutes=1))
    Item.objects.filter(pk=banana.pk).update(updated_at=timezone.now() + timedelta(minutes=2))
    assert names(list_items(auth_client, **params)) == expected


@pytest.mark.parametrize("sort_by", ["createdAt", "updatedAt", "name"])
@pytest.mark.parametrize("sort_dir", ["asc", "desc"])
def test_cursor_pages_cover_every_item_once_even_with_equal_sort_values(auth_client, user,
                                                                        sort_by, sort_dir):
    for n in range(7):
        make_item(user, name="Same" if n % 2 else "same")
    # Ties on the sort value: the id breaks them, so no row repeats or goes missing.
    now = timezone.now()
    Item.objects.update(created_at=now, updated_at=now)

    seen, cursor, pages = [], None, 0
    while True:
        params = {"limit": 3, "sortBy": sort_by, "sortDir": sort_dir,
                  **({"cursor": cursor} if cursor else {})}
        body = list_items(auth_client, **params).json()
        seen += [item["id"] for item in body["data"]]
        pages += 1
        pagination = body["meta"]["pagination"]
        assert pagination["limit"] == 3
        cursor = pagination["nextCursor"]
        assert pagination["hasMore"] is (cursor is not None)
        if not cursor:
            break
    assert pages == 3
    assert len(seen) == len(set(seen)) == 7


def test_cursor_keeps_working_when_new_items_arrive(auth_client, user):
    for n in range(4):
        make_item(user, name=f"old {n}")
    first = list_items(auth_client, limit=2).json()
    make_item(user, name="brand new")
    second = list_items(auth_client, limit=2, cursor=first["meta"]["pagination"]["nextCursor"])
    assert names(second) == ["old 1", "old 0"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": 101}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"cursor": "not-a-cursor"}, "cursor"),
        ({"cursor": "eyJvIjoibmFtZTphc2MiLCJ2IjoiYSIsImlkIjoiMSJ9"}, "cursor"),
        ({"status": "broken"}, "status"),
        ({"condition": "mint"}, "condition"),
        ({"sortBy": "price"}, "sortBy"),
        ({"sortDir": "up"}, "sortDir"),
        ({"categoryId": "nope"}, "categoryId"),
        ({"locationId": "123"}, "locationId"),
        ({"q": "x" * 201}, "q"),
    ],
    ids=["limit-zero", "limit-over-max", "limit-text", "cursor-garbage", "cursor-bad-id",
         "status", "condition", "sort-by", "sort-dir", "category", "location", "q-too-long"],
)
def test_bad_list_parameters_are_validation_errors(auth_client, user, params, field):
    response = list_items(auth_client, **params)
    assert response.status_code == 400
    body = response.json()
    assert body["error"]["code"] == "VALIDATION_ERROR"
    assert field in body["error"]["details"]


def test_a_cursor_from_another_sort_is_refused(auth_client, user):
    for _ in range(3):
        make_item(user)
    cursor = list_items(auth_client, limit=1).json()["meta"]["pagination"]["nextCursor"]
    response = list_items(auth_client, limit=1, cursor=cursor, sortBy="name")
    assert response.status_code == 400
    assert "cursor" in response.json()["error"]["details"]


def test_limit_caps_the_page(auth_client, user):
    for _ in range(25):
        make_item(user)
    assert len(list_items(auth_client).json()["data"]) == 20
    assert len(list_items(auth_client, limit=100).json()["data"]) == 25


def test_query_count_does_not_grow_with_page_size(auth_client, user,
                                                  django_assert_max_num_queries):
    for n in range(30):
        item = make_item(user, name=f"thing {n}")
        add_image(item)
        add_image(item, position=1)

    # auth user lookup + items page + one prefetch query for all their images
    with django_assert_max_num_queries(3):
        small = list_items(auth_client, limit=2)
    with django_assert_max_num_queries(3):
        large = list_items(auth_client, limit=30)
    assert len(small.json()["data"]) == 2
    assert len(large.json()["data"]) == 30
    assert all(len(item["images"]) == 2 for item in large.json()["data"])
