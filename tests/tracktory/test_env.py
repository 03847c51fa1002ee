"""Settings come from the environment, are parsed once, and bad values fail at start."""

import json
import runpy
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from tracktory.env import DEFAULT_CORS_ORIGINS, load_config

PROD = {
    "DEBUG": "0",
    "SECRET_KEY": "s" * 50,
    "JWT_SECRET": "j" * 40,
    "ALLOWED_HOSTS": "tracktory.example.com",
}


@pytest.fixture
def data_dir(tmp_path) -> Path:
    return tmp_path / "data"


def env(data_dir, **values) -> dict:
    return {"TRACKTORY_DATA_DIR": str(data_dir), **values}


def test_no_environment_is_the_embedded_default(data_dir):
    config = load_config(env(data_dir))

    assert config.debug is True
    assert config.database["ENGINE"] == "django.db.backends.sqlite3"
    assert config.database["NAME"] == str(data_dir / "tracktory.sqlite3")
    assert config.redis_url is None
    assert config.r2 is None
    assert config.cors_allowed_origins == DEFAULT_CORS_ORIGINS
    assert config.secure_ssl_redirect is False
    assert (config.port, config.web_concurrency, config.web_threads) == (8080, 2, 4)


def test_dev_secrets_are_generated_once_and_kept_in_the_data_dir(data_dir):
    first = load_config(env(data_dir))
    second = load_config(env(data_dir))

    assert len(first.jwt_secret) >= 32
    assert first.jwt_secret == second.jwt_secret
    assert first.secret_key == second.secret_key != first.jwt_secret
    assert (data_dir / ".dev-jwt-secret").stat().st_mode & 0o077 == 0


def test_production_reads_every_variable(data_dir):
    config = load_config(env(
        data_dir, **PROD,
        DATABASE_URL="postgres://app:pw@db.internal:5432/tracktory",
        REDIS_URL="redis://cache.internal:6379/0",
        CORS_ALLOWED_ORIGINS="https://a.example.com, https://b.example.com/",
        R2_BUCKET="things", R2_ENDPOINT_URL="https://r2.example.com",
        R2_ACCESS_KEY_ID="id", R2_SECRET_ACCESS_KEY="key",
        R2_PUBLIC_BASE_URL="https://img.example.com",
        PORT="9000", WEB_CONCURRENCY="4", WEB_THREADS="8",
    ))

    assert config.debug is False
    assert config.allowed_hosts == ("tracktory.example.com",)
    assert config.database["ENGINE"] == "django.db.backends.postgresql"
    assert config.database["HOST"] == "db.internal"
    assert config.redis_url == "redis://cache.internal:6379/0"
    assert config.cors_allowed_origins == ("https://a.example.com", "https://b.example.com")
    assert config.secure_ssl_redirect is True
    assert config.r2.bucket == "things"
    assert config.r2.region == "auto"
    assert config.r2.public_base_url == "https://img.example.com"
    assert (config.port, config.web_concurrency, config.web_threads) == (9000, 4, 8)


