"""The images API on local storage (the embedded default): sign, upload, confirm, read, delete.

The same contract on real S3 is in test_s3.py.
"""

import uuid
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from inventory.models import Image, Item, ItemHistory
from media_pipeline.models import PendingUpload
from media_pipeline.services import MAX_UPLOAD_BYTES
from tests.kit.photos import (
    GPS_IFD,
    HTML_PAGE,
    NOT_REALLY_JPEG,
    SVG_WITH_SCRIPT,
    opened,
    oversized,
    photo_bytes,
    truncated,
)
from tests.media_pipeline.conftest import confirm, post_form_locally, sign, upload_one_step

IMMUTABLE = "public, max-age=31536000, immutable"


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def signed_and_uploaded(client, item, data, content_type="image/jpeg") -> str:
    form = sign(client, item, content_type=content_type, size=len(data)).json()["data"]
    assert post_form_locally(form, data, content_type=content_type).status_code == 204
    return form["objectKey"]


def add_image(client, item, data=None) -> dict:
    response = upload_one_step(client, item, data or photo_bytes((400, 300)))
    assert response.status_code == 201, response.json()
    return response.json()["data"]


class TestSignedUploadFlow:
    def test_sign_upload_confirm_read_delete(
        self, auth_client, item, user, local_files, django_capture_on_commit_callbacks
    ):
        data = photo_bytes((2400, 1800))

        signed = sign(auth_client, item, size=len(data))
        assert signed.status_code == 200, signed.json()
        form = signed.json()["data"]
        key = form["objectKey"]
        assert key.startswith(f"images/originals/{user.id}/{item.id}/") and key.endswith(".jpg")
        assert form["uploadUrl"] == "http://testserver" + reverse("media-upload")
        assert form["fields"]["key"] == key and form["fields"]["Content-Type"] == "image/jpeg"
        assert form["maxSize"] == MAX_UPLOAD_BYTES == 10 * 1024 * 1024  # the contract's 10 MB
        assert (form["method"], form["headers"]) == ("POST", {})
        assert local_files() == []

        assert post_form_locally(form, data).status_code == 204
        assert local_files() == [f"private/{key}"]

        confirmed = confirm(auth_client, item, key, altText="Drill, left side")
        assert confirmed.status_code == 201, confirmed.json()
        image = confirmed.json()["data"]
        assert image["altText"] == "Drill, left side"
        assert (image["width"], image["height"], image["position"]) == (2400, 1800, 0)
        assert image["isPrimary"] is True
        image_id = image["id"]
        assert key.endswith(f"/{image_id}.jpg")
        assert local_files() == sorted([
            f"private/{key}",
            f"public/images/detail/{user.id}/{item.id}/{image_id}_1600.v1-r1.webp",
            f"public/images/display/{user.id}/{item.id}/{image_id}_800.v1-r1.webp",
            f"public/images/thumbnails/{user.id}/{item.id}/{image_id}_thumb.v1-r1.webp",
        ])
        assert not PendingUpload.objects.exists()

        shown = auth_client.get(reverse("image-detail", args=[image_id]))
        assert shown.status_code == 200
        shown = shown.json()["data"]
        anonymous = APIClient()
        original = anonymous.get(path_of(shown["originalUrl"]))
        assert original.status_code == 200
        assert b"".join(original.streaming_content) == data
        assert original["Cache-Control"].startswith("private")
        for name, size in (("thumbnailUrl", (150, 112)), ("displayUrl", (800, 600)),
                           ("detailUrl", (1600, 1200))):
            served = anonymous.get(shown[name])
            assert served.status_code == 200
            assert served["Content-Type"] == "image/webp"
            assert served["Cache-Control"] == IMMUTABLE
            rendition = opened(b"".join(served.streaming_content))
            assert rendition.size == size
            assert not rendition.getexif()

        with django_capture_on_commit_callbacks(execute=True):
            deleted = auth_client.delete(reverse("image-detail", args=[image_id]))
        assert deleted.status_code == 204
        assert local_files() == []
        assert not Image.objects.exists()
        assert auth_client.get(reverse("image-detail", args=[image_id])).status_code == 404

    def test_the_original_keeps_its_exif_but_renditions_do_not(self, auth_client, item):
        data = photo_bytes((800, 600))
        image = confirm(auth_client, item, signed_and_uploaded(auth_client, item, data))
        shown = image.json()["data"]
        original = APIClient().get(path_of(shown["originalUrl"]))
        assert opened(b"".join(original.streaming_content)).getexif()
        thumb = APIClient().get(shown["thumbnailUrl"])
        rendition = opened(b"".join(thumb.streaming_content))
        assert not rendition.getexif().get_ifd(GPS_IFD)
        assert not rendition.getexif()

    def test_adding_an_image_changes_the_items_etag_and_shows_in_the_item(self, auth_client,
                                                                           item):
        url = reverse("item-detail", args=[item.id])
        before = auth_client.get(url)
        image = add_image(auth_client, item)

        after = auth_client.get(url, HTTP_IF_NONE_MATCH=before["ETag"])

        assert after.status_code == 200
        assert after["ETag"] != before["ETag"]
        shown = after.json()["data"]["images"]
        assert [entry["id"] for entry in shown] == [image["id"]]
        assert shown[0]["thumbnailUrl"] == image["thumbnailUrl"]

    def test_a_retried_confirm_with_the_same_idempotency_key_replays(self, auth_client, item):
        key = signed_and_uploaded(auth_client, item, photo_bytes((300, 200)))
        first = auth_client.post(reverse("image-confirm", args=[item.id]), {"objectKey": key},
                                 format="json", HTTP_IDEMPOTENCY_KEY="confirm-1")
        again = auth_client.post(reverse("image-confirm", args=[item.id]), {"objectKey": key},
                                 format="json", HTTP_IDEMPOTENCY_KEY="confirm-1")
        assert first.status_code == again.status_code == 201
        assert again["Idempotency-Replayed"] == "true"
        assert again.json()["data"]["id"] == first.json()["data"]["id"]
        assert Image.objects.count() == 1

    def test_confirming_twice_without_a_key_is_a_conflict(self, auth_client, item):
        key = signed_and_uploaded(auth_client, item, photo_bytes((300, 200)))
        assert confirm(auth_client, item, key).status_code == 201
        again = confirm(auth_client, item, key)
        assert again.status_code == 409
        assert again.json()["error"]["code"] == "CONFLICT"
        assert Image.objects.count() == 1


