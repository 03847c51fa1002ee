"""OpenAPI post-processing: document the responses as the envelope clients really receive.

drf-spectacular describes each view's `data`; this hook wraps every JSON success in
`{"success", "data", "meta"}` (with `meta.pagination` on cursor-paginated lists), adds
the error envelope for the error statuses each operation can answer, naming the codes each
can carry (all codes, with their status and meaning, are the `ErrorCode` component, built
from the registry). Importing this module registers the bearer scheme for our JWT
authentication class.
"""

from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme

from tracktory.api.error_codes import ErrorCode, codes_with_status


class TracktoryJWTScheme(SimpleJWTScheme):
    target_class = "tracktory.accounts.authentication.JWTAuthentication"
    name = "jwtAuth"


# Every API call is rate limited, hence 429 everywhere.
ERROR_STATUSES = {
    "get": (401, 404, 429),
    "post": (400, 401, 404, 409, 429),
    "put": (400, 401, 403, 404, 409, 429),
    "patch": (400, 401, 404, 409, 429),
    "delete": (401, 403, 404, 409, 429),
}
# Codes only an operation taking this request header can answer.
CODES_NEEDING_HEADER = {
    ErrorCode.PRECONDITION_FAILED: "If-Match",
    ErrorCode.IDEMPOTENCY_IN_PROGRESS: "Idempotency-Key",
    ErrorCode.IDEMPOTENCY_KEY_REUSED: "Idempotency-Key",
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
                    "code": {"$ref": "#/components/schemas/ErrorCode"},
                    "message": {"type": "string"},
                    "details": {"type": "object", "additionalProperties": True},
                },
            },
            "meta": {"$ref": "#/components/schemas/Meta"},
        },
    },
}


ERROR_CODE_COMPONENT = {
    "type": "string",
    "enum": [code.name for code in ErrorCode],
    "description": "What went wrong, for programs to branch on (the message is for people):\n\n"
    + "\n".join(f"- `{code.name}` ({code.status}): {code.meaning}" for code in ErrorCode),
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


def _error_codes(operation: dict, status: int) -> list[ErrorCode]:
    return [ErrorCode[name] for name in codes_with_status(status)
            if ErrorCode[name] not in CODES_NEEDING_HEADER
            or _has_header_parameter(operation, CODES_NEEDING_HEADER[ErrorCode[name]])]


def _error_response(codes: list[ErrorCode]) -> dict:
    return {
        "description": "\n".join(f"- `{code.name}`: {code.meaning}" for code in codes),
        "content": {"application/json": {"schema": {"allOf": [
            {"$ref": "#/components/schemas/ErrorEnvelope"},
            {"type": "object", "properties": {"error": {"type": "object", "properties": {
                "code": {"type": "string", "enum": [code.name for code in codes]}}}}},
        ]}}},
    }


def wrap_responses_in_envelope(result, generator, request, public):
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.update(COMPONENTS)
    schemas["ErrorCode"] = ERROR_CODE_COMPONENT
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
            for status in ERROR_STATUSES[method]:
                responses.setdefault(str(status), _error_response(_error_codes(operation, status)))
    return result
