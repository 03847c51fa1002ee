"""Real image bytes made with Pillow, and the damaged, disguised and hostile files the
upload checks must refuse.

`photo_bytes` is the one picture generator: a gradient with camera EXIF and a GPS
position, noisy by default so it compresses like a photo (`noise=False` for a smooth,
small and quick one, which is all a browser test needs).
"""

import io
import struct
import zipfile
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, PngImagePlugin

GPS_IFD = 0x8825
ORIENTATION = 0x0112
MAKE = 0x010F
CAMERA = "Tracktory Test Camera"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

CONTENT_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
SUFFIXES = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


def photo_bytes(
    size=(1200, 900), fmt="JPEG", *, orientation: int | None = None, gps: bool = True,
    exif: bool = True, mode: str = "RGB", noise: bool = True, **save_options,
) -> bytes:
    """A gradient picture carrying camera EXIF (`exif=False`: none) and a GPS position."""
    gradient = Image.linear_gradient("L").resize(size)
    middle = Image.effect_noise(size, 40) if noise else gradient.transpose(
        Image.Transpose.FLIP_TOP_BOTTOM)
    image = Image.merge("RGB", (gradient, middle,
                                gradient.transpose(Image.Transpose.FLIP_LEFT_RIGHT)))
    if mode != "RGB":
        image = image.convert(mode)
    if exif:
        save_options["exif"] = camera_exif(orientation=orientation, gps=gps)
    out = io.BytesIO()
    if fmt != "PNG":
        save_options.setdefault("quality", 90)
    image.save(out, fmt, **save_options)
    return out.getvalue()


def camera_exif(*, orientation: int | None = None, gps: bool = True) -> Image.Exif:
    exif = Image.Exif()
    exif[MAKE] = CAMERA
    if orientation:
        exif[ORIENTATION] = orientation
    if gps:
        exif.get_ifd(GPS_IFD).update({
            1: "N", 2: (51.0, 30.0, 12.5), 3: "W", 4: (0.0, 7.0, 39.0),
        })
    return exif


def encoded(image: Image.Image, fmt: str = "PNG", **save_options) -> bytes:
    """A picture drawn by the test itself, saved in `fmt`."""
    out = io.BytesIO()
    image.save(out, fmt, **save_options)
    return out.getvalue()


def opened(data: bytes) -> Image.Image:
    """Decoded in full, so a damaged file fails here rather than later."""
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def upload(data: bytes, name: str = "photo.jpg", content_type: str = "image/jpeg"):
    """The file as a multipart upload carries it."""
    return SimpleUploadedFile(name, data, content_type=content_type)


# ---- files that must be refused --------------------------------------------------------

NOT_REALLY_JPEG = b"\xff\xd8\xff\xe0 this is not really a JPEG"
GIF = b"GIF89a" + b"\x00" * 64
PDF = b"%PDF-1.7\n" + b"\x00" * 64
SVG_WITH_SCRIPT = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
HTML_PAGE = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


def truncated(data: bytes, keep: int | float = 2 / 3) -> bytes:
    """The file cut short: `keep` bytes, or that fraction of them."""
    return data[:keep] if isinstance(keep, int) else data[: int(len(data) * keep)]


def damaged(data: bytes, at: int = 100) -> bytes:
    """One byte flipped (in a small PNG, byte 100 is inside the first IDAT: its CRC fails)."""
    flipped = bytearray(data)
    flipped[at] ^= 0xFF
    return bytes(flipped)


def oversized(limit: int) -> bytes:
    """A JPEG signature followed by more than `limit` bytes."""
    return b"\xff\xd8\xff" + b"\x00" * limit


def zip_appended(data: bytes) -> bytes:
    """A polyglot: the image, then a real ZIP archive carrying a script."""
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("payload.js", "alert(1)")
    return data + archive.getvalue()


def jpeg_with_comment(payload: bytes, size=(64, 48)) -> bytes:
    """A valid JPEG whose COM segment carries `payload` (markup hidden in a comment)."""
    return encoded(Image.new("RGB", size, "green"), "JPEG", comment=payload)


def png_with_text(text: str, size=(64, 48)) -> bytes:
    """A valid PNG whose tEXt chunk says `text`."""
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", text)
    return encoded(Image.new("RGB", size), "PNG", pnginfo=info)


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_claiming(width: int, height: int) -> bytes:
    """A well-formed PNG header claiming huge dimensions, with almost no pixel data."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (PNG_SIGNATURE + png_chunk(b"IHDR", header)
            + png_chunk(b"IDAT", zlib.compress(b"\x00" * 1024)) + png_chunk(b"IEND", b""))


def jpeg_claiming(width: int, height: int) -> bytes:
    """A real small JPEG whose frame header is rewritten to claim huge dimensions."""
    data = bytearray(photo_bytes((64, 48), gps=False))
    sof = data.index(b"\xff\xc0")
    data[sof + 5:sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def webp_wrapping(data: bytes) -> bytes:
    """A RIFF/WEBP header in front of other bytes."""
    return b"RIFF" + struct.pack("<I", len(data) + 4) + b"WEBP" + data


def add_photo(item, *, size=(1200, 900), **photo_options):
    """A real image of `item`, renditions and all, through the media pipeline's service."""
    from inventory.photos.services import image_upload

    photo_options.setdefault("noise", False)  # a smooth picture processes in a blink
    return image_upload(user=item.owner, item=item,
                        file=upload(photo_bytes(size, **photo_options)))