class TestSignRefusals:
    @pytest.mark.parametrize(
        ("body", "field"),
        [
            ({"contentType": "image/gif"}, "contentType"),
            ({"contentType": "image/svg+xml"}, "contentType"),
            ({"contentType": "text/html"}, "contentType"),
            ({"contentType": 7}, "contentType"),
            ({"size": 0}, "size"),
            ({"size": MAX_UPLOAD_BYTES + 1}, "size"),
            ({"size": "big"}, "size"),
            ({"size": None}, "size"),
            ({"fileName": "x" * 256}, "fileName"),
        ],
        ids=["gif", "svg", "html", "type-not-string", "empty", "over-10mb", "size-not-number",
             "size-null", "long-name"],
    )
    def test_bad_requests_are_400_with_field_details(self, auth_client, item, body, field):
        response = sign(auth_client, item, **body)
        assert response.status_code == 400
        error = response.json()["error"]
        assert error["code"] == "VALIDATION_ERROR"
        assert field in error["details"]
        assert not PendingUpload.objects.exists()

    def test_a_missing_body_field_is_named(self, auth_client, item):
        response = auth_client.post(reverse("image-sign", args=[item.id]), {}, format="json")
        assert response.status_code == 400
        assert set(response.json()["error"]["details"]) == {"contentType", "size"}

    def test_another_users_item_is_not_found(self, auth_client, other_item):
        response = sign(auth_client, other_item)
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "NOT_FOUND"
        assert not PendingUpload.objects.exists()

    def test_signing_needs_a_token(self, api_client, item):
        assert sign(api_client, item).status_code == 401


