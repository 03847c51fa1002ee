"""Object keys: UUIDs only, never a file name or anything else about the person."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

EXTENSION_BY_TYPE = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
ORIGINAL = re.compile(
    rf"^images/originals/(?P<user>{UUID})/(?P<item>{UUID})/(?P<image>{UUID})\.(?P<ext>jpg|png|webp)$"
)


@dataclass(frozen=True)
class OriginalKey:
    user_id: uuid.UUID
    item_id: uuid.UUID
    image_id: uuid.UUID
    extension: str


def original_key(user_id, item_id, image_id, content_type: str) -> str:
    ext = EXTENSION_BY_TYPE[content_type]
    return f"images/originals/{user_id}/{item_id}/{image_id}.{ext}"


def parse_original_key(key: str) -> OriginalKey | None:
    match = ORIGINAL.match(key or "")
    if match is None:
        return None
    return OriginalKey(
        uuid.UUID(match["user"]), uuid.UUID(match["item"]), uuid.UUID(match["image"]),
        match["ext"],
    )


def rendition_keys(user_id, item_id, image_id) -> dict[str, str]:
    """{"thumbnail", "display", "detail"} keys, named by the processing step's renditions."""
    return {
        "thumbnail": f"images/thumbnails/{user_id}/{item_id}/{image_id}_thumb.webp",
        "display": f"images/display/{user_id}/{item_id}/{image_id}_800.webp",
        "detail": f"images/detail/{user_id}/{item_id}/{image_id}_1600.webp",
    }
