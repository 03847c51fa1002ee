"""Checking real response bodies against what /api/schema says about them."""

from openapi_schema_validator import OAS30Validator


def response_schema(schema: dict, path: str, method: str = "get", status: int = 200) -> dict:
    content = schema["paths"][path][method]["responses"][str(status)]["content"]
    return content["application/json"]["schema"]


def assert_matches(schema: dict, subschema: dict, body) -> None:
    """Raise unless `body` fits `subschema` (refs resolve against the whole schema)."""
    OAS30Validator({**subschema, "components": schema["components"]}).validate(body)


def assert_response_matches(schema: dict, path: str, body, *, method: str = "get",
                            status: int = 200) -> None:
    assert_matches(schema, response_schema(schema, path, method, status), body)
