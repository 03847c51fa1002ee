"""Which bearer tokens open the API: ours, an external service's with the contract's claims,
and nothing forged, altered, expired or for an account that is gone."""

import base64
import json
import time
import uuid

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings
from django.urls import reverse

from tests.conftest import access_token_for

pytestmark = pytest.mark.django_db
SECRET = settings.SIMPLE_JWT["SIGNING_KEY"]


def claims_for(user, **overrides) -> dict:
    """Exactly the contract's claims, as an external sign-in service would mint them."""
    now = int(time.time())
    claims = {"sub": str(user.id), "user_id": str(user.id), "iss": "tracktory-auth",
              "aud": "tracktory-api", "iat": now, "exp": now + 600}
    claims.update(overrides)
    return {key: value for key, value in claims.items() if value is not None}


def mint(claims: dict, *, key=SECRET, algorithm="HS256", headers=None) -> str:
    return jwt.encode(claims, key, algorithm=algorithm, headers=headers)


def unsigned(claims: dict) -> str:
    def part(value: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(claims)}."


def get_me(api_client, token: str):
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return api_client.get(reverse("auth-user"))


def assert_unauthorized(response):
    body = response.json()
    assert response.status_code == 401, body
    assert body["success"] is False
    assert body["error"]["code"] == "UNAUTHORIZED"
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_our_tokens_carry_the_contracts_claims(user):
    token = access_token_for(user)

    claims = jwt.decode(token, SECRET, algorithms=["HS256"], audience="tracktory-api",
                        issuer="tracktory-auth")
    assert jwt.get_unverified_header(token)["alg"] == "HS256"
    assert claims["sub"] == claims["user_id"] == str(user.id)
    assert claims["email"] == "ada@example.com"
    assert claims["token_type"] == "access"
    assert claims["exp"] - claims["iat"] == 15 * 60
    assert claims["jti"]


@pytest.mark.parametrize(
    "overrides",
    [{}, {"user_id": None}, {"sub": None}, {"token_type": "access", "jti": "abc", "email": "x"}],
    ids=["contract-claims", "sub-only", "user_id-only", "with-simplejwt-extras"],
)
def test_a_token_minted_elsewhere_with_the_shared_secret_is_accepted(api_client, user, overrides):
    response = get_me(api_client, mint(claims_for(user, **overrides)))

    assert response.status_code == 200
    assert response.json()["data"]["id"] == str(user.id)


def test_an_expired_token_within_the_60_second_leeway_is_accepted(api_client, user):
    now = int(time.time())
    token = mint(claims_for(user, iat=now - 1000, exp=now - 30))

    assert get_me(api_client, token).status_code == 200


def rsa_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.mark.parametrize(
    "forge",
    [
        pytest.param(lambda user: unsigned(claims_for(user)), id="alg-none"),
        pytest.param(lambda user: mint(claims_for(user), algorithm="HS512"), id="hs512"),
        pytest.param(lambda user: mint(claims_for(user), algorithm="HS384"), id="hs384"),
        pytest.param(lambda user: mint(claims_for(user), key=rsa_key(), algorithm="RS256"),
                     id="rs256"),
        pytest.param(lambda user: mint(claims_for(user), key="another-secret-" * 4),
                     id="wrong-signature"),
        pytest.param(lambda user: mint(claims_for(user, iss="someone-else")), id="wrong-iss"),
        pytest.param(lambda user: mint(claims_for(user, iss=None)), id="missing-iss"),
        pytest.param(lambda user: mint(claims_for(user, aud="another-api")), id="wrong-aud"),
        pytest.param(lambda user: mint(claims_for(user, aud=None)), id="missing-aud"),
        pytest.param(lambda user: mint(claims_for(user, exp=int(time.time()) - 61)),
                     id="expired-beyond-leeway"),
        pytest.param(lambda user: mint(claims_for(user, exp=None)), id="no-exp"),
        pytest.param(lambda user: mint(claims_for(user, token_type="refresh")),
                     id="refresh-type"),
        pytest.param(lambda user: mint(claims_for(user, sub=None, user_id=None)), id="no-user"),
        pytest.param(lambda user: mint(claims_for(user, sub=str(uuid.uuid4()))),
                     id="sub-and-user_id-disagree"),
        pytest.param(lambda user: mint(claims_for(user, sub="1", user_id="1")), id="not-a-uuid"),
        pytest.param(lambda user: mint(claims_for(user, sub=str(uuid.uuid4()), user_id=None)),
                     id="unknown-user"),
        pytest.param(lambda user: "not.a.jwt", id="garbage"),
    ],
)
def test_forged_or_invalid_tokens_are_refused(api_client, user, forge):
    assert_unauthorized(get_me(api_client, forge(user)))


def test_a_token_with_an_altered_payload_is_refused(api_client, user, other_user):
    header, _, signature = access_token_for(user).split(".")
    payload = base64.urlsafe_b64encode(
        json.dumps(claims_for(other_user)).encode()).rstrip(b"=").decode()

    assert_unauthorized(get_me(api_client, f"{header}.{payload}.{signature}"))


def test_a_token_for_a_deleted_user_is_refused(api_client, user):
    token = access_token_for(user)
    user.delete()

    assert_unauthorized(get_me(api_client, token))


def test_a_token_for_an_inactive_user_is_refused(api_client, user):
    token = access_token_for(user)
    user.is_active = False
    user.save()

    assert_unauthorized(get_me(api_client, token))


@pytest.mark.parametrize("header", ["Bearer", "Bearer a b", "Token abc"],
                         ids=["no-token", "three-parts", "other-scheme"])
def test_malformed_authorization_headers_are_unauthorized(api_client, header):
    api_client.credentials(HTTP_AUTHORIZATION=header)

    assert_unauthorized(api_client.get(reverse("auth-user")))


def test_an_expired_token_says_so_so_the_client_knows_to_refresh(api_client, user):
    response = get_me(api_client, mint(claims_for(user, exp=int(time.time()) - 120)))

    assert_unauthorized(response)
    assert response.json()["error"]["message"] == "Token is expired"
