"""The image pipeline: bytes in, the rendition table's renditions out. Pure Pillow, no storage.

`process(data)` runs named steps in order, each taking and returning one `Job`:

    sniff -> inspect -> verify -> decode -> orient -> strip -> render

Any step may raise `ImageRejected` with a message fit to show the user; nothing is written
anywhere by this module, so a refusal leaves nothing behind. Memory is bounded: the pixel
cap is checked from the header before any pixel is decoded, and JPEGs are decoded with
`Image.draft` straight to the scale the largest rendition needs.
"""

from __future__ import annotations

import io
import logging
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field

from PIL import ExifTags, Image, ImageCms, ImageOps, UnidentifiedImageError

from media_pipeline import renditions as table

# Refused from the header, before a pixel is decoded. The app shrinks photos to 2048 px
# (4 MP) before upload, so these are generous. A JPEG is decoded at 1/2..1/8 scale
# (draft): a 12 MP photo peaks near 57 MB. PNG and WebP decode in full, and Pillow's WebP
# decoder holds several RGBA canvases, so their caps keep a whole process near 155 MB.
MAX_PIXELS_BY_FORMAT = {"JPEG": 40_000_000, "PNG": 12_000_000, "WEBP": 8_000_000}
MAX_PIXELS = max(MAX_PIXELS_BY_FORMAT.values())

logger = logging.getLogger(__name__)

CONTENT_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}

# Markup or script anywhere in the file: an image that is also a web page (a polyglot).
# Tags of four letters or more (and <svg only with its namespace) so that random compressed
# bytes match by chance about once in millions of 10 MB photos.
MARKUP = re.compile(
    rb"(?i)<(?:script|html|iframe|body|object|embed|\?php|!doctype)[\s>/]"
    rb"|<svg\s[^>]{0,200}?xmlns"
)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_END = b"IEND\xaeB`\x82"


class ImageRejected(ValueError):
    """The bytes are not an image we accept; the message says why, in plain words."""


@dataclass
class Rendition:
    name: str
    data: bytes
    width: int
    height: int


@dataclass
class Job:
    """What the steps pass along. `image` is the working Pillow image once decoded."""

    data: bytes
    # None: the cap for the file's format (MAX_PIXELS_BY_FORMAT).
    max_pixels: int | None = None
    format: str = ""
    width: int = 0
    height: int = 0
    image: Image.Image | None = None
    renditions: list[Rendition] = field(default_factory=list)

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.format]

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.format]


def sniff_format(data: bytes) -> str | None:
    """The format the first bytes announce (magic numbers), whatever the file is called."""
    if data[:3] == b"\xff\xd8\xff":
        return "JPEG"
    if data[:8] == PNG_SIGNATURE:
        return "PNG"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    return None


def ends_cleanly(fmt: str, data: bytes) -> bool:
    """No bytes after the image's own end marker, where a ZIP or script could hide."""
    if fmt == "JPEG":
        # Some cameras pad the file with zeros after the end-of-image marker.
        return data.rstrip(b"\x00").endswith(b"\xff\xd9")
    if fmt == "PNG":
        return data.endswith(PNG_END)
    declared = int.from_bytes(data[4:8], "little") + 8
    return len(data) in (declared, declared + 1)


def sniff(job: Job) -> Job:
    """Refuse anything that is not JPEG, PNG or WebP by its bytes, or that hides markup."""
    if not job.data:
        raise ImageRejected("The file is empty.")
    fmt = sniff_format(job.data)
    if fmt is None:
        raise ImageRejected("The file is not a JPEG, PNG or WebP image.")
    if MARKUP.search(job.data):
        raise ImageRejected("The file contains web page markup; only plain images are accepted.")
    if not ends_cleanly(fmt, job.data):
        raise ImageRejected(
            "The file is truncated, or has other data hidden after the image."
        )
    job.format = fmt
    return job


def open_image(job: Job) -> Image.Image:
    """Open lazily (header only), trusting only the format the magic bytes announced."""
    # Pillow warns (and past 2x its own limit, raises) on huge images; our own cap, checked
    # right after, gives the user-facing message, so the warning is noise here.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            return Image.open(io.BytesIO(job.data), formats=[job.format])
        except Image.DecompressionBombError:
            raise ImageRejected(
                f"The image is too large; at most {MAX_PIXELS // 1_000_000} megapixels "
                "are accepted."
            ) from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            raise ImageRejected("The file is damaged or not a valid image.") from None


def inspect(job: Job) -> Job:
    """Read the header only: dimensions and format, then the pixel cap. Nothing decoded yet."""
    image = open_image(job)
    if image.format != job.format:
        raise ImageRejected("The file's contents do not match its image type.")
    width, height = image.size
    if width < 1 or height < 1:
        raise ImageRejected("The image has no pixels.")
    cap = job.max_pixels or MAX_PIXELS_BY_FORMAT[job.format]
    if width * height > cap:
        raise ImageRejected(
            f"The image is too large ({width}x{height}); at most "
            f"{cap / 1_000_000:g} megapixels are accepted."
        )
    job.width, job.height = width, height
    return job


