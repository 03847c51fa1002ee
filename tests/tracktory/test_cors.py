"""CORS per the contract: listed origins only, the contract's methods and headers, the
headers a client must read exposed, and never credentials."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
APP = "https://tracktory.tonyneuhold.com"
DEV = "http://localhost:3000"
STRANGER = "https://evil.example.com"


def preflight(client, url, origin, method="POST", headers="authorization,content-type"):
    return client.options(url, HTTP_ORIGIN=origin, HTTP_ACCESS_CONTROL_REQUEST_METHOD=method,
                          HTTP_ACCESS_CONTROL_REQUEST_HEADERS=headers)


def listed(header_value: str) -> set[str]:
    return {part.strip().lower() for part in header_value.split(",")}


@pytest.mark.parametrize("origin", [APP, DEV], ids=["production", "localhost-3000"])
def test_a_preflight_from_an_allowed_origin_is_answered(api_client, origin):
    response = preflight(api_client, reverse("auth-user"), origin, method="PATCH",
                         headers="authorization,content-type,idempotency-key,if-match")

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == origin
    assert listed(response["Access-Control-Allow-Methods"]) == {
        "get", "post", "put", "patch", "delete", "options"}
    assert listed(response["Access-Control-Allow-Headers"]) == {
        "authorization", "content-type", "idempotency-key", "if-match", "if-none-match"}
    assert "Access-Control-Allow-Credentials" not in response


def test_a_preflight_from_another_origin_gets_no_allow_origin(api_client):
    response = preflight(api_client, reverse("auth-token"), STRANGER)

    assert "Access-Control-Allow-Origin" not in response
    assert "Access-Control-Allow-Credentials" not in response


def test_a_request_from_an_allowed_origin_can_read_the_contract_headers(auth_client):
    response = auth_client.get(reverse("auth-user"), HTTP_ORIGIN=APP)

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == APP
    assert listed(response["Access-Control-Expose-Headers"]) >= {
        "etag", "idempotency-replayed", "x-ratelimit-limit", "x-ratelimit-remaining",
        "x-ratelimit-reset"}
    assert "Access-Control-Allow-Credentials" not in response
    assert "origin" in listed(response["Vary"])


def test_errors_reach_allowed_origins_too(api_client):
    # A browser app can only show "sign in again" if it may read the 401.
    response = api_client.get(reverse("auth-user"), HTTP_ORIGIN=DEV)

    assert response.status_code == 401
    assert response["Access-Control-Allow-Origin"] == DEV


@pytest.mark.parametrize("origin", [STRANGER, "null", "https://tracktory.tonyneuhold.com.evil.io",
                                    "http://tracktory.tonyneuhold.com"],
                         ids=["other-site", "null", "suffix-trick", "http-downgrade"])
def test_a_request_from_another_origin_gets_no_allow_origin(auth_client, origin):
    response = auth_client.get(reverse("auth-user"), HTTP_ORIGIN=origin)

    assert "Access-Control-Allow-Origin" not in response


def test_pages_outside_the_api_are_not_shared(client):
    response = client.get(reverse("health-ready"), HTTP_ORIGIN=APP)

    assert "Access-Control-Allow-Origin" not in response


def test_origins_come_from_the_environment(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(TRACKTORY_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="tracktory.settings",
               CORS_ALLOWED_ORIGINS="https://inventory.example.org, http://localhost:5173")
    script = "from django.conf import settings; print(settings.CORS_ALLOWED_ORIGINS)"

    result = subprocess.run([sys.executable, "-c", "import django; django.setup(); " + script],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['https://inventory.example.org', 'http://localhost:5173']"


def test_a_configured_origin_is_allowed_and_the_defaults_no_longer_are(auth_client, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://inventory.example.org"]

    allowed = auth_client.get(reverse("auth-user"), HTTP_ORIGIN="https://inventory.example.org")
    default = auth_client.get(reverse("auth-user"), HTTP_ORIGIN=APP)

    assert allowed["Access-Control-Allow-Origin"] == "https://inventory.example.org"
    assert "Access-Control-Allow-Origin" not in default
