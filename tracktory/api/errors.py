"""Tracktory's API errors: each class sends one code of the registry, with its status."""

from rest_framework import exceptions

from tracktory.api.error_codes import ErrorCode


class ApiError(exceptions.APIException):
    """Base for errors raised by services and views; the handler renders the envelope.

    A subclass names its `error_code`; `code` and `status_code` follow from the registry.
    """

    error_code = ErrorCode.VALIDATION_ERROR
    code = error_code.name
    status_code = error_code.status
    default_detail = "The request could not be processed."

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.code = cls.error_code.name
        cls.status_code = cls.error_code.status

    def __init__(self, message: str | None = None, details: dict | None = None):
        super().__init__(message or self.default_detail)
        self.message = message or str(self.default_detail)
        self.details = details or {}


class Unauthorized(ApiError):
    error_code = ErrorCode.UNAUTHORIZED
    default_detail = "Authentication failed."
    # Raised by views that take no Authorization header (sign-in, refresh), so DRF has no
    # authenticator to ask for the challenge; the handler copies this onto the response.
    auth_header = 'Bearer realm="api"'


class ValidationFailed(ApiError):
    error_code = ErrorCode.VALIDATION_ERROR
    default_detail = "Some fields are invalid."


class NotFound(ApiError):
    error_code = ErrorCode.NOT_FOUND
    default_detail = "Not found."


class Forbidden(ApiError):
    error_code = ErrorCode.FORBIDDEN
    default_detail = "You do not have permission to do this."


class Conflict(ApiError):
    error_code = ErrorCode.CONFLICT
    default_detail = "The resource was changed by someone else."


class PreconditionFailed(ApiError):
    """A write's If-Match names a version that is no longer current (409, as the contract)."""

    error_code = ErrorCode.PRECONDITION_FAILED
    default_detail = "The resource was changed since you loaded it."


class IdempotencyInProgress(ApiError):
    error_code = ErrorCode.IDEMPOTENCY_IN_PROGRESS
    default_detail = "A request with this Idempotency-Key is still in progress."


class IdempotencyKeyReused(ApiError):
    error_code = ErrorCode.IDEMPOTENCY_KEY_REUSED
    default_detail = "This Idempotency-Key was used for a different request."


class ServiceUnavailable(ApiError):
    error_code = ErrorCode.SERVICE_UNAVAILABLE
    default_detail = "A service the API depends on is unavailable; retry later."
