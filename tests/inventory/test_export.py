import csv
import io
import json

import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse

from inventory.default_categories import DEFAULT_CATEGORIES
from tests.inventory.factories import add_image, make_item, make_location

TOOLS = DEFAULT_CATEGORIES[8][0]
# The columns people's spreadsheets and importers rely on, in this order. Written out here
# (not read from the code) so a renamed, dropped or reordered column fails this test; new
# columns may be added between them.
CONTRACT_COLUMNS = [
    "id", "userId", "name", "description", "categoryId", "category", "locationId", "location",
    "locationPath", "purchasePrice", "purchaseDate", "status", "condition", "createdAt",
    "updatedAt", "imageUrls",
]


def export(client, file_format):
    response = client.get(reverse("export"), {"format": file_format})
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    return response, b"".join(response.streaming_content).decode("utf-8")


@pytest.fixture
def inventory(user, other_user):
    house = make_location(user, name="House")
    shed = make_location(user, name="Shed", parent_id=house.id)
    drill = make_item(user, name="Drill, cordless", description='18 V "pro"\nwith case',
                      category_id=TOOLS, location_id=shed.id, purchase_price="129.90",
                      purchase_date="2024-03-01", condition="good")
    add_image(drill)
    make_item(user, name="Sofa", status="sold")
    make_item(other_user, name="Not mine")
    return drill


def test_csv_has_every_field_names_and_image_urls(auth_client, user, inventory):
    response, text = export(auth_client, "csv")

    assert response["Content-Type"].startswith("text/csv")
    assert "attachment;" in response["Content-Disposition"]
    header, *cells = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert header == [
        "id", "userId", "householdId", "name", "description", "categoryId", "category",
        "locationId", "location", "locationPath", "purchasePrice", "purchaseDate", "status",
        "condition", "notes", "createdAt", "updatedAt", "imageUrls",
    ]
    assert [column for column in header if column in CONTRACT_COLUMNS] == CONTRACT_COLUMNS
    assert all(len(row) == len(header) for row in cells), "every row fills every column"
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert [row["name"] for row in rows] == ["Drill, cordless", "Sofa"]
    drill = rows[0]
    assert (drill["id"], drill["userId"]) == (str(inventory.id), str(user.id))
    assert drill["description"] == '18 V "pro"\nwith case'
    assert (drill["category"], drill["location"], drill["locationPath"]) == (
        "Tools", "Shed", "House / Shed")
    assert (drill["purchasePrice"], drill["purchaseDate"], drill["condition"]) == (
        "129.90", "2024-03-01", "good")
    assert drill["imageUrls"].startswith("http://testserver/media/public/images/detail/")
    assert rows[1]["status"] == "sold"


def test_json_is_one_envelope_with_items_categories_and_locations(auth_client, inventory):
    response, text = export(auth_client, "json")

    body = json.loads(text)
    assert response["Content-Type"] == "application/json"
    assert body["success"] is True
    data = body["data"]
    assert [item["name"] for item in data["items"]] == ["Drill, cordless", "Sofa"]
    drill = data["items"][0]
    assert (drill["category"], drill["location"], drill["locationPath"]) == (
        "Tools", "Shed", "House / Shed")
    assert drill["purchasePrice"] == 129.9
    assert drill["images"][0]["detailUrl"].startswith("http://testserver/media/public/")
    assert {loc["name"] for loc in data["locations"]} == {"House", "Shed"}
    assert len(data["categories"]) == 10


def test_an_empty_inventory_exports_cleanly(auth_client):
    _, text = export(auth_client, "json")
    assert json.loads(text)["data"]["items"] == []
    _, text = export(auth_client, "csv")
    assert len(list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))) == 1


@pytest.mark.parametrize("params", [{}, {"format": "xml"}, {"format": ""}],
                         ids=["missing", "unknown", "empty"])
def test_a_bad_format_is_a_validation_error(auth_client, params):
    response = auth_client.get(reverse("export"), params)
    assert response.status_code == 400
    assert "format" in response.json()["error"]["details"]


def test_export_needs_a_token(api_client):
    assert api_client.get(reverse("export"), {"format": "csv"}).status_code == 401


def test_export_memory_is_streamed_in_chunks(auth_client, user, django_assert_max_num_queries):
    for _ in range(5):
        add_image(make_item(user))
    # Fixed cost whatever the size: auth, names, one chunk of items, one of images.
    response = auth_client.get(reverse("export"), {"format": "csv"})
    with django_assert_max_num_queries(6):
        rows = b"".join(response.streaming_content).decode().splitlines()
    assert len(rows) == 6


def test_csv_cells_cannot_smuggle_spreadsheet_formulas(auth_client, user):
    make_item(user, name='=HYPERLINK("http://evil.example","click")', description="-2+3")
    make_item(user, name="Plain", description="a - b")
    _, text = export(auth_client, "csv")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0]["name"] == '\'=HYPERLINK("http://evil.example","click")'
    assert rows[0]["description"] == "'-2+3"
    assert (rows[1]["name"], rows[1]["description"]) == ("Plain", "a - b")
