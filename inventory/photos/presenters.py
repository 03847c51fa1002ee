"""How a photo appears inside other resources (an item's `images[]`, the export) and on
its own, with the serializers that document those shapes for OpenAPI.

The `<rendition>Url` fields come from the rendition table, in the presenters and in the
schema alike, so a new size appears in both without an edit here.
"""

from rest_framework import serializers

from inventory.models import Image
from media_pipeline import renditions as table
from media_pipeline import storage
from media_pipeline.presenters import rendition_urls


def iso(value) -> str:
    return value.isoformat().replace("+00:00", "Z")


def image_summary(image: Image) -> dict:
    return {
        "id": str(image.id),
        **rendition_urls(image.rendition_keys),
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


def _summary_fields() -> dict:
    # Built in the order of `image_summary`: DRF orders declared fields by creation.
    return {
        "id": serializers.UUIDField(),
        **{spec.url_field: serializers.CharField(
            allow_null=True,
            help_text=f"{spec.format.upper()}, longest side at most {spec.max_size} px; null "
                      "until it is made for an image stored before this size existed.")
           for spec in table.RENDITIONS},
        "altText": serializers.CharField(),
        "position": serializers.IntegerField(),
        "width": serializers.IntegerField(),
        "height": serializers.IntegerField(),
        "createdAt": serializers.DateTimeField(),
    }


ImageSummarySerializer = type("ImageSummarySerializer", (serializers.Serializer,), {
    "__doc__": "Documents `image_summary`: an image inside an item's `images[]`.",
    "__module__": __name__,
    **_summary_fields(),
})


class ImageOutputSerializer(ImageSummarySerializer):
    """Documents `image_detail` for the OpenAPI schema."""

    itemId = serializers.UUIDField()
    originalUrl = serializers.CharField(help_text="Signed; expires after a few minutes.")
    isPrimary = serializers.BooleanField()
    contentType = serializers.CharField()
    bytes = serializers.IntegerField()
    updatedAt = serializers.DateTimeField()
