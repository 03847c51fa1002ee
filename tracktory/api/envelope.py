"""The contract's response envelope, for successes and errors alike."""

from datetime import UTC, datetime

from tracktory.request_context import current_request_id


def utc_timestamp() -> str:
    return datetime.now(tz=UTC).isoformat().replace("+00:00", "Z")


def success_body(data, *, pagination: dict | None = None) -> dict:
    meta = {"timestamp": utc_timestamp(), "requestId": current_request_id.get()}
    if pagination is not None:
        meta["pagination"] = pagination
    return {"success": True, "data": data, "meta": meta}


def error_body(code: str, message: str, details=None) -> dict:
    return {
        "success": False,
        "error": {"code": code, "message": message, "details": details or {}},
        "meta": {"timestamp": utc_timestamp(), "requestId": current_request_id.get()},
    }


def is_envelope(data) -> bool:
    return isinstance(data, dict) and isinstance(data.get("success"), bool) and "meta" in data
