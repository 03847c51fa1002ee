"""Typed readers for the environment.

Every setting Tracktory takes from the environment is parsed here, once, into a frozen
`Config`. Bad values fail at start with a message naming the variable, so an operator sees
"DEBUG must be a boolean" instead of a confusing error deep inside a request.
"""

from __future__ import annotations

import ipaddress
import json
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from tracktory.jwk import (
    PrivateKey,
    PublicKey,
    UnusableKey,
    VerifyingKey,
    load_private_pem,
    load_public_pem,
    verifying_keys_from_jwks,
)

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off"})
DEFAULT_CORS_ORIGINS = ("https://tracktory.tonyneuhold.com", "http://localhost:3000")
DEV_ALLOWED_HOSTS = ("localhost", "127.0.0.1", "[::1]", "testserver")
R2_REQUIRED = ("R2_BUCKET", "R2_ENDPOINT_URL", "R2_ACCESS_KEY_ID", "R2_SECRET_ACCESS_KEY")
MIN_SECRET_LENGTH = 32


def parse_bool(name: str, raw: str | None, default: bool) -> bool:
    if raw is None or raw.strip() == "":
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name} must be a boolean (one of 1/0, true/false, yes/no, on/off), got {raw!r}"
    )


def parse_int(name: str, raw: str | None, default: int, *, minimum: int, maximum: int) -> int:
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {raw!r}") from None
    if not minimum <= value <= maximum:
        raise ImproperlyConfigured(f"{name} must be between {minimum} and {maximum}, got {value}")
    return value


def parse_list(raw: str | None, default: tuple[str, ...]) -> tuple[str, ...]:
    if raw is None or raw.strip() == "":
        return default
    return tuple(part.strip() for part in raw.split(",") if part.strip())


def parse_origins(name: str, raw: str | None, default: tuple[str, ...]) -> tuple[str, ...]:
    origins = parse_list(raw, default)
    for origin in origins:
        parsed = urlparse(origin)
        is_origin = parsed.netloc and parsed.path in ("", "/")
        if parsed.scheme not in ("http", "https") or not is_origin:
            raise ImproperlyConfigured(
                f"{name} entries must be origins like https://example.com, got {origin!r}"
            )
    return tuple(origin.rstrip("/") for origin in origins)


def parse_url(name: str, raw: str | None, schemes: tuple[str, ...]) -> str | None:
    if raw is None or raw.strip() == "":
        return None
    parsed = urlparse(raw.strip())
    if parsed.scheme not in schemes or not parsed.netloc:
        raise ImproperlyConfigured(
            f"{name} must be a URL starting with {' or '.join(s + '://' for s in schemes)}"
        )
    return raw.strip()


def parse_jwks_url(name: str, raw: str | None) -> str | None:
    """An https:// key set URL; http:// only on loopback (a test's or a sidecar's server)."""
    url = parse_url(name, raw, ("http", "https"))
    if url is None or url.startswith("https://"):
        return url
    host = urlparse(url).hostname or ""
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise ImproperlyConfigured(f"{name} must be an https:// URL (http:// only on loopback)")
    return url


