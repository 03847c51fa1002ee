"""Production mode: `check --deploy` is clean, and missing secrets stop the process."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "a-long-production-secret-key-with-enough-entropy-0123456789abcdef",
    "JWT_SECRET": "a-long-jwt-secret-shared-with-the-auth-frontend-0123456789",
    "ALLOWED_HOSTS": "tracktory.example.com",
}


def manage(*args, env: dict, tmp_path) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in PRODUCTION and k != "DATABASE_URL"}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**clean, "TRACKTORY_DATA_DIR": str(tmp_path), **env},
    )


def test_check_deploy_is_clean_in_production_mode(tmp_path):
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION,
                    tmp_path=tmp_path)

    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_jwt_secret(tmp_path):
    env = {k: v for k, v in PRODUCTION.items() if k != "JWT_SECRET"}

    result = manage("check", env=env, tmp_path=tmp_path)

    assert result.returncode != 0
    assert "JWT_SECRET must be set when DEBUG is off" in result.stderr
    assert not (tmp_path / ".dev-jwt-secret").exists()


def test_rotation_variables_reach_django_and_pass_the_deploy_check(tmp_path):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    key_file = tmp_path / "signing.pem"
    key_file.write_bytes(ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))
    previous = "the-previous-production-secret-key-with-entropy-9876543210fedcba"
    env = {**PRODUCTION, "SECRET_KEY_PREVIOUS": previous,
           "JWT_SECRET_PREVIOUS": "the-previous-jwt-secret-0123456789abcdef",
           "JWT_SIGNING_KEY_FILE": str(key_file),
           "JWT_JWKS_URL": "https://auth.example.com/.well-known/jwks.json"}

    check = manage("check", "--deploy", "--fail-level", "WARNING", env=env, tmp_path=tmp_path)
    shell = manage("shell", "-c",
                   "from django.conf import settings; print(settings.SECRET_KEY_FALLBACKS)",
                   env=env, tmp_path=tmp_path)

    assert check.returncode == 0, check.stderr + check.stdout
    assert shell.stdout.strip().splitlines()[-1] == f"['{previous}']"


def test_an_unreadable_signing_key_stops_start_up(tmp_path):
    env = {**PRODUCTION, "JWT_SIGNING_KEY_FILE": str(tmp_path / "missing.pem")}

    result = manage("check", env=env, tmp_path=tmp_path)

    assert result.returncode != 0
    assert "JWT_SIGNING_KEY_FILE: cannot read" in result.stderr
