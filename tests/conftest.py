"""The shared test kit, as fixtures: users and API clients, tokens, photos, temporary
storage, one collectstatic per session, the real-services gates and the browser.

The helpers behind them live in tests/kit/ (tokens, photos, static, openapi, environment,
browser). PostgreSQL-only tests carry `@pytest.mark.postgres`; on an SQLite run they are
deselected (not skipped), and the test command runs the suite again on PostgreSQL. With
`CI` set, a service a test needs (Redis, Chromium) that is missing fails the run instead of
skipping.
"""

import os

import pytest
from django.db import connection
from django.urls import reverse
from rest_framework.test import APIClient

from tests.kit import photos
from tests.kit.browser import (  # noqa: F401 (fixtures for the browser tests)
    app,
    browser,
    context,
    csp_context,
    default_categories,
    page,
    server,
    static_root,
)
from tests.kit.environment import port_answers, require
from tests.kit.static import collect_static
from tests.kit.tokens import access_token_for, bearer_client, token_pair  # noqa: F401

PASSWORD = "correct horse battery staple"
# require, port_answers and access_token_for stay importable from here, as before the kit.


def pytest_collection_modifyitems(config, items):
    # `postgres` tests need PostgreSQL; `packaging` tests use no test database at all, so
    # they run once, on the SQLite pass.
    unwanted = "packaging" if connection.vendor == "postgresql" else "postgres"
    kept, dropped = [], []
    for item in items:
        (dropped if item.get_closest_marker(unwanted) else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


# ---- services ------------------------------------------------------------------------------

@pytest.fixture
def redis_url() -> str:
    """A real Redis database reserved for tests, flushed before use."""
    url = os.environ.get("TRACKTORY_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    require(port_answers("127.0.0.1", 6379), "Redis is not answering on 127.0.0.1:6379")
    import redis

    redis.Redis.from_url(url).flushdb()
    return url


@pytest.fixture
def redis_cache(settings, redis_url):
    """Django's cache in that real Redis (as production runs it); the raw client to look in."""
    import redis

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": "tracktory-test",
        }
    }
    return redis.Redis.from_url(redis_url)


@pytest.fixture(autouse=True)
def isolated_storage(settings, tmp_path):
    """Every test writes files under its own temporary directory and starts with a clean cache."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media" / "private"),
                        "base_url": "/media/private/"},
        },
        "public": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media" / "public"),
                        "base_url": "/media/public/"},
        },
    }
    from django.core.cache import cache

    cache.clear()
    yield tmp_path


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """PBKDF2's cost protects stored passwords, not tests: hashing each test user with it
    made user creation the slowest step of most tests on a 2-core machine."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# ---- users, tokens and API clients ---------------------------------------------------------

@pytest.fixture
def make_user(db, django_user_model):
    def make(email: str = "ada@example.com", password: str = PASSWORD, **fields):
        fields.setdefault("name", email.split("@")[0].title())
        return django_user_model.objects.create_user(email=email, password=password, **fields)

    return make


@pytest.fixture
def user(make_user):
    return make_user("ada@example.com")


@pytest.fixture
def other_user(make_user):
    return make_user("grace@example.com")


@pytest.fixture
def mint_tokens(db):
    """`mint_tokens(user, access_expired_for=None)`: a real {"access", "refresh"} pair."""
    return token_pair


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def client_for(db):
    """`client_for(user)`: a new API client sending that user's access token."""
    return bearer_client


@pytest.fixture
def auth_client(user, client_for) -> APIClient:
    return client_for(user)


@pytest.fixture
def other_client(other_user, client_for) -> APIClient:
    return client_for(other_user)


# ---- items and photos ----------------------------------------------------------------------

@pytest.fixture
def item(user):
    from tests.inventory.factories import make_item

    return make_item(user, name="Cordless drill")


@pytest.fixture
def other_item(other_user):
    from tests.inventory.factories import make_item

    return make_item(other_user, name="Grace's ladder")


@pytest.fixture
def jpeg() -> bytes:
    """A 1200x900 JPEG with camera EXIF and a GPS position."""
    return photos.photo_bytes()


@pytest.fixture
def photo_file(tmp_path):
    """`photo_file(name, size=(640, 480), data=None, **photo_options)`: a picture on disk,
    as a phone's gallery hands it to a file input. The format follows the name's suffix."""
    formats = {suffix: fmt for fmt, suffix in photos.SUFFIXES.items()}

    def make(name: str = "photo.jpg", size=(640, 480), data: bytes | None = None,
             **photo_options):
        path = tmp_path / name
        if data is None:
            fmt = formats.get(name.rsplit(".", 1)[-1].lower(), "JPEG")
            photo_options.setdefault("noise", False)
            data = photos.photo_bytes(size, fmt, **photo_options)
        path.write_bytes(data)
        return path

    return make


# ---- the API's description -----------------------------------------------------------------

@pytest.fixture
def schema(api_client, db) -> dict:
    """The OpenAPI document, as anyone may fetch it from /api/schema."""
    response = api_client.get(reverse("schema"))
    assert response.status_code == 200
    return response.json()


# ---- static files --------------------------------------------------------------------------

@pytest.fixture(scope="session", autouse=True)
def no_stale_static(tmp_path_factory):
    """Tests never read the checkout's own STATIC_ROOT (collected whenever someone last ran
    collectstatic, so possibly stale, or missing): it is an empty directory unless a test
    asks for `collected_static` (the real pipeline) or `unhashed_static`."""
    from django.test import override_settings

    with override_settings(STATIC_ROOT=str(tmp_path_factory.mktemp("no-static"))):
        yield


@pytest.fixture(scope="session")
def static_collection(tmp_path_factory, no_stale_static):
    """One real collectstatic (hashed, compressed, imports rewritten) for the whole session:
    it takes seconds. Tests take it through `collected_static` or the browser's server."""
    return collect_static(tmp_path_factory.mktemp("collected-static"))


@pytest.fixture
def collected_static(settings, static_collection):
    """STATIC_ROOT holding the session's collectstatic: pages reference hashed names."""
    settings.STATIC_ROOT = str(static_collection)
    return static_collection


@pytest.fixture
def unhashed_static(settings):
    """`{% static %}` without a manifest, for tests that render pages (the admin, error
    pages) but are not about static files: no collectstatic needed."""
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}


@pytest.fixture
def admin_client(admin_client, unhashed_static):
    """pytest-django's admin client; admin pages render `{% static %}`, so no manifest."""
    return admin_client
