"""The Pillow pipeline on its own: bytes in, renditions out, refusals with clear reasons."""

import io
import struct
import zipfile
import zlib

import pytest
from PIL import Image, PngImagePlugin

from media_pipeline import processing
from media_pipeline.processing import ImageRejected, process
from tests.media_pipeline.conftest import GPS_IFD, MAKE, photo_bytes


def opened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def sizes(job) -> dict[str, tuple[int, int]]:
    return {r.name: (r.width, r.height) for r in job.renditions}


def has_sizes(job, expected: dict[str, tuple[int, int]]) -> bool:
    """The contract's sizes are there; a size added to the table does not break this."""
    return expected.items() <= sizes(job).items()


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_claiming(width: int, height: int) -> bytes:
    """A well-formed PNG header claiming huge dimensions, with almost no pixel data."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (processing.PNG_SIGNATURE + png_chunk(b"IHDR", header)
            + png_chunk(b"IDAT", zlib.compress(b"\x00" * 1024)) + png_chunk(b"IEND", b""))


def jpeg_claiming(width: int, height: int) -> bytes:
    """A real small JPEG whose frame header is rewritten to claim huge dimensions."""
    data = bytearray(photo_bytes((64, 48), gps=False))
    sof = data.index(b"\xff\xc0")
    data[sof + 5:sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


class TestRenditions:
    def test_a_photo_gets_three_webp_renditions_by_longest_side(self):
        job = process(photo_bytes((2400, 1800)))

        assert has_sizes(job, {"detail": (1600, 1200), "display": (800, 600),
                               "thumbnail": (150, 112)})
        assert (job.format, job.content_type, job.width, job.height) == (
            "JPEG", "image/jpeg", 2400, 1800)
        for rendition in job.renditions:
            image = opened(rendition.data)
            assert image.format == "WEBP"
            assert image.size == (rendition.width, rendition.height)

    def test_a_small_image_is_never_upscaled(self):
        job = process(photo_bytes((640, 480), "PNG"))

        assert has_sizes(job, {"detail": (640, 480), "display": (640, 480),
                               "thumbnail": (150, 112)})

    @pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
    def test_renditions_carry_no_exif_gps_or_profile(self, fmt):
        original = photo_bytes((1000, 750), fmt)
        assert opened(original).getexif().get_ifd(GPS_IFD), "the test photo must carry GPS"

        for rendition in process(original).renditions:
            image = opened(rendition.data)
            assert not image.getexif(), rendition.name
            assert "exif" not in image.info and "xmp" not in image.info
            assert "icc_profile" not in image.info
            assert b"Tracktory Test Camera" not in rendition.data

    def test_exif_orientation_turns_the_pixels_upright(self):
        # Stored landscape with a red top-left corner; orientation 6 = turn 90 degrees clockwise.
        image = Image.new("RGB", (1200, 900), "blue")
        image.paste("red", (0, 0, 300, 300))
        exif = Image.Exif()
        exif[0x0112] = 6
        out = io.BytesIO()
        image.save(out, "JPEG", exif=exif)

        job = process(out.getvalue())

        assert (job.width, job.height) == (900, 1200)
        detail = opened(job.renditions[0].data).convert("RGB")
        assert detail.size == (900, 1200)
        red, green, blue = detail.getpixel((detail.width - 20, 20))
        assert red > 200 and blue < 60, "the red corner moved to the top right"

    def test_a_12_mp_jpeg_is_decoded_in_draft_mode_not_at_full_size(self):
        job = processing.Job(data=photo_bytes((4000, 3000), gps=False))
        for step in (processing.sniff, processing.inspect, processing.verify,
                     processing.decode):
            job = step(job)

        assert job.image.size == (2000, 1500)
        assert (job.width, job.height) == (4000, 3000)

    def test_transparency_is_kept_and_16_bit_grey_is_not_washed_out(self):
        transparent = Image.new("RGBA", (300, 200), (255, 0, 0, 0))
        out = io.BytesIO()
        transparent.save(out, "PNG")
        assert opened(process(out.getvalue()).renditions[0].data).mode == "RGBA"

        grey16 = Image.new("I;16", (300, 200), 32768)
        out = io.BytesIO()
        grey16.save(out, "PNG")
        value = opened(process(out.getvalue()).renditions[0].data).convert("L").getpixel((5, 5))
        assert 110 < value < 145

    def test_a_cmyk_jpeg_becomes_rgb(self):
        job = process(photo_bytes((400, 300), mode="CMYK", gps=False))
        assert opened(job.renditions[0].data).mode == "RGB"


class TestRefusals:
    @pytest.mark.parametrize(
        ("data", "reason"),
        [
            (b"", "empty"),
            (b"GIF89a" + b"\x00" * 64, "not a JPEG, PNG or WebP"),
            (b"%PDF-1.7\n" + b"\x00" * 64, "not a JPEG, PNG or WebP"),
            (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
             "not a JPEG, PNG or WebP"),
            (b"<!DOCTYPE html><html><body>hi</body></html>", "not a JPEG, PNG or WebP"),
        ],
        ids=["empty", "gif", "pdf", "svg", "html"],
    )
    def test_what_is_not_an_allowed_image_is_refused_by_its_bytes(self, data, reason):
        with pytest.raises(ImageRejected, match=reason):
            process(data)

    @pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
    def test_a_file_cut_short_is_refused(self, fmt):
        data = photo_bytes((800, 600), fmt)
        with pytest.raises(ImageRejected, match="truncated"):
            process(data[: len(data) * 2 // 3])

    def test_the_decoder_itself_refuses_a_truncated_stream(self):
        # Defence in depth: even past the end-marker check, decoding stops a short stream.
        job = processing.Job(data=photo_bytes((800, 600))[:20_000], format="JPEG")
        with pytest.raises(ImageRejected, match="truncated"):
            for step in (processing.inspect, processing.decode):
                job = step(job)

    def test_a_png_with_a_corrupt_chunk_is_refused(self):
        data = bytearray(photo_bytes((200, 150), "PNG", gps=False))
        data[100] ^= 0xFF  # inside the first IDAT: its CRC no longer matches
        with pytest.raises(ImageRejected, match="damaged|truncated"):
            process(bytes(data))

    def test_a_jpeg_with_a_zip_appended_is_refused(self):
        archive = io.BytesIO()
        with zipfile.ZipFile(archive, "w") as bundle:
            bundle.writestr("payload.js", "alert(1)")
        with pytest.raises(ImageRejected, match="hidden after the image"):
            process(photo_bytes((200, 150)) + archive.getvalue())

    def test_a_jpeg_carrying_a_script_in_its_comment_is_refused(self):
        image = Image.new("RGB", (200, 150), "green")
        out = io.BytesIO()
        image.save(out, "JPEG", comment=b"<script>fetch('/api/items')</script>")
        with pytest.raises(ImageRejected, match="markup"):
            process(out.getvalue())

    def test_a_png_whose_text_chunk_is_an_html_page_is_refused(self):
        info = PngImagePlugin.PngInfo()
        info.add_text("Comment", "<html><body onload=alert(1)></body></html>")
        out = io.BytesIO()
        Image.new("RGB", (200, 150)).save(out, "PNG", pnginfo=info)
        with pytest.raises(ImageRejected, match="markup"):
            process(out.getvalue())

    def test_a_webp_header_on_png_bytes_is_refused(self):
        png = photo_bytes((200, 150), "PNG", gps=False)
        disguised = b"RIFF" + struct.pack("<I", len(png) + 4) + b"WEBP" + png
        with pytest.raises(ImageRejected):
            process(disguised)

    @pytest.mark.parametrize(
        "data",
        [png_claiming(7000, 7000), png_claiming(60000, 60000), jpeg_claiming(60000, 60000)],
        ids=["png-49mp", "png-3600mp", "jpeg-3600mp"],
    )
    def test_a_decompression_bomb_is_refused_from_its_header(self, data):
        # The file holds almost no pixel data: the refusal cannot have come from decoding.
        job = processing.Job(data=data)
        with pytest.raises(ImageRejected, match="too large"):
            for step in (processing.sniff, processing.inspect):
                job = step(job)
        assert job.image is None

    @pytest.mark.parametrize(
        ("data", "accepted"),
        [(png_claiming(4000, 3000), "12"), (png_claiming(4001, 3000), None),
         (jpeg_claiming(8000, 5000), "40"), (jpeg_claiming(8001, 5000), None)],
        ids=["png-12mp", "png-over-12mp", "jpeg-40mp", "jpeg-over-40mp"],
    )
    def test_png_is_capped_lower_than_jpeg(self, data, accepted):
        # Only JPEG can be decoded at a fraction of its size; PNG and WebP decode in full.
        job = processing.sniff(processing.Job(data=data))
        if accepted:
            assert processing.inspect(job).width * job.height <= int(accepted) * 1_000_000
        else:
            with pytest.raises(ImageRejected, match="too large"):
                processing.inspect(job)

    def test_the_pixel_cap_is_an_argument(self):
        data = photo_bytes((400, 300), gps=False)
        assert process(data, max_pixels=120_000).width == 400
        with pytest.raises(ImageRejected, match="too large"):
            process(data, max_pixels=119_999)


def test_the_exif_of_the_test_photo_is_really_there():
    """Guards the EXIF tests above: they would pass vacuously on a photo without EXIF."""
    exif = opened(photo_bytes()).getexif()
    assert exif[MAKE] == "Tracktory Test Camera"
    assert exif.get_ifd(GPS_IFD)[1] == "N"


@pytest.mark.parametrize(
    "payload",
    [b"<script>x()</script>", b"<HTML><BODY>", b"<?php system($_GET[1]); ?>",
     b'<svg onload="x()" xmlns="http://www.w3.org/2000/svg">', b"<!DOCTYPE html>",
     b"<iframe src=//evil>"],
    ids=["script", "html", "php", "svg", "doctype", "iframe"],
)
def test_markup_hidden_in_a_jpeg_comment_is_refused(payload):
    out = io.BytesIO()
    Image.new("RGB", (64, 48), "green").save(out, "JPEG", comment=payload)
    with pytest.raises(ImageRejected, match="markup"):
        process(out.getvalue())


def test_ordinary_text_metadata_is_not_mistaken_for_markup():
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "Drill <18V> in the garage, bought 2024 (receipt in <box 3>)")
    out = io.BytesIO()
    Image.new("RGB", (64, 48)).save(out, "PNG", pnginfo=info)
    assert process(out.getvalue()).format == "PNG"


def test_rendition_sizes_come_from_the_true_dimensions_without_rounding_drift():
    job = process(photo_bytes((3000, 2000), gps=False))
    assert has_sizes(job, {"detail": (1600, 1067), "display": (800, 533),
                           "thumbnail": (150, 100)})


@pytest.mark.parametrize("mode", ["L", "P", "LA", "1"])
def test_other_pixel_modes_are_rendered_in_rgb(mode):
    out = io.BytesIO()
    Image.new("RGB", (300, 200), "orange").convert(mode).save(out, "PNG")
    rendition = opened(process(out.getvalue()).renditions[0].data)
    assert rendition.mode in ("RGB", "RGBA") and rendition.size == (300, 200)


def test_webp_is_capped_at_8_megapixels():
    # Pillow's WebP decoder holds several full-size canvases, so WebP gets the lowest cap.
    def webp(size) -> bytes:
        out = io.BytesIO()
        Image.new("RGB", size, "teal").save(out, "WEBP", quality=50, method=0)
        return out.getvalue()

    assert process(webp((4000, 2000))).width == 4000
    with pytest.raises(ImageRejected, match=r"too large \(4001x2000\); at most 8 megapixels"):
        process(webp((4001, 2000)))
