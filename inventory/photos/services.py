"""Writes for item photos. The media pipeline stores and checks the files and hands back
what it stored; these record it in the gallery and move the item on (its version, its
ETag, every cached read of its owner)."""

from __future__ import annotations

import uuid

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from inventory.cache_versions import bump_household_data_version
from inventory.models import Image, Item
from media_pipeline import keys
from media_pipeline import services as media
from media_pipeline.storage import UploadForm
from tracktory.api.errors import Conflict, Forbidden, ValidationFailed


def _item_changed(item: Item) -> None:
    """An item's images are part of it: its ETag and every member's cached reads move on."""
    Item.objects.filter(pk=item.pk).update(version=F("version") + 1, updated_at=timezone.now())
    bump_household_data_version(item.household_id)


def _scope(item: Item) -> tuple:
    """The ids an item's objects are kept under: images/<kind>/<owner>/<item>/...

    The owner is who added the item; neither id changes when the item moves to another
    household, so its photos' keys stay valid."""
    return (item.owner_id, item.id)


def _refuse(field: str, message: str) -> ValidationFailed:
    return ValidationFailed(message, {field: [message]})


def _record(*, item: Item, stored: media.StoredFile, alt_text: str) -> Image:
    """The row for a stored file, at the end of the gallery."""
    with transaction.atomic():
        last = Image.objects.filter(item=item).aggregate(last=Max("position"))["last"]
        image = Image.objects.create(
            id=stored.id,
            item=item,
            owner_id=item.owner_id,
            original_key=stored.original_key,
            rendition_keys=stored.rendition_keys,
            content_type=stored.content_type,
            width=stored.width,
            height=stored.height,
            bytes=stored.bytes,
            content_hash=stored.content_hash,
            alt_text=alt_text,
            position=0 if last is None else last + 1,
        )
        _item_changed(item)
    return image


# --- signed direct uploads ----------------------------------------------------------------


def image_sign_upload(
    *, user, item: Item, content_type: str, size: int, now: float | None = None
) -> UploadForm:
    """Reserve an image id and key for `item` and sign a form to upload the original there."""
    return media.sign_upload(owner=user, scope=_scope(item), content_type=content_type,
                             size=size, now=now)


def image_confirm_upload(*, user, item: Item, object_key: str, alt_text: str = "") -> Image:
    """Turn an uploaded original into an image with renditions, or refuse and remove it."""
    parsed = keys.parse_original_key(object_key)
    if parsed is None:
        raise _refuse("objectKey", "This is not an upload key issued by /images/sign.")
    # Who may add photos to the item was settled by the caller (`item_for_images(write=True)`).
    if parsed.scope != tuple(str(part) for part in _scope(item)):
        raise Forbidden("This upload key belongs to another item.",
                        {"objectKey": ["This upload key belongs to another item."]})
    try:
        with media.confirm_upload(owner=user, object_key=object_key) as stored:
            return _record(item=item, stored=stored, alt_text=alt_text)
    except media.UploadNotPending:
        if Image.objects.filter(original_key=object_key).exists():
            raise Conflict("This upload was already confirmed.",
                           {"objectKey": ["Already confirmed."]}) from None
        raise


# --- one-step upload ----------------------------------------------------------------------


def image_upload(*, user, item: Item, file, alt_text: str = "") -> Image:
    """The multipart path: check and process the file, then store original and renditions."""
    with media.store_upload(scope=_scope(item), file=file) as stored:
        return _record(item=item, stored=stored, alt_text=alt_text)


# --- gallery order and alt text -----------------------------------------------------------


def _renumber(ordered: list[Image]) -> None:
    for position, image in enumerate(ordered):
        image.position = position
    Image.objects.bulk_update(ordered, ["position", "updated_at"])


def _gallery(item: Item) -> list[Image]:
    return list(Image.objects.select_for_update().filter(item=item)
                .order_by("position", "created_at"))


@transaction.atomic
def image_update(*, user, image: Image, alt_text: str | None = None,
                 position: int | None = None) -> Image:
    """Change alt text and/or move the image to `position` (0 makes it the primary photo)."""
    if position is not None:
        if position < 0:
            raise _refuse("position", "Must be 0 or more.")
        gallery = [other for other in _gallery(image.item) if other.id != image.id]
        gallery.insert(min(position, len(gallery)), image)
        now = timezone.now()
        for other in gallery:
            other.updated_at = now
        _renumber(gallery)
    if alt_text is not None:
        image.alt_text = alt_text
        image.save(update_fields=["alt_text", "updated_at"])
    _item_changed(image.item)
    image.refresh_from_db()
    return image


@transaction.atomic
def image_set_order(*, user, item: Item, image_ids: list[uuid.UUID]) -> list[Image]:
    """Reorder the whole gallery: `image_ids` must list each of the item's images once."""
    gallery = {image.id: image for image in _gallery(item)}
    if len(set(image_ids)) != len(image_ids) or set(image_ids) != set(gallery):
        raise _refuse("imageIds", "List every image of this item exactly once.")
    now = timezone.now()
    ordered = [gallery[image_id] for image_id in image_ids]
    for image in ordered:
        image.updated_at = now
    _renumber(ordered)
    _item_changed(item)
    return ordered


# --- deletes ------------------------------------------------------------------------------


def _delete_objects_on_commit(images: list[Image]) -> None:
    media.delete_objects_on_commit(
        original_keys=[image.original_key for image in images],
        rendition_keys=[key for image in images for key in image.rendition_keys.values()],
    )


@transaction.atomic
def image_delete(*, user, image: Image) -> None:
    """Remove the row now and every object once the transaction commits; close the gap."""
    item = image.item
    Image.objects.filter(pk=image.pk).delete()
    _renumber(_gallery(item))
    _item_changed(item)
    _delete_objects_on_commit([image])


def delete_images_for_item(*, item: Item) -> int:
    """Remove every image of `item`: rows now, objects once the transaction commits.

    Unconfirmed uploads of the item go too, so deleting an item leaves no object behind.
    """
    images = list(Image.objects.filter(item=item))
    _delete_objects_on_commit(images)
    # Any member who may edit the item may have signed an upload for it.
    media.discard_pending_uploads(owner=None, scope=_scope(item))
    Image.objects.filter(id__in=[image.id for image in images]).delete()
    return len(images)


# --- remaking renditions ------------------------------------------------------------------


@transaction.atomic
def reprocess_image(*, image: Image) -> Image:
    """Make the renditions again from the stored original (after a pipeline change, a new
    size, or lost objects) under new keys; the old objects go once the swap commits."""
    with media.rerender(original_key=image.original_key,
                        current_keys=image.rendition_keys) as made:
        image.rendition_keys = made.rendition_keys
        image.width, image.height = made.width, made.height
        image.save(update_fields=["rendition_keys", "width", "height", "updated_at"])
    # The item's URLs changed: cached search results and list pages must not keep old ones.
    bump_household_data_version(Item.objects.filter(pk=image.item_id)
                                .values_list("household_id", flat=True).first())
    return image