class TestLocalUploadTarget:
    """The app's upload URL enforces the signed policy as S3 enforces a presigned POST."""

    @pytest.fixture
    def form(self, auth_client, item):
        return sign(auth_client, item, size=5000).json()["data"]

    @pytest.mark.parametrize(
        ("overrides", "field"),
        [
            ({"key": "images/originals/someone/else/x.jpg"}, "key"),
            ({"Content-Type": "image/png"}, "Content-Type"),
            ({"policy": "forged"}, "policy"),
        ],
        ids=["other-key", "other-type", "forged-policy"],
    )
    def test_a_form_that_breaks_its_policy_is_refused(self, form, local_files, overrides,
                                                      field):
        response = post_form_locally(form, photo_bytes((200, 100)), **overrides)
        assert response.status_code == 403
        assert field in response.json()["error"]["details"]
        assert local_files() == []

    def test_an_expired_policy_is_refused(self, user, item, local_files):
        from media_pipeline import storage

        key = f"images/originals/{user.id}/{item.id}/{uuid.uuid4()}.jpg"
        stale = storage.sign_upload(key=key, content_type="image/jpeg", max_size=100_000,
                                    now=1_000_000)
        form = {"uploadUrl": stale.url, "fields": stale.fields}
        response = post_form_locally(form, photo_bytes((200, 100)))
        assert response.status_code == 403
        assert "expired" in response.json()["error"]["message"]
        assert local_files() == []

    def test_a_file_over_10_mb_is_refused(self, form, local_files):
        response = post_form_locally(form, oversized(MAX_UPLOAD_BYTES))
        assert response.status_code == 400
        assert "file" in response.json()["error"]["details"]
        assert local_files() == []

    def test_a_body_far_over_the_limit_is_refused_before_it_is_read(self, form, local_files):
        response = post_form_locally(form, oversized(MAX_UPLOAD_BYTES * 2))
        assert response.status_code == 400
        assert response.json()["error"]["details"] == {
            "file": [f"The file must be at most {MAX_UPLOAD_BYTES} bytes."]}
        assert local_files() == []

    def test_a_form_without_the_file_is_refused(self, form, local_files):
        path = urlsplit(form["uploadUrl"]).path
        response = APIClient().post(path, form["fields"], format="multipart")
        assert response.status_code == 400
        assert local_files() == []

    def test_only_post_is_allowed(self, form):
        assert APIClient().get(urlsplit(form["uploadUrl"]).path).status_code == 405


class TestConfirmRefusals:
    @pytest.mark.parametrize(
        "data",
        [
            NOT_REALLY_JPEG,
            truncated(photo_bytes((600, 400)), 5000),
            SVG_WITH_SCRIPT,
            photo_bytes((200, 100)) + b"PK\x03\x04 a zip after the image",
            photo_bytes((200, 100), "PNG"),
        ],
        ids=["corrupt", "truncated", "svg", "polyglot", "png-signed-as-jpeg"],
    )
    def test_bad_bytes_are_400_and_leave_nothing_behind(self, auth_client, item, local_files,
                                                        data):
        key = signed_and_uploaded(auth_client, item, data)
        assert local_files() == [f"private/{key}"]

        response = confirm(auth_client, item, key)

        assert response.status_code == 400
        error = response.json()["error"]
        assert error["code"] == "VALIDATION_ERROR"
        assert error["details"]["objectKey"] == [error["message"]]
        assert local_files() == []
        assert not Image.objects.exists() and not PendingUpload.objects.exists()

    def test_a_key_for_another_item_is_forbidden(self, auth_client, user, item, local_files):
        mine_too = Item.objects.create(owner=user, name="Saw")
        key = signed_and_uploaded(auth_client, mine_too, photo_bytes((200, 100)))
        response = confirm(auth_client, item, key)
        assert response.status_code == 403
        assert local_files() == [f"private/{key}"]

    def test_another_users_key_is_forbidden(self, auth_client, other_client, item, other_item):
        key = signed_and_uploaded(other_client, other_item, photo_bytes((200, 100)))
        forged = key.replace(str(other_item.id), str(item.id))
        assert confirm(auth_client, item, forged).status_code == 403
        assert confirm(auth_client, other_item, key).status_code == 404

    @pytest.mark.parametrize(
        "object_key",
        ["", "images/originals/../../etc/passwd", "not-a-key", "x" * 301],
        ids=["blank", "traversal", "garbage", "too-long"],
    )
    def test_a_malformed_key_is_400(self, auth_client, item, object_key):
        response = confirm(auth_client, item, object_key)
        assert response.status_code == 400
        assert "objectKey" in response.json()["error"]["details"]

    def test_nothing_uploaded_yet_is_400_and_the_upload_stays_signed(self, auth_client, item):
        form = sign(auth_client, item).json()["data"]
        response = confirm(auth_client, item, form["objectKey"])
        assert response.status_code == 400
        assert "uploaded" in response.json()["error"]["message"]
        assert PendingUpload.objects.filter(object_key=form["objectKey"]).exists()

    def test_an_unsigned_key_of_the_right_shape_is_400(self, auth_client, user, item):
        key = f"images/originals/{user.id}/{item.id}/{uuid.uuid4()}.jpg"
        assert confirm(auth_client, item, key).status_code == 400


