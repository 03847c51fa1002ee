"""Entity tags for items: derived from id + version, so any write makes the old tag stale."""

import hashlib

from inventory.selectors import images_of
from tracktory.api.errors import Conflict


def item_etag(item) -> str:
    return f'"{item.id}.v{item.version}"'


def page_etag(parts) -> str:
    """A list page's tag: a hash over what its payload is made of."""
    digest = hashlib.sha256("\n".join(map(str, parts)).encode()).hexdigest()[:32]
    return f'"{digest}"'


def item_page_etag(items, *, next_cursor) -> str:
    """Item versions cover every item field; images change without a version, so they count."""
    return page_etag([next_cursor] + [
        f"{item.id}.{item.version}:" + ",".join(
            f"{image.id}/{image.position}/{image.thumbnail_key}/{image.display_key}/"
            f"{image.detail_key}/{image.alt_text}" for image in images_of(item))
        for item in items
    ])


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
    if expected is not None and item_etag(item) not in expected:
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
