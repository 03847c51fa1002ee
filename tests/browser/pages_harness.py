"""What the page tests stand on, over the offline harness's `server` and `browser`.

`app`: a phone-sized Chromium context on the live app with the CSP enforced (a violation
shows up as a console error), every console error and uncaught exception recorded.
"""

import io
import re
from dataclasses import dataclass, field

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from tests.browser.offline_harness import TIMEOUT_MS

# The machine is shared and small: give on-screen expectations the same room as actions.
expect.set_options(timeout=TIMEOUT_MS)

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2,
         "is_mobile": True, "has_touch": True}
UUID_PATH = re.compile(r"/items/([0-9a-f-]{36})$")


@dataclass
class App:
    context: object
    page: object
    base_url: str
    errors: list[str] = field(default_factory=list)

    def watch(self, page) -> None:
        page.on("console", lambda msg: msg.type == "error" and self.errors.append(
            f"{page.url}: {msg.text}"))
        page.on("pageerror", lambda exc: self.errors.append(f"{page.url}: {exc}"))

    def new_page(self):
        page = self.context.new_page()
        self.watch(page)
        return page


@pytest.fixture
def default_categories(transactional_db):
    """The ten shared categories: transactional tests flush the tables after each test."""
    from inventory.seeding import seed_default_categories

    seed_default_categories()


@pytest.fixture
def app(browser, server, default_categories):
    context = browser.new_context(base_url=server, service_workers="allow", **PHONE)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    state = App(context=context, page=page, base_url=server)
    state.watch(page)
    yield state
    context.close()


def photo_bytes(width: int = 3000, height: int = 2000, fmt: str = "JPEG") -> bytes:
    """A real photo-like picture: gradients and shapes, large enough to need shrinking."""
    image = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    draw = ImageDraw.Draw(image)
    draw.ellipse([width // 4, height // 4, width // 2, height // 2], fill=(200, 60, 40))
    draw.rectangle([width // 2, height // 3, width * 3 // 4, height * 2 // 3], fill=(30, 90, 160))
    buffer = io.BytesIO()
    image.save(buffer, fmt, quality=90)
    return buffer.getvalue()


def add_photo(item, *, width=1200, height=900):
    """A real image row with its renditions, through the media pipeline's service."""
    from inventory.photos.services import image_upload

    upload = SimpleUploadedFile("photo.jpg", photo_bytes(width, height), "image/jpeg")
    return image_upload(user=item.owner, item=item, file=upload)


def sign_in_as(app, user) -> None:
    """Real tokens for `user` in localStorage, where api.js keeps them."""
    from tracktory.accounts.tokens import RefreshToken

    refresh = RefreshToken.for_user(user)
    tokens = {"access": str(refresh.access_token), "refresh": str(refresh)}
    if not app.page.url.startswith(app.base_url):
        app.page.goto("/login")
    app.page.evaluate("t => localStorage.setItem('tracktory.tokens', JSON.stringify(t))", tokens)
