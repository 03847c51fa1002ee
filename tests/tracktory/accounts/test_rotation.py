"""Rotating JWT_SECRET with overlap (JWT_SECRET_PREVIOUS) and SECRET_KEY with Django's
SECRET_KEY_FALLBACKS: nobody is signed out, everything new uses the new secret."""

import secrets

import jwt
import pytest
from django.urls import reverse

from tests.tracktory.accounts.conftest import AUDIENCE, ISSUER, claims_for
from tracktory.accounts import services
from tracktory.env import load_config

pytestmark = pytest.mark.django_db
OLD, NEW = "old-secret-" + "o" * 32, "new-secret-" + "n" * 32


def get_me(api_client, token: str):
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return api_client.get(reverse("auth-user"))


def refresh(api_client, token: str):
    return api_client.post(reverse("auth-refresh"), {"refresh": token}, format="json")


@pytest.fixture
def rotated(configure):
    """Tokens minted under OLD, then JWT_SECRET=NEW with OLD in JWT_SECRET_PREVIOUS."""

    def rotate(user, *, keep_previous: bool = True) -> dict:
        configure(jwt_secret=OLD, jwt_secret_previous=())
        tokens = services.token_pair_for(user=user)
        configure(jwt_secret=NEW, jwt_secret_previous=(OLD,) if keep_previous else ())
        return tokens

    return rotate


def test_tokens_signed_with_the_previous_secret_are_accepted(api_client, user, rotated):
    old = rotated(user)

    assert get_me(api_client, old["access"]).status_code == 200
    external = jwt.encode(claims_for(user), OLD, algorithm="HS256")
    assert get_me(api_client, external).status_code == 200


def test_refreshing_an_old_token_gives_tokens_signed_with_the_new_secret(api_client, user,
                                                                         rotated):
    old = rotated(user)

    response = refresh(api_client, old["refresh"])

    new = response.json()["data"]
    assert response.status_code == 200
    for token in (new["access"], new["refresh"]):
        jwt.decode(token, NEW, algorithms=["HS256"], audience=AUDIENCE, issuer=ISSUER)
        with pytest.raises(jwt.InvalidSignatureError):
            jwt.decode(token, OLD, algorithms=["HS256"], audience=AUDIENCE, issuer=ISSUER)


def test_a_token_signed_with_a_random_secret_is_refused(api_client, user, rotated):
    rotated(user)
    forged = jwt.encode(claims_for(user), secrets.token_urlsafe(48), algorithm="HS256")

    assert get_me(api_client, forged).status_code == 401


def test_without_overlap_old_tokens_stop_working_at_once(api_client, user, rotated):
    old = rotated(user, keep_previous=False)

    assert get_me(api_client, old["access"]).status_code == 401
    assert refresh(api_client, old["refresh"]).status_code == 401


def test_the_previous_secret_list_is_read_from_the_environment(tmp_path):
    config = load_config({"TRACKTORY_DATA_DIR": str(tmp_path), "JWT_SECRET": NEW,
                          "JWT_SECRET_PREVIOUS": f"{OLD}, {'x' * 40}",
                          "SECRET_KEY_PREVIOUS": "k" * 50})

    assert config.jwt_secret_previous == (OLD, "x" * 40)
    assert config.secret_key_previous == ("k" * 50,)
