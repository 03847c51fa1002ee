"""Keys as values: the one algorithm each key is for, RFC 7638 key ids, and which keys of
a JWK set are usable at all."""

import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from jwt.algorithms import RSAAlgorithm

from tracktory.jwk import UnusableKey, VerifyingKey, thumbprint, verifying_keys_from_jwks

# RFC 7638, section 3.1: this key's thumbprint is NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs.
RFC_7638_N = (
    "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_B"
    "JECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_"
    "FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI"
    "4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw"
)


@pytest.fixture(scope="module")
def rsa_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def ec_key():
    return ec.generate_private_key(ec.SECP256R1())


def test_the_kid_is_the_rfc_7638_thumbprint():
    key = RSAAlgorithm.from_jwk({"kty": "RSA", "n": RFC_7638_N, "e": "AQAB", "alg": "RS256",
                                 "kid": "2011-04-29"})

    assert thumbprint(key) == "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"


def test_each_key_is_bound_to_the_algorithm_of_its_material(rsa_key, ec_key):
    assert VerifyingKey.of(rsa_key).algorithm == "RS256"
    assert VerifyingKey.of(ec_key.public_key()).algorithm == "ES256"
    assert VerifyingKey.of(rsa_key).kid == thumbprint(rsa_key.public_key())


def test_a_published_jwk_holds_only_the_public_half(rsa_key):
    jwk = VerifyingKey.of(rsa_key, kid="k1").to_jwk()

    assert {"kty": "RSA", "kid": "k1", "alg": "RS256", "use": "sig"}.items() <= jwk.items()
    assert not {"d", "p", "q", "dp", "dq", "qi"} & jwk.keys()


def test_only_signature_keys_with_a_kid_and_a_matching_alg_are_used(rsa_key, ec_key):
    good_rsa = VerifyingKey.of(rsa_key, kid="r").to_jwk()
    good_ec = VerifyingKey.of(ec_key, kid="e").to_jwk()
    document = {"keys": [
        good_rsa,
        good_ec,
        {**good_rsa, "kid": "for-encryption", "use": "enc"},
        {key: value for key, value in good_rsa.items() if key != "kid"},
        {**good_rsa, "kid": "says-rs512", "alg": "RS512"},
        {**good_rsa, "kid": "says-es256", "alg": "ES256"},
        {**good_ec, "kid": "ec-says-hs256", "alg": "HS256"},
        {"kty": "oct", "k": "c2VjcmV0", "kid": "shared-secret"},
        {"kty": "OKP", "crv": "Ed25519", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo",
         "kid": "eddsa"},
        "not a key",
    ]}

    keys = verifying_keys_from_jwks(document)

    assert {kid: key.algorithm for kid, key in keys.items()} == {"r": "RS256", "e": "ES256"}


def test_a_jwk_without_alg_gets_the_algorithm_of_its_material(rsa_key):
    jwk = {k: v for k, v in VerifyingKey.of(rsa_key, kid="r").to_jwk().items() if k != "alg"}

    assert verifying_keys_from_jwks({"keys": [jwk]})["r"].algorithm == "RS256"


@pytest.mark.parametrize("document", [{"keys": []}, {}, [], {"keys": "x"}],
                         ids=["no-keys", "no-list", "not-an-object", "keys-not-a-list"])
def test_a_set_without_usable_keys_is_refused(document):
    with pytest.raises(UnusableKey):
        verifying_keys_from_jwks(document)
