"""cleanup_uploads and reprocess_images, and the functions behind them."""

import os
import time
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from inventory.cleanup import cleanup_uploads
from inventory.models import Image
from inventory.photos.services import reprocess_image
from media_pipeline.models import PendingUpload
from tests.kit.photos import photo_bytes
from tests.media_pipeline.conftest import post_form_locally, sign, upload_one_step
from tracktory.api.models import IdempotencyKey

DAY = timedelta(hours=24)


def signed_and_uploaded(client, item) -> str:
    data = photo_bytes((200, 100))
    form = sign(client, item, size=len(data)).json()["data"]
    assert post_form_locally(form, data).status_code == 204
    return form["objectKey"]


def age(object_key: str, hours: int) -> None:
    PendingUpload.objects.filter(object_key=object_key).update(
        created_at=timezone.now() - timedelta(hours=hours))


def age_file(path, hours: int) -> None:
    then = time.time() - hours * 3600
    os.utime(path, (then, then))


def stored_files(image) -> list[str]:
    return sorted([f"private/{image.original_key}",
                   *(f"public/{key}" for key in image.rendition_keys.values())])


def run(command: str, *args) -> str:
    out = StringIO()
    call_command(command, *args, stdout=out, stderr=StringIO())
    return out.getvalue()


class TestCleanupUploads:
    def test_only_uploads_unconfirmed_for_over_a_day_are_removed(self, auth_client, item,
                                                                  local_files):
        stale = signed_and_uploaded(auth_client, item)
        fresh = signed_and_uploaded(auth_client, item)
        age(stale, 25)
        age(fresh, 23)

        report = cleanup_uploads(older_than=DAY)

        assert report.pending_uploads == [stale]
        assert local_files() == [f"private/{fresh}"]
        assert list(PendingUpload.objects.values_list("object_key", flat=True)) == [fresh]

    def test_a_signed_upload_never_sent_is_removed_too(self, auth_client, item):
        key = sign(auth_client, item).json()["data"]["objectKey"]
        age(key, 48)

        assert cleanup_uploads(older_than=DAY).pending_uploads == [key]
        assert not PendingUpload.objects.exists()

    def test_the_clock_is_an_argument(self, auth_client, item):
        signed_and_uploaded(auth_client, item)
        soon, later = timezone.now() + timedelta(hours=23), timezone.now() + timedelta(hours=25)

        assert cleanup_uploads(older_than=DAY, now=soon).pending_uploads == []
        assert len(cleanup_uploads(older_than=DAY, now=later).pending_uploads) == 1

    def test_orphaned_objects_older_than_the_cutoff_are_removed(self, auth_client, item,
                                                                 local_files, isolated_storage):
        assert upload_one_step(auth_client, item, photo_bytes((300, 200))).status_code == 201
        kept = local_files()
        media = isolated_storage / "media"
        old_orphan = media / "public/images/thumbnails/u/i/lost_thumb.webp"
        new_orphan = media / "private/images/originals/u/i/in-flight.jpg"
        for path in (old_orphan, new_orphan):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(b"x")
        age_file(old_orphan, 30)
        for path in kept:
            age_file(media / path, 30)

        report = cleanup_uploads(older_than=DAY)

        assert report.orphaned_objects == ["public:images/thumbnails/u/i/lost_thumb.webp"]
        in_flight = "private/images/originals/u/i/in-flight.jpg"
        assert sorted(local_files()) == sorted([*kept, in_flight])

    def test_dry_run_lists_and_removes_nothing(self, auth_client, item, local_files):
        stale = signed_and_uploaded(auth_client, item)
        age(stale, 25)

        output = run("cleanup_uploads", "--dry-run")

        assert f"Would remove unconfirmed upload {stale}" in output
        assert "Would remove 1 unconfirmed upload(s)" in output
        assert local_files() == [f"private/{stale}"]
        assert PendingUpload.objects.count() == 1

    def test_older_than_narrows_or_widens_the_window(self, auth_client, item):
        stale = signed_and_uploaded(auth_client, item)
        age(stale, 3)

        assert "Removed 0 unconfirmed" in run("cleanup_uploads")
        assert "Removed 1 unconfirmed" in run("cleanup_uploads", "--older-than", "2h")

    @pytest.mark.parametrize("value", ["yesterday", "24", "0h", "-1d"])
    def test_a_bad_age_is_a_clear_error(self, value):
        with pytest.raises(CommandError, match="--older-than takes an age like 30m, 24h or 7d"):
            run("cleanup_uploads", f"--older-than={value}")

    def test_idempotency_keys_keep_their_24_hour_window(self, user):
        old = IdempotencyKey.objects.create(owner=user, key="old", method="POST", path="/x",
                                            request_hash="h")
        IdempotencyKey.objects.filter(pk=old.pk).update(
            created_at=timezone.now() - timedelta(hours=25))
        young = IdempotencyKey.objects.create(owner=user, key="young", method="POST",
                                              path="/x", request_hash="h")
        IdempotencyKey.objects.filter(pk=young.pk).update(
            created_at=timezone.now() - timedelta(hours=2))

        output = run("cleanup_uploads", "--older-than", "1h")

        assert "1 expired idempotency key(s)" in output
        assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["young"]

    def test_running_twice_is_harmless(self, auth_client, item):
        age(signed_and_uploaded(auth_client, item), 25)

        run("cleanup_uploads")

        assert "Removed 0 unconfirmed upload(s), 0 orphaned" in run("cleanup_uploads")


