"""Writes for images. Every storage object written has a row or is removed again."""

from django.core.files.storage import storages
from django.db import transaction

from media_pipeline.models import Image


def delete_image_objects(image: Image) -> None:
    storages["default"].delete(image.original_key)
    public = storages["public"]
    for key in image.rendition_keys:
        public.delete(key)


def delete_images_for_item(*, item) -> int:
    """Remove every image of `item`: rows now, objects once the transaction commits."""
    images = list(Image.objects.filter(item=item))
    for image in images:
        transaction.on_commit(lambda image=image: delete_image_objects(image))
    Image.objects.filter(id__in=[image.id for image in images]).delete()
    return len(images)
