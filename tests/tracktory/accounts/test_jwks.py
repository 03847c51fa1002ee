"""The external key set's cache policy, against a real JWKS endpoint on loopback and a
clock the test moves: how long a set is kept, one refetch per unknown kid (rate-limited),
and the last good set kept while the endpoint fails."""

import pytest

from tests.tracktory.accounts.conftest import JwksServer
from tracktory.accounts.jwks import (
    MAX_CACHE_SECONDS,
    MIN_SECONDS_BETWEEN_FETCHES,
    RemoteKeySet,
    cache_seconds,
)


@pytest.fixture
def key_set(jwks_server, clock, rsa_pair, ec_pair):
    jwks_server.keys = [rsa_pair.jwk(), ec_pair.jwk()]
    remote = RemoteKeySet(jwks_server.url)
    remote.clock = clock
    return remote


@pytest.mark.parametrize(
    ("header", "seconds"),
    [("max-age=600", 600), ("public, max-age=120, must-revalidate", 120),
     ("max-age=86400", MAX_CACHE_SECONDS), ("max-age=0", MIN_SECONDS_BETWEEN_FETCHES),
     ("no-cache", MIN_SECONDS_BETWEEN_FETCHES),
     ("no-store, max-age=600", MIN_SECONDS_BETWEEN_FETCHES),
     ("", MIN_SECONDS_BETWEEN_FETCHES), ("max-age=soon", MIN_SECONDS_BETWEEN_FETCHES)],
    ids=["max-age", "among-others", "capped-at-an-hour", "zero", "no-cache", "no-store",
         "absent", "garbage"],
)
def test_cache_control_decides_how_long_a_set_is_kept(header, seconds):
    assert cache_seconds(header) == seconds


def test_keys_are_served_from_the_cache_until_max_age(key_set, jwks_server, clock, rsa_pair,
                                                      ec_pair):
    jwks_server.cache_control = "max-age=600"

    assert key_set.get("rsa-1").algorithm == "RS256"
    assert key_set.get("ec-1").algorithm == "ES256"
    clock.advance(599)
    assert key_set.get("rsa-1") is not None
    assert jwks_server.requests == 1

    clock.advance(1)
    key_set.get("rsa-1")
    assert jwks_server.requests == 2


def test_an_unknown_kid_refetches_once_then_is_rate_limited(key_set, jwks_server, clock):
    key_set.get("rsa-1")
    clock.advance(MIN_SECONDS_BETWEEN_FETCHES)

    assert key_set.get("made-up") is None
    assert jwks_server.requests == 2
    for n in range(50):
        assert key_set.get(f"made-up-{n}") is None
    assert jwks_server.requests == 2

    clock.advance(MIN_SECONDS_BETWEEN_FETCHES)
    key_set.get("made-up-again")
    assert jwks_server.requests == 3


def test_a_key_added_by_a_rotation_is_found_by_the_refetch(key_set, jwks_server, clock,
                                                           other_rsa_pair):
    key_set.get("rsa-1")
    jwks_server.keys.append(other_rsa_pair.jwk())
    clock.advance(MIN_SECONDS_BETWEEN_FETCHES)

    assert key_set.get("rsa-2").kid == "rsa-2"


def test_a_removed_key_is_gone_once_the_cache_expires(key_set, jwks_server, clock, ec_pair):
    jwks_server.cache_control = "max-age=300"
    key_set.get("rsa-1")
    jwks_server.keys = [ec_pair.jwk()]

    clock.advance(299)
    assert key_set.get("rsa-1") is not None
    clock.advance(1)
    assert key_set.get("rsa-1") is None


@pytest.mark.parametrize("failure", ["http-503", "not-a-key-set", "no-usable-key", "stopped"])
def test_a_failing_endpoint_keeps_the_last_good_set(key_set, jwks_server, clock, failure,
                                                     caplog):
    jwks_server.cache_control = "max-age=60"
    key_set.get("rsa-1")
    if failure == "http-503":
        jwks_server.status = 503
    elif failure == "not-a-key-set":
        jwks_server.keys = "{"  # a string where the list of keys belongs
    elif failure == "no-usable-key":
        jwks_server.keys = [{"kty": "oct", "k": "c2VjcmV0", "kid": "hmac"}]
    else:
        jwks_server.stop()

    clock.advance(3600)
    assert key_set.get("rsa-1") is not None
    assert key_set.get("ec-1") is not None
    assert "JWKS fetch failed, keeping the last good key set (2 keys)" in caplog.text


def test_a_failed_fetch_is_not_retried_on_every_token(key_set, jwks_server, clock):
    key_set.get("rsa-1")
    jwks_server.status = 503
    clock.advance(3600)
    key_set.get("rsa-1")
    fetches = jwks_server.requests

    for _ in range(20):
        key_set.get("rsa-1")
    assert jwks_server.requests == fetches

    jwks_server.status = 200
    clock.advance(MIN_SECONDS_BETWEEN_FETCHES)
    key_set.get("rsa-1")
    assert jwks_server.requests == fetches + 1


def test_an_endpoint_down_from_the_start_gives_no_key(jwks_server, clock):
    jwks_server.status = 503
    remote = RemoteKeySet(jwks_server.url)
    remote.clock = clock

    assert remote.get("rsa-1") is None


def test_a_redirect_is_not_followed(jwks_server, clock, rsa_pair):
    jwks_server.keys = [rsa_pair.jwk()]
    redirecting = JwksServer()
    redirecting.location = jwks_server.url
    try:
        remote = RemoteKeySet(redirecting.url)
        remote.clock = clock

        assert remote.get("rsa-1") is None
        assert (redirecting.requests, jwks_server.requests) == (1, 0)
    finally:
        redirecting.stop()
