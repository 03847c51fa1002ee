"""STORAGES for images, from the parsed environment (what settings.py uses)."""

from pathlib import Path

from media_pipeline.storage_settings import IMMUTABLE, media_storages
from tracktory.env import R2Config


def r2(**overrides) -> R2Config:
    values = {"bucket": "b", "endpoint_url": "https://acct.r2.cloudflarestorage.com",
              "access_key_id": "k", "secret_access_key": "s", "region": "auto",
              "public_base_url": None, **overrides}
    return R2Config(**values)


def test_without_object_storage_both_are_local_directories():
    storages = media_storages(None, Path("/data/media"))
    assert storages["default"]["OPTIONS"] == {"location": "/data/media/private",
                                              "base_url": "/media/private/"}
    assert storages["public"]["OPTIONS"]["location"] == "/data/media/public"


def test_originals_are_private_and_signed_for_five_minutes():
    options = media_storages(r2(), Path("/x"))["default"]["OPTIONS"]
    assert options["default_acl"] is None
    assert options["querystring_auth"] is True and options["querystring_expire"] == 300


def test_renditions_are_public_read_and_immutable_on_plain_s3():
    options = media_storages(r2(), Path("/x"))["public"]["OPTIONS"]
    assert options["default_acl"] == "public-read"
    assert options["querystring_auth"] is False
    assert options["object_parameters"] == {"CacheControl": IMMUTABLE}
    assert "custom_domain" not in options


def test_a_public_base_url_serves_renditions_without_an_object_acl():
    options = media_storages(r2(public_base_url="https://img.example.com/"),
                             Path("/x"))["public"]["OPTIONS"]
    assert (options["custom_domain"], options["url_protocol"]) == ("img.example.com", "https:")
    assert options["default_acl"] is None
    assert options["object_parameters"] == {"CacheControl": IMMUTABLE}
