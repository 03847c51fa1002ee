"""Media fixtures: the local storages' files, a real S3 endpoint, and the API step by step.

Photos come from tests/kit/photos.py, items, users and clients from tests/conftest.py.
The S3 endpoint is moto's server on loopback, started once per session and reset before
each test. Storage is configured by `media_storages`, the same function production's
settings call, so boto3 and django-storages run exactly as they do in production.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import boto3
import pytest
import requests
from botocore.config import Config
from django.urls import reverse
from rest_framework.test import APIClient

from media_pipeline.storage_settings import media_storages
from tests.kit.photos import upload
from tracktory.env import R2Config

BUCKET = "tracktory-test"


def files_under(root: Path) -> list[str]:
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


@pytest.fixture
def local_files(isolated_storage):
    """Every file the local storages hold, as paths relative to the media root."""
    root = isolated_storage / "media"
    return lambda: files_under(root) if root.exists() else []


# --- S3 on loopback -----------------------------------------------------------------------


@pytest.fixture(scope="session")
def moto_endpoint():
    # Dummy credentials only for moto; never let boto3 look for real ones.
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3_client(moto_endpoint):
    return boto3.client(
        "s3", endpoint_url=moto_endpoint, region_name="us-east-1",
        aws_access_key_id="testing", aws_secret_access_key="testing",
        config=Config(signature_version="s3v4", s3={"addressing_style": "path"}),
    )


@pytest.fixture
def s3(settings, moto_endpoint, s3_client, isolated_storage):
    """Production's S3 storages pointed at a fresh bucket on moto's server."""
    requests.post(f"{moto_endpoint}/moto-api/reset", timeout=5).raise_for_status()
    s3_client.create_bucket(Bucket=BUCKET)
    r2 = R2Config(bucket=BUCKET, endpoint_url=moto_endpoint, access_key_id="testing",
                  secret_access_key="testing", region="us-east-1", public_base_url=None)
    settings.STORAGES = {**settings.STORAGES,
                         **media_storages(r2, isolated_storage / "media")}
    return s3_client


@pytest.fixture
def bucket_keys(s3):
    def keys() -> list[str]:
        listing = s3.list_objects_v2(Bucket=BUCKET)
        return sorted(entry["Key"] for entry in listing.get("Contents", []))

    return keys


# --- the API, step by step ----------------------------------------------------------------


def sign(client, item, *, content_type="image/jpeg", size=1000, **extra):
    body = {"contentType": content_type, "fileName": "drill.jpg", "size": size, **extra}
    return client.post(reverse("image-sign", args=[item.id]), body, format="json")


def confirm(client, item, object_key, **extra):
    return client.post(reverse("image-confirm", args=[item.id]),
                       {"objectKey": object_key, **extra}, format="json")


def upload_one_step(client, item, data, *, name="photo.jpg", content_type="image/jpeg", **extra):
    return client.post(reverse("item-images", args=[item.id]),
                       {"file": upload(data, name, content_type), **extra}, format="multipart")


def post_form_locally(form: dict, data: bytes, *, content_type="image/jpeg", **overrides):
    """POST the signed form to the app's own upload URL, anonymously, as a browser would."""
    fields = {**form["fields"], **overrides}
    path = urlsplit(form["uploadUrl"]).path
    return APIClient().post(path, {**fields, "file": upload(data, "photo", content_type)},
                            format="multipart")

