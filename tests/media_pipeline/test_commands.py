"""cleanup_uploads and reprocess_images, and the services behind them."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from inventory.models import IdempotencyKey
from media_pipeline.models import Image, PendingUpload
from media_pipeline.services import cleanup_pending_uploads
from tests.media_pipeline.conftest import photo_bytes, post_form_locally, sign, upload_one_step


def signed_and_uploaded(client, item) -> str:
    data = photo_bytes((200, 100))
    form = sign(client, item, size=len(data)).json()["data"]
    assert post_form_locally(form, data).status_code == 204
    return form["objectKey"]


def age(object_key: str, hours: int) -> None:
    PendingUpload.objects.filter(object_key=object_key).update(
        created_at=timezone.now() - timedelta(hours=hours))


class TestCleanupUploads:
    def test_only_uploads_unconfirmed_for_over_a_day_are_removed(self, auth_client, item,
                                                                  local_files):
        stale = signed_and_uploaded(auth_client, item)
        fresh = signed_and_uploaded(auth_client, item)
        age(stale, 25)
        age(fresh, 23)

        assert cleanup_pending_uploads() == 1

        assert local_files() == [f"private/{fresh}"]
        assert list(PendingUpload.objects.values_list("object_key", flat=True)) == [fresh]

    def test_a_signed_upload_never_sent_is_removed_too(self, auth_client, item):
        key = sign(auth_client, item).json()["data"]["objectKey"]
        age(key, 48)
        assert cleanup_pending_uploads() == 1
        assert not PendingUpload.objects.exists()

    def test_the_clock_is_an_argument(self, auth_client, item):
        signed_and_uploaded(auth_client, item)
        assert cleanup_pending_uploads(now=timezone.now() + timedelta(hours=23)) == 0
        assert cleanup_pending_uploads(now=timezone.now() + timedelta(hours=25)) == 1

    def test_the_command_also_purges_old_idempotency_keys(self, auth_client, user, item,
                                                          local_files):
        stale = signed_and_uploaded(auth_client, item)
        age(stale, 30)
        old = IdempotencyKey.objects.create(owner=user, key="old", method="POST", path="/x",
                                            request_hash="h")
        IdempotencyKey.objects.filter(pk=old.pk).update(
            created_at=timezone.now() - timedelta(hours=25))
        IdempotencyKey.objects.create(owner=user, key="new", method="POST", path="/x",
                                      request_hash="h")

        call_command("cleanup_uploads")

        assert local_files() == []
        assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["new"]


class TestReprocessImages:
    def test_lost_renditions_are_made_again(self, auth_client, item, local_files,
                                            isolated_storage):
        assert upload_one_step(auth_client, item, photo_bytes((900, 600))).status_code == 201
        everything = local_files()
        for path in everything:
            if path.startswith("public/"):
                (isolated_storage / "media" / path).unlink()
        assert len(local_files()) == 1

        call_command("reprocess_images", item=str(item.id))

        assert local_files() == everything

    def test_a_missing_original_is_reported_and_fails_the_command(self, auth_client, item,
                                                                   isolated_storage):
        assert upload_one_step(auth_client, item, photo_bytes((300, 200))).status_code == 201
        image = Image.objects.get()
        (isolated_storage / "media" / "private" / image.original_key).unlink()

        with pytest.raises(SystemExit):
            call_command("reprocess_images")
