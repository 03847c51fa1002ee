"""/api/schema is valid OpenAPI 3 and describes the responses the API really sends."""

import re

import pytest
from django.urls import reverse
from openapi_spec_validator import validate

from tests.inventory.factories import add_image, make_item, make_location
from tests.kit.openapi import assert_matches, response_schema


def test_the_schema_is_valid_openapi_3(schema):
    assert schema["openapi"].startswith("3.")
    validate(schema)


def test_conditional_and_retry_headers_are_documented(schema):
    create = schema["paths"]["/api/items"]["post"]["responses"]["201"]["headers"]
    assert {"ETag", "Idempotency-Replayed"} <= set(create)
    assert "ETag" in schema["paths"]["/api/items/{item_id}"]["get"]["responses"]["200"]["headers"]
    params = {p["name"] for p in schema["paths"]["/api/items/{item_id}"]["patch"]["parameters"]}
    assert {"If-Match", "Idempotency-Key"} <= params


def test_the_schema_is_public(api_client, db):
    assert api_client.get(reverse("schema")).status_code == 200


def test_fields_are_camel_case(schema):
    item = schema["components"]["schemas"]["ItemOut"]["properties"]
    assert {"userId", "categoryId", "locationId", "purchasePrice", "purchaseDate",
            "createdAt", "updatedAt", "images"} <= set(item)
    for name in schema["components"]["schemas"]:
        for field in schema["components"]["schemas"][name].get("properties", {}):
            assert "_" not in field, f"{name}.{field} is not camelCase"


def test_a_real_item_list_matches_its_schema(schema, auth_client, user):
    item = make_item(user, name="Drill", purchase_price="9.99", condition="good",
                     location_id=make_location(user).id)
    add_image(item)
    make_item(user)
    body = auth_client.get(reverse("item-list"), {"limit": 1}).json()

    assert body["meta"]["pagination"]["hasMore"] is True
    assert_matches(schema, response_schema(schema, "/api/items", "get", 200), body)


def test_a_real_created_item_matches_its_schema(schema, auth_client):
    body = auth_client.post(reverse("item-list"), {"name": "Saw"}, format="json").json()
    assert_matches(schema, response_schema(schema, "/api/items", "post", 201), body)


@pytest.mark.parametrize(
    ("path", "url_name"),
    [("/api/categories", "category-list"), ("/api/locations", "location-list")],
)
def test_real_lists_match_their_schema(schema, auth_client, user, path, url_name):
    make_location(user)
    body = auth_client.get(reverse(url_name)).json()
    assert_matches(schema, response_schema(schema, path, "get", 200), body)


def test_a_real_history_matches_its_schema(schema, auth_client, user):
    item = make_item(user)
    body = auth_client.get(reverse("item-history", kwargs={"item_id": item.id})).json()
    assert_matches(schema, response_schema(schema, "/api/items/{item_id}/history", "get", 200),
                   body)


def test_a_real_error_matches_the_error_envelope(schema, auth_client):
    body = auth_client.post(reverse("item-list"), {}, format="json").json()
    assert_matches(schema, response_schema(schema, "/api/items", "post", 400), body)


def test_a_wrong_body_does_not_match(schema):
    """The check above can fail: a bare item without the envelope is refused."""
    from jsonschema.exceptions import ValidationError

    with pytest.raises(ValidationError):
        assert_matches(schema, response_schema(schema, "/api/items", "post", 201),
                       {"id": "x", "name": "Saw"})


def test_the_docs_page_uses_only_self_hosted_assets(api_client, db, collected_static):
    response = api_client.get(reverse("api-docs"))
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources, html
    assert all(not s.startswith(("http://", "https://", "//")) for s in sources), sources
    assert any("swagger-ui" in s for s in sources)
    for source in sources:
        if source.startswith("/static/"):
            assert (collected_static / source.removeprefix("/static/")).exists(), source
        else:  # the page's own init script, served apart so the CSP needs no inline script
            script = api_client.get(source)
            assert script.status_code == 200
            assert "SwaggerUIBundle" in script.content.decode()