def verify(job: Job) -> Job:
    """Pillow's structural check (chunk CRCs for PNG) on a throwaway image object."""
    image = open_image(job)
    try:
        image.verify()
    except Exception:  # noqa: BLE001 - Pillow raises many types for a corrupt stream
        raise ImageRejected("The file is damaged or not a valid image.") from None
    return job


def largest_box(width: int, height: int) -> tuple[int, int]:
    return fit(width, height, table.largest().max_size)


def decode(job: Job) -> Job:
    """Decode the pixels, a JPEG only at the scale the largest rendition needs."""
    image = open_image(job)
    if job.format == "JPEG":
        # The DCT decoder scales by 1/2, 1/4 or 1/8 while staying at least this box, so a
        # 12 MP photo is decoded at 3 MP for a 1600 px rendition.
        image.draft("RGB", largest_box(job.width, job.height))
    try:
        # Pillow's default (LOAD_TRUNCATED_IMAGES off) makes a truncated stream fail here.
        image.load()
    except Exception:  # noqa: BLE001 - truncated and corrupt streams raise OSError and others
        raise ImageRejected("The image is truncated or damaged and cannot be decoded.") from None
    job.image = image
    return job


# EXIF orientations that turn the picture a quarter: width and height swap places.
QUARTER_TURNS = frozenset({5, 6, 7, 8})


def orient(job: Job) -> Job:
    """Turn the pixels the way the camera's EXIF orientation says, so renditions stand up."""
    try:
        orientation = job.image.getexif().get(ExifTags.Base.Orientation)
    except Exception:  # noqa: BLE001 - a mangled EXIF block only costs us the orientation
        return job
    if orientation in QUARTER_TURNS:
        job.width, job.height = job.height, job.width
    job.image = ImageOps.exif_transpose(job.image)
    return job


SRGB = ImageCms.createProfile("sRGB")


def to_srgb(image: Image.Image, mode: str) -> Image.Image:
    """Bake an embedded colour profile (Display P3, Adobe RGB, CMYK) into sRGB pixels."""
    icc = image.info.get("icc_profile")
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            return ImageCms.profileToProfile(image, source, SRGB, outputMode=mode)
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # An unreadable profile is dropped; the pixels are kept as they are.
    return image if image.mode == mode else image.convert(mode)


def strip(job: Job) -> Job:
    """Leave only pixels, in sRGB RGB(A): no EXIF, GPS, XMP, comments or colour profile."""
    image = job.image
    if image.mode.startswith("I"):
        # 16-bit greyscale PNG: scale to 8 bits first, or converting saturates it to white.
        image = image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    has_alpha = "A" in image.mode or "transparency" in image.info
    image = to_srgb(image, "RGBA" if has_alpha else "RGB")
    image.info = {}
    job.image = image
    return job


def fit(width: int, height: int, longest: int) -> tuple[int, int]:
    """The size with `longest` as the longest side, never larger than the source."""
    if max(width, height) <= longest:
        return width, height
    scale = longest / max(width, height)
    return max(1, round(width * scale)), max(1, round(height * scale))


def encode(image: Image.Image, spec: table.Rendition) -> bytes:
    encoder, _, _, keeps_alpha = table.FORMATS[spec.format]
    if not keeps_alpha and image.mode != "RGB":
        image = image.convert("RGB")
    out = io.BytesIO()
    # method=4: WebP's speed/size balance; other encoders ignore it.
    image.save(out, encoder, quality=spec.quality, method=4)
    return out.getvalue()


def render(job: Job) -> Job:
    """Every rendition of the table, by longest side, never upscaled; largest first."""
    source = job.image
    for spec in table.largest_first():
        # Sized from the true dimensions (not the draft-decoded or previous rendition's),
        # so rounding never drifts: 3000x2000 gives 800x533, not 800x534.
        size = fit(job.width, job.height, spec.max_size)
        if max(size) < max(source.size):
            # Each rendition comes from the previous, smaller one: far fewer pixels to filter.
            source = source.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
        job.renditions.append(
            Rendition(name=spec.name, data=encode(source, spec), width=source.width,
                      height=source.height)
        )
    return job


Step = Callable[[Job], Job]
STEPS: tuple[Step, ...] = (sniff, inspect, verify, decode, orient, strip, render)


def process(
    data: bytes, *, max_pixels: int | None = None, steps: tuple[Step, ...] = STEPS
) -> Job:
    """Run every step over `data`; raise ImageRejected with a user-facing reason on refusal."""
    job = Job(data=data, max_pixels=max_pixels)
    try:
        for step in steps:
            job = step(job)
    except ImageRejected:
        raise
    except Exception as exc:
        # Hostile files find decoder paths no check foresaw: still a 400 for the user, and
        # the details in the log for us.
        logger.warning("image refused by %s: %r", getattr(step, "__name__", step), exc)
        raise ImageRejected("The image could not be processed.") from exc
    finally:
        if job.image is not None:
            job.image.close()
            job.image = None
    return job
