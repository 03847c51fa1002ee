"""Every error code the API sends, each declared once with its HTTP status and meaning.

Clients branch on `error.code`, never on the English message, so a code is a promise: once
sent it keeps its name and status. Exception classes, the exception handler and the OpenAPI
schema all read this table; the schema test fails on a code sent but not declared here.
"""

from enum import Enum


class ErrorCode(Enum):
    # Where several codes share a status, the first one declared is what a bare exception
    # of that status (one of DRF's own) is sent as.
    VALIDATION_ERROR = (400, "The request is malformed or a field is invalid; `details` "
                             "names each field.")
    UNAUTHORIZED = (401, "No valid access token, or the credentials are wrong.")
    FORBIDDEN = (403, "Signed in, but not allowed to do this.")
    NOT_FOUND = (404, "No such resource (or it belongs to someone else).")
    METHOD_NOT_ALLOWED = (405, "The route does not take this HTTP method.")
    NOT_ACCEPTABLE = (406, "The Accept header asks for a format the API cannot send.")
    CONFLICT = (409, "The request conflicts with the resource's current state.")
    PRECONDITION_FAILED = (409, "If-Match names a version that is no longer current; reload "
                                "and reapply the change.")
    IDEMPOTENCY_IN_PROGRESS = (409, "A request with this Idempotency-Key is still being "
                                    "processed; retry the same request a little later.")
    IDEMPOTENCY_KEY_REUSED = (409, "This Idempotency-Key was used with another body or "
                                   "route; send a new key.")
    PAYLOAD_TOO_LARGE = (413, "The request body or file is larger than allowed.")
    UNSUPPORTED_MEDIA_TYPE = (415, "The body's Content-Type is not accepted here.")
    RATE_LIMITED = (429, "Too many requests; wait `Retry-After` seconds.")
    INTERNAL_ERROR = (500, "An unexpected fault on the server; the request id finds it in "
                           "the logs.")
    SERVICE_UNAVAILABLE = (503, "A service the API depends on is unavailable; retry later.")

    def __init__(self, status: int, meaning: str):
        self.status = status
        self.meaning = meaning


CODE_BY_STATUS: dict[int, str] = {}
for _code in ErrorCode:
    CODE_BY_STATUS.setdefault(_code.status, _code.name)


def code_for_status(status: int) -> str:
    """The code for an exception that carries only a status (DRF's own, a third party's)."""
    fallback = ErrorCode.INTERNAL_ERROR if status >= 500 else ErrorCode.VALIDATION_ERROR
    return CODE_BY_STATUS.get(status, fallback.name)


def codes_with_status(status: int) -> list[str]:
    return [code.name for code in ErrorCode if code.status == status]
