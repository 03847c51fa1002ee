"""The storage adapter: the only module that knows about boto3 and django-storages.

Two Django storages hold images (see `storage_settings.media_storages`): "default" for the
private originals and "public" for the renditions. Each is S3-compatible object storage
(R2, S3, MinIO) when `R2_*` is set, else local files under the data dir. The rest of the
app calls the functions below and never learns which one it got:

- `sign_upload` gives the client a form to POST the original straight to storage: an S3
  presigned POST, or a Django-signed policy for this app's own upload endpoint, both bound
  to one key, one content type and 1 B..max bytes, for a few minutes;
- `receive_local_upload` enforces that policy on the local endpoint;
- `read_original`, `write_original`, `write_rendition`, `delete_objects` move bytes;
- `original_url` is a signed, expiring read URL (S3 presigned GET, or Django-signed);
  `rendition_url` is the public, immutable URL.

Expiry takes `now` (seconds since the epoch) so tests can sign in the past without sleeping.
"""

from __future__ import annotations

import contextlib
import mimetypes
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from botocore.exceptions import BotoCoreError, ClientError
from django.core import signing
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.base import ContentFile, File
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from storages.backends.s3 import S3Storage

from media_pipeline.storage_settings import IMMUTABLE, ORIGINAL_URL_SECONDS

UPLOAD_SECONDS = 300
UPLOAD_SALT = "tracktory.media.upload-policy"
ORIGINAL_SALT = "tracktory.media.original-url"


class StorageError(Exception):
    """A storage operation failed for a reason the caller should report, not crash on."""


class ObjectMissing(StorageError):
    pass


class UploadRefused(StorageError):
    """The local upload endpoint refuses a POST, as S3 would refuse a form breaking its policy."""

    def __init__(self, message: str, *, field: str, status: int = 400):
        super().__init__(message)
        self.message, self.field, self.status = message, field, status


@dataclass(frozen=True)
class UploadForm:
    """How the client sends the original: `method` to `url`, with `fields` (a multipart
    form, the file appended last as `file`) for POST, or `headers` and the raw body for PUT."""

    url: str
    fields: dict[str, str]
    key: str
    max_size: int
    expires_in: int
    method: str = "POST"
    headers: dict[str, str] = field(default_factory=dict)


# Object stores without presigned POST (form) uploads: R2 signs only GET, HEAD, PUT and
# DELETE. There the client PUTs the bytes to a URL whose signature covers the key, the
# Content-Type and the exact Content-Length it declared.
PUT_ONLY_HOST_SUFFIXES = (".r2.cloudflarestorage.com",)


def upload_method(storage: Storage) -> str:
    host = urlsplit(storage.endpoint_url or "").hostname or ""
    return "PUT" if host.endswith(PUT_ONLY_HOST_SUFFIXES) else "POST"


def private() -> Storage:
    return storages["default"]


def public() -> Storage:
    return storages["public"]


def is_s3(storage: Storage) -> bool:
    return isinstance(storage, S3Storage)


def is_local(storage: Storage) -> bool:
    return isinstance(storage, FileSystemStorage)


def clock(now: float | None) -> float:
    return time.time() if now is None else now


# --- uploads ------------------------------------------------------------------------------


def sign_upload(
    *, key: str, content_type: str, max_size: int, size: int | None = None,
    expires_in: int = UPLOAD_SECONDS, now: float | None = None, method: str | None = None,
) -> UploadForm:
    """A signed upload bound to exactly this key, this content type and 1..max_size bytes
    (for PUT: exactly `size` bytes). `method` defaults to what the store supports."""
    storage = private()
    if is_s3(storage) and (method or upload_method(storage)) == "PUT":
        client = storage.connection.meta.client
        url = client.generate_presigned_url(
            "put_object",
            Params={"Bucket": storage.bucket_name, "Key": storage._normalize_name(key),
                    "ContentType": content_type, "ContentLength": size or max_size},
            ExpiresIn=expires_in,
        )
        return UploadForm(url, {}, key, max_size, expires_in, method="PUT",
                          headers={"Content-Type": content_type})
    if is_s3(storage):
        client = storage.connection.meta.client
        presigned = client.generate_presigned_post(
            Bucket=storage.bucket_name,
            Key=storage._normalize_name(key),
            Fields={"Content-Type": content_type},
            Conditions=[
                {"Content-Type": content_type},
                ["content-length-range", 1, max_size],
            ],
            ExpiresIn=expires_in,
        )
        return UploadForm(presigned["url"], presigned["fields"], key, max_size, expires_in)
    policy = signing.dumps(
        {"key": key, "contentType": content_type, "maxSize": max_size,
         "expires": int(clock(now)) + expires_in},
        salt=UPLOAD_SALT,
    )
    fields = {"key": key, "Content-Type": content_type, "policy": policy}
    return UploadForm(reverse("media-upload"), fields, key, max_size, expires_in)


