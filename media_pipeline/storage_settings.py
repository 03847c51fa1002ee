"""The STORAGES entries for images, built from the parsed environment.

Settings call this once; the S3 tests call the very same function with moto's endpoint,
so what they exercise is exactly what production runs. Plain dicts only: importing this
must not import django-storages or boto3.
"""

from __future__ import annotations

from pathlib import Path

IMMUTABLE = "public, max-age=31536000, immutable"
# Presigned reads of originals expire after five minutes.
ORIGINAL_URL_SECONDS = 300


def media_storages(r2, media_root: Path) -> dict[str, dict]:
    """{"default": private originals, "public": renditions} for S3 (`r2` set) or local files."""
    if r2 is None:
        return {
            "default": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": str(media_root / "private"),
                            "base_url": "/media/private/"},
            },
            "public": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": str(media_root / "public"),
                            "base_url": "/media/public/"},
            },
        }
    common = {
        "bucket_name": r2.bucket,
        "endpoint_url": r2.endpoint_url,
        "region_name": r2.region,
        "access_key": r2.access_key_id,
        "secret_key": r2.secret_access_key,
        "addressing_style": "path",
        "signature_version": "s3v4",
        # Keys are UUIDs chosen by us; never let the backend rename one behind our back.
        "file_overwrite": True,
    }
    public = {
        **common,
        "default_acl": "public-read",
        "querystring_auth": False,
        "object_parameters": {"CacheControl": IMMUTABLE},
    }
    if r2.public_base_url:
        # The CDN / custom domain makes renditions public, not an object ACL: R2 has no
        # object ACLs and refuses the header, and a CDN-fronted S3 bucket stays private.
        public["default_acl"] = None
        scheme, rest = r2.public_base_url.split("://", 1)
        public["custom_domain"] = rest.rstrip("/")
        public["url_protocol"] = f"{scheme}:"
    return {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {**common, "default_acl": None, "querystring_auth": True,
                        "querystring_expire": ORIGINAL_URL_SECONDS},
        },
        "public": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": public},
    }
