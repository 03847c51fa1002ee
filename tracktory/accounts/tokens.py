"""Tracktory's JWTs: the contract's claims on the tokens we mint, and what we accept.

Every token we mint carries `sub` and `user_id` (both the user's UUID), `email`, `iss`
`tracktory-auth`, `aud` `tracktory-api` (added by simplejwt's backend), `exp`, `iat`, `jti`
and `token_type`. Which keys sign and verify them is `tracktory.accounts.keyring`'s business:
it refuses an algorithm a key is not for (including `none`), a bad signature, a wrong or
missing `iss`/`aud`, and `exp` older than the leeway.

An access token minted by another service (an external sign-in frontend sharing
JWT_SECRET, or signing with a key of JWT_JWKS_URL/JWT_JWKS_FILE) carries only the
contract's claims, so `jti` and `token_type` are optional on access tokens here. A token
that does say `token_type` must say "access": a refresh token is never accepted as an
access token.
"""

import uuid

from django.utils.translation import gettext_lazy as _
from rest_framework_simplejwt import tokens
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.utils import datetime_from_epoch

from tracktory.accounts.keyring import KeyringBackend

SUBJECT_CLAIM = "sub"
USER_ID_CLAIM = "user_id"


def user_id_from_claims(payload: dict) -> uuid.UUID:
    """The user's UUID from `sub` and/or `user_id`; when both are present they must agree."""
    values = {payload[claim] for claim in (SUBJECT_CLAIM, USER_ID_CLAIM) if claim in payload}
    if not values:
        raise TokenError(_("Token contained no recognizable user identification"))
    if len(values) > 1:
        raise TokenError(_("Token has conflicting user identification"))
    try:
        return uuid.UUID(str(values.pop()))
    except ValueError:
        raise TokenError(_("Token contained no recognizable user identification")) from None


class BlacklistedTokenError(TokenError):
    """A refresh token that was rotated or signed out."""


class AccessToken(tokens.AccessToken):
    def get_token_backend(self) -> KeyringBackend:
        return KeyringBackend(external=True)

    def verify(self) -> None:
        self.check_exp()
        token_type = self.payload.get("token_type")
        if token_type is not None and token_type != self.token_type:
            raise TokenError(_("Token has wrong type"))
        user_id_from_claims(self.payload)


class RefreshToken(tokens.RefreshToken):
    access_token_class = AccessToken

    def get_token_backend(self) -> KeyringBackend:
        # Only we mint refresh tokens: an external service's key never signs one.
        return KeyringBackend(external=False)

    def verify(self, *args, **kwargs) -> None:
        super().verify(*args, **kwargs)
        user_id_from_claims(self.payload)

    def check_blacklist(self) -> None:
        # A token without `jti` is refused by `Token.verify` right after this.
        jti = self.payload.get("jti")
        if jti and BlacklistedToken.objects.filter(token__jti=jti).exists():
            raise BlacklistedTokenError(_("Token is blacklisted"))

    @classmethod
    def for_user(cls, user) -> "RefreshToken":
        """A new refresh token, recorded as outstanding so it can be blacklisted later.

        The access token derived from it copies `sub`, `user_id` and `email`.
        """
        token = cls()
        token[USER_ID_CLAIM] = str(user.pk)
        token[SUBJECT_CLAIM] = str(user.pk)
        token["email"] = user.email
        OutstandingToken.objects.create(
            user=user,
            jti=token["jti"],
            token=str(token),
            created_at=token.current_time,
            expires_at=datetime_from_epoch(token["exp"]),
        )
        return token