def receive_local_upload(*, fields, file: File | None, now: float | None = None) -> str:
    """Store a POSTed original if it keeps every promise of its signed policy; return the key."""
    try:
        policy = signing.loads(fields.get("policy", ""), salt=UPLOAD_SALT)
    except signing.BadSignature:
        raise UploadRefused("The upload policy is missing or not signed by this server.",
                            field="policy", status=403) from None
    if policy["expires"] <= clock(now):
        raise UploadRefused("The upload policy has expired; sign the upload again.",
                            field="policy", status=403)
    if fields.get("key") != policy["key"]:
        raise UploadRefused("The key is not the one the policy was signed for.",
                            field="key", status=403)
    if fields.get("Content-Type") != policy["contentType"]:
        raise UploadRefused("The Content-Type is not the one the policy was signed for.",
                            field="Content-Type", status=403)
    if file is None:
        raise UploadRefused("Attach the image as the form field `file`.", field="file")
    if not 1 <= file.size <= policy["maxSize"]:
        raise UploadRefused(
            f"The file must be between 1 byte and {policy['maxSize']} bytes.", field="file"
        )
    storage = private()
    # Like S3, a second POST to the same key replaces the first (a retried upload).
    storage.delete(policy["key"])
    saved = storage.save(policy["key"], file)
    if saved != policy["key"]:
        storage.delete(saved)
        raise StorageError(f"storage renamed {policy['key']!r} to {saved!r}")
    return saved


# --- bytes --------------------------------------------------------------------------------


def object_size(key: str) -> int | None:
    """The original's size in bytes, or None when there is no such object."""
    storage = private()
    try:
        return storage.size(key)
    except (FileNotFoundError, SuspiciousFileOperation):
        return None
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
            return None
        raise


def read_original(key: str, *, max_size: int) -> bytes:
    """The original's bytes; at most max_size + 1 are read, so the caller sees "too big"."""
    try:
        with private().open(key, "rb") as handle:
            return handle.read(max_size + 1)
    except (FileNotFoundError, SuspiciousFileOperation):
        raise ObjectMissing(key) from None
    except ClientError as exc:
        raise ObjectMissing(key) from exc


def _write(storage: Storage, key: str, data: bytes, content_type: str) -> None:
    content = ContentFile(data)
    # S3Storage sends this as the object's Content-Type.
    content.content_type = content_type
    if is_local(storage):
        storage.delete(key)
    saved = storage.save(key, content)
    if saved != key:
        storage.delete(saved)
        raise StorageError(f"storage renamed {key!r} to {saved!r}")


def write_original(key: str, data: bytes, content_type: str) -> None:
    _write(private(), key, data, content_type)


def write_rendition(key: str, data: bytes, *, content_type: str, is_public: bool = True) -> None:
    # Public-read and the immutable Cache-Control come from the "public" storage's options.
    _write(public() if is_public else private(), key, data, content_type)


def delete_objects(*, originals: list[str] = (), renditions: list[str] = ()) -> None:
    """Delete what exists; a key already gone is not an error (deletes are retried)."""
    for storage, keys in ((private(), originals), (public(), renditions)):
        for key in keys:
            if key:
                with contextlib.suppress(FileNotFoundError, SuspiciousFileOperation):
                    storage.delete(key)


# --- reads --------------------------------------------------------------------------------


def rendition_url(key: str) -> str | None:
    return public().url(key) if key else None


def _original_signature(key: str, expires: int) -> str:
    return signing.Signer(salt=ORIGINAL_SALT).signature(f"{key}\n{expires}")


def original_url(
    key: str, *, expires_in: int = ORIGINAL_URL_SECONDS, now: float | None = None
) -> str:
    """A read URL for a private original that stops working after `expires_in` seconds."""
    storage = private()
    if is_s3(storage):
        return storage.url(key, expire=expires_in)
    expires = int(clock(now)) + expires_in
    query = urlencode({"expires": expires, "signature": _original_signature(key, expires)})
    return f"{reverse('media-original', kwargs={'key': key})}?{query}"


def signed_original_seconds_left(key: str, query, *, now: float | None = None) -> int | None:
    """Seconds a local original URL is still valid, or None if it is forged or expired."""
    try:
        expires = int(query.get("expires", ""))
    except ValueError:
        return None
    signature = query.get("signature", "")
    if not constant_time_compare(signature, _original_signature(key, expires)):
        return None
    left = expires - int(clock(now))
    return left if left > 0 else None


@dataclass(frozen=True)
class LocalFile:
    handle: File
    content_type: str
    cache_control: str


def open_local(kind: str, key: str, *, max_age: int = 0) -> LocalFile | None:
    """A locally stored original ("private") or rendition ("public") to serve, or None."""
    storage = private() if kind == "private" else public()
    if not is_local(storage):
        return None
    try:
        handle = storage.open(key, "rb")
    except (FileNotFoundError, IsADirectoryError, SuspiciousFileOperation):
        return None
    content_type = mimetypes.guess_type(key)[0] or "application/octet-stream"
    cache_control = IMMUTABLE if kind == "public" else f"private, max-age={max_age}"
    return LocalFile(handle, content_type, cache_control)


# Network failures talking to object storage, for callers that must clean up and report.
TRANSIENT_ERRORS = (BotoCoreError, ClientError, OSError)


# --- listing (for cleanup) ----------------------------------------------------------------


@dataclass(frozen=True)
class StoredObject:
    kind: str  # "private" (originals) or "public" (renditions)
    key: str
    modified: float  # seconds since the epoch


def list_objects(kind: str, prefix: str) -> list[StoredObject]:
    """Every object under `prefix` in the private or public storage, with its age."""
    storage = private() if kind == "private" else public()
    if is_s3(storage):
        return [StoredObject(kind, obj.key, obj.last_modified.timestamp())
                for obj in storage.bucket.objects.filter(Prefix=prefix)]
    root = Path(storage.location)
    base = root / prefix
    if not base.is_dir():
        return []
    return [StoredObject(kind, path.relative_to(root).as_posix(), path.stat().st_mtime)
            for path in base.rglob("*") if path.is_file()]
