"""Access tokens of an external sign-in service, verified with its JWK set (JWT_JWKS_URL
served by a real HTTP server on loopback, or JWT_JWKS_FILE): RS256 and ES256 accepted with
the contract's claims; unknown or removed keys, algorithm tricks and key-source headers
refused."""

import base64
import hashlib
import hmac
import json
import time

import jwt
import pytest
from django.urls import reverse

from tests.tracktory.accounts.conftest import JwksServer, claims_for
from tracktory.accounts import keyring
from tracktory.accounts.jwks import MIN_SECONDS_BETWEEN_FETCHES
from tracktory.jwk import verifying_keys_from_jwks

pytestmark = pytest.mark.django_db


@pytest.fixture
def external(configure, jwks_server, clock, rsa_pair, ec_pair):
    """The API trusting the keys at jwks_server.url, its cache on the test's clock."""
    jwks_server.keys = [rsa_pair.jwk(), ec_pair.jwk()]
    jwks_server.cache_control = "max-age=300"
    configure(jwt_jwks_url=jwks_server.url)
    keyring.current().remote.clock = clock
    return jwks_server


def get_me(api_client, token: str):
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return api_client.get(reverse("auth-user"))


def assert_accepted(response, user):
    assert response.status_code == 200, response.json()
    assert response.json()["data"]["id"] == str(user.id)


def assert_unauthorized(response):
    assert response.status_code == 401, response.json()
    assert response.json()["error"]["code"] == "UNAUTHORIZED"


def b64(value: bytes) -> str:
    return base64.urlsafe_b64encode(value).rstrip(b"=").decode()


def hand_signed(header: dict, claims: dict, key: bytes) -> str:
    """An HS256 token signed with any bytes (PyJWT refuses a PEM as an HMAC key)."""
    signing_input = f"{b64(json.dumps(header).encode())}.{b64(json.dumps(claims).encode())}"
    signature = hmac.new(key, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64(signature)}"


@pytest.mark.parametrize("pair", ["rsa_pair", "ec_pair"], ids=["RS256", "ES256"])
def test_tokens_signed_with_a_key_of_the_set_are_accepted(api_client, user, external, pair,
                                                          request):
    key = request.getfixturevalue(pair)

    assert_accepted(get_me(api_client, key.sign(claims_for(user))), user)
    assert_accepted(get_me(api_client, key.sign(claims_for(user, user_id=None))), user)
    assert external.requests == 1


def test_an_unknown_kid_refetches_the_set_once_then_is_refused(api_client, user, external,
                                                               clock, other_rsa_pair):
    unknown = other_rsa_pair.sign(claims_for(user))
    assert_unauthorized(get_me(api_client, unknown))
    assert external.requests == 1  # the first load; rsa-2 is not in it
    clock.advance(MIN_SECONDS_BETWEEN_FETCHES)

    assert_unauthorized(get_me(api_client, unknown))
    assert external.requests == 2
    for _ in range(5):
        assert_unauthorized(get_me(api_client, unknown))
    assert external.requests == 2


def test_a_key_published_after_the_first_load_is_found_by_the_refetch(
    api_client, user, external, clock, rsa_pair, other_rsa_pair
):
    assert_accepted(get_me(api_client, rsa_pair.sign(claims_for(user))), user)
    external.keys.append(other_rsa_pair.jwk())
    clock.advance(MIN_SECONDS_BETWEEN_FETCHES)

    assert_accepted(get_me(api_client, other_rsa_pair.sign(claims_for(user))), user)


def test_a_key_removed_from_the_set_is_refused_once_the_cache_expires(
    api_client, user, external, clock, rsa_pair, ec_pair
):
    token = rsa_pair.sign(claims_for(user))
    assert_accepted(get_me(api_client, token), user)
    external.keys = [ec_pair.jwk()]

    clock.advance(299)
    assert_accepted(get_me(api_client, token), user)
    clock.advance(1)
    assert_unauthorized(get_me(api_client, token))


def test_the_last_good_set_is_used_while_the_endpoint_is_down(api_client, user, external,
                                                               clock, rsa_pair):
    assert_accepted(get_me(api_client, rsa_pair.sign(claims_for(user))), user)
    external.stop()
    clock.advance(3600)

    assert_accepted(get_me(api_client, rsa_pair.sign(claims_for(user))), user)


