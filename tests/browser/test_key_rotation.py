"""Key rotation seen from a phone with writes queued offline (real headless Chromium).

The secret is rotated with overlap while the write waits: the old access token is
refused (401), the client refreshes once with its old refresh token, which the previous
secret still verifies, and the write replays under the new secret. A revoked refresh token
instead ends the session: sign-in is asked for and the queue is kept until then.
"""

from datetime import UTC, datetime, timedelta

import jwt
import pytest
from django.core.management import call_command
from django.urls import reverse

from inventory.models import Item
from tests.browser.test_offline_sync import (
    pending_count,
    wait_for_pending,
    wait_until_synced,
    write,
)
from tests.kit.browser import wait_for_control
from tracktory.accounts import services
from tracktory.accounts.tokens import AccessToken

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
OLD, NEW = "old-secret-" + "o" * 40, "new-secret-" + "n" * 40


def store_tokens(page, tokens: dict) -> None:
    page.evaluate("t => localStorage.setItem('tracktory.tokens', JSON.stringify(t))", tokens)


def stored_tokens(page) -> dict:
    return page.evaluate("JSON.parse(localStorage.getItem('tracktory.tokens'))")


def open_app_signed_in(page, tokens: dict) -> None:
    page.goto(reverse("pwa-login"))
    store_tokens(page, tokens)
    page.goto(reverse("pwa-settings"))
    wait_for_control(page)


def expired_access(user) -> str:
    token = AccessToken.for_user(user)
    token.set_exp(lifetime=-timedelta(hours=1))
    return str(token)


def posts_to(page, path: str) -> list:
    """The statuses of responses to POSTs to `path` from now on, in order."""
    seen = []
    page.on("response", lambda r: r.request.method == "POST" and r.url.endswith(path)
            and seen.append(r.status))
    return seen


def rotate(settings, *, secret: str, previous: tuple[str, ...]) -> None:
    """What a restart with new JWT_SECRET / JWT_SECRET_PREVIOUS does: the live server
    (same process) rebuilds its keyring from the changed settings.CONFIG."""
    from dataclasses import replace

    settings.CONFIG = replace(settings.CONFIG, jwt_secret=secret, jwt_secret_previous=previous)


def test_a_rotation_with_overlap_replays_the_queued_write_after_one_refresh(
    page, context, user, settings
):
    rotate(settings, secret=OLD, previous=())
    tokens = services.token_pair_for(user=user)
    # The phone's clock runs two hours slow: it still takes its expired access token for
    # fresh, so only the server's 401 tells it to refresh.
    page.clock.install(time=datetime.now(UTC) - timedelta(hours=2))
    open_app_signed_in(page, tokens)
    context.set_offline(True)
    write(page, {"kind": "item", "op": "create", "body": {"name": "Lantern"}})
    wait_for_pending(page, 1)
    store_tokens(page, {"access": expired_access(user), "refresh": tokens["refresh"]})

    rotate(settings, secret=NEW, previous=(OLD,))
    refreshes, creates = posts_to(page, "/api/auth/refresh"), posts_to(page, "/api/items")
    context.set_offline(False)
    wait_until_synced(page)

    assert creates == [401, 201]
    assert refreshes == [200]
    assert list(Item.objects.filter(owner=user).values_list("name", flat=True)) == ["Lantern"]
    renewed = stored_tokens(page)
    for token in renewed.values():  # everything new is signed with the new secret
        jwt.decode(token, NEW, algorithms=["HS256"], audience="tracktory-api",
                   issuer="tracktory-auth", leeway=60)
    assert page.locator("[data-sync-signin]").count() == 0


def test_a_revoked_refresh_token_asks_for_sign_in_and_keeps_the_queue(
    page, context, user, other_user
):
    tokens = services.token_pair_for(user=user)
    others = services.token_pair_for(user=other_user)
    open_app_signed_in(page, tokens)
    context.set_offline(True)
    write(page, {"kind": "item", "op": "create", "body": {"name": "Tent"}})
    wait_for_pending(page, 1)
    store_tokens(page, {"access": expired_access(user), "refresh": tokens["refresh"]})

    call_command("revoke_tokens", "--user", user.email)
    refreshes = posts_to(page, "/api/auth/refresh")
    context.set_offline(False)
    prompt = page.locator("[data-sync-signin]")
    prompt.wait_for()

    assert refreshes == [401]
    assert "Sign in to sync" in prompt.inner_text()
    assert pending_count(page) == "1"
    assert not Item.objects.filter(owner=user).exists()
    assert services.token_refresh(refresh=others["refresh"])  # only Ada was revoked

    store_tokens(page, services.token_pair_for(user=user))  # she signs in again
    with page.expect_response(lambda r: r.request.method == "POST"
                              and r.url.endswith("/api/items")) as created:
        page.reload()  # the kept entry replays
    assert created.value.status == 201
    assert list(Item.objects.filter(owner=user).values_list("name", flat=True)) == ["Tent"]
