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
from tracktory.api.errors import Conflict


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


def page_etag(parts) -> str:
    """A list page's tag: a hash over what its payload is made of."""
    digest = hashlib.sha256("\n".join(map(str, parts)).encode()).hexdigest()[:32]
    return f'"{digest}"'


def item_page_etag(items, *, next_cursor) -> str:
    return page_etag([next_cursor, *(item_etag(item) for item in items)])


def _tags(header: str) -> set[str]:
    # Lenient about weak tags (W/"...") since proxies may weaken what we sent.
    return {tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()}


def if_match(request) -> frozenset[str] | None:
    """The tags a write is conditional on; None when it is unconditional (no header, or *).

    A missing If-Match is allowed: old clients and curl users still work, and the offline
    queue sends the tag it last saw whenever it has one.
    """
    header = request.headers.get("If-Match")
    if header is None:
        return None
    tags = _tags(header)
    return None if "*" in tags else frozenset(tags)


def check_if_match(item, expected: frozenset[str] | None) -> None:
    current = f"{item.id}.v{item.version}"
    if expected is not None and current not in {_version_part(tag) for tag in expected}:
        raise Conflict(
            "The item was changed since you loaded it.",
            {"ifMatch": ["Stale entity tag."], "currentEtag": [item_etag(item)]},
        )


def not_modified(request, etag: str) -> bool:
    header = request.headers.get("If-None-Match")
    if not header:
        return False
    tags = _tags(header)
    return "*" in tags or etag in tags
