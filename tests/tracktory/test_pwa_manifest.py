"""/manifest.webmanifest: what Chrome's installability check and iOS need."""

import json

import pytest
from django.urls import reverse
from PIL import Image

from tests.pwa_support import parse, static_file

pytestmark = pytest.mark.usefixtures("collected_static")


@pytest.fixture
def manifest(client):
    response = client.get(reverse("pwa-manifest"))
    assert response.status_code == 200
    return response, json.loads(response.content)


def test_served_as_a_web_app_manifest_at_the_root(manifest):
    response, _ = manifest

    assert reverse("pwa-manifest") == "/manifest.webmanifest"
    assert response["Content-Type"] == "application/manifest+json"


def test_names_urls_display_and_colours(manifest):
    _, body = manifest

    assert body["name"].startswith("Tracktory")
    assert body["short_name"] == "Tracktory"
    assert body["start_url"].startswith("/")
    assert body["scope"] == "/"
    assert body["display"] == "standalone"
    assert body["theme_color"].startswith("#")
    assert body["background_color"].startswith("#")


@pytest.mark.parametrize(("size", "purpose"), [(192, "any"), (512, "any"), (512, "maskable")],
                         ids=["192", "512", "maskable"])
def test_icons_are_real_pngs_of_the_declared_size(manifest, collected_static, size, purpose):
    _, body = manifest
    icon = next(i for i in body["icons"]
                if i["sizes"] == f"{size}x{size}" and i["purpose"] == purpose)

    with Image.open(static_file(collected_static, icon["src"])) as image:
        assert image.format == "PNG"
        assert image.size == (size, size)
    assert icon["type"] == "image/png"


def test_maskable_icon_fills_the_square(manifest, collected_static):
    _, body = manifest
    icon = next(i for i in body["icons"] if i["purpose"] == "maskable")

    with Image.open(static_file(collected_static, icon["src"])) as image:
        # A maskable icon may be cropped to a circle: its corners must not be transparent.
        assert image.convert("RGBA").getpixel((0, 0))[3] == 255


def test_apple_touch_icon_is_opaque_180px(client, collected_static):
    parts = parse(client.get(reverse("pwa-items")).content.decode())
    href = next(link["href"] for link in parts.links if link["rel"] == "apple-touch-icon")

    with Image.open(static_file(collected_static, href)) as image:
        assert image.size == (180, 180)
        assert image.mode == "RGB"
