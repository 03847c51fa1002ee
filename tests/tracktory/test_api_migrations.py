"""IdempotencyKey moved from `inventory` to `tracktory.api`: stored keys survive the move."""

import pytest
from django.contrib.contenttypes.models import ContentType

from tests.kit.migrations import leaves, migrate
from tracktory.api.models import IdempotencyKey

LAST_BEFORE_THE_MOVE = ("inventory", "0004_search_owner_indexes")



@pytest.mark.django_db(transaction=True)
def test_moving_idempotency_keys_to_the_api_app_keeps_every_row():
    old = migrate([LAST_BEFORE_THE_MOVE, ("api", None)], state_of=[LAST_BEFORE_THE_MOVE])
    user = old.get_model("accounts", "User").objects.create(email="ada@example.com")
    stored = old.get_model("inventory", "IdempotencyKey").objects.create(
        owner_id=user.pk, key="key-1", method="POST", path="/api/items",
        request_hash="a" * 64, status_code=201, response_body={"success": True},
        response_headers={"ETag": '"x"'},
    )
    # (Migrating back renamed the content type to what it was before the move.)
    content_type, _ = ContentType.objects.get_or_create(app_label="inventory",
                                                        model="idempotencykey")

    migrate(leaves())

    moved = IdempotencyKey.objects.get()
    assert (moved.pk, moved.owner_id, moved.key, moved.status_code) == (
        stored.pk, user.pk, "key-1", 201)
    assert moved.response_body == {"success": True}
    assert moved.response_headers == {"ETag": '"x"'}
    # Permissions and admin log entries keep pointing at the same content type.
    assert ContentType.objects.get_for_model(IdempotencyKey).pk == content_type.pk
