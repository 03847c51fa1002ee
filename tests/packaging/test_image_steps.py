"""The Dockerfile's steps, replayed without a Docker engine.

Builds wheels for the runtime dependencies, installs them into a clean venv, copies the
files the runtime stage COPYs (read from the Dockerfile itself, so a missing COPY breaks
this test), runs collectstatic and the release migration, then starts gunicorn with the
image's production environment and checks what a platform would.
"""

import gzip
import http.client
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.kit.environment import free_port

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.packaging

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "packaging-test-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
    "JWT_SECRET": "packaging-test-jwt-secret-0123456789abcdefghijklmnop",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "WEB_CONCURRENCY": "2",
}


def runtime_copies(dockerfile: Path) -> list[str]:
    """Sources of the runtime stage's `COPY` lines (not `COPY --from=...`)."""
    stage = dockerfile.read_text().split("AS runtime", 1)[1]
    sources = []
    for line in stage.splitlines():
        match = re.match(r"^COPY\s+(?!--from)(.+)\s+\S+$", line.strip())
        if match:
            sources.extend(match.group(1).split())
    return sources


def run(*args, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(args, capture_output=True, text=True, timeout=600, **kwargs)
    assert result.returncode == 0, f"{args}: {result.stdout}\n{result.stderr}"
    return result


def get(port: int, path: str, headers: dict | None = None) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    response.body = response.read()
    connection.close()
    return response


def wait_for_health(port: int, process: subprocess.Popen, deadline_s: float = 60) -> float:
    started = time.monotonic()
    while time.monotonic() - started < deadline_s:
        assert process.poll() is None, process.communicate()[1]
        try:
            if get(port, "/health").status == 200:
                return time.monotonic() - started
        except OSError:
            pass
        time.sleep(0.05)
    raise AssertionError("gunicorn never answered /health")


@pytest.fixture(scope="module")
def image(tmp_path_factory) -> dict:
    work = tmp_path_factory.mktemp("image")
    app = work / "app"
    requirements = work / "requirements.txt"
    requirements.write_text(run(sys.executable, "scripts/runtime_requirements.py", cwd=ROOT).stdout)
    run(sys.executable, "-m", "pip", "wheel", "-q", "--wheel-dir", str(work / "wheels"),
        "-r", str(requirements))
    run(sys.executable, "-m", "venv", str(work / "venv"))
    python = work / "venv" / "bin" / "python"
    run(str(python), "-m", "pip", "install", "-q", "--no-index", "--find-links",
        str(work / "wheels"), "-r", str(requirements))

    app.mkdir()
    for source in runtime_copies(ROOT / "Dockerfile"):
        target = app / source
        if (ROOT / source).is_dir():
            shutil.copytree(ROOT / source, target,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(ROOT / source, target)

    base_env = {"PATH": os.environ["PATH"], "HOME": str(work), "LANG": "C.UTF-8",
                "TRACKTORY_DATA_DIR": str(work / "data")}
    build_env = {**base_env, **PRODUCTION}
    run(str(python), "manage.py", "collectstatic", "--noinput", "-v", "0", cwd=app, env=build_env)
    run(str(python), "manage.py", "migrate", "--noinput", "-v", "0", cwd=app, env=build_env)
    return {"app": app, "venv": work / "venv", "env": base_env}


def start_gunicorn(image: dict, **extra_env) -> tuple[subprocess.Popen, int, float]:
    port = free_port()
    env = {**image["env"], **PRODUCTION, "PORT": str(port), **extra_env}
    process = subprocess.Popen(
        [str(image["venv"] / "bin" / "gunicorn"), "tracktory.wsgi", "--config",
         "gunicorn.conf.py"],
        cwd=image["app"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        return process, port, wait_for_health(port, process)
    except BaseException:
        process.kill()
        raise


def test_runtime_stage_copies_the_app_and_no_tests():
    copied = runtime_copies(ROOT / "Dockerfile")

    assert {"manage.py", "gunicorn.conf.py", "tracktory", "inventory", "households",
            "media_pipeline",
            "templates", "static"} <= set(copied)
    assert "tests" not in copied


def test_the_image_serves_health_static_files_and_refuses_plain_http(image):
    process, port, cold_start = start_gunicorn(image)
    try:
        print(f"\ncold start to first /health 200: {cold_start * 1000:.0f} ms")
        manifest = json.loads((image["app"] / "staticfiles" / "staticfiles.json").read_text())
        assert manifest["paths"], "collectstatic produced no hashed files"
        hashed = manifest["paths"]["admin/css/base.css"]

        static = get(port, f"/static/{hashed}",
                     {"Accept-Encoding": "gzip", "X-Forwarded-Proto": "https"})
        api = get(port, "/api/items", {"Host": "localhost"})
        forwarded = get(port, "/api/items", {"Host": "localhost", "X-Forwarded-Proto": "https"})
    finally:
        process.terminate()
        process.wait(timeout=30)

    assert static.status == 200
    assert "immutable" in static.getheader("Cache-Control")
    assert "max-age=31536000" in static.getheader("Cache-Control")
    assert static.getheader("Content-Encoding") == "gzip"
    assert b"body" in gzip.decompress(static.body)
    assert api.status == 301
    assert api.getheader("Location").startswith("https://localhost/api/items")
    assert forwarded.getheader("Strict-Transport-Security", "").startswith("max-age=31536000")


def test_readiness_names_a_dead_database_while_liveness_stays_up(image):
    process, port, _ = start_gunicorn(
        image, DATABASE_URL="postgres://postgres@127.0.0.1:1/nothing", SECURE_SSL_REDIRECT="0"
    )
    try:
        live = get(port, "/health")
        ready = get(port, "/health/ready", {"Host": "localhost"})
    finally:
        process.terminate()
        process.wait(timeout=30)

    assert live.status == 200
    assert ready.status == 503
    body = json.loads(ready.body)
    assert body["failed"] == ["database"]
    assert body["checks"]["cache"] == "ok"
