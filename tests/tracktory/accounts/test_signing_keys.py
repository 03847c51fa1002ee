"""Our own tokens signed RS256/ES256 (JWT_SIGNING_KEY_FILE) with a `kid`, and the public
keys, current and previous, at /.well-known/jwks.json for other services to verify with."""

import jwt
import pytest
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.tracktory.accounts.conftest import AUDIENCE, ISSUER, claims_for
from tracktory.accounts import services
from tracktory.jwk import thumbprint

pytestmark = pytest.mark.django_db


def published(client) -> jwt.PyJWKSet:
    response = client.get(reverse("jwks"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return jwt.PyJWKSet.from_dict(response.json())


def verify_as_another_service(token: str, key_set: jwt.PyJWKSet) -> dict:
    """What a service holding only our published key set does with one of our tokens."""
    header = jwt.get_unverified_header(token)
    key = key_set[header["kid"]]
    return jwt.decode(token, key.key, algorithms=[key.algorithm_name], audience=AUDIENCE,
                      issuer=ISSUER)


def get_me(api_client, token: str):
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return api_client.get(reverse("auth-user"))


@pytest.mark.parametrize(("pair", "algorithm"), [("rsa_pair", "RS256"), ("ec_pair", "ES256")])
def test_tokens_we_mint_verify_against_our_published_key_set(
    api_client, user, configure, request, pair, algorithm
):
    key = request.getfixturevalue(pair)
    configure(jwt_signing_key=key.private)

    signed_in = api_client.post(reverse("auth-token"),
                                {"email": user.email, "password": PASSWORD}, format="json")
    tokens = signed_in.json()["data"]
    header = jwt.get_unverified_header(tokens["access"])

    assert (header["alg"], header["kid"]) == (algorithm, thumbprint(key.private.public_key()))
    claims = verify_as_another_service(tokens["access"], published(api_client))
    assert claims["sub"] == claims["user_id"] == str(user.id)
    assert claims["token_type"] == "access"
    assert jwt.get_unverified_header(tokens["refresh"])["alg"] == algorithm
    assert get_me(api_client, tokens["access"]).status_code == 200
    refreshed = api_client.post(reverse("auth-refresh"), {"refresh": tokens["refresh"]},
                                format="json")
    assert refreshed.status_code == 200
    verify_as_another_service(refreshed.json()["data"]["access"], published(api_client))


def test_the_key_set_lists_the_current_key_first_then_the_previous_ones(
    client, configure, rsa_pair, ec_pair, other_rsa_pair
):
    configure(jwt_signing_key=ec_pair.private,
              jwt_signing_keys_previous=(rsa_pair.private.public_key(),
                                         other_rsa_pair.private.public_key()))

    response = client.get(reverse("jwks"))

    keys = response.json()["keys"]
    assert [(k["kid"], k["alg"], k["use"]) for k in keys] == [
        (thumbprint(ec_pair.private.public_key()), "ES256", "sig"),
        (thumbprint(rsa_pair.private.public_key()), "RS256", "sig"),
        (thumbprint(other_rsa_pair.private.public_key()), "RS256", "sig"),
    ]
    assert not any("d" in key for key in keys)  # public halves only
    assert response["Cache-Control"] == "public, max-age=300"


def test_without_a_signing_key_the_key_set_is_empty_and_no_secret_is_published(client,
                                                                                settings):
    response = client.get(reverse("jwks"))

    assert response.json() == {"keys": []}
    assert settings.CONFIG.jwt_secret not in response.content.decode()


def test_the_key_set_is_read_only(client):
    assert client.post(reverse("jwks")).status_code == 405


def test_tokens_signed_with_the_previous_key_work_until_the_key_is_dropped(
    api_client, user, configure, rsa_pair, ec_pair
):
    configure(jwt_signing_key=rsa_pair.private)
    old = services.token_pair_for(user=user)

    configure(jwt_signing_key=ec_pair.private,
              jwt_signing_keys_previous=(rsa_pair.private.public_key(),))
    assert get_me(api_client, old["access"]).status_code == 200
    renewed = api_client.post(reverse("auth-refresh"), {"refresh": old["refresh"]},
                              format="json").json()["data"]
    assert jwt.get_unverified_header(renewed["access"])["alg"] == "ES256"

    configure(jwt_signing_key=ec_pair.private, jwt_signing_keys_previous=())
    assert get_me(api_client, old["access"]).status_code == 401
    assert get_me(api_client, renewed["access"]).status_code == 200


def test_hs256_tokens_are_still_accepted_after_switching_to_a_signing_key(
    api_client, user, configure, settings, rsa_pair
):
    before = services.token_pair_for(user=user)
    configure(jwt_signing_key=rsa_pair.private)

    assert get_me(api_client, before["access"]).status_code == 200
    external = jwt.encode(claims_for(user), settings.CONFIG.jwt_secret, algorithm="HS256")
    assert get_me(api_client, external).status_code == 200
