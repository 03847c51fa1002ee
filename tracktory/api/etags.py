"""Entity tags: conditional GETs (If-None-Match) and conditional writes (If-Match).

What a resource's tag is made of is the resource's business; these helpers only read the
headers and compare.
"""

import hashlib
from collections.abc import Callable


def page_etag(parts) -> str:
    """A list page's tag: a hash over what its payload is made of."""
    digest = hashlib.sha256("\n".join(map(str, parts)).encode()).hexdigest()[:32]
    return f'"{digest}"'


def parse_tags(header: str) -> set[str]:
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
    tags = parse_tags(header)
    return None if "*" in tags else frozenset(tags)


def precondition_holds(expected: frozenset[str] | None, current: str, *,
                       comparable: Callable[[str], str] = lambda tag: tag) -> bool:
    """Whether a write conditional on `expected` (from `if_match`) may change `current`.

    `comparable` reduces a sent tag to what the precondition is about (e.g. only the
    version part of a tag that also covers related data).
    """
    return expected is None or current in {comparable(tag) for tag in expected}


def not_modified(request, etag: str) -> bool:
    header = request.headers.get("If-None-Match")
    if not header:
        return False
    tags = parse_tags(header)
    return "*" in tags or etag in tags
