"""Asymmetric JWT keys as values: PEM in, JWK out, and the one algorithm each key may sign.

Pure functions over `cryptography` key objects and PyJWT's JWK machinery (no Django), so
`tracktory.env` can check key files at start and the accounts app can sign and verify.

A key is bound to exactly one algorithm, decided by the key material itself: an RSA key
(2048 bits or more) is RS256, an EC P-256 key is ES256. Nothing else is accepted, so a
token can never pick how its key is used (no algorithm confusion).
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from jwt.algorithms import ECAlgorithm, RSAAlgorithm

ASYMMETRIC_ALGORITHMS = frozenset({"RS256", "ES256"})
MIN_RSA_BITS = 2048

PublicKey = rsa.RSAPublicKey | ec.EllipticCurvePublicKey
PrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey


class UnusableKey(ValueError):
    """A key that Tracktory will not sign or verify with (the message says why)."""


def algorithm_for(key: PublicKey | PrivateKey) -> str:
    """The only algorithm `key` is used with; UnusableKey for any other kind of key."""
    if isinstance(key, rsa.RSAPublicKey | rsa.RSAPrivateKey):
        if key.key_size < MIN_RSA_BITS:
            raise UnusableKey(f"RSA keys must have at least {MIN_RSA_BITS} bits")
        return "RS256"
    if isinstance(key, ec.EllipticCurvePublicKey | ec.EllipticCurvePrivateKey):
        if not isinstance(key.curve, ec.SECP256R1):
            raise UnusableKey("EC keys must be on the P-256 curve (ES256)")
        return "ES256"
    raise UnusableKey("only RSA and EC P-256 keys are supported")


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _jwk_members(key: PublicKey) -> dict:
    codec = RSAAlgorithm if isinstance(key, rsa.RSAPublicKey) else ECAlgorithm
    return codec.to_jwk(key, as_dict=True)


def thumbprint(key: PublicKey) -> str:
    """RFC 7638 JWK thumbprint: a `kid` derived from the key, so it needs no configuring
    and the same key always gets the same id on every instance."""
    members = _jwk_members(key)
    required = ("e", "kty", "n") if members["kty"] == "RSA" else ("crv", "kty", "x", "y")
    canonical = json.dumps({name: members[name] for name in required},
                           separators=(",", ":"), sort_keys=True)
    return _b64(hashlib.sha256(canonical.encode()).digest())


@dataclass(frozen=True)
class VerifyingKey:
    """A public key, its `kid` and the one algorithm tokens signed with it may name."""

    kid: str
    algorithm: str
    key: PublicKey = field(repr=False, compare=False)

    @classmethod
    def of(cls, key: PublicKey | PrivateKey, kid: str | None = None) -> VerifyingKey:
        private = isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey)
        public = key.public_key() if private else key
        return cls(kid=kid or thumbprint(public), algorithm=algorithm_for(public), key=public)

    def to_jwk(self) -> dict:
        """The public JWK as published in a key set."""
        return {**_jwk_members(self.key), "kid": self.kid, "alg": self.algorithm, "use": "sig"}


def load_private_pem(data: bytes) -> PrivateKey:
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError) as exc:
        raise UnusableKey(f"not an unencrypted PEM private key ({exc})") from None
    algorithm_for(key)
    return key


def load_public_pem(data: bytes) -> PublicKey:
    """A public key from a PEM holding either the public or the private key."""
    try:
        key = serialization.load_pem_public_key(data)
    except (ValueError, TypeError):
        key = load_private_pem(data).public_key()
    algorithm_for(key)
    return key


def verifying_keys_from_jwks(document: object) -> dict[str, VerifyingKey]:
    """The usable signature keys of a JWKS document, by `kid`.

    Keys without a `kid`, for encryption (`use: enc`), whose `alg` is not the one their
    material implies, or of any other kind are left out; UnusableKey when none is left.
    """
    if not isinstance(document, Mapping) or not isinstance(document.get("keys"), list):
        raise UnusableKey('not a JWK set (a JSON object with a "keys" list)')
    try:
        parsed = jwt.PyJWKSet.from_dict(dict(document))
    except jwt.PyJWTError as exc:
        raise UnusableKey(f"no usable key in the JWK set ({exc})") from None
    keys: dict[str, VerifyingKey] = {}
    for jwk in parsed.keys:
        if not jwk.key_id or jwk.public_key_use not in (None, "sig"):
            continue
        try:
            verifying = VerifyingKey.of(jwk.key, kid=jwk.key_id)
        except UnusableKey:
            continue
        # A declared `alg` must agree with the key material (an RSA key saying ES256, or
        # RS512, is not used at all rather than used some other way).
        if jwk.algorithm_name == verifying.algorithm:
            keys[verifying.kid] = verifying
    if not keys:
        raise UnusableKey("no RS256 or ES256 signature key with a kid in the JWK set")
    return keys
