"""The images contract on a real S3 HTTP endpoint (moto's server on loopback).

boto3 and django-storages are configured by production's own `media_storages`. moto does
not enforce presigned POST policies or URL expiry, so the policy we generate is decoded
and checked here, and the confirm step re-checks size, type and bytes itself.
"""

import base64
import json
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.urls import reverse

from inventory.models import Image
from inventory.photos.presenters import image_summary
from media_pipeline import storage
from media_pipeline.services import MAX_UPLOAD_BYTES
from media_pipeline.storage_settings import media_storages
from tests.kit.photos import (
    GIF,
    HTML_PAGE,
    NOT_REALLY_JPEG,
    SVG_WITH_SCRIPT,
    opened,
    oversized,
    photo_bytes,
    truncated,
)
from tests.media_pipeline.conftest import BUCKET, confirm, sign, upload_one_step
from tracktory.env import R2Config

IMMUTABLE = "public, max-age=31536000, immutable"


def post_form(form: dict, data: bytes, content_type="image/jpeg") -> requests.Response:
    """What the browser does: a multipart POST straight to the bucket, file last."""
    return requests.post(form["uploadUrl"], data=form["fields"],
                         files={"file": ("photo", data, content_type)}, timeout=10)


def anonymous_get(moto_endpoint: str, key: str) -> requests.Response:
    return requests.get(f"{moto_endpoint}/{BUCKET}/{key}", timeout=10)


def uploaded(client, item, data, content_type="image/jpeg", declared_size=None) -> str:
    size = declared_size or len(data)
    form = sign(client, item, content_type=content_type, size=size).json()["data"]
    assert post_form(form, data, content_type).status_code == 204
    return form["objectKey"]


