"""One exception handler: every error leaves the API in the contract's envelope."""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import set_rollback

from tracktory.api.envelope import error_body
from tracktory.api.error_codes import ErrorCode, code_for_status
from tracktory.api.errors import ApiError, ValidationFailed
from tracktory.request_context import current_request_id

logger = logging.getLogger("tracktory.api")


def field_details(detail) -> dict:
    """DRF's nested error detail as {field: [messages]}; non-field errors under "nonField"."""
    if isinstance(detail, dict):
        return {
            ("nonField" if key == "non_field_errors" else key): field_details(value)
            if isinstance(value, dict)
            else [str(item) for item in (value if isinstance(value, list) else [value])]
            for key, value in detail.items()
        }
    if isinstance(detail, list):
        return {"nonField": [str(item) for item in detail]}
    return {}


def message_for(exc: exceptions.APIException) -> str:
    if isinstance(exc, exceptions.ValidationError):
        return "Some fields are invalid."
    detail = exc.detail
    if isinstance(detail, (list, dict)):
        return str(exc.default_detail)
    return str(detail)


def auth_failure_message(exc: exceptions.APIException) -> str:
    """simplejwt nests its reason ("Token is expired") in a dict; the client gets just that."""
    detail = exc.detail
    if not isinstance(detail, dict):
        return str(detail)
    reasons = [item.get("message") for item in detail.get("messages", [])
               if isinstance(item, dict) and item.get("message")]
    return str(reasons[0] if reasons else detail.get("detail", exc.default_detail))


def envelope_exception_handler(exc, context):
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, RequestDataTooBig):
        # Django's own guard against huge bodies: bad input, not a server fault.
        exc = ValidationFailed(details={"body": [
            f"The request body is larger than {settings.DATA_UPLOAD_MAX_MEMORY_SIZE} bytes."]})
    elif isinstance(exc, SuspiciousOperation):
        exc = ValidationFailed("Bad request.")
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        )

    if isinstance(exc, ApiError):
        body = error_body(exc.code, exc.message, exc.details)
        response = Response(body, status=exc.status_code)
    elif isinstance(exc, exceptions.APIException):
        code = code_for_status(exc.status_code)
        details = field_details(exc.detail) if isinstance(exc.detail, (dict, list)) else {}
        message = message_for(exc)
        if isinstance(exc, exceptions.ParseError):
            code, details = ErrorCode.VALIDATION_ERROR.name, {"body": [str(exc.detail)]}
        if isinstance(exc, (exceptions.AuthenticationFailed, exceptions.NotAuthenticated)):
            message, details = auth_failure_message(exc), {}
        if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
            details = {"retryAfter": int(exc.wait)}
        response = Response(error_body(code, message, details), status=exc.status_code)
    else:
        # The traceback goes to the log under this request's id; the body names neither.
        logger.exception(
            "unhandled API error",
            extra={"view": type(context.get("view")).__name__,
                   "request_id": current_request_id.get()},
        )
        response = Response(
            error_body(ErrorCode.INTERNAL_ERROR.name, "Something went wrong on our side."),
            status=status.HTTP_500_INTERNAL_SERVER_ERROR,
        )

    if getattr(exc, "auth_header", None):
        response["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        response["Retry-After"] = str(int(exc.wait))
    set_rollback()
    return response
