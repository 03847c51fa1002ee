"""Writes for images. Every object written has a row, or is removed again before returning.

The order in every write is: check everything that can be checked without writing, process
the bytes in memory (`processing.process`, which writes nothing), write the objects, then
the row. A failure after the first object is written deletes what was written.
"""

from __future__ import annotations

import hashlib
import time
import uuid
from datetime import UTC, datetime

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from inventory.cache_versions import bump_user_data_version
from inventory.models import Item
from media_pipeline import keys, processing, storage
from media_pipeline.models import Image, PendingUpload
from tracktory.api.errors import Conflict, Forbidden, ValidationFailed

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
ALLOWED_CONTENT_TYPES = tuple(keys.EXTENSION_BY_TYPE)
# Unconfirmed uploads older than this are abandoned; `cleanup_uploads` removes them.
TYPE_NAMES = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WebP"}


def _item_changed(item: Item) -> None:
    """An item's images are part of it: its ETag and every cached read of the owner move on."""
    Item.objects.filter(pk=item.pk).update(version=F("version") + 1, updated_at=timezone.now())
    bump_user_data_version(item.owner_id)


def _refuse(field: str, message: str) -> ValidationFailed:
    return ValidationFailed(message, {field: [message]})


def _check_size(size: int, field: str) -> None:
    if size < 1:
        raise _refuse(field, "The file is empty.")
    if size > MAX_UPLOAD_BYTES:
        raise _refuse(field, f"The file is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB.")


def _process(data: bytes, field: str) -> processing.Job:
    try:
        return processing.process(data)
    except processing.ImageRejected as exc:
        raise _refuse(field, str(exc)) from None


def _store_image(
    *, item: Item, image_id: uuid.UUID, original_key: str, data: bytes, job: processing.Job,
    alt_text: str,
) -> Image:
    """Write the renditions, then the row at the end of the gallery; undo the objects on error."""
    rendition_keys = keys.rendition_keys(item.owner_id, item.id, image_id)
    written: list[str] = []
    try:
        for rendition in job.renditions:
            key = rendition_keys[rendition.name]
            storage.write_rendition(key, rendition.data)
            written.append(key)
        with transaction.atomic():
            last = Image.objects.filter(item=item).aggregate(last=Max("position"))["last"]
            image = Image.objects.create(
                id=image_id,
                item=item,
                owner_id=item.owner_id,
                original_key=original_key,
                thumbnail_key=rendition_keys["thumbnail"],
                display_key=rendition_keys["display"],
                detail_key=rendition_keys["detail"],
                content_type=job.content_type,
                width=job.width,
                height=job.height,
                bytes=len(data),
                content_hash=hashlib.sha256(data).hexdigest(),
                alt_text=alt_text,
                position=0 if last is None else last + 1,
            )
            _item_changed(item)
    except BaseException:
        storage.delete_objects(renditions=written)
        raise
    return image


# --- signed direct uploads ----------------------------------------------------------------


def image_sign_upload(
    *, user, item: Item, content_type: str, size: int, now: float | None = None
) -> storage.UploadForm:
    """Reserve an image id and key for `item` and sign a form to upload the original there."""
    if content_type not in ALLOWED_CONTENT_TYPES:
        raise _refuse("contentType", "Only JPEG, PNG and WebP images are accepted "
                                     f"({', '.join(ALLOWED_CONTENT_TYPES)}).")
    _check_size(size, "size")
    image_id = uuid.uuid4()
    key = keys.original_key(user.id, item.id, image_id, content_type)
    form = storage.sign_upload(key=key, content_type=content_type, max_size=MAX_UPLOAD_BYTES,
                               size=size, now=now)
    issued = time.time() if now is None else now
    PendingUpload.objects.create(
        id=image_id, item=item, owner=user, object_key=key, content_type=content_type,
        declared_size=size,
        expires_at=datetime.fromtimestamp(issued + form.expires_in, tz=UTC),
    )
    return form


def _discard_pending(pending: PendingUpload) -> None:
    storage.delete_objects(originals=[pending.object_key])
    pending.delete()


