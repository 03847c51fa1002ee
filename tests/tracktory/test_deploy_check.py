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