class TestReprocessImages:
    def test_lost_renditions_are_made_again_under_new_keys(self, auth_client, item,
                                                           local_files, isolated_storage):
        assert upload_one_step(auth_client, item, photo_bytes((900, 600))).status_code == 201
        before = Image.objects.get().rendition_keys
        for path in local_files():
            if path.startswith("public/"):
                (isolated_storage / "media" / path).unlink()
        assert len(local_files()) == 1

        output = run("reprocess_images", "--item", str(item.id))

        assert "[1/1]" in output
        image = Image.objects.get()
        assert image.rendition_keys == {
            name: key.replace(".v1-r1.webp", ".v1-r2.webp") for name, key in before.items()}
        assert local_files() == stored_files(image)

    def test_new_keys_are_swapped_in_and_the_old_objects_go_after_the_commit(
            self, auth_client, item, local_files, django_capture_on_commit_callbacks):
        assert upload_one_step(auth_client, item, photo_bytes((900, 600))).status_code == 201
        image = Image.objects.get()
        old = sorted(f"public/{key}" for key in image.rendition_keys.values())

        with django_capture_on_commit_callbacks() as after_commit:
            reprocess_image(image=image)
            # Swapped, but not committed yet: the old objects are still served.
            new = sorted(f"public/{key}" for key in Image.objects.get().rendition_keys.values())
            assert set(old) <= set(local_files()) and set(new) <= set(local_files())
            assert not set(old) & set(new)
        for callback in after_commit:
            callback()

        assert local_files() == sorted([f"private/{image.original_key}", *new])
        shown = auth_client.get(reverse("item-detail", args=[item.id])).json()["data"]
        assert shown["images"][0]["displayUrl"].endswith(
            Image.objects.get().rendition_keys["display"])

    def test_a_failed_swap_keeps_the_old_objects_and_removes_the_new(
            self, auth_client, item, local_files, monkeypatch):
        assert upload_one_step(auth_client, item, photo_bytes((900, 600))).status_code == 201
        image = Image.objects.get()
        before, files = dict(image.rendition_keys), local_files()

        def refuse(*args, **kwargs):
            raise OSError("database went away")

        monkeypatch.setattr(Image, "save", refuse)
        with pytest.raises(OSError):
            reprocess_image(image=Image.objects.get())

        assert local_files() == files
        assert Image.objects.get().rendition_keys == before

    def test_keys_stored_before_versioning_keep_working_and_are_replaced(
            self, auth_client, item, local_files, isolated_storage,
            django_capture_on_commit_callbacks):
        assert upload_one_step(auth_client, item, photo_bytes((900, 600))).status_code == 201
        image = Image.objects.get()
        legacy = {name: key.replace(".v1-r1.webp", ".webp")
                  for name, key in image.rendition_keys.items()}
        public = isolated_storage / "media" / "public"
        for name, key in image.rendition_keys.items():
            (public / key).rename(public / legacy[name])
        Image.objects.filter(pk=image.pk).update(rendition_keys=legacy)

        shown = auth_client.get(reverse("item-detail", args=[item.id])).json()["data"]
        assert shown["images"][0]["thumbnailUrl"].endswith(legacy["thumbnail"])
        with django_capture_on_commit_callbacks(execute=True):
            run("reprocess_images", "--item", str(item.id))

        image.refresh_from_db()
        assert all(key.endswith(".v1-r1.webp") for key in image.rendition_keys.values())
        assert local_files() == stored_files(image)

    def test_outdated_picks_only_images_missing_a_size_or_made_by_an_older_pipeline(
            self, auth_client, item):
        for _ in range(3):
            assert upload_one_step(auth_client, item, photo_bytes((300, 200))).status_code == 201
        current, missing, legacy = Image.objects.order_by("created_at")
        del missing.rendition_keys["detail"]
        missing.save()
        legacy.rendition_keys = {name: key.replace(".v1-r1.webp", ".webp")
                                 for name, key in legacy.rendition_keys.items()}
        legacy.save()

        output = run("reprocess_images", "--outdated")

        assert f"{current.id}" not in output and "Reprocessed 2 image(s), 0 failed" in output
        assert Image.objects.get(pk=current.pk).rendition_keys == current.rendition_keys
        assert set(Image.objects.get(pk=missing.pk).rendition_keys) == {
            "thumbnail", "display", "detail"}
        assert "Reprocessed 0 image(s)" in run("reprocess_images", "--outdated")

    def test_all_reprocesses_every_image(self, auth_client, item, other_client, other_item):
        assert upload_one_step(auth_client, item, photo_bytes((300, 200))).status_code == 201
        assert upload_one_step(other_client, other_item,
                               photo_bytes((300, 200))).status_code == 201

        assert "Reprocessed 2 image(s), 0 failed" in run("reprocess_images", "--all")

    def test_a_missing_original_is_reported_and_fails_the_command(self, auth_client, item,
                                                                   isolated_storage):
        assert upload_one_step(auth_client, item, photo_bytes((300, 200))).status_code == 201
        image = Image.objects.get()
        (isolated_storage / "media" / "private" / image.original_key).unlink()

        with pytest.raises(CommandError, match="1 image"):
            run("reprocess_images", "--all")

    @pytest.mark.parametrize(
        ("args", "message"),
        [([], "one of the arguments --item --user --all --outdated is required"),
         (["--item", "nope"], "--item takes a UUID"),
         (["--user", "00000000-0000-0000-0000-000000000000"], "No images match")],
        ids=["no-scope", "bad-uuid", "unknown-user"],
    )
    def test_bad_arguments_fail_clearly(self, db, args, message):
        with pytest.raises(CommandError, match=message):
            run("reprocess_images", *args)
