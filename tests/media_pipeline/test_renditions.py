"""The rendition table drives processing, keys, URLs, the schema and the gallery."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.urls import reverse
from PIL import Image as PillowImage

from media_pipeline import keys, processing, services
from media_pipeline import renditions as table
from media_pipeline.presenters import largest_url, rendition_urls, smallest_url
from tests.kit.photos import photo_bytes

SCOPE = ("6f1c1f6e-8a4b-4f8e-9d1e-1a2b3c4d5e6f", "0b7e1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d")
SQUARE = table.Rendition("square", 400, folder="square", suffix="400", format="jpeg",
                         quality=70)


@pytest.fixture
def with_square(monkeypatch):
    """The table with one more line, as a maintainer adding a size would write it."""
    monkeypatch.setattr(table, "RENDITIONS", (*table.RENDITIONS, SQUARE))
    monkeypatch.setattr(table, "BY_NAME", {**table.BY_NAME, "square": SQUARE})


def test_processing_makes_each_size_of_the_table_in_its_format():
    job = processing.process(photo_bytes((2400, 1200)))

    made = {r.name: (r.width, r.height, PillowImage.open(io.BytesIO(r.data)).format)
            for r in job.renditions}
    assert made == {spec.name: (spec.max_size, spec.max_size // 2, "WEBP")
                    for spec in table.RENDITIONS}


def test_keys_carry_the_scope_the_pipeline_version_and_the_revision():
    made = keys.rendition_keys(SCOPE, SCOPE[1], revision=3)

    assert made["display"] == (f"images/display/{SCOPE[0]}/{SCOPE[1]}/{SCOPE[1]}_800"
                               f".v{table.PIPELINE_VERSION}-r3.webp")
    assert len(set(made.values())) == len(table.RENDITIONS)
    assert keys.next_revision(made.values()) == 4
    # Keys stored before versioning count as revision 0.
    assert keys.next_revision([f"images/display/{SCOPE[0]}/x_800.webp"]) == 1


def test_a_scope_holds_ids_only():
    with pytest.raises(ValueError):
        keys.original_key(("ada@example.com",), SCOPE[1], "image/jpeg")


def test_a_new_line_in_the_table_flows_through_processing_keys_urls_and_storage(
        with_square, isolated_storage, db):
    upload = SimpleUploadedFile("p.jpg", photo_bytes((1200, 900)), "image/jpeg")

    with services.store_upload(scope=SCOPE, file=upload) as stored:
        pass

    assert set(stored.rendition_keys) == {"thumbnail", "display", "detail", "square"}
    square = stored.rendition_keys["square"]
    assert square.startswith(f"images/square/{SCOPE[0]}/{SCOPE[1]}/") and square.endswith(
        f"_400.v{table.PIPELINE_VERSION}-r1.jpg")
    written = isolated_storage / "media" / "public" / square
    assert PillowImage.open(written).size == (400, 300)
    urls = rendition_urls(stored.rendition_keys)
    assert urls["squareUrl"] == f"/media/public/{square}"
    assert smallest_url(stored.rendition_keys).endswith(stored.rendition_keys["thumbnail"])
    assert largest_url(stored.rendition_keys).endswith(stored.rendition_keys["detail"])


def test_a_file_stored_before_a_size_existed_shows_null_for_it(with_square):
    urls = rendition_urls({"thumbnail": "images/thumbnails/a/b_thumb.webp"})

    assert urls == {"thumbnailUrl": "/media/public/images/thumbnails/a/b_thumb.webp",
                    "displayUrl": None, "detailUrl": None, "squareUrl": None}


def test_a_failing_block_removes_everything_stored(isolated_storage, db):
    upload = SimpleUploadedFile("p.jpg", photo_bytes((300, 200)), "image/jpeg")

    with pytest.raises(RuntimeError), services.store_upload(scope=SCOPE, file=upload):
        raise RuntimeError("the caller's row could not be written")

    assert [p for p in (isolated_storage / "media").rglob("*") if p.is_file()] == []


def test_the_gallery_learns_its_roles_from_the_table():
    html = Template("{% load renditions %}<section {% gallery_rendition_attrs %}>").render(
        Context())

    for spec in table.RENDITIONS:
        if spec.gallery:
            assert f'data-rendition-{spec.gallery}="{spec.url_field}"' in html


def test_the_schema_documents_one_url_per_rendition(api_client, db):
    components = api_client.get(reverse("schema")).json()["components"]["schemas"]

    for name in ("ImageSummary", "ImageOutput"):
        properties = components[name]["properties"]
        for spec in table.RENDITIONS:
            assert properties[spec.url_field]["nullable"] is True, (name, spec.name)
