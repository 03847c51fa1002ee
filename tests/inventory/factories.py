"""Test data made through the real services, so history and versions are as in production."""

import itertools

from inventory import services
from inventory.models import Image

_counter = itertools.count(1)


def make_item(owner, **fields):
    fields.setdefault("name", f"Item {next(_counter)}")
    return services.item_create(user=owner, **fields)


def make_location(owner, **fields):
    fields.setdefault("name", f"Place {next(_counter)}")
    return services.location_create(user=owner, **fields)


def make_category(owner, **fields):
    fields.setdefault("name", f"Kind {next(_counter)}")
    return services.category_create(user=owner, **fields)


def add_image(item, *, position=0):
    """An image row as the media pipeline leaves it after processing (keys only)."""
    n = next(_counter)
    base = f"{item.owner_id}/{item.id}/img{n}"
    return Image.objects.create(
        item=item, owner_id=item.owner_id, original_key=f"images/originals/{base}.jpg",
        rendition_keys={"thumbnail": f"images/thumbnails/{base}_thumb.v1-r1.webp",
                        "display": f"images/display/{base}_800.v1-r1.webp",
                        "detail": f"images/detail/{base}_1600.v1-r1.webp"},
        content_type="image/jpeg", width=800, height=600, bytes=1234, position=position,
    )