def _read(name: str, path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise ImproperlyConfigured(f"{name}: cannot read {path}: {exc.strerror}") from None


def parse_signing_key(name: str, raw: str | None) -> PrivateKey | None:
    """A PEM private key file (RSA of 2048 bits or more, or EC P-256)."""
    if raw is None or raw.strip() == "":
        return None
    try:
        return load_private_pem(_read(name, raw.strip()))
    except UnusableKey as exc:
        raise ImproperlyConfigured(f"{name}: {raw.strip()}: {exc}") from None


def parse_public_keys(name: str, raw: str | None) -> tuple[PublicKey, ...]:
    """A comma list of PEM files, each holding a public or a private key."""
    keys = []
    for path in parse_list(raw, ()):
        try:
            keys.append(load_public_pem(_read(name, path)))
        except UnusableKey as exc:
            raise ImproperlyConfigured(f"{name}: {path}: {exc}") from None
    return tuple(keys)


def parse_jwks_file(name: str, raw: str | None) -> dict[str, VerifyingKey]:
    """A JWK set in a local file: its RS256/ES256 signature keys by kid."""
    if raw is None or raw.strip() == "":
        return {}
    path = raw.strip()
    try:
        document = json.loads(_read(name, path))
    except ValueError:
        raise ImproperlyConfigured(f"{name}: {path} is not JSON") from None
    try:
        return verifying_keys_from_jwks(document)
    except UnusableKey as exc:
        raise ImproperlyConfigured(f"{name}: {path}: {exc}") from None


def parse_database(raw: str | None, data_dir: Path) -> dict:
    if raw is None or raw.strip() == "":
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(data_dir / "tracktory.sqlite3"),
            # A writer waits for the lock instead of failing at once ("database is locked").
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
        }
    try:
        config = dj_database_url.parse(raw.strip(), conn_max_age=60, conn_health_checks=True)
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL is not a database URL: {exc}") from None
    if config.get("ENGINE") != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_URL must be a postgres:// or postgresql:// URL")
    return config


def dev_secret(data_dir: Path, filename: str) -> str:
    """A random secret kept in the data dir so dev tokens survive a restart."""
    path = data_dir / filename
    if path.exists():
        return path.read_text().strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(48)
    path.write_text(value)
    path.chmod(0o600)
    return value


@dataclass(frozen=True)
class R2Config:
    bucket: str
    endpoint_url: str
    access_key_id: str
    secret_access_key: str = field(repr=False)
    region: str
    public_base_url: str | None


@dataclass(frozen=True)
class Config:
    debug: bool
    data_dir: Path
    # Secrets (and URLs that may hold passwords) stay out of repr(): Django's debug page
    # prints settings.CONFIG with repr and only masks names that look secret.
    secret_key: str = field(repr=False)
    # Still accepted for signatures (sessions, password resets) while users move over.
    secret_key_previous: tuple[str, ...] = field(repr=False)
    # HS256: tokens are signed with jwt_secret; ones signed with a previous secret still
    # verify until they expire, so a rotation signs nobody out.
    jwt_secret: str = field(repr=False)
    jwt_secret_previous: tuple[str, ...] = field(repr=False)
    # When set, the tokens we mint are RS256/ES256 with this key (published, with the
    # previous ones, at /.well-known/jwks.json); HS256 tokens are still accepted.
    jwt_signing_key: PrivateKey | None = field(repr=False)
    jwt_signing_keys_previous: tuple[PublicKey, ...] = field(repr=False)
    # An external sign-in service's keys: its RS256/ES256 access tokens are accepted.
    jwt_jwks_url: str | None
    jwt_jwks_file_keys: Mapping[str, VerifyingKey]
    allowed_hosts: tuple[str, ...]
    database: dict = field(repr=False)
    redis_url: str | None = field(repr=False)
    secure_ssl_redirect: bool
    cors_allowed_origins: tuple[str, ...]
    r2: R2Config | None
    # gunicorn's (gunicorn.conf.py): the port, worker processes and threads per worker.
    port: int
    web_concurrency: int
    web_threads: int


def parse_r2(env: Mapping[str, str]) -> R2Config | None:
    present = [name for name in R2_REQUIRED if env.get(name, "").strip()]
    if not present:
        return None
    missing = [name for name in R2_REQUIRED if name not in present]
    if missing:
        raise ImproperlyConfigured(
            f"Object storage is half configured: set {', '.join(missing)} "
            f"(or unset {', '.join(present)} to keep files under TRACKTORY_DATA_DIR)"
        )
    return R2Config(
        bucket=env["R2_BUCKET"].strip(),
        endpoint_url=parse_url("R2_ENDPOINT_URL", env["R2_ENDPOINT_URL"], ("http", "https")),
        access_key_id=env["R2_ACCESS_KEY_ID"].strip(),
        secret_access_key=env["R2_SECRET_ACCESS_KEY"].strip(),
        region=env.get("R2_REGION", "").strip() or "auto",
        public_base_url=parse_url(
            "R2_PUBLIC_BASE_URL", env.get("R2_PUBLIC_BASE_URL"), ("http", "https")
        ),
    )


