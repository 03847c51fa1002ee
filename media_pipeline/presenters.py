"""URLs of stored files, for callers that show them."""

from media_pipeline import renditions as table
from media_pipeline import storage


def rendition_url(spec: table.Rendition, key: str | None) -> str | None:
    if not key:
        return None
    # A private rendition is read like an original: through a signed URL that expires.
    return storage.rendition_url(key) if spec.public else storage.original_url(key)


def rendition_urls(rendition_keys: dict[str, str]) -> dict[str, str | None]:
    """{"thumbnailUrl": ..., ...} for every rendition of the table; null where a file has no
    object of that rendition yet (stored before the size was added)."""
    return {spec.url_field: rendition_url(spec, rendition_keys.get(spec.name))
            for spec in table.RENDITIONS}


def smallest_url(rendition_keys: dict[str, str]) -> str | None:
    spec = table.smallest()
    return rendition_url(spec, rendition_keys.get(spec.name))


def largest_url(rendition_keys: dict[str, str]) -> str | None:
    """The largest rendition there is an object of (for a file that leaves the app)."""
    for spec in table.largest_first():
        if rendition_keys.get(spec.name):
            return rendition_url(spec, rendition_keys[spec.name])
    return None
