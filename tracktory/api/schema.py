"""OpenAPI post-processing: document the responses as the envelope clients really receive.

drf-spectacular describes each view's `data`; this hook wraps every JSON success in
`{"success", "data", "meta"}` (with `meta.pagination` on cursor-paginated lists), adds
the error envelope for the error statuses each operation can answer. Importing this module
registers the bearer scheme for our JWT authentication class.
"""

from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme


class TracktoryJWTScheme(SimpleJWTScheme):
    target_class = "tracktory.accounts.authentication.JWTAuthentication"
    name = "jwtAuth"


ERROR_STATUSES = {
    "get": ("401", "404"),
    "post": ("400", "401", "404", "409"),
    "put": ("400", "401", "403", "404", "409"),
    "patch": ("400", "401", "404", "409"),
    "delete": ("401", "403", "404", "409"),
}
ERROR_DESCRIPTIONS = {
    "400": "VALIDATION_ERROR (details per field)", "401": "UNAUTHORIZED",
    "403": "FORBIDDEN", "404": "NOT_FOUND", "409": "CONFLICT",
}

COMPONENTS = {
    "Pagination": {
        "type": "object",
        "required": ["limit", "nextCursor", "hasMore"],
        "properties": {
            "limit": {"type": "integer"},
            "nextCursor": {"type": "string", "nullable": True},
            "hasMore": {"type": "boolean"},
        },
    },
    "Meta": {
        "type": "object",
        "required": ["timestamp"],
        "properties": {
            "timestamp": {"type": "string", "format": "date-time"},
            "requestId": {"type": "string", "nullable": True},
            "pagination": {"$ref": "#/components/schemas/Pagination"},
        },
    },
    "ErrorEnvelope": {
        "type": "object",
        "required": ["success", "error", "meta"],
        "properties": {
            "success": {"type": "boolean", "enum": [False]},
            "error": {
                "type": "object",
                "required": ["code", "message", "details"],
                "properties": {
                    "code": {"type": "string", "enum": [
                        "UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND", "VALIDATION_ERROR",
                        "CONFLICT", "RATE_LIMITED", "INTERNAL_ERROR"]},
                    "message": {"type": "string"},
                    "details": {"type": "object", "additionalProperties": True},
                },
            },
            "meta": {"$ref": "#/components/schemas/Meta"},
        },
    },
}


def _envelope(data_schema: dict, *, paginated: bool) -> dict:
    meta = {"$ref": "#/components/schemas/Meta"}
    if paginated:
        meta = {"allOf": [meta, {"type": "object", "required": ["pagination"]}]}
    return {
        "type": "object",
        "required": ["success", "data", "meta"],
        "properties": {"success": {"type": "boolean", "enum": [True]}, "data": data_schema,
                       "meta": meta},
    }


def _is_paginated(operation: dict) -> bool:
    return any(p.get("in") == "query" and p.get("name") == "cursor"
               for p in operation.get("parameters", []))


def _has_header_parameter(operation: dict, name: str) -> bool:
    return any(p.get("in") == "header" and p.get("name") == name
               for p in operation.get("parameters", []))


def _response_headers(path: str, method: str, operation: dict) -> dict:
    headers = {}
    if _has_header_parameter(operation, "Idempotency-Key"):
        headers["Idempotency-Replayed"] = {
            "description": "Present on a replayed answer to a retried Idempotency-Key.",
            "schema": {"type": "string", "enum": ["true"]},
        }
    if path.startswith("/api/items") and method in ("get", "post", "put", "patch") \
            and not path.endswith(("/history", "/images", "/sign", "/confirm", "/order")):
        headers["ETag"] = {"description": "Send it back as If-None-Match or If-Match.",
                           "schema": {"type": "string"}}
    return headers


def wrap_responses_in_envelope(result, generator, request, public):
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.update(COMPONENTS)
    for path, methods in result.get("paths", {}).items():
        if not path.startswith("/api/") or path.startswith("/api/schema"):
            continue
        for method, operation in methods.items():
            if method not in ERROR_STATUSES:
                continue
            responses = operation.setdefault("responses", {})
            for code, response in responses.items():
                content = response.get("content", {}).get("application/json")
                if code.startswith("2") and content is not None:
                    content["schema"] = _envelope(content.get("schema", {}),
                                                  paginated=_is_paginated(operation))
                if code.startswith("2"):
                    headers = _response_headers(path, method, operation)
                    if headers:
                        response.setdefault("headers", {}).update(headers)
            for code in ERROR_STATUSES[method]:
                responses.setdefault(code, {
                    "description": ERROR_DESCRIPTIONS[code],
                    "content": {"application/json": {
                        "schema": {"$ref": "#/components/schemas/ErrorEnvelope"}}},
                })
    return result
