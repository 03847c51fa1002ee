"""How an image appears inside other resources (an item's `images[]`, the export)."""

from django.core.files.storage import storages

from media_pipeline.models import Image


def public_url(key: str) -> str | None:
    return storages["public"].url(key) if key else None


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
        "createdAt": image.created_at.isoformat().replace("+00:00", "Z"),
    }