def test_ssl_redirect_can_be_turned_off_in_production(data_dir):
    assert load_config(env(data_dir, **PROD, SECURE_SSL_REDIRECT="0")).secure_ssl_redirect is False


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("SECRET_KEY", "SECRET_KEY must be set when DEBUG is off"),
        ("JWT_SECRET", "JWT_SECRET must be set when DEBUG is off"),
        ("ALLOWED_HOSTS", "ALLOWED_HOSTS must be set when DEBUG is off"),
    ],
    ids=["secret-key", "jwt-secret", "allowed-hosts"],
)
def test_production_refuses_to_start_without_its_secrets(data_dir, missing, message):
    values = {k: v for k, v in PROD.items() if k != missing}
    with pytest.raises(ImproperlyConfigured, match=message):
        load_config(env(data_dir, **values))


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("DEBUG", "maybe", "DEBUG must be a boolean"),
        ("SECURE_SSL_REDIRECT", "sometimes", "SECURE_SSL_REDIRECT must be a boolean"),
        ("PORT", "eighty", "PORT must be a whole number"),
        ("PORT", "70000", "PORT must be between 1 and 65535"),
        ("WEB_CONCURRENCY", "0", "WEB_CONCURRENCY must be between 1 and 64"),
        ("WEB_THREADS", "many", "WEB_THREADS must be a whole number"),
        ("DATABASE_URL", "mysql://root@localhost/db", "DATABASE_URL must be a postgres"),
        ("DATABASE_URL", "not a url", "DATABASE_URL"),
        ("REDIS_URL", "localhost:6379", "REDIS_URL must be a URL"),
        ("CORS_ALLOWED_ORIGINS", "example.com", "CORS_ALLOWED_ORIGINS entries must be origins"),
        ("CORS_ALLOWED_ORIGINS", "https://a.com/path", "CORS_ALLOWED_ORIGINS entries"),
        ("JWT_SECRET", "short", "JWT_SECRET must be at least 32 characters"),
    ],
    ids=lambda value: value if len(str(value)) < 20 else None,
)
def test_bad_values_give_a_clear_error_at_start(data_dir, name, value, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        load_config(env(data_dir, **{**PROD, name: value}))


def test_half_configured_object_storage_names_what_is_missing(data_dir):
    with pytest.raises(ImproperlyConfigured, match="set R2_ACCESS_KEY_ID, R2_SECRET_ACCESS_KEY"):
        load_config(env(data_dir, R2_BUCKET="b", R2_ENDPOINT_URL="https://r2.example.com"))


# --- keys: rotation overlap, our signing key, external key sets -----------------------------

def pem_file(tmp_path, name: str, key, *, public: bool = False, password: bytes | None = None):
    from cryptography.hazmat.primitives import serialization

    if public:
        data = key.public_key().public_bytes(serialization.Encoding.PEM,
                                             serialization.PublicFormat.SubjectPublicKeyInfo)
    else:
        encryption = (serialization.BestAvailableEncryption(password) if password
                      else serialization.NoEncryption())
        data = key.private_bytes(serialization.Encoding.PEM,
                                 serialization.PrivateFormat.PKCS8, encryption)
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.fixture(scope="module")
def keys():
    from cryptography.hazmat.primitives.asymmetric import ec, rsa

    return {
        "rsa": rsa.generate_private_key(public_exponent=65537, key_size=2048),
        # Too small on purpose: start-up must refuse it.
        "rsa-1024": rsa.generate_private_key(public_exponent=65537, key_size=1024),  # noqa: S505
        "p256": ec.generate_private_key(ec.SECP256R1()),
        "p384": ec.generate_private_key(ec.SECP384R1()),
    }


def test_without_key_variables_tokens_are_hs256_with_one_secret(data_dir):
    config = load_config(env(data_dir))

    assert config.jwt_secret_previous == config.secret_key_previous == ()
    assert config.jwt_signing_key is None
    assert config.jwt_signing_keys_previous == ()
    assert config.jwt_jwks_url is None
    assert config.jwt_jwks_file_keys == {}


def test_key_files_and_urls_are_read(data_dir, tmp_path, keys):
    from tracktory.jwk import VerifyingKey

    jwks_file = tmp_path / "jwks.json"
    jwks_file.write_text(json.dumps({"keys": [VerifyingKey.of(keys["rsa"], kid="ext-1").to_jwk()]}))
    config = load_config(env(
        data_dir, **PROD,
        JWT_SECRET_PREVIOUS="p" * 32 + ",q" + "q" * 31,
        JWT_SIGNING_KEY_FILE=str(pem_file(tmp_path, "current.pem", keys["p256"])),
        JWT_SIGNING_KEY_PREVIOUS_FILES=(
            f"{pem_file(tmp_path, 'old.pem', keys['rsa'], public=True)}, "
            f"{pem_file(tmp_path, 'older.pem', keys['p256'])}"
        ),
        JWT_JWKS_URL="https://auth.example.com/.well-known/jwks.json",
        JWT_JWKS_FILE=str(jwks_file),
    ))

    assert config.jwt_secret_previous == ("p" * 32, "q" * 32)
    assert config.jwt_signing_key.private_numbers() == keys["p256"].private_numbers()
    assert [VerifyingKey.of(k).algorithm for k in config.jwt_signing_keys_previous] == [
        "RS256", "ES256"]
    assert config.jwt_jwks_url == "https://auth.example.com/.well-known/jwks.json"
    assert list(config.jwt_jwks_file_keys) == ["ext-1"]
    assert "BEGIN" not in repr(config) and "p" * 32 not in repr(config)


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8001/jwks.json", "http://localhost/jwks", "http://[::1]:9/k"],
    ids=["ipv4-loopback", "localhost", "ipv6-loopback"],
)
def test_a_plain_http_key_set_is_allowed_on_loopback_only(data_dir, url):
    assert load_config(env(data_dir, JWT_JWKS_URL=url)).jwt_jwks_url == url


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("JWT_JWKS_URL", "http://auth.example.com/jwks.json",
         "JWT_JWKS_URL must be an https:// URL"),
        ("JWT_JWKS_URL", "http://10.0.0.5/jwks.json", "JWT_JWKS_URL must be an https:// URL"),
        ("JWT_JWKS_URL", "ftp://auth.example.com/jwks", "JWT_JWKS_URL must be a URL"),
        ("JWT_SECRET_PREVIOUS", "x" * 32 + ",short",
         "JWT_SECRET_PREVIOUS: every entry must be at least 32"),
        ("SECRET_KEY_PREVIOUS", "short", "SECRET_KEY_PREVIOUS: every entry must be at least 32"),
        ("JWT_SIGNING_KEY_FILE", "/nonexistent/key.pem", "JWT_SIGNING_KEY_FILE: cannot read"),
        ("JWT_SIGNING_KEY_PREVIOUS_FILES", "/nonexistent/old.pem",
         "JWT_SIGNING_KEY_PREVIOUS_FILES: cannot read"),
        ("JWT_JWKS_FILE", "/nonexistent/jwks.json", "JWT_JWKS_FILE: cannot read"),
    ],
    ids=["http-elsewhere", "http-private-ip", "ftp", "short-previous-jwt-secret",
         "short-previous-secret-key", "missing-signing-key", "missing-previous-key",
         "missing-jwks-file"],
)
def test_bad_key_settings_stop_start_up_naming_the_variable(data_dir, name, value, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        load_config(env(data_dir, **{**PROD, name: value}))


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda tmp, keys: pem_file(tmp, "k.pem", keys["rsa-1024"]), "at least 2048 bits"),
        (lambda tmp, keys: pem_file(tmp, "k.pem", keys["p384"]), "P-256"),
        (lambda tmp, keys: pem_file(tmp, "k.pem", keys["rsa"], public=True),
         "not an unencrypted PEM private key"),
        (lambda tmp, keys: pem_file(tmp, "k.pem", keys["rsa"], password=b"pw"),
         "not an unencrypted PEM private key"),
        (lambda tmp, keys: (tmp / "k.pem").write_text("hello") and tmp / "k.pem",
         "not an unencrypted PEM private key"),
    ],
    ids=["rsa-1024", "ec-p384", "public-key", "encrypted", "not-pem"],
)
def test_an_unusable_signing_key_stops_start_up(data_dir, tmp_path, keys, make, message):
    path = make(tmp_path, keys)

    with pytest.raises(ImproperlyConfigured, match=f"JWT_SIGNING_KEY_FILE: {path}: .*{message}"):
        load_config(env(data_dir, JWT_SIGNING_KEY_FILE=str(path)))


