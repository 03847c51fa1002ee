"""Shared fixtures: API clients, users, temporary storage, and the real-services gates.

PostgreSQL-only tests carry `@pytest.mark.postgres`; on an SQLite run they are deselected
(not skipped), and the test command runs the suite again on PostgreSQL. With `CI` set, a
service a test needs (Redis, Chromium) that is missing fails the run instead of skipping.
"""

import os
import socket

import pytest
from django.db import connection
from rest_framework.test import APIClient

from tracktory.accounts.tokens import RefreshToken

PASSWORD = "correct horse battery staple"


def running_in_ci() -> bool:
    return bool(os.environ.get("CI"))


def require(condition: bool, reason: str) -> None:
    """Skip a test whose service is missing here; in CI a missing service is a failure."""
    if condition:
        return
    if running_in_ci():
        pytest.fail(f"{reason} (CI requires it)")
    pytest.skip(reason)


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


def port_answers(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture
def redis_url() -> str:
    """A real Redis database reserved for tests, flushed before use."""
    url = os.environ.get("TRACKTORY_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    require(port_answers("127.0.0.1", 6379), "Redis is not answering on 127.0.0.1:6379")
    import redis

    redis.Redis.from_url(url).flushdb()
    return url


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


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


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


def access_token_for(user) -> str:
    return str(RefreshToken.for_user(user).access_token)


@pytest.fixture
def auth_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access_token_for(user)}")
    return client


@pytest.fixture
def other_client(other_user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access_token_for(other_user)}")
    return client


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory):
    """STATIC_ROOT filled by one real collectstatic (hashed, compressed) for the session:
    pages reference hashed static names, so page and browser tests need it."""
    from django.core.management import call_command
    from django.test import override_settings

    root = tmp_path_factory.mktemp("collected-static")
    with override_settings(STATIC_ROOT=str(root)):
        call_command("collectstatic", interactive=False, verbosity=0)
        yield root
