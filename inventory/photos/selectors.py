"""Reads for item photos, scoped to the caller's households: an image or item of any other
household is simply not found. With `write=True` a viewer is refused (403)."""

from households.selectors import check_role, member_household_ids, role_annotation
from inventory.models import Image, Item
from tracktory.api.errors import NotFound


def item_for_images(*, user, item_id, write: bool = False) -> Item:
    """The item that images are added to or read from, or NOT_FOUND."""
    if write:
        item = Item.objects.annotate(member_role=role_annotation(user)).filter(
            pk=item_id).first()
        check_role(item.member_role if item else None, what="Item")
        return item
    item = Item.objects.filter(household_id__in=member_household_ids(user), pk=item_id).first()
    if item is None:
        raise NotFound("Item not found.")
    return item


def image_get(*, user, image_id, write: bool = False) -> Image:
    images = Image.objects.select_related("item")
    if write:
        image = images.annotate(member_role=role_annotation(user, "item__household_id")).filter(
            pk=image_id).first()
        check_role(image.member_role if image else None, what="Image")
        return image
    image = images.filter(item__household_id__in=member_household_ids(user),
                          pk=image_id).first()
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
