"""How an image appears inside other resources (an item's `images[]`, the export)."""

from media_pipeline import storage
from media_pipeline.models import Image


def iso(value) -> str:
    return value.isoformat().replace("+00:00", "Z")


def public_url(key: str) -> str | None:
    return storage.rendition_url(key)


def image_summary(image: Image) -> dict:
    return {
        "id": str(image.id),
        "thumbnailUrl": public_url(image.thumbnail_key),
        "displayUrl": public_url(image.display_key),
        "detailUrl": public_url(image.detail_key),
        "altText": image.alt_text,
        "position": image.position,
        "width": image.width,
        "height": image.height,
        "createdAt": iso(image.created_at),
    }


def image_detail(image: Image) -> dict:
    """`GET /api/images/{id}`: the summary plus a signed, expiring URL of the original."""
    return {
        **image_summary(image),
        "itemId": str(image.item_id),
        "isPrimary": image.position == 0,
        "originalUrl": storage.original_url(image.original_key),
        "contentType": image.content_type,
        "bytes": image.bytes,
        "updatedAt": iso(image.updated_at),
    }