def test_the_signed_form_is_bound_to_one_key_type_and_size_for_minutes(s3, auth_client, item):
    response = sign(auth_client, item, content_type="image/png", size=123_456)
    assert response.status_code == 200, response.json()
    form = response.json()["data"]
    assert form["uploadUrl"].endswith(f"/{BUCKET}") or form["uploadUrl"].endswith(
        f"/{BUCKET}/")
    assert form["method"] == "POST"
    assert form["fields"]["key"] == form["objectKey"]
    assert form["fields"]["Content-Type"] == "image/png"

    policy = json.loads(base64.b64decode(form["fields"]["policy"]))
    conditions = policy["conditions"]
    assert {"bucket": BUCKET} in conditions
    assert {"key": form["objectKey"]} in conditions
    assert {"Content-Type": "image/png"} in conditions
    assert ["content-length-range", 1, 10 * 1024 * 1024] in conditions  # the contract's 1 B-10 MB
    expires = datetime.strptime(policy["expiration"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    assert timedelta(minutes=4) < expires - datetime.now(tz=UTC) <= timedelta(minutes=5)
    # Exact key only: no "starts-with" condition that would let the client pick another.
    assert not any(isinstance(c, list) and c[0] == "starts-with" for c in conditions)


def test_sign_upload_confirm_read_delete_on_s3(s3, bucket_keys, moto_endpoint, auth_client,
                                               item, user,
                                               django_capture_on_commit_callbacks):
    data = photo_bytes((2000, 1500))
    key = uploaded(auth_client, item, data)
    assert bucket_keys() == [key]
    head = s3.head_object(Bucket=BUCKET, Key=key)
    assert head["ContentType"] == "image/jpeg"

    response = confirm(auth_client, item, key)
    assert response.status_code == 201, response.json()
    image = response.json()["data"]
    image_id = image["id"]
    renditions = [
        f"images/detail/{user.id}/{item.id}/{image_id}_1600.v1-r1.webp",
        f"images/display/{user.id}/{item.id}/{image_id}_800.v1-r1.webp",
        f"images/thumbnails/{user.id}/{item.id}/{image_id}_thumb.v1-r1.webp",
    ]
    assert bucket_keys() == sorted([key, *renditions])

    # Renditions: public to anyone, immutable, WebP without EXIF.
    for rendition_key in renditions:
        head = s3.head_object(Bucket=BUCKET, Key=rendition_key)
        assert head["CacheControl"] == IMMUTABLE
        assert head["ContentType"] == "image/webp"
    served = requests.get(image["thumbnailUrl"], timeout=10)
    assert served.status_code == 200
    assert served.headers["Cache-Control"] == IMMUTABLE
    thumb = opened(served.content)
    assert max(thumb.size) == 150 and not thumb.getexif()

    # The original: private; readable only through the expiring presigned URL.
    assert anonymous_get(moto_endpoint, key).status_code == 403
    original_url = auth_client.get(
        reverse("image-detail", args=[image_id])).json()["data"]["originalUrl"]
    query = parse_qs(urlsplit(original_url).query)
    assert query["X-Amz-Expires"] == ["300"] and "X-Amz-Signature" in query
    fetched = requests.get(original_url, timeout=10)
    assert fetched.status_code == 200 and fetched.content == data

    with django_capture_on_commit_callbacks(execute=True):
        assert auth_client.delete(reverse("image-detail", args=[image_id])).status_code == 204
    assert bucket_keys() == []


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        (NOT_REALLY_JPEG, "image/jpeg"),
        (GIF, "image/jpeg"),
        (SVG_WITH_SCRIPT, "image/png"),
        (truncated(photo_bytes((300, 200)), 3000), "image/jpeg"),
        (photo_bytes((300, 200)) + b"<script>alert(1)</script>", "image/jpeg"),
        (photo_bytes((300, 200), "WEBP"), "image/jpeg"),
    ],
    ids=["corrupt", "gif", "svg-as-png", "truncated", "polyglot", "webp-signed-as-jpeg"],
)
def test_refused_uploads_leave_the_bucket_empty(s3, bucket_keys, auth_client, item, data,
                                                content_type):
    key = uploaded(auth_client, item, data, content_type)
    assert bucket_keys() == [key]

    response = confirm(auth_client, item, key)

    assert response.status_code == 400
    assert "objectKey" in response.json()["error"]["details"]
    assert bucket_keys() == []
    assert not Image.objects.exists()


def test_an_object_over_10_mb_is_refused_at_confirm(s3, bucket_keys, auth_client, item):
    # A client that declared a small file; moto ignores the policy's content-length-range,
    # so the size is checked again here.
    key = uploaded(auth_client, item, oversized(MAX_UPLOAD_BYTES), declared_size=1000)
    response = confirm(auth_client, item, key)
    assert response.status_code == 400
    assert "10 MB" in response.json()["error"]["message"]
    assert bucket_keys() == []


def test_confirming_before_uploading_is_400(s3, auth_client, item):
    form = sign(auth_client, item).json()["data"]
    response = confirm(auth_client, item, form["objectKey"])
    assert response.status_code == 400
    assert "uploaded" in response.json()["error"]["message"]


def test_one_step_upload_on_s3(s3, bucket_keys, moto_endpoint, auth_client, item):
    response = upload_one_step(auth_client, item, photo_bytes((900, 600), "PNG"),
                               name="photo.png", content_type="image/png")
    assert response.status_code == 201, response.json()
    image = Image.objects.get()
    assert bucket_keys() == sorted([image.original_key, *image.rendition_keys.values()])
    assert s3.head_object(Bucket=BUCKET, Key=image.original_key)["ContentType"] == "image/png"
    assert anonymous_get(moto_endpoint, image.original_key).status_code == 403
    assert anonymous_get(moto_endpoint, image.rendition_keys["display"]).status_code == 200


def test_a_refused_one_step_upload_writes_nothing(s3, bucket_keys, auth_client, item):
    response = upload_one_step(auth_client, item, HTML_PAGE)
    assert response.status_code == 400
    assert bucket_keys() == []