class TestOneStepUpload:
    def test_a_multipart_upload_makes_an_image(self, auth_client, item, local_files):
        response = upload_one_step(auth_client, item, photo_bytes((1000, 800), "WEBP"),
                                   name="IMG_2041.webp", content_type="image/webp",
                                   altText="From above")
        assert response.status_code == 201, response.json()
        image = Image.objects.get()
        assert image.original_key.endswith(f"{image.id}.webp")
        assert image.alt_text == "From above" and image.content_type == "image/webp"
        assert len(local_files()) == 4
        assert not any("IMG_2041" in path for path in local_files())

    @pytest.mark.parametrize(
        ("data", "field"),
        [
            (HTML_PAGE, "file"),
            (truncated(photo_bytes((300, 200)), 4000), "file"),
            (oversized(MAX_UPLOAD_BYTES), "file"),
        ],
        ids=["html-named-jpg", "truncated", "over-10mb"],
    )
    def test_refused_files_leave_nothing_behind(self, auth_client, item, local_files, data,
                                                field):
        response = upload_one_step(auth_client, item, data)
        assert response.status_code == 400
        assert field in response.json()["error"]["details"]
        assert local_files() == []
        assert not Image.objects.exists()

    def test_a_missing_file_is_400(self, auth_client, item):
        response = auth_client.post(reverse("item-images", args=[item.id]), {"altText": "x"},
                                    format="multipart")
        assert response.status_code == 400
        assert "file" in response.json()["error"]["details"]

    def test_another_users_item_is_not_found(self, auth_client, other_item, local_files):
        assert upload_one_step(auth_client, other_item, photo_bytes()).status_code == 404
        assert local_files() == []


class TestReadsAndOwnership:
    def test_another_users_image_is_not_found(self, auth_client, other_client, item):
        image_id = add_image(auth_client, item)["id"]
        url = reverse("image-detail", args=[image_id])
        assert other_client.get(url).status_code == 404
        assert other_client.patch(url, {"altText": "mine"}, format="json").status_code == 404
        assert other_client.delete(url).status_code == 404
        assert Image.objects.filter(pk=image_id, alt_text="").exists()

    def test_the_gallery_lists_an_items_images_primary_first(self, auth_client, item):
        first, second = add_image(auth_client, item), add_image(auth_client, item)
        listed = auth_client.get(reverse("item-images", args=[item.id])).json()["data"]
        assert [image["id"] for image in listed] == [first["id"], second["id"]]
        assert [image["isPrimary"] for image in listed] == [True, False]

    def test_an_expired_or_forged_original_link_is_refused(self, auth_client, item):
        from media_pipeline import storage

        image = Image.objects.get(pk=add_image(auth_client, item)["id"])
        expired = storage.original_url(image.original_key, now=1_000_000)
        assert APIClient().get(expired).status_code == 403
        valid = storage.original_url(image.original_key)
        assert APIClient().get(valid).status_code == 200
        forged = valid.replace("signature=", "signature=x")
        assert APIClient().get(forged).status_code == 403
        other_key = valid.replace(str(image.id), str(uuid.uuid4()))
        assert APIClient().get(other_key).status_code == 403
        unsigned = reverse("media-original", kwargs={"key": image.original_key})
        assert APIClient().get(unsigned).status_code == 403

    def test_served_files_stay_inside_their_directory(self, auth_client, item):
        add_image(auth_client, item)
        assert APIClient().get("/media/public/../private/x.jpg").status_code == 404
        assert APIClient().get(reverse("media-public", args=["nope.webp"])).status_code == 404


