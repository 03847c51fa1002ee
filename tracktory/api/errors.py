"""Tracktory's API errors: each has a stable code and HTTP status from the contract."""

from rest_framework import exceptions, status


class ApiError(exceptions.APIException):
    """Base for errors raised by services and views; the handler renders the envelope."""

    status_code = status.HTTP_400_BAD_REQUEST
    code = "VALIDATION_ERROR"
    default_detail = "The request could not be processed."

    def __init__(self, message: str | None = None, details: dict | None = None):
        super().__init__(message or self.default_detail)
        self.message = message or str(self.default_detail)
        self.details = details or {}


class Unauthorized(ApiError):
    status_code = status.HTTP_401_UNAUTHORIZED
    code = "UNAUTHORIZED"
    default_detail = "Authentication failed."
    # Raised by views that take no Authorization header (sign-in, refresh), so DRF has no
    # authenticator to ask for the challenge; the handler copies this onto the response.
    auth_header = 'Bearer realm="api"'


class ValidationFailed(ApiError):
    status_code = status.HTTP_400_BAD_REQUEST
    code = "VALIDATION_ERROR"
    default_detail = "Some fields are invalid."


class NotFound(ApiError):
    status_code = status.HTTP_404_NOT_FOUND
    code = "NOT_FOUND"
    default_detail = "Not found."


class Forbidden(ApiError):
    status_code = status.HTTP_403_FORBIDDEN
    code = "FORBIDDEN"
    default_detail = "You do not have permission to do this."


class Conflict(ApiError):
    status_code = status.HTTP_409_CONFLICT
    code = "CONFLICT"
    default_detail = "The resource was changed by someone else."


# DRF's own exceptions, mapped to the contract's codes.
CODE_BY_STATUS = {
    400: "VALIDATION_ERROR",
    401: "UNAUTHORIZED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    406: "NOT_ACCEPTABLE",
    409: "CONFLICT",
    412: "PRECONDITION_FAILED",
    413: "PAYLOAD_TOO_LARGE",
    415: "UNSUPPORTED_MEDIA_TYPE",
    429: "RATE_LIMITED",
    500: "INTERNAL_ERROR",
}
