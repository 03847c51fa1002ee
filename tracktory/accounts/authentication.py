"""Bearer JWT authentication with Tracktory's token rules (see `tracktory.accounts.tokens`)."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from rest_framework_simplejwt import authentication
from rest_framework_simplejwt.exceptions import AuthenticationFailed, InvalidToken, TokenError

from tracktory.accounts.tokens import user_id_from_claims


class JWTAuthentication(authentication.JWTAuthentication):
    """Finds the user by `sub`/`user_id`, so tokens minted elsewhere work like ours.

    A deleted or deactivated user is refused even while their token has not expired.
    """

    def get_user(self, validated_token):
        try:
            user_id = user_id_from_claims(validated_token.payload)
        except TokenError as exc:
            raise InvalidToken(exc.args[0]) from exc
        user = get_user_model().objects.filter(pk=user_id).first()
        if user is None:
            raise AuthenticationFailed(_("User not found"), code="user_not_found")
        if not user.is_active:
            raise AuthenticationFailed(_("User is inactive"), code="user_inactive")
        return user