class TestGalleryOrder:
    @pytest.fixture
    def three(self, auth_client, item) -> list[str]:
        return [add_image(auth_client, item)["id"] for _ in range(3)]

    def positions(self, item) -> list[str]:
        return [str(i) for i in Image.objects.filter(item=item)
                .order_by("position").values_list("id", flat=True)]

    def test_moving_an_image_to_position_0_makes_it_primary(self, auth_client, item, three):
        response = auth_client.patch(reverse("image-detail", args=[three[2]]), {"position": 0},
                                     format="json")
        assert response.status_code == 200
        assert response.json()["data"]["isPrimary"] is True
        assert self.positions(item) == [three[2], three[0], three[1]]
        assert list(Image.objects.order_by("position").values_list("position", flat=True)) == [
            0, 1, 2]

    def test_reordering_the_whole_gallery(self, auth_client, item, three):
        order = [three[1], three[2], three[0]]
        response = auth_client.post(reverse("image-order", args=[item.id]),
                                    {"imageIds": order}, format="json")
        assert response.status_code == 200
        assert [image["id"] for image in response.json()["data"]] == order
        assert self.positions(item) == order

    @pytest.mark.parametrize("pick", [lambda ids: ids[:2], lambda ids: ids + ids[:1],
                                      lambda ids: ids[:2] + [str(uuid.uuid4())]],
                             ids=["missing-one", "duplicate", "foreign-id"])
    def test_an_order_that_is_not_the_gallery_is_400(self, auth_client, item, three, pick):
        response = auth_client.post(reverse("image-order", args=[item.id]),
                                    {"imageIds": pick(three)}, format="json")
        assert response.status_code == 400
        assert "imageIds" in response.json()["error"]["details"]
        assert self.positions(item) == three

    @pytest.mark.parametrize("body", [{}, {"position": -1}, {"position": "first"},
                                      {"altText": "x" * 501}],
                             ids=["empty", "negative", "not-a-number", "long-alt"])
    def test_a_bad_patch_is_400(self, auth_client, three, body):
        response = auth_client.patch(reverse("image-detail", args=[three[0]]), body,
                                     format="json")
        assert response.status_code == 400

    def test_alt_text_can_be_changed_alone(self, auth_client, three):
        response = auth_client.patch(reverse("image-detail", args=[three[1]]),
                                     {"altText": "Label on the back"}, format="json")
        assert response.status_code == 200
        assert response.json()["data"]["altText"] == "Label on the back"
        image = Image.objects.get(pk=three[1])
        assert (image.alt_text, image.position) == ("Label on the back", 1)

    def test_deleting_the_primary_promotes_the_next(self, auth_client, item, three,
                                                    django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            auth_client.delete(reverse("image-detail", args=[three[0]]))
        assert self.positions(item) == three[1:]
        assert Image.objects.get(pk=three[1]).position == 0


def test_deleting_an_item_removes_it_its_images_and_every_object(
    auth_client, item, local_files, django_capture_on_commit_callbacks
):
    add_image(auth_client, item)
    add_image(auth_client, item)
    signed_and_uploaded(auth_client, item, photo_bytes((200, 100)))  # never confirmed
    assert len(local_files()) == 9

    with django_capture_on_commit_callbacks(execute=True):
        response = auth_client.delete(reverse("item-detail", args=[item.id]))

    assert response.status_code == 204
    assert local_files() == []
    assert not Image.objects.exists() and not PendingUpload.objects.exists()
    assert not Item.objects.exists()
    assert auth_client.get(reverse("item-detail", args=[item.id])).status_code == 404
    assert ItemHistory.objects.filter(item_id=item.id, action="delete").exists()
