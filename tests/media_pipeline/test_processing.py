"""The Pillow pipeline on its own: bytes in, renditions out, refusals with clear reasons."""

import pytest
from PIL import Image

from media_pipeline import processing
from media_pipeline.processing import ImageRejected, process
from tests.kit.photos import (
    GIF,
    GPS_IFD,
    HTML_PAGE,
    MAKE,
    ORIENTATION,
    PDF,
    SVG_WITH_SCRIPT,
    damaged,
    encoded,
    jpeg_claiming,
    jpeg_with_comment,
    opened,
    photo_bytes,
    png_claiming,
    png_with_text,
    truncated,
    webp_wrapping,
    zip_appended,
)


def sizes(job) -> dict[str, tuple[int, int]]:
    return {r.name: (r.width, r.height) for r in job.renditions}


def has_sizes(job, expected: dict[str, tuple[int, int]]) -> bool:
    """The contract's sizes are there; a size added to the table does not break this."""
    return expected.items() <= sizes(job).items()


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
        exif[ORIENTATION] = 6

        job = process(encoded(image, "JPEG", exif=exif))

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
        transparent = encoded(Image.new("RGBA", (300, 200), (255, 0, 0, 0)))
        assert opened(process(transparent).renditions[0].data).mode == "RGBA"

        grey16 = encoded(Image.new("I;16", (300, 200), 32768))
        value = opened(process(grey16).renditions[0].data).convert("L").getpixel((5, 5))
        assert 110 < value < 145

    def test_a_cmyk_jpeg_becomes_rgb(self):
        job = process(photo_bytes((400, 300), mode="CMYK", gps=False))
        assert opened(job.renditions[0].data).mode == "RGB"


class TestRefusals:
    @pytest.mark.parametrize(
        ("data", "reason"),
        [
            (b"", "empty"),
            (GIF, "not a JPEG, PNG or WebP"),
            (PDF, "not a JPEG, PNG or WebP"),
            (SVG_WITH_SCRIPT, "not a JPEG, PNG or WebP"),
            (HTML_PAGE, "not a JPEG, PNG or WebP"),
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
            process(truncated(data))

    def test_the_decoder_itself_refuses_a_truncated_stream(self):
        # Defence in depth: even past the end-marker check, decoding stops a short stream.
        job = processing.Job(data=truncated(photo_bytes((800, 600)), 20_000), format="JPEG")
        with pytest.raises(ImageRejected, match="truncated"):
            for step in (processing.inspect, processing.decode):
                job = step(job)

    def test_a_png_with_a_corrupt_chunk_is_refused(self):
        with pytest.raises(ImageRejected, match="damaged|truncated"):
            process(damaged(photo_bytes((200, 150), "PNG", gps=False)))

    def test_a_jpeg_with_a_zip_appended_is_refused(self):
        with pytest.raises(ImageRejected, match="hidden after the image"):
            process(zip_appended(photo_bytes((200, 150))))

    def test_a_jpeg_carrying_a_script_in_its_comment_is_refused(self):
        with pytest.raises(ImageRejected, match="markup"):
            process(jpeg_with_comment(b"<script>fetch('/api/items')</script>", (200, 150)))

    def test_a_png_whose_text_chunk_is_an_html_page_is_refused(self):
        with pytest.raises(ImageRejected, match="markup"):
            process(png_with_text("<html><body onload=alert(1)></body></html>", (200, 150)))

    def test_a_webp_header_on_png_bytes_is_refused(self):
        with pytest.raises(ImageRejected):
            process(webp_wrapping(photo_bytes((200, 150), "PNG", gps=False)))

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
    with pytest.raises(ImageRejected, match="markup"):
        process(jpeg_with_comment(payload))


def test_ordinary_text_metadata_is_not_mistaken_for_markup():
    text = "Drill <18V> in the garage, bought 2024 (receipt in <box 3>)"
    assert process(png_with_text(text)).format == "PNG"


def test_rendition_sizes_come_from_the_true_dimensions_without_rounding_drift():
    job = process(photo_bytes((3000, 2000), gps=False))
    assert has_sizes(job, {"detail": (1600, 1067), "display": (800, 533),
                           "thumbnail": (150, 100)})


@pytest.mark.parametrize("mode", ["L", "P", "LA", "1"])
def test_other_pixel_modes_are_rendered_in_rgb(mode):
    picture = encoded(Image.new("RGB", (300, 200), "orange").convert(mode))
    rendition = opened(process(picture).renditions[0].data)
    assert rendition.mode in ("RGB", "RGBA") and rendition.size == (300, 200)


def test_webp_is_capped_at_8_megapixels():
    # Pillow's WebP decoder holds several full-size canvases, so WebP gets the lowest cap.
    def webp(size) -> bytes:
        return encoded(Image.new("RGB", size, "teal"), "WEBP", quality=50, method=0)

    assert process(webp((4000, 2000))).width == 4000
    with pytest.raises(ImageRejected, match=r"too large \(4001x2000\); at most 8 megapixels"):
        process(webp((4001, 2000)))
