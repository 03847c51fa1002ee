"""Tokens for tests, minted by the app's own token class (tracktory.accounts.tokens), so
they carry exactly the claims, signature and bookkeeping production's tokens do.

Tokens minted *elsewhere* (an external sign-in service, forgeries) are built in the token
tests themselves with PyJWT: those are what the app must judge, not what it makes.
"""

from datetime import timedelta

from rest_framework.test import APIClient

from tracktory.accounts.tokens import RefreshToken


def token_pair(user, *, access_expired_for: timedelta | None = None) -> dict[str, str]:
    """A fresh refresh token and its access token, as sign-in hands them out.

    `access_expired_for`: the access token expired that long ago (its refresh stays valid).
    """
    refresh = RefreshToken.for_user(user)
    access = refresh.access_token
    if access_expired_for is not None:
        access.set_exp(lifetime=-access_expired_for)
    return {"access": str(access), "refresh": str(refresh)}


def access_token_for(user) -> str:
    return token_pair(user)["access"]


def bearer_client(user) -> APIClient:
    """An API client that sends `user`'s access token, as the PWA does."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access_token_for(user)}")
    return client