def test_keys_from_a_jwks_file_are_accepted(api_client, user, configure, ec_pair, rsa_pair):
    configure(jwt_jwks_file_keys=verifying_keys_from_jwks({"keys": [ec_pair.jwk()]}))

    assert_accepted(get_me(api_client, ec_pair.sign(claims_for(user))), user)
    assert_unauthorized(get_me(api_client, rsa_pair.sign(claims_for(user))))


@pytest.mark.parametrize(
    "forge",
    [
        pytest.param(lambda user, rsa, ec: hand_signed(
            {"alg": "HS256", "typ": "JWT"}, claims_for(user), rsa.public_pem()),
            id="hs256-signed-with-the-public-pem"),
        pytest.param(lambda user, rsa, ec: hand_signed(
            {"alg": "HS256", "typ": "JWT", "kid": rsa.kid}, claims_for(user), rsa.public_pem()),
            id="hs256-naming-the-rsa-kid"),
        pytest.param(lambda user, rsa, ec: hand_signed(
            {"alg": "HS256", "kid": rsa.kid},
            claims_for(user), json.dumps(rsa.jwk(), sort_keys=True).encode()),
            id="hs256-signed-with-the-jwk"),
        pytest.param(lambda user, rsa, ec: jwt.encode(
            claims_for(user), None, algorithm="none", headers={"kid": rsa.kid}), id="none"),
        pytest.param(lambda user, rsa, ec: jwt.encode(
            claims_for(user), rsa.private, algorithm="RS256", headers={"kid": ec.kid}),
            id="rs256-naming-the-ec-kid"),
        pytest.param(lambda user, rsa, ec: jwt.encode(
            claims_for(user), rsa.private, algorithm="RS512", headers={"kid": rsa.kid}),
            id="rs512-with-the-rs256-key"),
        pytest.param(lambda user, rsa, ec: jwt.encode(
            claims_for(user), rsa.private, algorithm="PS256", headers={"kid": rsa.kid}),
            id="ps256-with-the-rs256-key"),
        pytest.param(lambda user, rsa, ec: jwt.encode(
            claims_for(user), rsa.private, algorithm="RS256"), id="no-kid"),
        pytest.param(lambda user, rsa, ec: rsa.sign(claims_for(user, exp=int(time.time()) - 61)),
                     id="expired"),
        pytest.param(lambda user, rsa, ec: rsa.sign(claims_for(user, iss="someone-else")),
                     id="wrong-iss"),
        pytest.param(lambda user, rsa, ec: rsa.sign(claims_for(user, aud=None)),
                     id="missing-aud"),
        pytest.param(lambda user, rsa, ec: rsa.sign(claims_for(user, exp=None)), id="no-exp"),
        pytest.param(lambda user, rsa, ec: rsa.sign(claims_for(user, token_type="refresh")),
                     id="refresh-type"),
        pytest.param(lambda user, rsa, ec: rsa.sign(claims_for(user), x5u="https://x.test/c"),
                     id="trusted-key-but-x5u"),
    ],
)
def test_algorithm_tricks_and_bad_claims_are_refused(api_client, user, external, rsa_pair,
                                                     ec_pair, forge):
    assert_unauthorized(get_me(api_client, forge(user, rsa_pair, ec_pair)))


def test_a_jku_header_is_never_followed(api_client, user, external, other_rsa_pair):
    attacker = JwksServer()
    attacker.keys = [other_rsa_pair.jwk()]
    try:
        token = other_rsa_pair.sign(claims_for(user), jku=attacker.url)

        assert_unauthorized(get_me(api_client, token))
        assert attacker.requests == 0
    finally:
        attacker.stop()


def test_an_embedded_jwk_header_is_never_trusted(api_client, user, external, other_rsa_pair):
    token = other_rsa_pair.sign(claims_for(user), jwk=other_rsa_pair.jwk())

    assert_unauthorized(get_me(api_client, token))


def test_an_external_key_never_signs_a_refresh_token(api_client, user, external, rsa_pair):
    refresh = rsa_pair.sign(claims_for(user, token_type="refresh", jti="abc"))

    response = api_client.post(reverse("auth-refresh"), {"refresh": refresh}, format="json")

    assert_unauthorized(response)
