"""One error envelope for every failure: DRF's, Django's, ours and unexpected ones.

This module is also a URLconf: the real routes plus a few views that fail on purpose.
"""

import logging

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import Client
from django.urls import include, path, reverse
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from tracktory.api.errors import Conflict, Forbidden, NotFound, ValidationFailed
from tracktory.urls import handler400, handler404, handler500  # noqa: F401 (URLconf hooks)

BOOM = "secret detail of an internal failure"


class FailingApi(APIView):
    permission_classes = (AllowAny,)
    failures = {
        "unexpected": lambda: RuntimeError(BOOM),
        "http404": lambda: Http404("no such thing"),
        "permission": lambda: PermissionDenied(),
        "validation": lambda: ValidationFailed(details={"name": ["Too long."]}),
        "not-found": lambda: NotFound(),
        "forbidden": lambda: Forbidden(),
        "conflict": lambda: Conflict("Stale ETag."),
    }

    def get(self, request, kind):
        raise self.failures[kind]()

    def post(self, request, kind):
        return Response({"echo": request.data})


def failing_django_view(request):
    raise RuntimeError(BOOM)


urlpatterns = [
    path("api/test-failures/<str:kind>", FailingApi.as_view(), name="test-failure"),
    path("api/test-django-failure", failing_django_view, name="test-django-failure"),
    path("", include("tracktory.urls")),
]

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def failing_routes(settings):
    settings.ROOT_URLCONF = __name__


@pytest.fixture
def browserless():
    """A client that gets the 500 response instead of the exception, like a real caller."""
    return Client(raise_request_exception=False)


def assert_envelope(response, status, code):
    body = response.json()
    assert response.status_code == status, body
    assert body["success"] is False
    assert body["error"]["code"] == code
    assert set(body["error"]) == {"code", "message", "details"}
    assert body["meta"]["requestId"] == response["X-Request-ID"]
    assert body["meta"]["timestamp"].endswith("Z")
    return body["error"]


def test_success_goes_out_in_the_success_envelope(auth_client, user):
    response = auth_client.get(reverse("auth-user"))

    body = response.json()
    assert body["success"] is True
    assert body["data"]["id"] == str(user.id)
    assert body["meta"]["requestId"] == response["X-Request-ID"]


def test_a_missing_token_is_unauthorized(api_client):
    error = assert_envelope(api_client.get(reverse("auth-user")), 401, "UNAUTHORIZED")

    assert error["message"] == "Authentication credentials were not provided."


def test_an_invalid_token_says_why_without_internals(api_client):
    api_client.credentials(HTTP_AUTHORIZATION="Bearer x.y.z")

    error = assert_envelope(api_client.get(reverse("auth-user")), 401, "UNAUTHORIZED")

    assert error == {"code": "UNAUTHORIZED", "message": "Token is invalid", "details": {}}


def test_an_unknown_api_path_is_not_found(client):
    assert_envelope(client.get("/api/no/such/route"), 404, "NOT_FOUND")


def test_a_method_the_route_does_not_take_is_refused(api_client):
    assert_envelope(api_client.delete(reverse("auth-token")), 405, "METHOD_NOT_ALLOWED")


def test_malformed_json_is_a_validation_error_on_the_body(api_client):
    response = api_client.post(reverse("auth-token"), data='{"email": ',
                               content_type="application/json")

    error = assert_envelope(response, 400, "VALIDATION_ERROR")
    assert list(error["details"]) == ["body"]
    assert "JSON parse error" in error["details"]["body"][0]


def test_a_body_that_is_not_an_object_is_a_validation_error(api_client):
    response = api_client.post(reverse("auth-token"), data="[1, 2]",
                               content_type="application/json")

    error = assert_envelope(response, 400, "VALIDATION_ERROR")
    assert list(error["details"]) == ["nonField"]


def test_an_unsupported_content_type_is_refused(api_client):
    response = api_client.post(reverse("auth-token"), data="email=a", content_type="text/plain")

    assert_envelope(response, 415, "UNSUPPORTED_MEDIA_TYPE")


def test_an_oversized_body_is_a_validation_error_not_a_crash(browserless, settings):
    body = '{"email": "' + "a" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1) + '"}'

    response = browserless.post(reverse("auth-token"), data=body,
                                content_type="application/json")

    error = assert_envelope(response, 400, "VALIDATION_ERROR")
    assert list(error["details"]) == ["body"]


def test_a_request_for_a_host_we_do_not_serve_is_a_bad_request(browserless):
    response = browserless.get(reverse("auth-user"), HTTP_HOST="attacker.example")

    assert_envelope(response, 400, "VALIDATION_ERROR")


@pytest.mark.parametrize(
    ("kind", "status", "code"),
    [("http404", 404, "NOT_FOUND"), ("permission", 403, "FORBIDDEN"),
     ("validation", 400, "VALIDATION_ERROR"), ("not-found", 404, "NOT_FOUND"),
     ("forbidden", 403, "FORBIDDEN"), ("conflict", 409, "CONFLICT")],
)
def test_djangos_and_our_errors_map_to_the_contracts_codes(api_client, kind, status, code):
    response = api_client.get(reverse("test-failure", args=[kind]))

    error = assert_envelope(response, status, code)
    if kind == "validation":
        assert error["details"] == {"name": ["Too long."]}


def test_an_unexpected_error_is_logged_with_the_request_id_and_answered_plainly(
    browserless, caplog
):
    with caplog.at_level(logging.ERROR, logger="tracktory.api"):
        response = browserless.get(reverse("test-failure", args=["unexpected"]))

    error = assert_envelope(response, 500, "INTERNAL_ERROR")
    assert error == {"code": "INTERNAL_ERROR", "message": "Something went wrong on our side.",
                     "details": {}}
    text = response.content.decode()
    assert BOOM not in text and "Traceback" not in text and "RuntimeError" not in text
    [record] = [r for r in caplog.records if r.name == "tracktory.api"]
    assert record.request_id == response["X-Request-ID"]
    assert record.exc_info[0] is RuntimeError


def test_an_unexpected_error_outside_drf_is_enveloped_too(browserless):
    response = browserless.get(reverse("test-django-failure"))

    assert_envelope(response, 500, "INTERNAL_ERROR")
    assert BOOM not in response.content.decode()
