"""GET /api/search/suggestions and GET /api/search/filters."""

import pytest
from django.urls import reverse

from inventory.default_categories import DEFAULT_CATEGORIES
from tests.inventory.factories import make_category, make_item, make_location

TOOLS = DEFAULT_CATEGORIES[8][0]


def suggestions(client, q=None, **params):
    if q is not None:
        params["q"] = q
    return client.get(reverse("api-search-suggestions"), params)


def suggested(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [entry["name"] for entry in response.json()["data"]]


# ---- suggestions -------------------------------------------------------------------------

def test_names_that_match_with_word_starts_first(auth_client, user):
    for name in ["Cordless Drill", "Drill Bit Set", "Hydrill Pump", "Bread Knife"]:
        make_item(user, name=name)
    make_item(user, name="Toolbox", description="drill inside")  # names only
    assert suggested(suggestions(auth_client, "dri")) == [
        "Drill Bit Set", "Cordless Drill", "Hydrill Pump",
    ]


def test_each_name_once(auth_client, user):
    make_item(user, name="Cordless Drill")
    make_item(user, name="cordless drill")
    assert len(suggested(suggestions(auth_client, "cordless"))) == 1


def test_suggestions_are_highlighted_and_escaped(auth_client, user):
    make_item(user, name="<b>Drill</b> & Bits")
    assert suggestions(auth_client, "drill").json()["data"] == [
        {"name": "<b>Drill</b> & Bits", "highlight": "&lt;b&gt;<em>Drill</em>&lt;/b&gt; &amp; Bits"}
    ]


def test_limit_caps_the_list(auth_client, user):
    for n in range(12):
        make_item(user, name=f"Drill {n:02}")
    assert len(suggested(suggestions(auth_client, "drill"))) == 8
    assert len(suggested(suggestions(auth_client, "drill", limit=3))) == 3


@pytest.mark.parametrize("limit", ["0", "21", "x"], ids=["zero", "too-many", "word"])
def test_a_bad_limit_is_a_400(auth_client, limit):
    response = suggestions(auth_client, "drill", limit=limit)
    assert response.status_code == 400
    assert "limit" in response.json()["error"]["details"]


@pytest.mark.parametrize("q", [None, "d", "'", "&|!:*()", "x" * 10_000],
                         ids=["missing", "one-char", "quote", "operators", "10k"])
def test_short_or_hostile_text_gives_an_empty_list(auth_client, user, q):
    make_item(user, name="Drill")
    response = suggestions(auth_client, q)
    assert response.status_code == 200
    assert response.json()["data"] == []


def test_suggestions_are_per_user(auth_client, other_user):
    make_item(other_user, name="Drill")
    assert suggested(suggestions(auth_client, "drill")) == []


def test_suggestions_answer_304_to_their_etag(auth_client, user):
    make_item(user, name="Drill")
    etag = suggestions(auth_client, "drill")["ETag"]
    again = auth_client.get(reverse("api-search-suggestions"), {"q": "drill"},
                            HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304


# ---- filters -----------------------------------------------------------------------------

def filters(client):
    response = client.get(reverse("api-search-filters"))
    assert response.status_code == 200, response.content
    return response.json()["data"]


def test_filters_list_default_and_own_categories_with_counts(auth_client, user, other_user):
    hobby = make_category(user, name="Hobby")
    make_category(other_user, name="Secret")
    make_item(user, name="Drill", category_id=TOOLS)
    make_item(user, name="Saw", category_id=TOOLS)
    make_item(user, name="Paints", category_id=hobby.id)
    make_item(user, name="Loose")
    make_item(other_user, name="Their drill", category_id=TOOLS)

    data = filters(auth_client)
    counts = {c["name"]: c["itemCount"] for c in data["categories"]}
    assert len(data["categories"]) == 11
    assert "Secret" not in counts
    assert counts["Tools"] == 2
    assert counts["Hobby"] == 1
    assert counts["Books"] == 0
    tools = next(c for c in data["categories"] if c["name"] == "Tools")
    assert tools == {"id": str(TOOLS), "name": "Tools", "icon": "wrench", "parentId": None,
                     "isDefault": True, "itemCount": 2}
    assert data["uncategorizedCount"] == 1
    assert data["totalItems"] == 4


def test_filters_list_own_locations_with_counts(auth_client, user, other_user):
    garage = make_location(user, name="Garage")
    shelf = make_location(user, name="Shelf", parent_id=garage.id)
    make_location(other_user, name="Their attic")
    make_item(user, name="Drill", location_id=shelf.id)
    make_item(user, name="Saw", location_id=shelf.id)
    make_item(user, name="Car", location_id=garage.id)

    data = filters(auth_client)
    assert data["locations"] == [
        {"id": str(garage.id), "name": "Garage", "parentId": None, "itemCount": 1},
        {"id": str(shelf.id), "name": "Shelf", "parentId": str(garage.id), "itemCount": 2},
    ]
    assert data["unlocatedCount"] == 0


def test_filters_count_statuses_and_conditions(auth_client, user):
    make_item(user, name="A", status="sold", condition="good")
    make_item(user, name="B", condition="good")
    make_item(user, name="C")
    data = filters(auth_client)
    assert {s["value"]: s["itemCount"] for s in data["statuses"]} == {
        "active": 2, "sold": 1, "lost": 0, "donated": 0}
    assert {c["value"]: c["itemCount"] for c in data["conditions"]} == {
        "excellent": 0, "good": 2, "fair": 0, "poor": 0, None: 1}


def test_filters_follow_writes(auth_client, user):
    assert filters(auth_client)["totalItems"] == 0
    make_item(user, name="Drill", category_id=TOOLS)
    data = filters(auth_client)
    assert data["totalItems"] == 1
    assert next(c for c in data["categories"] if c["name"] == "Tools")["itemCount"] == 1


def test_filters_need_a_token(api_client):
    assert api_client.get(reverse("api-search-filters")).status_code == 401
