"""The auth endpoints: register, sign in, refresh with rotation, sign out, the profile."""

import time
from threading import Thread

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.urls import reverse
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken

from tests.conftest import PASSWORD
from tracktory.accounts import services
from tracktory.accounts.tokens import AccessToken, RefreshToken
from tracktory.api.errors import Unauthorized

pytestmark = pytest.mark.django_db
User = get_user_model()


def register(client, **fields):
    body = {"email": "new@example.com", "password": PASSWORD, "name": "New Person", **fields}
    return client.post(reverse("auth-register"), body, format="json")


def sign_in(client, email="ada@example.com", password=PASSWORD):
    return client.post(reverse("auth-token"), {"email": email, "password": password},
                       format="json")


def bearer(client, access):
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    return client


# --- register -------------------------------------------------------------------------

def test_register_creates_the_account_and_signs_in(api_client):
    response = register(api_client, email="New@Example.com")

    body = response.json()
    assert response.status_code == 201
    assert body["success"] is True
    user = User.objects.get(email="new@example.com")
    assert body["data"]["user"] == {
        "id": str(user.id), "email": "new@example.com", "name": "New Person",
        "avatarUrl": "", "preferences": {}, "createdAt": body["data"]["user"]["createdAt"],
    }
    assert user.check_password(PASSWORD)
    access = AccessToken(body["data"]["access"])
    assert access["sub"] == access["user_id"] == str(user.id)
    me = bearer(api_client, body["data"]["access"]).get(reverse("auth-user"))
    assert me.json()["data"]["email"] == "new@example.com"


def test_register_with_a_taken_email_is_a_validation_error(api_client, user):
    response = register(api_client, email="ADA@example.com")

    body = response.json()
    assert response.status_code == 400
    assert body["error"]["code"] == "VALIDATION_ERROR"
    assert list(body["error"]["details"]) == ["email"]
    assert User.objects.count() == 1


@pytest.mark.parametrize(
    ("password", "reason"),
    [("short", "too short"), ("password123", "too common"), ("83749201938475", "numeric"),
     ("new@example.com", "similar")],
    ids=["short", "common", "numeric", "like-the-email"],
)
def test_register_applies_djangos_password_validators(api_client, password, reason):
    response = register(api_client, password=password)

    details = response.json()["error"]["details"]
    assert response.status_code == 400
    assert reason in " ".join(details["password"])
    assert not User.objects.exists()


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({}, ["email", "name", "password"]),
        ({"email": "not-an-email", "password": PASSWORD, "name": "X"}, ["email"]),
        ({"email": "a@example.com", "password": PASSWORD, "name": "x" * 151}, ["name"]),
        ({"email": "a@example.com", "password": 12345, "name": ["x"]}, ["name"]),
        ({"email": "a@example.com", "password": "p" * 129, "name": "X"}, ["password"]),
    ],
    ids=["empty", "bad-email", "long-name", "wrong-types", "long-password"],
)
def test_register_rejects_bad_input_field_by_field(api_client, body, fields):
    response = api_client.post(reverse("auth-register"), body, format="json")

    error = response.json()["error"]
    assert response.status_code == 400
    assert error["code"] == "VALIDATION_ERROR"
    assert sorted(error["details"]) == fields
    assert not User.objects.exists()


# --- sign in --------------------------------------------------------------------------

def test_sign_in_returns_an_access_and_a_refresh_token(api_client, user):
    response = sign_in(api_client, email="ADA@example.com")

    data = response.json()["data"]
    assert response.status_code == 200
    assert data["user"]["id"] == str(user.id)
    access = AccessToken(data["access"])
    assert access["email"] == "ada@example.com"
    assert access["exp"] - access["iat"] == 15 * 60
    refresh = RefreshToken(data["refresh"])
    assert refresh["exp"] - refresh["iat"] == 7 * 24 * 3600
    assert refresh["sub"] == refresh["user_id"] == str(user.id)
    me = bearer(api_client, data["access"]).get(reverse("auth-user"))
    assert me.status_code == 200


@pytest.mark.parametrize(
    ("email", "password"),
    [("ada@example.com", "wrong password"), ("nobody@example.com", PASSWORD)],
    ids=["wrong-password", "unknown-email"],
)
def test_sign_in_with_bad_credentials_is_unauthorized_and_says_the_same(
    api_client, user, email, password
):
    response = sign_in(api_client, email=email, password=password)

    error = response.json()["error"]
    assert response.status_code == 401
    assert error == {"code": "UNAUTHORIZED", "message": "Email or password is incorrect.",
                     "details": {}}
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_an_inactive_user_cannot_sign_in(api_client, make_user):
    make_user("gone@example.com", is_active=False)

    assert sign_in(api_client, email="gone@example.com").status_code == 401


def test_a_stale_authorization_header_does_not_block_signing_in(api_client, user):
    api_client.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")

    assert sign_in(api_client).status_code == 200


# --- refresh and sign out ---------------------------------------------------------------

def test_refresh_rotates_and_the_old_refresh_token_is_dead(api_client, user):
    first = sign_in(api_client).json()["data"]

    response = api_client.post(reverse("auth-refresh"), {"refresh": first["refresh"]},
                               format="json")

    data = response.json()["data"]
    assert response.status_code == 200
    assert data["refresh"] != first["refresh"]
    assert AccessToken(data["access"])["sub"] == str(user.id)
    reused = api_client.post(reverse("auth-refresh"), {"refresh": first["refresh"]},
                             format="json")
    assert reused.status_code == 401
    assert reused.json()["error"]["code"] == "UNAUTHORIZED"
    again = api_client.post(reverse("auth-refresh"), {"refresh": data["refresh"]},
                            format="json")
    assert again.status_code == 200


