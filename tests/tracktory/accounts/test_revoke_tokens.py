"""Revoking refresh tokens (a suspected leak, a lost phone): `manage.py revoke_tokens
--all|--user EMAIL` over `refresh_tokens_revoke_all` / `refresh_tokens_revoke_for`."""

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken

from tracktory.accounts import services
from tracktory.api.errors import NotFound

pytestmark = pytest.mark.django_db


def refresh(api_client, token: str):
    return api_client.post(reverse("auth-refresh"), {"refresh": token}, format="json")


def test_revoking_one_user_stops_their_refresh_tokens_and_no_one_elses(api_client, user,
                                                                        other_user):
    phone = services.token_pair_for(user=user)
    laptop = services.token_pair_for(user=user)
    others = services.token_pair_for(user=other_user)

    revoked = services.refresh_tokens_revoke_for(email="ADA@example.com")

    assert revoked == 2
    assert refresh(api_client, phone["refresh"]).status_code == 401
    assert refresh(api_client, laptop["refresh"]).status_code == 401
    assert refresh(api_client, others["refresh"]).status_code == 200


def test_a_refresh_token_issued_after_the_revocation_works(api_client, user):
    services.token_pair_for(user=user)
    services.refresh_tokens_revoke_for(email=user.email)

    signed_in_again = services.token_pair_for(user=user)

    assert refresh(api_client, signed_in_again["refresh"]).status_code == 200


def test_revoking_all_stops_every_refresh_token(api_client, user, other_user):
    pairs = [services.token_pair_for(user=user), services.token_pair_for(user=other_user)]

    assert services.refresh_tokens_revoke_all() == 2

    for pair in pairs:
        assert refresh(api_client, pair["refresh"]).status_code == 401


def test_tokens_already_revoked_or_expired_are_not_counted_again(user):
    rotated_away = services.token_pair_for(user=user)
    services.token_revoke(refresh=rotated_away["refresh"])
    services.token_pair_for(user=user)
    expired = OutstandingToken.objects.order_by("created_at").last()
    expired.expires_at = timezone.now() - timedelta(seconds=1)
    expired.save()
    services.token_pair_for(user=user)

    assert services.refresh_tokens_revoke_for(email=user.email) == 1
    assert services.refresh_tokens_revoke_for(email=user.email) == 0


def test_revoking_an_unknown_email_is_not_found(user):
    with pytest.raises(NotFound):
        services.refresh_tokens_revoke_for(email="nobody@example.com")
    assert not BlacklistedToken.objects.exists()


def test_the_command_revokes_one_users_tokens(api_client, user, other_user, capsys):
    mine = services.token_pair_for(user=user)
    theirs = services.token_pair_for(user=other_user)

    call_command("revoke_tokens", "--user", "ada@example.com")

    assert "Revoked 1 refresh token(s) of ada@example.com." in capsys.readouterr().out
    assert refresh(api_client, mine["refresh"]).status_code == 401
    assert refresh(api_client, theirs["refresh"]).status_code == 200


def test_the_command_revokes_everyones_tokens(api_client, user, other_user, capsys):
    pairs = [services.token_pair_for(user=user), services.token_pair_for(user=other_user)]

    call_command("revoke_tokens", "--all")

    assert "Revoked 2 refresh token(s) of all accounts." in capsys.readouterr().out
    assert all(refresh(api_client, p["refresh"]).status_code == 401 for p in pairs)


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--user", "nobody@example.com"], "No account with the email address"),
     ([], "one of the arguments --all --user is required"),
     (["--all", "--user", "ada@example.com"], "not allowed with argument")],
    ids=["unknown-user", "neither", "both"],
)
def test_the_command_refuses_bad_arguments(user, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("revoke_tokens", *args)
