"""Photos from object storage on another origin, in real headless Chromium: fetched in CORS
mode (`crossorigin="anonymous"`), so the worker can keep them for offline use (an opaque
answer is never cached). The "bucket" is a second loopback origin that allows the app's,
configured as the R2 storage is in production (its origin in the CSP's connect-src)."""

import dataclasses
import http.server
import threading

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from tests.kit.browser import wait_for_control, wait_until
from tracktory.env import R2Config
from tracktory.pwa import csp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


class Bucket(http.server.BaseHTTPRequestHandler):
    """One immutable rendition, with the CORS rule the README documents (GET from the app)."""

    def do_GET(self):  # noqa: N802 (http.server's naming)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(PNG_1PX)))
        self.send_header("Cache-Control", "public, max-age=31536000, immutable")
        if "/no-cors/" not in self.path:
            self.send_header("Access-Control-Allow-Origin", "*")
        self.end_headers()
        self.wfile.write(PNG_1PX)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module", autouse=True)
def storage_origin():
    """Started, and named in the settings, before this module's app server starts."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Bucket)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    origin = f"http://127.0.0.1:{httpd.server_address[1]}"
    r2 = R2Config(bucket="photos", endpoint_url=origin, access_key_id="test",
                  secret_access_key="test", region="auto", public_base_url=origin)
    with override_settings(CONFIG=dataclasses.replace(settings.CONFIG, r2=r2)):
        csp.content_security_policy.cache_clear()
        yield origin
    csp.content_security_policy.cache_clear()
    httpd.shutdown()
    httpd.server_close()


LOAD_IMAGE = """src => new Promise((resolve) => {
    const img = document.createElement('img');
    img.setAttribute('crossorigin', 'anonymous');
    img.onload = () => resolve(img.naturalWidth);
    img.onerror = () => resolve(0);
    img.src = src;
})"""

CACHED = """src => caches.open('tracktory-images').then(c => c.match(src, {ignoreVary: true}))
    .then(r => Boolean(r) && r.status === 200)"""


def test_a_photo_from_another_origin_is_cached_in_cors_mode_and_shown_offline(
    page, context, storage_origin
):
    src = f"{storage_origin}/images/thumbnails/abc_thumb.png"
    page.goto(reverse("pwa-items"))
    wait_for_control(page)

    assert page.evaluate(LOAD_IMAGE, src) == 1
    wait_until(page, CACHED, src)

    context.set_offline(True)
    assert page.evaluate(LOAD_IMAGE, src) == 1, "shown offline from the worker's cache"


def test_without_the_buckets_cors_rule_a_photo_is_not_kept(page, storage_origin):
    """What the README's CORS rule is for: an answer that does not allow the app's origin
    fails in CORS mode and is never cached."""
    src = f"{storage_origin}/no-cors/abc_thumb.png"
    page.goto(reverse("pwa-items"))
    wait_for_control(page)

    assert page.evaluate(LOAD_IMAGE, src) == 0
    assert not page.evaluate(CACHED, src)
