"""Entity tags for items.

An item's tag is `"<id>.v<version>.<images>"`: the version changes on every write of the
item's own fields, the last part whenever its photos change. A GET's If-None-Match compares
the whole tag (a new photo is a new representation); a write's If-Match compares id and
version only, so adding a photo on one device does not turn an edit on another into a
conflict: the two never touch the same data.
"""

import hashlib

from inventory.selectors import images_of
from media_pipeline.renditions import RENDITIONS
from tracktory.api.errors import PreconditionFailed
from tracktory.api.etags import page_etag, precondition_holds


def _rendition_keys(image) -> str:
    # In table order, "" for a size not made yet: the same text as the three key columns
    # gave before, so stored tags stayed valid when the keys moved into one field.
    return "/".join(image.rendition_keys.get(spec.name, "") for spec in RENDITIONS)


def _images_fingerprint(item) -> str:
    parts = [f"{image.id}/{image.position}/{_rendition_keys(image)}/{image.alt_text}"
             for image in images_of(item)]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:12]


def item_etag(item) -> str:
    return f'"{item.id}.v{item.version}.{_images_fingerprint(item)}"'


def _version_part(tag: str) -> str:
    """`"<id>.v<n>..."` -> `<id>.v<n>`: what a write's precondition is about."""
    return ".".join(tag.strip('"').split(".")[:2])


def item_page_etag(items, *, next_cursor) -> str:
    return page_etag([next_cursor, *(item_etag(item) for item in items)])


def check_if_match(item, expected: frozenset[str] | None) -> None:
    if not precondition_holds(expected, f"{item.id}.v{item.version}", comparable=_version_part):
        raise PreconditionFailed(
            "The item was changed since you loaded it.",
            {"ifMatch": ["Stale entity tag."], "currentEtag": [item_etag(item)]},
        )