def required_secret(env: Mapping[str, str], name: str, debug: bool, data_dir: Path) -> str:
    value = env.get(name, "").strip()
    if value:
        if not debug and len(value) < MIN_SECRET_LENGTH:
            raise ImproperlyConfigured(f"{name} must be at least {MIN_SECRET_LENGTH} characters")
        return value
    if not debug:
        raise ImproperlyConfigured(f"{name} must be set when DEBUG is off")
    return dev_secret(data_dir, f".dev-{name.lower().replace('_', '-')}")


def previous_secrets(env: Mapping[str, str], name: str, debug: bool) -> tuple[str, ...]:
    values = parse_list(env.get(name), ())
    if not debug and any(len(value) < MIN_SECRET_LENGTH for value in values):
        raise ImproperlyConfigured(
            f"{name}: every entry must be at least {MIN_SECRET_LENGTH} characters"
        )
    return values


def load_config(env: Mapping[str, str]) -> Config:
    """Read every Tracktory variable from `env`; raise ImproperlyConfigured on bad values."""
    data_dir = Path(env.get("TRACKTORY_DATA_DIR", "").strip() or "data").resolve()
    debug = parse_bool("DEBUG", env.get("DEBUG"), default=True)
    hosts = parse_list(env.get("ALLOWED_HOSTS"), DEV_ALLOWED_HOSTS if debug else ())
    if not debug and not hosts:
        raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off")
    return Config(
        debug=debug,
        data_dir=data_dir,
        secret_key=required_secret(env, "SECRET_KEY", debug, data_dir),
        secret_key_previous=previous_secrets(env, "SECRET_KEY_PREVIOUS", debug),
        jwt_secret=required_secret(env, "JWT_SECRET", debug, data_dir),
        jwt_secret_previous=previous_secrets(env, "JWT_SECRET_PREVIOUS", debug),
        jwt_signing_key=parse_signing_key("JWT_SIGNING_KEY_FILE", env.get("JWT_SIGNING_KEY_FILE")),
        jwt_signing_keys_previous=parse_public_keys(
            "JWT_SIGNING_KEY_PREVIOUS_FILES", env.get("JWT_SIGNING_KEY_PREVIOUS_FILES")
        ),
        jwt_jwks_url=parse_jwks_url("JWT_JWKS_URL", env.get("JWT_JWKS_URL")),
        jwt_jwks_file_keys=parse_jwks_file("JWT_JWKS_FILE", env.get("JWT_JWKS_FILE")),
        allowed_hosts=hosts,
        database=parse_database(env.get("DATABASE_URL"), data_dir),
        redis_url=parse_url("REDIS_URL", env.get("REDIS_URL"), ("redis", "rediss", "unix")),
        secure_ssl_redirect=parse_bool(
            "SECURE_SSL_REDIRECT", env.get("SECURE_SSL_REDIRECT"), default=not debug
        ),
        cors_allowed_origins=parse_origins(
            "CORS_ALLOWED_ORIGINS", env.get("CORS_ALLOWED_ORIGINS"), DEFAULT_CORS_ORIGINS
        ),
        r2=parse_r2(env),
        port=parse_int("PORT", env.get("PORT"), 8080, minimum=1, maximum=65535),
        web_concurrency=parse_int(
            "WEB_CONCURRENCY", env.get("WEB_CONCURRENCY"), 2, minimum=1, maximum=64
        ),
        web_threads=parse_int("WEB_THREADS", env.get("WEB_THREADS"), 4, minimum=1, maximum=64),
    )


def environment_config() -> Config:
    """This process's Config; Django's settings and gunicorn.conf.py both start here."""
    return load_config(os.environ)
