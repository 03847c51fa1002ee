"""Moving the photo model into inventory and its keys into one field keeps every row."""

import uuid
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from inventory.models import Image
from media_pipeline.models import PendingUpload
from tests.kit.migrations import leaves, migrate

BEFORE = [("inventory", "0004_search_owner_indexes"), ("media_pipeline", "0002_pending_uploads")]



@pytest.mark.django_db(transaction=True)
def test_an_item_with_a_photo_and_a_pending_upload_survives_the_move():
    old = migrate(BEFORE)
    user = old.get_model("accounts", "User").objects.create(email="ada@example.com",
                                                            password="!")
    item = old.get_model("inventory", "Item").objects.create(owner=user, name="Drill")
    base = f"{user.id}/{item.id}"
    image_id, upload_id = uuid.uuid4(), uuid.uuid4()
    old.get_model("media_pipeline", "Image").objects.create(
        id=image_id, item=item, owner=user, original_key=f"images/originals/{base}/{image_id}.jpg",
        thumbnail_key=f"images/thumbnails/{base}/{image_id}_thumb.webp",
        display_key=f"images/display/{base}/{image_id}_800.webp",
        detail_key="",  # a key never made stays absent, it does not become ""
        content_type="image/jpeg", width=800, height=600, bytes=1234, alt_text="Left side",
        position=0,
    )
    old.get_model("media_pipeline", "PendingUpload").objects.create(
        id=upload_id, item=item, owner=user, object_key=f"images/originals/{base}/{upload_id}.png",
        content_type="image/png", declared_size=99,
        expires_at=timezone.now() + timedelta(minutes=5),
    )
    old.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label="media_pipeline", model="image")

    migrate(leaves())

    image = Image.objects.get()
    assert (image.id, image.item_id, image.owner_id) == (image_id, item.id, user.id)
    assert image.original_key == f"images/originals/{base}/{image_id}.jpg"
    assert image.rendition_keys == {
        "thumbnail": f"images/thumbnails/{base}/{image_id}_thumb.webp",
        "display": f"images/display/{base}/{image_id}_800.webp",
    }
    assert (image.alt_text, image.width, image.position) == ("Left side", 800, 0)
    pending = PendingUpload.objects.get()
    assert (pending.id, pending.owner_id, pending.object_key, pending.declared_size) == (
        upload_id, user.id, f"images/originals/{base}/{upload_id}.png", 99)
    # Admin log entries and permissions follow the model to its new app.
    assert ContentType.objects.filter(app_label="inventory", model="image").exists()
    assert not ContentType.objects.filter(app_label="media_pipeline", model="image").exists()
