"""Plain Django views of the accounts app (outside /api: no envelope, no auth)."""

from django.http import JsonResponse
from django.views.decorators.http import require_GET

from tracktory.accounts import keyring

# Verifiers refetch on an unknown kid, so a short cache only delays them after a rotation.
JWKS_MAX_AGE_SECONDS = 300


@require_GET
def jwks(request):
    """The public keys our RS256/ES256 tokens are signed with (current and previous), as
    a JWK set other services can verify our tokens with. Empty while we sign HS256."""
    response = JsonResponse(keyring.current().published_jwks())
    response["Cache-Control"] = f"public, max-age={JWKS_MAX_AGE_SECONDS}"
    return response