def test_an_access_token_is_not_a_refresh_token(api_client, user):
    access = sign_in(api_client).json()["data"]["access"]

    response = api_client.post(reverse("auth-refresh"), {"refresh": access}, format="json")

    assert response.status_code == 401


def test_a_refresh_token_is_not_an_access_token(api_client, user):
    refresh = sign_in(api_client).json()["data"]["refresh"]

    response = bearer(api_client, refresh).get(reverse("auth-user"))

    assert response.status_code == 401


@pytest.mark.parametrize("change", ["deactivate", "delete"])
def test_refresh_for_a_user_who_is_no_longer_active_is_refused(api_client, user, change):
    refresh = sign_in(api_client).json()["data"]["refresh"]
    if change == "delete":
        user.delete()
    else:
        user.is_active = False
        user.save()

    response = api_client.post(reverse("auth-refresh"), {"refresh": refresh}, format="json")

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "UNAUTHORIZED"


def test_logout_blacklists_the_refresh_token(api_client, user):
    refresh = sign_in(api_client).json()["data"]["refresh"]

    response = api_client.post(reverse("auth-logout"), {"refresh": refresh}, format="json")

    assert response.status_code == 204
    assert BlacklistedToken.objects.count() == 1
    refused = api_client.post(reverse("auth-refresh"), {"refresh": refresh}, format="json")
    assert refused.status_code == 401
    # Signing out twice is harmless.
    assert api_client.post(reverse("auth-logout"), {"refresh": refresh},
                           format="json").status_code == 204


@pytest.mark.parametrize(
    ("body", "status"),
    [({}, 400), ({"refresh": "garbage"}, 401), ({"refresh": ["x"]}, 400)],
    ids=["missing", "garbage", "wrong-type"],
)
def test_refresh_and_logout_reject_bad_input(api_client, body, status):
    for name in ("auth-refresh", "auth-logout"):
        response = api_client.post(reverse(name), body, format="json")

        assert response.status_code == status
        assert response.json()["success"] is False
    assert not BlacklistedToken.objects.exists()


# --- the profile --------------------------------------------------------------------------

def test_get_user_returns_the_profile(auth_client, user):
    response = auth_client.get(reverse("auth-user"))

    data = response.json()["data"]
    assert response.status_code == 200
    assert (data["id"], data["email"], data["name"]) == (str(user.id), user.email, "Ada")


def test_patch_user_changes_only_the_fields_given(auth_client, user):
    response = auth_client.patch(
        reverse("auth-user"),
        {"avatarUrl": "https://img.example.com/ada.png", "preferences": {"currency": "EUR"}},
        format="json",
    )

    data = response.json()["data"]
    assert response.status_code == 200
    assert data["avatarUrl"] == "https://img.example.com/ada.png"
    assert data["preferences"] == {"currency": "EUR"}
    user.refresh_from_db()
    assert (user.name, user.preferences) == ("Ada", {"currency": "EUR"})


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"email": "new@example.com"}, "email"),
        ({"id": "00000000-0000-0000-0000-000000000000"}, "id"),
        ({"name": "x" * 151}, "name"),
        ({"avatarUrl": "javascript:alert(1)"}, "avatarUrl"),
        ({"preferences": ["not", "an", "object"]}, "preferences"),
        ({"preferences": {"big": "x" * 9000}}, "preferences"),
    ],
    ids=["email", "id", "long-name", "script-url", "list-preferences", "huge-preferences"],
)
def test_patch_user_rejects_bad_or_read_only_fields(auth_client, user, body, field):
    response = auth_client.patch(reverse("auth-user"), body, format="json")

    error = response.json()["error"]
    assert response.status_code == 400
    assert error["code"] == "VALIDATION_ERROR"
    assert list(error["details"]) == [field]
    user.refresh_from_db()
    assert (user.email, user.name, user.avatar_url, user.preferences) == (
        "ada@example.com", "Ada", "", {})


def wait_for_a_lock_wait(deadline_s: float = 20) -> None:
    """Returns once another session of this database is blocked waiting for a row lock."""
    deadline = time.monotonic() + deadline_s
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            # Inside a transaction the statistics views are a snapshot unless cleared.
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                           " AND datname = current_database()")
            if cursor.fetchone()[0]:
                return
            time.sleep(0.02)
    raise AssertionError("the other refresh never reached the blacklist write")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_of_two_refreshes_racing_with_one_token_only_one_succeeds(user):
    """The blacklist check at the write decides, not the read before it.

    This test plays the first refresh itself: it blacklists the token in a transaction it
    keeps open, lets the second refresh pass its read and block on the write, then commits.
    """
    refresh = services.token_pair_for(user=user)["refresh"]
    outcome = {}

    def second_refresh():
        try:
            outcome["tokens"] = services.token_refresh(refresh=refresh)
        except Unauthorized as exc:
            outcome["refused"] = exc.message
        finally:
            connection.close()

    with transaction.atomic():
        jti = RefreshToken(refresh, verify=False)["jti"]
        BlacklistedToken.objects.create(token=OutstandingToken.objects.get(jti=jti))
        other = Thread(target=second_refresh)
        other.start()
        wait_for_a_lock_wait()
    other.join(timeout=20)

    assert outcome == {"refused": "Token is blacklisted"}
    assert BlacklistedToken.objects.filter(token__jti=jti).count() == 1
