"""No secret (SECRET_KEY, JWT_SECRET) ever leaves the server: not in any route's answer,
headers included, not in an error page, not in a template or static file."""

import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
SAMPLE = {"uuid": str(uuid.uuid4()), "int": "1", "path": "x", "slug": "x", "str": "x"}


def secrets() -> dict[str, str]:
    return {"SECRET_KEY": settings.SECRET_KEY, "JWT_SECRET": settings.SIMPLE_JWT["SIGNING_KEY"]}


def every_route(resolver: URLResolver = None, prefix: str = "") -> list[str]:
    """One concrete URL per route in the URLconf, with sample values for its parameters."""
    urls = []
    for entry in (resolver or get_resolver()).url_patterns:
        pattern = str(entry.pattern)
        for name, converter in entry.pattern.converters.items():
            kind = type(converter).__name__.removesuffix("Converter").lower()
            pattern = pattern.replace(f"<{kind}:{name}>", SAMPLE.get(kind, "x"))
            pattern = pattern.replace(f"<{name}>", "x")
        pattern = pattern.lstrip("^").rstrip("$").replace("\\Z", "")
        if isinstance(entry, URLResolver):
            urls += every_route(entry, prefix + pattern)
        elif isinstance(entry, URLPattern) and "(" not in pattern and "\\" not in pattern:
            urls.append("/" + prefix + pattern)
    return sorted(set(urls))


def assert_no_secret(response, where: str) -> None:
    text = response.content.decode("utf-8", "replace") if not response.streaming else "".join(
        part.decode("utf-8", "replace") for part in response.streaming_content)
    headers = "\n".join(f"{k}: {v}" for k, v in response.items())
    for name, value in secrets().items():
        assert value not in text, f"{name} in the body of {where}"
        assert value not in headers, f"{name} in the headers of {where}"


def test_the_walk_covers_the_auth_and_the_pages():
    routes = every_route()

    assert {reverse("auth-token"), reverse("auth-user"), "/health/ready", "/admin/"} <= set(routes)


def test_no_route_answers_with_a_secret(user, django_user_model, unhashed_static, mint_tokens):
    anonymous = Client(raise_request_exception=False)
    signed_in = Client(raise_request_exception=False,
                       HTTP_AUTHORIZATION=f"Bearer {mint_tokens(user)['access']}")
    staff = Client(raise_request_exception=False)
    staff.force_login(django_user_model.objects.create_superuser("root@example.com", "pw"))
    statuses = set()
    for url in every_route():
        for client, methods in ((anonymous, ("get", "post", "options")),
                                (signed_in, ("get", "post", "options")), (staff, ("get",))):
            for method in methods:
                response = getattr(client, method)(url)
                assert_no_secret(response, f"{method.upper()} {url}")
                statuses.add(response.status_code)
    # The walk reached real pages and real errors, not only redirects.
    assert {200, 400, 401, 404} <= statuses


def test_sign_in_and_its_errors_carry_no_secret(api_client, user):
    answers = [
        api_client.post(reverse("auth-token"), {"email": user.email, "password": PASSWORD},
                        format="json"),
        api_client.post(reverse("auth-token"), {"email": user.email, "password": "no"},
                        format="json"),
        api_client.post(reverse("auth-refresh"), {"refresh": "forged"}, format="json"),
    ]

    for response in answers:
        assert_no_secret(response, response.wsgi_request.path)


def test_even_djangos_debug_error_page_hides_the_secrets(settings):
    # DEBUG must never be on in production, but if it is, the settings dump stays masked.
    settings.DEBUG = True
    settings.ROOT_URLCONF = "tests.tracktory.test_errors"
    client = Client(raise_request_exception=False)

    response = client.get(reverse("test-django-failure"), HTTP_ACCEPT="text/html")

    assert response.status_code == 500
    assert "Traceback" in response.content.decode()  # it really is the debug page
    assert_no_secret(response, "the debug 500 page")


def test_no_template_or_static_file_holds_a_secret():
    files = [p for folder in ("templates", "static") for p in (ROOT / folder).rglob("*")
             if p.is_file()]

    assert files
    for path in files:
        content = path.read_bytes()
        for name, value in secrets().items():
            assert value.encode() not in content, f"{name} in {path.relative_to(ROOT)}"
