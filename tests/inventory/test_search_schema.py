"""The search endpoints' real answers match what /api/schema says about them."""

import pytest
from django.urls import reverse

from inventory.default_categories import DEFAULT_CATEGORIES
from tests.inventory.factories import add_image, make_item, make_location
from tests.kit.openapi import assert_response_matches


def test_a_search_page_matches_its_schema(schema, auth_client, user):
    garage = make_location(user, name="Garage")
    drill = make_item(user, name="Drill", purchase_price="9.99", condition="good",
                      location_id=garage.id, category_id=DEFAULT_CATEGORIES[8][0])
    add_image(drill)
    make_item(user, name="Drill press")
    body = auth_client.get(reverse("api-search"), {"q": "drill", "limit": 1}).json()
    assert body["meta"]["pagination"]["hasMore"] is True
    assert_response_matches(schema, "/api/search", body)


def test_suggestions_match_their_schema(schema, auth_client, user):
    make_item(user, name="Drill")
    body = auth_client.get(reverse("api-search-suggestions"), {"q": "dri"}).json()
    assert body["data"]
    assert_response_matches(schema, "/api/search/suggestions", body)


def test_filters_match_their_schema(schema, auth_client, user):
    garage = make_location(user, name="Garage")
    make_location(user, name="Shelf", parent_id=garage.id)
    make_item(user, name="Drill", location_id=garage.id)
    body = auth_client.get(reverse("api-search-filters")).json()
    assert_response_matches(schema, "/api/search/filters", body)


def test_a_wrong_shape_would_fail(schema, auth_client, user):
    make_item(user, name="Drill")
    body = auth_client.get(reverse("api-search"), {"q": "drill"}).json()
    body["data"][0]["highlights"] = "Drill"
    with pytest.raises(Exception, match="is not of type 'object'"):
        assert_response_matches(schema, "/api/search", body)
