"""/sw.js and /offline.html: the worker script, its injected deploy, and the offline page."""

import json
import re

import pytest
from django.urls import reverse

from tests.kit.static import collect_static
from tracktory.pwa import service_worker

DEPLOY_LINE = re.compile(r"^self\.__TRACKTORY_DEPLOY__ = (\{.*\});\n")


@pytest.fixture
def collected(collected_static):
    """The session's collectstatic, with the worker's deploy computed afresh from it."""
    service_worker.forget_deploy()
    yield collected_static
    service_worker.forget_deploy()


def deploy_of(response) -> dict:
    match = DEPLOY_LINE.match(response.content.decode())
    assert match, "the script must start with the injected deploy"
    return json.loads(match.group(1))


def test_served_from_the_root_as_uncached_javascript(client, collected):
    response = client.get(reverse("pwa-service-worker"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Cache-Control"] == "no-cache"
    assert response["Service-Worker-Allowed"] == "/"
    assert reverse("pwa-service-worker") == "/sw.js"


def test_script_is_the_source_after_the_deploy_line(client, collected):
    body = client.get(reverse("pwa-service-worker")).content.decode()

    source = (collected / "js" / "sw.js").read_text()
    assert body.endswith(source)
    assert "self.addEventListener(\"fetch\"" in body


def test_precache_lists_shell_routes_offline_page_and_hashed_assets(client, collected):
    from django.templatetags.static import static

    deploy = deploy_of(client.get(reverse("pwa-service-worker")))
    precache = deploy["precache"]

    for route in ("/", "/offline.html", "/items/new", "/search", "/settings", "/login"):
        assert route in precache
    css = static("css/app.css")
    assert re.search(r"/static/css/app\.[0-9a-f]{12}\.css$", css), "the manifest's hashed name"
    assert css in precache
    assert static("js/sw-register.js") in precache
    # Modules import each other by their hashed names: those, and only those, are kept.
    assert static("js/api.js") in precache and static("js/writes.js") in precache
    assert "/static/js/api.js" not in precache
    assert not any("sw." in url for url in precache), "the worker never caches itself"
    assert not any(url.startswith("/static/admin/") for url in precache)


def test_every_precached_url_answers_200(client, collected):
    """One failing URL would fail the whole install, so every entry is fetched here."""
    deploy = deploy_of(client.get(reverse("pwa-service-worker")))

    failures = {url: client.get(url).status_code for url in deploy["precache"]}

    assert {url: code for url, code in failures.items() if code != 200} == {}


def test_version_is_stable_between_requests(client, collected):
    first = deploy_of(client.get(reverse("pwa-service-worker")))
    second = deploy_of(client.get(reverse("pwa-service-worker")))

    assert first == second
    assert re.fullmatch(r"[0-9a-f]{16}", first["version"])


def test_a_deploy_with_changed_static_files_changes_the_version(client, settings, tmp_path):
    root = tmp_path / "static-root"
    settings.STATIC_ROOT = str(root)
    collect_static(root)
    before = deploy_of(client.get(reverse("pwa-service-worker")))
    extra = tmp_path / "next-release"
    (extra / "css").mkdir(parents=True)
    (extra / "css" / "release-notes.css").write_text(".release-notes { color: teal; }\n")

    collect_static(root, extra_dirs=[extra])
    after = deploy_of(client.get(reverse("pwa-service-worker")))

    assert after["version"] != before["version"]
    assert any(re.search(r"/static/css/release-notes\.[0-9a-f]{12}\.css$", u)
               for u in after["precache"])


def test_unchanged_script_answers_304_to_its_etag(client, collected):
    first = client.get(reverse("pwa-service-worker"))

    again = client.get(reverse("pwa-service-worker"), HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304
    assert again["Cache-Control"] == "no-cache"


def test_only_get(client, collected):
    assert client.post(reverse("pwa-service-worker")).status_code == 405


def test_offline_page_renders_standalone(client, collected):
    response = client.get(reverse("pwa-offline"))

    assert response.status_code == 200
    assert reverse("pwa-offline") == "/offline.html"
    html = response.content.decode()
    assert "You're offline" in html
    assert "data-pending-count" in html and "data-offline-banner" in html
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "<script>" not in html and "style=" not in html, "the CSP allows no inline code"
