"""The error-code registry: every code the API can send is declared once and documented."""

import pytest
from django.urls import reverse
from openapi_schema_validator import OAS30Validator

from tests.inventory.factories import make_item
from tracktory.api import errors
from tracktory.api.error_codes import CODE_BY_STATUS, ErrorCode, code_for_status


@pytest.fixture
def schema(api_client, db):
    response = api_client.get(reverse("schema"))
    assert response.status_code == 200
    return response.json()


def api_error_classes(cls=errors.ApiError):
    for subclass in cls.__subclasses__():
        yield subclass
        yield from api_error_classes(subclass)


def test_every_code_the_server_can_send_is_in_the_schema(schema):
    documented = set(schema["components"]["schemas"]["ErrorCode"]["enum"])
    sendable = {code.name for code in ErrorCode}
    sendable |= {cls.code for cls in [errors.ApiError, *api_error_classes()]}
    sendable |= set(CODE_BY_STATUS.values())

    assert sendable <= documented
    for code in ErrorCode:
        assert f"`{code.name}` ({code.status})" in (
            schema["components"]["schemas"]["ErrorCode"]["description"])


def test_the_envelope_code_is_the_registry(schema):
    error = schema["components"]["schemas"]["ErrorEnvelope"]["properties"]["error"]
    assert error["properties"]["code"] == {"$ref": "#/components/schemas/ErrorCode"}
    assert schema["components"]["schemas"]["ErrorCode"]["enum"] == [c.name for c in ErrorCode]


@pytest.mark.parametrize("cls", [errors.ApiError, *api_error_classes()])
def test_each_error_class_sends_its_registered_status(cls):
    assert cls.status_code == ErrorCode[cls.code].status


def test_the_agreed_codes_and_statuses():
    assert {code.name: code.status for code in ErrorCode} == {
        "VALIDATION_ERROR": 400, "UNAUTHORIZED": 401, "FORBIDDEN": 403, "NOT_FOUND": 404,
        "METHOD_NOT_ALLOWED": 405, "NOT_ACCEPTABLE": 406, "CONFLICT": 409,
        "PRECONDITION_FAILED": 409, "IDEMPOTENCY_IN_PROGRESS": 409,
        "IDEMPOTENCY_KEY_REUSED": 409, "PAYLOAD_TOO_LARGE": 413,
        "UNSUPPORTED_MEDIA_TYPE": 415, "RATE_LIMITED": 429, "INTERNAL_ERROR": 500,
        "SERVICE_UNAVAILABLE": 503,
    }


def test_a_bare_status_maps_to_the_first_code_declared_for_it():
    assert code_for_status(409) == "CONFLICT"
    assert code_for_status(429) == "RATE_LIMITED"
    # A status nobody declared still leaves with a registered code.
    assert code_for_status(418) == "VALIDATION_ERROR"
    assert code_for_status(502) == "INTERNAL_ERROR"


def operation_codes(schema, path, method, status):
    response = schema["paths"][path][method]["responses"][str(status)]
    narrowed = response["content"]["application/json"]["schema"]["allOf"][1]
    return narrowed["properties"]["error"]["properties"]["code"]["enum"]


def test_each_operation_names_the_codes_it_can_send(schema):
    assert operation_codes(schema, "/api/items/{item_id}", "patch", 409) == [
        "CONFLICT", "PRECONDITION_FAILED", "IDEMPOTENCY_IN_PROGRESS", "IDEMPOTENCY_KEY_REUSED"]
    assert operation_codes(schema, "/api/items/{item_id}", "delete", 409) == [
        "CONFLICT", "PRECONDITION_FAILED"]
    assert operation_codes(schema, "/api/locations", "post", 409) == [
        "CONFLICT", "IDEMPOTENCY_IN_PROGRESS", "IDEMPOTENCY_KEY_REUSED"]
    assert operation_codes(schema, "/api/items", "get", 429) == ["RATE_LIMITED"]
    assert operation_codes(schema, "/api/items", "post", 400) == ["VALIDATION_ERROR"]


def test_a_real_stale_write_matches_its_documented_error(schema, auth_client, user):
    item = make_item(user, name="Original")
    url = reverse("item-detail", kwargs={"item_id": item.id})
    stale = auth_client.get(url)["ETag"]
    auth_client.patch(url, {"name": "Elsewhere"}, format="json")
    body = auth_client.patch(url, {"name": "Mine"}, format="json", HTTP_IF_MATCH=stale).json()

    documented = schema["paths"]["/api/items/{item_id}"]["patch"]["responses"]["409"]
    subschema = documented["content"]["application/json"]["schema"]
    OAS30Validator({**subschema, "components": schema["components"]}).validate(body)
    assert body["error"]["code"] == "PRECONDITION_FAILED"
