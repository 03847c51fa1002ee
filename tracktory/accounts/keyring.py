"""Which keys sign our tokens and which keys a presented token may be verified with.

Signing: RS256/ES256 with JWT_SIGNING_KEY_FILE (the `kid` header names it) when that is
set, else HS256 with JWT_SECRET.

Verifying, decided by the token's header but never trusting it to choose a key's use:
- `HS256`: JWT_SECRET, then each JWT_SECRET_PREVIOUS (the overlap of a rotation).
- `RS256`/`ES256`: the key whose `kid` the header names, only if that key's own
  algorithm is the one named: our signing key and its previous ones, and (for access
  tokens only) the external JWKS file and URL. Refresh tokens are ours alone.
- Anything else, `none` included, and any token carrying `jku`/`x5u`/`jwk`/`x5c` (a
  token must not say where its key comes from) is refused.
`iss`, `aud`, `exp` (required) and the leeway are checked the same way for every key.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

import jwt
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from rest_framework_simplejwt.backends import TokenBackend
from rest_framework_simplejwt.exceptions import TokenBackendError, TokenBackendExpiredToken
from rest_framework_simplejwt.settings import api_settings

from tracktory.accounts.jwks import RemoteKeySet
from tracktory.env import Config
from tracktory.jwk import ASYMMETRIC_ALGORITHMS, PrivateKey, PublicKey, VerifyingKey

HMAC_ALGORITHM = "HS256"
REFUSED_HEADERS = frozenset({"jku", "x5u", "jwk", "x5c"})


class Keyring:
    def __init__(
        self,
        *,
        secret: str,
        previous_secrets: tuple[str, ...] = (),
        signing_key: PrivateKey | None = None,
        previous_signing_keys: tuple[PublicKey, ...] = (),
        external_keys: Mapping[str, VerifyingKey] | None = None,
        remote: RemoteKeySet | None = None,
    ) -> None:
        self.secrets = (secret, *(s for s in previous_secrets if s != secret))
        self.signing_key = signing_key
        self.signing = VerifyingKey.of(signing_key) if signing_key is not None else None
        own = [self.signing] if self.signing else []
        own += [VerifyingKey.of(key) for key in previous_signing_keys]
        self.own_keys = {key.kid: key for key in own}
        self.external_keys = dict(external_keys or {})
        self.remote = remote

    @classmethod
    def from_config(cls, config: Config) -> Keyring:
        return cls(
            secret=config.jwt_secret,
            previous_secrets=config.jwt_secret_previous,
            signing_key=config.jwt_signing_key,
            previous_signing_keys=config.jwt_signing_keys_previous,
            external_keys=config.jwt_jwks_file_keys,
            remote=RemoteKeySet(config.jwt_jwks_url) if config.jwt_jwks_url else None,
        )

    # --- signing -----------------------------------------------------------------------

    def sign(self, claims: dict[str, Any]) -> str:
        if self.signing is None:
            return jwt.encode(claims, self.secrets[0], algorithm=HMAC_ALGORITHM)
        return jwt.encode(claims, self.signing_key, algorithm=self.signing.algorithm,
                          headers={"kid": self.signing.kid})

    def published_jwks(self) -> dict:
        """Our public keys, current first; shared secrets are never published."""
        return {"keys": [key.to_jwk() for key in self.own_keys.values()]}

    # --- verifying ---------------------------------------------------------------------

    def verify(self, token: str, *, external: bool, issuer: str, audience: str,
               leeway: timedelta) -> dict[str, Any]:
        """The verified claims; jwt.InvalidTokenError (ExpiredSignatureError when only
        the time is wrong) otherwise."""
        header = jwt.get_unverified_header(token)
        if REFUSED_HEADERS & header.keys():
            raise jwt.InvalidTokenError("Token names its own key source")
        algorithm = header.get("alg")
        options = {"require": ["exp", "iss", "aud"]}
        claims = {"issuer": issuer, "audience": audience, "leeway": leeway, "options": options}
        if algorithm == HMAC_ALGORITHM:
            return self._verify_hmac(token, claims)
        if algorithm not in ASYMMETRIC_ALGORITHMS:
            raise jwt.InvalidAlgorithmError("Algorithm not allowed")
        key = self._key_for(header.get("kid"), external=external)
        if key is None or key.algorithm != algorithm:
            raise jwt.InvalidSignatureError("Unknown signing key")
        return jwt.decode(token, key.key, algorithms=[key.algorithm], **claims)

    def _verify_hmac(self, token: str, claims: dict) -> dict[str, Any]:
        for secret in self.secrets:
            try:
                return jwt.decode(token, secret, algorithms=[HMAC_ALGORITHM], **claims)
            except jwt.InvalidSignatureError:
                continue
        raise jwt.InvalidSignatureError("Signature verification failed")

    def _key_for(self, kid: object, *, external: bool) -> VerifyingKey | None:
        if not isinstance(kid, str) or not kid:
            return None
        if kid in self.own_keys:
            return self.own_keys[kid]
        if not external:
            return None
        if kid in self.external_keys:
            return self.external_keys[kid]
        return self.remote.get(kid) if self.remote else None


_keyring: Keyring | None = None


def current() -> Keyring:
    """The process's keyring, built once from settings.CONFIG (the remote key set's cache
    lives in it, so it is kept between requests)."""
    global _keyring
    if _keyring is None:
        _keyring = Keyring.from_config(settings.CONFIG)
    return _keyring


@receiver(setting_changed)
def _forget_keyring(*, setting, **kwargs) -> None:
    # Tests (and the browser tests' live server) rotate keys by overriding settings.CONFIG.
    global _keyring
    if setting == "CONFIG":
        _keyring = None


class KeyringBackend(TokenBackend):
    """simplejwt's token backend over the keyring: the claim rules of SIMPLE_JWT (issuer,
    audience, leeway), the keys of `current()`. `external`: whether keys of another
    service may have signed the token (access tokens yes, refresh tokens no)."""

    def __init__(self, *, external: bool) -> None:
        super().__init__(
            HMAC_ALGORITHM,
            audience=api_settings.AUDIENCE,
            issuer=api_settings.ISSUER,
            leeway=api_settings.LEEWAY,
        )
        self.external = external

    def encode(self, payload: dict[str, Any]) -> str:
        return current().sign({**payload, "aud": self.audience, "iss": self.issuer})

    def decode(self, token, verify: bool = True) -> dict[str, Any]:
        # `verify` is ignored on purpose: nothing here reads a token it has not verified.
        # The authentication class hands over the header's bytes.
        if isinstance(token, bytes):
            token = token.decode("ascii", errors="replace")
        try:
            return current().verify(token, external=self.external, issuer=self.issuer,
                                    audience=self.audience, leeway=self.get_leeway())
        except jwt.ExpiredSignatureError as exc:
            raise TokenBackendExpiredToken(_("Token is expired")) from exc
        except jwt.InvalidTokenError as exc:
            raise TokenBackendError(_("Token is invalid")) from exc