def image_confirm_upload(*, user, item: Item, object_key: str, alt_text: str = "") -> Image:
    """Turn an uploaded original into an image with renditions, or refuse and remove it."""
    parsed = keys.parse_original_key(object_key)
    if parsed is None:
        raise _refuse("objectKey", "This is not an upload key issued by /images/sign.")
    if parsed.user_id != user.id or parsed.item_id != item.id:
        raise Forbidden("This upload key belongs to another item.",
                        {"objectKey": ["This upload key belongs to another item."]})
    with transaction.atomic():
        # Locked, so two confirms of one upload cannot both make an image.
        pending = (PendingUpload.objects.select_for_update()
                   .filter(object_key=object_key, owner=user, item=item).first())
        if pending is None:
            if Image.objects.filter(original_key=object_key).exists():
                raise Conflict("This upload was already confirmed.",
                               {"objectKey": ["Already confirmed."]})
            raise _refuse("objectKey", "No signed upload has this key; sign the upload again.")
        size = storage.object_size(object_key)
        if size is None:
            raise _refuse("objectKey", "Nothing has been uploaded to this key yet.")
        try:
            _check_size(size, "objectKey")
            data = storage.read_original(object_key, max_size=MAX_UPLOAD_BYTES)
            _check_size(len(data), "objectKey")
            job = _process(data, "objectKey")
            if job.content_type != pending.content_type:
                raise _refuse(
                    "objectKey",
                    f"The file is a {TYPE_NAMES[job.content_type]} image but was signed as "
                    f"{pending.content_type}.",
                )
        except ValidationFailed as exc:
            refusal = exc
        else:
            image = _store_image(item=item, image_id=pending.id, original_key=object_key,
                                 data=data, job=job, alt_text=alt_text)
            pending.delete()
            return image
    # Refused: the bytes go now, and the row outside the block above, so raising does not
    # roll its deletion back. (Inside a caller's transaction that rolls back on a 400, the
    # row survives until cleanup_uploads; the object is gone either way.)
    _discard_pending(pending)
    raise refusal


# --- one-step upload ----------------------------------------------------------------------


def image_upload(*, user, item: Item, file, alt_text: str = "") -> Image:
    """The multipart path: check and process the file, then store original and renditions."""
    _check_size(file.size, "file")
    data = file.read(MAX_UPLOAD_BYTES + 1)
    _check_size(len(data), "file")
    job = _process(data, "file")
    image_id = uuid.uuid4()
    key = keys.original_key(user.id, item.id, image_id, job.content_type)
    storage.write_original(key, data, job.content_type)
    try:
        return _store_image(item=item, image_id=image_id, original_key=key, data=data,
                            job=job, alt_text=alt_text)
    except BaseException:
        storage.delete_objects(originals=[key])
        raise


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


def delete_image_objects(image: Image) -> None:
    storage.delete_objects(originals=[image.original_key], renditions=image.rendition_keys)


@transaction.atomic
def image_delete(*, user, image: Image) -> None:
    """Remove the row now and every object once the transaction commits; close the gap."""
    item = image.item
    Image.objects.filter(pk=image.pk).delete()
    _renumber(_gallery(item))
    _item_changed(item)
    transaction.on_commit(lambda: delete_image_objects(image))


def delete_images_for_item(*, item) -> int:
    """Remove every image of `item`: rows now, objects once the transaction commits.

    Unconfirmed uploads of the item go too, so deleting an item leaves no object behind.
    """
    images = list(Image.objects.filter(item=item))
    pending = list(PendingUpload.objects.filter(item=item))
    for image in images:
        transaction.on_commit(lambda image=image: delete_image_objects(image))
    pending_keys = [upload.object_key for upload in pending]
    if pending_keys:
        transaction.on_commit(lambda: storage.delete_objects(originals=pending_keys))
    Image.objects.filter(id__in=[image.id for image in images]).delete()
    PendingUpload.objects.filter(id__in=[upload.id for upload in pending]).delete()
    return len(images)


def reprocess_image(*, image: Image) -> Image:
    """Make the renditions again from the stored original (after a pipeline change, or lost
    objects). Keys stay the same, so a CDN may serve old bytes until its cache is purged."""
    size = storage.object_size(image.original_key)
    if size is None:
        raise storage.ObjectMissing(image.original_key)
    data = storage.read_original(image.original_key, max_size=MAX_UPLOAD_BYTES)
    job = processing.process(data)
    rendition_keys = keys.rendition_keys(image.owner_id, image.item_id, image.id)
    for rendition in job.renditions:
        storage.write_rendition(rendition_keys[rendition.name], rendition.data)
    image.thumbnail_key = rendition_keys["thumbnail"]
    image.display_key = rendition_keys["display"]
    image.detail_key = rendition_keys["detail"]
    image.width, image.height = job.width, job.height
    image.save(update_fields=["thumbnail_key", "display_key", "detail_key", "width", "height",
                              "updated_at"])
    return image
