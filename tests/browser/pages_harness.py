"""Old import path of the pages' harness, now tests/kit/browser.py and tests/kit/photos.py
(fixtures come from tests/conftest.py). Kept only for branches written before the kit;
remove after merging."""

from tests.kit import photos
from tests.kit.browser import PHONE, UUID_PATH, App, sign_in  # noqa: F401


def photo_bytes(width: int = 3000, height: int = 2000, fmt: str = "JPEG") -> bytes:
    return photos.photo_bytes((width, height), fmt, noise=False)


def add_photo(item, *, width=1200, height=900):
    return photos.add_photo(item, size=(width, height))


def sign_in_as(app, user) -> None:
    sign_in(app.page, user)