def test_deleting_an_item_empties_its_objects(s3, bucket_keys, auth_client, item,
                                              django_capture_on_commit_callbacks):
    upload_one_step(auth_client, item, photo_bytes((300, 200)))
    uploaded(auth_client, item, photo_bytes((300, 200)))  # signed and uploaded, never confirmed
    assert len(bucket_keys()) == 5

    with django_capture_on_commit_callbacks(execute=True):
        assert auth_client.delete(reverse("item-detail", args=[item.id])).status_code == 204

    assert bucket_keys() == []


def test_renditions_are_served_from_the_public_base_url(settings, s3, auth_client, item,
                                                        moto_endpoint, isolated_storage):
    r2 = R2Config(bucket=BUCKET, endpoint_url=moto_endpoint, access_key_id="testing",
                  secret_access_key="testing", region="us-east-1",
                  public_base_url="https://images.example.com")
    settings.STORAGES = {**settings.STORAGES, **media_storages(r2, isolated_storage)}
    upload_one_step(auth_client, item, photo_bytes((300, 200)))

    image = Image.objects.get()
    summary = image_summary(image)

    for name in ("thumbnailUrl", "displayUrl", "detailUrl"):
        assert summary[name].startswith("https://images.example.com/images/")
        assert "Signature" not in summary[name]
    assert storage.original_url(image.original_key).startswith(moto_endpoint)
    # Public through the CDN domain, not an object ACL (R2 has none): the bucket stays private.
    assert anonymous_get(moto_endpoint, image.rendition_keys["display"]).status_code == 403
    head = s3.head_object(Bucket=BUCKET, Key=image.rendition_keys["display"])
    assert head["CacheControl"] == IMMUTABLE


def test_local_endpoints_are_closed_when_s3_is_configured(s3, auth_client, item):
    form = sign(auth_client, item).json()["data"]
    assert not form["uploadUrl"].startswith("http://testserver")
    assert auth_client.post(reverse("media-upload"), {}).status_code == 404


class TestPresignedPut:
    """For stores without form uploads (R2): a PUT URL signed over type and exact length."""

    def test_an_r2_endpoint_gets_a_put_url_signed_over_type_and_length(
        self, settings, auth_client, item, isolated_storage
    ):
        r2 = R2Config(bucket="photos", endpoint_url="https://acct.r2.cloudflarestorage.com",
                      access_key_id="k", secret_access_key="s", region="auto",
                      public_base_url="https://img.example.com")
        settings.STORAGES = {**settings.STORAGES, **media_storages(r2, isolated_storage)}

        response = sign(auth_client, item, content_type="image/webp", size=4321)

        assert response.status_code == 200
        form = response.json()["data"]
        assert (form["method"], form["fields"]) == ("PUT", {})
        assert form["headers"] == {"Content-Type": "image/webp"}
        url = urlsplit(form["uploadUrl"])
        assert url.netloc == "acct.r2.cloudflarestorage.com"
        assert url.path == f"/photos/{form['objectKey']}"
        query = parse_qs(url.query)
        assert query["X-Amz-SignedHeaders"] == ["content-length;content-type;host"]
        assert query["X-Amz-Expires"] == ["300"]

    def test_put_upload_then_confirm_on_s3(self, s3, bucket_keys, auth_client, item):
        data = photo_bytes((800, 600))
        key = sign(auth_client, item, size=len(data)).json()["data"]["objectKey"]
        put = storage.sign_upload(key=key, content_type="image/jpeg",
                                  max_size=MAX_UPLOAD_BYTES, size=len(data), method="PUT")

        sent = requests.put(put.url, data=data, headers=put.headers, timeout=10)

        assert sent.status_code == 200
        assert s3.head_object(Bucket=BUCKET, Key=key)["ContentType"] == "image/jpeg"
        assert confirm(auth_client, item, key).status_code == 201
        assert len(bucket_keys()) == 4
