"""Every bad value is a 400 VALIDATION_ERROR naming its field, and nothing is written."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from inventory.models import Item, ItemHistory
from tests.inventory.factories import make_item

FAR_FUTURE = (timezone.now().date() + timedelta(days=3)).isoformat()

BAD_BODIES = [
    ({}, "name"),
    ({"name": ""}, "name"),
    ({"name": "   "}, "name"),
    ({"name": None}, "name"),
    ({"name": "x" * 256}, "name"),
    ({"name": 123}, "name"),
    ({"name": ["Drill"]}, "name"),
    ({"name": "ok", "description": "x" * 10_001}, "description"),
    ({"name": "ok", "description": 5}, "description"),
    ({"name": "ok", "status": "broken"}, "status"),
    ({"name": "ok", "status": None}, "status"),
    ({"name": "ok", "condition": "mint"}, "condition"),
    ({"name": "ok", "purchasePrice": -1}, "purchasePrice"),
    ({"name": "ok", "purchasePrice": "1.234"}, "purchasePrice"),
    ({"name": "ok", "purchasePrice": "ten"}, "purchasePrice"),
    ({"name": "ok", "purchasePrice": True}, "purchasePrice"),
    ({"name": "ok", "purchasePrice": 10**12}, "purchasePrice"),
    ({"name": "ok", "purchasePrice": "NaN"}, "purchasePrice"),
    ({"name": "ok", "purchaseDate": FAR_FUTURE}, "purchaseDate"),
    ({"name": "ok", "purchaseDate": "2024-13-01"}, "purchaseDate"),
    ({"name": "ok", "purchaseDate": "yesterday"}, "purchaseDate"),
    ({"name": "ok", "purchaseDate": 20240101}, "purchaseDate"),
    ({"name": "ok", "categoryId": "not-a-uuid"}, "categoryId"),
    ({"name": "ok", "categoryId": 7}, "categoryId"),
    ({"name": "ok", "locationId": "00000000-0000-4000-8000-00000000dead"}, "locationId"),
    ({"name": "ok", "locationId": {"id": "x"}}, "locationId"),
    ({"name": "ok", "notes": "x" * 10_001}, "notes"),
    ({"name": "ok", "notes": 5}, "notes"),
    ({"name": "ok", "notes": None}, "notes"),
    ({"name": "ok", "notes": ["a", "b"]}, "notes"),
]
IDS = [
    "name-missing", "name-empty", "name-blank", "name-null", "name-too-long", "name-number",
    "name-list", "description-too-long", "description-number", "status-unknown",
    "status-null", "condition-unknown", "price-negative", "price-3-decimals", "price-text",
    "price-bool", "price-too-big", "price-nan", "date-future", "date-invalid-month",
    "date-words", "date-number", "category-not-uuid", "category-number", "location-unknown",
    "location-object", "notes-too-long", "notes-number", "notes-null", "notes-list",
]


@pytest.mark.parametrize(("body", "field"), BAD_BODIES, ids=IDS)
def test_create_refuses_bad_values(auth_client, user, body, field):
    response = auth_client.post(reverse("item-list"), body, format="json")

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "VALIDATION_ERROR"
    assert field in error["details"], error
    assert Item.objects.count() == 0
    assert ItemHistory.objects.count() == 0


@pytest.mark.parametrize(("body", "field"), [b for b in BAD_BODIES if b[0].get("name") == "ok"],
                         ids=[i for i, b in zip(IDS, BAD_BODIES, strict=True)
                              if b[0].get("name") == "ok"])
def test_patch_refuses_bad_values_and_leaves_the_item_alone(auth_client, user, body, field):
    item = make_item(user, name="Drill")
    response = auth_client.patch(reverse("item-detail", kwargs={"item_id": item.id}), body,
                                 format="json")

    assert response.status_code == 400
    assert field in response.json()["error"]["details"]
    item.refresh_from_db()
    assert (item.name, item.version) == ("Drill", 1)


@pytest.mark.parametrize(
    ("raw", "content_type"),
    [
        ('{"name": "Drill"', "application/json"),
        ("not json at all", "application/json"),
        ('["Drill"]', "application/json"),
        ('"Drill"', "application/json"),
        ("null", "application/json"),
    ],
    ids=["truncated", "garbage", "array", "string", "null"],
)
def test_malformed_or_non_object_json_is_a_400(auth_client, user, raw, content_type):
    response = auth_client.generic("POST", reverse("item-list"), raw, content_type=content_type)
    assert response.status_code == 400
    body = response.json()
    assert body["error"]["code"] == "VALIDATION_ERROR"
    assert body["error"]["details"]
    assert Item.objects.count() == 0


def test_a_date_one_day_ahead_is_allowed_for_clients_east_of_utc(auth_client):
    tomorrow = (timezone.now().date() + timedelta(days=1)).isoformat()
    response = auth_client.post(reverse("item-list"), {"name": "ok", "purchaseDate": tomorrow},
                                format="json")
    assert response.status_code == 201


def test_two_decimal_prices_and_numbers_are_accepted(auth_client):
    for price, expected in (("0", 0), (19.99, 19.99), ("1234567890.12", 1234567890.12)):
        response = auth_client.post(reverse("item-list"), {"name": "ok", "purchasePrice": price},
                                    format="json")
        assert response.json()["data"]["purchasePrice"] == expected


def test_notes_are_optional_long_text_kept_as_typed(auth_client):
    notes = "  Bought with the 2-year plan.\n\nReceipt in the blue folder.  "
    created = auth_client.post(reverse("item-list"), {"name": "Fridge", "notes": notes},
                               format="json").json()["data"]
    plain = auth_client.post(reverse("item-list"), {"name": "Chair"}, format="json")

    assert created["notes"] == notes
    assert plain.json()["data"]["notes"] == ""
    longest = auth_client.patch(reverse("item-detail", kwargs={"item_id": created["id"]}),
                                {"notes": "x" * 10_000}, format="json")
    assert longest.status_code == 200
