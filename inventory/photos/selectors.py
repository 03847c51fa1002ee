"""Reads for item photos, scoped to one owner: another user's image or item is simply not found."""

from inventory.models import Image, Item
from tracktory.api.errors import NotFound


def item_for_images(*, user, item_id) -> Item:
    """The user's item that images are added to or read from, or NOT_FOUND."""
    item = Item.objects.filter(owner=user, pk=item_id).first()
    if item is None:
        raise NotFound("Item not found.")
    return item


def image_get(*, user, image_id) -> Image:
    image = Image.objects.select_related("item").filter(owner=user, pk=image_id).first()
    if image is None:
        raise NotFound("Image not found.")
    return image


def images_for_item(*, item: Item) -> list[Image]:
    return list(Image.objects.filter(item=item).order_by("position", "created_at"))


def referenced_object_keys() -> set[str]:
    """Every object key a photo row refers to (what storage clean-up must keep)."""
    found: set[str] = set()
    for original, renditions in Image.objects.values_list("original_key", "rendition_keys"):
        found.add(original)
        found.update(key for key in (renditions or {}).values() if key)
    return found
