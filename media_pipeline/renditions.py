"""The rendition table: every size the pipeline makes, declared once.

Processing, object keys, the presenters' `<name>Url` fields, the OpenAPI schema, ETags,
the export, admin previews, clean-up and the PWA gallery all read `RENDITIONS`. Adding a
size is one line here; images stored before it get the new size from `reprocess_images`
(until then their `<name>Url` is null).

`PIPELINE_VERSION` is written into every rendition key. Bump it when what the table or the
processing steps produce changes, so a key never names two different sets of bytes: its
object is served with a one-year immutable Cache-Control.
"""

from __future__ import annotations

from dataclasses import dataclass

PIPELINE_VERSION = 1

# format -> (Pillow encoder, content type, file extension, keeps transparency)
FORMATS = {
    "webp": ("WEBP", "image/webp", "webp", True),
    "jpeg": ("JPEG", "image/jpeg", "jpg", False),
    "png": ("PNG", "image/png", "png", True),
}


@dataclass(frozen=True)
class Rendition:
    name: str
    # Longest side in pixels; a smaller original is never upscaled.
    max_size: int
    # Objects live under images/<folder>/, the key ends in _<suffix>.v<version>-r<revision>.
    folder: str
    suffix: str
    format: str = "webp"
    quality: int = 80
    # Public: the public storage, an immutable URL anyone may fetch. Otherwise the private
    # storage and a signed URL that expires, like the original's.
    public: bool = True
    # Its part in the PWA gallery, if any: "placeholder" (shown first), "inline" (the
    # slide), "fullscreen". The page renders these as data attributes for gallery.js.
    gallery: str = ""

    @property
    def url_field(self) -> str:
        """The API field with this rendition's URL, e.g. `thumbnailUrl`."""
        return f"{self.name}Url"

    @property
    def content_type(self) -> str:
        return FORMATS[self.format][1]

    @property
    def extension(self) -> str:
        return FORMATS[self.format][2]


RENDITIONS: tuple[Rendition, ...] = (
    Rendition("thumbnail", 150, folder="thumbnails", suffix="thumb", gallery="placeholder"),
    Rendition("display", 800, folder="display", suffix="800", gallery="inline"),
    Rendition("detail", 1600, folder="detail", suffix="1600", gallery="fullscreen"),
)

BY_NAME = {rendition.name: rendition for rendition in RENDITIONS}


def largest_first() -> tuple[Rendition, ...]:
    return tuple(sorted(RENDITIONS, key=lambda rendition: -rendition.max_size))


def smallest() -> Rendition:
    return min(RENDITIONS, key=lambda rendition: rendition.max_size)


def largest() -> Rendition:
    return max(RENDITIONS, key=lambda rendition: rendition.max_size)


def gallery_roles() -> dict[str, str]:
    """{"placeholder": "thumbnailUrl", ...}: which API field fills each gallery role."""
    return {rendition.gallery: rendition.url_field for rendition in RENDITIONS
            if rendition.gallery}