@pytest.mark.parametrize(
    ("content", "message"),
    [("{not json", "is not JSON"), ('{"keys": []}', "no usable key"),
     ('{"keys": [{"kty": "oct", "k": "c2VjcmV0", "kid": "h"}]}', "no RS256 or ES256"),
     ('["a list"]', "not a JWK set")],
    ids=["not-json", "empty", "only-a-shared-secret", "not-a-set"],
)
def test_an_unusable_jwks_file_stops_start_up(data_dir, tmp_path, content, message):
    path = tmp_path / "jwks.json"
    path.write_text(content)

    with pytest.raises(ImproperlyConfigured, match=f"JWT_JWKS_FILE: .*{message}"):
        load_config(env(data_dir, JWT_JWKS_FILE=str(path)))
def test_gunicorn_takes_port_workers_and_threads_from_the_config(data_dir, monkeypatch):
    for name, value in env(data_dir, PORT="9001", WEB_CONCURRENCY="3", WEB_THREADS="6").items():
        monkeypatch.setenv(name, value)
    conf = runpy.run_path(str(Path(__file__).resolve().parents[2] / "gunicorn.conf.py"))

    assert (conf["bind"], conf["workers"], conf["threads"]) == ("0.0.0.0:9001", 3, 6)


def test_gunicorn_refuses_a_bad_thread_count_as_the_app_would(data_dir, monkeypatch):
    monkeypatch.setenv("TRACKTORY_DATA_DIR", str(data_dir))
    monkeypatch.setenv("WEB_THREADS", "0")
    with pytest.raises(ImproperlyConfigured, match="WEB_THREADS must be between 1 and 64"):
        runpy.run_path(str(Path(__file__).resolve().parents[2] / "gunicorn.conf.py"))
